"""Who sees which problem, and the ledger's queries (subtree, overdue, counts)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import connection, models
from django.db.models import Count, Q
from django.utils import timezone

from jianxian.core import permissions
from jianxian.core.models import Unit
from jianxian.rectification.models.choices import ProblemKind, ProblemStatus

if TYPE_CHECKING:
    from jianxian.rectification.models.problem import Problem  # noqa: F401
    from jianxian.rectification.models.vocabulary import Category

# Any user object: a User, an AnonymousUser, or a user loaded by a token.
AnyUser = Any


def subtree_q(path: str, field: str = "unit_path") -> Q:
    """``field`` lies at or under the unit with materialized ``path`` ("1/7/").

    On SQLite a range: every path under ``1/7/`` sorts at or after ``1/7/`` and before
    ``1/70`` (``0`` follows ``/`` in byte order), and SQLite's case-insensitive ``LIKE``
    could not use the index. On PostgreSQL a ``LIKE '1/7/%'``: a range would be wrong
    under a collation that ignores punctuation (en_US), while ``LIKE`` is right under
    any, and the ``varchar_pattern_ops`` index serves it.
    """
    if connection.vendor == "sqlite":
        return Q(**{f"{field}__gte": path, f"{field}__lt": path[:-1] + "0"})
    return Q(**{f"{field}__startswith": path})


def overdue_q(today: datetime.date) -> Q:
    """Overdue is derived, never stored: not closed and past its due date."""
    return ~Q(status=ProblemStatus.CLOSED) & Q(due_date__lt=today)


def problem_visible_q(user: AnyUser) -> Q:
    """Problems ``user`` may see:

    * problems of the units in any of the user's scopes (a role grant or a current
      post: staff see their unit's list and the lists under it);
    * problems whose responsible person is the user's person;
    * problems where the user's person owns a measure.

    A city admin sees everything.
    """
    from jianxian.core.models import Person
    from jianxian.rectification.models.records import Measure

    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if permissions.is_city_admin(user):
        return Q()
    q = Q(pk__in=[])
    for scope in permissions._scopes(user):
        if scope.subtree:
            q |= subtree_q(scope.path)
        else:
            q |= Q(unit_id=scope.unit_id)
    # The user's person and the problems where it owns a measure are read first (two
    # small indexed queries) and given as values: with subqueries in the OR, PostgreSQL
    # scanned the whole table (75 ms for a district's counts on 100,000 problems).
    people = list(Person.objects.filter(user=user).values_list("pk", flat=True))
    if people:
        q |= Q(responsible_id__in=people)
        owned = set(
            Measure.objects.filter(owner_id__in=people).values_list("problem_id", flat=True)
        )
        if owned:
            q |= Q(pk__in=sorted(owned))
    return q


class ProblemQuerySet(models.QuerySet["Problem"]):
    def visible_to(self, user: AnyUser) -> ProblemQuerySet:
        return self.filter(problem_visible_q(user))

    def in_subtree(self, unit: Unit) -> ProblemQuerySet:
        """Problems of ``unit`` and every unit under it."""
        return self.filter(subtree_q(unit.path))

    def open(self) -> ProblemQuerySet:
        return self.exclude(status=ProblemStatus.CLOSED)

    def closed(self) -> ProblemQuerySet:
        return self.filter(status=ProblemStatus.CLOSED)

    def overdue(self, today: datetime.date | None = None) -> ProblemQuerySet:
        return self.filter(overdue_q(today or timezone.localdate()))

    def due_within(self, days: int, today: datetime.date | None = None) -> ProblemQuerySet:
        """Open problems due between today and ``days`` days from now (inclusive)."""
        today = today or timezone.localdate()
        return self.open().filter(
            due_date__gte=today, due_date__lte=today + datetime.timedelta(days=days)
        )

    def awaiting_acceptance(self) -> ProblemQuerySet:
        return self.filter(status=ProblemStatus.SUBMITTED)

    def recheck_due(self, today: datetime.date | None = None) -> ProblemQuerySet:
        """Closed problems whose recurrence re-check is due."""
        return self.filter(
            status=ProblemStatus.CLOSED, recheck_due__lte=today or timezone.localdate()
        )

    def review_due(self, today: datetime.date | None = None) -> ProblemQuerySet:
        """Ongoing problems whose periodic review is due."""
        return self.filter(
            status=ProblemStatus.RECTIFYING,
            kind=ProblemKind.ONGOING,
            next_review_date__lte=today or timezone.localdate(),
        )

    def for_ledger(self) -> ProblemQuerySet:
        """With what a ledger row shows, in one query."""
        return self.select_related("unit", "responsible", "category")

    def filter_ledger(
        self,
        *,
        status: str | list[str] | None = None,
        overdue: bool | None = None,
        category: Category | int | None = None,
        kind: str | None = None,
        severity: str | None = None,
        source_kind: str | None = None,
        responsible: Any = None,
        unit: Unit | None = None,
        due_from: datetime.date | None = None,
        due_to: datetime.date | None = None,
        today: datetime.date | None = None,
    ) -> ProblemQuerySet:
        """The ledger's filters; None leaves a filter out. ``unit`` takes its subtree;
        ``overdue`` False keeps what is not overdue."""
        qs: ProblemQuerySet = self
        if unit is not None:
            qs = qs.in_subtree(unit)
        if status:
            qs = qs.filter(status__in=[status] if isinstance(status, str) else status)
        if overdue is not None:
            late = overdue_q(today or timezone.localdate())
            qs = qs.filter(late) if overdue else qs.exclude(late)
        if category is not None:
            qs = qs.filter(category=category)
        if kind:
            qs = qs.filter(kind=kind)
        if severity:
            qs = qs.filter(severity=severity)
        if source_kind:
            qs = qs.filter(source_kind=source_kind)
        if responsible is not None:
            qs = qs.filter(responsible=responsible)
        if due_from is not None:
            qs = qs.filter(due_date__gte=due_from)
        if due_to is not None:
            qs = qs.filter(due_date__lte=due_to)
        return qs

    def ledger_counts(self, today: datetime.date | None = None) -> dict[str, int]:
        """Counts for the top of the ledger, in one query: ``total``, one per status,
        ``open``, ``overdue`` and ``due_soon`` (open, due within 7 days).

        One ``GROUP BY status`` with conditional counts: on 100,000 problems it read
        only the ``(status, due_date)`` or ``(unit_path, status, due_date)`` index and
        took about half the time of eight conditional counts over the whole set.
        """
        today = today or timezone.localdate()
        week = today + datetime.timedelta(days=7)
        rows = (
            self.order_by()
            .values("status")
            .annotate(
                n=Count("pk"),
                late=Count("pk", filter=Q(due_date__lt=today)),
                soon=Count("pk", filter=Q(due_date__gte=today, due_date__lte=week)),
            )
        )
        counts = dict.fromkeys(["total", *ProblemStatus.values, "open", "overdue", "due_soon"], 0)
        for row in rows:
            status, n = row["status"], row["n"]
            counts["total"] += n
            if status in counts:
                counts[status] += n
            if status != ProblemStatus.CLOSED:
                counts["open"] += n
                counts["overdue"] += row["late"]
                counts["due_soon"] += row["soon"]
        return counts
