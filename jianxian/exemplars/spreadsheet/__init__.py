"""Excel import and export of exemplars with their deeds and honours.

One workbook format (``columns``): the sheets 典型, 事迹 and 荣誉 with Chinese headers,
and a 说明 sheet explaining them. ``export_workbook`` writes what a user can see in it;
``import_workbook`` reads it back. An import checks the upload (``core.spreadsheet``),
reads and checks every cell (``reader``), finds the exemplar each row is about
(``targets``), checks the rows against each other, the database and the user's rights
(``plan``), and only when nothing is wrong writes, in one transaction, through the
exemplar actions (``apply``). Importing the same file
again, or a file just exported, writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from jianxian.core import permissions
from jianxian.core.models import Unit
from jianxian.core.spreadsheet import SheetRowError, WorkbookRejected, accept_xlsx
from jianxian.exemplars.models import EDITOR_ROLES
from jianxian.exemplars.spreadsheet.apply import apply_plan
from jianxian.exemplars.spreadsheet.errors import ImportInvalid
from jianxian.exemplars.spreadsheet.export import (
    TEMPLATE_NAME,
    export_file,
    export_name,
    export_workbook,
    write_template,
)
from jianxian.exemplars.spreadsheet.plan import CREATE, UNCHANGED, UPDATE, Plan, plan_import
from jianxian.exemplars.spreadsheet.reader import MAX_ROWS, read_book

__all__ = [
    "MAX_ROWS",
    "TEMPLATE_NAME",
    "ImportInvalid",
    "ImportResult",
    "SheetRowError",
    "WorkbookRejected",
    "can_import",
    "export_file",
    "export_name",
    "export_workbook",
    "import_workbook",
    "write_template",
]


@dataclass(frozen=True)
class ImportResult:
    rows: int
    exemplars_created: int
    exemplars_updated: int
    exemplars_unchanged: int
    deeds_created: int
    deeds_updated: int
    deeds_unchanged: int
    honours_created: int
    honours_unchanged: int
    dry_run: bool

    @classmethod
    def of(cls, plan: Plan, *, dry_run: bool) -> ImportResult:
        rows = [t for t in plan.targets if t.row is not None]
        return cls(
            rows=plan.rows,
            exemplars_created=plan.count(rows, CREATE),
            exemplars_updated=plan.count(rows, UPDATE),
            exemplars_unchanged=plan.count(rows, UNCHANGED),
            deeds_created=plan.count(plan.deeds, CREATE),
            deeds_updated=plan.count(plan.deeds, UPDATE),
            deeds_unchanged=plan.count(plan.deeds, UNCHANGED),
            honours_created=plan.count(plan.honours, CREATE),
            honours_unchanged=plan.count(plan.honours, UNCHANGED),
            dry_run=dry_run,
        )

    @property
    def changes(self) -> int:
        return (
            self.exemplars_created
            + self.exemplars_updated
            + self.deeds_created
            + self.deeds_updated
            + self.honours_created
        )

    def counts(self) -> str:
        return _(
            "Exemplars: %(created)d new, %(updated)d changed, %(unchanged)d unchanged. "
            "Deeds: %(deeds_created)d new, %(deeds_updated)d changed, %(deeds_unchanged)d "
            "unchanged. Honours: %(honours_created)d new, %(honours_unchanged)d unchanged."
        ) % {
            "created": self.exemplars_created,
            "updated": self.exemplars_updated,
            "unchanged": self.exemplars_unchanged,
            "deeds_created": self.deeds_created,
            "deeds_updated": self.deeds_updated,
            "deeds_unchanged": self.deeds_unchanged,
            "honours_created": self.honours_created,
            "honours_unchanged": self.honours_unchanged,
        }

    def message(self) -> str:
        if self.dry_run:
            head = _("The workbook is valid; nothing was written (check only).")
        elif self.changes:
            head = _("The workbook was imported.")
        else:
            head = _("Nothing to import: everything in the workbook is already stored.")
        return f"{head} {self.counts()}"


def can_import(user: Any) -> bool:
    """Whoever may add exemplars somewhere (an organizer or unit admin) may import."""
    return Unit.objects.filter(permissions.units_with_role(user, *EDITOR_ROLES)).exists()


def import_workbook(data: bytes | IO[bytes], *, user: Any, dry_run: bool = False) -> ImportResult:
    """Import an uploaded workbook as ``user``, or with ``dry_run`` only check it and
    count what would change.

    Raises ``WorkbookRejected`` when the file cannot be used and ``ImportInvalid``
    (listing every bad row) when any row is bad; in both cases nothing is written.
    """
    book = read_book(accept_xlsx(data))
    try:
        with transaction.atomic():
            plan = plan_import(book, user)
            if not dry_run:
                apply_plan(plan, user=user)
    except IntegrityError as exc:
        raise WorkbookRejected(
            _(
                "The database changed while the workbook was being imported; nothing was "
                "imported. Run the import again."
            )
        ) from exc
    return ImportResult.of(plan, dry_run=dry_run)
