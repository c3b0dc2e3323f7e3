"""Writing exemplars, their deeds and honours in the import format, and the template.

openpyxl's write-only mode streams the rows to a temporary file, so a city's whole
library costs little memory; the rows are read from the database in chunks. Every
text cell is written as a string that Excel shows literally (``core.spreadsheet``):
a deed titled ``=HYPERLINK(…)`` is never a live formula in the file.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from typing import IO, Any

from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from jianxian.core.spreadsheet import write_cells
from jianxian.exemplars.models import Deed, Exemplar, Honour, Quality
from jianxian.exemplars.spreadsheet import columns as c

CHUNK = 1000
TEMPLATE_NAME = "exemplars-template.xlsx"
_BOLD = Font(bold=True)
_REQUIRED = PatternFill("solid", fgColor="FFF2CC")
_WRAP = Alignment(wrap_text=True, vertical="top")


def _sheet(workbook: Workbook, spec: c.SheetSpec) -> Any:
    sheet = workbook.create_sheet(spec.name)
    for index, column in enumerate(spec.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    header = write_cells(sheet, [column.header for column in spec.columns], font=_BOLD)
    for cell, column in zip(header, spec.columns, strict=True):
        if column.required:
            cell.fill = _REQUIRED
    sheet.append(header)
    return sheet


def _exemplar_rows(exemplars: QuerySet[Exemplar]) -> Iterable[list[object]]:
    rows = (
        exemplars.select_related("owner_unit")
        .prefetch_related("qualities")
        .order_by("name_pinyin", "id")
        .iterator(chunk_size=CHUNK)
    )
    for exemplar in rows:
        yield [
            exemplar.pk,
            exemplar.name,
            c.label_of(c.KIND_LABELS, exemplar.kind),
            exemplar.owner_unit.code or "",
            c.label_of(c.FIELD_LABELS, exemplar.field),
            c.label_of(c.LEVEL_LABELS, exemplar.level),
            exemplar.summary,
            "、".join(quality.name for quality in exemplar.qualities.all()),
        ]


def _deed_rows(exemplars: QuerySet[Exemplar]) -> Iterable[list[object]]:
    deeds = (
        Deed.objects.filter(exemplar__in=exemplars.order_by().values("pk"))
        .select_related("exemplar")
        .only("exemplar__name", "title", "date", "body")
        .order_by("exemplar__name_pinyin", "exemplar_id", F("date").asc(nulls_last=True), "id")
        .iterator(chunk_size=CHUNK)
    )
    for deed in deeds:
        yield [deed.exemplar_id, deed.exemplar.name, deed.title, deed.date, deed.body]


def _honour_rows(exemplars: QuerySet[Exemplar]) -> Iterable[list[object]]:
    honours = (
        Honour.objects.filter(exemplar__in=exemplars.order_by().values("pk"))
        .select_related("exemplar")
        .only("exemplar__name", "title", "conferred_by", "level", "year")
        .order_by("exemplar__name_pinyin", "exemplar_id", "-year", "id")
        .iterator(chunk_size=CHUNK)
    )
    for honour in honours:
        yield [
            honour.exemplar_id,
            honour.exemplar.name,
            honour.title,
            honour.conferred_by,
            c.label_of(c.LEVEL_LABELS, honour.level),
            honour.year,
        ]


def export_workbook(exemplars: QuerySet[Exemplar], out: IO[bytes]) -> None:
    """Write ``exemplars`` (already narrowed to what the user sees) with their deeds and
    honours, and the notes, to ``out``. An empty queryset writes the template."""
    workbook = Workbook(write_only=True)
    for spec, rows in (
        (c.EXEMPLARS, _exemplar_rows(exemplars)),
        (c.DEEDS, _deed_rows(exemplars)),
        (c.HONOURS, _honour_rows(exemplars)),
    ):
        sheet = _sheet(workbook, spec)
        for values in rows:
            sheet.append(write_cells(sheet, values))
    _notes(workbook)
    workbook.save(out)


def export_file(exemplars: QuerySet[Exemplar]) -> IO[bytes]:
    """The export in a temporary file, positioned at its start (for a FileResponse,
    which closes it, and so removes it, once sent)."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it)
    export_workbook(exemplars, out)
    out.seek(0)
    return out


def export_name() -> str:
    """The download's file name: the day it was made."""
    return f"exemplars-{timezone.localdate():%Y%m%d}.xlsx"


