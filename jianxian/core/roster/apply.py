"""Writing a checked plan: units parents first, then people, in batches, with their events.

Units are written as ``actions.create_unit`` writes them (materialized path, depth,
pinyin key), people as ``actions.create_person`` / ``update_person`` do (derived name
columns from ``text.person_name_fields``, compare-and-set on ``version``), but new rows
in bulk. The people to update were read under row locks in the same transaction.
Every created or changed record gets one ``Event`` (``unit.import`` / ``person.import``).
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from jianxian.core.models import Event, Membership, Person, Unit
from jianxian.core.roster.errors import RosterError
from jianxian.core.roster.facts import chunks
from jianxian.core.roster.plan import Plan, UnitSpec
from jianxian.core.roster.reader import PROGRESS_THRESHOLD
from jianxian.core.text import person_name_fields, pinyin_key

BATCH = 1000
# A person to update: id, the version read, staff number, the new column values.
Stamped = tuple[int, int, str, dict[str, Any]]


@dataclass(frozen=True)
class ImportResult:
    rows: int
    units_created: int
    units_existing: int
    people_created: int
    people_updated: int
    posts_added: int
    people_unchanged: int
    dry_run: bool

    @classmethod
    def of(cls, plan: Plan, *, dry_run: bool) -> ImportResult:
        return cls(
            rows=plan.rows,
            units_created=len(plan.new_units),
            units_existing=plan.units_existing,
            people_created=len(plan.new_people),
            people_updated=len(plan.updates),
            posts_added=sum(len(update.posts) for update in plan.updates),
            people_unchanged=plan.unchanged_people,
            dry_run=dry_run,
        )


def apply_plan(plan: Plan, *, source: str, progress: IO[str] | None = None) -> None:
    """Write the plan. Call inside a transaction: any failure leaves nothing written."""
    units = dict(plan.units)
    _create_units(plan.new_units, units, source)
    total = len(plan.new_people) + len(plan.updates)
    with tqdm(
        total=total,
        desc=_("Importing"),
        unit=_("people"),
        file=progress,
        disable=progress is None or total < PROGRESS_THRESHOLD,
        leave=False,
    ) as bar:
        _create_people(plan, units, source, bar)
        _update_people(plan, units, source, bar)


def _event(target_type: ContentType, target: Any, verb: str, changes: dict, source: str) -> Event:
    return Event(
        actor=None,
        verb=verb,
        target_type=target_type,
        target_id=target.pk,
        target_repr=str(target)[:200],
        changes=changes,
        note=source,
    )


def _create_units(new_units: list[UnitSpec], units: dict[str, Unit], source: str) -> None:
    """Create the units one generation at a time: each generation is one bulk insert
    (with temporary paths) and one bulk update of the real paths."""
    if not new_units:
        return
    generation: dict[str, int] = {}
    for spec in new_units:  # parents come first
        parent_code = spec.parent[0] if spec.parent else ""
        generation[spec.code] = generation[parent_code] + 1 if parent_code in generation else 0
    unit_type = ContentType.objects.get_for_model(Unit)
    for level in range(max(generation.values()) + 1):
        specs = [spec for spec in new_units if generation[spec.code] == level]
        created = []
        for spec in specs:
            parent = units[spec.parent[0]] if spec.parent and spec.parent[0] else None
            name = spec.fact("unit_name")
            created.append(
                Unit(
                    name=name,
                    kind=spec.fact("unit_kind"),
                    parent=parent,
                    code=spec.code,
                    depth=parent.depth + 1 if parent else 0,
                    name_pinyin=pinyin_key(name),
                    path=f"new-{secrets.token_hex(8)}/",
                )
            )
        Unit.objects.bulk_create(created, batch_size=BATCH)
        if any(unit.pk is None for unit in created):  # a backend that returns no ids
            ids = dict(
                Unit.objects.filter(code__in=[u.code for u in created]).values_list("code", "id")
            )
            for unit in created:
                unit.pk = ids[unit.code]
        for unit in created:
            unit.path = f"{unit.parent.path if unit.parent else ''}{unit.pk}/"
            units[unit.code or ""] = unit
        Unit.objects.bulk_update(created, ["path"], batch_size=BATCH)
        Event.objects.bulk_create(
            [
                _event(
                    unit_type,
                    unit,
                    "unit.import",
                    {
                        "code": unit.code,
                        "name": unit.name,
                        "kind": unit.kind,
                        "parent": unit.parent_id,
                    },
                    source,
                )
                for unit in created
            ],
            batch_size=BATCH,
        )


def _create_people(plan: Plan, units: dict[str, Unit], source: str, bar: tqdm) -> None:
    person_type = ContentType.objects.get_for_model(Person)
    for batch in chunks(plan.new_people, BATCH):
        people = [
            Person(
                **person_name_fields(spec.fact("name")),
                gender=spec.fact("gender"),
                categories=list(spec.fact("categories")),
                staff_no=spec.staff_no,
                phone=spec.fact("phone"),
                email=spec.fact("email"),
            )
            for spec in batch
        ]
        Person.objects.bulk_create(people)
        if any(person.pk is None for person in people):
            ids = dict(
                Person.objects.filter(staff_no__in=[p.staff_no for p in people]).values_list(
                    "staff_no", "id"
                )
            )
            for person in people:
                person.pk = ids[person.staff_no]
        memberships: list[Membership] = []
        events: list[Event] = []
        for spec, person in zip(batch, people, strict=True):
            posts = [(units[code].pk, post) for code, post in spec.posts]
            memberships.extend(
                Membership(person=person, unit_id=unit_id, post=post, is_primary=index == 0)
                for index, (unit_id, post) in enumerate(posts)
            )
            changes = {"staff_no": spec.staff_no, "posts": posts}
            events.append(_event(person_type, person, "person.import", changes, source))
        Membership.objects.bulk_create(memberships)
        Event.objects.bulk_create(events)
        bar.update(len(batch))


def _update_people(plan: Plan, units: dict[str, Unit], source: str, bar: tqdm) -> None:
    person_type = ContentType.objects.get_for_model(Person)
    changed: dict[tuple[str, ...], list[Stamped]] = defaultdict(list)
    memberships: list[Membership] = []
    events: list[Event] = []
    for update in plan.updates:
        values = {key: new for key, (_old, new) in update.changes.items()}
        if "name" in values:
            values.update(person_name_fields(values["name"]))
        if values:
            changed[tuple(sorted(values))].append(
                (update.pk, update.version, update.spec.staff_no, values)
            )
        posts = [(units[code].pk, post) for code, post in update.posts]
        memberships.extend(
            Membership(
                person_id=update.pk,
                unit_id=unit_id,
                post=post,
                is_primary=not update.holds_a_post and index == 0,
            )
            for index, (unit_id, post) in enumerate(posts)
        )
        changes: dict[str, Any] = dict(update.changes)
        if posts:
            changes["posts_added"] = posts
        person = Person(pk=update.pk, name=update.spec.fact("name"))
        events.append(_event(person_type, person, "person.import", changes, source))
    for names, rows in changed.items():
        _compare_and_set(names, rows)
        bar.update(len(rows))
    bar.update(len(plan.updates) - sum(len(rows) for rows in changed.values()))
    Membership.objects.bulk_create(memberships, batch_size=BATCH)
    Event.objects.bulk_create(events, batch_size=BATCH)


def _compare_and_set(names: tuple[str, ...], rows: list[Stamped]) -> None:
    """``UPDATE person SET ..., version = version + 1 WHERE id = %s AND version = %s`` for
    many people with the same changed columns, as one ``executemany`` (pipelined on
    PostgreSQL; Django's ``bulk_update`` builds a CASE per column, which is slower on both
    databases). The rows were read under lock, so every one must match."""
    quote = connection.ops.quote_name
    fields: list[Field[Any, Any]] = [Person._meta.get_field(name) for name in names]  # type: ignore[misc]
    assignments = "".join(f"{quote(str(field.column))} = %s, " for field in fields)
    sql = (
        f"UPDATE {quote(Person._meta.db_table)} SET {assignments}"  # noqa: S608 (names from _meta)
        f"{quote('updated_at')} = %s, {quote('version')} = {quote('version')} + 1 "
        f"WHERE {quote('id')} = %s AND {quote('version')} = %s"
    )
    now = Person._meta.get_field("updated_at").get_db_prep_save(timezone.now(), connection)
    with connection.cursor() as cursor:
        for batch in chunks(rows, BATCH):
            params = [
                [
                    *(field.get_db_prep_save(values[field.name], connection) for field in fields),
                    now,
                    person_id,
                    version,
                ]
                for person_id, version, _staff_no, values in batch
            ]
            cursor.executemany(sql, params)
            if cursor.rowcount != len(batch):
                raise RosterError(
                    _(
                        "Staff number %(no)s was changed by someone else during the import; "
                        "nothing was imported. Run the import again."
                    )
                    % {"no": _stale(batch)}
                )


def _stale(batch: Sequence[Stamped]) -> str:
    """The staff number of a person whose version was not the one read."""
    current = dict(
        Person.objects.filter(pk__in=[row[0] for row in batch]).values_list("pk", "version")
    )
    return next(
        (no for pk, version, no, _v in batch if current.get(pk) != version + 1), batch[0][2]
    )
