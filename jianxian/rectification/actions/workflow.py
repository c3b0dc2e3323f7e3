"""Moving a problem through its workflow (``models.TRANSITIONS``), the verifiers'
judgements (acceptance, re-check, periodic review) and what they write."""

from __future__ import annotations

import calendar
import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jianxian.core.actions import notify
from jianxian.core.errors import ActionError, PermissionDenied
from jianxian.rectification.actions._common import (
    STANDARD_MAX,
    actor_or_none,
    clean_score,
    clean_text,
    clock,
    lock_problem,
    log,
)
from jianxian.rectification.models import (
    TRANSITIONS,
    Decision,
    Evidence,
    Measure,
    Problem,
    ProblemKind,
    ProblemStatus,
    Verification,
    VerificationKind,
    problem_url,
    status_label,
)

Status = ProblemStatus

# What a named action says when the problem is not where that action starts.
WRONG_START = {
    "plan": gettext_lazy("Only a draft can be planned."),
    "revise": gettext_lazy("Only a planned problem can go back to draft."),
    "start": gettext_lazy("Only a planned problem can be started."),
    "submit": gettext_lazy("Only a problem being rectified can be submitted for acceptance."),
    "close": gettext_lazy("Only a problem awaiting acceptance can be closed."),
    "return": gettext_lazy("Only a problem awaiting acceptance can be returned."),
    "reopen": gettext_lazy("Only a closed problem can be reopened."),
}


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus ``months`` calendar months (31 August + 6 → 28/29 February)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def _check_plan(problem: Problem) -> None:
    """Planning needs at least one measure, an acceptance standard and, unless ongoing,
    a due date (the table also insists on the last two)."""
    missing = []
    if not Measure.objects.filter(problem_id=problem.pk).exists():
        missing.append(_("at least one measure"))
    if not problem.acceptance_standard.strip():
        missing.append(_("an acceptance standard"))
    if problem.kind != ProblemKind.ONGOING and problem.due_date is None:
        missing.append(_("a due date"))
    if missing:
        raise ActionError(_("The plan needs %(things)s.") % {"things": _(" and ").join(missing)})


def _check_submission(problem: Problem) -> None:
    """Submitting needs every measure done and at least one progress note with evidence."""
    measures = Measure.objects.filter(problem_id=problem.pk)
    if not measures.exists():
        raise ActionError(_("The problem has no measures; add and carry them out first."))
    open_measures = measures.filter(done=False).count()
    if open_measures:
        raise ActionError(
            _("%(n)d measure(s) are not done yet; finish them before submitting.")
            % {"n": open_measures}
        )
    if not Evidence.objects.filter(note__problem_id=problem.pk).exists():
        raise ActionError(_("Attach evidence to a progress note before submitting for acceptance."))


def move_problem(
    *,
    actor: Any,
    problem: Problem,
    to_status: str,
    note: str = "",
    verb: str | None = None,
    score: Any = None,
    now: datetime.datetime | None = None,
) -> Problem:
    """Move ``problem`` from the status the caller saw to ``to_status``; ``verb``
    (``"close"``, …) also requires the move to be that one.

    The move is a compare-and-set on that status: if someone moved it meanwhile (a
    second verifier closing at the same time), nothing is written and the caller is
    told. Every move bumps the version and appends an ``Event`` with from → to and the
    note; acceptance decisions and re-checks also write their ``Verification``.
    """
    moment, today = clock(now)
    from_status = problem.status
    transition = TRANSITIONS.get(from_status, {}).get(to_status)
    if transition is None or (verb is not None and transition.verb != verb):
        if verb in WRONG_START:
            raise ActionError(
                _("%(rule)s This one is “%(status)s”.")
                % {"rule": WRONG_START[verb], "status": status_label(from_status)}
            )
        raise ActionError(
            _("A problem cannot go from “%(from)s” to “%(to)s”.")
            % {"from": status_label(from_status), "to": status_label(to_status)}
        )
    if transition.not_ongoing and problem.kind == ProblemKind.ONGOING:
        raise ActionError(
            _("An ongoing effort is reviewed each cycle; it is not submitted or closed.")
        )
    refusal = problem.refusal_to_move(actor, to_status)
    if refusal:
        raise PermissionDenied(refusal)
    note = clean_text(note, _("Comment"), STANDARD_MAX)
    if transition.needs_reason and not note:
        raise ActionError(_("Give the reason."))
    stamps: dict[str, Any] = {}
    if transition.verb == "submit":
        stamps = {"submitted_by": actor_or_none(actor), "submitted_at": moment}
    elif transition.verb == "close":
        score = clean_score(score, required=True)
        if not note:
            raise ActionError(_("Write the acceptance comment."))
        months = settings.RECTIFICATION_RECHECK_MONTHS
        stamps = {
            "closed_at": moment,
            "closed_by": actor_or_none(actor),
            "effectiveness_score": score,
            "recheck_due": add_months(today, months),
        }
    elif transition.verb == "reopen":
        stamps = {
            "closed_at": None,
            "closed_by": None,
            "effectiveness_score": None,
            "recheck_due": None,
            "reopen_count": F("reopen_count") + 1,
        }
    with transaction.atomic():
        # Read (and on PostgreSQL lock) the row first, so that a move that lost a race
        # says so instead of complaining about content; the update below is still a
        # compare-and-set on the status the caller saw.
        current = lock_problem(problem)
        if current.status == from_status:
            if transition.verb == "plan":
                _check_plan(current)
            elif transition.verb == "submit":
                _check_submission(current)
            elif (
                transition.verb == "start"
                and current.kind == ProblemKind.ONGOING
                and current.next_review_date is None
            ):
                cycle = current.review_cycle_days or 0
                stamps["next_review_date"] = today + datetime.timedelta(days=cycle)
        seen: dict[str, Any] = {"status": from_status}
        if transition.verb == "reopen":
            # A re-check judges the problem as the verifier saw it: a confirmation
            # made meanwhile by someone else (status unchanged) also makes it stale.
            seen["version"] = problem.version
        moved = Problem.objects.filter(pk=problem.pk, **seen).update(
            status=to_status, version=F("version") + 1, updated_at=moment, **stamps
        )
        if moved != 1:
            raise ActionError(
                _("Someone else has just changed this problem: it is now “%(status)s”.")
                % {"status": status_label(current.status)}
            )
        _verify(actor, current, transition.verb, score, note, moment)
        log(
            actor=actor,
            verb=transition.verb,
            problem=current,
            at=now,
            from_status=from_status,
            to_status=to_status,
            changes={"score": score} if transition.verb == "close" else None,
            note=note,
        )
        problem.refresh_from_db()
        _tell_responsible(actor, problem, transition.verb, note)
        if transition.verb == "submit":
            _notify_verifiers_on_commit(problem.pk)
    return problem


