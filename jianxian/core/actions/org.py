"""Units, people, posts and role grants."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from jianxian.core import permissions
from jianxian.core.actions.base import _clean_name, _require, record_event
from jianxian.core.errors import ActionError, StaleEdit
from jianxian.core.models import (
    Membership,
    Person,
    PersonCategory,
    Role,
    RoleGrant,
    Unit,
    UnitKind,
)
from jianxian.core.text import person_name_fields, pinyin_key

# --- Units ------------------------------------------------------------------


def create_unit(
    *,
    actor: Any,
    name: str,
    kind: str,
    parent: Unit | None,
    code: str | None = None,
    sort_order: int = 0,
) -> Unit:
    if parent is None:
        _require(actor is None or permissions.is_city_admin(actor))
    else:
        _require(actor is None or permissions.can_manage_unit(actor, parent))
    name = _clean_name(name, _("Unit name"), 100)
    if kind not in UnitKind.values:
        raise ActionError(_("Unknown unit kind: %(kind)s") % {"kind": kind})
    code = (code or "").strip() or None
    with transaction.atomic():
        if code and Unit.objects.filter(code=code).exists():
            raise ActionError(_("Unit code %(code)s is already used.") % {"code": code})
        unit = Unit.objects.create(
            name=name,
            kind=kind,
            parent=parent,
            code=code,
            sort_order=sort_order,
            depth=parent.depth + 1 if parent else 0,
            name_pinyin=pinyin_key(name),
            path=f"new-{secrets.token_hex(8)}/",
        )
        unit.path = f"{parent.path if parent else ''}{unit.pk}/"
        Unit.objects.filter(pk=unit.pk).update(path=unit.path)
        record_event(actor=actor, verb="unit.create", target=unit, changes={"name": name})
    return unit


def update_unit(
    *, actor: Any, unit: Unit, version: int, name: str, kind: str, code: str | None = None
) -> Unit:
    _require(actor is None or permissions.can_manage_unit(actor, unit))
    name = _clean_name(name, _("Unit name"), 100)
    if kind not in UnitKind.values:
        raise ActionError(_("Unknown unit kind: %(kind)s") % {"kind": kind})
    code = (code or "").strip() or None
    changes = {
        field: [getattr(unit, field), new]
        for field, new in (("name", name), ("kind", kind), ("code", code))
        if getattr(unit, field) != new
    }
    with transaction.atomic():
        if code and Unit.objects.filter(code=code).exclude(pk=unit.pk).exists():
            raise ActionError(_("Unit code %(code)s is already used.") % {"code": code})
        updated = Unit.objects.filter(pk=unit.pk, version=version).update(
            name=name,
            kind=kind,
            code=code,
            name_pinyin=pinyin_key(name),
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
        if updated != 1:
            raise StaleEdit(
                _("This unit was changed by someone else. Reload it and apply your edit again.")
            )
        if changes:
            record_event(actor=actor, verb="unit.update", target=unit, changes=changes)
    unit.refresh_from_db()
    return unit


# --- People -----------------------------------------------------------------


def _clean_categories(categories: list[str] | None) -> list[str]:
    categories = list(dict.fromkeys(categories or []))
    unknown = [c for c in categories if c not in PersonCategory.values]
    if unknown:
        raise ActionError(_("Unknown category: %(c)s") % {"c": ", ".join(unknown)})
    return categories


def create_person(
    *,
    actor: Any,
    name: str,
    unit: Unit,
    post: str = "",
    gender: str = "",
    categories: list[str] | None = None,
    staff_no: str | None = None,
    phone: str = "",
    email: str = "",
    user: Any = None,
) -> Person:
    """Register a person with a current post in ``unit``."""
    _require(actor is None or permissions.can_manage_unit(actor, unit))
    name = _clean_name(name, _("Name"), 50)
    staff_no = (staff_no or "").strip() or None
    taken = ActionError(_("Staff number %(no)s is already used.") % {"no": staff_no})
    try:
        with transaction.atomic():
            if staff_no and Person.objects.filter(staff_no=staff_no).exists():
                raise taken
            person = _insert_person(
                name,
                gender=gender,
                categories=_clean_categories(categories),
                staff_no=staff_no,
                phone=phone.strip(),
                email=email.strip(),
                user=user,
            )
            Membership.objects.create(person=person, unit=unit, post=post.strip(), is_primary=True)
            record_event(
                actor=actor,
                verb="person.create",
                target=person,
                changes={"unit": unit.pk, "post": post},
            )
    except IntegrityError as exc:
        # Two saves of the same staff number at once: the unique constraint decides.
        if staff_no and Person.objects.filter(staff_no=staff_no).exists():
            raise taken from exc
        raise
    return person


def _insert_person(name: str, **fields: Any) -> Person:
    return Person.objects.create(**person_name_fields(name), **fields)


def update_person(
    *,
    actor: Any,
    person: Person,
    version: int,
    name: str,
    gender: str = "",
    categories: list[str] | None = None,
    phone: str = "",
    email: str = "",
) -> Person:
    _require(actor is None or permissions.can_manage_person(actor, person))
    name = _clean_name(name, _("Name"), 50)
    categories = _clean_categories(categories)
    new = {"name": name, "gender": gender, "categories": categories, "phone": phone, "email": email}
    changes = {k: [getattr(person, k), v] for k, v in new.items() if getattr(person, k) != v}
    with transaction.atomic():
        updated = Person.objects.filter(pk=person.pk, version=version).update(
            **person_name_fields(name),
            gender=gender,
            categories=categories,
            phone=phone.strip(),
            email=email.strip(),
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
        if updated != 1:
            raise StaleEdit(
                _("This person was changed by someone else. Reload and apply your edit again.")
            )
        if changes:
            record_event(actor=actor, verb="person.update", target=person, changes=changes)
    person.refresh_from_db()
    return person


def assign_post(
    *, actor: Any, person: Person, unit: Unit, post: str, is_primary: bool = False
) -> Membership:
    _require(actor is None or permissions.can_manage_unit(actor, unit))
    post = post.strip()
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                person=person, unit=unit, post=post, is_primary=is_primary
            )
            record_event(
                actor=actor,
                verb="person.assign_post",
                target=person,
                changes={"unit": unit.pk, "post": post},
            )
    except IntegrityError as exc:
        raise ActionError(_("This person already holds that post in that unit.")) from exc
    return membership


def end_post(*, actor: Any, membership: Membership, end_date: date | None = None) -> Membership:
    _require(actor is None or permissions.can_manage_unit(actor, membership.unit))
    end_date = end_date or timezone.localdate()
    if end_date < membership.start_date:
        raise ActionError(_("A post cannot end before it started."))
    with transaction.atomic():
        updated = Membership.objects.filter(pk=membership.pk, end_date__isnull=True).update(
            end_date=end_date
        )
        if updated != 1:
            raise ActionError(_("This post has already ended."))
        record_event(
            actor=actor,
            verb="person.end_post",
            target=membership.person,
            changes={"unit": membership.unit_id, "post": membership.post},
        )
    membership.end_date = end_date
    return membership


# --- Role grants ------------------------------------------------------------


def grant_role(
    *, actor: Any, user: Any, role: str, unit: Unit, covers_subtree: bool = True
) -> RoleGrant:
    _require(actor is None or permissions.can_grant_role(actor, unit))
    if role not in Role.values:
        raise ActionError(_("Unknown role: %(role)s") % {"role": role})
    with transaction.atomic():
        grant, created = RoleGrant.objects.get_or_create(
            user=user,
            role=role,
            unit=unit,
            defaults={"covers_subtree": covers_subtree, "granted_by": actor},
        )
        if created:
            record_event(
                actor=actor,
                verb="role.grant",
                target=unit,
                changes={"user": user.pk, "role": role, "subtree": covers_subtree},
            )
    permissions.forget_scopes(user)
    return grant


def revoke_role(*, actor: Any, grant: RoleGrant) -> None:
    _require(actor is None or permissions.can_grant_role(actor, grant.unit))
    with transaction.atomic():
        record_event(
            actor=actor,
            verb="role.revoke",
            target=grant.unit,
            changes={"user": grant.user_id, "role": grant.role},
        )
        grant.delete()
    permissions.forget_scopes(grant.user)
