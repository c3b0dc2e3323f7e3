from django.urls import path

from jianxian.core import views, views_people

app_name = "core"

urlpatterns = [
    path("org/", views.unit_tree, name="unit_tree"),
    path("org/units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("org/units/<int:pk>/children/", views.unit_children, name="unit_children"),
    path("org/units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("org/people/", views.people_search, name="people_search"),
    path("org/people/<int:pk>/", views.person_detail, name="person_detail"),
    path("org/units/<int:pk>/people/new/", views_people.person_create, name="person_create"),
    path("org/people/<int:pk>/edit/", views_people.person_edit, name="person_edit"),
    path("org/people/<int:pk>/posts/new/", views_people.person_post_add, name="person_post_add"),
    path(
        "org/people/<int:pk>/posts/<int:post_pk>/end/",
        views_people.person_post_end,
        name="person_post_end",
    ),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications_read_all"),
    path("account/tokens/", views.tokens, name="tokens"),
    path("account/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
