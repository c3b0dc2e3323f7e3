"""HTML pages of jianxian/core/urls.py: the organization browser, people, notifications,
API tokens."""

from tests.security.matrix import LOGIN, Redirect, Rule, everyone, roles
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
