"""The workflow: every legal move works and leaves an event, every other move is refused
and writes nothing; who may move what; the gates (plan, submit); four eyes; the race;
the verifiers' judgements (acceptance, re-check, periodic review)."""

from __future__ import annotations

import datetime
import itertools
import threading

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import override_settings
from django.utils import translation

from jianxian.core.errors import ActionError
from jianxian.core.models import Event, Notification
from jianxian.rectification import actions
from jianxian.rectification.models import (
    TRANSITIONS,
    Decision,
    Problem,
    ProblemStatus,
    Verification,
    VerificationKind,
)
from jianxian.rectification.tests.factories import (
    TODAY,
    at,
    finish_work,
    make_planned,
    make_problem,
    make_ready,
    person_of,
    png_bytes,
    with_status,
)

pytestmark = pytest.mark.django_db

Status = ProblemStatus
LEGAL = [(source, target) for source, targets in TRANSITIONS.items() for target in targets]
ILLEGAL = [pair for pair in itertools.product(Status.values, Status.values) if pair not in LEGAL]
MOVE_VERBS = [t.verb for targets in TRANSITIONS.values() for t in targets.values()]
WRAPPERS = {
    "plan": actions.plan_problem,
    "revise": actions.revise_problem,
    "start": actions.start_problem,
    "submit": actions.submit_problem,
    "close": lambda **kw: actions.close_problem(score=85, comment="整改到位", **kw),
    "return": lambda **kw: actions.return_problem(reason="佐证材料不足", **kw),
    "reopen": lambda **kw: actions.recheck_problem(
        decision="reopened", comment="问题出现反弹", **kw
    ),
}


def moves(problem) -> list[tuple[str, str, str]]:
    return [
        (e.verb, e.from_status, e.to_status)
        for e in Event.objects.filter(
            target_id=problem.pk, verb__in=[f"problem.{v}" for v in MOVE_VERBS]
        ).order_by("id")
    ]


def row(problem) -> Problem:
    return Problem.objects.get(pk=problem.pk)


def test_the_table_has_the_briefs_moves():
    assert sorted(LEGAL) == sorted(
        [
            ("draft", "planned"),
            ("planned", "draft"),
            ("planned", "rectifying"),
            ("rectifying", "submitted"),
            ("submitted", "closed"),
            ("submitted", "rectifying"),
            ("closed", "rectifying"),
        ]
    )
    assert len(LEGAL) + len(ILLEGAL) == 25
    verbs = {t.verb: (s, to) for s, targets in TRANSITIONS.items() for to, t in targets.items()}
    assert set(verbs) == set(WRAPPERS)


@pytest.mark.parametrize(("source", "target"), LEGAL, ids=[f"{s}->{t}" for s, t in LEGAL])
def test_every_legal_move_works_and_is_recorded(cast, source, target):
    problem = with_status(make_ready(cast), source)
    if source == Status.RECTIFYING:
        finish_work(problem)
    version = row(problem).version
    before = Event.objects.count()
    moved = actions.move_problem(
        actor=cast.city_admin,
        problem=problem,
        to_status=target,
        note="核验意见",
        score=88 if target == Status.CLOSED else None,
    )
    assert moved.status == target
    after = row(problem)
    assert (after.status, after.version) == (target, version + 1)
    [event] = Event.objects.order_by("-id")[: Event.objects.count() - before]
    verb = TRANSITIONS[source][target].verb
    assert (event.verb, event.from_status, event.to_status, event.note, event.actor) == (
        f"problem.{verb}",
        source,
        target,
        "核验意见",
        cast.city_admin,
    )


@pytest.mark.parametrize(("source", "target"), ILLEGAL, ids=[f"{s}->{t}" for s, t in ILLEGAL])
def test_every_other_move_is_refused_and_writes_nothing(cast, source, target):
    problem = with_status(make_ready(cast), source)
    before = row(problem)
    events, verifications = Event.objects.count(), Verification.objects.count()
    with pytest.raises(ActionError) as refusal:
        actions.move_problem(actor=None, problem=problem, to_status=target, note="x", score=80)
    assert "cannot go from" in refusal.value.message
    assert f"“{before.get_status_display()}”" in refusal.value.message
    after = row(problem)
    assert (after.status, after.version, after.updated_at) == (
        before.status,
        before.version,
        before.updated_at,
    )
    assert (Event.objects.count(), Verification.objects.count()) == (events, verifications)


