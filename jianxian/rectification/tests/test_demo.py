"""The rectification part of the Qingzhou demo: every status, overdue and closed problems,
one reopened by its re-check, four eyes kept, evidence stored, a second load changes
nothing, and the text is clean Simplified Chinese."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from jianxian.core import demo
from jianxian.core.models import Event
from jianxian.core.text import to_simplified, to_traditional
from jianxian.rectification.demo import PROBLEMS, SOURCES, source_label
from jianxian.rectification.demo.evidence import evidence_file
from jianxian.rectification.demo.spec import FileSpec
from jianxian.rectification.models import (
    Evidence,
    Measure,
    Problem,
    ProgressNote,
    Verification,
)

SPECS = {spec.key: spec for spec in PROBLEMS}


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[dict]:
    """The whole demo (core and exemplars first), loaded once per module on a fresh
    database with its files in a temporary media root; rolled back at the end."""
    media = tmp_path_factory.mktemp("demo-media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media),
        transaction.atomic(),
    ):
        assert not Problem.objects.exists()
        ctx = demo.load()
        yield {"ctx": ctx, "media": media, "today": timezone.localdate()}
        transaction.set_rollback(True)


@pytest.fixture
def dm(loaded, db, settings) -> dict:
    settings.MEDIA_ROOT = loaded["media"]
    return loaded


def problem(key: str) -> Problem:
    spec = SPECS[key]
    return Problem.objects.get(unit__code=spec.unit, title=spec.title)


def table() -> dict[str, int]:
    models = (Problem, Measure, ProgressNote, Evidence, Verification, Event)
    return {model.__name__: model.objects.count() for model in models}


# --- The data itself ------------------------------------------------------------------


def demo_texts() -> list[str]:
    texts = [source.label for source in SOURCES.values()]
    for spec in PROBLEMS:
        texts += [spec.title, spec.description, spec.standard]
        texts += [m.text for m in spec.measures]
        for step in spec.steps:
            texts.append(step.text)
            texts += [t for f in step.files for t in (f.name, f.title, *f.lines)]
    return [text for text in texts if text]


def test_demo_text_is_clean_simplified_chinese():
    for text in demo_texts():
        assert to_simplified(text) == text, text
        round_trip = to_simplified(to_traditional(text))
        assert round_trip.replace("著", "着") == text.replace("著", "着"), text
    joined = "".join(demo_texts())
    for over_converted in ("乾部", "層麵", "麵", "乾", "後", "於"):
        assert over_converted not in joined


def test_specs_are_complete():
    assert len({(s.unit, s.title) for s in PROBLEMS}) == len(PROBLEMS)
    for spec in PROBLEMS:
        assert len(spec.title) <= 120 and spec.measures, spec.key
        days = [step.day for step in spec.steps]
        assert days == sorted(days) and all(day < 0 for day in days), spec.key
        assert SOURCES[spec.source].day + spec.found <= (days[0] if days else -1), spec.key
        assert (spec.kind == "ongoing") == (spec.due is None) == (spec.cycle is not None)


def test_evidence_files_are_deterministic_and_small():
    page = FileSpec("纪要.jpg", "专题推进会会议纪要", ("议题一",))
    assert evidence_file(page) == evidence_file(page)
    assert evidence_file(page)[:3] == b"\xff\xd8\xff" and len(evidence_file(page)) < 120_000
    document = FileSpec("办法.pdf", "工作办法", pdf=True)
    assert evidence_file(document).startswith(b"%PDF-")


# --- Loading -------------------------------------------------------------------------


def test_loads_every_problem_in_every_status(dm):
    assert Problem.objects.count() == len(PROBLEMS)
    counts = Problem.objects.ledger_counts(dm["today"])
    for status in ("draft", "planned", "rectifying", "submitted", "closed"):
        assert counts[status] >= 1, status
    assert counts["closed"] >= 4 and counts["overdue"] >= 3 and counts["due_soon"] >= 1
    assert dm["ctx"].created["rectification problems"] == len(PROBLEMS)


def test_the_three_sources_and_the_benchmark_link(dm):
    units = {
        "seminar": {"QZ-DC-CPC", "QZ-DC-GOV"},
        "benchmark": {
            "QZ-APPROVAL",
            "QZ-APPROVAL-WINDOW",
            "QZ-APPROVAL-INVEST",
            "QZ-APPROVAL-OFFICE",
        },
        "self_check": {"QZ-DC-CUILIU"},
    }
    for kind, codes in units.items():
        found = set(Problem.objects.filter(source_kind=kind).values_list("unit__code", flat=True))
        assert found == codes, kind
    seminar = problem("dc-strategic-vision")
    assert seminar.source_label == source_label(SOURCES["dc-seminar"], dm["today"])
    assert seminar.source_label.startswith("区委理论学习中心组专题研讨（")
    benchmark = problem("approval-data-sharing")
    assert benchmark.source is not None and benchmark.source.name == "南江市“最多跑一次”改革"
    gaps = {p.category.name for p in Problem.objects.filter(source_kind="seminar")}
    assert {"思想境界", "能力素质", "作风形象", "体制机制"} <= gaps


def test_closed_scored_reopened_and_overdue(dm):
    today = dm["today"]
    closed = Problem.objects.filter(status="closed")
    assert all(p.effectiveness_score is not None and p.closed_by_id for p in closed)
    assert sorted(p.effectiveness_score or 0 for p in closed) == [80, 88, 92, 95, 95]
    reopened = problem("dc-meetings-paperwork")
    assert (reopened.status, reopened.reopen_count) == ("rectifying", 1)
    assert reopened.verifications.filter(kind="recheck", decision="reopened").exists()
    confirmed = problem("dc-hard-bones")
    assert confirmed.status == "closed" and confirmed.recheck_due is None
    assert confirmed.verifications.filter(decision="confirmed").exists()
    assert Problem.objects.recheck_due(today).filter(pk=problem("dc-field-research").pk).exists()
    overdue = set(Problem.objects.overdue(today).values_list("title", flat=True))
    assert {
        SPECS["dc-strategic-vision"].title,
        SPECS["approval-feedback-loop"].title,
        SPECS["cuiliu-grid-visits"].title,
    } <= overdue
    returned = problem("approval-window-skills")
    assert returned.status == "rectifying"
    assert returned.verifications.get().decision == "returned"
    ongoing = problem("dc-reform-mechanism")
    assert ongoing.kind == "ongoing" and ongoing.verifications.count() == 2
    assert ongoing.next_review_date is not None and ongoing.next_review_date <= today
    assert set(Problem.objects.awaiting_acceptance().values_list("title", flat=True)) == {
        SPECS["dc-benchmark-initiative"].title,
        SPECS["cuiliu-elderly-visits"].title,
    }


def test_four_eyes_and_who_did_what(dm):
    for record in Problem.objects.filter(status="closed").select_related("responsible"):
        close = Event.objects.filter(target_id=record.pk, verb="problem.close").latest("id")
        submit = Event.objects.filter(target_id=record.pk, verb="problem.submit").latest("id")
        assert close.actor_id not in (None, submit.actor_id, record.responsible.user_id)
        assert username(close.actor) in ("verifier", "cityadmin")
    elderly = problem("cuiliu-elderly-visits")
    assert username(elderly.submitted_by) == "community"
    assert username(elderly.responsible.user) == "community"
    assert username(problem("approval-window-skills").responsible.user) == "staff"


def username(user) -> str:
    return user.username if user is not None else ""


def test_history_is_backdated_in_order(dm):
    today = dm["today"]
    for record in Problem.objects.all():
        events = list(Event.objects.filter(target_id=record.pk, verb__startswith="problem."))
        times = [e.created_at for e in sorted(events, key=lambda e: e.id)]
        assert times == sorted(times), record.title
        assert timezone.localdate(times[-1]) < today
    hard = problem("dc-hard-bones")
    assert timezone.localdate(hard.created_at) == today - datetime.timedelta(days=297)


def test_evidence_is_stored(dm):
    evidence = Evidence.objects.all()
    assert evidence.count() >= 20
    kinds = set(evidence.values_list("media_type", flat=True))
    assert kinds == {"image/jpeg", "application/pdf"}
    for item in evidence:
        assert Path(dm["media"], item.file.name or "").stat().st_size == item.size
    # Every submitted or closed problem had evidence behind it.
    for record in Problem.objects.filter(status__in=["submitted", "closed"]):
        assert Evidence.objects.filter(note__problem=record).exists(), record.title


def test_second_load_changes_nothing(dm):
    before = table()
    folder = Path(dm["media"], "rectification", "evidence")
    files = sorted(p.name for p in folder.iterdir())
    ctx = demo.load()
    assert table() == before
    assert sorted(p.name for p in folder.iterdir()) == files
    assert not ctx.created_anything
    assert ctx.total["rectification problems"] == len(PROBLEMS)
