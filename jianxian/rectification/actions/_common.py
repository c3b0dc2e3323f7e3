"""Shared pieces of the rectification actions: checks, cleaning, the clock, the ledger."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from jianxian.core.actions import record_event
from jianxian.core.errors import ActionError, PermissionDenied
from jianxian.core.models import Event
from jianxian.rectification.models import EDITABLE_STATUSES, Problem, status_label

TEXT_MAX = 5000  # description, progress notes
STANDARD_MAX = 2000  # acceptance standard, comments, reasons
LABEL_MAX = 200  # source label


def require(condition: bool, message: str | None = None) -> None:
    if not condition:
        raise PermissionDenied(message or _("You do not have permission to do this."))


def clean_line(value: str | None, field: str, max_length: int, *, required: bool = True) -> str:
    """One line of text: whitespace runs become one space; required and length checked."""
    value = " ".join((value or "").split())
    if required and not value:
        raise ActionError(_("%(field)s is required.") % {"field": field})
    if len(value) > max_length:
        raise ActionError(
            _("%(field)s is too long (at most %(n)d characters).")
            % {"field": field, "n": max_length}
        )
    return value


def clean_text(value: str | None, field: str, max_length: int, *, required: bool = False) -> str:
    """A multi-line text: kept as written, apart from the ends and Windows line ends."""
    value = (value or "").replace("\r\n", "\n").strip()
    if required and not value:
        raise ActionError(_("%(field)s is required.") % {"field": field})
    if len(value) > max_length:
        raise ActionError(
            _("%(field)s is too long (at most %(n)d characters).")
            % {"field": field, "n": max_length}
        )
    return value


def clean_score(score: Any, *, required: bool) -> int | None:
    """A whole number from 0 to 100 (an int, or digits as a form sends them)."""
    if score is None or score == "":
        if required:
            raise ActionError(_("Give an effectiveness score from 0 to 100."))
        return None
    if isinstance(score, str) and re.fullmatch(r"\s*[0-9]{1,3}\s*", score):
        score = int(score)
    if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 100:
        raise ActionError(_("The effectiveness score must be a whole number from 0 to 100."))
    return score


def actor_or_none(actor: Any) -> Any:
    """The user to stamp on a row: None for the system or an anonymous caller."""
    return actor if actor is not None and actor.is_authenticated else None


def clock(now: datetime.datetime | None) -> tuple[datetime.datetime, datetime.date]:
    """The moment an action happens and its local date. Actions take ``now`` so that
    imports and the demo can record what happened earlier; by default it is now."""
    moment = now or timezone.now()
    return moment, timezone.localdate(moment)


def log(
    *,
    actor: Any,
    verb: str,
    problem: Problem,
    at: datetime.datetime | None = None,
    from_status: str = "",
    to_status: str = "",
    changes: dict[str, Any] | None = None,
    note: str = "",
) -> Event:
    """Append the problem's ledger line (``problem.<verb>``); ``at`` backdates it."""
    event = record_event(
        actor=actor,
        verb=f"problem.{verb}",
        target=problem,
        from_status=from_status,
        to_status=to_status,
        changes=changes,
        note=note,
    )
    if at is not None:
        Event.objects.filter(pk=event.pk).update(created_at=at)
        event.created_at = at
    return event


def plain(value: Any) -> Any:
    """A value as the event's ``changes`` JSON keeps it."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return value


def lock_problem(problem: Problem) -> Problem:
    """Inside a transaction: re-read the problem (locked on PostgreSQL, so concurrent
    moves and edits wait for each other)."""
    locked = (
        Problem.objects.select_for_update()
        .select_related("unit", "responsible")
        .filter(pk=problem.pk)
        .first()
    )
    if locked is None:
        raise ActionError(_("This problem no longer exists."))
    return locked


def check_can_edit(actor: Any, problem: Problem) -> None:
    """The problem's record, measures and plan are edited by managers until it is
    submitted."""
    if problem.status not in EDITABLE_STATUSES:
        raise ActionError(
            _("This problem is “%(status)s” and cannot be changed now.")
            % {"status": status_label(problem.status)}
        )
    require(actor is None or problem.is_manager(actor))


def lock_for_edit(actor: Any, problem: Problem) -> Problem:
    locked = lock_problem(problem)
    check_can_edit(actor, locked)
    return locked


def delete_files_on_commit(*names: str) -> None:
    """Remove stored files once the deleting transaction has committed."""
    from django.core.files.storage import default_storage
    from django.db import transaction

    def delete() -> None:
        for name in names:
            if name:
                default_storage.delete(name)

    transaction.on_commit(delete)