@pytest.mark.parametrize("verb", list(WRAPPERS))
@pytest.mark.parametrize("source", Status.values)
def test_each_named_action_moves_only_from_its_own_status(cast, verb, source):
    problem = with_status(make_ready(cast), source)
    if source == Status.RECTIFYING:
        finish_work(problem)
    legal = any(t.verb == verb for t in TRANSITIONS[source].values())
    if legal:
        WRAPPERS[verb](actor=None, problem=problem)
        assert moves(problem)[-1][0] == f"problem.{verb}"
    else:
        with pytest.raises(ActionError, match=r"^Only .* This one is"):
            WRAPPERS[verb](actor=None, problem=problem)
        assert row(problem).status == source


def test_unknown_target_status_is_refused(cast):
    problem = make_problem(cast)
    with pytest.raises(ActionError):
        actions.move_problem(actor=None, problem=problem, to_status="deleted")


# --- Who may make each move ---------------------------------------------------

PERMITTED = {
    "plan": {"organizer", "unit_admin", "district_admin", "city_admin"},
    "revise": {"organizer", "unit_admin", "district_admin", "city_admin"},
    "start": {"organizer", "unit_admin", "district_admin", "city_admin", "responsible"},
    "submit": {"organizer", "unit_admin", "district_admin", "city_admin", "responsible"},
    "close": {"verifier", "city_admin"},
    "return": {"verifier", "city_admin"},
    "reopen": {"verifier", "city_admin"},
}
PEOPLE = [
    "organizer",
    "unit_admin",
    "verifier",
    "district_admin",
    "city_admin",
    "responsible",
    "member",
    "team_member",
    "other_district",
    "other_organizer",
    "other_verifier",
    "viewer",
]
VERB_MOVES = {t.verb: (s, to) for s, targets in TRANSITIONS.items() for to, t in targets.items()}


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("verb", list(PERMITTED))
def test_who_may_make_each_move(cast, verb, who):
    source, target = VERB_MOVES[verb]
    problem = with_status(make_ready(cast), source)
    if source == Status.RECTIFYING:
        finish_work(problem)
    user = getattr(cast, who)
    assert (target in problem.allowed_moves(user)) == (who in PERMITTED[verb])
    if who in PERMITTED[verb]:
        WRAPPERS[verb](actor=user, problem=problem)
        assert row(problem).status == target
    else:
        with pytest.raises(PermissionDenied):
            WRAPPERS[verb](actor=user, problem=problem)
        assert row(problem).status == source


def test_anonymous_and_inactive_users_move_nothing(cast):
    from django.contrib.auth.models import AnonymousUser

    problem = with_status(make_problem(cast), Status.PLANNED)
    cast.unit_admin.is_active = False
    cast.unit_admin.save(update_fields=["is_active"])
    for user in (AnonymousUser(), cast.unit_admin):
        assert problem.allowed_moves(user) == []
        with pytest.raises(PermissionDenied):
            actions.start_problem(actor=user, problem=problem)


# --- The gates ------------------------------------------------------------------


def test_planning_needs_a_measure_and_an_acceptance_standard(cast):
    problem = make_problem(cast, acceptance_standard="")
    with pytest.raises(ActionError, match="at least one measure and an acceptance standard"):
        actions.plan_problem(actor=cast.organizer, problem=problem)
    actions.add_measure(actor=cast.organizer, problem=problem, description="建立走访台账")
    with pytest.raises(ActionError, match="The plan needs an acceptance standard"):
        actions.plan_problem(actor=cast.organizer, problem=problem)
    assert row(problem).status == Status.DRAFT
    assert not Event.objects.filter(verb="problem.plan").exists()
    actions.update_problem(
        actor=cast.organizer,
        problem=problem,
        version=row(problem).version,
        acceptance_standard="走访记录完整、居民回访满意",
    )
    actions.plan_problem(actor=cast.organizer, problem=problem)
    assert row(problem).status == Status.PLANNED