def write_template(out: IO[bytes]) -> None:
    """The empty workbook to fill in: the headers of the three sheets and the notes."""
    export_workbook(Exemplar.objects.none(), out)


# --- The 说明 sheet -----------------------------------------------------------


def _column_notes() -> dict[tuple[str, str], str]:
    labels = "、".join
    return {
        ("exemplars", "id"): _(
            "Blank for a new exemplar. An exported file carries the ids: keep them to update "
            "those exemplars."
        ),
        ("exemplars", "name"): _(
            "Required. The exemplar's name (a person, a team, a unit, a practice)."
        ),
        ("exemplars", "kind"): _("Required for a new exemplar. One of: %(choices)s.")
        % {"choices": labels(c.first_labels(c.KIND_LABELS))},
        ("exemplars", "unit_code"): _(
            "Required for a new exemplar: the code of the owning unit, one whose library you "
            "build. An existing exemplar stays in its unit."
        ),
        ("exemplars", "field"): _("Required for a new exemplar. One of: %(choices)s.")
        % {"choices": labels(c.first_labels(c.FIELD_LABELS))},
        ("exemplars", "level"): _("Required for a new exemplar. One of: %(choices)s.")
        % {"choices": labels(c.first_labels(c.LEVEL_LABELS))},
        ("exemplars", "summary"): _("A summary of the exemplar (at most %(n)d characters).")
        % {"n": c.SUMMARY.max_length},
        ("exemplars", "qualities"): _(
            "Qualities from the vocabulary, separated by 、 or commas: %(choices)s."
        )
        % {"choices": labels(Quality.objects.active().values_list("name", flat=True))},
        ("deeds", "exemplar_id"): _("The exemplar's id; or leave it blank and give its name."),
        ("deeds", "exemplar_name"): _(
            "The exemplar's name: enough for an exemplar added on the 典型 sheet of this file."
        ),
        ("deeds", "title"): _("Required. The deed's title."),
        ("deeds", "date"): _("The date of the deed, such as 2020-07-01; not in the future."),
        ("deeds", "body"): _(
            "The story: plain text (a blank line between paragraphs) or simple HTML."
        ),
        ("honours", "exemplar_id"): _("The exemplar's id; or leave it blank and give its name."),
        ("honours", "exemplar_name"): _(
            "The exemplar's name: enough for an exemplar added on the 典型 sheet of this file."
        ),
        ("honours", "title"): _("Required. The title conferred, such as 全国劳动模范."),
        ("honours", "conferred_by"): _("Who conferred it, such as 国务院."),
        ("honours", "level"): _("Required. One of: %(choices)s.")
        % {"choices": labels(c.first_labels(c.LEVEL_LABELS))},
        ("honours", "year"): _("Required. The year it was conferred, such as 2019."),
    }


def _notes(workbook: Workbook) -> None:
    sheet = workbook.create_sheet(c.NOTES_SHEET)
    for letter, width in (("A", 10), ("B", 16), ("C", 100)):
        sheet.column_dimensions[letter].width = width
    sheet.append(write_cells(sheet, [_("Sheet"), _("Column"), _("What to enter")], font=_BOLD))
    notes = _column_notes()
    for spec in c.SHEETS:
        for column in spec.columns:
            sheet.append(
                write_cells(
                    sheet,
                    [spec.name, column.header, notes[(spec.key, column.key)]],
                    alignment=_WRAP,
                )
            )
    sheet.append([])
    rules = [
        _(
            "Sheets are found by their names and columns by the headers in their first row, "
            "in any order; other sheets and columns are ignored."
        ),
        _(
            "Every row is checked first. If any row is bad, nothing is imported and every "
            "problem is listed with its sheet, row and column."
        ),
        _("New exemplars are drafts. A blank cell never erases what is stored."),
        _(
            "Importing the same file again writes nothing new: a deed with the same exemplar, "
            "title and date, and an honour with the same exemplar, title and year, are the "
            "ones already stored."
        ),
        _("Formulas are refused, never evaluated. Text is kept as it is written."),
        _(
            "Excel keeps at most 32,767 characters in a cell; edit longer stories on the "
            "exemplar's page."
        ),
    ]
    for rule in rules:
        sheet.append(write_cells(sheet, [_("Rules"), "", rule], alignment=_WRAP))
