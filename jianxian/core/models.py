"""Organization tree, people, posts, role grants, the audit ledger and notifications."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Any user object: a User, an AnonymousUser, or a user loaded by a token.
AnyUser = Any


class UnitKind(models.TextChoices):
    CITY = "city", _("City")
    DISTRICT = "district", _("District or county")
    BUREAU = "bureau", _("Bureau or department")
    ENTERPRISE = "enterprise", _("Enterprise")
    HOSPITAL = "hospital", _("Hospital")
    SCHOOL = "school", _("School")
    COMMUNITY = "community", _("Community")
    VILLAGE = "village", _("Village")
    MASS_ORG = "mass_org", _("Mass organization")
    VOLUNTEER_GROUP = "volunteer_group", _("Volunteer group")
    TEAM = "team", _("Office, team or work group")


class UnitQuerySet(models.QuerySet["Unit"]):
    def visible_to(self, user: AnyUser) -> UnitQuerySet:
        from jianxian.core.permissions import visible_unit_q

        return self.filter(visible_unit_q(user))

    def subtree_of(self, unit: Unit) -> UnitQuerySet:
        return self.filter(path__startswith=unit.path)


class Unit(models.Model):
    """A node of the organization tree.

    ``path`` is materialized: the ids from the root down, each followed by ``/``
    (``"1/7/42/"``), so "this unit and everything under it" is one indexed prefix
    query. Only ``core.actions`` writes it.
    """

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    path = models.CharField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    code = models.CharField(_("unit code"), max_length=40, unique=True, null=True, blank=True)
    name_pinyin = models.CharField(max_length=200, blank=True, editable=False, db_index=True)
    sort_order = models.IntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["sort_order", "name_pinyin", "id"]
        indexes = [models.Index(fields=["parent", "sort_order", "name_pinyin"])]
        constraints = [
            models.CheckConstraint(condition=Q(path__endswith="/"), name="unit_path_ends_slash"),
            models.CheckConstraint(
                condition=Q(parent__isnull=True, depth=0) | Q(parent__isnull=False, depth__gt=0),
                name="unit_depth_matches_parent",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/")[:-1] if part]

    def is_within(self, other: Unit) -> bool:
        return self.path.startswith(other.path)


class PersonCategory(models.TextChoices):
    CADRE = "cadre", _("Cadre")
    PARTY_MEMBER = "party_member", _("Party member")
    WORKER = "worker", _("Worker")
    TEACHER = "teacher", _("Teacher")
    STUDENT = "student", _("Student")
    MEDIC = "medic", _("Medical staff")
    VOLUNTEER = "volunteer", _("Volunteer")
    CITIZEN = "citizen", _("Citizen")


class Gender(models.TextChoices):
    FEMALE = "f", _("Female")
    MALE = "m", _("Male")
    UNKNOWN = "", _("Not given")


class PersonQuerySet(models.QuerySet["Person"]):
    def visible_to(self, user: AnyUser) -> PersonQuerySet:
        from jianxian.core.permissions import visible_person_q

        return self.filter(visible_person_q(user))

    def in_unit(self, unit: Unit, *, subtree: bool = False) -> PersonQuerySet:
        # ``pk IN (subquery)``, not a correlated EXISTS: both databases then start from
        # the unit's posts instead of testing every person (bench/README.md).
        unit_q = Q(unit__path__startswith=unit.path) if subtree else Q(unit=unit)
        current = Membership.objects.current().filter(unit_q)
        return self.filter(pk__in=current.values("person_id"))

    def search(self, query: str) -> PersonQuerySet:
        """Match a name (either script), full pinyin or pinyin initials, by prefix;
        the matches come in pinyin order.

        Prefix ranges (``>= q AND < q + U+FFFF``) use the plain B-tree indexes on both
        databases; a Chinese query also matches the start of the given name (张丽华 ←
        丽华). Names are stored as written, so a Chinese query is tried in both scripts.
        No ``__contains``: on 200,000 people it scans the table (bench/README.md).

        The order is on an expression equal to ``name_pinyin``, not the column: the
        matches of a prefix sit together in pinyin order (every 张 near "zhang"), which
        PostgreSQL cannot know, so it walked the pinyin index from "a" (100 ms for 张);
        this way it sorts the matches instead (15 ms).
        """
        from jianxian.core.text import fold, to_traditional

        query = fold(query).strip().lower().replace(" ", "")
        if not query:
            return self.none()
        if query.isascii():
            upper = query + "\uffff"
            match = Q(pinyin_compact__gte=query, pinyin_compact__lt=upper) | Q(
                name_initials__gte=query, name_initials__lt=upper
            )
            return self.filter(match).order_by(*SEARCH_ORDER)
        match = Q()
        for variant in dict.fromkeys([query, to_traditional(query)]):
            upper = variant + "\uffff"
            match |= Q(name__gte=variant, name__lt=upper)
            match |= Q(given_name__gte=variant, given_name__lt=upper)
        return self.filter(match).order_by(*SEARCH_ORDER)


SEARCH_ORDER = (Concat("name_pinyin", Value("")), "id")  # see PersonQuerySet.search


class Person(models.Model):
    """Someone the platform knows; a login (``user``) is optional."""

    name = models.CharField(_("name"), max_length=50)
    name_pinyin = models.CharField(_("name in pinyin"), max_length=200, editable=False)
    pinyin_compact = models.CharField(max_length=200, editable=False, db_index=True)
    name_initials = models.CharField(max_length=20, editable=False, db_index=True)
    given_name = models.CharField(max_length=50, blank=True, default="", editable=False)
    gender = models.CharField(
        _("gender"), max_length=1, choices=Gender.choices, blank=True, default=""
    )
    categories = models.JSONField(_("categories"), default=list, blank=True)
    staff_no = models.CharField(_("staff number"), max_length=40, unique=True, null=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name_pinyin", "id"]
        indexes = [
            models.Index(fields=["name_pinyin", "id"]),
            models.Index(fields=["name"]),
            models.Index(fields=["given_name"]),
        ]

    def __str__(self) -> str:
        return self.name

    def category_labels(self) -> list[str]:
        labels = dict(PersonCategory.choices)
        return [str(labels[c]) for c in self.categories if c in labels]


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self) -> MembershipQuerySet:
        return self.filter(end_date__isnull=True)


class Membership(models.Model):
    """A post a person holds in a unit over a period; ``end_date`` empty means current."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="memberships"
    )
    post = models.CharField(_("post"), max_length=100, blank=True)
    is_primary = models.BooleanField(_("primary post"), default=True)
    start_date = models.DateField(_("from"), default=timezone.localdate)
    end_date = models.DateField(_("until"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["-is_primary", "-start_date"]
        indexes = [
            models.Index(fields=["unit", "end_date", "person"]),
            models.Index(fields=["person", "end_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["person", "unit", "post"],
                condition=Q(end_date__isnull=True),
                name="membership_one_current_post",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.unit} · {self.post}"


class Role(models.TextChoices):
    """Roles are named by what they allow (DESIGN.md §5)."""

    UNIT_ADMIN = "unit_admin", _("Unit administrator")
    ORGANIZER = "organizer", _("Organizer")
    VERIFIER = "verifier", _("Verifier")
    JUDGE = "judge", _("Judge")
    COORDINATOR = "coordinator", _("Coordinator")
    VIEWER = "viewer", _("Viewer")


class RoleGrant(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="role_grants",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="role_grants"
    )
    covers_subtree = models.BooleanField(_("covers sub-units"), default=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="rolegrant_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"


class Event(models.Model):
    """One line of the audit ledger: who did what to which record, and when."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verb = models.CharField(_("action"), max_length=60)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    target_repr = models.CharField(max_length=200)
    from_status = models.CharField(max_length=40, blank=True)
    to_status = models.CharField(max_length=40, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.verb} {self.target_repr}"


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    send_email = models.BooleanField(default=False)
    emailed_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at", "created_at"])]

    def __str__(self) -> str:
        return self.title


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the secret is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()


def content_type_for(obj: models.Model) -> ContentType:
    return ContentType.objects.get_for_model(type(obj))


from jianxian.core.search.models import SearchDocument  # noqa: E402, F401  (the search index)
