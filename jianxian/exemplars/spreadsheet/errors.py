"""What goes wrong with an exemplar workbook: rows that are bad (``ImportInvalid``).

A file that cannot be used at all (not an .xlsx, too large, a zip bomb, no sheet to
read) is a ``core.spreadsheet.WorkbookRejected``; both are ``ActionError``s, so nothing
is written and the message reaches the user as it is.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from jianxian.core.errors import ActionError
from jianxian.core.spreadsheet import SheetRowError
from jianxian.exemplars.spreadsheet.columns import SHEETS

_SHEET_ORDER = {spec.name: index for index, spec in enumerate(SHEETS)}


def sort_key(error: SheetRowError) -> tuple[int, int, str, str]:
    return (_SHEET_ORDER.get(error.sheet, len(SHEETS)), error.row, error.column, error.message)


class ImportInvalid(ActionError):
    """Some rows are bad; nothing was imported. ``errors`` lists every problem, sheet by
    sheet in the workbook's order, then by row (HTTP 422)."""

    status = 422

    def __init__(self, errors: list[SheetRowError]):
        self.errors = sorted(dict.fromkeys(errors), key=sort_key)
        rows = len({(error.sheet, error.row) for error in self.errors})
        self.summary = _(
            "%(rows)d row(s) of the workbook have problems (%(problems)d in all); "
            "nothing was imported."
        ) % {"rows": rows, "problems": len(self.errors)}
        super().__init__(self.summary)

    def lines(self) -> list[str]:
        return [self.summary, *(str(error) for error in self.errors)]
