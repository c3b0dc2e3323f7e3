"""Reading a problem-list workbook into checked rows, without touching the database.

The sheet is the one named 问题清单 (either script), else the first sheet that is not
the 说明 notes. Its header is the first of its first ``HEADER_SEARCH`` rows that names
the 问题标题 column, so a title row above the header is fine; columns are found by
their headers in any order, others are ignored. Every cell is checked on its own here
(formulas, lengths, choices, dates, numbers); what needs the database or other rows is
checked by ``importer``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from jianxian.core.spreadsheet import (
    CellRefused,
    SheetRowError,
    WorkbookRejected,
    cell_value,
    guarded_rows,
    header_text,
    is_blank,
    open_workbook,
)
from jianxian.rectification.actions._common import TEXT_MAX
from jianxian.rectification.actions.measures import MAX_MEASURES
from jianxian.rectification.ledger import columns as c
from jianxian.rectification.ledger.labels import (
    KIND_LABELS,
    SEVERITY_LABELS,
    SOURCE_LABELS,
    first_labels,
    parse_label,
)
from jianxian.rectification.models import Severity

MAX_ROWS = 5000  # data rows in one file
MAX_SHEET_ROWS = 100_000  # rows read, blank ones included
HEADER_SEARCH = 5


@dataclass
class ProblemRow:
    """One data row: ``number`` as Excel shows it; ``bad`` names the columns that failed
    their own checks, so that later checks leave them alone."""

    number: int
    bad: set[str] = field(default_factory=set)
    title: str = ""
    description: str = ""
    category: str = ""  # as written; matched to the vocabulary by ``importer``
    source_kind: str = ""
    source_label: str = ""
    severity: str = Severity.GENERAL
    kind: str = ""
    unit_code: str = ""
    staff_no: str = ""
    due_date: datetime.date | None = None
    acceptance_standard: str = ""
    measures: list[str] = field(default_factory=list)
    review_cycle_days: int | None = None
    given: set[str] = field(default_factory=set)  # columns with a value in this row


@dataclass
class Sheet:
    name: str = ""
    columns: set[str] = field(default_factory=set)  # the keys of the columns it has
    rows: list[ProblemRow] = field(default_factory=list)
    errors: list[SheetRowError] = field(default_factory=list)


def _unreadable() -> WorkbookRejected:
    return WorkbookRejected(
        _("The workbook is damaged and cannot be read. Save it again as .xlsx and retry.")
    )


def _too_many_rows() -> WorkbookRejected:
    return WorkbookRejected(
        _("The workbook has more than %(max)d rows; split it into smaller files.")
        % {"max": MAX_ROWS}
    )


def _choose_sheet(workbook: Any) -> Any:
    names = list(workbook.sheetnames)
    wanted = header_text(c.SHEET_NAME)
    named = [name for name in names if header_text(name) == wanted]
    if named:
        return workbook[named[0]]
    notes = header_text(c.NOTES_SHEET)
    others = [name for name in names if header_text(name) != notes]
    if not others:
        raise WorkbookRejected(
            _("The workbook has no sheet %(sheet)s to import.") % {"sheet": c.SHEET_NAME}
        )
    return workbook[others[0]]


def read_sheet(raw: bytes, *, today: datetime.date, unit_default: bool = False) -> Sheet:
    """Read and check every row. File-level problems (no sheet, no header, too many
    rows) raise ``WorkbookRejected`` at once; row problems are collected in
    ``Sheet.errors``. ``unit_default``: rows may leave the unit code blank."""
    workbook = open_workbook(raw)
    try:
        worksheet = _choose_sheet(workbook)
        sheet = Sheet(name=worksheet.title)
        if hasattr(worksheet, "reset_dimensions"):  # some programs write a wrong size
            worksheet.reset_dimensions()
        _read_rows(sheet, guarded_rows(worksheet.iter_rows(), _unreadable), today, unit_default)
    finally:
        workbook.close()
    if not sheet.rows and not sheet.errors:
        raise WorkbookRejected(_("The workbook has no rows to import below the headers."))
    return sheet


def _read_rows(
    sheet: Sheet, rows: Iterator[tuple[Any, ...]], today: datetime.date, unit_default: bool
) -> None:
    header_number, positions = 0, None
    for number, cells in enumerate(rows, start=1):
        if positions is None:
            if number > HEADER_SEARCH:
                break
            if any(c.TITLE.matches(header_text(getattr(cell, "value", None))) for cell in cells):
                header_number = number
                positions = _positions(sheet, number, cells, unit_default)
                if positions is None:
                    return
            continue
        if number > MAX_SHEET_ROWS:
            raise _too_many_rows()
        values = {key: cells[i] if i < len(cells) else None for key, i in positions.items()}
        if all(is_blank(getattr(cell, "value", None)) for cell in values.values()):
            continue
        if len(sheet.rows) >= MAX_ROWS:
            raise _too_many_rows()
        sheet.rows.append(_read_row(sheet, number, values, today))
    if positions is None and not header_number:
        raise WorkbookRejected(
            _(
                "No header row found: one of the first %(n)d rows of sheet %(sheet)s must "
                "name the column %(column)s."
            )
            % {"n": HEADER_SEARCH, "sheet": sheet.name, "column": c.TITLE.header}
        )


def _positions(
    sheet: Sheet, number: int, header: tuple[Any, ...], unit_default: bool
) -> dict[str, int] | None:
    positions: dict[str, int] = {}
    errors: list[SheetRowError] = []
    for index, cell in enumerate(header):
        column = c.column_of(getattr(cell, "value", None))
        if column is None:
            continue  # other columns are ignored
        if column.key in positions:
            errors.append(
                SheetRowError(
                    sheet.name, number, column.header, _("The column appears more than once.")
                )
            )
        positions[column.key] = index
    for column in c.COLUMNS:
        required = column.required or (column is c.UNIT_CODE and not unit_default)
        if required and column.key not in positions:
            message = _("The required column is missing.")
            errors.append(SheetRowError(sheet.name, number, column.header, message))
    sheet.errors.extend(errors)
    sheet.columns = set(positions)
    return None if errors else positions


# --- Cells --------------------------------------------------------------------


def _as_text(value: object, *, multiline: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        value = value.date()
    if isinstance(value, datetime.date | datetime.time):
        value = value.isoformat()
    text = str(value)
    if multiline:
        return text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return " ".join(text.split())


class _Cells:
    """The cells of one row, read column by column; a problem is recorded against the
    sheet, row and column, and the column is marked bad."""

    def __init__(self, sheet: Sheet, row: ProblemRow, values: dict[str, Any]):
        self.sheet, self.row = sheet, row
        self.raw: dict[str, object] = {}
        for key, cell in values.items():
            try:
                self.raw[key] = cell_value(cell)
            except CellRefused as exc:
                self.problem(key, str(exc))
        row.given = {key for key, value in self.raw.items() if not is_blank(value)}

    def problem(self, key: str, message: str) -> None:
        header = next(column.header for column in c.COLUMNS if column.key == key)
        self.sheet.errors.append(SheetRowError(self.sheet.name, self.row.number, header, message))
        self.row.bad.add(key)

    def text(self, column: c.Column, *, required: bool = False) -> str:
        if column.key in self.row.bad:
            return ""
        text = _as_text(self.raw.get(column.key), multiline=column.text)
        if not text:
            if required:
                self.problem(column.key, _("The cell is required."))
            return ""
        if len(text) > column.max_length:
            self.problem(
                column.key,
                _("The value is too long (%(length)d characters; at most %(max)d).")
                % {"length": len(text), "max": column.max_length},
            )
            return ""
        return text

    def choice(self, column: c.Column, labels: dict[str, str], *, required: bool) -> str:
        text = self.text(column, required=required)
        if not text:
            return ""
        code = parse_label(text, labels)
        if code is None:
            self.problem(
                column.key,
                _("Unknown value “%(value)s”; use one of: %(choices)s.")
                % {"value": text, "choices": "、".join(first_labels(labels))},
            )
            return ""
        return code

    def value(self, column: c.Column) -> object:
        if column.key in self.row.bad or column.key not in self.row.given:
            return None
        value = self.raw[column.key]
        return value.strip() if isinstance(value, str) else value


def _read_row(
    sheet: Sheet, number: int, values: dict[str, Any], today: datetime.date
) -> ProblemRow:
    row = ProblemRow(number=number)
    cells = _Cells(sheet, row, values)
    row.title = cells.text(c.TITLE, required=True)
    row.description = cells.text(c.DESCRIPTION)
    row.category = cells.text(c.CATEGORY, required=True)
    row.source_kind = cells.choice(c.SOURCE_KIND, SOURCE_LABELS, required=True)
    row.source_label = cells.text(c.SOURCE_LABEL)
    row.severity = cells.choice(c.SEVERITY, SEVERITY_LABELS, required=False) or Severity.GENERAL
    row.kind = cells.choice(c.KIND, KIND_LABELS, required=True)
    row.unit_code = cells.text(c.UNIT_CODE)
    row.staff_no = cells.text(c.STAFF_NO, required=True)
    row.acceptance_standard = cells.text(c.STANDARD)
    due = cells.value(c.DUE_DATE)
    if due is not None:
        try:
            row.due_date = c.parse_date(due, today)
        except c.CellProblem as exc:
            cells.problem(c.DUE_DATE.key, str(exc))
    cycle = cells.value(c.REVIEW_CYCLE)
    if cycle is not None:
        try:
            row.review_cycle_days = c.parse_days(cycle)
        except c.CellProblem as exc:
            cells.problem(c.REVIEW_CYCLE.key, str(exc))
    _read_measures(cells, row)
    return row


def _read_measures(cells: _Cells, row: ProblemRow) -> None:
    text = cells.text(c.MEASURES)
    measures = c.split_measures(text) if text else []
    if len(measures) > MAX_MEASURES:
        cells.problem(
            c.MEASURES.key,
            _("At most %(n)d measures per problem.") % {"n": MAX_MEASURES},
        )
        return
    for index, measure in enumerate(measures, start=1):
        if len(measure) > TEXT_MAX:
            cells.problem(
                c.MEASURES.key,
                _("Measure %(index)d is too long (%(length)d characters; at most %(max)d).")
                % {"index": index, "length": len(measure), "max": TEXT_MAX},
            )
            return
    row.measures = measures
