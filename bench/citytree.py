"""The shape of the generated city: a unit tree built in memory, ids and paths included.

city → districts and counties → bureaus (→ offices), enterprises (→ workshops → crews),
hospitals (→ departments), schools (→ teaching groups), mass organizations, volunteer
groups and sub-district offices/towns (→ communities or villages → grids or groups).
City-level bureaus, groups and hospitals hang directly under the city. The deepest units
sit at depth 4 (five levels). The builder honours a unit budget exactly, so
``--units 10000`` makes 10,000 units; each district gets an equal share.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from bench import names as N

# How many people a unit of each role draws, relative to the others.
PEOPLE_WEIGHT: dict[str, float] = {
    "leadership": 3,
    "bureau": 4,
    "office": 8,
    "street": 8,
    "community": 8,
    "grid": 3,
    "village": 6,
    "enterprise": 8,
    "workshop": 40,
    "crew": 14,
    "hospital": 20,
    "ward": 25,
    "school": 45,
    "school_group": 12,
    "mass_org": 5,
    "volunteers": 10,
}


@dataclass(eq=False)
class UnitRow:
    id: int
    name: str
    kind: str
    role: str  # what the unit does; decides posts, categories and head count
    parent: UnitRow | None
    path: str
    depth: int
    sort_order: int
    district_id: int | None  # the district/county above it (itself for a district)
    n_children: int = field(default=0)


class BudgetExhausted(Exception):
    """The current cap is reached; the section that raised it stops."""


class TreeBuilder:
    def __init__(self, total: int, rng: random.Random, first_id: int = 1) -> None:
        if total < 1:
            raise ValueError("a city needs at least one unit")
        self.total = total
        self.rng = rng
        self.next_id = first_id
        self.rows: list[UnitRow] = []
        self._caps: list[int] = [total]

    def left(self) -> int:
        return min(self._caps) - len(self.rows)

    @contextmanager
    def cap(self, n: int) -> Iterator[None]:
        """Allow at most ``n`` more units inside the block; a section that hits the cap
        ends there (BudgetExhausted is swallowed here)."""
        self._caps.append(len(self.rows) + max(0, n))
        try:
            yield
        except BudgetExhausted:
            pass
        finally:
            self._caps.pop()

    def add(self, parent: UnitRow | None, name: str, kind: str, role: str) -> UnitRow:
        if self.left() <= 0:
            raise BudgetExhausted
        uid = self.next_id
        self.next_id += 1
        if parent is None:
            path, depth, district_id = f"{uid}/", 0, None
        else:
            parent.n_children += 1
            path, depth = f"{parent.path}{uid}/", parent.depth + 1
            district_id = uid if kind == "district" else parent.district_id
        row = UnitRow(
            uid,
            name[:100],
            kind,
            role,
            parent,
            path,
            depth,
            parent.n_children if parent else 0,
            district_id,
        )
        self.rows.append(row)
        return row


def _numbered(n: int) -> str:
    if n <= 10:
        return N.NUMERALS[n - 1]
    return str(n)


def _bureaus(b: TreeBuilder, parent: UnitRow, prefix: str, offices: tuple[int, int]) -> None:
    for bureau in N.BUREAUS:
        unit = b.add(parent, prefix + bureau, "bureau", "bureau")
        count = b.rng.randint(*offices)
        for office in N.BUREAU_OFFICES[:count]:
            b.add(unit, office, "team", "office")


def _enterprise(b: TreeBuilder, unit: UnitRow, workshops: tuple[int, int]) -> None:
    for i in range(1, b.rng.randint(*workshops) + 1):
        shop = b.add(unit, f"第{_numbered(i)}车间", "team", "workshop")
        for crew in N.CREWS[: b.rng.randint(2, 4)]:
            b.add(shop, crew, "team", "crew")
    for dept in N.ENTERPRISE_DEPTS[: b.rng.randint(2, 4)]:
        b.add(unit, dept, "team", "office")


def _hospital(b: TreeBuilder, unit: UnitRow, depts: tuple[int, int]) -> None:
    for dept in N.HOSPITAL_DEPTS[: b.rng.randint(*depts)]:
        b.add(unit, dept, "team", "ward")


def _schools(b: TreeBuilder, parent: UnitRow, prefix: str, count: int) -> None:
    kinds = ["实验小学", "第{n}小学", "第{n}中学", "职业技术学校", "第{n}幼儿园"]
    for i in range(count):
        pattern, round_ = kinds[i % len(kinds)], i // len(kinds) + 1
        if "{n}" in pattern:
            name = prefix + pattern.format(n=_numbered(round_))
        else:  # 实验小学 once; later ones take a place name
            name = prefix + ("" if round_ == 1 else b.rng.choice(N.PLACES)) + pattern
        unit = b.add(parent, name, "school", "school")
        for group in N.SCHOOL_GROUPS[: b.rng.randint(2, 5)]:
            b.add(unit, group, "team", "school_group")


def _streets(b: TreeBuilder, parent: UnitRow, county: bool) -> None:
    places = N.PLACES[:]
    b.rng.shuffle(places)
    i = 0
    while True:  # until the district's budget runs out
        place = places[i % len(places)] + ("" if i < len(places) else str(i // len(places)))
        i += 1
        street = b.add(parent, place + ("镇" if county else "街道办事处"), "bureau", "street")
        for j in range(b.rng.randint(5, 10)):
            name = places[(i * 7 + j) % len(places)]
            if county and j % 4:
                unit = b.add(street, f"{name}村", "village", "village")
                for k in range(b.rng.randint(1, 3)):
                    b.add(unit, f"第{_numbered(k + 1)}村民小组", "team", "grid")
            else:
                unit = b.add(street, f"{name}社区", "community", "community")
                for k in range(b.rng.randint(2, 4)):
                    b.add(unit, f"第{_numbered(k + 1)}网格", "team", "grid")


def _mass_orgs(b: TreeBuilder, parent: UnitRow, prefix: str) -> None:
    for org in N.MASS_ORGS[:3]:
        b.add(parent, prefix + org, "mass_org", "mass_org")
    b.add(parent, prefix + "志愿者协会", "volunteer_group", "volunteers")
    b.add(parent, prefix + "新时代文明实践志愿服务队", "volunteer_group", "volunteers")


def _district_hospitals(b: TreeBuilder, district: UnitRow, name: str) -> None:
    for hospital in N.HOSPITALS:
        _hospital(b, b.add(district, name + hospital, "hospital", "hospital"), (6, 11))


def _district_enterprises(b: TreeBuilder, district: UnitRow, name: str) -> None:
    for i, industry in enumerate(N.INDUSTRIES):
        company = f"{name}{N.PLACES[i * 3]}{industry}有限公司"
        _enterprise(b, b.add(district, company, "enterprise", "enterprise"), (2, 4))


def _district(b: TreeBuilder, city: UnitRow, name: str, county: bool) -> None:
    budget = b.left()
    district = b.add(city, name, "district", "leadership")
    sections: list[tuple[float, Callable[[], None]]] = [
        (0.22, lambda: _bureaus(b, district, name, (3, 7))),
        (0.02, lambda: _mass_orgs(b, district, name)),
        (0.05, lambda: _district_hospitals(b, district, name)),
        (0.09, lambda: _schools(b, district, name, 14)),
        (0.13, lambda: _district_enterprises(b, district, name)),
    ]
    for share, build in sections:
        with b.cap(int(budget * share)):
            build()
    with b.cap(b.left()):
        _streets(b, district, county)


def _city_level(b: TreeBuilder, city: UnitRow, prefix: str) -> None:
    with b.cap(b.left() // 2):
        _bureaus(b, city, prefix, (5, 9))
    with b.cap(b.left() // 3):
        for group in N.CITY_GROUPS:
            unit = b.add(city, prefix + group, "enterprise", "enterprise")
            for i in range(1, b.rng.randint(2, 3) + 1):
                branch = b.add(unit, f"第{_numbered(i)}分公司", "enterprise", "enterprise")
                _enterprise(b, branch, (2, 3))
    with b.cap(b.left() // 2):
        for hospital in ["第一人民医院", "第二人民医院", "中医院", "妇幼保健院"]:
            _hospital(b, b.add(city, prefix + hospital, "hospital", "hospital"), (10, 13))
    with b.cap(b.left()):
        _mass_orgs(b, city, prefix)
        _schools(b, city, prefix, 6)


def build_city(total: int, rng: random.Random, city_name: str, first_id: int = 1) -> list[UnitRow]:
    """A city of exactly ``total`` units (fewer only if the shapes run dry, which they
    do not below several hundred thousand)."""
    b = TreeBuilder(total, rng, first_id)
    with b.cap(total):
        city = b.add(None, city_name, "city", "leadership")
        n_districts = max(1, min(len(N.DISTRICTS), round(total / 650)))
        with b.cap(max(0, int(total * 0.06))):
            _city_level(b, city, city_name)
        for i, (name, level) in enumerate(N.DISTRICTS[:n_districts]):
            with b.cap(b.left() // (n_districts - i)):
                _district(b, city, name, level == "county")
    return b.rows
