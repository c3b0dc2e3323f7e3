"""The core part of the demo: units, people, logins, grants and notifications.

Everything is written through ``core.actions`` (so every unit, person and grant has
its Event row), except the login accounts themselves, which are plain Django users.
Existing rows are found by their stable keys and left alone, so a second run
creates nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.urls import reverse

from jianxian.core import actions
from jianxian.core.demo.context import DemoContext
from jianxian.core.demo.logins import DEMO_LOGINS, DEMO_PASSWORD, DEMO_USERNAMES, NOTIFICATIONS
from jianxian.core.demo.people import LOGIN_PEOPLE, roster
from jianxian.core.demo.units import UNITS
from jianxian.core.models import Notification, Person, RoleGrant, Unit


def load_demo(ctx: DemoContext) -> None:
    """Load (or complete) the core demo: the Qingzhou organization and its people."""
    _load_units(ctx)
    users = _load_users(ctx)
    _load_people(ctx, users)
    _load_grants(ctx, users)
    _load_notifications(ctx, users)


def _load_units(ctx: DemoContext) -> None:
    existing = Unit.objects.in_bulk([spec.code for spec in UNITS], field_name="code")
    for order, spec in enumerate(UNITS):
        unit = existing.get(spec.code)
        if unit is None:
            unit = actions.create_unit(
                actor=None,
                name=spec.name,
                kind=spec.kind,
                parent=ctx.unit(spec.parent) if spec.parent else None,
                code=spec.code,
                sort_order=order,
            )
        ctx.remember(unit)
        ctx.count("units", created=spec.code not in existing)


def _load_users(ctx: DemoContext) -> dict[str, Any]:
    """The demo logins. The password is hashed once and shared: hashing is slow on
    purpose, and these accounts share one published password anyway."""
    user_model = get_user_model()
    users = user_model.objects.in_bulk(list(DEMO_USERNAMES), field_name="username")
    password_hash = ""
    for username in DEMO_USERNAMES:
        created = username not in users
        if created:
            password_hash = password_hash or make_password(DEMO_PASSWORD)
            users[username] = user_model.objects.create(
                username=username, email=f"{username}@example.org", password=password_hash
            )
        ctx.count("logins", created=created)
    return users


def _load_people(ctx: DemoContext, users: dict[str, Any]) -> None:
    people = roster()
    existing = set(
        Person.objects.filter(staff_no__in=[p.staff_no for p in people]).values_list(
            "staff_no", flat=True
        )
    )
    linked = set(
        Person.objects.filter(user__in=list(users.values())).values_list("user_id", flat=True)
    )
    login_of = {spec.staff_no: users[username] for username, spec in LOGIN_PEOPLE.items()}
    for spec in people:
        if spec.staff_no in existing:
            ctx.count("people", created=False)
            continue
        user = login_of.get(spec.staff_no)
        person = actions.create_person(
            actor=None,
            name=spec.name,
            unit=ctx.unit(spec.unit),
            post=spec.post,
            gender=spec.gender,
            categories=list(spec.categories),
            staff_no=spec.staff_no,
            email=spec.email,
            user=user if user is not None and user.pk not in linked else None,
        )
        for unit_code, post in spec.extra_posts:
            actions.assign_post(actor=None, person=person, unit=ctx.unit(unit_code), post=post)
        ctx.count("people", created=True)

    # A login whose account was deleted and re-created has lost its person; say so
    # rather than guess (an administrator links it in the admin).
    unlinked = [u for u in DEMO_USERNAMES if not Person.objects.filter(user=users[u]).exists()]
    for username in unlinked:
        ctx.write(
            f"Warning: demo login {username} has no person; link it to staff number "
            f"{LOGIN_PEOPLE[username].staff_no} in the admin."
        )


def _load_grants(ctx: DemoContext, users: dict[str, Any]) -> None:
    existing = set(
        RoleGrant.objects.filter(user__in=list(users.values())).values_list(
            "user__username", "role", "unit__code"
        )
    )
    for login in DEMO_LOGINS:
        if login.role is None:
            continue
        created = (login.username, login.role, login.unit) not in existing
        if created:
            actions.grant_role(
                actor=None,
                user=users[login.username],
                role=login.role,
                unit=ctx.unit(login.unit),
                covers_subtree=login.covers_subtree,
            )
        ctx.count("role grants", created=created)


def _load_notifications(ctx: DemoContext, users: dict[str, Any]) -> None:
    existing = set(
        Notification.objects.filter(recipient__in=list(users.values())).values_list(
            "recipient__username", "title"
        )
    )
    for note in NOTIFICATIONS:
        created = (note.username, note.title) not in existing
        if created:
            actions.notify(
                recipient=users[note.username],
                title=note.title,
                body=note.body,
                url=reverse("core:unit_detail", args=[ctx.unit(note.unit).pk]),
            )
        ctx.count("notifications", created=created)
