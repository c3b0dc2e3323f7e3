"""What goes wrong with a roster: a file that cannot be used, or rows that are bad."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True, order=True)
class RowError:
    """One problem: the row number as Excel shows it, the column's header, the reason."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Row %(row)d, %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class RosterError(Exception):
    """The file as a whole cannot be imported (not a workbook, empty, ...)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class RosterInvalid(RosterError):
    """Some rows are bad; nothing was imported. ``errors`` lists every problem."""

    def __init__(self, errors: list[RowError]):
        self.errors = sorted(dict.fromkeys(errors), key=lambda error: error.row)
        rows = len({error.row for error in self.errors})
        summary = _(
            "%(rows)d row(s) of the roster have problems (%(problems)d in all); "
            "nothing was imported."
        ) % {"rows": rows, "problems": len(self.errors)}
        super().__init__("\n".join([summary, *(str(error) for error in self.errors)]))
