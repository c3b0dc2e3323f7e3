"""The empty problem-list workbook to fill in: the 问题清单 sheet with its headers and
drop-down lists for the choice columns, and a 说明 sheet explaining every column."""

from __future__ import annotations

import tempfile
from typing import IO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from jianxian.core.spreadsheet import write_cells
from jianxian.rectification.actions._common import LABEL_MAX, STANDARD_MAX, TEXT_MAX
from jianxian.rectification.actions.measures import MAX_MEASURES
from jianxian.rectification.ledger import columns as c
from jianxian.rectification.ledger.labels import (
    KIND_LABELS,
    SEVERITY_LABELS,
    SOURCE_LABELS,
    first_labels,
)
from jianxian.rectification.ledger.reader import MAX_ROWS
from jianxian.rectification.models import REVIEW_CYCLE_MAX, TITLE_MAX, Category

TEMPLATE_NAME = "problem-list-template.xlsx"
_BOLD = Font(bold=True)
_REQUIRED = PatternFill("solid", fgColor="FFF2CC")
_WRAP = Alignment(wrap_text=True, vertical="top")


def category_names() -> list[str]:
    active = Category.objects.active().order_by("position", "id")
    return list(active.values_list("name", flat=True))


def _notes() -> dict[str, tuple[str, str]]:
    """What to enter in each column, and an example."""
    labels = "、".join
    categories = labels(category_names())
    return {
        "title": (
            _("Required. A short name of the problem (at most %(n)d characters).")
            % {"n": TITLE_MAX},
            "窗口服务“一次性告知”落实不到位",
        ),
        "description": (
            _("What was found, in detail (at most %(n)d characters).") % {"n": TEXT_MAX},
            "群众反映办理营业执照需多次往返补交材料。",
        ),
        "category": (_("Required. One of: %(choices)s.") % {"choices": categories}, "作风形象"),
        "source_kind": (
            _("Required. Where it was found, one of: %(choices)s.")
            % {"choices": labels(first_labels(SOURCE_LABELS))},
            "群众反馈",
        ),
        "source_label": (
            _(
                "Which seminar, inspection or feedback it came from (at most %(n)d "
                "characters); blank: the source type."
            )
            % {"n": LABEL_MAX},
            "2026年第一季度政务服务“好差评”",
        ),
        "severity": (
            _("One of: %(choices)s; blank: %(default)s.")
            % {
                "choices": labels(first_labels(SEVERITY_LABELS)),
                "default": first_labels(SEVERITY_LABELS)[0],
            },
            "一般",
        ),
        "kind": (
            _("Required. One of: %(choices)s.") % {"choices": labels(first_labels(KIND_LABELS))},
            "限期整改",
        ),
        "unit_code": (
            _(
                "The code of the responsible unit, one whose problem list you run. Blank: "
                "the unit the import was started from, if any."
            ),
            "QZ-SPJ",
        ),
        "staff_no": (_("Required. The responsible person's staff number."), "SPJ-0012"),
        "due_date": (
            _(
                "Required unless the kind is 长期坚持, and then left blank. A date such as "
                "2026-07-01."
            ),
            "2026-09-30",
        ),
        "acceptance_standard": (
            _(
                "How acceptance will judge it (at most %(n)d characters); needed before the "
                "plan is made."
            )
            % {"n": STANDARD_MAX},
            "连续三个月无同类投诉",
        ),
        "measures": (
            _(
                "One measure per line, or separated by ；. Numbering such as 1. is removed. "
                "At most %(n)d measures."
            )
            % {"n": MAX_MEASURES},
            "1. 编制一次性告知清单\n2. 开展窗口人员业务培训",
        ),
        "review_cycle_days": (
            _("Only for 长期坚持: how often it is reviewed, in days (1 to %(n)d); blank otherwise.")
            % {"n": REVIEW_CYCLE_MAX},
            "90",
        ),
    }


def write_import_template(out: IO[bytes]) -> None:
    """The empty 问题清单 sheet (its headers, required ones shaded, and drop-down lists)
    and the 说明 sheet, to ``out``."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(c.SHEET_NAME)
    for index, column in enumerate(c.COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    header = write_cells(sheet, [column.header for column in c.COLUMNS], font=_BOLD)
    for cell, column in zip(header, c.COLUMNS, strict=True):
        if column.required or column is c.UNIT_CODE:
            cell.fill = _REQUIRED
    sheet.append(header)
    for column, choices in (
        (c.CATEGORY, category_names()),
        (c.SOURCE_KIND, first_labels(SOURCE_LABELS)),
        (c.SEVERITY, first_labels(SEVERITY_LABELS)),
        (c.KIND, first_labels(KIND_LABELS)),
    ):
        listed = ",".join(choices)
        if not choices or len(listed) > 250:  # Excel's limit for an inline list
            continue
        letter = get_column_letter(c.COLUMNS.index(column) + 1)
        validation = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True)
        validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
        sheet.data_validations.append(validation)
    _write_notes(workbook)
    workbook.save(out)


def _write_notes(workbook: Workbook) -> None:
    sheet = workbook.create_sheet(c.NOTES_SHEET)
    for letter, width in (("A", 16), ("B", 80), ("C", 36)):
        sheet.column_dimensions[letter].width = width
    sheet.append(write_cells(sheet, [_("Column"), _("What to enter"), _("Example")], font=_BOLD))
    notes = _notes()
    for column in c.COLUMNS:
        note, example = notes[column.key]
        sheet.append(write_cells(sheet, [column.header, note, example], alignment=_WRAP))
    sheet.append([])
    rules = [
        _(
            "The sheet 问题清单 is read (or else the first sheet); its columns are found by "
            "their headers in any order, and other columns are ignored."
        ),
        _(
            "Every row is checked first. If any row is bad, nothing is imported and every "
            "problem is listed with its row and column."
        ),
        _("Imported problems are drafts with their measures; plan them on the ledger."),
        _(
            "A problem already on its unit's list (the same title and description) is "
            "skipped, so importing the same file again adds nothing."
        ),
        _("Formulas are refused, never evaluated. At most %(n)d rows per file.") % {"n": MAX_ROWS},
    ]
    for rule in rules:
        sheet.append(write_cells(sheet, [_("Rules"), rule], alignment=_WRAP))


def template_file() -> IO[bytes]:
    """The template in a temporary file, positioned at its start."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it)
    write_import_template(out)
    out.seek(0)
    return out
