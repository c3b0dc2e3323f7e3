from django.urls import path

from jianxian.rectification import views
from jianxian.rectification.views import transfer

app_name = "rectification"

urlpatterns = [
    path("", views.problem_ledger, name="ledger"),
    path("bulk/", views.bulk, name="bulk"),
    path("problems/new/", views.problem_create, name="problem_create"),
    path("problems/<int:pk>/", views.problem_detail, name="problem_detail"),
    path("problems/<int:pk>/edit/", views.problem_edit, name="problem_edit"),
    path("problems/<int:pk>/delete/", views.problem_delete, name="problem_delete"),
    path("problems/<int:pk>/move/<slug:verb>/", views.problem_move, name="problem_move"),
    path("problems/<int:pk>/close/", views.problem_close, name="problem_close"),
    path("problems/<int:pk>/return/", views.problem_return, name="problem_return"),
    path("problems/<int:pk>/recheck/", views.problem_recheck, name="problem_recheck"),
    path("problems/<int:pk>/review/", views.problem_review, name="problem_review"),
    path("problems/<int:pk>/measures/new/", views.measure_add, name="measure_add"),
    path("problems/<int:pk>/notes/new/", views.note_add, name="note_add"),
    path("measures/<int:pk>/edit/", views.measure_edit, name="measure_edit"),
    path("measures/<int:pk>/remove/", views.measure_remove, name="measure_remove"),
    path("measures/<int:pk>/done/", views.measure_done, name="measure_done"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
    # Excel and PDF export, Excel import (views/transfer.py, the ledger documents).
    path("export.xlsx", transfer.export_xlsx, name="export_xlsx"),
    path("export.pdf", transfer.export_pdf, name="export_pdf"),
    path("import/", transfer.problem_import, name="import"),
    path("import/template.xlsx", transfer.import_template, name="import_template"),
]
