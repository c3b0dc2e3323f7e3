"""Excel in and out: the import page (check only, or import), the template and the
export of the list's current search and filters."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jianxian.core.errors import ActionError, PermissionDenied
from jianxian.core.http import AuthedRequest
from jianxian.core.spreadsheet import XLSX_CONTENT_TYPE, xlsx_response
from jianxian.exemplars import spreadsheet
from jianxian.exemplars.models import Exemplar
from jianxian.exemplars.views.pages import filter_exemplars


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Workbook (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": f".xlsx,{XLSX_CONTENT_TYPE}",
                "class": "form-control",
            }
        ),
    )


@login_required
def exemplar_import(request: AuthedRequest) -> HttpResponse:
    """Upload a workbook: "check" only reports what would change; "import" writes it
    all or nothing and goes back to the list with the counts."""
    if not spreadsheet.can_import(request.user):
        raise PermissionDenied(_("You cannot import exemplars."))
    form = ImportForm(request.POST or None, request.FILES or None)
    context: dict[str, object] = {"form": form, "max_rows": spreadsheet.MAX_ROWS}
    if request.method == "POST" and form.is_valid():
        dry_run = request.POST.get("action") == "check"
        try:
            result = spreadsheet.import_workbook(
                form.cleaned_data["file"], user=request.user, dry_run=dry_run
            )
        except spreadsheet.ImportInvalid as exc:
            context |= {"problems": exc.errors, "summary": exc.summary}
        except ActionError as exc:  # not a workbook, too large, a zip bomb, no sheets
            form.add_error("file", exc.message)
        else:
            if dry_run:
                context["result"] = result
            else:
                messages.success(request, result.message())
                return redirect("exemplars:list")
    return render(request, "exemplars/import.html", context)


@login_required
def import_template(request: AuthedRequest) -> FileResponse:
    """The empty workbook with the headers and the notes."""
    return xlsx_response(
        spreadsheet.export_file(Exemplar.objects.none()), spreadsheet.TEMPLATE_NAME
    )


@login_required
def exemplar_export(request: AuthedRequest) -> FileResponse:
    """The exemplars the list shows for the same query string, with their deeds and
    honours, in the import format."""
    listing = filter_exemplars(request.user, request.GET)
    return xlsx_response(spreadsheet.export_file(listing.exemplars), spreadsheet.export_name())
