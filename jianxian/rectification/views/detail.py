"""The problem's page: its record, where it was found, the measures (ticked done by who
may), the progress notes with their evidence, the verifications, the full history from
its ``Event`` rows, and the workflow buttons the user may press."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from jianxian.core import permissions
from jianxian.core.http import AuthedRequest
from jianxian.rectification import access, queries
from jianxian.rectification.forms import CloseForm, RecheckForm, ReturnForm, ReviewForm
from jianxian.rectification.models import (
    TRANSITIONS,
    VERIFIER_ROLES,
    Measure,
    Problem,
    ProblemStatus,
    ProgressNote,
    Verification,
)


def acceptance_refusal(problem: Problem, user: Any, verbs: list[str]) -> str | None:
    """Why a verifier of the unit may not accept this problem (they submitted it, or
    they are its responsible person): said on the page instead of a missing form."""
    if problem.status != ProblemStatus.SUBMITTED or "close" in verbs:
        return None
    if not any(permissions.has_role(user, role, problem.unit) for role in VERIFIER_ROLES):
        return None
    return problem.refusal_to_move(user, ProblemStatus.CLOSED)


def workflow_verbs(problem: Problem, user: Any) -> list[str]:
    """The moves (``plan``, ``start``, ``close``, …) this user may make now."""
    moves = TRANSITIONS.get(problem.status, {})
    return [moves[to].verb for to in problem.allowed_moves(user)]


@login_required
def problem_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    problem = access.get_problem_for_user(user, pk)
    queries.labelled([problem])
    measures = list(Measure.objects.filter(problem=problem).select_related("owner"))
    notes = (
        ProgressNote.objects.filter(problem=problem)
        .select_related("author__person")
        .prefetch_related("evidence")
    )
    verifications = Verification.objects.filter(problem=problem).select_related("verifier__person")
    verbs = workflow_verbs(problem, user)
    can_edit = problem.can_edit(user)
    context = {
        "problem": problem,
        "source": queries.source_link(problem, user),
        "measures": [(m, queries.may_mark(problem, m, user)) for m in measures],
        "measures_done": sum(1 for m in measures if m.done),
        "notes": notes,
        "verifications": verifications,
        "history": queries.history(problem),
        "verbs": verbs,
        "buttons": [v for v in verbs if v in BUTTON_VERBS],
        "can_edit": can_edit,
        "can_delete": problem.can_delete(user),
        "can_report": queries.may_report(problem, user),
        "may_recheck": queries.may_recheck(problem, user),
        "may_review": queries.may_review(problem, user),
        "overdue": problem.is_overdue(),
        "recheck_due_now": bool(
            problem.recheck_due and problem.recheck_due <= timezone.localdate()
        ),
        "acceptance_refusal": acceptance_refusal(problem, user, verbs),
        "close_form": CloseForm() if "close" in verbs else None,
        "return_form": ReturnForm() if "return" in verbs else None,
        "recheck_form": RecheckForm() if queries.may_recheck(problem, user) else None,
        "review_form": ReviewForm() if queries.may_review(problem, user) else None,
    }
    return render(request, "rectification/detail.html", context)


# The moves made with one button (an optional note); the verifiers' judgements have
# forms of their own (close, return, re-check, review).
BUTTON_VERBS = ("plan", "start", "submit", "revise")
