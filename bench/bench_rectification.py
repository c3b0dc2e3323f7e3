"""Benchmark the rectification ledger on 100,000 problems (see bench/README.md).

    DATABASE_URL=sqlite:////tmp/rectbench.sqlite3 uv run python -m bench.bench_rectification
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jx_rectbench \\
        uv run python -m bench.bench_rectification

The first run makes the data when it is missing: the city (``bench.generate_city``, its
defaults) and the problems (``bench.rectification_data``); later runs reuse them.

* **The ledger page** ``/rectification/`` through Django's test ``Client`` in-process,
  as in ``bench_org``: logged in as the city admin and as the district admin made by
  ``generate_city``; unfiltered, overdue, one status, a unit, page 50. Each scenario
  runs ``--warmup`` untimed requests, then ``--requests`` timed ones: p50/p95/max ms
  and the SQL queries of one request. Target: p95 < 150 ms.
* **The Excel export** of the newest ``--export-rows`` problems (10,000) the city admin
  sees, with ``write_ledger_xlsx`` into a temporary file: wall time (target < 10 s),
  the SQL queries, the file's size, and in a second run the peak of Python's
  allocations (``tracemalloc``, which slows the run, so it is not timed).
* **The PDF** of ``PDF_MAX_ROWS`` problems (300), the most a PDF ledger holds:
  wall time and size, reported (``--only pdf`` runs only it; ``--skip-pdf`` leaves it
  out).

``--check`` exits 1 when a page's p95 misses 150 ms or the export takes 10 s or more.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import tracemalloc
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlencode

from bench.bench_org import Result, Scenario, percentile, run_scenario, setup_django

TARGET_P95_MS = 150.0
TARGET_EXPORT_S = 10.0
DEEP_PAGE = 50


@dataclass
class DocumentResult:
    name: str
    rows: int
    seconds: float
    queries: int
    size_bytes: int
    peak_mib: float | None = None

    @property
    def ok(self) -> bool:
        return not self.name.startswith("excel") or self.seconds < TARGET_EXPORT_S


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.bench_rectification",
        description="Time the rectification ledger page and its Excel and PDF exports.",
    )
    parser.add_argument("--problems", type=int, default=100_000, help="problems to generate")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--reset", action="store_true", help="generate the problems again")
    parser.add_argument("--requests", type=int, default=100, help="timed requests per scenario")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests first")
    parser.add_argument("--export-rows", type=int, default=10_000, help="rows of the export")
    parser.add_argument(
        "--only", default="", help="run what 'login: scenario' (or excel, pdf) contains"
    )
    parser.add_argument("--skip-pdf", action="store_true", help="leave the PDF out")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--explain", action="store_true", help="print each page's query plans")
    parser.add_argument("--force", action="store_true", help="allow var/jianxian.sqlite3")
    args = parser.parse_args(argv)
    if args.requests < 1 or args.warmup < 0 or args.problems < 1 or args.export_rows < 1:
        parser.error("--requests, --problems and --export-rows must be positive")
    return args


def ensure_data(args: argparse.Namespace) -> None:
    from bench import generate_city, rectification_data
    from jianxian.core.models import Unit
    from jianxian.rectification.models import Problem

    generate_city.ensure_database()
    generate_city.migrate_if_needed()
    if not Unit.objects.exists():
        print("No units: generating the city first (bench.generate_city, default sizes).")
        generate_city.generate(units=10_000, people=200_000, seed=args.seed, progress=False)
    if Problem.objects.exists() and not args.reset:
        return
    print(f"Writing {args.problems} problems into {generate_city.describe_database()}")
    summary = rectification_data.generate(problems=args.problems, seed=args.seed, reset=True)
    stages = ", ".join(f"{k} {v:.1f}s" for k, v in summary.timings.items() if k != "total")
    print(
        f"Done in {summary.timings['total']:.1f}s ({stages}): {summary.problems} problems, "
        f"{summary.measures} measures, {summary.notes} notes; {summary.by_status}"
    )


def _url(**params: Any) -> str:
    return f"/rectification/?{urlencode(params)}" if params else "/rectification/"


def plan() -> list[tuple[str, Any, list[Scenario]]]:
    """(login, user, scenarios), from the generated city's grants."""
    from django.contrib.auth import get_user_model

    from jianxian.core.models import Role, RoleGrant

    users = {u.username: u for u in get_user_model().objects.filter(username__startswith="bench_")}
    grant = RoleGrant.objects.filter(
        user__username="bench_district_admin", role=Role.UNIT_ADMIN
    ).first()
    if grant is None or not {"bench_city_admin", "bench_district_admin"} <= set(users):
        raise SystemExit("No benchmark logins; run bench.generate_city first")
    district = grant.unit
    common = [
        Scenario("ledger", _url()),
        Scenario("overdue", _url(overdue="yes")),
        Scenario("status rectifying", _url(status="rectifying")),
        Scenario("open, overdue", _url(status="open", overdue="yes")),
        Scenario(f"page {DEEP_PAGE}", _url(page=DEEP_PAGE)),
    ]
    city_only = [Scenario(f"unit {district.name}", _url(unit=district.pk))]
    return [
        ("bench_city_admin", users["bench_city_admin"], [*common, *city_only]),
        ("bench_district_admin", users["bench_district_admin"], common),
    ]