def test_submitting_needs_every_measure_done(cast):
    problem = with_status(make_problem(cast), Status.RECTIFYING)
    second = actions.add_measure(actor=None, problem=problem, description="开展居民回访")
    finish_work(problem)
    actions.mark_measure_undone(actor=None, measure=second)
    with pytest.raises(ActionError, match="1 measure\\(s\\) are not done yet"):
        actions.submit_problem(actor=cast.responsible, problem=problem)
    actions.mark_measure_done(actor=cast.responsible, measure=second)
    actions.submit_problem(actor=cast.responsible, problem=problem)
    assert row(problem).status == Status.SUBMITTED


def test_submitting_needs_evidence_not_just_words(cast):
    problem = with_status(make_problem(cast), Status.RECTIFYING)
    for measure in problem.measures.all():
        actions.mark_measure_done(actor=None, measure=measure)
    actions.add_progress_note(actor=None, problem=problem, body="已经整改完毕。")
    with pytest.raises(ActionError, match="Attach evidence"):
        actions.submit_problem(actor=cast.responsible, problem=problem)
    actions.add_progress_note(
        actor=cast.responsible, problem=problem, body="附走访照片。", files=[("a.png", png_bytes())]
    )
    actions.submit_problem(actor=cast.responsible, problem=problem)
    problem = row(problem)
    assert problem.status == Status.SUBMITTED
    assert (problem.submitted_by, problem.submitted_at is not None) == (cast.responsible, True)


def test_submitting_needs_measures_at_all(cast):
    problem = with_status(make_problem(cast), Status.RECTIFYING)
    finish_work(problem)
    for measure in problem.measures.all():
        actions.remove_measure(actor=None, measure=measure, version=measure.version)
    with pytest.raises(ActionError, match="no measures"):
        actions.submit_problem(actor=None, problem=problem)


# --- Closing: four eyes, score, re-check date ------------------------------------


def test_the_responsible_person_can_never_verify(cast):
    # The responsible person is also a verifier over the unit: still refused.
    from jianxian.core.tests.factories import grant

    grant(cast.responsible, "verifier", cast.tree.district_a)
    problem = with_status(make_problem(cast), Status.SUBMITTED)
    assert problem.allowed_moves(cast.responsible) == []
    with pytest.raises(PermissionDenied, match="cannot verify their own"):
        actions.close_problem(actor=cast.responsible, problem=problem, score=99, comment="好")
    with pytest.raises(PermissionDenied, match="cannot verify their own"):
        actions.return_problem(actor=cast.responsible, problem=problem, reason="x")
    actions.close_problem(actor=cast.verifier, problem=problem, score=90, comment="整改到位")
    with pytest.raises(PermissionDenied, match="cannot verify their own"):
        actions.recheck_problem(actor=cast.responsible, problem=problem, decision="confirmed")


def test_the_submitter_cannot_close_what_they_submitted(cast):
    problem = with_status(make_problem(cast), Status.RECTIFYING)
    finish_work(problem)
    actions.submit_problem(actor=cast.city_admin, problem=problem)
    assert Status.CLOSED not in problem.allowed_moves(cast.city_admin)
    assert Status.RECTIFYING in problem.allowed_moves(cast.city_admin)  # may still return
    with pytest.raises(PermissionDenied, match="other than the submitter"):
        actions.close_problem(actor=cast.city_admin, problem=problem, score=90, comment="好")
    actions.close_problem(actor=cast.verifier, problem=problem, score=90, comment="好")


@pytest.mark.parametrize("score", [None, "", -1, 101, 85.5, "eighty", True, "1e2"])
def test_closing_needs_a_whole_score_from_0_to_100(cast, score):
    problem = with_status(make_problem(cast), Status.SUBMITTED)
    with pytest.raises(ActionError, match="score"):
        actions.close_problem(actor=cast.verifier, problem=problem, score=score, comment="好")
    assert row(problem).status == Status.SUBMITTED
    assert not Verification.objects.exists()


@pytest.mark.parametrize("score", [0, 100, "75", " 60 "])
def test_closing_accepts_scores_at_the_bounds_and_from_forms(cast, score):
    problem = with_status(make_problem(cast), Status.SUBMITTED)
    actions.close_problem(actor=cast.verifier, problem=problem, score=score, comment="好")
    assert row(problem).effectiveness_score == int(score)


