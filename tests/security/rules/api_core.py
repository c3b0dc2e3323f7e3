"""The API at /api/v1/: its documents and the core router (jianxian/core/api.py).

Anonymous callers get 401 everywhere but the documents; records out of scope are
404; a visible record the role may not change is 403.
"""

from tests.security.matrix import Rule, everyone, roles
from tests.security.rules._builders import (
    other_district_person,
    other_district_unit,
    own_notification,
    own_token,
    renamed,
    staff_notification,
    staff_token,
    target_person,
    target_unit,
    unit_form,
)

API = "/api/v1"
SIGNED_IN = everyone(200, anonymous=401)
TARGET_SCOPE = roles(
    anonymous=401, other_district=404, staff=200, organizer=200, parent_admin=200, city_admin=200
)
OTHER_SCOPE = roles(
    anonymous=401, other_district=200, staff=404, organizer=404, parent_admin=404, city_admin=200
)


def only_staff(allowed):
    return roles(
        anonymous=401,
        other_district=404,
        staff=allowed,
        organizer=404,
        parent_admin=404,
        city_admin=404,
        superuser=404,
    )


unit_id = renamed(target_unit, pk="unit_id")
other_unit_id = renamed(other_district_unit, pk="unit_id")

RULES = [
    # The OpenAPI document and its docs page are public: they describe, hold no data.
    Rule("api:openapi-json", "GET", everyone(200)),
    Rule("api:openapi-view", "GET", everyone(200)),
    Rule("api:api-root", "GET", everyone(404)),  # ninja's root only names the docs URL
    Rule(f"{API}/me", "GET", SIGNED_IN),
    Rule(f"{API}/units", "GET", SIGNED_IN),
    Rule(f"{API}/units/<int:unit_id>", "GET", TARGET_SCOPE, kwargs=unit_id, label="target"),
    Rule(f"{API}/units/<int:unit_id>", "GET", OTHER_SCOPE, kwargs=other_unit_id, label="other"),
    Rule(
        f"{API}/units/<int:unit_id>",
        "PATCH",
        roles(
            anonymous=401,
            other_district=404,
            staff=403,
            organizer=403,
            parent_admin=200,
            city_admin=200,
        ),
        kwargs=unit_id,
        data=unit_form,
    ),
    Rule(
        f"{API}/units/<int:unit_id>/people",
        "GET",
        TARGET_SCOPE,
        kwargs=unit_id,
        query=lambda ctx: {"subtree": "true"},
    ),
    Rule(f"{API}/people", "GET", SIGNED_IN, query=lambda ctx: {"q": "lzf"}),
    Rule(
        f"{API}/people/<int:person_id>",
        "GET",
        TARGET_SCOPE,
        kwargs=renamed(target_person, pk="person_id"),
        label="target",
    ),
    Rule(
        f"{API}/people/<int:person_id>",
        "GET",
        OTHER_SCOPE,
        kwargs=renamed(other_district_person, pk="person_id"),
        label="other",
    ),
    Rule(f"{API}/notifications", "GET", SIGNED_IN),
    Rule(
        f"{API}/notifications/<int:notification_id>/read",
        "POST",
        SIGNED_IN,
        kwargs=renamed(own_notification, pk="notification_id"),
        label="own",
    ),
    Rule(
        f"{API}/notifications/<int:notification_id>/read",
        "POST",
        only_staff(200),
        kwargs=renamed(staff_notification, pk="notification_id"),
        label="someone else's",
    ),
    Rule(f"{API}/tokens", "GET", SIGNED_IN),
    Rule(
        f"{API}/tokens", "POST", everyone(201, anonymous=401), data=lambda ctx: {"name": "matrix"}
    ),
    Rule(
        f"{API}/tokens/<int:token_id>",
        "DELETE",
        SIGNED_IN,
        kwargs=renamed(own_token, pk="token_id"),
        label="own",
    ),
    Rule(
        f"{API}/tokens/<int:token_id>",
        "DELETE",
        only_staff(200),
        kwargs=renamed(staff_token, pk="token_id"),
        label="someone else's",
    ),
]
