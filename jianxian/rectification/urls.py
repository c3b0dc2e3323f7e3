from django.urls import path  # noqa: F401  (the pages add their routes here)

app_name = "rectification"

urlpatterns: list = []