def test_closing_needs_a_comment(cast):
    problem = with_status(make_problem(cast), Status.SUBMITTED)
    with pytest.raises(ActionError, match="acceptance comment"):
        actions.close_problem(actor=cast.verifier, problem=problem, score=90, comment="  ")


@override_settings(RECTIFICATION_RECHECK_MONTHS=6)
def test_closing_records_the_acceptance_and_schedules_the_recheck(cast):
    problem = with_status(make_problem(cast), Status.SUBMITTED)
    moment = at(datetime.date(2026, 8, 31), hour=15)
    actions.close_problem(
        actor=cast.verifier, problem=problem, score=92, comment="台账完整，回访满意", now=moment
    )
    problem = row(problem)
    assert problem.status == Status.CLOSED
    assert (problem.closed_at, problem.closed_by, problem.effectiveness_score) == (
        moment,
        cast.verifier,
        92,
    )
    assert problem.recheck_due == datetime.date(2027, 2, 28)  # 31 August + 6 months
    [verification] = Verification.objects.filter(problem=problem)
    assert (verification.kind, verification.decision, verification.score) == (
        VerificationKind.ACCEPTANCE,
        Decision.ACCEPTED,
        92,
    )
    assert (verification.verifier, verification.comment, verification.created_at) == (
        cast.verifier,
        "台账完整，回访满意",
        moment,
    )
    event = Event.objects.get(verb="problem.close")
    assert (event.changes, event.note, event.created_at) == (
        {"score": 92},
        "台账完整，回访满意",
        moment,
    )
    notice = Notification.objects.get(recipient=cast.responsible)
    assert problem.title in notice.title and notice.url == f"/rectification/problems/{problem.pk}/"


@override_settings(RECTIFICATION_RECHECK_MONTHS=3)
def test_the_recheck_delay_is_a_setting(cast):
    problem = with_status(make_problem(cast), Status.SUBMITTED)
    actions.close_problem(
        actor=cast.verifier, problem=problem, score=80, comment="好", now=at(TODAY)
    )
    assert row(problem).recheck_due == datetime.date(2026, 9, 15)


def test_add_months_clamps_to_the_end_of_the_month():
    assert actions.add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert actions.add_months(datetime.date(2027, 8, 31), 6) == datetime.date(2028, 2, 29)
    assert actions.add_months(datetime.date(2026, 11, 30), 3) == datetime.date(2027, 2, 28)
    assert actions.add_months(datetime.date(2026, 7, 15), 18) == datetime.date(2028, 1, 15)


def test_return_needs_a_reason_and_is_recorded(cast):
    problem = with_status(make_problem(cast), Status.SUBMITTED)
    with pytest.raises(ActionError, match="Give the reason"):
        actions.return_problem(actor=cast.verifier, problem=problem, reason=" ")
    actions.return_problem(actor=cast.verifier, problem=problem, reason="缺少居民回访记录")
    problem = row(problem)
    assert problem.status == Status.RECTIFYING and problem.closed_at is None
    verification = Verification.objects.get(problem=problem)
    assert (verification.decision, verification.score, verification.comment) == (
        Decision.RETURNED,
        None,
        "缺少居民回访记录",
    )
    notice = Notification.objects.get(recipient=cast.responsible)
    assert notice.body == "缺少居民回访记录"


# --- The race -------------------------------------------------------------------


def test_two_verifiers_closing_at_once_exactly_one_wins(cast):
    problem = with_status(make_problem(cast), Status.SUBMITTED)
    first = Problem.objects.get(pk=problem.pk)
    second = Problem.objects.get(pk=problem.pk)  # read before the first one's close
    actions.close_problem(actor=cast.verifier, problem=first, score=90, comment="同意销号")
    with pytest.raises(ActionError, match="Someone else has just changed this problem"):
        actions.close_problem(actor=cast.city_admin, problem=second, score=60, comment="同意")
    problem = row(problem)
    assert (problem.closed_by, problem.effectiveness_score) == (cast.verifier, 90)
    assert Event.objects.filter(verb="problem.close").count() == 1
    assert Verification.objects.filter(problem=problem).count() == 1


