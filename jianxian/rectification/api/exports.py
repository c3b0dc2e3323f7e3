"""The ledger (整改台账) as documents, for the same filters as ``GET /problems``:
``/ledger.xlsx`` streams any length; ``/ledger.pdf`` holds up to
``ledger.PDF_MAX_ROWS`` problems (more is a 400 pointing to the Excel export).

Only paths that cannot be an id, beside the ``/problems`` routes. The work is done by
``rectification.ledger``; the problems handed to it are already narrowed to what the
caller sees.
"""

import io
from typing import Any, Literal

from django.http import FileResponse
from django.utils import timezone
from ninja import Query

from jianxian.core import permissions
from jianxian.core.http import AuthedRequest
from jianxian.core.models import Unit
from jianxian.core.spreadsheet import xlsx_response
from jianxian.rectification import ledger
from jianxian.rectification.api.problems import ORDERS, listed
from jianxian.rectification.api.routing import router
from jianxian.rectification.api.schemas import LedgerFilters


def ledger_title(user: Any, filters: LedgerFilters) -> str:
    """ "<unit>问题整改台账": the unit the ledger is narrowed to (if the caller sees it),
    else the caller's one top unit; plain "问题整改台账" when there are several."""
    unit = None
    if filters.unit is not None:
        unit = Unit.objects.visible_to(user).filter(pk=filters.unit).first()
    if unit is None:
        roots = permissions.scope_root_units(user)
        unit = roots[0] if len(roots) == 1 else None
    return f"{unit.name}问题整改台账" if unit is not None else "问题整改台账"


@router.get("/ledger.xlsx", response={200: None})
def export_ledger_xlsx(
    request: AuthedRequest,
    filters: Query[LedgerFilters],
    order: Literal["newest", "due"] = "newest",
) -> FileResponse:
    """The ledger as an Excel workbook in the usual layout (序号, 问题描述, 整改措施,
    责任单位, 责任人, 完成时限, 整改进展, 完成情况, …); cells never hold formulas."""
    today = timezone.localdate()
    problems = listed(request.user, filters).order_by(*ORDERS[order])
    handle = ledger.ledger_file(problems, title=ledger_title(request.user, filters), today=today)
    return xlsx_response(handle, ledger.ledger_filename(today))


@router.get("/ledger.pdf", response={200: None})
def export_ledger_pdf(
    request: AuthedRequest,
    filters: Query[LedgerFilters],
    order: Literal["newest", "due"] = "newest",
) -> FileResponse:
    """The ledger as a PDF (landscape A4, CJK font embedded) for printing and filing."""
    today = timezone.localdate()
    problems = listed(request.user, filters).order_by(*ORDERS[order])
    pdf = ledger.render_ledger_pdf(problems, title=ledger_title(request.user, filters), today=today)
    response = FileResponse(
        io.BytesIO(pdf),
        as_attachment=True,
        filename=ledger.ledger_filename(today, "pdf"),
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
