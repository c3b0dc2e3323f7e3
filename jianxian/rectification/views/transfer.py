"""The ledger's documents: the 整改台账 as Excel and as PDF for the ledger page's current
filters, and the problem-list import from Excel (check only, or import) with its
template. The work is done by ``rectification.ledger``."""

from __future__ import annotations

import io
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jianxian.core import permissions
from jianxian.core.errors import ActionError, PermissionDenied
from jianxian.core.http import AuthedRequest
from jianxian.core.models import Unit
from jianxian.core.spreadsheet import XLSX_CONTENT_TYPE, xlsx_response
from jianxian.rectification import ledger, queries
from jianxian.rectification.views.ledger import Ledger, filter_problems

LEDGER_ORDER = ("-id",)  # as the ledger page lists them


def ledger_title(user: Any, found: Ledger) -> str:
    """ "<unit>问题整改台账": the unit the ledger is narrowed to, else the user's one top
    unit (the city for a city admin); plain "问题整改台账" when there are several."""
    unit = found.unit
    if unit is None:
        roots = permissions.scope_root_units(user)
        unit = roots[0] if len(roots) == 1 else None
    return f"{unit.name}问题整改台账" if unit is not None else "问题整改台账"


@login_required
def export_xlsx(request: AuthedRequest) -> FileResponse:
    """The problems the ledger shows for the same query string, as an Excel 整改台账."""
    found = filter_problems(request.user, request.GET)
    handle = ledger.ledger_file(
        found.problems.order_by(*LEDGER_ORDER),
        title=ledger_title(request.user, found),
        today=found.today,
    )
    return xlsx_response(handle, ledger.ledger_filename(found.today))


@login_required
def export_pdf(request: AuthedRequest) -> HttpResponseBase:
    """The same as a PDF; past ``PDF_MAX_ROWS`` problems, back to the ledger with a
    message pointing to the Excel export."""
    found = filter_problems(request.user, request.GET)
    try:
        pdf = ledger.render_ledger_pdf(
            found.problems.order_by(*LEDGER_ORDER),
            title=ledger_title(request.user, found),
            today=found.today,
        )
    except ledger.LedgerTooLarge as exc:
        messages.error(request, exc.message)
        query = request.GET.urlencode()
        return redirect(reverse("rectification:ledger") + (f"?{query}" if query else ""))
    return FileResponse(
        io.BytesIO(pdf),
        as_attachment=True,
        filename=ledger.ledger_filename(found.today, "pdf"),
        content_type="application/pdf",
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Problem list (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX_CONTENT_TYPE}"}),
    )
    unit = forms.TypedChoiceField(
        label=gettext_lazy("Unit of rows without a unit code"),
        coerce=int,
        required=False,
        empty_value=None,
    )

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.units = {unit.pk: unit for unit in units}
        field = self.fields["unit"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", gettext_lazy("None: every row gives its unit code"))] + [
            (pk, label) for pk, label in queries.indented(units)
        ]

    def chosen_unit(self) -> Unit | None:
        pk = self.cleaned_data.get("unit")
        return self.units.get(pk) if pk is not None else None


@login_required
def problem_import(request: AuthedRequest) -> HttpResponse:
    """Upload a problem list: "check" only reports what would be created; "import"
    creates the drafts all or nothing and goes to the ledger's drafts."""
    if not ledger.can_import(request.user):
        raise PermissionDenied(_("You cannot import problem lists."))
    units = queries.managed_units(request.user)
    form = ImportForm(request.POST or None, request.FILES or None, units=units)
    context: dict[str, object] = {"form": form, "max_rows": ledger.MAX_ROWS}
    if request.method == "POST" and form.is_valid():
        dry_run = request.POST.get("action") == "check"
        try:
            result = ledger.import_problems(
                form.cleaned_data["file"],
                actor=request.user,
                unit_default=form.chosen_unit(),
                dry_run=dry_run,
            )
        except ledger.LedgerInvalid as exc:
            context |= {"problems": exc.errors, "summary": exc.summary}
        except ActionError as exc:  # not a workbook, too large, a zip bomb, no header
            form.add_error("file", exc.message)
        else:
            if dry_run:
                context["result"] = result
            else:
                messages.success(request, result.message())
                return redirect(reverse("rectification:ledger") + "?status=draft")
    return render(request, "rectification/import.html", context)


@login_required
def import_template(request: AuthedRequest) -> FileResponse:
    """The empty problem list with its headers and the 说明 notes."""
    return xlsx_response(ledger.template_file(), ledger.TEMPLATE_NAME)