def _verify(
    actor: Any, problem: Problem, verb: str, score: int | None, note: str, at: datetime.datetime
) -> None:
    """The verifier's judgement behind a move, as a ``Verification`` row."""
    judged = {
        "close": (VerificationKind.ACCEPTANCE, Decision.ACCEPTED),
        "return": (VerificationKind.ACCEPTANCE, Decision.RETURNED),
        "reopen": (VerificationKind.RECHECK, Decision.REOPENED),
    }.get(verb)
    if judged is None:
        return
    Verification.objects.create(
        problem=problem,
        verifier=actor_or_none(actor),
        kind=judged[0],
        decision=judged[1],
        score=score if verb == "close" else None,
        comment=note,
        created_at=at,
    )


def _tell_responsible(actor: Any, problem: Problem, verb: str, note: str) -> None:
    """The responsible person hears when a verifier closes, returns or reopens."""
    titles = {
        "close": _("Accepted and closed: %(title)s"),
        "return": _("Returned for more work: %(title)s"),
        "reopen": _("Reopened after the re-check: %(title)s"),
    }
    if verb not in titles:
        return
    user = problem.responsible.user
    if user is None or not user.is_active or (actor is not None and actor.pk == user.pk):
        return
    notify(
        recipient=user,
        title=titles[verb] % {"title": problem.title},
        body=note,
        url=problem_url(problem.pk),
    )


def _notify_verifiers_on_commit(problem_id: int) -> None:
    from jianxian.rectification import tasks

    transaction.on_commit(lambda: tasks.notify_problem_submitted.enqueue(problem_id))


# --- The named moves ----------------------------------------------------------


def plan_problem(
    *, actor: Any, problem: Problem, note: str = "", now: datetime.datetime | None = None
) -> Problem:
    """Draft → planned: needs a measure, an acceptance standard and (unless ongoing) a
    due date."""
    return move_problem(
        actor=actor, problem=problem, to_status=Status.PLANNED, note=note, verb="plan", now=now
    )


def revise_problem(
    *, actor: Any, problem: Problem, note: str = "", now: datetime.datetime | None = None
) -> Problem:
    """Planned → draft, to rework the plan."""
    return move_problem(
        actor=actor, problem=problem, to_status=Status.DRAFT, note=note, verb="revise", now=now
    )


def start_problem(
    *, actor: Any, problem: Problem, note: str = "", now: datetime.datetime | None = None
) -> Problem:
    """Planned → rectifying (the responsible person or a manager). An ongoing effort gets
    its first review date, one cycle from today, unless it has one."""
    return move_problem(
        actor=actor,
        problem=problem,
        to_status=Status.RECTIFYING,
        note=note,
        verb="start",
        now=now,
    )


def submit_problem(
    *, actor: Any, problem: Problem, note: str = "", now: datetime.datetime | None = None
) -> Problem:
    """Rectifying → awaiting acceptance (the responsible person or a manager): every
    measure done, evidence attached. The unit's verifiers are told once it commits."""
    return move_problem(
        actor=actor,
        problem=problem,
        to_status=Status.SUBMITTED,
        note=note,
        verb="submit",
        now=now,
    )


def close_problem(
    *,
    actor: Any,
    problem: Problem,
    score: Any,
    comment: str,
    now: datetime.datetime | None = None,
) -> Problem:
    """Accept and close (销号): a verifier of the unit, not the responsible person nor
    the submitter, with an effectiveness score (0–100) and a comment. The recurrence
    re-check is due ``RECTIFICATION_RECHECK_MONTHS`` months later."""
    return move_problem(
        actor=actor,
        problem=problem,
        to_status=Status.CLOSED,
        note=comment,
        verb="close",
        score=score,
        now=now,
    )


def return_problem(
    *, actor: Any, problem: Problem, reason: str, now: datetime.datetime | None = None
) -> Problem:
    """Awaiting acceptance → rectifying, with the reason (a verifier)."""
    return move_problem(
        actor=actor,
        problem=problem,
        to_status=Status.RECTIFYING,
        note=reason,
        verb="return",
        now=now,
    )
