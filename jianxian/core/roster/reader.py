"""Reading a roster workbook into checked rows, without touching the database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _
from tqdm import tqdm

from jianxian.core.roster import columns as c
from jianxian.core.roster.errors import RosterError, RosterInvalid, RowError
from jianxian.core.spreadsheet import WorkbookRejected, guarded_rows, is_blank, open_workbook

# Files with at least this many rows get a progress bar.
PROGRESS_THRESHOLD = 1000


@dataclass
class RosterRow:
    """One data row; a blank field means "not given". ``bad`` names the columns that
    failed their own checks, so that cross-row checks leave them alone."""

    number: int
    unit_code: str = ""
    unit_name: str = ""
    parent_code: str = ""
    unit_kind: str = ""
    name: str = ""
    staff_no: str = ""
    gender: str = ""
    post: str = ""
    categories: tuple[str, ...] = ()
    phone: str = ""
    email: str = ""
    bad: set[str] = field(default_factory=set)


@dataclass
class Sheet:
    rows: list[RosterRow]
    errors: list[RowError]


@contextmanager
def open_rows(path: Path, sheet: str | None) -> Iterator[tuple[Iterator[tuple[Any, ...]], int]]:
    """Yield the sheet's rows (as values) and the number of rows it claims to have."""
    if path.suffix.lower() == ".xls":
        raise RosterError(
            _("%(file)s is an old .xls workbook; save it as .xlsx in Excel and try again.")
            % {"file": path.name}
        )
    try:
        handle: IO[bytes] = path.open("rb")
    except OSError as exc:
        raise RosterError(
            _("Cannot open %(file)s: %(reason)s") % {"file": path, "reason": exc.strerror}
        ) from exc
    with handle:
        try:
            # The content decides, not the name; formulas are read as text so that they
            # can be refused.
            workbook = open_workbook(handle)
        except WorkbookRejected as exc:
            raise _unreadable(path) from exc
        try:
            if sheet is None:
                if not workbook.worksheets:
                    raise RosterError(_("The workbook has no worksheet."))
                worksheet = workbook.worksheets[0]
            elif sheet in workbook.sheetnames:
                worksheet = workbook[sheet]
            else:
                raise RosterError(
                    _("The workbook has no sheet “%(sheet)s”; it has: %(sheets)s.")
                    % {"sheet": sheet, "sheets": "、".join(workbook.sheetnames)}
                )
            claimed = getattr(worksheet, "max_row", None) or 0
            # Some programs write a wrong size; read everything there is.
            if hasattr(worksheet, "reset_dimensions"):
                worksheet.reset_dimensions()
            rows = worksheet.iter_rows(values_only=True)
            yield guarded_rows(rows, lambda: _unreadable(path)), claimed
        finally:
            workbook.close()


def read_sheet(path: Path, *, sheet: str | None = None, progress: IO[str] | None = None) -> Sheet:
    """Read and check every row; header problems stop at once, row problems are listed."""
    with open_rows(path, sheet) as (rows, claimed):
        header = next(rows, None)
        if header is None or all(is_blank(value) for value in header):
            raise RosterError(_("The file is empty: the first row must hold the column headers."))
        positions = _header_positions(header)
        bar = tqdm(
            rows,
            total=max(claimed - 1, 0) or None,
            desc=_("Reading"),
            unit=_("rows"),
            file=progress,
            disable=progress is None or 0 < claimed < PROGRESS_THRESHOLD,
            leave=False,
        )
        result = Sheet(rows=[], errors=[])
        for number, values in enumerate(bar, start=2):
            if all(is_blank(value) for value in values):
                continue
            cells = {
                key: values[index] if index < len(values) else None
                for key, index in positions.items()
            }
            result.rows.append(_read_row(number, cells, result.errors))
    if not result.rows:
        raise RosterError(_("The roster has no data rows below the headers."))
    return result


def _unreadable(path: Path) -> RosterError:
    return RosterError(
        _("%(file)s is not an Excel workbook (.xlsx) that can be read.") % {"file": path.name}
    )


def _header_positions(header: tuple[Any, ...]) -> dict[str, int]:
    positions: dict[str, int] = {}
    errors: list[RowError] = []
    for index, value in enumerate(header):
        key = c.header_key(value)
        if key is None:
            continue  # other columns are ignored
        if key in positions:
            errors.append(
                RowError(1, c.BY_KEY[key].header, _("The column appears more than once."))
            )
        positions[key] = index
    for column in c.COLUMNS:
        if column.required and column.key not in positions:
            errors.append(RowError(1, column.header, _("The required column is missing.")))
    if c.NAME.key in positions and c.STAFF_NO.key not in positions:
        errors.append(
            RowError(
                1,
                c.STAFF_NO.header,
                _("The column is required when the roster has a %(name)s column.")
                % {"name": c.NAME.header},
            )
        )
    if errors:
        raise RosterInvalid(errors)
    return positions


def _read_row(number: int, cells: dict[str, object], errors: list[RowError]) -> RosterRow:
    row = RosterRow(number=number)

    def problem(column: c.Column, message: str) -> None:
        errors.append(RowError(number, column.header, message))
        row.bad.add(column.key)

    texts: dict[str, str] = {}
    for key, value in cells.items():
        column = c.BY_KEY[key]
        try:
            text = c.cell_text(value)
        except c.CellProblem as exc:
            problem(column, str(exc))
            continue
        if len(text) > column.max_length:
            problem(
                column,
                _("The value is too long (%(length)d characters; at most %(max)d).")
                % {"length": len(text), "max": column.max_length},
            )
            continue
        texts[key] = text

    for column in (c.UNIT_CODE, c.UNIT_NAME):
        if column.key not in row.bad and not texts.get(column.key):
            problem(column, _("The cell is required."))
    row.unit_code = texts.get("unit_code", "")
    row.unit_name = texts.get("unit_name", "")
    row.parent_code = texts.get("parent_code", "")
    if row.unit_code and row.parent_code == row.unit_code:
        problem(c.PARENT_CODE, _("A unit cannot be its own parent."))
    row.name = texts.get("name", "")
    row.staff_no = texts.get("staff_no", "")
    row.post = texts.get("post", "")
    row.phone = texts.get("phone", "")
    row.email = texts.get("email", "")

    parsers: tuple[tuple[c.Column, Callable[[str], object]], ...] = (
        (c.UNIT_KIND, c.parse_kind),
        (c.GENDER, c.parse_gender),
        (c.CATEGORIES, c.parse_categories),
        (c.PHONE, c.check_phone),
        (c.EMAIL, c.check_email),
    )
    for column, parse in parsers:
        text = texts.get(column.key, "")
        if not text:
            continue
        try:
            parsed = parse(text)
        except c.CellProblem as exc:
            problem(column, str(exc))
            continue
        if parsed is not None:
            setattr(row, column.key, parsed)

    details = [key for key in c.PERSON_DETAIL_KEYS if texts.get(key) or key in row.bad]
    if not row.name and "name" not in row.bad and details:
        problem(c.NAME, _("The name is required when the person columns are filled."))
    if row.name and not row.staff_no and "staff_no" not in row.bad:
        problem(c.STAFF_NO, _("The staff number is required for each person."))
    return row