def test_a_return_racing_a_close_loses_cleanly(cast):
    problem = with_status(make_problem(cast), Status.SUBMITTED)
    stale = Problem.objects.get(pk=problem.pk)
    actions.close_problem(actor=cast.verifier, problem=problem, score=90, comment="同意销号")
    with pytest.raises(ActionError, match="“Closed”"):
        actions.return_problem(actor=cast.city_admin, problem=stale, reason="不同意")
    assert row(problem).status == Status.CLOSED
    assert Verification.objects.filter(problem=problem).count() == 1


def test_two_rechecks_at_once_exactly_one_wins(cast):
    problem = with_status(make_problem(cast), Status.CLOSED)
    first = Problem.objects.get(pk=problem.pk)
    second = Problem.objects.get(pk=problem.pk)
    actions.recheck_problem(actor=cast.verifier, problem=first, decision="confirmed")
    with pytest.raises(ActionError, match="Someone else has just changed"):
        actions.recheck_problem(
            actor=cast.city_admin, problem=second, decision="reopened", comment="反弹"
        )
    assert row(problem).status == Status.CLOSED
    assert Verification.objects.filter(kind="recheck").count() == 1


def test_a_deleted_problem_cannot_be_moved(cast):
    problem = make_problem(cast)
    actions.add_measure(actor=None, problem=problem, description="措施")
    stale = Problem.objects.get(pk=problem.pk)
    actions.delete_problem(actor=None, problem=problem)
    with pytest.raises(ActionError, match="no longer exists"):
        actions.plan_problem(actor=None, problem=stale)


# --- Re-check ---------------------------------------------------------------------


def test_recheck_confirms_and_leaves_it_closed(cast):
    problem = with_status(make_problem(cast), Status.CLOSED)
    assert row(problem).recheck_due is not None
    actions.recheck_problem(
        actor=cast.verifier, problem=problem, decision="confirmed", comment="回访未见反弹"
    )
    problem = row(problem)
    assert (problem.status, problem.recheck_due, problem.reopen_count) == (Status.CLOSED, None, 0)
    assert problem.effectiveness_score == 90  # the acceptance stands
    verification = Verification.objects.get(kind=VerificationKind.RECHECK)
    assert (verification.decision, verification.comment) == (Decision.CONFIRMED, "回访未见反弹")
    event = Event.objects.get(verb="problem.recheck")
    assert (event.from_status, event.to_status, event.note) == ("", "", "回访未见反弹")


def test_recheck_reopens_and_counts_it(cast):
    problem = with_status(make_problem(cast), Status.CLOSED)
    with pytest.raises(ActionError, match="Give the reason"):
        actions.recheck_problem(actor=cast.verifier, problem=problem, decision="reopened")
    actions.recheck_problem(
        actor=cast.verifier, problem=problem, decision="reopened", comment="走访记录再次缺失"
    )
    problem = row(problem)
    assert (problem.status, problem.reopen_count) == (Status.RECTIFYING, 1)
    assert (problem.closed_at, problem.effectiveness_score, problem.recheck_due) == (
        None,
        None,
        None,
    )
    assert moves(problem)[-1] == ("problem.reopen", "closed", "rectifying")
    verification = Verification.objects.get(kind=VerificationKind.RECHECK)
    assert verification.decision == Decision.REOPENED
    # Round two: back to closed, reopened again, counted twice.
    actions.submit_problem(actor=None, problem=problem)
    actions.close_problem(actor=cast.verifier, problem=problem, score=70, comment="再次整改到位")
    actions.recheck_problem(actor=None, problem=problem, decision="reopened", comment="又反弹")
    assert row(problem).reopen_count == 2


def test_recheck_only_of_a_closed_problem_and_only_two_decisions(cast):
    problem = with_status(make_problem(cast), Status.SUBMITTED)
    with pytest.raises(ActionError, match="Only a closed problem is re-checked"):
        actions.recheck_problem(actor=cast.verifier, problem=problem, decision="confirmed")
    actions.close_problem(actor=cast.verifier, problem=problem, score=80, comment="好")
    with pytest.raises(ActionError, match="either confirms"):
        actions.recheck_problem(actor=cast.verifier, problem=problem, decision="accepted")
    with pytest.raises(PermissionDenied):
        actions.recheck_problem(actor=cast.organizer, problem=problem, decision="confirmed")
    with pytest.raises(PermissionDenied):
        actions.recheck_problem(actor=cast.other_verifier, problem=problem, decision="confirmed")


