"""Importing units and people from an Excel roster with Chinese headers.

``import_roster`` reads the whole sheet and checks every row first (``reader``), then
checks the rows against each other and the database (``plan``); only when nothing is
wrong does it write, in one transaction (``apply``). Re-importing the same file writes
nothing. A blank cell means "not given": it never erases what is stored.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from jianxian.core.roster.apply import ImportResult, apply_plan
from jianxian.core.roster.columns import COLUMNS, Column
from jianxian.core.roster.errors import RosterError, RosterInvalid, RowError
from jianxian.core.roster.plan import plan_import
from jianxian.core.roster.reader import read_sheet
from jianxian.core.roster.template import write_template

__all__ = [
    "COLUMNS",
    "Column",
    "ImportResult",
    "RosterError",
    "RosterInvalid",
    "RowError",
    "import_roster",
    "write_template",
]


def import_roster(
    path: str | Path,
    *,
    sheet: str | None = None,
    dry_run: bool = False,
    progress: IO[str] | None = None,
) -> ImportResult:
    """Import a roster, or with ``dry_run`` only check it and count what would change.

    Raises ``RosterError`` when the file cannot be used and ``RosterInvalid`` (listing
    every bad row) when any row is bad; in both cases nothing is written. ``progress``
    is where progress bars go on large files (None: no bars).
    """
    path = Path(path)
    sheet_data = read_sheet(path, sheet=sheet, progress=progress)
    try:
        with transaction.atomic():  # a dry run writes nothing, but reads under locks too
            plan = plan_import(sheet_data)
            if not dry_run:
                apply_plan(plan, source=path.name, progress=progress)
    except IntegrityError as exc:
        raise RosterError(
            _(
                "The database changed while the roster was being imported; nothing was "
                "imported. Run the import again."
            )
        ) from exc
    return ImportResult.of(plan, dry_run=dry_run)
