"""The people of a roster: one per staff number, compared with the database."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from jianxian.core.models import Membership, Person, Unit
from jianxian.core.roster import columns as c
from jianxian.core.roster.errors import RowError
from jianxian.core.roster.facts import chunks, merge, shown
from jianxian.core.roster.reader import RosterRow

# Facts are (value, row that gave it first); a blank cell gives none.
PERSON_FACTS = (
    (c.NAME, "name"),
    (c.GENDER, "gender"),
    (c.CATEGORIES, "categories"),
    (c.PHONE, "phone"),
    (c.EMAIL, "email"),
)


@dataclass
class PersonSpec:
    staff_no: str
    row: int
    facts: dict[str, tuple[Any, int]] = field(default_factory=dict)
    posts: dict[tuple[str, str], int] = field(default_factory=dict)  # (unit code, post)

    def fact(self, key: str) -> Any:
        return self.facts.get(key, ("", 0))[0]


@dataclass
class PersonUpdate:
    spec: PersonSpec
    pk: int
    version: int
    changes: dict[str, list[Any]]  # field: [old, new]
    posts: list[tuple[str, str]]
    holds_a_post: bool


def collect_people(rows: Iterable[RosterRow], errors: list[RowError]) -> dict[str, PersonSpec]:
    people: dict[str, PersonSpec] = {}
    for row in rows:
        if not row.name or not row.staff_no or {"name", "staff_no"} & row.bad:
            continue
        spec = people.setdefault(row.staff_no, PersonSpec(staff_no=row.staff_no, row=row.number))
        for column, key in PERSON_FACTS:
            earlier = merge(spec.facts, key, getattr(row, key), row.number)
            if earlier:
                errors.append(
                    RowError(
                        row.number,
                        column.header,
                        _(
                            "Staff number %(no)s is given %(value)s here but %(other)s on "
                            "row %(row)d."
                        )
                        % {
                            "no": spec.staff_no,
                            "value": shown(key, getattr(row, key)),
                            "other": shown(key, earlier[0]),
                            "row": earlier[1],
                        },
                    )
                )
        if row.unit_code and not {"unit_code", "post"} & row.bad:
            spec.posts.setdefault((row.unit_code, row.post), row.number)
    return people


def compare_people(
    people: dict[str, PersonSpec], units: dict[str, Unit]
) -> tuple[list[PersonSpec], list[PersonUpdate], int]:
    """Split the people into new ones, changed ones and unchanged ones."""
    fields = ("staff_no", "id", "version", *(key for _column, key in PERSON_FACTS))
    found: dict[str, dict[str, Any]] = {}
    for chunk in chunks(sorted(people)):
        # Locked until the import commits (on SQLite the whole database is), so the
        # versions read here are still current when the updates are written.
        rows = Person.objects.filter(staff_no__in=chunk).select_for_update()
        for values in rows.values_list(*fields):
            found[values[0]] = dict(zip(fields, values, strict=True))
    held: set[tuple[int, int, str]] = set()
    for ids in chunks(sorted(person["id"] for person in found.values())):
        held.update(
            Membership.objects.current()
            .filter(person_id__in=ids)
            .values_list("person_id", "unit_id", "post")
        )
    holders = {person_id for person_id, _unit, _post in held}

    new: list[PersonSpec] = []
    updates: list[PersonUpdate] = []
    unchanged = 0
    for staff_no, spec in people.items():
        if staff_no not in found:
            new.append(spec)
            continue
        person = found[staff_no]
        changes: dict[str, list[Any]] = {}
        for _column, key in PERSON_FACTS:
            value = spec.fact(key)
            old = person[key]
            if key == "categories":
                same = set(value) == set(old if isinstance(old, list) else [])
                value = list(value)
            else:
                same = value == old
            if value and not same:
                changes[key] = [old, value]
        posts = [
            (code, post)
            for code, post in spec.posts
            if code not in units or (person["id"], units[code].pk, post) not in held
        ]
        if changes or posts:
            updates.append(
                PersonUpdate(
                    spec=spec,
                    pk=person["id"],
                    version=person["version"],
                    changes=changes,
                    posts=posts,
                    holds_a_post=person["id"] in holders,
                )
            )
        else:
            unchanged += 1
    return new, updates, unchanged
