"""An empty roster to fill in: the headers, one example row and a sheet of notes."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from jianxian.core.models import UnitKind
from jianxian.core.roster import columns as c

EXAMPLE = {
    "unit_code": "QZ-DEMO-01",
    "unit_name": "示例单位",
    "parent_code": "",
    "unit_kind": "局/部门",
    "name": "李正峰",
    "staff_no": "E00001",
    "gender": "男",
    "post": "科员",
    "categories": "干部、党员",
    "phone": "13800000000",
    "email": "lizhengfeng@example.com",
}
TEXT_COLUMNS = {"unit_code", "parent_code", "staff_no", "phone"}  # keep leading zeros
VALIDATED_ROWS = 5000


def _notes() -> dict[str, str]:
    return {
        "unit_code": _("Required. The unit's code; it identifies the unit."),
        "unit_name": _("Required. Every row of the same unit must give the same name."),
        "parent_code": _(
            "The parent unit's code: defined on any row of this file or already in the "
            "system. Blank for a top-level unit."
        ),
        "unit_kind": _("Required for a new unit. One of: %(choices)s.")
        % {"choices": "、".join(c.UNIT_KIND_LABELS)},
        "name": _("The person's name. Leave blank on a row that only defines a unit."),
        "staff_no": _("Required with a name. It identifies the person; re-imports update them."),
        "gender": _("男 or 女, or blank."),
        "post": _("The person's post in this unit."),
        "categories": _("Any of %(choices)s, separated by 、 or commas.")
        % {"choices": "、".join(c.CATEGORY_LABELS)},
        "phone": _("Mobile phone number."),
        "email": _("Email address."),
    }


def write_template(path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "名单"
    bold = Font(bold=True)
    required = PatternFill("solid", fgColor="FFF2CC")
    for index, column in enumerate(c.COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = bold
        if column.required:
            cell.fill = required
        example = sheet.cell(row=2, column=index, value=EXAMPLE[column.key] or None)
        if column.key in TEXT_COLUMNS:
            example.number_format = "@"
            sheet.column_dimensions[get_column_letter(index)].number_format = "@"
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(column.header) * 3)
    sheet.freeze_panes = "A2"
    for key, choices in (
        ("unit_kind", [c.kind_label(kind) for kind in UnitKind.values]),
        ("gender", list(c.GENDER_LABELS)[:2]),
    ):
        letter = get_column_letter(next(i for i, col in enumerate(c.COLUMNS, 1) if col.key == key))
        validation = DataValidation(
            type="list", formula1=f'"{",".join(choices)}"', allow_blank=True
        )
        validation.add(f"{letter}2:{letter}{VALIDATED_ROWS}")
        sheet.add_data_validation(validation)

    notes = workbook.create_sheet(_("Notes")[:31])
    notes.append([_("Column"), _("What to enter")])
    for cell in notes[1]:
        cell.font = bold
    texts = _notes()
    for column in c.COLUMNS:
        notes.append([column.header, texts[column.key]])
    notes.append([])
    notes.append(
        [
            _("Rules"),
            _(
                "Headers are read from the first row of the first sheet, in any order; other "
                "columns are ignored. Formulas are refused. A blank cell never erases stored "
                "data. If any row is bad, nothing is imported."
            ),
        ]
    )
    notes.column_dimensions["A"].width = 16
    notes.column_dimensions["B"].width = 100
    workbook.save(path)
