"""Checking the rows against each other and the database, and planning the writes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max
from django.utils.translation import gettext as _

from jianxian.core.models import Unit
from jianxian.core.roster import columns as c
from jianxian.core.roster.errors import RosterInvalid, RowError
from jianxian.core.roster.facts import chunks, merge, shown
from jianxian.core.roster.people import PersonSpec, PersonUpdate, collect_people, compare_people
from jianxian.core.roster.reader import RosterRow, Sheet
from jianxian.core.text import fold

PATH_LENGTH = Unit._meta.get_field("path").max_length or 255

# Facts are (value, row that gave it first); blank values of these do not count.
UNIT_FACTS = ((c.UNIT_NAME, "unit_name"), (c.UNIT_KIND, "unit_kind"))


@dataclass
class UnitSpec:
    code: str
    row: int
    facts: dict[str, tuple[Any, int]] = field(default_factory=dict)
    parent: tuple[str, int] | None = None  # (code, row); None while no usable cell gave it
    kind_refused: bool = False

    def fact(self, key: str) -> Any:
        return self.facts.get(key, ("", 0))[0]


@dataclass
class Plan:
    rows: int
    new_units: list[UnitSpec]  # parents before their children
    units: dict[str, Unit]  # the existing units the roster names (as units or parents)
    units_existing: int  # how many of the roster's units exist already
    new_people: list[PersonSpec]
    updates: list[PersonUpdate]
    unchanged_people: int


def plan_import(sheet: Sheet) -> Plan:
    """Check everything that needs more than one row or the database; raise
    ``RosterInvalid`` with every problem found (the sheet's own ones included)."""
    errors = list(sheet.errors)
    units = _collect_units(sheet.rows, errors)
    people = collect_people(sheet.rows, errors)
    codes = set(units) | {spec.parent[0] for spec in units.values() if spec.parent}
    existing = {
        unit.code: unit
        for chunk in chunks(sorted(code for code in codes if code))
        for unit in Unit.objects.filter(code__in=chunk)
        .select_related("parent")
        .select_for_update(of=("self",))
        if unit.code
    }
    _check_existing_units(units, existing, errors)
    new_units = _order_new_units(units, existing, errors)
    new_people, updates, unchanged = compare_people(people, existing)
    if errors:
        raise RosterInvalid(errors)
    return Plan(
        rows=len(sheet.rows),
        new_units=new_units,
        units=existing,
        units_existing=sum(1 for code in units if code in existing),
        new_people=new_people,
        updates=updates,
        unchanged_people=unchanged,
    )


def _collect_units(rows: Iterable[RosterRow], errors: list[RowError]) -> dict[str, UnitSpec]:
    units: dict[str, UnitSpec] = {}
    for row in rows:
        if not row.unit_code or "unit_code" in row.bad:
            continue
        spec = units.setdefault(row.unit_code, UnitSpec(code=row.unit_code, row=row.number))
        spec.kind_refused |= "unit_kind" in row.bad
        for column, key in UNIT_FACTS:
            earlier = merge(spec.facts, key, getattr(row, key), row.number)
            if earlier:
                errors.append(
                    RowError(
                        row.number,
                        column.header,
                        _("Unit %(code)s is given %(value)s here but %(other)s on row %(row)d.")
                        % {
                            "code": spec.code,
                            "value": shown(key, getattr(row, key)),
                            "other": shown(key, earlier[0]),
                            "row": earlier[1],
                        },
                    )
                )
        if "parent_code" in row.bad:
            continue
        if spec.parent is None:
            spec.parent = (row.parent_code, row.number)
        elif spec.parent[0] != row.parent_code:
            errors.append(
                RowError(
                    row.number,
                    c.PARENT_CODE.header,
                    _(
                        "Unit %(code)s is given the parent %(value)s here but %(other)s "
                        "on row %(row)d."
                    )
                    % {
                        "code": spec.code,
                        "value": _parentshown(row.parent_code),
                        "other": _parentshown(spec.parent[0]),
                        "row": spec.parent[1],
                    },
                )
            )
    return units


def _parentshown(code: str | None) -> str:
    return f"“{code}”" if code else _("(none: a top-level unit)")


def _check_existing_units(
    units: dict[str, UnitSpec], existing: dict[str, Unit], errors: list[RowError]
) -> None:
    """A unit already in the database must match: the import neither renames nor moves,
    and adds nothing to a deactivated unit."""
    for code, spec in units.items():
        unit = existing.get(code)
        if unit is None:
            continue
        if not unit.is_active:
            errors.append(
                RowError(
                    spec.row,
                    c.UNIT_CODE.header,
                    _("Unit %(code)s is deactivated; reactivate it before importing into it.")
                    % {"code": code},
                )
            )
        name, name_row = spec.facts.get("unit_name", ("", 0))
        if name and fold(name) != fold(unit.name):
            errors.append(
                RowError(
                    name_row,
                    c.UNIT_NAME.header,
                    _(
                        "Unit %(code)s already exists as “%(name)s”; the import does not "
                        "rename units."
                    )
                    % {"code": code, "name": unit.name},
                )
            )
        kind, kind_row = spec.facts.get("unit_kind", ("", 0))
        if kind and kind != unit.kind:
            errors.append(
                RowError(
                    kind_row,
                    c.UNIT_KIND.header,
                    _(
                        "Unit %(code)s already exists with the type %(kind)s; the import does not "
                        "change unit types."
                    )
                    % {"code": code, "kind": c.kind_label(unit.kind)},
                )
            )
        parent = unit.parent
        if spec.parent and spec.parent[0] != ((parent.code or "") if parent else ""):
            where = (
                _("under “%(name)s” (code %(code)s)")
                % {"name": parent.name, "code": parent.code or _("none")}
                if parent
                else _("at the top level")
            )
            errors.append(
                RowError(
                    spec.parent[1],
                    c.PARENT_CODE.header,
                    _(
                        "Unit %(code)s already exists %(where)s; moving units is not supported by "
                        "the import."
                    )
                    % {"code": code, "where": where},
                )
            )


def _order_new_units(
    units: dict[str, UnitSpec], existing: dict[str, Unit], errors: list[RowError]
) -> list[UnitSpec]:
    """The units to create, parents first; report missing types and parents, cycles, and
    trees too deep for the materialized path."""
    new: dict[str, UnitSpec] = {}
    for code, spec in units.items():
        if code in existing:
            continue
        if not spec.fact("unit_kind") and not spec.kind_refused:
            errors.append(
                RowError(spec.row, c.UNIT_KIND.header, _("A new unit needs a unit type."))
            )
        if spec.parent and spec.parent[0]:
            parent_code, row = spec.parent
            if parent_code not in units and parent_code not in existing:
                errors.append(
                    RowError(
                        row,
                        c.PARENT_CODE.header,
                        _(
                            "The parent unit code %(code)s exists neither in this file nor in "
                            "the database."
                        )
                        % {"code": parent_code},
                    )
                )
                continue
        new[code] = spec

    order: list[UnitSpec] = []
    done: set[str] = set()
    for start in new:
        chain: list[str] = []
        code = start
        while code in new and code not in done and code not in chain:
            chain.append(code)
            code = _parent_code(new[code])
        done.update(chain)
        if code in chain:
            loop = chain[chain.index(code) :]
            cycle = " → ".join([*loop, code])
            for member in loop:
                errors.append(
                    RowError(
                        _parent_row(new[member]),
                        c.PARENT_CODE.header,
                        _("The parent codes form a cycle: %(cycle)s.") % {"cycle": cycle},
                    )
                )
            continue
        order.extend(new[code] for code in reversed(chain))
    _check_depth(order, existing, errors)
    return order


def _parent_code(spec: UnitSpec) -> str:
    return spec.parent[0] if spec.parent else ""


def _parent_row(spec: UnitSpec) -> int:
    return spec.parent[1] if spec.parent else spec.row


def _check_depth(order: list[UnitSpec], existing: dict[str, Unit], errors: list[RowError]) -> None:
    if not order:
        return
    largest = Unit.objects.aggregate(largest=Max("id"))["largest"] or 0
    # Each level adds its id and a slash; ids are estimated generously (one digit more).
    step = len(str(largest + len(order))) + 2
    lengths: dict[str, int] = {}
    for spec in order:
        parent_code = _parent_code(spec)
        parent = existing.get(parent_code)
        base = len(parent.path) if parent else lengths.get(parent_code, 0)
        lengths[spec.code] = base + step
        if lengths[spec.code] > PATH_LENGTH:
            errors.append(
                RowError(
                    _parent_row(spec),
                    c.PARENT_CODE.header,
                    _("Unit %(code)s would lie deeper in the tree than the system allows.")
                    % {"code": spec.code},
                )
            )
