"""The audit ledger and the small checks every action shares."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from jianxian.core.errors import ActionError, PermissionDenied
from jianxian.core.models import (
    Event,
    content_type_for,
)


def record_event(
    *,
    actor: Any,
    verb: str,
    target: models.Model,
    from_status: str = "",
    to_status: str = "",
    changes: dict[str, Any] | None = None,
    note: str = "",
) -> Event:
    """Append one row to the audit ledger. Call inside the action's transaction."""
    return Event.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        verb=verb,
        target_type=content_type_for(target),
        target_id=target.pk,
        target_repr=str(target)[:200],
        from_status=from_status,
        to_status=to_status,
        changes=changes or {},
        note=note,
    )


def _require(condition: bool) -> None:
    if not condition:
        raise PermissionDenied(_("You do not have permission to do this."))


def _clean_name(value: str, field: str, max_length: int) -> str:
    value = " ".join((value or "").split())
    if not value:
        raise ActionError(_("%(field)s is required.") % {"field": field})
    if len(value) > max_length:
        raise ActionError(
            _("%(field)s is too long (at most %(n)d characters).")
            % {"field": field, "n": max_length}
        )
    return value
