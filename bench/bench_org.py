"""Benchmark the organization browser on a generated city (see bench/README.md).

    DATABASE_URL=sqlite:///var/bench.sqlite3 uv run python -m bench.bench_org

Requests go through Django's test ``Client`` in-process (the whole middleware stack,
sessions included, no network or server), logged in with ``force_login`` as the city
admin and as the district admin made by ``bench.generate_city``. Each scenario runs a
few warm-up requests, then ``--requests`` timed ones; it prints p50/p95/max in ms and
the SQL queries of one request. ``--check`` exits 1 when a p95 misses the target.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

TARGET_P95_MS = 100.0


@dataclass
class Scenario:
    name: str
    url: str
    htmx: bool = False


@dataclass
class Result:
    user: str
    scenario: str
    url: str
    p50: float
    p95: float
    max: float
    queries: int
    size_bytes: int

    @property
    def ok(self) -> bool:
        return self.p95 < TARGET_P95_MS


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.bench_org", description="Time the organization pages."
    )
    parser.add_argument("--requests", type=int, default=200, help="timed requests per scenario")
    parser.add_argument("--warmup", type=int, default=10, help="untimed requests first")
    parser.add_argument("--only", default="", help="run scenarios whose name contains this")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument("--check", action="store_true", help="exit 1 when a p95 misses 100 ms")
    parser.add_argument(
        "--explain", action="store_true", help="print each scenario's SQL and query plans"
    )
    args = parser.parse_args(argv)
    if args.requests < 1 or args.warmup < 0:
        parser.error("--requests must be at least 1 and --warmup at least 0")
    return args


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings

    # Time what production runs: no SQL logging, no template debug info. This must
    # happen before the first template engine is built (lazily, on first render).
    settings.DEBUG = False


def scenarios_for(user) -> tuple[list[Scenario], str]:
    """The scenarios for one login, from the generated city's grants."""
    from jianxian.core.models import Membership, Person, Role, RoleGrant, Unit

    grant = RoleGrant.objects.filter(user=user, role=Role.UNIT_ADMIN).select_related("unit").first()
    if grant is None:
        raise SystemExit(f"{user.username} has no unit_admin grant; run bench.generate_city first")
    scope_root = grant.unit
    city = Unit.objects.get(parent__isnull=True, path=scope_root.path.split("/")[0] + "/")
    staff = Person.objects.filter(user__username="bench_staff").first()
    typical = (
        Membership.objects.current().filter(person=staff, is_primary=True).first()
        if staff
        else None
    )
    if typical is None:
        raise SystemExit("bench_staff has no current post; run bench.generate_city first")
    district = Unit.objects.get(pk=typical.unit.path.split("/")[1])
    big = f"/org/units/{district.pk}/?all=1"
    return [
        Scenario("tree", "/org/"),
        Scenario("children of scope root", f"/org/units/{scope_root.pk}/children/", htmx=True),
        Scenario("unit people (typical unit)", f"/org/units/{typical.unit_id}/"),
        Scenario("unit people (district, all)", big),
        Scenario("unit people (district, page 5)", big + "&page=5"),
        Scenario("search full name 李正峰", "/org/people/?q=李正峰"),
        Scenario("search surname 李", "/org/people/?q=李"),
        Scenario("search pinyin prefix lizh", "/org/people/?q=lizh"),
        Scenario("search initials lzf", "/org/people/?q=lzf"),
    ], f"{city.name}, district {district.name}"


def percentile(sorted_ms: list[float], q: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    index = max(0, min(len(sorted_ms) - 1, math.ceil(q * len(sorted_ms)) - 1))
    return sorted_ms[index]


class QueryLog:
    """Records the SQL of one request (``CaptureQueriesContext`` cannot: the
    ``request_started`` signal empties the connection's query log)."""

    def __init__(self) -> None:
        self.queries: list[dict] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.perf_counter() - started
            self.queries.append({"sql": sql, "params": params, "ms": elapsed * 1000})


def run_scenario(
    client,
    scenario: Scenario,
    requests: int,
    warmup: int,
    explain: bool,
) -> tuple[list[float], int, int]:
    from django.db import connection

    headers = {"HX-Request": "true"} if scenario.htmx else {}

    def get():
        return client.get(scenario.url, headers=headers)

    log = QueryLog()
    with connection.execute_wrapper(log):
        response = get()
    if response.status_code != 200:
        raise SystemExit(f"{scenario.url} answered {response.status_code}")
    if explain:
        _explain(log.queries)
    for _ in range(warmup):
        get()
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        get()
        times.append((time.perf_counter() - started) * 1000)
    return sorted(times), len(log.queries), len(response.content)


def _explain(queries: list[dict]) -> None:
    from django.db import connection

    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ANALYZE "
    for query in queries:
        sql, params = query["sql"], query["params"]
        print(f"    [{query['ms']:.1f} ms] {sql[:800]}  {params!r:.200}")
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        with connection.cursor() as cursor:
            cursor.execute(prefix + sql, params)
            for row in cursor.fetchall():
                print("        " + " | ".join(str(col) for col in row))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    setup_django()
    from django.contrib.auth import get_user_model
    from django.db import DatabaseError, connection
    from django.test import Client

    from jianxian.core.models import Person, Unit

    db = connection.settings_dict
    missing = (
        f"No generated city in {connection.vendor} {db['NAME']}; run python -m bench.generate_city"
    )
    in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()  # type: ignore[attr-defined]
    if connection.vendor == "sqlite" and not in_memory and not Path(str(db["NAME"])).exists():
        print(f"{missing} (no such file).", file=sys.stderr)
        return 2
    try:
        users = list(
            get_user_model()
            .objects.filter(username__in=["bench_city_admin", "bench_district_admin"])
            .order_by("username")
        )
    except DatabaseError as exc:
        print(f"{missing} ({exc}).", file=sys.stderr)
        return 2
    if len(users) < 2:
        print(f"{missing} (no benchmark logins).", file=sys.stderr)
        return 2
    print(
        f"{connection.vendor} {connection.settings_dict['NAME']}: {Unit.objects.count()} units, "
        f"{Person.objects.count()} people; {args.requests} timed requests per scenario "
        f"after {args.warmup} warm-up"
    )
    results: list[Result] = []
    for user in users:
        client = Client(SERVER_NAME="localhost")
        client.force_login(user)
        scenarios, where = scenarios_for(user)
        print(f"\n{user.username} ({where})")
        print(f"  {'scenario':34} {'p50':>7} {'p95':>7} {'max':>7} {'queries':>7} {'KiB':>6}")
        for scenario in scenarios:
            if args.only and args.only not in scenario.name:
                continue
            times, queries, size = run_scenario(
                client, scenario, args.requests, args.warmup, args.explain
            )
            result = Result(
                user.username,
                scenario.name,
                scenario.url,
                round(statistics.median(times), 1),
                round(percentile(times, 0.95), 1),
                round(times[-1], 1),
                queries,
                size,
            )
            results.append(result)
            flag = "" if result.ok else "  MISSED"
            print(
                f"  {scenario.name:34} {result.p50:7.1f} {result.p95:7.1f} {result.max:7.1f} "
                f"{queries:7d} {size / 1024:6.1f}{flag}"
            )
    missed = [r for r in results if not r.ok]
    print(
        f"\nTarget p95 < {TARGET_P95_MS:.0f} ms: "
        + ("all met." if not missed else f"{len(missed)} missed.")
    )
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(
                {"vendor": connection.vendor, "results": [asdict(r) for r in results]},
                fh,
                ensure_ascii=False,
                indent=1,
            )
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
