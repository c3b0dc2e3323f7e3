"""HTML pages of jianxian/exemplars/urls.py: the list, detail, forms, workflow buttons,
photos and the review queue. The exemplars come from ``_exemplar_pages.py``."""

from __future__ import annotations

from typing import Any

from tests.security.matrix import LOGIN, Redirect, Rule, everyone, roles
from tests.security.rules import _exemplar_pages as x

SIGNED_IN = everyone(200, anonymous=LOGIN)
NOT_POST = everyone(405, anonymous=LOGIN)


def curators(allowed: Any, *, staff: Any = 404) -> dict[str, Any]:
    """A draft, one under review or an archived one: its unit's curators (organizer,
    the unit admins above) see it; a plain member of the unit does not."""
    return roles(
        anonymous=LOGIN,
        other_district=404,
        staff=staff,
        organizer=allowed,
        parent_admin=allowed,
        city_admin=allowed,
    )


def reviewers(allowed: Any, *, staff: Any = 404) -> dict[str, Any]:
    """Unit admins above (parent_admin, city_admin) may; the organizer sees it but may
    not (403); staff see it only once it is published."""
    return roles(
        anonymous=LOGIN,
        other_district=404,
        staff=staff,
        organizer=403,
        parent_admin=allowed,
        city_admin=allowed,
    )


# Published in the target unit, not public: its members and curators see it.
MEMBERS = roles(
    anonymous=LOGIN,
    other_district=404,
    staff=200,
    organizer=200,
    parent_admin=200,
    city_admin=200,
)
EDITORS_ONLY = roles(
    anonymous=LOGIN,
    other_district=403,
    staff=403,
    organizer=200,
    parent_admin=200,
    city_admin=200,
)


def to_detail(which: str) -> Redirect:
    return Redirect("exemplars:detail", kwargs=x.pk_of(which))


def draft_form_rules(route: str, data: Any, *, label: str = "") -> list[Rule]:
    """GET and POST of a form that builds the draft, back to its page when saved."""
    return [
        Rule(route, "GET", curators(200), kwargs=x.pk_of("draft"), label=label),
        Rule(
            route,
            "POST",
            curators(to_detail("draft")),
            kwargs=x.pk_of("draft"),
            data=data,
            label=label,
        ),
    ]


