"""Deadlines: the daily reminder sweep and the verifiers' notice of a submission.

Overdue is never stored; the sweep derives it each day. Each reminder is sent at most
once: a ``Reminder`` row, unique per problem (or measure), kind and due date, is
written in the same transaction as the notifications, so a second run, a retry or two
workers running at once send nothing twice. A new due date is a new reminder.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jianxian.core.actions import notify
from jianxian.core.models import Role, RoleGrant, Unit
from jianxian.rectification.models import (
    Measure,
    Problem,
    ProblemStatus,
    Reminder,
    ReminderKind,
    problem_url,
)

# Reminders go out while the plan is carried out: a draft has no agreed deadline yet,
# and a submitted problem waits on its verifier, who was told at submission.
REMINDER_STATUSES: tuple[str, ...] = (ProblemStatus.PLANNED, ProblemStatus.RECTIFYING)
DUE_SOON_DAYS = 7
# The date a reminder of each kind is about ("due_date" for the others).
DUE_FIELDS: dict[str, str] = {
    ReminderKind.RECHECK_DUE: "recheck_due",
    ReminderKind.REVIEW_DUE: "next_review_date",
}


def _ancestor_paths(path: str) -> list[str]:
    """``"1/7/42/"`` → ``["1/", "1/7/"]`` (the units above)."""
    parts = [p for p in path.split("/") if p]
    return ["".join(f"{p}/" for p in parts[: i + 1]) for i in range(len(parts) - 1)]


def unit_verifiers(unit: Unit) -> list[Any]:
    """The active users holding the verifier role at ``unit`` or over it. Where the
    unit has none, its unit admins (up to the city's) are told instead, so that a
    submission never waits unseen."""
    covering = Q(unit_id=unit.pk) | Q(
        unit__path__in=_ancestor_paths(unit.path), covers_subtree=True
    )
    users = get_user_model().objects.filter(is_active=True).order_by("pk")
    for role in (Role.VERIFIER, Role.UNIT_ADMIN):
        grants = RoleGrant.objects.filter(covering, role=role).values("user_id")
        found = list(users.filter(pk__in=grants))
        if found:
            return found
    return []


def _send(
    *,
    problem: Problem,
    measure: Measure | None,
    kind: str,
    due_date: datetime.date,
    recipients: Iterable[Any],
    title: str,
    body: str,
) -> bool:
    """Send one reminder unless it was sent before; True when it was sent now."""
    people = list(
        {user.pk: user for user in recipients if user is not None and user.is_active}.values()
    )
    with transaction.atomic():
        try:
            with transaction.atomic():
                Reminder.objects.create(
                    problem=problem,
                    measure=measure,
                    kind=kind,
                    due_date=due_date,
                    recipients=len(people),
                )
        except IntegrityError:  # another run sent it a moment ago
            return False
        for user in people:
            notify(recipient=user, title=title, body=body, url=problem_url(problem.pk), email=True)
    return True


def _not_reminded(kind: str, *, measure: bool = False) -> Any:
    """No reminder of ``kind`` yet for the row's current due date."""
    if measure:
        sent = Reminder.objects.filter(
            measure=OuterRef("pk"), kind=kind, due_date=OuterRef("due_date")
        )
    else:
        sent = Reminder.objects.filter(
            problem=OuterRef("pk"),
            measure__isnull=True,
            kind=kind,
            due_date=OuterRef(DUE_FIELDS.get(kind, "due_date")),
        )
    return ~Exists(sent)


def send_rectification_reminders(*, today: datetime.date | None = None) -> dict[str, int]:
    """The daily sweep (a task and ``manage.py send_rectification_reminders``):

    * the responsible person, when a problem or a measure is due within 7 days, and
      again the day after its due date has passed (the measure's owner too);
    * the unit's verifiers, when a closed problem's re-check or an ongoing effort's
      periodic review falls due.

    Returns how many reminders of each kind were sent.
    """
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    sent: Counter[str] = Counter()
    active = Problem.objects.filter(status__in=REMINDER_STATUSES).select_related(
        "responsible__user", "unit"
    )

    for kind, dates in (
        (ReminderKind.DUE_SOON, Q(due_date__gte=today, due_date__lte=soon)),
        (ReminderKind.OVERDUE, Q(due_date__lt=today)),
    ):
        for problem in active.filter(dates).filter(_not_reminded(kind)).order_by("due_date", "pk"):
            assert problem.due_date is not None
            if _send(
                problem=problem,
                measure=None,
                kind=kind,
                due_date=problem.due_date,
                recipients=[problem.responsible.user],
                **_problem_message(kind, problem, today),
            ):
                sent[f"problem_{kind}"] += 1
        measures = (
            Measure.objects.filter(dates, done=False, problem__status__in=REMINDER_STATUSES)
            .filter(_not_reminded(kind, measure=True))
            .select_related("owner__user", "problem__responsible__user")
            .order_by("due_date", "pk")
        )
        for measure in measures:
            assert measure.due_date is not None
            problem = measure.problem
            owner = measure.owner.user if measure.owner else None
            if _send(
                problem=problem,
                measure=measure,
                kind=kind,
                due_date=measure.due_date,
                recipients=[problem.responsible.user, owner],
                **_measure_message(kind, measure, today),
            ):
                sent[f"measure_{kind}"] += 1

    verifier_sweeps = (
        (ReminderKind.RECHECK_DUE, Problem.objects.recheck_due(today), "recheck_due"),
        (ReminderKind.REVIEW_DUE, Problem.objects.review_due(today), "next_review_date"),
    )
    for kind, problems, field in verifier_sweeps:
        for problem in problems.filter(_not_reminded(kind)).select_related("unit").order_by("pk"):
            due = getattr(problem, field)
            if kind == ReminderKind.RECHECK_DUE:
                title = _("Re-check due: %(title)s") % {"title": problem.title}
                body = _(
                    "The problem was closed; check that it has not come back, then confirm "
                    "it or reopen it."
                )
            else:
                title = _("Periodic review due: %(title)s") % {"title": problem.title}
                body = _("Review how the ongoing effort is kept up.")
            if _send(
                problem=problem,
                measure=None,
                kind=kind,
                due_date=due,
                recipients=unit_verifiers(problem.unit),
                title=title,
                body=body,
            ):
                sent[kind] += 1
    return dict(sent)


def _problem_message(kind: str, problem: Problem, today: datetime.date) -> dict[str, str]:
    due = problem.due_date.isoformat() if problem.due_date else ""
    if kind == ReminderKind.DUE_SOON:
        return {
            "title": _("Due on %(date)s: %(title)s") % {"date": due, "title": problem.title},
            "body": _("The rectification is due in %(n)d day(s).")
            % {"n": (problem.due_date - today).days if problem.due_date else 0},
        }
    return {
        "title": _("Overdue since %(date)s: %(title)s") % {"date": due, "title": problem.title},
        "body": _(
            "The rectification has passed its due date. Report progress or ask for a new date."
        ),
    }


def _measure_message(kind: str, measure: Measure, today: datetime.date) -> dict[str, str]:
    due = measure.due_date.isoformat() if measure.due_date else ""
    what = {"measure": measure.description[:60], "title": measure.problem.title, "date": due}
    if kind == ReminderKind.DUE_SOON:
        return {
            "title": _("Measure due on %(date)s: %(measure)s") % what,
            "body": _("A measure of “%(title)s” is due soon.") % what,
        }
    return {
        "title": _("Measure overdue since %(date)s: %(measure)s") % what,
        "body": _("A measure of “%(title)s” has passed its due date.") % what,
    }


def notify_submission(*, problem_id: int) -> int:
    """Tell the unit's verifiers that a problem awaits acceptance (the task queued by
    ``submit_problem`` once it commits). Nobody is told if it has moved on meanwhile;
    the responsible person and the submitter are never among those told."""
    problem = Problem.objects.select_related("unit", "responsible").filter(pk=problem_id).first()
    if problem is None or problem.status != ProblemStatus.SUBMITTED:
        return 0
    excluded = {problem.responsible.user_id, problem.submitted_by_id}
    recipients = [u for u in unit_verifiers(problem.unit) if u.pk not in excluded]
    for user in recipients:
        notify(
            recipient=user,
            title=_("Awaiting acceptance: %(title)s") % {"title": problem.title},
            body=_("%(unit)s submitted the rectification for acceptance.")
            % {"unit": problem.unit.name},
            url=problem_url(problem.pk),
            email=True,
        )
    return len(recipients)
