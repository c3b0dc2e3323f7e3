from django.urls import path

from jianxian.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.index, name="index"),
    path("exemplars/<int:pk>/", views.exemplar_detail, name="exemplar_detail"),
    path("photos/<int:pk>/<slug:size>/", views.photo, name="photo"),
    path("language/<slug:code>/", views.set_language, name="language"),
]
