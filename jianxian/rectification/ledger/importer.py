"""Importing a problem list (问题清单) from Excel: all or nothing, every error at once.

``import_problems`` checks the upload (``core.spreadsheet``), reads and checks every
cell (``reader``), then every row against the database and the importer's rights:
known unit code (a unit whose problem list the importer runs), known staff number (a
person the importer may see), known category still in use, the kind's rules (a due
date unless ongoing, a review cycle exactly when ongoing), no row twice. Only when
nothing is wrong does it write, in one transaction, through ``rectification.actions``
(``create_problem`` and ``add_measure``): drafts, with their events, exactly as made
in the browser. A row already on its unit's list (same unit, title and description)
is skipped and reported, so importing the same file again writes nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jianxian.core import permissions
from jianxian.core.errors import ActionError, PermissionDenied
from jianxian.core.models import Person, Unit
from jianxian.core.spreadsheet import SheetRowError, WorkbookRejected, accept_xlsx
from jianxian.core.text import fold
from jianxian.rectification import actions
from jianxian.rectification.ledger import columns as c
from jianxian.rectification.ledger.labels import SOURCE_LABELS, label_of
from jianxian.rectification.ledger.reader import ProblemRow, Sheet, read_sheet
from jianxian.rectification.models import MANAGER_ROLES, Category, Problem, ProblemKind

CHUNK = 500  # values per IN (...) query


class LedgerInvalid(ActionError):
    """Some rows are bad; nothing was imported. ``errors`` lists every problem by row
    and column (HTTP 422)."""

    status = 422

    def __init__(self, errors: list[SheetRowError]):
        self.errors = sorted(dict.fromkeys(errors), key=lambda e: (e.row, _order(e.column)))
        rows = len({error.row for error in self.errors})
        self.summary = _(
            "%(rows)d row(s) of the workbook have problems (%(problems)d in all); "
            "nothing was imported."
        ) % {"rows": rows, "problems": len(self.errors)}
        super().__init__(self.summary)

    def lines(self) -> list[str]:
        return [self.summary, *(str(error) for error in self.errors)]


def _order(header: str) -> int:
    return next((i for i, col in enumerate(c.COLUMNS) if col.header == header), -1)


@dataclass(frozen=True)
class Skipped:
    row: int
    title: str
    problem_id: int


@dataclass
class ImportResult:
    rows: int
    created: list[int] = field(default_factory=list)  # the new problems' ids
    skipped: list[Skipped] = field(default_factory=list)
    measures: int = 0
    dry_run: bool = False
    to_create: int = 0  # a dry run: how many would be created

    @property
    def created_count(self) -> int:
        return self.to_create if self.dry_run else len(self.created)

    def counts(self) -> str:
        return _(
            "%(created)d new problem(s) with %(measures)d measure(s); %(skipped)d already "
            "on the list (skipped)."
        ) % {
            "created": self.created_count,
            "measures": self.measures,
            "skipped": len(self.skipped),
        }

    def message(self) -> str:
        if self.dry_run:
            head = _("The problem list is valid; nothing was written (check only).")
        elif self.created:
            head = _("The problem list was imported as drafts.")
        else:
            head = _("Nothing to import: every problem in the workbook is already on its list.")
        return f"{head} {self.counts()}"


def can_import(user: Any) -> bool:
    """Whoever runs a problem list somewhere (unit admins, organizers) may import."""
    return Unit.objects.filter(permissions.units_with_role(user, *MANAGER_ROLES)).exists()


def _chunks[T](values: list[T]) -> Iterator[list[T]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


@dataclass
class Planned:
    row: ProblemRow
    unit: Unit
    responsible: Person
    category: Category


class _Planner:
    def __init__(self, sheet: Sheet, actor: Any, unit_default: Unit | None):
        self.sheet, self.actor, self.unit_default = sheet, actor, unit_default
        self.errors: list[SheetRowError] = list(sheet.errors)
        self.may_manage: dict[int, bool] = {}

    def error(self, row: ProblemRow, column: c.Column, message: str) -> None:
        self.errors.append(SheetRowError(self.sheet.name, row.number, column.header, message))
        row.bad.add(column.key)

    def load(self) -> None:
        rows = self.sheet.rows
        codes = sorted({row.unit_code for row in rows if row.unit_code})
        self.units = {
            unit.code or "": unit
            for chunk in _chunks(codes)
            for unit in Unit.objects.filter(code__in=chunk)
        }
        numbers = sorted({row.staff_no for row in rows if row.staff_no})
        people = Person.objects.all()
        if self.actor is not None:
            people = people.filter(permissions.visible_person_q(self.actor))
        self.people = {
            person.staff_no or "": person
            for chunk in _chunks(numbers)
            for person in people.filter(staff_no__in=chunk)
        }
        self.categories: dict[str, Category] = {}
        vocabulary = list(Category.objects.order_by("-is_active", "position", "id"))
        for category in vocabulary:
            for key in (fold(category.name), fold(category.name_en)):
                if key:
                    self.categories.setdefault("".join(key.split()), category)
        self.category_choices = "、".join(cat.name for cat in vocabulary if cat.is_active)

    def manages(self, unit: Unit) -> bool:
        if self.actor is None:
            return True
        if unit.pk not in self.may_manage:
            self.may_manage[unit.pk] = any(
                permissions.has_role(self.actor, role, unit) for role in MANAGER_ROLES
            )
        return self.may_manage[unit.pk]

    def unit_of(self, row: ProblemRow) -> Unit | None:
        if c.UNIT_CODE.key in row.bad:
            return None
        if not row.unit_code:
            if self.unit_default is None:
                self.error(row, c.UNIT_CODE, _("The cell is required."))
            unit = self.unit_default
        else:
            unit = self.units.get(row.unit_code)
            if unit is None:
                message = _("No unit has the code “%(code)s”.") % {"code": row.unit_code}
                self.error(row, c.UNIT_CODE, message)
                return None
        if unit is not None and not self.manages(unit):
            self.error(
                row,
                c.UNIT_CODE,
                _("You cannot add problems to the list of %(unit)s.") % {"unit": unit.name},
            )
            return None
        return unit

    def person_of(self, row: ProblemRow) -> Person | None:
        if not row.staff_no:
            return None
        person = self.people.get(row.staff_no)
        if person is None:
            self.error(
                row,
                c.STAFF_NO,
                _("No person you can see has the staff number “%(number)s”.")
                % {"number": row.staff_no},
            )
        return person

    def category_of(self, row: ProblemRow) -> Category | None:
        if not row.category:
            return None
        category = self.categories.get("".join(fold(row.category).split()))
        choices = self.category_choices
        if category is None:
            self.error(
                row,
                c.CATEGORY,
                _("Unknown category “%(value)s”; use one of: %(choices)s.")
                % {"value": row.category, "choices": choices},
            )
        elif not category.is_active:
            self.error(
                row,
                c.CATEGORY,
                _("The category “%(name)s” is no longer in use; use one of: %(choices)s.")
                % {"name": category.name, "choices": choices},
            )
            return None
        return category

    def check_schedule(self, row: ProblemRow) -> None:
        """A due date unless ongoing; a review cycle exactly when ongoing (the
        problem table's own rules, with messages naming the cells)."""
        if not row.kind:
            return
        due_given = c.DUE_DATE.key in row.given
        cycle_given = c.REVIEW_CYCLE.key in row.given
        if row.kind == ProblemKind.ONGOING:
            if due_given and c.DUE_DATE.key not in row.bad:
                self.error(
                    row,
                    c.DUE_DATE,
                    _("An ongoing effort has no due date; give a review cycle instead."),
                )
            if not cycle_given and c.REVIEW_CYCLE.key not in row.bad:
                self.error(
                    row, c.REVIEW_CYCLE, _("Give the review cycle of an ongoing effort, in days.")
                )
            return
        if not due_given and c.DUE_DATE.key not in row.bad:
            self.error(
                row,
                c.DUE_DATE,
                _("Give a due date: immediate and deadline rectifications need one."),
            )
        if cycle_given and c.REVIEW_CYCLE.key not in row.bad:
            self.error(row, c.REVIEW_CYCLE, _("Only an ongoing effort has a review cycle."))

    def plan(self) -> tuple[list[Planned], list[Skipped]]:
        self.load()
        planned: list[Planned] = []
        seen: dict[tuple[int, str, str], int] = {}
        for row in self.sheet.rows:
            unit = self.unit_of(row)
            person = self.person_of(row)
            category = self.category_of(row)
            self.check_schedule(row)
            if unit is None or person is None or category is None or row.bad:
                continue
            key = (unit.pk, row.title, row.description)
            if key in seen:
                self.error(
                    row,
                    c.TITLE,
                    _("The same problem (unit, title and description) is also on row %(row)d.")
                    % {"row": seen[key]},
                )
                continue
            seen[key] = row.number
            planned.append(Planned(row, unit, person, category))
        return self.split_existing(planned)

    def split_existing(self, planned: list[Planned]) -> tuple[list[Planned], list[Skipped]]:
        """Set aside the rows whose problem is already on its unit's list."""
        stored: dict[tuple[int, str, str], int] = {}
        unit_ids = sorted({item.unit.pk for item in planned})
        titles = sorted({item.row.title for item in planned})
        for chunk in _chunks(titles):
            rows = Problem.objects.filter(unit_id__in=unit_ids, title__in=chunk).values_list(
                "pk", "unit_id", "title", "description"
            )
            for pk, unit_id, title, description in rows:
                stored.setdefault((unit_id, title, description), pk)
        new: list[Planned] = []
        skipped: list[Skipped] = []
        for item in planned:
            found = stored.get((item.unit.pk, item.row.title, item.row.description))
            if found is None:
                new.append(item)
            else:
                skipped.append(Skipped(item.row.number, item.row.title, found))
        return new, skipped


@contextmanager
def _row(sheet: Sheet, row: ProblemRow, column: c.Column) -> Iterator[None]:
    """An action's refusal (a rule the checks could not see) names the row."""
    try:
        yield
    except (ActionError, PermissionDenied) as exc:
        message = str(getattr(exc, "message", None) or exc)
        error = SheetRowError(sheet.name, row.number, column.header, message)
        raise LedgerInvalid([error]) from exc


def _apply(sheet: Sheet, planned: list[Planned], actor: Any) -> tuple[list[int], int]:
    created, measures = [], 0
    for item in planned:
        row = item.row
        with _row(sheet, row, c.TITLE):
            problem = actions.create_problem(
                actor=actor,
                unit=item.unit,
                responsible=item.responsible,
                title=row.title,
                description=row.description,
                category=item.category,
                kind=row.kind,
                source_kind=row.source_kind,
                source_label=row.source_label or _source_default(row),
                severity=row.severity,
                due_date=row.due_date,
                review_cycle_days=row.review_cycle_days,
                acceptance_standard=row.acceptance_standard,
            )
        with _row(sheet, row, c.MEASURES):
            for description in row.measures:
                actions.add_measure(actor=actor, problem=problem, description=description)
                measures += 1
        created.append(problem.pk)
    return created, measures


def _source_default(row: ProblemRow) -> str:
    return label_of(SOURCE_LABELS, row.source_kind)


def import_problems(
    file: bytes | IO[bytes],
    *,
    actor: Any,
    unit_default: Unit | None = None,
    dry_run: bool = False,
    today: datetime.date | None = None,
) -> ImportResult:
    """Import an uploaded problem list as ``actor`` (None: the system), or with
    ``dry_run`` only check it and count what would be created.

    ``unit_default`` is the unit of rows that leave 责任单位代码 blank (the list the
    import was started from). Raises ``WorkbookRejected`` when the file cannot be used
    and ``LedgerInvalid`` (listing every bad row) when any row is bad; in both cases
    nothing is written.
    """
    today = today or timezone.localdate()
    sheet = read_sheet(accept_xlsx(file), today=today, unit_default=unit_default is not None)
    try:
        with transaction.atomic():
            planner = _Planner(sheet, actor, unit_default)
            planned, skipped = planner.plan()
            if planner.errors:
                raise LedgerInvalid(planner.errors)
            result = ImportResult(rows=len(sheet.rows), skipped=skipped, dry_run=dry_run)
            if dry_run:
                result.to_create = len(planned)
                result.measures = sum(len(item.row.measures) for item in planned)
            else:
                result.created, result.measures = _apply(sheet, planned, actor)
    except IntegrityError as exc:
        raise WorkbookRejected(
            _(
                "The database changed while the workbook was being imported; nothing was "
                "imported. Run the import again."
            )
        ) from exc
    return result
