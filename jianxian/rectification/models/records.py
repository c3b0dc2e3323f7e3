"""What a problem's rectification is made of: its measures, progress notes with evidence,
the verifications (acceptance, re-check, periodic review) and the reminders sent.

Each follows its problem's visibility; ``rectification.actions`` writes all of them.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jianxian.rectification.models.problem import Problem

AnyUser = Any

EVIDENCE_DIRECTORY = "rectification/evidence"
EVIDENCE_MEDIA_TYPES: tuple[str, ...] = (
    "image/jpeg",
    "image/png",
    "image/webp",
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)


def _visible_problems(user: AnyUser) -> models.QuerySet[Problem, Any]:
    return Problem.objects.visible_to(user).values("pk")


class MeasureQuerySet(models.QuerySet["Measure"]):
    def visible_to(self, user: AnyUser) -> MeasureQuerySet:
        return self.filter(problem__in=_visible_problems(user))

    def open(self) -> MeasureQuerySet:
        return self.filter(done=False)


class Measure(models.Model):
    """A rectification measure (整改措施): what will be done, by whom, by when."""

    problem = models.ForeignKey(
        Problem, verbose_name=_("problem"), on_delete=models.CASCADE, related_name="measures"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    description = models.TextField(_("measure"))
    owner = models.ForeignKey(
        "core.Person",
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rectification_measures",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked done by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["position", "id"]
        indexes = [
            models.Index(fields=["problem", "position"], name="rect_measure_problem_pos"),
            models.Index(fields=["done", "due_date"], name="rect_measure_done_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(description=""), name="rect_measure_description_given"
            ),
            models.CheckConstraint(
                condition=Q(done=True, done_at__isnull=False)
                | Q(done=False, done_at__isnull=True, done_by__isnull=True),
                name="rect_measure_done_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]


class ProgressNoteQuerySet(models.QuerySet["ProgressNote"]):
    def visible_to(self, user: AnyUser) -> ProgressNoteQuerySet:
        return self.filter(problem__in=_visible_problems(user))


class ProgressNote(models.Model):
    """A progress report (整改进展), with its evidence files."""

    problem = models.ForeignKey(
        Problem, verbose_name=_("problem"), on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    body = models.TextField(_("progress"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    objects = ProgressNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["problem", "created_at"], name="rect_note_problem")]
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="rect_note_body_given"),
        ]

    def __str__(self) -> str:
        return self.body[:80]


class EvidenceQuerySet(models.QuerySet["Evidence"]):
    def visible_to(self, user: AnyUser) -> EvidenceQuerySet:
        return self.filter(note__problem__in=_visible_problems(user))


class Evidence(models.Model):
    """A file attached to a progress note (整改佐证材料).

    Created only by ``rectification.actions.add_progress_note``, which checks the file
    by content (photos re-encoded by ``core.uploads``, documents checked by
    ``core.documents``) and stores it as ``rectification/evidence/<uuid>.<ext>``. The
    name the user gave is kept for display only.
    """

    note = models.ForeignKey(
        ProgressNote, verbose_name=_("progress note"), on_delete=models.CASCADE,
        related_name="evidence",
    )  # fmt: skip
    file = models.FileField(_("file"), max_length=200, editable=False)
    original_name = models.CharField(_("file name"), max_length=200)
    media_type = models.CharField(_("type"), max_length=100, editable=False)
    size = models.PositiveIntegerField(_("size"), editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="rect_evidence_not_empty"),
            models.CheckConstraint(
                condition=Q(file__startswith=EVIDENCE_DIRECTORY + "/"),
                name="rect_evidence_file_in_directory",
            ),
            models.CheckConstraint(
                condition=Q(media_type__in=EVIDENCE_MEDIA_TYPES),
                name="rect_evidence_media_type_known",
            ),
            models.UniqueConstraint(fields=["note", "sha256"], name="rect_evidence_unique"),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.media_type.startswith("image/")


class VerificationKind(models.TextChoices):
    ACCEPTANCE = "acceptance", _("Acceptance")
    RECHECK = "recheck", _("Re-check")
    CYCLE_REVIEW = "cycle_review", _("Periodic review")


class Decision(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted and closed")
    RETURNED = "returned", _("Returned for more work")
    CONFIRMED = "confirmed", _("Confirmed: no recurrence")
    REOPENED = "reopened", _("Reopened: it came back")
    REVIEWED = "reviewed", _("Reviewed")


# Which decisions each kind of verification makes.
DECISIONS: dict[str, tuple[str, ...]] = {
    VerificationKind.ACCEPTANCE: (Decision.ACCEPTED, Decision.RETURNED),
    VerificationKind.RECHECK: (Decision.CONFIRMED, Decision.REOPENED),
    VerificationKind.CYCLE_REVIEW: (Decision.REVIEWED,),
}


class VerificationQuerySet(models.QuerySet["Verification"]):
    def visible_to(self, user: AnyUser) -> VerificationQuerySet:
        return self.filter(problem__in=_visible_problems(user))


class Verification(models.Model):
    """A verifier's judgement: acceptance (验收), recurrence re-check (复查) or the
    periodic review of an ongoing effort (定期评估)."""

    Kind = VerificationKind

    problem = models.ForeignKey(
        Problem, verbose_name=_("problem"), on_delete=models.CASCADE,
        related_name="verifications",
    )  # fmt: skip
    verifier = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verifier"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=VerificationKind.choices)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    score = models.PositiveSmallIntegerField(_("effectiveness score"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    objects = VerificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("verification")
        verbose_name_plural = _("verifications")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["problem", "created_at"], name="rect_verification_problem")]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100),
                name="rect_verification_score_range",
            ),
            models.CheckConstraint(
                condition=~Q(decision=Decision.ACCEPTED) | Q(score__isnull=False),
                name="rect_verification_accepted_has_score",
            ),
            models.CheckConstraint(
                condition=Q(
                    kind=VerificationKind.ACCEPTANCE,
                    decision__in=DECISIONS[VerificationKind.ACCEPTANCE],
                )
                | Q(kind=VerificationKind.RECHECK, decision__in=DECISIONS[VerificationKind.RECHECK])
                | Q(
                    kind=VerificationKind.CYCLE_REVIEW,
                    decision__in=DECISIONS[VerificationKind.CYCLE_REVIEW],
                ),
                name="rect_verification_decision_fits_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.get_decision_display()}"


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    RECHECK_DUE = "recheck_due", _("Re-check due")
    REVIEW_DUE = "review_due", _("Periodic review due")


class Reminder(models.Model):
    """A reminder that was sent: one per problem (or measure), kind and due date, so
    the daily sweep never sends the same one twice. A new due date is a new reminder."""

    Kind = ReminderKind

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="reminders")
    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    due_date = models.DateField()
    recipients = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["problem", "kind", "due_date"],
                condition=Q(measure__isnull=True),
                name="rect_reminder_once_per_problem",
            ),
            models.UniqueConstraint(
                fields=["measure", "kind", "due_date"],
                condition=Q(measure__isnull=False),
                name="rect_reminder_once_per_measure",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.due_date} · {self.problem_id}"
