"""The problem (问题): a shortcoming found somewhere, owned by a unit and a person, and
its workflow table."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jianxian.core import permissions
from jianxian.rectification.models.choices import (
    EDITABLE_STATUSES,
    MANAGER_ROLES,
    REPORTING_STATUSES,
    REVIEW_CYCLE_MAX,
    TITLE_MAX,
    VERIFIER_ROLES,
    ProblemKind,
    ProblemStatus,
    Severity,
    SourceKind,
    problem_url,
    status_label,
)
from jianxian.rectification.models.querysets import ProblemQuerySet
from jianxian.rectification.models.vocabulary import Category

# Any user object: a User, an AnonymousUser, or a user loaded by a token.
AnyUser = Any


class Problem(models.Model):
    """A problem on a unit's list (问题清单) and its rectification (整改).

    The derived columns (``unit_path``, the workflow stamps, the score, the re-check
    date) are written by ``rectification.actions`` only; status moves follow
    ``TRANSITIONS``. Overdue is never stored: see ``overdue_q``.
    """

    Status = ProblemStatus
    Kind = ProblemKind

    unit = models.ForeignKey(
        "core.Unit",
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="problems",
    )
    # The unit's materialized path, copied by the actions: the ledger's subtree filter
    # and visibility read it without joining the units (units never move in the tree).
    unit_path = models.CharField(max_length=255, editable=False)
    responsible = models.ForeignKey(
        "core.Person",
        verbose_name=_("responsible person"),
        on_delete=models.PROTECT,
        related_name="rectification_problems",
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    description = models.TextField(_("description"), blank=True)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="problems"
    )
    source_kind = models.CharField(
        _("found through"), max_length=20, choices=SourceKind.choices, default=SourceKind.OTHER
    )
    source_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    source_label = models.CharField(_("source"), max_length=200, blank=True)
    severity = models.CharField(
        _("severity"), max_length=20, choices=Severity.choices, default=Severity.GENERAL
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ProblemKind.choices)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    review_cycle_days = models.PositiveSmallIntegerField(
        _("review cycle (days)"), null=True, blank=True
    )
    next_review_date = models.DateField(_("next review"), null=True, blank=True)
    acceptance_standard = models.TextField(_("acceptance standard"), blank=True)

    status = models.CharField(
        _("status"), max_length=20, choices=ProblemStatus.choices, default=ProblemStatus.DRAFT
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    effectiveness_score = models.PositiveSmallIntegerField(
        _("effectiveness score"), null=True, blank=True
    )
    recheck_due = models.DateField(_("re-check due"), null=True, blank=True)
    reopen_count = models.PositiveIntegerField(_("times reopened"), default=0)

    objects = ProblemQuerySet.as_manager()

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["unit", "status"], name="rect_problem_unit_status"),
            models.Index(fields=["status", "due_date"], name="rect_problem_status_due"),
            models.Index(fields=["responsible", "status"], name="rect_problem_person_status"),
            # The subtree (a range on the path) with the status and due date beside it:
            # the ledger's counts and its overdue filter read only this index.
            # (PostgreSQL: pattern operators on the path, for its ``LIKE 'path%'``; the
            # other databases ignore ``opclasses``.)
            models.Index(
                fields=["unit_path", "status", "due_date"],
                name="rect_problem_path_status",
                opclasses=["varchar_pattern_ops", "text_ops", "date_ops"],
            ),
            models.Index(fields=["status", "recheck_due"], name="rect_problem_recheck"),
            models.Index(fields=["status", "next_review_date"], name="rect_problem_review"),
            models.Index(fields=["source_type", "source_id"], name="rect_problem_source"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="rect_problem_title_given"),
            models.CheckConstraint(
                condition=Q(unit_path__endswith="/"), name="rect_problem_unit_path_set"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ProblemStatus.values), name="rect_problem_status_known"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ProblemKind.values), name="rect_problem_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(severity__in=Severity.values), name="rect_problem_severity_known"
            ),
            models.CheckConstraint(
                condition=Q(source_kind__in=SourceKind.values), name="rect_problem_source_known"
            ),
            # The link to where it was found: both halves or neither.
            models.CheckConstraint(
                condition=Q(source_type__isnull=True, source_id__isnull=True)
                | Q(source_type__isnull=False, source_id__isnull=False),
                name="rect_problem_source_both_or_neither",
            ),
            # A due date unless ongoing; an ongoing effort has none.
            models.CheckConstraint(
                condition=Q(kind=ProblemKind.ONGOING, due_date__isnull=True)
                | (~Q(kind=ProblemKind.ONGOING) & Q(due_date__isnull=False)),
                name="rect_problem_due_date_by_kind",
            ),
            # A review cycle (1..366 days) exactly when ongoing.
            models.CheckConstraint(
                condition=Q(
                    kind=ProblemKind.ONGOING,
                    review_cycle_days__isnull=False,  # NULL would pass the range
                    review_cycle_days__gte=1,
                    review_cycle_days__lte=REVIEW_CYCLE_MAX,
                )
                | (
                    ~Q(kind=ProblemKind.ONGOING)
                    & Q(review_cycle_days__isnull=True, next_review_date__isnull=True)
                ),
                name="rect_problem_review_cycle_by_kind",
            ),
            # An ongoing effort under way always knows its next review...
            models.CheckConstraint(
                condition=~Q(kind=ProblemKind.ONGOING, status=ProblemStatus.RECTIFYING)
                | Q(next_review_date__isnull=False),
                name="rect_problem_ongoing_has_next_review",
            ),
            # ...and is reviewed each cycle, never submitted or closed.
            models.CheckConstraint(
                condition=~Q(
                    kind=ProblemKind.ONGOING,
                    status__in=[ProblemStatus.SUBMITTED, ProblemStatus.CLOSED],
                ),
                name="rect_problem_ongoing_never_closes",
            ),
            # Past the draft, the plan has its acceptance standard.
            models.CheckConstraint(
                condition=Q(status=ProblemStatus.DRAFT) | ~Q(acceptance_standard=""),
                name="rect_problem_planned_has_standard",
            ),
            models.CheckConstraint(
                condition=~Q(status=ProblemStatus.SUBMITTED) | Q(submitted_at__isnull=False),
                name="rect_problem_submitted_has_date",
            ),
            # Closed: when and with what score; otherwise neither, nor a re-check date.
            models.CheckConstraint(
                condition=Q(
                    status=ProblemStatus.CLOSED,
                    closed_at__isnull=False,
                    effectiveness_score__isnull=False,
                )
                | (
                    ~Q(status=ProblemStatus.CLOSED)
                    & Q(
                        closed_at__isnull=True,
                        effectiveness_score__isnull=True,
                        recheck_due__isnull=True,
                    )
                ),
                name="rect_problem_closed_has_score",
            ),
            models.CheckConstraint(
                condition=Q(effectiveness_score__isnull=True)
                | Q(effectiveness_score__gte=0, effectiveness_score__lte=100),
                name="rect_problem_score_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def url(self) -> str:
        return problem_url(self.pk)

    # --- One-row predicates (DESIGN.md §3) ------------------------------------

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.status != ProblemStatus.CLOSED
            and self.due_date is not None
            and self.due_date < today
        )

    def is_responsible(self, user: AnyUser) -> bool:
        """``user`` is the responsible person's (active) login."""
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        return self.responsible.user_id == user.pk

    def is_manager(self, user: AnyUser) -> bool:
        """Unit admins and organizers of (or over) the unit run its list."""
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        return any(permissions.has_role(user, role, self.unit) for role in MANAGER_ROLES)

    def is_verifier(self, user: AnyUser) -> bool:
        """Verifiers of (or over) the unit, and a city admin; never the responsible
        person (four eyes)."""
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        if self.is_responsible(user):
            return False
        return any(permissions.has_role(user, role, self.unit) for role in VERIFIER_ROLES)

    def can_edit(self, user: AnyUser) -> bool:
        """The record, the measures and the plan: by managers, until it is submitted."""
        return self.status in EDITABLE_STATUSES and self.is_manager(user)

    def can_delete(self, user: AnyUser) -> bool:
        return self.status == ProblemStatus.DRAFT and self.is_manager(user)

    def can_report(self, user: AnyUser) -> bool:
        """Add progress notes (with evidence): the responsible person and the managers,
        while the plan is carried out."""
        return self.status in REPORTING_STATUSES and (
            self.is_responsible(user) or self.is_manager(user)
        )

    def refusal_to_move(self, user: AnyUser, to_status: str) -> str | None:
        """Why ``user`` may not move this problem to ``to_status`` (None: they may).
        Content conditions (measures, evidence) are checked by the action."""
        transition = TRANSITIONS.get(self.status, {}).get(to_status)
        if transition is None:
            return str(
                _("A problem cannot go from “%(from)s” to “%(to)s”.")
                % {"from": status_label(self.status), "to": status_label(to_status)}
            )
        if transition.not_ongoing and self.kind == ProblemKind.ONGOING:
            return str(
                _("An ongoing effort is reviewed each cycle; it is not submitted or closed.")
            )
        if user is None:  # the system (imports, the demo)
            return None
        if not user.is_authenticated or not user.is_active:
            return str(_("You do not have permission to do this."))
        if transition.not_responsible and self.is_responsible(user):
            return str(_("The responsible person cannot verify their own rectification."))
        if transition.not_submitter and self.submitted_by_id == user.pk:
            return str(_("Someone other than the submitter must accept this rectification."))
        if transition.responsible_may and self.is_responsible(user):
            return None
        if not any(permissions.has_role(user, role, self.unit) for role in transition.roles):
            return str(_("You do not have permission to do this."))
        return None

    def allowed_moves(self, user: AnyUser) -> list[str]:
        """The statuses ``user`` may move this problem to, for buttons and the API."""
        return [
            to for to in TRANSITIONS.get(self.status, {}) if self.refusal_to_move(user, to) is None
        ]


