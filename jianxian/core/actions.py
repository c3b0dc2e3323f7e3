"""Every write to the organization, people, grants, tokens and notifications.

Each action is keyword-only with ``actor=``; it checks permission, validates, writes
in one transaction and appends an ``Event`` row. Views, the API, commands and the
admin all call these.
"""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from jianxian.core import permissions
from jianxian.core.errors import ActionError, PermissionDenied, StaleEdit
from jianxian.core.models import (
    ApiToken,
    Event,
    Membership,
    Notification,
    Person,
    PersonCategory,
    Role,
    RoleGrant,
    Unit,
    UnitKind,
    content_type_for,
)
from jianxian.core.text import person_name_fields, pinyin_key


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
    with transaction.atomic():
        if staff_no and Person.objects.filter(staff_no=staff_no).exists():
            raise ActionError(_("Staff number %(no)s is already used.") % {"no": staff_no})
        person = Person.objects.create(
            **person_name_fields(name),
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
    return person


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


# --- API tokens -------------------------------------------------------------


def create_api_token(*, actor: Any, name: str) -> tuple[ApiToken, str]:
    """Create a personal token; returns it and the secret, which is never stored."""
    _require(actor is not None and actor.is_authenticated)
    name = _clean_name(name, _("Token name"), 80)
    if ApiToken.objects.active().filter(user=actor).count() >= 20:
        raise ActionError(_("You already have 20 active tokens; revoke one first."))
    secret = "jx_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=actor, name=name, prefix=secret[:10], key_hash=ApiToken.hash_key(secret)
        )
        record_event(actor=actor, verb="token.create", target=token)
    return token, secret


def revoke_api_token(*, actor: Any, token: ApiToken) -> ApiToken:
    _require(actor is not None and token.user_id == actor.pk)
    with transaction.atomic():
        updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if updated != 1:
            raise ActionError(_("This token has already been revoked."))
        record_event(actor=actor, verb="token.revoke", target=token)
    token.refresh_from_db()
    return token


# --- Notifications ----------------------------------------------------------


def notify(
    *, recipient: Any, title: str, body: str = "", url: str = "", email: bool = False
) -> Notification:
    """Leave an in-app notification; with ``email`` also mail it, from a task."""
    from jianxian.core.tasks import send_notification_email

    with transaction.atomic():
        notification = Notification.objects.create(
            recipient=recipient,
            title=title[:200],
            body=body,
            url=url,
            send_email=email and bool(getattr(recipient, "email", "")),
        )
        if notification.send_email:
            transaction.on_commit(lambda: send_notification_email.enqueue(notification.pk))
    return notification


def mark_notification_read(*, actor: Any, notification: Notification) -> Notification:
    _require(actor is not None and notification.recipient_id == actor.pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def mark_all_notifications_read(*, actor: Any) -> int:
    _require(actor is not None and actor.is_authenticated)
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def send_notification_email(*, notification_id: int) -> bool:
    """Mail one notification, once. Called by the task."""
    from django.core.mail import send_mail

    with transaction.atomic():
        claimed = Notification.objects.filter(
            pk=notification_id, send_email=True, emailed_at__isnull=True
        ).update(emailed_at=timezone.now())
        if claimed != 1:
            return False
        notification = Notification.objects.select_related("recipient").get(pk=notification_id)
        body = notification.body
        if notification.url:
            body = f"{body}\n\n{notification.url}".strip()
        send_mail(notification.title, body, None, [notification.recipient.email])
    return True
