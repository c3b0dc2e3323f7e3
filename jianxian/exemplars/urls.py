from django.urls import path

from jianxian.exemplars import views

app_name = "exemplars"

urlpatterns = [
    path("", views.exemplar_list, name="list"),
    path("new/", views.exemplar_create, name="create"),
    path("review/", views.review_queue, name="review"),
    path("<int:pk>/", views.exemplar_detail, name="detail"),
    path("<int:pk>/edit/", views.exemplar_edit, name="edit"),
    path("<int:pk>/qualities/", views.qualities_edit, name="qualities"),
    path("<int:pk>/rights/", views.rights_edit, name="rights"),
    path("<int:pk>/deeds/new/", views.deed_add, name="deed_add"),
    path("<int:pk>/honours/new/", views.honour_add, name="honour_add"),
    path("<int:pk>/sources/new/", views.source_add, name="source_add"),
    path("<int:pk>/photos/new/", views.photo_add, name="photo_add"),
    path("<int:pk>/move/<slug:verb>/", views.exemplar_move, name="move"),
    path("<int:pk>/delete/", views.exemplar_delete, name="delete"),
    path("<slug:kind>/<int:pk>/remove/", views.content_remove, name="remove"),
    path("deeds/<int:pk>/edit/", views.deed_edit, name="deed_edit"),
    path("photos/<int:pk>/", views.photo_file, name="photo"),
    path("photos/<int:pk>/thumb/", views.photo_thumbnail, name="photo_thumb"),
    # Excel import and export (views/transfer.py).
    path("import/", views.exemplar_import, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("export.xlsx", views.exemplar_export, name="export"),
]
