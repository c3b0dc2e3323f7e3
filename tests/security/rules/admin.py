"""The Django admin: only staff users get past its sign-in; everyone else is sent there.

One wildcard covers every admin URL, so admin pages that later apps register are
covered without new rules; the admin's own sign-in and sign-out have exact rules.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from tests.security.matrix import (
    ADMIN_LOGIN,
    PAST_ADMIN_GATE,
    Ctx,
    Redirect,
    Rule,
    everyone,
    roles,
)

MISSING_PK = 987654321


def _admin_kwargs(ctx: Ctx) -> dict[str, Any]:
    """Parameters for any admin URL: a real object of the model the URL is about."""
    kwargs: dict[str, Any] = {}
    parts = ctx.endpoint.pattern.split("/")
    if "<path:object_id>" in parts:
        if parts[1] == "r":  # view_on_site: /admin/r/<content_type_id>/<object_id>/
            kwargs["content_type_id"] = ContentType.objects.get_for_model(ctx.world.unit).pk
            kwargs["object_id"] = ctx.world.unit.pk
        else:
            model = apps.get_model(parts[1], parts[2])
            first = model._default_manager.order_by("pk").first()
            kwargs["object_id"] = first.pk if first else MISSING_PK
    if "<id>" in parts:  # auth/user/<id>/password/
        kwargs["id"] = ctx.world.users["staff"].pk
    if "(?P<app_label>" in ctx.endpoint.pattern:
        kwargs["app_label"] = "core"
    if "(?P<url>" in ctx.endpoint.pattern:
        kwargs["url"] = "no-such-page/"
    return kwargs


NOT_STAFF = {
    "anonymous": ADMIN_LOGIN,
    "other_district": ADMIN_LOGIN,
    "staff": ADMIN_LOGIN,
    "organizer": ADMIN_LOGIN,
    "parent_admin": ADMIN_LOGIN,
    "city_admin": ADMIN_LOGIN,  # a city admin works in the app, not in the Django admin
}

RULES = [
    Rule("/admin/*", "GET", roles(**NOT_STAFF, superuser=PAST_ADMIN_GATE), kwargs=_admin_kwargs),
    # The sign-in page shows to anyone; a signed-in non-staff user is told they
    # lack access, a staff user goes on to the index.
    Rule("admin:login", "GET", everyone(200, superuser=Redirect("admin:index"))),
    Rule("admin:logout", "GET", everyone(Redirect("admin:index"), superuser=405)),
    # Signing out of the admin signs out of the site: it ends where the site's does.
    Rule("admin:logout", "POST", everyone(Redirect("admin:index"), superuser=Redirect("login"))),
]
