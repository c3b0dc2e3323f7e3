"""The rectification bench data and benchmark, at a tiny size (speed is measured by the
benchmark itself, never here: see bench/README.md)."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from bench import bench_rectification, generate_city, rectification_data
from bench.generate_city import GenerateError
from jianxian.rectification import ledger
from jianxian.rectification.ledger import pdf as ledger_pdf
from jianxian.rectification.models import (
    Measure,
    Problem,
    ProblemKind,
    ProblemStatus,
    ProgressNote,
)

PROBLEMS = 400


@pytest.fixture
def problems(db):
    city = generate_city.generate(units=300, people=1500, seed=7, progress=False)
    summary = rectification_data.generate(problems=PROBLEMS, seed=7)
    return city, summary


def test_problems_have_the_rows_asked_in_every_state(problems):
    _, summary = problems
    assert Problem.objects.count() == summary.problems == PROBLEMS
    assert Measure.objects.count() == summary.measures > PROBLEMS
    assert ProgressNote.objects.count() == summary.notes > 0
    assert set(Problem.objects.values_list("status", flat=True)) == set(ProblemStatus.values)
    assert set(Problem.objects.values_list("kind", flat=True)) == set(ProblemKind.values)
    assert Problem.objects.overdue(timezone.localdate()).exists()
    assert Problem.objects.values("unit").distinct().count() > 50
    for problem in Problem.objects.select_related("unit", "responsible"):
        assert problem.unit_path == problem.unit.path
        assert problem.responsible.memberships.filter(unit=problem.unit).exists()
        if problem.status in (ProblemStatus.SUBMITTED, ProblemStatus.CLOSED):
            assert not problem.measures.filter(done=False).exists()
    # Every done measure has its time; the tables' checks held on insert.
    assert not Measure.objects.filter(done=True, done_at__isnull=True).exists()


def test_the_district_sees_its_share(problems):
    from django.contrib.auth import get_user_model

    city, _ = problems
    admin = get_user_model().objects.get(username="bench_district_admin")
    seen = Problem.objects.visible_to(admin)
    assert 0 < seen.count() < PROBLEMS
    assert (
        not seen.exclude(unit_path__startswith=f"{city.big_district_id}/")
        .exclude(unit_path__contains=f"/{city.big_district_id}/")
        .exists()
    )


def test_generate_refuses_existing_problems_unless_reset(problems):
    with pytest.raises(GenerateError, match=f"already holds {PROBLEMS} problems"):
        rectification_data.generate(problems=10)
    rectification_data.generate(problems=50, seed=8, reset=True)
    assert Problem.objects.count() == 50
    assert Problem.objects.order_by("id").first().pk == 1  # type: ignore[union-attr]


def test_generate_needs_a_city(db):
    with pytest.raises(GenerateError, match=r"run bench\.generate_city first"):
        rectification_data.generate(problems=10)


@pytest.mark.parametrize("args", [["--problems", "0"], ["--requests", "x"]])
def test_bad_arguments_are_refused_plainly(args, capsys):
    with pytest.raises(SystemExit) as exc:
        bench_rectification.parse_args(args)
    assert exc.value.code == 2
    assert "error:" in capsys.readouterr().err


def test_benchmark_answers_every_scenario_and_exports(problems, capsys, settings, tmp_path):
    settings.DEBUG = False  # the benchmark switches DEBUG off; the fixture restores it
    out = tmp_path / "results.json"
    argv = ["--requests", "1", "--warmup", "0", "--force", "--export-rows", "100", "--skip-pdf"]
    assert bench_rectification.main([*argv, "--json", str(out)]) == 0
    text = capsys.readouterr().out
    assert "bench_district_admin" in text and "excel export: 100 rows" in text
    data = json.loads(out.read_text())
    results = data["results"]
    assert {r["user"] for r in results} == {"bench_city_admin", "bench_district_admin"}
    names = {r["scenario"] for r in results}
    assert {"ledger", "overdue", "status rectifying", "page 50"} <= names
    assert any(n.startswith("unit ") for n in names)
    assert all(r["queries"] > 0 and r["size_bytes"] > 0 for r in results)
    (excel,) = data["documents"]
    assert (excel["name"], excel["rows"]) == ("excel export", 100)
    assert excel["size_bytes"] > 0 and excel["peak_mib"] > 0 and excel["queries"] <= 6


def test_benchmark_only_runs_the_pdf_asked(problems, capsys, settings, tmp_path, monkeypatch):
    settings.DEBUG = False
    monkeypatch.setattr(ledger, "PDF_MAX_ROWS", 15)
    monkeypatch.setattr(ledger_pdf, "PDF_MAX_ROWS", 15)
    out = tmp_path / "results.json"
    argv = ["--requests", "1", "--warmup", "0", "--force", "--only", "pdf"]
    assert bench_rectification.main([*argv, "--json", str(out)]) == 0
    data = json.loads(out.read_text())
    assert data["results"] == []
    (pdf,) = data["documents"]
    assert (pdf["name"], pdf["rows"]) == ("pdf export", 15) and pdf["size_bytes"] > 0
