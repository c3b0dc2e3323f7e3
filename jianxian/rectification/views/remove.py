"""Deleting a draft and removing a measure: a confirmation page (GET), then the removal
(POST) through one action."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jianxian.core.errors import ActionError, PermissionDenied
from jianxian.core.http import AuthedRequest
from jianxian.rectification import access, actions
from jianxian.rectification.models import Problem


def _confirm(
    request: AuthedRequest,
    *,
    problem: Problem,
    title: str,
    what: str,
    warning: str,
    button: str,
    **extra: object,
) -> HttpResponse:
    context = {
        "problem": problem,
        "title": title,
        "what": what,
        "warning": warning,
        "button": button,
        **extra,
    }
    return render(request, "rectification/confirm.html", context)


@login_required
def problem_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    """Delete a draft (anything further along has a history and stays)."""
    problem = access.get_problem_for_user(request.user, pk)
    if not problem.can_delete(request.user):
        raise PermissionDenied(_("Only a draft can be deleted, by who runs the unit's list."))
    if request.method == "POST":
        try:
            actions.delete_problem(actor=request.user, problem=problem)
        except ActionError as exc:
            messages.error(request, exc.message)
            return redirect("rectification:problem_detail", pk=problem.pk)
        messages.success(request, _("Draft deleted."))
        return redirect("rectification:ledger")
    return _confirm(
        request,
        problem=problem,
        title=_("Delete this draft?"),
        what=problem.title,
        warning=_("Its measures are deleted with it. The deletion stays in the audit log."),
        button=_("Delete"),
    )


@login_required
def measure_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    measure = access.get_measure_for_user(request.user, pk, write=True)
    problem = measure.problem
    if request.method == "POST":
        raw = request.POST.get("version", "")
        try:
            actions.remove_measure(
                actor=request.user,
                measure=measure,
                version=int(raw) if raw.isdigit() else measure.version,
            )
        except ActionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Measure removed."))
        return redirect("rectification:problem_detail", pk=problem.pk)
    return _confirm(
        request,
        problem=problem,
        title=_("Remove this measure?"),
        what=measure.description,
        warning="",
        button=_("Remove"),
        version=measure.version,
    )