# --- Ongoing efforts ----------------------------------------------------------------


def test_an_ongoing_effort_is_never_submitted_or_closed(cast):
    problem = with_status(make_problem(cast, kind="ongoing"), Status.RECTIFYING)
    finish_work(problem)
    assert Status.SUBMITTED not in problem.allowed_moves(cast.city_admin)
    with pytest.raises(ActionError, match="reviewed each cycle"):
        actions.submit_problem(actor=None, problem=problem)
    assert row(problem).status == Status.RECTIFYING


def test_starting_an_ongoing_effort_sets_its_first_review(cast):
    problem = make_planned(cast, kind="ongoing", review_cycle_days=30)
    assert row(problem).next_review_date is None
    actions.start_problem(actor=cast.responsible, problem=problem, now=at(TODAY))
    assert row(problem).next_review_date == TODAY + datetime.timedelta(days=30)


def test_periodic_review_moves_the_next_review_on(cast):
    problem = make_planned(cast, kind="ongoing", review_cycle_days=90)
    actions.start_problem(actor=None, problem=problem, now=at(TODAY))
    due = TODAY + datetime.timedelta(days=90)
    problem = row(problem)
    actions.review_problem_cycle(
        actor=cast.verifier,
        problem=problem,
        comment="制度执行良好",
        score=85,
        now=at(due),
    )
    problem = row(problem)
    assert problem.next_review_date == due + datetime.timedelta(days=90)
    assert problem.status == Status.RECTIFYING
    verification = Verification.objects.get(kind=VerificationKind.CYCLE_REVIEW)
    assert (verification.decision, verification.score) == (Decision.REVIEWED, 85)
    # A review a whole year late lands after that day, not in the past.
    late = due + datetime.timedelta(days=400)
    actions.review_problem_cycle(actor=cast.verifier, problem=problem, comment="补评", now=at(late))
    following = row(problem).next_review_date
    assert following is not None and late < following <= late + datetime.timedelta(days=90)
    event = Event.objects.filter(verb="problem.review").latest("id")
    assert event.changes["next_review_date"][0] == (due + datetime.timedelta(days=90)).isoformat()


def test_periodic_review_rules(cast):
    deadline = with_status(make_problem(cast), Status.RECTIFYING)
    with pytest.raises(ActionError, match="Only an ongoing effort"):
        actions.review_problem_cycle(actor=cast.verifier, problem=deadline, comment="x")
    ongoing = with_status(make_problem(cast, kind="ongoing"), Status.RECTIFYING)
    with pytest.raises(ActionError, match="Comment is required"):
        actions.review_problem_cycle(actor=cast.verifier, problem=ongoing, comment="")
    with pytest.raises(ActionError, match="score"):
        actions.review_problem_cycle(actor=cast.verifier, problem=ongoing, comment="x", score=101)
    for user in (cast.organizer, cast.responsible, cast.other_verifier):
        with pytest.raises(PermissionDenied):
            actions.review_problem_cycle(actor=user, problem=ongoing, comment="x")
    stale = Problem.objects.get(pk=ongoing.pk)
    actions.review_problem_cycle(actor=cast.verifier, problem=ongoing, comment="按期评估")
    with pytest.raises(ActionError, match="Someone else has just reviewed"):
        actions.review_problem_cycle(actor=cast.city_admin, problem=stale, comment="重复评估")
    assert Verification.objects.filter(kind="cycle_review").count() == 1


# --- Notices and the whole life ---------------------------------------------------


def test_submitting_tells_the_units_verifiers_once_committed(
    cast, django_capture_on_commit_callbacks
):
    problem = with_status(make_problem(cast), Status.RECTIFYING)
    finish_work(problem)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        actions.submit_problem(actor=cast.responsible, problem=problem)
    assert not Notification.objects.filter(recipient=cast.verifier).exists()  # not yet
    assert len(callbacks) == 1
    callbacks[0]()
    notice = Notification.objects.get(recipient=cast.verifier)
    assert problem.title in notice.title
    assert notice.url == f"/rectification/problems/{problem.pk}/"
    # Verifiers of the city above (the city admin holds every role) are not spammed:
    # the district's verifier is the one covering the unit.
    assert not Notification.objects.filter(recipient=cast.other_verifier).exists()
    assert not Notification.objects.filter(recipient=cast.responsible).exists()


