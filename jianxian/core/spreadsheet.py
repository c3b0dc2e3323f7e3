"""Excel workbooks (.xlsx) in and out, safely: shared by every import and export.

Reading an upload (``accept_xlsx``), in order:

1. **Size.** At most ``max_bytes + 1`` bytes are read; a declared size over the cap is
   refused before reading anything.
2. **Content, not name.** The bytes must be a zip archive holding ``xl/workbook.xml``;
   an old ``.xls``, a CSV or anything renamed is refused whatever it is called.
3. **Zip bombs.** Before openpyxl sees the file, the archive's directory is checked: too
   many members, a member expanding more than ``MAX_RATIO`` times, or more than
   ``MAX_UNCOMPRESSED`` bytes in all are refused. The declared sizes are binding: Python's
   ``zipfile`` (which openpyxl reads through) stops at a member's declared size, and a
   member whose data does not match it fails its CRC check.

``open_workbook`` then opens it read-only with formulas kept as formulas (never
evaluated), and ``cell_value`` refuses formula and error cells, so an import never takes
a formula's cached result for data. XML entity expansion is stopped by expat itself
(2.4.1 and later refuse billion-laughs documents).

Writing: ``text_cell`` makes a cell that is always a string (``=`` and the other
formula-starting characters included), marked with Excel's quote prefix so that Excel
shows it literally and never runs it; characters XML cannot carry are dropped.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from jianxian.core.errors import ActionError
from jianxian.core.text import fold

__all__ = [
    "FORMULA_STARTS",
    "MAX_MEMBERS",
    "MAX_RATIO",
    "MAX_UNCOMPRESSED",
    "XLSX_CONTENT_TYPE",
    "CellRefused",
    "SheetRowError",
    "WorkbookRejected",
    "accept_xlsx",
    "cell_value",
    "check_xlsx",
    "guarded_rows",
    "header_text",
    "is_blank",
    "open_workbook",
    "read_capped",
    "text_cell",
    "write_cells",
    "xlsx_response",
]

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A real workbook has a few dozen members; its XML compresses 5 to 50 times.
MAX_MEMBERS = 2000
MAX_RATIO = 200
MAX_UNCOMPRESSED = 200 * 1024 * 1024
# Text starting with one of these is a formula (or becomes one) when typed into Excel.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_READ_CHUNK = 64 * 1024


class WorkbookRejected(ActionError):
    """The file is not a workbook that will be opened; the message says why (HTTP 400)."""


class CellRefused(ValueError):
    """A cell whose content cannot be used (a formula, an Excel error); says why."""


@dataclass(frozen=True, order=True)
class SheetRowError:
    """One problem of a workbook: the sheet, the row as Excel numbers it, the column's
    header (blank for the whole row) and what is wrong."""

    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("%(sheet)s, row %(row)d, %(column)s: %(message)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column or "—",
            "message": self.message,
        }


# --- Accepting an upload ------------------------------------------------------


def read_capped(data: bytes | IO[bytes], max_bytes: int) -> bytes:
    """The upload's bytes, refused past ``max_bytes`` (never reading much more)."""
    too_large = _("The file is larger than %(limit)s.") % {"limit": filesizeformat(max_bytes)}
    if isinstance(data, bytes | bytearray | memoryview):
        raw = bytes(data)
    else:
        declared = getattr(data, "size", None)
        if isinstance(declared, int) and declared > max_bytes:
            raise WorkbookRejected(too_large)
        chunks: list[bytes] = []
        total, budget = 0, max_bytes + 1
        while total < budget:
            chunk = data.read(min(_READ_CHUNK, budget - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        raw = b"".join(chunks)
    if len(raw) > max_bytes:
        raise WorkbookRejected(too_large)
    if not raw:
        raise WorkbookRejected(_("The file is empty."))
    return raw


def _not_xlsx() -> WorkbookRejected:
    return WorkbookRejected(
        _("This file is not an Excel workbook (.xlsx). Save it as .xlsx in Excel and try again.")
    )


def check_xlsx(
    raw: bytes,
    *,
    max_uncompressed: int = MAX_UNCOMPRESSED,
    max_ratio: int = MAX_RATIO,
    max_members: int = MAX_MEMBERS,
) -> None:
    """Refuse anything but an .xlsx package, and packages that expand too far."""
    if raw.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2: an old .xls, or an encrypted workbook
        raise WorkbookRejected(
            _(
                "This is an old .xls workbook or a password-protected one; save it as an "
                "unprotected .xlsx in Excel and try again."
            )
        )
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _not_xlsx() from None
    if not any(member.filename == "xl/workbook.xml" for member in members):
        raise _not_xlsx()
    bomb = WorkbookRejected(
        _("The workbook expands to far more data than it holds; it was refused as unsafe.")
    )
    if len(members) > max_members:
        raise bomb
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > max(member.compress_size, 1) * max_ratio and (
            member.file_size > 1024 * 1024
        ):
            raise bomb
    if total > max_uncompressed:
        raise bomb


def accept_xlsx(data: bytes | IO[bytes], *, max_bytes: int | None = None) -> bytes:
    """An uploaded workbook's bytes once size, content and expansion are checked.
    ``max_bytes`` defaults to ``settings.UPLOAD_MAX_BYTES``, read at call time."""
    raw = read_capped(data, settings.UPLOAD_MAX_BYTES if max_bytes is None else max_bytes)
    check_xlsx(raw)
    return raw


def open_workbook(source: bytes | IO[bytes]) -> Workbook:
    """Open read-only, formulas as formulas. A file object skips openpyxl's check of the
    name's extension: the content decides. Raises ``WorkbookRejected`` when unreadable."""
    handle = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        return load_workbook(handle, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl fails in many ways on a file that is no xlsx
        raise _not_xlsx() from exc


def guarded_rows[T](rows: Iterator[T], unreadable: Callable[[], Exception]) -> Iterator[T]:
    """The rows, with a damaged part inside the zip reported as ``unreadable()`` while
    reading (openpyxl reads a read-only sheet lazily)."""
    while True:
        try:
            values = next(rows)
        except StopIteration:
            return
        except Exception as exc:
            raise unreadable() from exc
        yield values


# --- Reading cells ------------------------------------------------------------


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def header_text(value: object) -> str | None:
    """A header cell as headers are compared: folded (either script, full-width or not),
    without spaces and without a trailing ``*`` (marking a required column)."""
    if not isinstance(value, str):
        return None
    return "".join(fold(value).split()).rstrip("*") or None


def cell_value(cell: Any) -> object:
    """A read-only cell's value. A formula or an Excel error is refused: an import takes
    what a person typed, never what a formula computed. A string that starts with ``=``
    (typed with Excel's quote prefix, or exported by us) is text and is kept."""
    value = getattr(cell, "value", None)
    data_type = getattr(cell, "data_type", None)
    if data_type == "f" or isinstance(value, ArrayFormula | DataTableFormula):
        shown = value.text if isinstance(value, ArrayFormula) else value
        raise CellRefused(
            _(
                "The cell holds a formula (%(formula)s); formulas are refused, never "
                "evaluated. Enter the value itself."
            )
            % {"formula": str(shown or "")[:40]}
        )
    if data_type == "e":
        raise CellRefused(_("The cell holds the Excel error %(code)s.") % {"code": value})
    return value


# --- Writing cells ------------------------------------------------------------


def text_cell(sheet: Any, value: str, **style: Any) -> Cell:
    """A string cell that Excel shows as it is: never a formula, whatever it starts
    with (``=HYPERLINK(…)`` stays those characters)."""
    cell = WriteOnlyCell(sheet)
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.data_type = "s"
    for name, setting in style.items():
        setattr(cell, name, setting)
    if cell.value.startswith(FORMULA_STARTS):  # after the style: a named style resets it
        cell.quotePrefix = True
    return cell


def write_cells(sheet: Any, values: Iterable[object], **style: Any) -> list[Cell]:
    """One row of cells for ``sheet.append``: strings through ``text_cell``, other values
    (numbers, dates, None) as they are."""
    cells = []
    for value in values:
        if isinstance(value, str):
            cells.append(text_cell(sheet, value, **style))
            continue
        cell = WriteOnlyCell(sheet, value=value)  # type: ignore[arg-type]
        for name, setting in style.items():
            setattr(cell, name, setting)
        cells.append(cell)
    return cells


def xlsx_response(handle: IO[bytes], filename: str) -> FileResponse:
    """A workbook download; the response closes ``handle`` once sent."""
    return FileResponse(
        handle, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
    )
