"""The workflow: one-button moves (plan, start, submit, revise), the verifiers'
judgements with their forms (close with a score, return with a reason, the re-check,
the periodic review) and ticking measures done.

A move the user may not make is a 403 with the reason; one that cannot be made now
(wrong status, a gate not met, a race lost) comes back as a message, or as the form's
error with what was typed kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jianxian.core.errors import ActionError, PermissionDenied
from jianxian.core.http import AuthedRequest
from jianxian.rectification import access, actions
from jianxian.rectification.forms import CloseForm, MoveForm, RecheckForm, ReturnForm, ReviewForm
from jianxian.rectification.models import Problem, ProblemKind, ProblemStatus
from jianxian.rectification.views.edit import form_view

MOVES: dict[str, tuple[Callable[..., Problem], Any]] = {
    "plan": (actions.plan_problem, gettext_lazy("Plan made.")),
    "start": (actions.start_problem, gettext_lazy("Rectification started.")),
    "submit": (actions.submit_problem, gettext_lazy("Submitted for acceptance.")),
    "revise": (actions.revise_problem, gettext_lazy("The plan is a draft again.")),
}


def _to_problem(problem: Problem) -> HttpResponse:
    return redirect("rectification:problem_detail", pk=problem.pk)


@login_required
@require_POST
def problem_move(request: AuthedRequest, pk: int, verb: str) -> HttpResponse:
    if verb not in MOVES:
        raise Http404
    problem = access.get_problem_for_user(request.user, pk)
    form = MoveForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    move, done = MOVES[verb]
    try:
        move(actor=request.user, problem=problem, note=note)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, str(done))
    return _to_problem(problem)


@dataclass(frozen=True)
class Judgement:
    form: type
    status: str  # where the problem must be
    refusal: Callable[[Problem, Any], str | None]  # why the user may not (None: may)
    write: Callable[[Any, Problem, dict[str, Any]], Problem]
    title: Any
    done: Any
    wrong_status: Any  # the message when the problem is elsewhere


def _refusal_to(to_status: str) -> Callable[[Problem, Any], str | None]:
    def check(problem: Problem, user: Any) -> str | None:
        return problem.refusal_to_move(user, to_status)

    return check


def _review_refusal(problem: Problem, user: Any) -> str | None:
    if problem.kind != ProblemKind.ONGOING:
        return _("Only an ongoing effort under way is reviewed each cycle.")
    if problem.is_verifier(user):
        return None
    if problem.is_responsible(user):
        return _("The responsible person cannot verify their own rectification.")
    return _("You do not have permission to do this.")


def _recheck(user: Any, problem: Problem, data: dict[str, Any]) -> Problem:
    return actions.recheck_problem(
        actor=user, problem=problem, decision=data["decision"], comment=data["comment"]
    )


JUDGEMENTS: dict[str, Judgement] = {
    "close": Judgement(
        CloseForm,
        ProblemStatus.SUBMITTED,
        _refusal_to(ProblemStatus.CLOSED),
        lambda user, problem, data: actions.close_problem(
            actor=user, problem=problem, score=data["score"], comment=data["comment"]
        ),
        gettext_lazy("Accept and close"),
        gettext_lazy("Accepted and closed."),
        gettext_lazy("Only a problem awaiting acceptance can be closed."),
    ),
    "return": Judgement(
        ReturnForm,
        ProblemStatus.SUBMITTED,
        _refusal_to(ProblemStatus.RECTIFYING),
        lambda user, problem, data: actions.return_problem(
            actor=user, problem=problem, reason=data["reason"]
        ),
        gettext_lazy("Return for more work"),
        gettext_lazy("Returned for more work."),
        gettext_lazy("Only a problem awaiting acceptance can be returned."),
    ),
    # Confirming and reopening take the same verifiers (the reopen move's rule).
    "recheck": Judgement(
        RecheckForm,
        ProblemStatus.CLOSED,
        _refusal_to(ProblemStatus.RECTIFYING),
        _recheck,
        gettext_lazy("Re-check for recurrence"),
        gettext_lazy("Re-check recorded."),
        gettext_lazy("Only a closed problem is re-checked."),
    ),
    "review": Judgement(
        ReviewForm,
        ProblemStatus.RECTIFYING,
        _review_refusal,
        lambda user, problem, data: actions.review_problem_cycle(
            actor=user, problem=problem, comment=data["comment"], score=data["score"]
        ),
        gettext_lazy("Periodic review"),
        gettext_lazy("Review recorded."),
        gettext_lazy("Only an ongoing effort under way is reviewed each cycle."),
    ),
}


def _judge(request: AuthedRequest, pk: int, which: str) -> HttpResponse:
    """A verifier's judgement: its form (GET, or after an error with what was typed)
    and the action (POST). A problem no longer where the judgement applies (someone
    else was quicker) goes back to its page with the message."""
    spec = JUDGEMENTS[which]
    problem = access.get_problem_for_user(request.user, pk)
    if problem.status != spec.status:
        messages.error(
            request,
            _("%(rule)s The problem is now “%(status)s”.")
            % {"rule": spec.wrong_status, "status": problem.get_status_display()},
        )
        return _to_problem(problem)
    refusal = spec.refusal(problem, request.user)
    if refusal:
        raise PermissionDenied(refusal)
    form = spec.form(request.POST or None)
    return form_view(
        request,
        form,
        problem,
        lambda data: spec.write(request.user, problem, data),
        done=str(spec.done),
        title=str(spec.title),
        judgement=which,
    )


@login_required
def problem_close(request: AuthedRequest, pk: int) -> HttpResponse:
    return _judge(request, pk, "close")


@login_required
def problem_return(request: AuthedRequest, pk: int) -> HttpResponse:
    return _judge(request, pk, "return")


@login_required
def problem_recheck(request: AuthedRequest, pk: int) -> HttpResponse:
    return _judge(request, pk, "recheck")


@login_required
def problem_review(request: AuthedRequest, pk: int) -> HttpResponse:
    return _judge(request, pk, "review")


@login_required
@require_POST
def measure_done(request: AuthedRequest, pk: int) -> HttpResponse:
    """Tick a measure done (``done=1``) or take it back (``done=0``)."""
    measure = access.get_measure_for_user(request.user, pk)
    problem = measure.problem
    done = request.POST.get("done", "1") != "0"
    mark = actions.mark_measure_done if done else actions.mark_measure_undone
    try:
        mark(actor=request.user, measure=measure)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Measure marked done.") if done else _("Measure marked not done.")
        )
    return _to_problem(problem)
