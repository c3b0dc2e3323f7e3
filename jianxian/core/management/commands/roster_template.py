"""``manage.py roster_template OUT.xlsx``: an empty roster for ``import_people``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from jianxian.core.roster import write_template


class Command(BaseCommand):
    help = "Write an empty roster (.xlsx) with the headers import_people reads and one example row."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", type=Path, help="the .xlsx file to write")
        parser.add_argument("--force", action="store_true", help="overwrite an existing file")

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"]
        if out.suffix.lower() != ".xlsx":
            raise CommandError(_("The file name must end in .xlsx."))
        if out.exists() and not options["force"]:
            raise CommandError(
                _("%(file)s exists already; use --force to overwrite it.") % {"file": out}
            )
        try:
            write_template(out)
        except OSError as exc:
            raise CommandError(
                _("Cannot write %(file)s: %(reason)s") % {"file": out, "reason": exc.strerror}
            ) from exc
        self.stdout.write(_("Wrote the roster template to %(file)s.") % {"file": out})
