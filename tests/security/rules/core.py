"""HTML pages of jianxian/core/urls.py: the organization browser, people, notifications,
API tokens."""

from typing import Any

from jianxian.core.models import Person
from tests.security.matrix import LOGIN, Ctx, Redirect, Rule, everyone, roles
from tests.security.rules._builders import (
    other_district_person,
    other_district_unit,
    own_notification,
    own_token,
    staff_notification,
    staff_token,
    sub_unit,
    target_person,
    target_unit,
    unit_form,
)

SIGNED_IN = everyone(200, anonymous=LOGIN)

# A record of the target unit: out of the other district's scope (404).
TARGET_SCOPE = roles(
    anonymous=LOGIN,
    other_district=404,
    staff=200,
    organizer=200,
    parent_admin=200,
    city_admin=200,
)
# A record of the other district: only its own staff and the city see it.
OTHER_SCOPE = roles(
    anonymous=LOGIN,
    other_district=200,
    staff=404,
    organizer=404,
    parent_admin=404,
    city_admin=200,
)


def only_staff(allowed, *, anonymous=LOGIN):
    """The staff user's own record: everyone else gets 404."""
    return roles(
        anonymous=anonymous,
        other_district=404,
        staff=allowed,
        organizer=404,
        parent_admin=404,
        city_admin=404,
        superuser=404,
    )


def unit_admins(allowed):
    """Changing the target unit: its admins above may; viewers get 403."""
    return roles(
        anonymous=LOGIN,
        other_district=404,
        staff=403,
        organizer=403,
        parent_admin=allowed,
        city_admin=allowed,
    )


def other_unit_admin_only(allowed):
    """Changing a record of the other district: its own staff see it but may not (403);
    the target unit's people do not see it (404); only the city may."""
    return roles(
        anonymous=LOGIN,
        other_district=403,
        staff=404,
        organizer=404,
        parent_admin=404,
        city_admin=allowed,
    )


MATRIX_STAFF_NO = "MATRIX-NEW-001"


def new_person_form(ctx: Ctx) -> dict[str, Any]:
    return {
        "name": "石矩阵",
        "staff_no": MATRIX_STAFF_NO,
        "post": "科员",
        "gender": "f",
        "categories": ["cadre", "volunteer"],
        "phone": "0536-1234567",
        "email": "",
    }


def new_person(ctx: Ctx) -> dict[str, Any]:
    """The person the form above created (looked up after the request)."""
    return {"pk": Person.objects.get(staff_no=MATRIX_STAFF_NO).pk}


def person_form(ctx: Ctx) -> dict[str, Any]:
    """A valid edit of the target person (a new phone; the version is current)."""
    person = ctx.world.person
    return {
        "name": person.name,
        "gender": person.gender,
        "categories": person.categories,
        "phone": "13800000000",
        "email": person.email,
        "version": person.version,
    }


def other_person_form(ctx: Ctx) -> dict[str, Any]:
    person = ctx.world.other_person
    return {"name": person.name, "phone": "13900000000", "version": person.version}


def post_in_sub_unit(ctx: Ctx) -> dict[str, Any]:
    return {"unit": ctx.world.subunit.pk, "post": "兼职监督员"}


def target_post(ctx: Ctx) -> dict[str, Any]:
    """The target person and their post in the target unit (their only one)."""
    person = ctx.world.person
    return {"pk": person.pk, "post_pk": person.memberships.get().pk}


def end_today(ctx: Ctx) -> dict[str, Any]:
    from django.utils import timezone

    return {"end_date": timezone.localdate().isoformat()}