@dataclass(frozen=True)
class Transition:
    verb: str  # the action's verb; the event is "problem.<verb>"
    roles: tuple[str, ...]  # any of these roles at or over the problem's unit
    responsible_may: bool = False  # the responsible person may, without a role
    not_responsible: bool = False  # four eyes: never the responsible person
    not_submitter: bool = False  # four eyes: never the one who submitted it
    needs_reason: bool = False  # a note saying why
    not_ongoing: bool = False  # an ongoing effort does not make this move


Status = ProblemStatus

# The workflow: from → to → who and what it takes. Nothing else moves ``status``.
#
# * Managers plan a draft (at least one measure, an acceptance standard, a due date
#   unless ongoing) and may revise the plan back to a draft.
# * The responsible person (or a manager) starts the rectification and, when every
#   measure is done and evidence is attached, submits it for acceptance.
# * A verifier of the unit — never the responsible person, nor the submitter — closes
#   it (销号) with an effectiveness score, or returns it with a reason.
# * The recurrence re-check of a closed problem confirms it (it stays closed) or
#   reopens it (back to rectifying).
# * An ongoing effort stays in rectifying and is reviewed each cycle instead.
TRANSITIONS: dict[str, dict[str, Transition]] = {
    Status.DRAFT: {
        Status.PLANNED: Transition("plan", MANAGER_ROLES),
    },
    Status.PLANNED: {
        Status.DRAFT: Transition("revise", MANAGER_ROLES),
        Status.RECTIFYING: Transition("start", MANAGER_ROLES, responsible_may=True),
    },
    Status.RECTIFYING: {
        Status.SUBMITTED: Transition(
            "submit", MANAGER_ROLES, responsible_may=True, not_ongoing=True
        ),
    },
    Status.SUBMITTED: {
        Status.CLOSED: Transition(
            "close", VERIFIER_ROLES, not_responsible=True, not_submitter=True, not_ongoing=True
        ),
        Status.RECTIFYING: Transition(
            "return", VERIFIER_ROLES, not_responsible=True, needs_reason=True
        ),
    },
    Status.CLOSED: {
        Status.RECTIFYING: Transition(
            "reopen", VERIFIER_ROLES, not_responsible=True, needs_reason=True
        ),
    },
}
