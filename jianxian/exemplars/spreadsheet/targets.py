"""Which exemplar each row is about, and what an exemplar row does to it.

Nothing here writes. An exemplar row with an id is that exemplar; one without is new,
unless its unit already has an exemplar of that name, which it then is (so importing
the same file again, or an exported one, changes nothing). Deeds and honours name their
exemplar by id, or by name: a new exemplar of the same file, else one the user sees.
A blank cell means "not given": it never erases what is stored.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from jianxian.core import permissions
from jianxian.core.errors import ActionError, PermissionDenied
from jianxian.core.models import Unit
from jianxian.core.spreadsheet import SheetRowError
from jianxian.core.text import fold
from jianxian.exemplars.actions._common import check_can_edit
from jianxian.exemplars.models import EDITOR_ROLES, Exemplar, Quality
from jianxian.exemplars.spreadsheet import columns as c
from jianxian.exemplars.spreadsheet.reader import Book, ExemplarRow, RefRow

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
CHUNK = 500  # ids per IN (...) query, well below SQLite's variable limit


@dataclass(eq=False)
class Target:
    """An exemplar the workbook writes to or refers to: an existing one, or a new one
    described by a row of the 典型 sheet."""

    row: ExemplarRow | None  # the 典型 row (None: only named by deeds or honours)
    exemplar: Exemplar | None  # None: to be created
    owner_unit: Unit | None = None
    action: str = UNCHANGED
    values: dict[str, Any] = field(default_factory=dict)
    qualities: list[Quality] | None = None  # None: leave them as they are

    @property
    def name(self) -> str:
        if self.row is not None and self.row.name:
            return self.row.name
        return self.exemplar.name if self.exemplar else ""


class Targets:
    """The exemplars a workbook is about, with every problem found on the way."""

    def __init__(self, book: Book, user: Any):
        self.book, self.user = book, user
        self.errors: list[SheetRowError] = list(book.errors)
        self.targets: list[Target] = []
        self.by_id: dict[int, Target] = {}
        self.by_name: dict[str, list[Target]] = defaultdict(list)
        self.refusals: dict[int, str | None] = {}

    def error(self, sheet: c.SheetSpec, row: int, column: c.Column | None, message: str) -> None:
        self.errors.append(SheetRowError(sheet.name, row, column.header if column else "", message))

    # --- Reading what exists ---------------------------------------------------

    def load(self) -> None:
        book = self.book
        ids = {row.id for row in book.exemplars if row.id}
        ids |= {row.exemplar_id for row in [*book.deeds, *book.honours] if row.exemplar_id}
        visible = Exemplar.objects.visible_to(self.user).select_related(
            "owner_unit", "person", "subject_unit"
        )
        self.existing: dict[int, Exemplar] = {
            exemplar.pk: exemplar
            for chunk in chunks(sorted(ids))
            for exemplar in visible.filter(pk__in=chunk).prefetch_related("qualities")
        }
        # Locked (on PostgreSQL) so that two imports into a unit run one after the other
        # and the second finds what the first created.
        codes = {row.unit_code for row in book.exemplars if row.unit_code}
        self.units: dict[str, Unit] = {
            unit.code or "": unit
            for chunk in chunks(sorted(codes))
            for unit in Unit.objects.filter(code__in=chunk).select_for_update()
        }
        # New rows may already exist in their unit under the same name.
        self.in_units: dict[tuple[int, str], list[int]] = defaultdict(list)
        unit_ids = sorted({unit.pk for unit in self.units.values()})
        for chunk in chunks(unit_ids):
            for pk, name, unit_id in (
                Exemplar.objects.visible_to(self.user)
                .filter(owner_unit_id__in=chunk)
                .values_list("pk", "name", "owner_unit_id")
            ):
                self.in_units[(unit_id, fold(name))].append(pk)
        self.qualities: dict[str, Quality] = {}
        for quality in Quality.objects.order_by("-is_active", "sort_order", "id"):
            for key in (quality.code, fold(quality.name_en), fold(quality.name)):
                if key:
                    self.qualities.setdefault(key, quality)

    def fetch(self, pks: Iterable[int]) -> None:
        """Read exemplars found by name into ``existing``."""
        missing = sorted(set(pks) - self.existing.keys())
        visible = Exemplar.objects.visible_to(self.user).select_related(
            "owner_unit", "person", "subject_unit"
        )
        for chunk in chunks(missing):
            for exemplar in visible.filter(pk__in=chunk).prefetch_related("qualities"):
                self.existing[exemplar.pk] = exemplar

    def refusal(self, exemplar: Exemplar) -> str | None:
        """Why the user may not change this exemplar now (None: they may)."""
        if exemplar.pk not in self.refusals:
            try:
                check_can_edit(self.user, exemplar)
            except (ActionError, PermissionDenied) as exc:
                self.refusals[exemplar.pk] = str(getattr(exc, "message", None) or exc)
            else:
                self.refusals[exemplar.pk] = None
        return self.refusals[exemplar.pk]

    # --- 典型 -----------------------------------------------------------------

    def exemplars(self) -> None:
        sheet = c.EXEMPLARS
        rows_by_id: dict[int, int] = {}
        new_rows: dict[tuple[int, str], int] = {}
        found_by_name: list[tuple[ExemplarRow, Unit, int]] = []
        for row in self.book.exemplars:
            if row.id:
                exemplar = self.existing.get(row.id)
                if exemplar is None:
                    self.error(sheet, row.number, c.EXEMPLAR_ID, _no_such_id(row.id))
                    continue
                if row.id in rows_by_id:
                    self.error(sheet, row.number, c.EXEMPLAR_ID, _also_on(rows_by_id[row.id]))
                    continue
                rows_by_id[row.id] = row.number
                owner_code = exemplar.owner_unit.code or ""
                if row.unit_code and row.unit_code != owner_code:
                    self.error(
                        sheet,
                        row.number,
                        c.UNIT_CODE,
                        _(
                            "Exemplar %(id)d belongs to the unit with code “%(code)s”; the "
                            "import does not move exemplars between units."
                        )
                        % {"id": row.id, "code": owner_code or _("(none)")},
                    )
                self.add_target(Target(row=row, exemplar=exemplar, owner_unit=exemplar.owner_unit))
                continue
            if "id" in row.bad:
                continue
            unit = self.unit_for(row)
            if unit is None or not row.name:
                self.add_target(Target(row=row, exemplar=None))
                continue
            key = (unit.pk, fold(row.name))
            if key in new_rows:
                self.error(sheet, row.number, c.NAME, _also_on(new_rows[key]))
                continue
            new_rows[key] = row.number
            same = self.in_units.get(key, [])
            if len(same) > 1:
                self.error(
                    sheet,
                    row.number,
                    c.NAME,
                    _(
                        "Unit %(code)s has several exemplars named “%(name)s”; give the %(id)s "
                        "of the one meant."
                    )
                    % {"code": row.unit_code, "name": row.name, "id": c.EXEMPLAR_ID.header},
                )
                continue
            if same:
                found_by_name.append((row, unit, same[0]))
                continue
            self.add_target(Target(row=row, exemplar=None, owner_unit=unit))
        self.fetch(pk for _row, _unit, pk in found_by_name)
        for row, unit, pk in found_by_name:
            exemplar = self.existing[pk]
            if pk in rows_by_id:
                self.error(sheet, row.number, c.NAME, _also_on(rows_by_id[pk]))
                continue
            rows_by_id[pk] = row.number
            self.add_target(Target(row=row, exemplar=exemplar, owner_unit=unit))
        for target in self.targets:
            self.decide(target)

    def unit_for(self, row: ExemplarRow) -> Unit | None:
        """The unit a new exemplar goes to: one the user builds the library of."""
        if not row.unit_code:
            return None
        unit = self.units.get(row.unit_code)
        if unit is None or not permissions.can_view_unit(self.user, unit):
            self.error(
                c.EXEMPLARS,
                row.number,
                c.UNIT_CODE,
                _("There is no unit with the code “%(code)s” within your scope.")
                % {"code": row.unit_code},
            )
            return None
        if not any(permissions.has_role(self.user, role, unit) for role in EDITOR_ROLES):
            self.error(
                c.EXEMPLARS,
                row.number,
                c.UNIT_CODE,
                _("You cannot add exemplars to unit “%(name)s” (%(code)s).")
                % {"name": unit.name, "code": row.unit_code},
            )
            return None
        return unit

    def add_target(self, target: Target) -> None:
        self.targets.append(target)
        if target.exemplar is not None:
            self.by_id[target.exemplar.pk] = target
        names = {fold(target.name)}
        if target.exemplar is not None:
            names.add(fold(target.exemplar.name))
        for name in names - {""}:
            self.by_name[name].append(target)

    def decide(self, target: Target) -> None:
        """What the row does to its exemplar: the values to write, and whether anything
        changes at all."""
        row = target.row
        assert row is not None
        exemplar = target.exemplar
        qualities = self.resolve_qualities(row, exemplar)
        if row.bad or target.owner_unit is None:
            return  # reported already; nothing more to say about this row
        if exemplar is None:
            target.action = CREATE
            target.values = {
                "kind": row.kind,
                "name": row.name,
                "field": row.field,
                "level": row.level,
                "summary": row.summary or "",
                "person": None,
                "subject_unit": None,
                "external_name": "" if row.kind == Exemplar.Kind.PRACTICE else row.name,
            }
            target.qualities = qualities or []
            return
        kind = row.kind or exemplar.kind
        values = {
            "kind": kind,
            "name": row.name,
            "field": row.field or exemplar.field,
            "level": row.level or exemplar.level,
            "summary": exemplar.summary if row.summary is None else row.summary,
            **_links(exemplar, kind, row.name),
        }
        current = {q.pk for q in exemplar.qualities.all()}
        changed = any(values[key] != getattr(exemplar, key) for key in values)
        changed |= qualities is not None and {q.pk for q in qualities} != current
        if not changed:
            return
        refusal = self.refusal(exemplar)
        if refusal:
            self.error(c.EXEMPLARS, row.number, c.EXEMPLAR_ID, _cannot_change(exemplar, refusal))
            return
        target.action, target.values, target.qualities = UPDATE, values, qualities

    def resolve_qualities(
        self, row: ExemplarRow, exemplar: Exemplar | None
    ) -> list[Quality] | None:
        if row.qualities is None:
            return None
        found = [self.qualities.get(name) for name in row.qualities]
        unknown = [name for name, quality in zip(row.qualities, found, strict=True) if not quality]
        if unknown:
            in_use = Quality.objects.active().values_list("name", flat=True)
            self.error(
                c.EXEMPLARS,
                row.number,
                c.QUALITIES,
                _("Unknown quality “%(names)s”; the qualities in use are: %(choices)s.")
                % {"names": "、".join(unknown), "choices": "、".join(in_use)},
            )
            row.bad.add("qualities")
            return None
        chosen = list(dict.fromkeys(q for q in found if q is not None))
        kept = {q.pk for q in exemplar.qualities.all()} if exemplar else set()
        retired = [q.name for q in chosen if not q.is_active and q.pk not in kept]
        if retired:
            self.error(
                c.EXEMPLARS,
                row.number,
                c.QUALITIES,
                _("These qualities are no longer in use: %(names)s")
                % {"names": "、".join(retired)},
            )
            row.bad.add("qualities")
            return None
        return chosen

    # --- 事迹 and 荣誉 ---------------------------------------------------------

    def resolve_refs(self) -> None:
        """Exemplars that deeds and honours name but the 典型 sheet does not."""
        refs: list[RefRow] = [*self.book.deeds, *self.book.honours]
        for row in refs:
            if row.exemplar_id and row.exemplar_id not in self.by_id:
                exemplar = self.existing.get(row.exemplar_id)
                if exemplar is not None:
                    self.add_target(Target(row=None, exemplar=exemplar))
        names = {
            row.exemplar_name
            for row in refs
            if not row.exemplar_id
            and row.exemplar_name
            and fold(row.exemplar_name) not in self.by_name
        }
        if not names:
            return
        found: dict[str, list[int]] = defaultdict(list)
        for chunk in chunks(sorted(names)):
            for pk, name in (
                Exemplar.objects.visible_to(self.user)
                .filter(name__in=chunk)
                .values_list("pk", "name")
            ):
                found[fold(name)].append(pk)
        self.fetch(pk for pks in found.values() for pk in pks)
        for pks in found.values():
            for pk in pks:
                if pk not in self.by_id:
                    self.add_target(Target(row=None, exemplar=self.existing[pk]))

    def target_of(self, sheet: c.SheetSpec, row: RefRow) -> Target | None:
        if row.exemplar_id:
            target = self.by_id.get(row.exemplar_id)
            if target is None:
                self.error(sheet, row.number, c.REF_ID, _no_such_id(row.exemplar_id))
                return None
            names = {fold(target.name), fold(target.exemplar.name if target.exemplar else "")}
            if row.exemplar_name and fold(row.exemplar_name) not in names:
                self.error(
                    sheet,
                    row.number,
                    c.REF_NAME,
                    _("Exemplar %(id)d is named “%(name)s”, not “%(given)s”.")
                    % {"id": row.exemplar_id, "name": target.name, "given": row.exemplar_name},
                )
                return None
            return target
        if not row.exemplar_name:
            return None
        targets = self.by_name.get(fold(row.exemplar_name), [])
        if len(targets) == 1:
            return targets[0]
        if targets:
            message = _(
                "Several exemplars are named “%(name)s”; give the %(id)s of the one meant."
            ) % {"name": row.exemplar_name, "id": c.REF_ID.header}
        else:
            message = _(
                "No exemplar named “%(name)s” is in this workbook or within your scope."
            ) % {"name": row.exemplar_name}
        self.error(sheet, row.number, c.REF_NAME, message)
        return None

    def may_change(self, sheet: c.SheetSpec, row: RefRow, target: Target) -> bool:
        if target.exemplar is None:
            return True  # created by this import
        refusal = self.refusal(target.exemplar)
        if refusal:
            self.error(sheet, row.number, c.REF_ID, _cannot_change(target.exemplar, refusal))
            return False
        return True


def _links(exemplar: Exemplar, kind: str, name: str) -> dict[str, Any]:
    """Who or what an existing exemplar is about, as the edit form keeps it: the platform
    person or unit it is linked to while the kind allows it, else a name from outside
    (following a rename when it was the exemplar's own name)."""
    person = exemplar.person if kind == Exemplar.Kind.PERSON else None
    unit = exemplar.subject_unit if kind != Exemplar.Kind.PERSON else None
    external = exemplar.external_name
    if external and external == exemplar.name:
        external = name
    if person or unit:
        external = ""
    elif kind != Exemplar.Kind.PRACTICE and not external:
        external = name
    return {"person": person, "subject_unit": unit, "external_name": external}


def _no_such_id(pk: int) -> str:
    return _("There is no exemplar with the id %(id)d that you can see.") % {"id": pk}


def _also_on(row: int) -> str:
    return _("The same exemplar is also on row %(row)d.") % {"row": row}


def _cannot_change(exemplar: Exemplar, reason: str) -> str:
    return _("Exemplar %(id)d (“%(name)s”) cannot be changed: %(reason)s") % {
        "id": exemplar.pk,
        "name": exemplar.name,
        "reason": reason,
    }


def chunks[T](items: list[T], size: int = CHUNK) -> Iterable[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