def test_a_unit_without_verifiers_tells_its_unit_admins(cast, django_capture_on_commit_callbacks):
    problem = make_problem(cast, unit=cast.tree.bureau, responsible=person_of(cast.member))
    problem = with_status(problem, Status.RECTIFYING)
    finish_work(problem)
    with django_capture_on_commit_callbacks(execute=True):
        actions.submit_problem(actor=None, problem=problem)
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["cityadmin"]


def test_the_whole_life_leaves_a_ledger(cast):
    problem = make_problem(cast, actor=cast.organizer)
    actions.add_measure(actor=cast.organizer, problem=problem, description="制定走访规范")
    actions.plan_problem(actor=cast.organizer, problem=problem)
    actions.revise_problem(actor=cast.unit_admin, problem=problem, note="补充措施")
    actions.plan_problem(actor=cast.unit_admin, problem=problem)
    actions.start_problem(actor=cast.responsible, problem=problem)
    finish_work(problem, actor=cast.responsible)
    actions.submit_problem(actor=cast.responsible, problem=problem)
    actions.return_problem(actor=cast.verifier, problem=problem, reason="补充回访记录")
    actions.add_progress_note(
        actor=cast.responsible, problem=problem, body="已补充。", files=[("b.pdf", _pdf())]
    )
    actions.submit_problem(actor=cast.responsible, problem=problem)
    actions.close_problem(actor=cast.verifier, problem=problem, score=88, comment="同意销号")
    actions.recheck_problem(
        actor=cast.city_admin, problem=problem, decision="reopened", comment="反弹"
    )
    assert moves(problem) == [
        ("problem.plan", "draft", "planned"),
        ("problem.revise", "planned", "draft"),
        ("problem.plan", "draft", "planned"),
        ("problem.start", "planned", "rectifying"),
        ("problem.submit", "rectifying", "submitted"),
        ("problem.return", "submitted", "rectifying"),
        ("problem.submit", "rectifying", "submitted"),
        ("problem.close", "submitted", "closed"),
        ("problem.reopen", "closed", "rectifying"),
    ]
    verbs = list(
        Event.objects.filter(target_id=problem.pk, verb__startswith="problem.")
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert verbs[:3] == ["problem.create", "problem.add_measure", "problem.plan"]
    assert {"problem.measure_done", "problem.add_note"} <= set(verbs)
    assert row(problem).version == 1 + len(moves(problem))  # every move bumped it


def _pdf() -> bytes:
    from jianxian.rectification.tests.factories import pdf_bytes

    return pdf_bytes()


if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Two transactions really at once needs a server that runs them side by side; on
    # SQLite (one writer at a time) the stale-copy tests above cover the same path.

    @pytest.mark.postgres_only
    @pytest.mark.django_db(transaction=True)
    def test_two_verifiers_closing_in_parallel_exactly_one_wins():
        from jianxian.rectification.tests.factories import make_cast

        cast = make_cast()
        problem = with_status(make_ready(cast), Status.SUBMITTED)
        start = threading.Barrier(2)
        outcomes: list[str] = []

        def close(user) -> None:
            copy = Problem.objects.get(pk=problem.pk)
            try:
                start.wait()
                with translation.override("en"):  # a thread starts in the default language
                    actions.close_problem(actor=user, problem=copy, score=80, comment="同意销号")
                outcomes.append("closed")
            except ActionError as refusal:
                outcomes.append(refusal.message)
            finally:
                connection.close()

        threads = [
            threading.Thread(target=close, args=(u,)) for u in (cast.verifier, cast.city_admin)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(outcomes) == 2 and outcomes.count("closed") == 1
        [refusal] = [o for o in outcomes if o != "closed"]
        assert refusal.startswith("Someone else has just changed this problem")
        assert Verification.objects.filter(problem_id=problem.pk).count() == 1
        assert Event.objects.filter(verb="problem.close", target_id=problem.pk).count() == 1
