"""Bulk writes of the generated city: units, people with their posts, benchmark logins.

Rows get explicit ids and precomputed materialized paths, so nothing is read back
while writing. Name fields come from ``jianxian.core.text.person_name_fields``, computed
once per distinct name (pinyin is the slow part; names repeat).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.db.models import Max, Model
from django.utils import timezone
from tqdm import tqdm

from bench import names as N
from bench.citytree import PEOPLE_WEIGHT, UnitRow, build_city
from jianxian.core.models import Membership, Person, Role, RoleGrant, Unit
from jianxian.core.text import person_name_fields, pinyin_key

CHUNK = 5000
BENCH_NAME = "李正峰"  # searched by the benchmark; placed in the big district on purpose
TYPICAL_ROLES = ("workshop", "office", "community", "ward", "school_group")
SECOND_POST_ROLES = ("volunteers", "mass_org", "community")


def bulk_insert(model: type[Model], objs: Sequence[Model]) -> None:
    """Insert ``objs`` as ``bulk_create`` would (each field's ``pre_save`` and
    ``get_db_prep_save``), but with one prepared statement and ``executemany`` (COPY on
    PostgreSQL): Django's multi-row INSERT compiler spends ~200 µs per person row on
    this machine, this ~50 µs."""
    fields = model._meta.concrete_fields
    qn = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        qn(model._meta.db_table),
        ", ".join(qn(str(f.column)) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    rows = [
        tuple(f.get_db_prep_save(f.pre_save(obj, add=True), connection) for f in fields)
        for obj in objs
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # COPY: some 10x faster than INSERTs
            copy_sql = "COPY {} ({}) FROM STDIN".format(
                qn(model._meta.db_table), ", ".join(qn(str(f.column)) for f in fields)
            )
            with cursor.cursor.copy(copy_sql) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(sql, rows)


def _next_id(model: type[Model]) -> int:
    return (model._default_manager.aggregate(top=Max("id"))["top"] or 0) + 1


def insert_units(total: int, seed: int, city: str, progress: bool) -> list[UnitRow]:
    rows = build_city(total, random.Random(seed), city, first_id=_next_id(Unit))
    keys: dict[str, str] = {}
    now = timezone.now()
    with tqdm(total=len(rows), desc="units", unit=" units", disable=not progress) as bar:
        for start in range(0, len(rows), CHUNK):
            batch = []
            for row in rows[start : start + CHUNK]:
                if row.name not in keys:
                    keys[row.name] = pinyin_key(row.name)[:200]
                batch.append(
                    Unit(
                        id=row.id,
                        name=row.name,
                        kind=row.kind,
                        parent_id=row.parent.id if row.parent else None,
                        path=row.path,
                        depth=row.depth,
                        name_pinyin=keys[row.name],
                        sort_order=row.sort_order,
                        created_at=now,
                        updated_at=now,
                    )
                )
            Unit.objects.bulk_create(batch)
            bar.update(len(batch))
    return rows


@dataclass
class PeoplePlan:
    people: int
    memberships: int
    distinct_names: int
    big_district: UnitRow
    typical_unit: UnitRow
    staff_person_id: int


def _choose_units(rows: list[UnitRow], home: list[int]) -> tuple[UnitRow, UnitRow]:
    """The district with the most people, and in it a unit of about 40 people."""
    per_unit = Counter(home)
    per_district: Counter[int] = Counter()
    for index, count in per_unit.items():
        district_id = rows[index].district_id
        if district_id is not None:
            per_district[district_id] += count
    by_id = {row.id: row for row in rows}
    big = by_id[per_district.most_common(1)[0][0]] if per_district else rows[0]
    candidates = [i for i in per_unit if rows[i].district_id == big.district_id] or list(per_unit)
    preferred = [i for i in candidates if rows[i].role in TYPICAL_ROLES] or candidates
    typical = min(preferred, key=lambda i: (abs(per_unit[i] - 40), i))
    return big, rows[typical]


def insert_people(rows: list[UnitRow], n: int, seed: int, progress: bool) -> PeoplePlan:
    rng = random.Random(seed + 1)
    home = rng.choices(range(len(rows)), [PEOPLE_WEIGHT[r.role] for r in rows], k=n)
    genders = ["m" if rng.random() < 0.52 else "f" for _ in range(n)]
    names = N.NamePicker(rng).draw(genders)
    big, typical = _choose_units(rows, home)
    in_big = [i for i in range(n) if rows[home[i]].district_id == big.district_id]
    for i in rng.sample(in_big, min(3, len(in_big))) + rng.sample(range(n), min(2, n)):
        names[i], genders[i] = BENCH_NAME, "m"
    staff_index = home.index(rows.index(typical))
    secondary = [r for r in rows if r.role in SECOND_POST_ROLES]
    posts = {role: ([p for p, _ in v], [w for _, w in v]) for role, v in N.POSTS.items()}
    fields: dict[str, dict[str, str]] = {}
    first_pid, first_membership_id = _next_id(Person), _next_id(Membership)
    membership_id = first_membership_id
    today, now = date.today(), timezone.now()

    def post_in(unit: UnitRow) -> str:
        titles, weights = posts[unit.role]
        return rng.choices(titles, weights)[0]

    with tqdm(total=n, desc="people", unit=" people", disable=not progress) as bar:
        for start in range(0, n, CHUNK):
            people, members = [], []
            for i in range(start, min(n, start + CHUNK)):
                unit, pid = rows[home[i]], first_pid + i
                if names[i] not in fields:
                    fields[names[i]] = person_name_fields(names[i])
                categories = [N.CATEGORIES[unit.role]]
                if rng.random() < (0.6 if categories[0] == "cadre" else 0.2):
                    categories.append("party_member")
                people.append(
                    Person(
                        id=pid,
                        gender=genders[i],
                        categories=categories,
                        staff_no=f"JX{pid:08d}",
                        created_at=now,
                        updated_at=now,
                        **fields[names[i]],
                    )
                )
                since = today - timedelta(days=rng.randint(30, 7300))
                posts_held: list[tuple[UnitRow, str, bool, date, date | None]] = [
                    (unit, post_in(unit), True, since, None)
                ]
                roll = rng.random()
                if roll < 0.06 and secondary:  # a second, current post
                    other = rng.choice(secondary)
                    if other is not unit:
                        extra = rng.choice(N.SECOND_POSTS)
                        posts_held.append((other, extra, False, since + timedelta(days=10), None))
                elif roll < 0.16:  # an earlier post, ended
                    other = rows[rng.randrange(len(rows))]
                    began = since - timedelta(days=rng.randint(365, 3650))
                    ended = since - timedelta(days=1)
                    posts_held.append((other, post_in(other), True, began, ended))
                for where, title, primary, begin, end in posts_held:
                    members.append(
                        Membership(
                            id=membership_id,
                            person_id=pid,
                            unit_id=where.id,
                            post=title,
                            is_primary=primary,
                            start_date=begin,
                            end_date=end,
                        )
                    )
                    membership_id += 1
            bulk_insert(Person, people)
            bulk_insert(Membership, members)
            bar.update(len(people))
    return PeoplePlan(
        people=n,
        memberships=membership_id - first_membership_id,
        distinct_names=len(fields),
        big_district=big,
        typical_unit=typical,
        staff_person_id=first_pid + staff_index,
    )


def create_bench_users(rows: list[UnitRow], plan: PeoplePlan, password: str) -> None:
    """A city admin, a district unit_admin and a plain staff member (with a post)."""
    User = get_user_model()
    hashed = make_password(password)  # hashed once: PBKDF2 is slow on purpose

    def login(username: str) -> Any:
        user, _ = User.objects.update_or_create(
            username=username, defaults={"password": hashed, "is_active": True}
        )
        return user

    for username, unit in [
        ("bench_city_admin", rows[0]),
        ("bench_district_admin", plan.big_district),
    ]:
        RoleGrant.objects.update_or_create(
            user=login(username),
            role=Role.UNIT_ADMIN,
            unit_id=unit.id,
            defaults={"covers_subtree": True},
        )
    staff = login("bench_staff")
    Person.objects.filter(user=staff).update(user=None)
    Person.objects.filter(pk=plan.staff_person_id).update(user=staff)


def analyze() -> None:
    """Refresh the planner's statistics, as autovacuum or ``PRAGMA optimize`` would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            for model in (Unit, Person, Membership, RoleGrant):  # VACUUM: index-only scans
                cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        else:
            cursor.execute("ANALYZE")
