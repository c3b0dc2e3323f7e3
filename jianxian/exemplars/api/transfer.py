"""Excel import and export through the API: the same workbook format as the pages.

* ``POST /import`` (multipart ``file``, optional ``dry_run``): 200 with the counts; 422
  with every bad row (sheet, row, column, message) and nothing written; 400 when the
  file is no usable .xlsx (too large, not a workbook, a zip bomb).
* ``GET /export``: the exemplars the list endpoint returns for the same filters, with
  their deeds and honours.
* ``GET /import/template``: the empty workbook with its notes.

Only paths that cannot be an id: ``/{int:exemplar_id}`` never matches them.
"""

from __future__ import annotations

from django.http import FileResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Schema, Status
from ninja.files import UploadedFile

from jianxian.core.errors import ActionError, PermissionDenied
from jianxian.core.http import AuthedRequest
from jianxian.core.spreadsheet import xlsx_response
from jianxian.exemplars import spreadsheet
from jianxian.exemplars.api.exemplars import listed
from jianxian.exemplars.api.routing import router
from jianxian.exemplars.models import Exemplar


class ImportOut(Schema):
    dry_run: bool
    rows: int
    exemplars_created: int
    exemplars_updated: int
    exemplars_unchanged: int
    deeds_created: int
    deeds_updated: int
    deeds_unchanged: int
    honours_created: int
    honours_unchanged: int
    message: str


class RowErrorOut(Schema):
    sheet: str
    row: int
    column: str
    message: str


class ImportErrorsOut(Schema):
    detail: str
    errors: list[RowErrorOut]


@router.post("/import", response={200: ImportOut, 422: ImportErrorsOut})
def import_exemplars(
    request: AuthedRequest,
    file: File[UploadedFile | None] = None,
    dry_run: Form[bool] = False,
):
    """Import a workbook (multipart ``file``) all or nothing; ``dry_run`` only checks it
    and counts what would change. New exemplars are drafts; importing the same file
    again writes nothing."""
    if not spreadsheet.can_import(request.user):
        raise PermissionDenied(_("You cannot import exemplars."))
    if file is None:
        raise ActionError(_("Choose a workbook to upload (the multipart field “file”)."))
    try:
        result = spreadsheet.import_workbook(file, user=request.user, dry_run=dry_run)
    except spreadsheet.ImportInvalid as exc:
        return Status(422, {"detail": exc.summary, "errors": exc.errors})
    return {**vars(result), "message": result.message()}


@router.get("/export", response={200: None})
def export_exemplars(
    request: AuthedRequest,
    q: str = "",
    kind: str | None = None,
    field: str | None = None,
    level: str | None = None,
    quality: str | None = None,
    unit: int | None = None,
    status: str | None = None,
) -> FileResponse:
    """The exemplars ``GET /api/v1/exemplars`` lists for the same filters, with their
    deeds and honours, as an .xlsx workbook in the import format."""
    exemplars = listed(
        request.user,
        q=q,
        kind=kind,
        field=field,
        level=level,
        quality=quality,
        unit=unit,
        status=status,
    )
    return xlsx_response(spreadsheet.export_file(exemplars), spreadsheet.export_name())


@router.get("/import/template", response={200: None})
def import_template(request: AuthedRequest) -> FileResponse:
    """The empty workbook to fill in, with the 说明 sheet explaining every column."""
    return xlsx_response(
        spreadsheet.export_file(Exemplar.objects.none()), spreadsheet.TEMPLATE_NAME
    )
