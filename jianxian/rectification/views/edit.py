"""The forms that record a problem and its plan: the problem itself, its measures and
the progress notes with evidence. Each view: access → form → one action → redirect, or
the form again with the action's message (nothing typed is lost)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jianxian.core.errors import ActionError, PermissionDenied
from jianxian.core.http import AuthedRequest
from jianxian.core.models import Unit
from jianxian.rectification import access, actions, queries
from jianxian.rectification.forms import MeasureForm, NoteForm, ProblemForm
from jianxian.rectification.models import Category, Problem


def render_form(
    request: AuthedRequest, form: Any, problem: Problem | None, *, title: str, **extra: Any
) -> HttpResponse:
    context = {"form": form, "problem": problem, "title": title, **extra}
    return render(request, "rectification/form.html", context)


def form_view(
    request: AuthedRequest,
    form: Any,
    problem: Problem | None,
    write: Callable[[dict[str, Any]], Any],
    *,
    done: str,
    title: str,
    error_field: str | None = None,
    **extra: Any,
) -> HttpResponse:
    """The one shape of every form here: on a valid POST run the action (``write``); on
    success say ``done`` and show the problem (the one the action returned when there
    was none yet), otherwise show the form again with the action's message."""
    if request.method == "POST" and form.is_valid():
        try:
            result = write(form.cleaned_data)
        except ActionError as exc:  # StaleEdit and UploadRejected too: nothing was written
            form.add_error(error_field, exc.message)
        else:
            messages.success(request, done)
            return redirect("rectification:problem_detail", pk=(problem or result).pk)
    return render_form(request, form, problem, title=title, **extra)


def _category(pk: int) -> Category:
    category = Category.objects.filter(pk=pk).first()
    if category is None:
        raise ActionError(_("Choose a category."))
    return category


@login_required
def problem_create(request: AuthedRequest) -> HttpResponse:
    units = queries.managed_units(request.user)
    if not units:
        raise PermissionDenied(_("You cannot record problems."))
    choices = queries.indented(units)
    form = ProblemForm(
        request.POST or None,
        user=request.user,
        units=choices,
        categories=queries.category_choices(),
        initial={"unit": choices[0][0], "kind": "deadline"},
    )

    def write(data: dict[str, Any]) -> Problem:
        unit = Unit.objects.filter(pk=data["unit"]).first()
        if unit is None:
            raise ActionError(_("Choose a unit."))
        return actions.create_problem(
            actor=request.user,
            unit=unit,
            responsible=data["responsible_ref"],
            title=data["title"],
            category=_category(data["category"]),
            kind=data["kind"],
            source_kind=data["source_kind"],
            source_label=data["source_label"],
            description=data["description"],
            severity=data["severity"],
            due_date=data["due_date"],
            review_cycle_days=data["review_cycle_days"],
            acceptance_standard=data["acceptance_standard"],
        )

    return form_view(
        request,
        form,
        None,
        write,
        done=_("Problem recorded as a draft. Add its measures, then make the plan."),
        title=_("Record a problem"),
    )


@login_required
def problem_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    problem = access.get_problem_for_user(request.user, pk, write=True)
    form = ProblemForm(
        request.POST or None,
        user=request.user,
        problem=problem,
        categories=queries.category_choices(problem.category),
        initial=ProblemForm.initial_for(problem),
    )

    def write(data: dict[str, Any]) -> Problem:
        return actions.update_problem(
            actor=request.user,
            problem=problem,
            version=data["version"],
            responsible=data["responsible_ref"],
            title=data["title"],
            category=_category(data["category"]),
            severity=data["severity"],
            source_kind=data["source_kind"],
            source_label=data["source_label"],
            kind=data["kind"],
            due_date=data["due_date"],
            review_cycle_days=data["review_cycle_days"],
            description=data["description"],
            acceptance_standard=data["acceptance_standard"],
            note=data["note"],
        )

    return form_view(request, form, problem, write, done=_("Saved."), title=_("Edit the problem"))


@login_required
def measure_add(request: AuthedRequest, pk: int) -> HttpResponse:
    problem = access.get_problem_for_user(request.user, pk, write=True)
    form = MeasureForm(request.POST or None, user=request.user)
    return form_view(
        request,
        form,
        problem,
        lambda data: actions.add_measure(
            actor=request.user,
            problem=problem,
            description=data["description"],
            owner=data["owner_ref"],
            due_date=data["due_date"],
        ),
        done=_("Measure added."),
        title=_("Add a measure"),
    )


@login_required
def measure_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    measure = access.get_measure_for_user(request.user, pk, write=True)
    form = MeasureForm(
        request.POST or None,
        user=request.user,
        measure=measure,
        initial=MeasureForm.initial_for(measure),
    )
    return form_view(
        request,
        form,
        measure.problem,
        lambda data: actions.update_measure(
            actor=request.user,
            measure=measure,
            version=data["version"],
            description=data["description"],
            owner=data["owner_ref"],
            due_date=data["due_date"],
        ),
        done=_("Saved."),
        title=_("Edit the measure"),
    )


@login_required
def note_add(request: AuthedRequest, pk: int) -> HttpResponse:
    """Report progress with evidence files (several at once). The files are checked by
    their content in the action; one bad file refuses the note, naming the file."""
    problem = access.get_problem_for_user(request.user, pk)
    if not queries.may_report(problem, request.user):
        raise PermissionDenied(_("You cannot report progress on this problem now."))
    form = NoteForm(request.POST or None, request.FILES or None)
    return form_view(
        request,
        form,
        problem,
        lambda data: actions.add_progress_note(
            actor=request.user, problem=problem, body=data["body"], files=data["evidence"]
        ),
        done=_("Progress reported."),
        title=_("Report progress"),
        error_field="evidence",
        multipart=True,
    )
