"""The exemplar (先进典型), its workflow table and who sees it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jianxian.core import permissions
from jianxian.core.models import Role
from jianxian.exemplars.models.vocabulary import ExemplarField, Level, Quality

# Any user object: a User, an AnonymousUser, or a user loaded by a token.
AnyUser = Any

# Who does what, by role at (or over) the exemplar's owning unit (DESIGN.md §5).
EDITOR_ROLES: tuple[str, ...] = (Role.ORGANIZER, Role.UNIT_ADMIN)  # build the library
REVIEWER_ROLES: tuple[str, ...] = (Role.UNIT_ADMIN, Role.VERIFIER)  # publish or return
CURATOR_ROLES: tuple[str, ...] = (Role.ORGANIZER, Role.UNIT_ADMIN, Role.VERIFIER)  # see drafts


class ExemplarQuerySet(models.QuerySet["Exemplar"]):
    def visible_to(self, user: AnyUser) -> ExemplarQuerySet:
        return self.filter(exemplar_visible_q(user))

    def published(self) -> ExemplarQuerySet:
        return self.filter(status=Exemplar.Status.PUBLISHED)

    def public(self) -> ExemplarQuerySet:
        """What the public portal shows, to anyone, signed in or not."""
        return self.filter(status=Exemplar.Status.PUBLISHED, is_public=True)


class Exemplar(models.Model):
    """An exemplar of the owning unit's library: a person, a collective, a unit or a
    practice, linked to the ``Person`` or ``Unit`` it is about or named from outside.

    The derived columns (pinyin of the name, consent stamps, workflow stamps) are
    written by ``exemplars.actions`` only; status moves follow ``TRANSITIONS``.
    """

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        COLLECTIVE = "collective", _("Collective")
        UNIT = "unit", _("Unit")
        PRACTICE = "practice", _("Practice")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        UNDER_REVIEW = "under_review", _("Under review")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    owner_unit = models.ForeignKey(
        "core.Unit",
        verbose_name=_("owning unit"),
        on_delete=models.PROTECT,
        related_name="exemplars",
    )
    person = models.ForeignKey(
        "core.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exemplar_profiles",
    )
    subject_unit = models.ForeignKey(
        "core.Unit",
        verbose_name=_("unit or team"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exemplar_profiles",
    )
    external_name = models.CharField(_("name outside the platform"), max_length=100, blank=True)
    name = models.CharField(_("name"), max_length=100)
    name_pinyin = models.CharField(max_length=800, blank=True, editable=False)
    pinyin_compact = models.CharField(max_length=800, blank=True, editable=False, db_index=True)
    name_initials = models.CharField(max_length=100, blank=True, editable=False, db_index=True)
    field = models.CharField(_("field"), max_length=20, choices=ExemplarField.choices)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    summary = models.TextField(_("summary"), blank=True)
    qualities = models.ManyToManyField(
        Quality, verbose_name=_("qualities"), blank=True, related_name="exemplars"
    )

    # Rights: consent to public and school use, and who recorded it when.
    public_use = models.BooleanField(_("consent to public use"), default=False)
    school_use = models.BooleanField(_("consent to use in schools"), default=False)
    consent_note = models.TextField(_("consent record"), blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consent recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    consent_recorded_at = models.DateTimeField(_("consent recorded at"), null=True, blank=True)
    is_public = models.BooleanField(_("shown on the public portal"), default=False)

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    review_note = models.TextField(_("reason for return"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ExemplarQuerySet.as_manager()

    class Meta:
        verbose_name = _("exemplar")
        verbose_name_plural = _("exemplars")
        ordering = ["name_pinyin", "id"]
        indexes = [
            models.Index(fields=["owner_unit", "status"]),
            models.Index(fields=["status", "is_public", "published_at"]),
            models.Index(fields=["name_pinyin", "id"]),
            models.Index(fields=["kind", "field", "level"]),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="exemplar_name_given"),
            models.CheckConstraint(
                condition=Q(kind__in=["person", "collective", "unit", "practice"]),
                name="exemplar_kind_known",
            ),
            models.CheckConstraint(
                condition=Q(field__in=ExemplarField.values), name="exemplar_field_known"
            ),
            models.CheckConstraint(
                condition=Q(level__in=Level.values), name="exemplar_level_known"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "under_review", "published", "archived"]),
                name="exemplar_status_known",
            ),
            # A person: a Person of the platform or a name from outside, never both.
            models.CheckConstraint(
                condition=~Q(kind="person")
                | Q(subject_unit__isnull=True)
                & (
                    Q(person__isnull=False, external_name="")
                    | Q(person__isnull=True) & ~Q(external_name="")
                ),
                name="exemplar_person_kind_links_person",
            ),
            # A collective or a unit: a Unit of the tree or a name from outside.
            models.CheckConstraint(
                condition=~Q(kind__in=["collective", "unit"])
                | Q(person__isnull=True)
                & (
                    Q(subject_unit__isnull=False, external_name="")
                    | Q(subject_unit__isnull=True) & ~Q(external_name="")
                ),
                name="exemplar_group_kind_links_unit",
            ),
            # A practice: no person; where it comes from, a unit or an outside name, if given.
            models.CheckConstraint(
                condition=~Q(kind="practice")
                | Q(person__isnull=True) & (Q(subject_unit__isnull=True) | Q(external_name="")),
                name="exemplar_practice_kind_links",
            ),
            # Consent is recorded (when) before any use is allowed...
            models.CheckConstraint(
                condition=Q(public_use=False, school_use=False)
                | Q(consent_recorded_at__isnull=False),
                name="exemplar_consent_recorded",
            ),
            # ...and the portal shows only what may be used in public.
            models.CheckConstraint(
                condition=Q(is_public=False) | Q(public_use=True),
                name="exemplar_public_needs_consent",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "under_review"]) | Q(published_at__isnull=False),
                name="exemplar_published_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="under_review") | Q(submitted_at__isnull=False),
                name="exemplar_review_has_submission",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    # --- One-row predicates (DESIGN.md §3) ------------------------------------

    def is_editor(self, user: AnyUser) -> bool:
        """Organizers and unit admins of (or over) the owning unit build the library."""
        return any(permissions.has_role(user, role, self.owner_unit) for role in EDITOR_ROLES)

    def is_reviewer(self, user: AnyUser) -> bool:
        """Unit admins and verifiers of (or over) the owning unit publish and return."""
        return any(permissions.has_role(user, role, self.owner_unit) for role in REVIEWER_ROLES)

    def can_edit(self, user: AnyUser) -> bool:
        """Content is edited in draft by editors; once published, only reviewers change
        it (what they write is public at once). Under review and archived it is frozen."""
        if self.status == self.Status.DRAFT:
            return self.is_editor(user)
        if self.status == self.Status.PUBLISHED:
            return self.is_reviewer(user)
        return False

    def can_delete(self, user: AnyUser) -> bool:
        """A draft that was never published may be deleted; anything else is archived."""
        return (
            self.status == self.Status.DRAFT and self.published_at is None and self.is_editor(user)
        )

    def refusal_to_move(self, user: AnyUser, to_status: str) -> str | None:
        """Why ``user`` may not move this exemplar to ``to_status`` (None: they may).
        Content conditions (summary, deeds) are checked by the action."""
        transition = TRANSITIONS.get(self.status, {}).get(to_status)
        if transition is None:
            return str(
                _("An exemplar cannot go from “%(from)s” to “%(to)s”.")
                % {"from": status_label(self.status), "to": status_label(to_status)}
            )
        if user is None:  # the system (imports, the demo)
            return None
        is_submitter = user.is_authenticated and self.submitted_by_id == user.pk
        if transition.not_submitter and is_submitter:
            return str(_("Someone other than the submitter must review this exemplar."))
        if transition.submitter_may and is_submitter:
            return None
        if not any(permissions.has_role(user, role, self.owner_unit) for role in transition.roles):
            return str(_("You do not have permission to do this."))
        return None

    def allowed_moves(self, user: AnyUser) -> list[str]:
        """The statuses ``user`` may move this exemplar to, for buttons and the API."""
        return [
            to for to in TRANSITIONS.get(self.status, {}) if self.refusal_to_move(user, to) is None
        ]


def status_label(status: str) -> str:
    return str(dict(Exemplar.Status.choices).get(status, status))


@dataclass(frozen=True)
class Transition:
    verb: str  # the action's verb; the event is "exemplar.<verb>"
    roles: tuple[str, ...]  # any of these roles at or over the owning unit
    needs_content: bool = False  # a summary and at least one deed
    needs_reason: bool = False  # a note saying why
    not_submitter: bool = False  # four eyes: the submitter may not do it
    submitter_may: bool = False  # the submitter may do it without the role (withdraw)


# The workflow: from → to → who and what it takes. Nothing else moves ``status``.
#
# * Editors submit a draft; it must have a summary and a deed.
# * Reviewers return it to draft with a reason (the submitter may also withdraw it,
#   with a reason), or publish it — not their own submission (four eyes).
# * A unit admin archives a published exemplar, and may reopen an archived one as a
#   draft, which then goes through review again. There is no way back from published
#   to draft: a reviewer edits a published exemplar in place (``can_edit``).
TRANSITIONS: dict[str, dict[str, Transition]] = {
    Exemplar.Status.DRAFT: {
        Exemplar.Status.UNDER_REVIEW: Transition("submit", EDITOR_ROLES, needs_content=True),
    },
    Exemplar.Status.UNDER_REVIEW: {
        Exemplar.Status.DRAFT: Transition(
            "return", REVIEWER_ROLES, needs_reason=True, submitter_may=True
        ),
        Exemplar.Status.PUBLISHED: Transition(
            "publish", REVIEWER_ROLES, needs_content=True, not_submitter=True
        ),
    },
    Exemplar.Status.PUBLISHED: {
        Exemplar.Status.ARCHIVED: Transition("archive", (Role.UNIT_ADMIN,)),
    },
    Exemplar.Status.ARCHIVED: {
        Exemplar.Status.DRAFT: Transition("reopen", (Role.UNIT_ADMIN,)),
    },
}


def _ancestor_paths(path: str) -> list[str]:
    """``"1/7/42/"`` → ``["1/", "1/7/", "1/7/42/"]``."""
    parts = [p for p in path.split("/") if p]
    return ["".join(f"{p}/" for p in parts[: i + 1]) for i in range(len(parts))]


def exemplar_visible_q(user: AnyUser, prefix: str = "") -> Q:
    """Exemplars ``user`` may see; ``prefix`` (``"exemplar__"``) applies it to deeds and
    photos.

    * Published and public: everyone, signed in or not.
    * Published: the owning unit's subtree (anyone whose post or grant lies at or under
      the owning unit: a city's exemplar is for the whole city) and anyone whose scope
      covers the owning unit (``visible_unit_q``: the district above sees it too).
    * Any status: organizers, unit admins and verifiers of or over the owning unit,
      and the exemplar's creator. A city admin sees everything.
    """
    published = Exemplar.Status.PUBLISHED
    q = Q(**{f"{prefix}status": published, f"{prefix}is_public": True})
    if not user.is_authenticated or not user.is_active:
        return q
    if permissions.is_city_admin(user):
        return Q()
    scopes = permissions._scopes(user)
    unit_path = f"{prefix}owner_unit__path"
    ancestors = sorted({p for s in scopes for p in _ancestor_paths(s.path)})
    members = Q(**{f"{unit_path}__in": ancestors}) if ancestors else Q(pk__in=[])
    for scope in scopes:
        if scope.subtree:
            members |= Q(**{f"{unit_path}__startswith": scope.path})
    q |= Q(**{f"{prefix}status": published}) & members
    curators = Q(**{f"{prefix}created_by": user})
    for scope in scopes:
        if scope.role not in CURATOR_ROLES:
            continue
        if scope.subtree:
            curators |= Q(**{f"{unit_path}__startswith": scope.path})
        else:
            curators |= Q(**{f"{prefix}owner_unit_id": scope.unit_id})
    return q | curators
