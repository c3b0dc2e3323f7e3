"""Reading an exemplar workbook into checked rows, without touching the database.

Each sheet is found by its name (典型, 事迹, 荣誉; either script), its columns by their
headers in the first row, in any order; other sheets and columns are ignored. Every cell
is checked on its own here (formulas, lengths, choices, dates, years); what needs other
rows or the database is checked by ``plan``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
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
from jianxian.exemplars.spreadsheet import columns as c

# At most this many data rows in all sheets together, and this many rows (blank ones
# included) in any one sheet: larger libraries are imported in several files. Every row
# is written through an action (about 10 ms each on SQLite), so 2,000 rows keep one
# import within about 20 seconds; re-importing unchanged rows costs far less.
MAX_ROWS = 2000
MAX_SHEET_ROWS = 100_000


@dataclass
class Row:
    """One data row: ``number`` as Excel shows it; ``bad`` names the columns that failed
    their own checks, so that the checks across rows leave them alone."""

    number: int
    bad: set[str] = field(default_factory=set)


@dataclass
class ExemplarRow(Row):
    id: int | None = None
    name: str = ""
    kind: str = ""
    unit_code: str = ""
    field: str = ""
    level: str = ""
    summary: str | None = None  # None: not given (kept as stored)
    qualities: list[str] | None = None  # folded names; None: not given


@dataclass
class RefRow(Row):
    """A deed or an honour: which exemplar it belongs to, by id or by name."""

    exemplar_id: int | None = None
    exemplar_name: str = ""


@dataclass
class DeedRow(RefRow):
    title: str = ""
    date: datetime.date | None = None
    body: str = ""  # blank: not given (an existing deed's story is kept)


@dataclass
class HonourRow(RefRow):
    title: str = ""
    conferred_by: str = ""
    level: str = ""
    year: int = 0


@dataclass
class Book:
    exemplars: list[ExemplarRow] = field(default_factory=list)
    deeds: list[DeedRow] = field(default_factory=list)
    honours: list[HonourRow] = field(default_factory=list)
    errors: list[SheetRowError] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return len(self.exemplars) + len(self.deeds) + len(self.honours)


def _unreadable() -> WorkbookRejected:
    return WorkbookRejected(
        _("The workbook is damaged and cannot be read. Save it again as .xlsx and retry.")
    )


def read_book(raw: bytes) -> Book:
    """Read and check every row of every known sheet. File-level problems (no known
    sheet, no rows, too many rows) raise ``WorkbookRejected`` at once; row problems are
    collected in ``Book.errors``."""
    book = Book()
    workbook = open_workbook(raw)
    try:
        found: dict[str, Any] = {}
        for name in workbook.sheetnames:
            spec = next((s for s in c.SHEETS if header_text(name) == header_text(s.name)), None)
            if spec is None:
                continue
            if spec.key in found:
                book.errors.append(
                    SheetRowError(name, 1, "", _("The workbook has this sheet more than once."))
                )
                continue
            found[spec.key] = workbook[name]
        if not found:
            raise WorkbookRejected(
                _("The workbook has none of the sheets %(sheets)s.")
                % {"sheets": "、".join(spec.name for spec in c.SHEETS)}
            )
        for spec in c.SHEETS:
            if spec.key in found:
                _read_sheet(book, spec, found[spec.key])
    finally:
        workbook.close()
    if not book.rows and not book.errors:
        raise WorkbookRejected(_("The workbook has no rows to import below the headers."))
    return book


def _read_sheet(book: Book, spec: c.SheetSpec, worksheet: Any) -> None:
    if hasattr(worksheet, "reset_dimensions"):  # some programs write a wrong size
        worksheet.reset_dimensions()
    rows: Iterator[tuple[Any, ...]] = guarded_rows(worksheet.iter_rows(), _unreadable)
    header = next(rows, None)
    if header is None or all(is_blank(getattr(cell, "value", None)) for cell in header):
        return  # an empty sheet: nothing to import from it
    positions = _header_positions(book, spec, header)
    if positions is None:
        return
    read_row: Callable[[int, dict[str, Any], list[SheetRowError]], Row] = _READERS[spec.key]
    target: list[Any] = getattr(book, spec.key)
    for number, cells in enumerate(rows, start=2):
        if number > MAX_SHEET_ROWS:
            raise _too_many_rows()
        values = {
            key: cells[index] if index < len(cells) else None for key, index in positions.items()
        }
        if all(is_blank(getattr(cell, "value", None)) for cell in values.values()):
            continue
        if book.rows >= MAX_ROWS:
            raise _too_many_rows()
        target.append(read_row(number, values, book.errors))


def _too_many_rows() -> WorkbookRejected:
    return WorkbookRejected(
        _("The workbook has more than %(max)d rows; split it into smaller files.")
        % {"max": MAX_ROWS}
    )


def _header_positions(
    book: Book, spec: c.SheetSpec, header: tuple[Any, ...]
) -> dict[str, int] | None:
    positions: dict[str, int] = {}
    errors: list[SheetRowError] = []
    for index, cell in enumerate(header):
        key = spec.key_of(getattr(cell, "value", None))
        if key is None:
            continue  # other columns are ignored
        if key in positions:
            errors.append(
                SheetRowError(
                    spec.name, 1, spec.column(key).header, _("The column appears more than once.")
                )
            )
        positions[key] = index
    for column in spec.columns:
        if column.required and column.key not in positions:
            errors.append(
                SheetRowError(spec.name, 1, column.header, _("The required column is missing."))
            )
    if spec is not c.EXEMPLARS and not positions.keys() & {"exemplar_id", "exemplar_name"}:
        errors.append(
            SheetRowError(
                spec.name,
                1,
                c.REF_ID.header,
                _("The sheet needs a %(id)s or a %(name)s column.")
                % {"id": c.REF_ID.header, "name": c.REF_NAME.header},
            )
        )
    book.errors.extend(errors)
    return None if errors else positions


# --- Cells --------------------------------------------------------------------


class _Cells:
    """The cells of one row, read column by column; a problem is recorded against the
    sheet, row and column, and the column is marked bad."""

    def __init__(
        self,
        sheet: c.SheetSpec,
        row: Row,
        values: dict[str, Any],
        errors: list[SheetRowError],
    ):
        self.sheet, self.row, self.errors = sheet, row, errors
        self.present = set(values)  # the sheet has these columns
        self.raw: dict[str, object] = {}
        for key, cell in values.items():
            try:
                self.raw[key] = cell_value(cell)
            except CellRefused as exc:
                self.problem(key, str(exc))

    def problem(self, key: str, message: str) -> None:
        self.errors.append(
            SheetRowError(self.sheet.name, self.row.number, self.sheet.column(key).header, message)
        )
        self.row.bad.add(key)

    def given(self, key: str) -> bool:
        return key not in self.row.bad and not is_blank(self.raw.get(key))

    def text(self, key: str, *, required: bool = False) -> str:
        """The cell as text: one line with whitespace runs collapsed, or (a text
        column) as written with its line breaks; length checked."""
        if key in self.row.bad:
            return ""
        column = self.sheet.column(key)
        text = _as_text(self.raw.get(key), multiline=column.text)
        if not text:
            if required:
                self.problem(key, _("The cell is required."))
            return ""
        if len(text) > column.max_length:
            self.problem(
                key,
                _("The value is too long (%(length)d characters; at most %(max)d).")
                % {"length": len(text), "max": column.max_length},
            )
            return ""
        return text

    def parsed[T](self, key: str, parse: Callable[[Any], T], *, required: bool = False) -> T | None:
        if not self.given(key):
            if required and key not in self.row.bad:
                self.problem(key, _("The cell is required."))
            return None
        value = self.raw[key]
        try:
            return parse(value.strip() if isinstance(value, str) else value)
        except c.CellProblem as exc:
            self.problem(key, str(exc))
            return None

    def choice(self, key: str, parse: Callable[[str], str], *, required: bool = False) -> str:
        text = self.text(key, required=required)
        if not text:
            return ""
        try:
            return parse(text)
        except c.CellProblem as exc:
            self.problem(key, str(exc))
            return ""


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


# --- Rows ---------------------------------------------------------------------


def _read_exemplar(number: int, values: dict[str, Any], errors: list[SheetRowError]) -> Row:
    row = ExemplarRow(number=number)
    cells = _Cells(c.EXEMPLARS, row, values, errors)
    row.id = cells.parsed("id", c.parse_id)
    new = row.id is None and "id" not in row.bad
    row.name = cells.text("name", required=True)
    row.kind = cells.choice("kind", c.parse_kind, required=new)
    row.unit_code = cells.text("unit_code", required=new)
    row.field = cells.choice("field", c.parse_field, required=new)
    row.level = cells.choice("level", c.parse_level, required=new)
    # Blank: not given, so an existing exemplar keeps what it has.
    row.summary = cells.text("summary") or None
    qualities = cells.text("qualities")
    row.qualities = c.split_qualities(qualities) if qualities else None
    return row


def _read_ref(row: RefRow, cells: _Cells) -> None:
    row.exemplar_id = cells.parsed("exemplar_id", c.parse_id)
    row.exemplar_name = cells.text("exemplar_name")
    if row.exemplar_id is None and not row.exemplar_name:
        if row.bad & {"exemplar_id", "exemplar_name"}:
            return
        key = "exemplar_id" if "exemplar_id" in cells.present else "exemplar_name"
        cells.problem(
            key,
            _("Give the exemplar's id (%(id)s) or name (%(name)s).")
            % {"id": c.REF_ID.header, "name": c.REF_NAME.header},
        )


def _read_deed(number: int, values: dict[str, Any], errors: list[SheetRowError]) -> Row:
    row = DeedRow(number=number)
    cells = _Cells(c.DEEDS, row, values, errors)
    _read_ref(row, cells)
    row.title = cells.text("title", required=True)
    row.date = cells.parsed("date", c.parse_date)
    row.body = cells.text("body")
    return row


def _read_honour(number: int, values: dict[str, Any], errors: list[SheetRowError]) -> Row:
    row = HonourRow(number=number)
    cells = _Cells(c.HONOURS, row, values, errors)
    _read_ref(row, cells)
    row.title = cells.text("title", required=True)
    row.conferred_by = cells.text("conferred_by")
    row.level = cells.choice("level", c.parse_level, required=True)
    row.year = cells.parsed("year", c.parse_year, required=True) or 0
    return row


_READERS: dict[str, Callable[[int, dict[str, Any], list[SheetRowError]], Row]] = {
    "exemplars": _read_exemplar,
    "deeds": _read_deed,
    "honours": _read_honour,
}
