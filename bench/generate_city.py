"""Generate a city-scale organization: ~10,000 units and 200,000 people.

    DATABASE_URL=sqlite:///var/bench.sqlite3 uv run python -m bench.generate_city --reset
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jx_bench \\
        uv run python -m bench.generate_city --reset

Writes with bulk inserts (explicit ids, precomputed materialized paths) inside one
transaction, then resets the id sequences and runs ANALYZE. Refuses the default
development database (var/jianxian.sqlite3) unless ``--force``. See bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH_PASSWORD = "bench-pass-2024"
BENCH_USERS = ("bench_city_admin", "bench_district_admin", "bench_staff")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.generate_city",
        description="Fill DATABASE_URL with a generated city for the benchmarks.",
    )
    parser.add_argument("--units", type=int, default=10_000, help="units (default 10000)")
    parser.add_argument("--people", type=int, default=200_000, help="people (default 200000)")
    parser.add_argument("--seed", type=int, default=2024, help="random seed (default 2024)")
    parser.add_argument("--city", default="临江市", help="the city's name (default 临江市)")
    parser.add_argument(
        "--reset",
        action="store_true",
        help="wipe the core tables (units, people, posts, grants, events, notifications, "
        "tokens, and every table that refers to them) first",
    )
    parser.add_argument(
        "--force", action="store_true", help="allow the default dev database var/jianxian.sqlite3"
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress bars")
    args = parser.parse_args(argv)
    if not 20 <= args.units <= 1_000_000:
        parser.error("--units must be between 20 and 1000000")
    if not 10 <= args.people <= 10_000_000:
        parser.error("--people must be between 10 and 10000000")
    if not args.city.strip() or len(args.city) > 20:
        parser.error("--city must be a name of 1 to 20 characters")
    return args


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


class GenerateError(Exception):
    """A clear reason to stop, shown to the user without a traceback."""


def default_dev_database(db: Mapping[str, Any] | None = None) -> bool:
    """True when ``db`` (default: DATABASES["default"]) is the development database file."""
    from django.conf import settings

    if db is None:
        db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.sqlite3":
        return False
    target = Path(str(db["NAME"])).resolve()
    defaults = {
        (Path(settings.BASE_DIR) / "var" / "jianxian.sqlite3").resolve(),
        (Path(settings.VAR_DIR) / "jianxian.sqlite3").resolve(),
    }
    return target in defaults


def describe_database() -> str:
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"SQLite {db['NAME']}"
    return f"PostgreSQL {db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}/{db['NAME']}"


def ensure_database() -> None:
    """Create the SQLite file's folder or the PostgreSQL database when missing."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        Path(str(db["NAME"])).parent.mkdir(parents=True, exist_ok=True)
        return
    if "postgresql" not in db["ENGINE"]:
        return
    import psycopg
    from psycopg import sql

    params: dict[str, Any] = {
        "host": db.get("HOST") or None,
        "port": db.get("PORT") or None,
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
        "connect_timeout": 5,
    }
    try:
        psycopg.connect(dbname=db["NAME"], **params).close()
        return
    except psycopg.OperationalError as exc:
        if "does not exist" not in str(exc):
            raise GenerateError(f"cannot connect to {describe_database()}: {exc}") from exc
    try:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))
    except psycopg.Error as exc:
        raise GenerateError(f"cannot create database {db['NAME']}: {exc}") from exc
    print(f"Created database {db['NAME']}.")


def migrate_if_needed() -> bool:
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if not executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return False
    print("Applying migrations…")
    call_command("migrate", interactive=False, verbosity=0)
    return True


def core_models() -> list:
    from jianxian.core.models import (
        ApiToken,
        Event,
        Membership,
        Notification,
        Person,
        RoleGrant,
        Unit,
    )

    return [Membership, RoleGrant, Event, Notification, ApiToken, Person, Unit]