def _document_problems(user: Any, rows: int) -> Any:
    """The newest ``rows`` problems ``user`` sees, newest first (as the ledger lists)."""
    from jianxian.rectification.models import Problem

    visible = Problem.objects.visible_to(user).order_by("-id")
    last = visible.values_list("id", flat=True)[rows - 1 : rows].first()
    return visible.filter(id__gte=last) if last is not None else visible


def time_excel(user: Any, rows: int) -> list[DocumentResult]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jianxian.rectification.ledger import write_ledger_xlsx
    from jianxian.rectification.ledger.rows import ledger_rows

    problems = _document_problems(user, rows)
    today = _today()
    for _ in ledger_rows(problems[:50], today=today):  # warm up caches and imports
        pass
    results = []
    with tempfile.TemporaryFile() as out, CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        written = write_ledger_xlsx(problems, out, title="临江市问题整改台账", today=today)
        seconds = time.perf_counter() - started
        size = out.tell()
    results.append(DocumentResult("excel export", written, round(seconds, 2), len(captured), size))
    with tempfile.TemporaryFile() as out:
        tracemalloc.start()
        write_ledger_xlsx(problems, out, title="临江市问题整改台账", today=today)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    results[0].peak_mib = round(peak / 2**20, 1)
    return results


def time_pdf(user: Any) -> DocumentResult:
    from jianxian.rectification.ledger import PDF_MAX_ROWS, render_ledger_pdf

    problems = _document_problems(user, PDF_MAX_ROWS)
    started = time.perf_counter()
    pdf = render_ledger_pdf(problems, title="临江市问题整改台账", today=_today())
    seconds = time.perf_counter() - started
    return DocumentResult("pdf export", problems.count(), round(seconds, 2), 0, len(pdf))


def _today() -> Any:
    from django.utils import timezone

    return timezone.localdate()


def describe_data() -> str:
    from jianxian.core.models import Person, Unit
    from jianxian.rectification.models import Measure, Problem, ProgressNote

    return (
        f"{Unit.objects.count()} units, {Person.objects.count()} people, "
        f"{Problem.objects.count()} problems, {Measure.objects.count()} measures, "
        f"{ProgressNote.objects.count()} progress notes"
    )


def run_pages(args: argparse.Namespace) -> list[Result]:
    from django.test import Client

    results: list[Result] = []
    for login, user, scenarios in plan():
        chosen = [s for s in scenarios if args.only in f"{login}: {s.name}"]
        if not chosen:
            continue
        client = Client(SERVER_NAME="localhost")
        client.force_login(user)
        print(f"\n{login}")
        print(f"  {'scenario':34} {'p50':>7} {'p95':>7} {'max':>7} {'queries':>7} {'KiB':>6}")
        for scenario in chosen:
            times, queries, size = run_scenario(
                client, scenario, args.requests, args.warmup, args.explain
            )
            result = Result(
                login,
                scenario.name,
                scenario.url,
                round(statistics.median(times), 1),
                round(percentile(times, 0.95), 1),
                round(times[-1], 1),
                queries,
                size,
            )
            results.append(result)
            missed = "" if result.p95 < TARGET_P95_MS else "  MISSED"
            print(
                f"  {scenario.name:34} {result.p50:7.1f} {result.p95:7.1f} {result.max:7.1f} "
                f"{queries:7d} {size / 1024:6.1f}{missed}"
            )
    return results


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    setup_django()
    from django.contrib.auth import get_user_model
    from django.db import connection

    from bench.generate_city import GenerateError, default_dev_database, describe_database

    if default_dev_database() and not args.force:
        print(
            f"Refusing to fill the development database ({describe_database()}) with "
            "benchmark data. Point DATABASE_URL at another database, or pass --force.",
            file=sys.stderr,
        )
        return 2
    try:
        ensure_data(args)
    except GenerateError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(
        f"{describe_database()}: {describe_data()}; {args.requests} timed requests per "
        f"scenario after {args.warmup} warm-up"
    )
    pages = run_pages(args)
    documents: list[DocumentResult] = []
    admin = get_user_model().objects.get(username="bench_city_admin")
    if args.only in "excel export":
        documents += time_excel(admin, args.export_rows)
    if "pdf" in args.only or not (args.only or args.skip_pdf):
        documents.append(time_pdf(admin))
    for doc in documents:
        peak = f", peak {doc.peak_mib} MiB allocated" if doc.peak_mib is not None else ""
        print(
            f"\n{doc.name}: {doc.rows} rows in {doc.seconds:.2f} s, {doc.queries} queries, "
            f"{doc.size_bytes / 2**20:.1f} MiB{peak}" + ("" if doc.ok else "  MISSED")
        )
    missed = [r for r in pages if r.p95 >= TARGET_P95_MS] + [d for d in documents if not d.ok]
    print(
        f"\nTargets (page p95 < {TARGET_P95_MS:.0f} ms, export < {TARGET_EXPORT_S:.0f} s): "
        + ("all met." if not missed else f"{len(missed)} missed.")
    )
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(
                {
                    "vendor": connection.vendor,
                    "data": describe_data(),
                    "results": [asdict(r) for r in pages],
                    "documents": [asdict(d) for d in documents],
                },
                fh,
                ensure_ascii=False,
                indent=1,
            )
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
