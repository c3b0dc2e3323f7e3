"""Personal API tokens and notifications."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jianxian.core.actions.base import _clean_name, _require, record_event
from jianxian.core.errors import ActionError
from jianxian.core.models import (
    ApiToken,
    Notification,
)

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
