"""The problem's choices and constants: where it was found, how grave, how it is
rectified, its statuses, and who does what by role."""

from __future__ import annotations

from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from jianxian.core.models import Role

# Who does what, by role at (or over) the problem's unit (DESIGN.md §5).
MANAGER_ROLES: tuple[str, ...] = (Role.UNIT_ADMIN, Role.ORGANIZER)  # create, edit, plan
VERIFIER_ROLES: tuple[str, ...] = (Role.VERIFIER,)  # accept, return, re-check, review

TITLE_MAX = 120
REVIEW_CYCLE_MAX = 366


class SourceKind(models.TextChoices):
    """Where the problem was found."""

    SEMINAR = "seminar", _("Thematic seminar")
    REFLECTION = "reflection", _("Personal reflection")
    BENCHMARK = "benchmark", _("Benchmarking against the advanced")
    INSPECTION = "inspection", _("Inspection")
    SELF_CHECK = "self_check", _("Self-check")
    PUBLIC_FEEDBACK = "public_feedback", _("Public feedback")
    OTHER = "other", _("Other")


class Severity(models.TextChoices):
    GENERAL = "general", _("General")
    SERIOUS = "serious", _("Serious")
    GRAVE = "grave", _("Grave")


class ProblemKind(models.TextChoices):
    """How the problem is rectified: at once, by a deadline, or as a standing effort."""

    IMMEDIATE = "immediate", _("Rectify immediately")
    DEADLINE = "deadline", _("Rectify by a deadline")
    ONGOING = "ongoing", _("Ongoing effort")


class ProblemStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PLANNED = "planned", _("Planned")
    RECTIFYING = "rectifying", _("Rectifying")
    SUBMITTED = "submitted", _("Awaiting acceptance")
    CLOSED = "closed", _("Closed")


# Statuses in which the problem's record, measures and plan may be edited.
EDITABLE_STATUSES: tuple[str, ...] = (
    ProblemStatus.DRAFT,
    ProblemStatus.PLANNED,
    ProblemStatus.RECTIFYING,
)
# Statuses in which progress notes (with evidence) are added.
REPORTING_STATUSES: tuple[str, ...] = (ProblemStatus.PLANNED, ProblemStatus.RECTIFYING)


def status_label(status: str) -> str:
    return str(dict(ProblemStatus.choices).get(status, status))


def problem_url(pk: int) -> str:
    """The problem's page; a plain path until the pages' URLs are installed."""
    try:
        return reverse("rectification:problem_detail", args=[pk])
    except NoReverseMatch:
        return f"/rectification/problems/{pk}/"
