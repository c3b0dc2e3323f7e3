"""The city generator and the benchmark runner, on a small city (speed is measured by
the benchmarks themselves, never here: see bench/README.md)."""

from __future__ import annotations

import json
import random
from collections import Counter

import pytest
from django.contrib.auth import get_user_model

from bench import bench_org, generate_city
from bench.citytree import build_city
from jianxian.core import actions
from jianxian.core.models import Membership, Person, Role, RoleGrant, Unit, UnitKind
from jianxian.core.text import person_name_fields


@pytest.mark.parametrize("total", [20, 137, 650, 10_000])
def test_tree_has_exactly_the_units_asked_with_consistent_paths(total):
    rows = build_city(total, random.Random(1), "临江市")
    assert len(rows) == total
    assert len({row.id for row in rows}) == total
    assert [row for row in rows if row.parent is None] == [rows[0]]
    for row in rows[1:]:
        assert row.parent is not None
        assert row.path == f"{row.parent.path}{row.id}/"
        assert row.depth == row.parent.depth + 1 <= 4
        assert row.kind in UnitKind.values
        assert 0 < len(row.name) <= 100


def test_ten_thousand_units_make_fifteen_districts_five_levels_deep():
    rows = build_city(10_000, random.Random(2024), "临江市")
    kinds = Counter(row.kind for row in rows)
    assert kinds["district"] == 15
    assert {row.depth for row in rows} == {0, 1, 2, 3, 4}
    for kind in ["bureau", "enterprise", "hospital", "school", "community", "village", "team"]:
        assert kinds[kind] > 10, kind


def test_the_tree_is_the_same_for_the_same_seed():
    first = [(r.id, r.name, r.path) for r in build_city(500, random.Random(5), "临江市")]
    again = [(r.id, r.name, r.path) for r in build_city(500, random.Random(5), "临江市")]
    assert first == again


@pytest.fixture
def city(db):
    return generate_city.generate(units=300, people=1500, seed=7, progress=False)


def test_generate_writes_units_people_and_posts(city):
    assert Unit.objects.count() == city.units == 300
    assert Person.objects.count() == city.people == 1500
    assert Membership.objects.count() == city.memberships > 1500
    current = Membership.objects.current()
    primaries = Counter(current.filter(is_primary=True).values_list("person_id", flat=True))
    assert len(primaries) == 1500 and set(primaries.values()) == {1}
    paths = dict(Unit.objects.values_list("pk", "path"))
    for pk, parent_id in Unit.objects.exclude(parent=None).values_list("pk", "parent_id"):
        assert paths[pk] == f"{paths[parent_id]}{pk}/"
    for person in Person.objects.order_by("?")[:30]:
        fields = person_name_fields(person.name)
        assert {k: getattr(person, k) for k in fields} == fields
    assert city.distinct_names < city.people


def test_generate_makes_the_benchmark_logins(city):
    users = {u.username: u for u in get_user_model().objects.filter(username__startswith="bench_")}
    assert set(users) == set(generate_city.BENCH_USERS)
    root = Unit.objects.get(parent=None)
    assert RoleGrant.objects.filter(
        user=users["bench_city_admin"], role=Role.UNIT_ADMIN, unit=root, covers_subtree=True
    ).exists()
    district = RoleGrant.objects.get(user=users["bench_district_admin"]).unit
    assert district.kind == UnitKind.DISTRICT and district.pk == city.big_district_id
    staff = Person.objects.get(user=users["bench_staff"])
    assert current_units(staff) == {city.typical_unit_id}
    found = Person.objects.search("李正峰").in_unit(district, subtree=True)
    assert found.count() >= 3


def current_units(person):
    return set(Membership.objects.current().filter(person=person).values_list("unit", flat=True))


def test_ids_continue_after_the_generated_rows(city):
    """Sequences are reset after the explicit-id inserts: the next unit gets a new id."""
    root = Unit.objects.get(parent=None)
    unit = actions.create_unit(actor=None, name="新单位", kind="team", parent=root)
    assert unit.pk > 300


def test_generate_refuses_a_filled_database_unless_reset(city):
    with pytest.raises(generate_city.GenerateError, match="already holds 300 units"):
        generate_city.generate(units=300, people=1500, progress=False)
    again = generate_city.generate(units=200, people=900, reset=True, progress=False)
    assert (Unit.objects.count(), Person.objects.count()) == (200, 900) == (again.units, 900)
    assert get_user_model().objects.filter(username__startswith="bench_").count() == 3


def test_the_development_database_is_refused(monkeypatch, capsys, settings):
    sqlite = "django.db.backends.sqlite3"
    dev = {"ENGINE": sqlite, "NAME": settings.BASE_DIR / "var" / "jianxian.sqlite3"}
    assert generate_city.default_dev_database(dev)
    assert not generate_city.default_dev_database({**dev, "NAME": "/tmp/elsewhere.sqlite3"})
    assert not generate_city.default_dev_database({"ENGINE": "django.db.backends.postgresql"})
    monkeypatch.setattr(generate_city, "default_dev_database", lambda: True)
    assert generate_city.main(["--units", "20", "--people", "10"]) == 2
    assert "Refusing" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args", [["--units", "5"], ["--people", "-1"], ["--units", "ten"], ["--city", ""]]
)
def test_bad_arguments_are_refused_plainly(args, capsys):
    with pytest.raises(SystemExit) as exc:
        generate_city.parse_args(args)
    assert exc.value.code == 2
    assert "error:" in capsys.readouterr().err


def test_percentile_is_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert bench_org.percentile(values, 0.5) == 50
    assert bench_org.percentile(values, 0.95) == 95
    assert bench_org.percentile([7.0], 0.95) == 7


def test_benchmark_runs_every_scenario_on_a_small_city(city, capsys, settings, tmp_path):
    settings.DEBUG = False  # bench_org switches DEBUG off; the fixture restores it
    out = tmp_path / "results.json"
    assert bench_org.main(["--requests", "2", "--warmup", "0", "--json", str(out)]) == 0
    text = capsys.readouterr().out
    assert "bench_city_admin" in text and "bench_district_admin" in text
    results = json.loads(out.read_text())["results"]
    assert len(results) == 2 * 9
    assert all(r["queries"] > 0 and r["size_bytes"] > 0 for r in results)
