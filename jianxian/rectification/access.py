"""Fetch-and-authorize for the rectification ledger: outside the user's sight a record
does not exist (404); a visible record the user may not change is a 403. Workflow moves
and progress reports check their own rules in the actions."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from jianxian.core.errors import PermissionDenied
from jianxian.rectification.models import (
    Category,
    Evidence,
    Measure,
    Problem,
    ProgressNote,
    Verification,
)


def _check_write(user: Any, problem: Problem) -> None:
    if not problem.can_edit(user):
        raise PermissionDenied(_("You cannot change this problem."))


def get_problem_for_user(user: Any, pk: int, *, write: bool = False) -> Problem:
    """The problem if ``user`` may see it; with ``write``, only if they may edit its
    record, measures and plan now (see ``Problem.can_edit``)."""
    problem = get_object_or_404(
        Problem.objects.visible_to(user).select_related(
            "unit", "responsible", "category", "source_type"
        ),
        pk=pk,
    )
    if write:
        _check_write(user, problem)
    return problem


def get_measure_for_user(user: Any, pk: int, *, write: bool = False) -> Measure:
    measure = get_object_or_404(
        Measure.objects.visible_to(user).select_related(
            "owner", "problem__unit", "problem__responsible"
        ),
        pk=pk,
    )
    if write:
        _check_write(user, measure.problem)
    return measure


def get_note_for_user(user: Any, pk: int) -> ProgressNote:
    """Notes are never edited: reading is all there is."""
    return get_object_or_404(
        ProgressNote.objects.visible_to(user).select_related("problem__unit", "author"), pk=pk
    )


def get_evidence_for_user(user: Any, pk: int) -> Evidence:
    """An evidence file to download. Serve it as an attachment with its stored media
    type (never sniffed) and ``original_name`` as the file name."""
    return get_object_or_404(
        Evidence.objects.visible_to(user).select_related("note__problem"), pk=pk
    )


def get_verification_for_user(user: Any, pk: int) -> Verification:
    return get_object_or_404(
        Verification.objects.visible_to(user).select_related("problem", "verifier"), pk=pk
    )


def get_category_for_user(user: Any, pk: int, *, write: bool = False) -> Category:
    """The vocabulary is open to read; only a city admin changes it."""
    from jianxian.core.permissions import is_city_admin

    category = get_object_or_404(Category, pk=pk)
    if write and not is_city_admin(user):
        raise PermissionDenied(_("Only a city administrator can change the problem categories."))
    return category