RULES = [
    Rule("core:unit_tree", "GET", SIGNED_IN),
    Rule("core:unit_detail", "GET", TARGET_SCOPE, kwargs=target_unit, label="target"),
    Rule("core:unit_detail", "GET", TARGET_SCOPE, kwargs=sub_unit, label="sub-unit"),
    Rule("core:unit_detail", "GET", OTHER_SCOPE, kwargs=other_district_unit, label="other"),
    Rule(
        "core:unit_detail",
        "GET",
        TARGET_SCOPE,
        kwargs=target_unit,
        query=lambda ctx: {"all": "1", "q": "lzf", "page": "2"},
        label="search in subtree",
    ),
    Rule("core:unit_children", "GET", TARGET_SCOPE, kwargs=target_unit, label="target"),
    Rule("core:unit_children", "GET", OTHER_SCOPE, kwargs=other_district_unit, label="other"),
    Rule("core:unit_edit", "GET", unit_admins(200), kwargs=target_unit),
    Rule(
        "core:unit_edit",
        "POST",
        unit_admins(Redirect("core:unit_detail", kwargs=target_unit)),
        kwargs=target_unit,
        data=unit_form,
    ),
    Rule("core:people_search", "GET", SIGNED_IN, query=lambda ctx: {"q": "lzf"}),
    Rule("core:person_detail", "GET", TARGET_SCOPE, kwargs=target_person, label="target"),
    Rule("core:person_detail", "GET", OTHER_SCOPE, kwargs=other_district_person, label="other"),
    Rule("core:person_create", "GET", unit_admins(200), kwargs=target_unit),
    Rule(
        "core:person_create",
        "POST",
        unit_admins(Redirect("core:person_detail", kwargs=new_person)),
        kwargs=target_unit,
        data=new_person_form,
    ),
    Rule("core:person_edit", "GET", unit_admins(200), kwargs=target_person, label="target"),
    Rule(
        "core:person_edit",
        "GET",
        other_unit_admin_only(200),
        kwargs=other_district_person,
        label="other",
    ),
    Rule(
        "core:person_edit",
        "POST",
        unit_admins(Redirect("core:person_detail", kwargs=target_person)),
        kwargs=target_person,
        data=person_form,
        label="target",
    ),
    Rule(
        "core:person_edit",
        "POST",
        other_unit_admin_only(Redirect("core:person_detail", kwargs=other_district_person)),
        kwargs=other_district_person,
        data=other_person_form,
        label="other",
    ),
    Rule("core:person_post_add", "GET", unit_admins(200), kwargs=target_person),
    Rule(
        "core:person_post_add",
        "POST",
        unit_admins(Redirect("core:person_detail", kwargs=target_person)),
        kwargs=target_person,
        data=post_in_sub_unit,
    ),
    Rule("core:person_post_end", "GET", unit_admins(200), kwargs=target_post),
    Rule(
        "core:person_post_end",
        "POST",
        # Their only post ends: the district admin no longer sees the person and is sent
        # to the unit; the city admin sees everyone and stays on the person page.
        roles(
            anonymous=LOGIN,
            other_district=404,
            staff=403,
            organizer=403,
            parent_admin=Redirect("core:unit_detail", kwargs=target_unit),
            city_admin=Redirect("core:person_detail", kwargs=target_person),
        ),
        kwargs=target_post,
        data=end_today,
    ),
    Rule("core:notifications", "GET", SIGNED_IN),
    Rule("core:notification_read", "GET", everyone(405, anonymous=LOGIN), kwargs=own_notification),
    Rule(
        "core:notification_read",
        "POST",
        everyone(Redirect("home"), anonymous=LOGIN),
        kwargs=own_notification,
        label="own",
    ),
    Rule(
        "core:notification_read",
        "POST",
        only_staff(Redirect("home")),
        kwargs=staff_notification,
        label="someone else's",
    ),
    Rule("core:notifications_read_all", "GET", everyone(405, anonymous=LOGIN)),
    Rule(
        "core:notifications_read_all",
        "POST",
        everyone(Redirect("core:notifications"), anonymous=LOGIN),
    ),
    Rule("core:tokens", "GET", SIGNED_IN),
    Rule("core:tokens", "POST", SIGNED_IN, data=lambda ctx: {"name": "matrix"}),
    Rule("core:token_revoke", "GET", everyone(405, anonymous=LOGIN), kwargs=own_token),
    Rule(
        "core:token_revoke",
        "POST",
        everyone(Redirect("core:tokens"), anonymous=LOGIN),
        kwargs=own_token,
        label="own",
    ),
    Rule(
        "core:token_revoke",
        "POST",
        only_staff(Redirect("core:tokens")),
        kwargs=staff_token,
        label="someone else's",
    ),
]
