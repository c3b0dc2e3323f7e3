"""The vocabulary of problem categories, kept by a city administrator."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from jianxian.core import permissions
from jianxian.core.actions import record_event
from jianxian.core.errors import ActionError, StaleEdit
from jianxian.rectification.actions._common import clean_line, require
from jianxian.rectification.models import Category


def _require_city_admin(actor: Any) -> None:
    require(
        actor is None or permissions.is_city_admin(actor),
        _("Only a city administrator can change the problem categories."),
    )


def create_category(*, actor: Any, name: str, name_en: str = "", position: int = 0) -> Category:
    _require_city_admin(actor)
    name = clean_line(name, _("Category name"), 40)
    name_en = clean_line(name_en, _("English name"), 80, required=False)
    try:
        with transaction.atomic():
            category = Category.objects.create(name=name, name_en=name_en, position=position)
            record_event(
                actor=actor, verb="category.create", target=category, changes={"name": name}
            )
    except IntegrityError:
        raise ActionError(_("A category with this name already exists.")) from None
    return category


def update_category(
    *,
    actor: Any,
    category: Category,
    version: int,
    name: str,
    name_en: str = "",
    position: int = 0,
    is_active: bool = True,
) -> Category:
    """Rename, reorder or retire a category. A retired category stays on the problems
    that have it but cannot be chosen again."""
    _require_city_admin(actor)
    new: dict[str, Any] = {
        "name": clean_line(name, _("Category name"), 40),
        "name_en": clean_line(name_en, _("English name"), 80, required=False),
        "position": position,
        "is_active": is_active,
    }
    changes = {k: [getattr(category, k), v] for k, v in new.items() if getattr(category, k) != v}
    try:
        with transaction.atomic():
            updated = Category.objects.filter(pk=category.pk, version=version).update(
                **new, version=F("version") + 1, updated_at=timezone.now()
            )
            if updated != 1:
                raise StaleEdit(
                    _(
                        "This category was changed by someone else. "
                        "Reload it and apply your edit again."
                    )
                )
            if changes:
                record_event(actor=actor, verb="category.update", target=category, changes=changes)
    except IntegrityError:
        raise ActionError(_("A category with this name already exists.")) from None
    category.refresh_from_db()
    return category


def delete_category(*, actor: Any, category: Category) -> None:
    """Delete a category no problem has; one in use is retired instead."""
    _require_city_admin(actor)
    with transaction.atomic():
        if category.problems.exists():
            raise ActionError(
                _("This category is used by problems; retire it instead of deleting it.")
            )
        record_event(
            actor=actor, verb="category.delete", target=category, changes={"name": category.name}
        )
        Category.objects.filter(pk=category.pk).delete()
