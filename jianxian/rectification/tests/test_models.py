"""The tables hold their own integrity: bad rows written past the actions are refused by
the database. The seeded vocabulary; the ledger's queries (overdue derived, subtree,
counts in one query)."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from jianxian.core.models import Unit
from jianxian.rectification.models import (
    Category,
    Evidence,
    Measure,
    Problem,
    ProblemStatus,
    ProgressNote,
    Reminder,
    Verification,
    problem_url,
    subtree_q,
)
from jianxian.rectification.tests.factories import (
    TODAY,
    category,
    make_problem,
    person_of,
    with_status,
)

pytestmark = pytest.mark.django_db
Status = ProblemStatus
NOW = timezone.make_aware(datetime.datetime(2026, 6, 15, 10))


def refused(model, **fields) -> None:
    """Writing this row directly must fail in the database."""
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(**fields)


def base(cast, **overrides):
    fields = {
        "unit": cast.unit,
        "unit_path": cast.unit.path,
        "responsible": cast.person,
        "title": "问题",
        "category": category(),
        "source_kind": "self_check",
        "source_label": "自查",
        "kind": "deadline",
        "due_date": TODAY,
        "acceptance_standard": "标准",
        "status": "draft",
    }
    fields.update(overrides)
    return fields


def test_seeded_categories():
    assert list(Category.objects.values_list("name", "name_en")) == [
        ("思想境界", "Ideals and outlook"),
        ("能力素质", "Ability and competence"),
        ("作风形象", "Work style and public image"),
        ("体制机制", "Systems and mechanisms"),
        ("业务工作", "Day-to-day work"),
    ]
    assert Category.objects.active().count() == 5
    from django.utils.translation import override

    with override("en"):
        assert category("体制机制").label == "Systems and mechanisms"
    with override("zh-hans"):
        assert category("体制机制").label == "体制机制"


def test_a_valid_row_is_accepted(cast):
    Problem.objects.create(**base(cast))


@pytest.mark.parametrize(
    "overrides",
    [
        {"title": ""},
        {"unit_path": ""},
        {"status": "lost"},
        {"kind": "someday"},
        {"severity": "mild"},
        {"source_kind": "rumour"},
        {"source_id": 5},  # a link needs both halves
        {"due_date": None},  # a deadline needs its date
        {"kind": "immediate", "due_date": None},
        {"kind": "ongoing", "review_cycle_days": 30},  # ongoing: no due date
        {"kind": "ongoing", "due_date": None},  # ongoing: needs a cycle
        {"kind": "ongoing", "due_date": None, "review_cycle_days": 0},
        {"kind": "ongoing", "due_date": None, "review_cycle_days": 367},
        {"review_cycle_days": 30},  # only ongoing has a cycle
        {"next_review_date": TODAY},
        {"kind": "ongoing", "due_date": None, "review_cycle_days": 30, "status": "rectifying"},
        {
            "kind": "ongoing",
            "due_date": None,
            "review_cycle_days": 30,
            "next_review_date": TODAY,
            "status": "submitted",
            "submitted_at": NOW,
        },
        {"status": "planned", "acceptance_standard": ""},
        {"status": "submitted"},  # without submitted_at
        {"status": "closed", "closed_at": NOW},  # without a score
        {"status": "closed", "effectiveness_score": 80},  # without closed_at
        {"status": "closed", "closed_at": NOW, "effectiveness_score": 101},
        {"effectiveness_score": 80},  # a score on an open problem
        {"recheck_due": TODAY},  # a re-check of an open problem
        {"closed_at": NOW},
    ],
)
def test_the_database_refuses_a_bad_problem(cast, overrides):
    refused(Problem, **base(cast, **overrides))


def test_the_source_link_both_halves(cast):
    unit_type = ContentType.objects.get_for_model(Unit)
    refused(Problem, **base(cast, source_type=unit_type))
    Problem.objects.create(**base(cast, source_type=unit_type, source_id=cast.unit.pk))


def test_the_database_refuses_bad_measures_notes_evidence_and_verifications(cast):
    problem = make_problem(cast)
    refused(Measure, problem=problem, description="")
    refused(Measure, problem=problem, description="x", done=True)  # done without when
    refused(Measure, problem=problem, description="x", done_at=NOW)  # when without done
    refused(ProgressNote, problem=problem, body="")
    note = ProgressNote.objects.create(problem=problem, body="进展")
    evidence = {
        "note": note,
        "file": "rectification/evidence/a.png",
        "original_name": "a.png",
        "media_type": "image/png",
        "size": 10,
        "sha256": "0" * 64,
    }
    refused(Evidence, **{**evidence, "size": 0})
    refused(Evidence, **{**evidence, "file": "../../etc/passwd"})
    refused(Evidence, **{**evidence, "media_type": "text/html"})
    Evidence.objects.create(**evidence)
    refused(Evidence, **{**evidence, "file": "rectification/evidence/b.png"})  # same content
    verification = {"problem": problem, "kind": "acceptance", "decision": "accepted", "score": 90}
    refused(Verification, **{**verification, "score": None})  # accepted needs a score
    refused(Verification, **{**verification, "score": 101})
    refused(Verification, **{**verification, "decision": "confirmed"})  # not an acceptance's
    refused(Verification, **{**verification, "kind": "recheck"})
    refused(Verification, **{**verification, "kind": "cycle_review", "decision": "reopened"})
    Verification.objects.create(**verification)
    Verification.objects.create(problem=problem, kind="cycle_review", decision="reviewed")


def test_a_reminder_exists_once_per_problem_or_measure_kind_and_date(cast):
    problem = make_problem(cast)
    measure = Measure.objects.create(problem=problem, description="措施")
    Reminder.objects.create(problem=problem, kind="due_soon", due_date=TODAY)
    refused(Reminder, problem=problem, kind="due_soon", due_date=TODAY)
    Reminder.objects.create(problem=problem, kind="overdue", due_date=TODAY)
    Reminder.objects.create(
        problem=problem, kind="due_soon", due_date=TODAY + datetime.timedelta(1)
    )
    Reminder.objects.create(problem=problem, measure=measure, kind="due_soon", due_date=TODAY)
    refused(Reminder, problem=problem, measure=measure, kind="due_soon", due_date=TODAY)


# --- Queries ------------------------------------------------------------------------


def _problems(cast):
    """One problem in each status in the community, due in the past except where said,
    plus one in the other district."""
    made = {}
    for status in Status.values:
        made[status] = with_status(
            make_problem(cast, status, due_date=TODAY - datetime.timedelta(days=1)), status
        )
    made["soon"] = make_problem(cast, "soon", due_date=TODAY + datetime.timedelta(days=7))
    made["later"] = make_problem(cast, "later", due_date=TODAY + datetime.timedelta(days=8))
    made["today"] = make_problem(cast, "today", due_date=TODAY)
    made["ongoing"] = make_problem(cast, "ongoing", kind="ongoing")
    made["west"] = make_problem(
        cast,
        "west",
        unit=cast.tree.village,
        responsible=person_of(cast.other_district),
        due_date=TODAY - datetime.timedelta(days=30),
    )
    return made


def titles(qs) -> set[str]:
    return set(qs.values_list("title", flat=True))


def test_overdue_is_derived_from_the_due_date_and_status(cast):
    made = _problems(cast)
    overdue = Problem.objects.overdue(TODAY)
    assert titles(overdue) == {"draft", "planned", "rectifying", "submitted", "west"}
    assert made["rectifying"].is_overdue(TODAY) and not made["closed"].is_overdue(TODAY)
    assert not made["today"].is_overdue(TODAY)  # due today is not late yet
    assert made["today"].is_overdue(TODAY + datetime.timedelta(days=1))
    assert not made["ongoing"].is_overdue(TODAY + datetime.timedelta(days=9999))
    # Nothing is stored: the same rows are on time when looked at earlier.
    assert not Problem.objects.overdue(TODAY - datetime.timedelta(days=40)).exists()


def test_queryset_filters(cast):
    made = _problems(cast)
    assert titles(Problem.objects.in_subtree(cast.tree.district_a)) == titles(
        Problem.objects.exclude(title="west")
    )
    assert titles(Problem.objects.in_subtree(cast.tree.team)) == set()
    assert titles(Problem.objects.in_subtree(cast.tree.city)) == titles(Problem.objects.all())
    assert "closed" not in titles(Problem.objects.open())
    assert titles(Problem.objects.closed()) == {"closed"}
    assert titles(Problem.objects.due_within(7, TODAY)) == {"soon", "today"}
    assert titles(Problem.objects.awaiting_acceptance()) == {"submitted"}
    closed = Problem.objects.get(pk=made["closed"].pk)
    assert closed.recheck_due is not None
    assert not Problem.objects.recheck_due(closed.recheck_due - datetime.timedelta(1)).exists()
    assert titles(Problem.objects.recheck_due(closed.recheck_due)) == {"closed"}
    ledger = Problem.objects.filter_ledger(
        unit=cast.tree.district_a, status=["planned", "rectifying"], overdue=True, today=TODAY
    )
    assert titles(ledger) == {"planned", "rectifying"}
    assert titles(Problem.objects.filter_ledger(kind="ongoing")) == {"ongoing"}
    assert titles(
        Problem.objects.filter_ledger(due_from=TODAY, due_to=TODAY + datetime.timedelta(7))
    ) == {"soon", "today"}
    assert "west" in titles(Problem.objects.filter_ledger(overdue=True, today=TODAY))
    assert "west" not in titles(Problem.objects.filter_ledger(overdue=False, today=TODAY))
    assert titles(Problem.objects.filter_ledger(responsible=person_of(cast.other_district))) == {
        "west"
    }


def test_subtree_never_matches_a_sibling_with_a_longer_id(cast):
    # Units 1/7/ and 1/70/: the range (or LIKE) for 1/7/ must not take 1/70/.
    assert cast.unit.path.endswith("/")
    near = Problem.objects.filter(subtree_q("1/7/")).query
    assert near is not None  # builds on either database
    tree = [cast.tree.city, cast.tree.district_a, cast.tree.district_b]
    for unit in tree:
        inside = set(Problem.objects.in_subtree(unit).values_list("unit_path", flat=True))
        assert all(path.startswith(unit.path) for path in inside)


def test_ledger_counts_in_one_query(cast, django_assert_num_queries):
    _problems(cast)
    with django_assert_num_queries(1):
        counts = Problem.objects.in_subtree(cast.tree.district_a).ledger_counts(TODAY)
    assert counts == {
        "total": 9,
        "draft": 5,  # the draft, soon, later, today, ongoing
        "planned": 1,
        "rectifying": 1,
        "submitted": 1,
        "closed": 1,
        "open": 8,
        "overdue": 4,
        "due_soon": 2,
    }
    assert Problem.objects.none().ledger_counts(TODAY)["total"] == 0
    everything = Problem.objects.ledger_counts(TODAY)
    assert (everything["total"], everything["overdue"]) == (10, 5)


def test_problem_url_falls_back_to_a_plain_path(cast):
    problem = make_problem(cast)
    assert problem_url(problem.pk) == f"/rectification/problems/{problem.pk}/"
    assert problem.url == problem_url(problem.pk)