def reset_core_tables() -> None:
    """Empty the core tables (and, cascading, every table referring to them) and the
    benchmark logins; sequences restart."""
    from django.contrib.auth import get_user_model
    from django.core.management.color import no_style
    from django.db import connection

    tables = [m._meta.db_table for m in core_models()]
    statements = connection.ops.sql_flush(
        no_style(), tables, reset_sequences=True, allow_cascade=True
    )
    if connection.vendor == "postgresql":  # TRUNCATE refuses pending deferred checks
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    connection.ops.execute_sql_flush(statements)
    get_user_model().objects.filter(username__in=BENCH_USERS).delete()


@dataclass
class Summary:
    units: int = 0
    people: int = 0
    memberships: int = 0
    distinct_names: int = 0
    big_district_id: int = 0
    typical_unit_id: int = 0
    timings: dict[str, float] = field(default_factory=dict)


def timed[T](summary: Summary, stage: str, fn: Callable[[], T]) -> T:
    started = time.perf_counter()
    result = fn()
    summary.timings[stage] = time.perf_counter() - started
    return result


def generate(
    *,
    units: int,
    people: int,
    seed: int = 2024,
    city: str = "临江市",
    reset: bool = False,
    progress: bool = True,
) -> Summary:
    """Write the city into the default database; returns counts and stage timings."""
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from bench.citydb import analyze, create_bench_users, insert_people, insert_units
    from jianxian.core.models import Unit

    summary = Summary()
    started = time.perf_counter()
    timed(summary, "migrate", migrate_if_needed)
    existing = Unit.objects.count()
    if existing and not reset:
        raise GenerateError(
            f"{describe_database()} already holds {existing} units. Pass --reset to wipe the "
            "core tables first (all units, people, posts, grants, events and notifications)."
        )
    with transaction.atomic():
        if reset:
            timed(summary, "reset", reset_core_tables)
        rows = timed(summary, "units", lambda: insert_units(units, seed, city, progress))
        plan = timed(summary, "people", lambda: insert_people(rows, people, seed, progress))
        timed(summary, "users", lambda: create_bench_users(rows, plan, BENCH_PASSWORD))
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), core_models()):
                cursor.execute(statement)
    timed(summary, "analyze", analyze)
    summary.units = len(rows)
    summary.people = plan.people
    summary.memberships = plan.memberships
    summary.distinct_names = plan.distinct_names
    summary.big_district_id = plan.big_district.id
    summary.typical_unit_id = plan.typical_unit.id
    summary.timings["total"] = time.perf_counter() - started
    return summary


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    setup_django()
    if default_dev_database() and not args.force:
        print(
            "Refusing to write a generated city into the development database "
            f"({describe_database()}). Point DATABASE_URL at another database, e.g. "
            "DATABASE_URL=sqlite:///var/bench.sqlite3, or pass --force.",
            file=sys.stderr,
        )
        return 2
    from django.db import DatabaseError

    print(f"Generating {args.units} units and {args.people} people into {describe_database()}")
    try:
        ensure_database()
        summary = generate(
            units=args.units,
            people=args.people,
            seed=args.seed,
            city=args.city,
            reset=args.reset,
            progress=not args.no_progress,
        )
    except GenerateError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except DatabaseError as exc:  # locked file, lost connection, full disk: say so plainly
        print(f"error: {describe_database()}: {exc}", file=sys.stderr)
        return 1
    stages = ", ".join(f"{k} {v:.1f}s" for k, v in summary.timings.items() if k != "total")
    print(
        f"Done in {summary.timings['total']:.1f}s ({stages}): {summary.units} units, "
        f"{summary.people} people ({summary.distinct_names} distinct names), "
        f"{summary.memberships} posts."
    )
    print(
        f"Logins (password {BENCH_PASSWORD}): bench_city_admin (unit_admin of the city), "
        f"bench_district_admin (unit_admin of unit {summary.big_district_id}), "
        f"bench_staff (a post in unit {summary.typical_unit_id})."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
