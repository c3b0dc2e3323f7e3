"""A problem's measures (整改措施): planned by the managers, marked done while the
rectification is under way."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from jianxian.core import permissions
from jianxian.core.errors import ActionError, StaleEdit
from jianxian.core.models import Person
from jianxian.rectification.actions._common import (
    TEXT_MAX,
    actor_or_none,
    clean_text,
    clock,
    lock_for_edit,
    lock_problem,
    log,
    plain,
    require,
)
from jianxian.rectification.actions.problems import KEEP
from jianxian.rectification.models import Measure, Problem, ProblemStatus, status_label

MAX_MEASURES = 50


def _stale() -> StaleEdit:
    return StaleEdit(
        _("This measure was changed by someone else. Reload it and apply your edit again.")
    )


def _check_owner(actor: Any, owner: Person | None, current: Person | None = None) -> None:
    if actor is not None and owner is not None and owner != current:
        require(
            permissions.can_view_person(actor, owner),
            _("You cannot choose a person outside your scope."),
        )


def add_measure(
    *,
    actor: Any,
    problem: Problem,
    description: str,
    owner: Person | None = None,
    due_date: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> Measure:
    """Add a measure at the end of the problem's list (managers; until submitted)."""
    moment, _today = clock(now)
    description = clean_text(description, _("Measure"), TEXT_MAX, required=True)
    _check_owner(actor, owner)
    with transaction.atomic():
        locked = lock_for_edit(actor, problem)
        existing = Measure.objects.filter(problem=locked)
        if existing.count() >= MAX_MEASURES:
            raise ActionError(_("A problem can have at most %(n)d measures.") % {"n": MAX_MEASURES})
        last = existing.aggregate(last=Max("position"))["last"]
        measure = Measure.objects.create(
            problem=locked,
            position=0 if last is None else last + 1,
            description=description,
            owner=owner,
            due_date=due_date,
            created_at=moment,
            updated_at=moment,
        )
        log(
            actor=actor,
            verb="add_measure",
            problem=locked,
            at=now,
            changes={
                "measure": measure.pk,
                "description": description,
                "owner": plain(owner),
                "due_date": plain(due_date),
            },
        )
    return measure


def update_measure(
    *,
    actor: Any,
    measure: Measure,
    version: int,
    description: str = KEEP,
    owner: Person | None = KEEP,
    due_date: datetime.date | None = KEEP,
    position: int = KEEP,
    now: datetime.datetime | None = None,
) -> Measure:
    """Edit a measure (managers; until submitted). Fields left out keep their value;
    a stale ``version`` writes nothing."""
    moment, _today = clock(now)
    with transaction.atomic():
        locked = lock_for_edit(actor, measure.problem)
        current = Measure.objects.filter(pk=measure.pk, problem=locked).first()
        if current is None:
            raise ActionError(_("This measure no longer exists."))
        if current.version != version:
            raise _stale()
        new: dict[str, Any] = {
            "description": current.description
            if description is KEEP
            else clean_text(description, _("Measure"), TEXT_MAX, required=True),
            "owner": current.owner if owner is KEEP else owner,
            "due_date": current.due_date if due_date is KEEP else due_date,
            "position": current.position if position is KEEP else position,
        }
        if isinstance(new["position"], bool) or not isinstance(new["position"], int):
            raise ActionError(_("The position must be a whole number."))
        if new["position"] < 0:
            raise ActionError(_("The position must be a whole number."))
        _check_owner(actor, new["owner"], current.owner)
        changes = {
            key: [plain(getattr(current, key)), plain(value)]
            for key, value in new.items()
            if getattr(current, key) != value
        }
        updated = Measure.objects.filter(pk=measure.pk, version=version).update(
            **new, version=F("version") + 1, updated_at=moment
        )
        if updated != 1:
            raise _stale()
        if changes:
            log(
                actor=actor,
                verb="update_measure",
                problem=locked,
                at=now,
                changes={"measure": measure.pk, **changes},
            )
    measure.refresh_from_db()
    return measure


def remove_measure(*, actor: Any, measure: Measure, version: int) -> None:
    """Remove a measure (managers; until submitted). The event keeps what it said."""
    with transaction.atomic():
        locked = lock_for_edit(actor, measure.problem)
        current = Measure.objects.filter(pk=measure.pk, problem=locked).first()
        if current is None:
            raise ActionError(_("This measure no longer exists."))
        deleted, _rows = Measure.objects.filter(pk=measure.pk, version=version).delete()
        if not deleted:
            raise _stale()
        log(
            actor=actor,
            verb="remove_measure",
            problem=locked,
            changes={
                "measure": measure.pk,
                "description": current.description,
                "done": current.done,
            },
        )


def _check_may_mark(actor: Any, problem: Problem, measure: Measure) -> None:
    if problem.status != ProblemStatus.RECTIFYING:
        raise ActionError(
            _("Measures are marked done while the problem is being rectified; it is “%(s)s”.")
            % {"s": status_label(problem.status)}
        )
    if actor is None:
        return
    owner_user = measure.owner.user_id if measure.owner_id and measure.owner else None
    require(
        problem.is_manager(actor)
        or problem.is_responsible(actor)
        or (owner_user is not None and owner_user == actor.pk)
    )


def mark_measure_done(
    *, actor: Any, measure: Measure, now: datetime.datetime | None = None
) -> Measure:
    """Mark a measure done (the responsible person, the measure's owner or a manager;
    while rectifying). Marking a done measure again is refused, not repeated."""
    return _set_done(actor, measure, True, now)


def mark_measure_undone(
    *, actor: Any, measure: Measure, now: datetime.datetime | None = None
) -> Measure:
    """Take back "done" (for instance after the verifier returned the problem)."""
    return _set_done(actor, measure, False, now)


def _set_done(actor: Any, measure: Measure, done: bool, now: datetime.datetime | None) -> Measure:
    moment, _today = clock(now)
    with transaction.atomic():
        locked = lock_problem(measure.problem)
        current = (
            Measure.objects.select_related("owner").filter(pk=measure.pk, problem=locked).first()
        )
        if current is None:
            raise ActionError(_("This measure no longer exists."))
        _check_may_mark(actor, locked, current)
        stamps: dict[str, Any] = (
            {"done_at": moment, "done_by": actor_or_none(actor)}
            if done
            else {"done_at": None, "done_by": None}
        )
        # Compare-and-set on the flag: two people ticking the same box, one wins.
        updated = Measure.objects.filter(pk=measure.pk, done=not done).update(
            done=done, **stamps, version=F("version") + 1, updated_at=moment
        )
        if updated != 1:
            raise ActionError(
                _("This measure is already marked done.")
                if done
                else _("This measure is not marked done.")
            )
        log(
            actor=actor,
            verb="measure_done" if done else "measure_undone",
            problem=locked,
            at=now,
            changes={"measure": measure.pk, "description": current.description[:200]},
        )
    measure.refresh_from_db()
    return measure