RULES = [
    Rule("exemplars:list", "GET", SIGNED_IN),
    Rule(
        "exemplars:list",
        "GET",
        SIGNED_IN,
        query=lambda ctx: {"q": "幹部", "kind": "person", "status": "draft", "page": "2"},
        label="search and filters",
    ),
    Rule("exemplars:review", "GET", SIGNED_IN),
    Rule("exemplars:create", "GET", EDITORS_ONLY),
    Rule(
        "exemplars:create",
        "POST",
        roles(
            anonymous=LOGIN,
            other_district=403,
            staff=403,
            organizer=Redirect("exemplars:detail", kwargs=x.created),
            parent_admin=Redirect("exemplars:detail", kwargs=x.created),
            city_admin=Redirect("exemplars:detail", kwargs=x.created),
        ),
        data=x.new_exemplar_form,
    ),
    Rule("exemplars:detail", "GET", curators(200), kwargs=x.pk_of("draft"), label="draft"),
    Rule("exemplars:detail", "GET", MEMBERS, kwargs=x.pk_of("published"), label="published"),
    Rule("exemplars:detail", "GET", SIGNED_IN, kwargs=x.pk_of("public"), label="public"),
    Rule("exemplars:detail", "GET", curators(200), kwargs=x.pk_of("archived"), label="archived"),
    *draft_form_rules("exemplars:edit", x.edit_form("draft"), label="draft"),
    Rule(
        "exemplars:edit",
        "GET",
        reviewers(200, staff=403),
        kwargs=x.pk_of("published"),
        label="published",
    ),
    Rule(
        "exemplars:edit",
        "POST",
        reviewers(to_detail("published"), staff=403),
        kwargs=x.pk_of("published"),
        data=x.edit_form("published"),
        label="published",
    ),
    Rule(
        "exemplars:edit",
        "GET",
        roles(
            anonymous=LOGIN,
            other_district=404,
            staff=404,
            organizer=403,
            parent_admin=403,
            city_admin=403,
        ),
        kwargs=x.pk_of("under_review"),
        label="frozen under review",
    ),
    *draft_form_rules("exemplars:qualities", x.qualities_form),
    *draft_form_rules("exemplars:rights", x.rights_form("draft")),
    *draft_form_rules("exemplars:deed_add", x.deed_form),
    *draft_form_rules("exemplars:honour_add", x.honour_form),
    *draft_form_rules("exemplars:source_add", x.source_form),
    *draft_form_rules("exemplars:photo_add", x.photo_form),
    Rule("exemplars:deed_edit", "GET", curators(200), kwargs=x.deed_of("draft")),
    Rule(
        "exemplars:deed_edit",
        "POST",
        curators(to_detail("draft")),
        kwargs=x.deed_of("draft"),
        data=x.deed_edit_form("draft"),
    ),
    Rule(
        "exemplars:deed_edit",
        "GET",
        reviewers(200, staff=403),
        kwargs=x.deed_of("published"),
        label="published",
    ),
    # Removing parts (a confirmation page, then POST) and deleting a draft.
    Rule("exemplars:remove", "GET", curators(200), kwargs=x.part_of("draft", "deeds")),
    Rule(
        "exemplars:remove",
        "POST",
        curators(to_detail("draft")),
        kwargs=x.part_of("draft", "deeds"),
        label="deed",
    ),
    Rule(
        "exemplars:remove",
        "POST",
        curators(to_detail("draft")),
        kwargs=x.part_of("draft", "photos"),
        label="photo",
    ),
    Rule(
        "exemplars:remove",
        "POST",
        reviewers(to_detail("published"), staff=403),
        kwargs=x.part_of("published", "deeds"),
        label="published",
    ),
    Rule("exemplars:delete", "GET", curators(200), kwargs=x.pk_of("draft")),
    Rule("exemplars:delete", "POST", curators(Redirect("exemplars:list")), kwargs=x.pk_of("draft")),
    Rule(
        "exemplars:delete",
        "POST",
        roles(
            anonymous=LOGIN,
            other_district=404,
            staff=403,
            organizer=403,
            parent_admin=403,
            city_admin=403,
        ),
        kwargs=x.pk_of("published"),
        label="published",
    ),
    # Workflow buttons: POST only.
    Rule("exemplars:move", "GET", NOT_POST, kwargs=x.move("draft", "submit")),
    Rule(
        "exemplars:move",
        "POST",
        curators(to_detail("draft")),
        kwargs=x.move("draft", "submit"),
        label="submit",
    ),
    Rule(
        "exemplars:move",
        "POST",
        reviewers(to_detail("under_review")),
        kwargs=x.move("under_review", "publish"),
        label="publish",
    ),
    Rule(
        "exemplars:move",
        "POST",
        reviewers(to_detail("under_review")),
        kwargs=x.move("under_review", "return"),
        data=x.note("请补充事迹材料"),
        label="return",
    ),
    Rule(
        "exemplars:move",
        "POST",
        reviewers(to_detail("published"), staff=403),
        kwargs=x.move("published", "archive"),
        label="archive",
    ),
    Rule(
        "exemplars:move",
        "POST",
        reviewers(to_detail("archived")),
        kwargs=x.move("archived", "reopen"),
        label="reopen",
    ),
    # Photos: a public exemplar's to anyone, others only to who sees the exemplar.
    Rule("exemplars:photo", "GET", everyone(200), kwargs=x.photo_of("public"), label="public"),
    Rule(
        "exemplars:photo",
        "GET",
        curators(200, staff=404) | {"anonymous": everyone(404)["anonymous"]},
        kwargs=x.photo_of("draft"),
        label="draft",
    ),
    Rule(
        "exemplars:photo_thumb",
        "GET",
        everyone(200),
        kwargs=x.photo_of("public"),
        label="public",
    ),
    Rule(
        "exemplars:photo_thumb",
        "GET",
        curators(200) | {"anonymous": everyone(404)["anonymous"]},
        kwargs=x.photo_of("draft"),
        label="draft",
    ),
]
