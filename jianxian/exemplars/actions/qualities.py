"""The vocabulary of qualities (精神内涵), kept by a city administrator."""

from __future__ import annotations

import re
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from jianxian.core import permissions
from jianxian.core.actions import record_event
from jianxian.core.errors import ActionError, StaleEdit
from jianxian.exemplars.actions._common import clean_line, clean_text, reindex, require
from jianxian.exemplars.models import Exemplar, Quality

_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


def _require_city_admin(actor: Any) -> None:
    require(
        actor is None or permissions.is_city_admin(actor),
        _("Only a city administrator can change the vocabulary of qualities."),
    )


def _clean(name: str, name_en: str, description: str) -> dict[str, str]:
    return {
        "name": clean_line(name, _("Quality name"), 40),
        "name_en": clean_line(name_en, _("English name"), 80, required=False),
        "description": clean_text(description, _("Description"), 2000),
    }


def create_quality(
    *,
    actor: Any,
    code: str,
    name: str,
    name_en: str = "",
    description: str = "",
    sort_order: int = 0,
) -> Quality:
    _require_city_admin(actor)
    code = (code or "").strip().lower()
    if not _CODE.match(code):
        raise ActionError(
            _("The code is 1 to 40 lower-case letters, digits, hyphens or underscores.")
        )
    values = _clean(name, name_en, description)
    try:
        with transaction.atomic():
            quality = Quality.objects.create(code=code, sort_order=sort_order, **values)
            record_event(
                actor=actor,
                verb="quality.create",
                target=quality,
                changes={"code": code, "name": values["name"]},
            )
    except IntegrityError:
        raise ActionError(_("A quality with this code or name already exists.")) from None
    return quality


def update_quality(
    *,
    actor: Any,
    quality: Quality,
    version: int,
    name: str,
    name_en: str = "",
    description: str = "",
    sort_order: int = 0,
    is_active: bool = True,
) -> Quality:
    """Rename, describe, reorder or retire a quality. A retired quality stays on the
    exemplars that have it but cannot be chosen again."""
    _require_city_admin(actor)
    new: dict[str, Any] = {**_clean(name, name_en, description)}
    new |= {"sort_order": sort_order, "is_active": is_active}
    changes = {k: [getattr(quality, k), v] for k, v in new.items() if getattr(quality, k) != v}
    try:
        with transaction.atomic():
            updated = Quality.objects.filter(pk=quality.pk, version=version).update(
                **new, version=F("version") + 1, updated_at=timezone.now()
            )
            if updated != 1:
                raise StaleEdit(
                    _(
                        "This quality was changed by someone else. "
                        "Reload it and apply your edit again."
                    )
                )
            if changes:
                record_event(actor=actor, verb="quality.update", target=quality, changes=changes)
            if changes.keys() & {"name", "name_en"}:
                # Exemplars are found by their qualities' names.
                for exemplar in Exemplar.objects.filter(qualities=quality).iterator():
                    reindex(exemplar)
    except IntegrityError:
        raise ActionError(_("A quality with this name already exists.")) from None
    quality.refresh_from_db()
    return quality


def delete_quality(*, actor: Any, quality: Quality) -> None:
    """Delete a quality no exemplar has; one in use is retired instead."""
    _require_city_admin(actor)
    with transaction.atomic():
        if quality.exemplars.exists():
            raise ActionError(
                _("This quality is used by exemplars; retire it instead of deleting it.")
            )
        record_event(
            actor=actor,
            verb="quality.delete",
            target=quality,
            changes={"code": quality.code, "name": quality.name},
        )
        Quality.objects.filter(pk=quality.pk).delete()
