"""``manage.py import_people ROSTER.xlsx``: units and people from an Excel roster."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper
from django.utils.translation import gettext as _

from jianxian.core.roster import RosterError, import_roster


class _ProgressStream:
    """Hands tqdm's output to the command's stderr unchanged (no added newline, no colour)."""

    def __init__(self, out: OutputWrapper):
        self.out = out

    def write(self, text: str) -> None:
        self.out.write(text, style_func=str, ending="")

    def flush(self) -> None:
        self.out.flush()


class Command(BaseCommand):
    help = (
        "Import units and people from an Excel roster (.xlsx) with Chinese headers. Every "
        "row is checked first; if any is bad, nothing is imported and each problem is listed. "
        "Re-importing changes only what differs; a blank cell never erases stored data. "
        "`manage.py roster_template OUT.xlsx` writes an empty roster."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("roster", type=Path, help="the .xlsx file")
        parser.add_argument("--sheet", help="the sheet to read (default: the first one)")
        parser.add_argument(
            "--dry-run", action="store_true", help="check the roster and count, write nothing"
        )
        parser.add_argument("--no-progress", action="store_true", help="show no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        progress = None if options["no_progress"] else _ProgressStream(self.stderr)
        try:
            result = import_roster(
                options["roster"],
                sheet=options["sheet"],
                dry_run=options["dry_run"],
                progress=progress,  # type: ignore[arg-type]
            )
        except RosterError as exc:
            raise CommandError(exc.message) from exc
        counts = {
            "rows": result.rows,
            "units_created": result.units_created,
            "units_existing": result.units_existing,
            "people_created": result.people_created,
            "people_updated": result.people_updated,
            "posts_added": result.posts_added,
            "unchanged": result.people_unchanged,
        }
        if result.dry_run:
            self.stdout.write(_("The roster is valid; nothing was written (dry run)."))
            summary = _(
                "Would create %(units_created)d unit(s) (%(units_existing)d exist already) and "
                "%(people_created)d person(s); would update %(people_updated)d person(s), "
                "adding %(posts_added)d post(s); %(unchanged)d person(s) unchanged. "
                "%(rows)d row(s) read."
            )
        else:
            summary = _(
                "Units created: %(units_created)d (already there: %(units_existing)d). "
                "People created: %(people_created)d, updated: %(people_updated)d, "
                "posts added: %(posts_added)d, unchanged: %(unchanged)d. %(rows)d row(s) read."
            )
        self.stdout.write(summary % counts, self.style.SUCCESS)
