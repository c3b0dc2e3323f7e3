"""The 整改台账 as an Excel workbook.

openpyxl's write-only mode streams the rows to a temporary file as they are read
(``rows.ledger_rows``, in chunks), so memory stays flat whatever the ledger's length.
Every text cell goes through ``core.spreadsheet.text_cell``: a problem described as
``=HYPERLINK(…)`` is a string in the file, never a live formula.
"""

from __future__ import annotations

import datetime
import tempfile
from typing import IO, Any

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from jianxian.core.spreadsheet import text_cell, write_cells
from jianxian.rectification.ledger.rows import HEADERS, ledger_rows
from jianxian.rectification.models import Problem

SHEET_NAME = "整改台账"
WIDTHS = (6, 42, 44, 16, 10, 13, 44, 22, 10, 20, 10)  # per column of HEADERS
HEADER_ROW = 3  # title, generated-on line, then the header

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=16)
# Columns (0-based) shown centred: 序号, 责任人, 完成时限, 类别, 状态.
_CENTRED = {0, 4, 5, 8, 10}
_COMPLETION = HEADERS.index("完成情况")

# The data cells' looks, as named styles: giving a cell a named style copies one
# prepared style record, where setting its border and alignment one by one made
# openpyxl hash them for every cell (half the export's time).
TEXT, CENTRED, DATE, LATE = "台账正文", "台账居中", "台账日期", "台账逾期"


def _named_styles() -> list[NamedStyle]:
    top = Alignment(wrap_text=True, vertical="top")
    centre = Alignment(wrap_text=True, vertical="top", horizontal="center")
    return [
        NamedStyle(TEXT, border=_BORDER, alignment=top),
        NamedStyle(CENTRED, border=_BORDER, alignment=centre),
        NamedStyle(DATE, border=_BORDER, alignment=centre, number_format="yyyy-mm-dd"),
        NamedStyle(LATE, border=_BORDER, alignment=top, font=Font(color="C00000")),
    ]


def _styled(sheet: Any, value: object, style: str) -> Any:
    """A data cell in a named style: text through ``text_cell`` (never a formula),
    other values as they are."""
    if isinstance(value, str):
        return text_cell(sheet, value, style=style)
    cell = WriteOnlyCell(sheet, value=value)  # type: ignore[arg-type]
    cell.style = style
    return cell


def _row_styles(late: bool, due_is_date: bool) -> list[str]:
    styles = [CENTRED if index in _CENTRED else TEXT for index in range(len(HEADERS))]
    if due_is_date:
        styles[HEADERS.index("完成时限")] = DATE
    if late:
        styles[_COMPLETION] = LATE
    return styles


def generated_line(today: datetime.date, count: int) -> str:
    return f"制表日期：{today.year}年{today.month}月{today.day}日　共 {count} 条"


def _setup(sheet: Any, title: str, today: datetime.date, count: int) -> None:
    last = get_column_letter(len(HEADERS))
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as it takes
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.oddFooter.center.text = "第 &P 页 共 &N 页"
    sheet.merged_cells.add(f"A1:{last}1")
    sheet.merged_cells.add(f"A2:{last}2")
    sheet.append([text_cell(sheet, title, font=_TITLE, alignment=Alignment(horizontal="center"))])
    sheet.append(
        [text_cell(sheet, generated_line(today, count), alignment=Alignment(horizontal="right"))]
    )
    sheet.row_dimensions[1].height = 28
    sheet.append(
        write_cells(
            sheet, HEADERS, font=_BOLD, fill=_HEADER_FILL, border=_BORDER, alignment=_HEADER_ALIGN
        )
    )


def write_ledger_xlsx(
    problems: QuerySet[Problem], out: IO[bytes], *, title: str, today: datetime.date
) -> int:
    """Write the ledger of ``problems`` (already narrowed to what the reader may see, in
    the order wanted) to ``out``; returns the number of problems written.

    The usual layout: a title row, the generated-on line, the header (序号, 问题描述,
    整改措施, 责任单位, 责任人, 完成时限, 整改进展, 完成情况, then 类别, 来源, 状态), one
    row per problem. Wrapped text, frozen header, landscape A4 with the header repeated
    on every printed page and page numbers in the footer.
    """
    workbook = Workbook(write_only=True)
    for style in _named_styles():
        workbook.add_named_style(style)
    sheet = workbook.create_sheet(SHEET_NAME)
    rows = ledger_rows(problems, today=today)
    _setup(sheet, title, today, len(rows))
    written = 0
    for row in rows:
        styles = _row_styles(bool(row.overdue_days), isinstance(row.due, datetime.date))
        values = row.cells()
        sheet.append([_styled(sheet, v, style) for v, style in zip(values, styles, strict=True)])
        written += 1
    last = get_column_letter(len(HEADERS))
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + max(written, 1)}"
    workbook.save(out)
    return written


def ledger_file(problems: QuerySet[Problem], *, title: str, today: datetime.date) -> IO[bytes]:
    """The workbook in a temporary file, positioned at its start (for a FileResponse,
    which closes it, and so removes it, once sent)."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it)
    write_ledger_xlsx(problems, out, title=title, today=today)
    out.seek(0)
    return out


def ledger_filename(today: datetime.date, extension: str = "xlsx") -> str:
    return f"整改台账-{today:%Y%m%d}.{extension}"
