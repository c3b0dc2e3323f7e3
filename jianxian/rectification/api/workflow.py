"""Moving a problem through its workflow: one endpoint per move, each with the body
that move needs.

* ``plan``, ``revise``, ``start``, ``submit``: an optional ``note``;
* ``close`` (销号): ``score`` 0–100 and ``comment``;
* ``return``: ``reason``;
* ``recheck``: ``decision`` ``confirm`` or ``reopen`` (a ``comment`` saying how it came
  back);
* ``review`` (an ongoing effort, each cycle): ``comment`` and an optional ``score``.

Answers: 200 with the problem; 403 for a caller who may not make the move (the
responsible person closing their own rectification, staff planning); 404 outside the
caller's sight; 400 with the message for a move the problem's state does not allow, or
a gate not passed (no measure, measures not done, no evidence).

**Races are 409.** Every body takes an optional ``version``: if the problem has
changed since, nothing is written and the answer is 409. Without it, the move is still
a compare-and-set on the status the request found: when two verifiers close at once,
exactly one succeeds and the other gets 409 with what the problem is now. Whenever a
move is refused and the problem changed while the request was handled, the answer is
409 (reload and decide again), never 400.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404
from django.utils.translation import gettext as _

from jianxian.core.errors import ActionError, StaleEdit
from jianxian.core.http import AuthedRequest
from jianxian.rectification import access, actions
from jianxian.rectification.api.problems import detail
from jianxian.rectification.api.routing import router
from jianxian.rectification.api.schemas import (
    CloseIn,
    MoveIn,
    ProblemDetailOut,
    RecheckIn,
    ReturnIn,
    ReviewIn,
)
from jianxian.rectification.models import Decision, Problem

DECISIONS = {
    "confirm": Decision.CONFIRMED,
    "confirmed": Decision.CONFIRMED,
    "reopen": Decision.REOPENED,
    "reopened": Decision.REOPENED,
}


def _stale() -> StaleEdit:
    return StaleEdit(_("This problem was changed by someone else. Reload it and decide again."))


def _move(
    request: AuthedRequest,
    problem_id: int,
    version: int | None,
    move: Callable[[Problem], Problem],
) -> Problem:
    """Fetch the problem the caller sees, make the move, answer with the detail.

    A refusal while the problem changed under the request (another verifier's close,
    a re-check, an edit) is a conflict (409), whatever the action found wrong with the
    state it then saw."""
    problem = access.get_problem_for_user(request.user, problem_id)
    if version is not None and version != problem.version:
        raise _stale()
    seen = (problem.status, problem.version)
    try:
        moved = move(problem)
    except StaleEdit:
        raise
    except ActionError as refusal:
        now = Problem.objects.filter(pk=problem.pk).values_list("status", "version").first()
        if now is None:
            raise Http404 from refusal
        if now != seen:
            raise StaleEdit(refusal.message) from refusal
        raise
    return detail(request, moved)


@router.post("/problems/{int:problem_id}/plan", response=ProblemDetailOut)
def plan_problem(request: AuthedRequest, problem_id: int, payload: MoveIn):
    """Draft → planned (the unit's managers): needs a measure, an acceptance standard
    and, unless ongoing, a due date."""
    return _move(
        request,
        problem_id,
        payload.version,
        lambda problem: actions.plan_problem(
            actor=request.user, problem=problem, note=payload.note
        ),
    )


@router.post("/problems/{int:problem_id}/revise", response=ProblemDetailOut)
def revise_problem(request: AuthedRequest, problem_id: int, payload: MoveIn):
    """Planned → draft, to rework the plan (the unit's managers)."""
    return _move(
        request,
        problem_id,
        payload.version,
        lambda problem: actions.revise_problem(
            actor=request.user, problem=problem, note=payload.note
        ),
    )


@router.post("/problems/{int:problem_id}/start", response=ProblemDetailOut)
def start_problem(request: AuthedRequest, problem_id: int, payload: MoveIn):
    """Planned → rectifying (the responsible person or a manager)."""
    return _move(
        request,
        problem_id,
        payload.version,
        lambda problem: actions.start_problem(
            actor=request.user, problem=problem, note=payload.note
        ),
    )


@router.post("/problems/{int:problem_id}/submit", response=ProblemDetailOut)
def submit_problem(request: AuthedRequest, problem_id: int, payload: MoveIn):
    """Rectifying → awaiting acceptance (the responsible person or a manager): every
    measure done and evidence attached. The unit's verifiers are told."""
    return _move(
        request,
        problem_id,
        payload.version,
        lambda problem: actions.submit_problem(
            actor=request.user, problem=problem, note=payload.note
        ),
    )


@router.post("/problems/{int:problem_id}/close", response=ProblemDetailOut)
def close_problem(request: AuthedRequest, problem_id: int, payload: CloseIn):
    """Accept and close (销号): a verifier of the unit who is neither the responsible
    person nor the submitter, with an effectiveness ``score`` (0–100) and a
    ``comment``. The recurrence re-check is scheduled."""
    return _move(
        request,
        problem_id,
        payload.version,
        lambda problem: actions.close_problem(
            actor=request.user, problem=problem, score=payload.score, comment=payload.comment
        ),
    )


@router.post("/problems/{int:problem_id}/return", response=ProblemDetailOut)
def return_problem(request: AuthedRequest, problem_id: int, payload: ReturnIn):
    """Send a problem awaiting acceptance back to rectifying, with the ``reason``."""
    return _move(
        request,
        problem_id,
        payload.version,
        lambda problem: actions.return_problem(
            actor=request.user, problem=problem, reason=payload.reason
        ),
    )


@router.post("/problems/{int:problem_id}/recheck", response=ProblemDetailOut)
def recheck_problem(request: AuthedRequest, problem_id: int, payload: RecheckIn):
    """The recurrence re-check of a closed problem: ``confirm`` (it stays closed, no
    further re-check) or ``reopen`` (back to rectifying; the ``comment`` says how it
    came back)."""
    return _move(
        request,
        problem_id,
        payload.version,
        lambda problem: actions.recheck_problem(
            actor=request.user,
            problem=problem,
            decision=DECISIONS[payload.decision],
            comment=payload.comment,
        ),
    )


@router.post("/problems/{int:problem_id}/review", response=ProblemDetailOut)
def review_problem(request: AuthedRequest, problem_id: int, payload: ReviewIn):
    """The periodic review of an ongoing effort: a ``comment`` and an optional
    ``score``; the next review moves on by whole cycles."""
    return _move(
        request,
        problem_id,
        payload.version,
        lambda problem: actions.review_problem_cycle(
            actor=request.user, problem=problem, comment=payload.comment, score=payload.score
        ),
    )
