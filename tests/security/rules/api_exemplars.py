"""The exemplar API at /api/v1/exemplars (jianxian/exemplars/api/).

The exemplars belong to the target unit (``_exemplars_api_world.py``). A draft is seen
by its curators only (organizer, the admins above); a published exemplar by the unit's
staff too; a public one by everybody signed in. Drafts are edited by editors
(organizer and unit admins), published exemplars by reviewers (unit admins here).
Anonymous callers get 401 everywhere.
"""

from typing import Any

from tests.security.matrix import Ctx, Rule, everyone, roles
from tests.security.rules._exemplars_api_world import (
    deed_id,
    deed_version,
    exemplar_id,
    honour_id,
    photo_id,
    photo_version,
    source_id,
    version_of,
)

EX = "/api/v1/exemplars"
ONE = f"{EX}/<int:exemplar_id>"
SIGNED_IN = everyone(200, anonymous=401)


def draft_scope(allowed):
    """The draft: the other district and plain staff do not see it."""
    return roles(
        anonymous=401,
        other_district=404,
        staff=404,
        organizer=allowed,
        parent_admin=allowed,
        city_admin=allowed,
    )


PUBLISHED_READ = roles(
    anonymous=401, other_district=404, staff=200, organizer=200, parent_admin=200, city_admin=200
)


def reviewers_only(allowed, *, staff=403):
    """A published exemplar: seen by the unit, changed by its reviewers (unit admins)."""
    return roles(
        anonymous=401,
        other_district=404,
        staff=staff,
        organizer=403,
        parent_admin=allowed,
        city_admin=allowed,
    )


def new_exemplar(ctx: Ctx) -> dict[str, Any]:
    return {
        "owner_unit_id": ctx.world.unit.pk,
        "kind": "person",
        "external_name": "矩阵典型",
        "field": "governance",
        "level": "unit",
        "summary": "扎根基层。",
        "qualities": ["responsibility"],
    }


def rights(ctx: Ctx) -> dict[str, Any]:
    return {
        **version_of("draft")(ctx),
        "public_use": True,
        "school_use": True,
        "is_public": True,
        "consent_note": "本人签字同意书已存档",
    }


DEED = {"title": "抗洪一线", "date": "2020-07-01", "body": "<p>连续奋战<script>x()</script></p>"}
HONOUR = {"title": "全国劳动模范", "conferred_by": "国务院", "level": "nation", "year": 2019}
SOURCE = {"title": "新华社报道", "url": "https://example.org/a"}

RULES = [
    # The library and the vocabulary.
    Rule(EX, "GET", SIGNED_IN, query=lambda ctx: {"q": "幹部", "kind": "person"}),
    Rule(
        EX,
        "POST",
        roles(
            anonymous=401,
            other_district=404,  # the owning unit is out of their scope
            staff=403,
            organizer=201,
            parent_admin=201,
            city_admin=201,
        ),
        data=new_exemplar,
    ),
    Rule(f"{EX}/qualities", "GET", SIGNED_IN),
    # One exemplar.
    Rule(ONE, "GET", draft_scope(200), kwargs=exemplar_id("draft"), label="draft"),
    Rule(ONE, "GET", PUBLISHED_READ, kwargs=exemplar_id("published"), label="published"),
    Rule(ONE, "GET", SIGNED_IN, kwargs=exemplar_id("public"), label="public"),
    Rule(
        ONE,
        "PATCH",
        draft_scope(200),
        kwargs=exemplar_id("draft"),
        data=version_of("draft", summary="改写的简介。"),
        label="draft",
    ),
    Rule(
        ONE,
        "PATCH",
        reviewers_only(200),
        kwargs=exemplar_id("published"),
        data=version_of("published", summary="改写的简介。"),
        label="published",
    ),
    Rule(ONE, "DELETE", draft_scope(204), kwargs=exemplar_id("draft")),
    Rule(
        f"{ONE}/transitions",
        "POST",
        draft_scope(200),
        kwargs=exemplar_id("draft"),
        data=lambda ctx: {"to": "under_review"},
        label="submit",
    ),
    Rule(
        f"{ONE}/transitions",
        "POST",
        reviewers_only(200, staff=404),
        kwargs=exemplar_id("under_review"),
        data=lambda ctx: {"to": "published"},
        label="publish",
    ),
    Rule(
        f"{ONE}/transitions",
        "POST",
        reviewers_only(200),
        kwargs=exemplar_id("published"),
        data=lambda ctx: {"to": "archived", "note": "年度调整"},
        label="archive",
    ),
    Rule(
        f"{ONE}/qualities",
        "PUT",
        draft_scope(200),
        kwargs=exemplar_id("draft"),
        data=lambda ctx: {"qualities": ["responsibility", "pragmatism"]},
    ),
    Rule(f"{ONE}/rights", "PUT", draft_scope(200), kwargs=exemplar_id("draft"), data=rights),
    # Deeds.
    Rule(f"{ONE}/deeds", "GET", draft_scope(200), kwargs=exemplar_id("draft"), label="draft"),
    Rule(f"{ONE}/deeds", "GET", PUBLISHED_READ, kwargs=exemplar_id("published"), label="published"),
    Rule(
        f"{ONE}/deeds",
        "POST",
        draft_scope(201),
        kwargs=exemplar_id("draft"),
        data=lambda ctx: DEED,
        label="draft",
    ),
    Rule(
        f"{ONE}/deeds",
        "POST",
        reviewers_only(201),
        kwargs=exemplar_id("published"),
        data=lambda ctx: DEED,
        label="published",
    ),
    Rule(f"{EX}/deeds/<int:deed_id>", "GET", draft_scope(200), kwargs=deed_id("draft")),
    Rule(
        f"{EX}/deeds/<int:deed_id>",
        "PATCH",
        draft_scope(200),
        kwargs=deed_id("draft"),
        data=deed_version("draft", title="改写的标题"),
    ),
    Rule(f"{EX}/deeds/<int:deed_id>", "DELETE", draft_scope(204), kwargs=deed_id("draft")),
    # Honours and sources.
    Rule(f"{ONE}/honours", "GET", SIGNED_IN, kwargs=exemplar_id("public")),
    Rule(
        f"{ONE}/honours",
        "POST",
        draft_scope(201),
        kwargs=exemplar_id("draft"),
        data=lambda ctx: HONOUR,
    ),
    Rule(f"{EX}/honours/<int:honour_id>", "DELETE", draft_scope(204), kwargs=honour_id("draft")),
    Rule(f"{ONE}/sources", "GET", PUBLISHED_READ, kwargs=exemplar_id("published")),
    Rule(
        f"{ONE}/sources",
        "POST",
        draft_scope(201),
        kwargs=exemplar_id("draft"),
        data=lambda ctx: SOURCE,
    ),
    Rule(f"{EX}/sources/<int:source_id>", "DELETE", draft_scope(204), kwargs=source_id("draft")),
    # Photos. The matrix sends no file: whoever passes the access check is told to
    # choose one (400); uploads themselves are tested in jianxian/exemplars/tests.
    Rule(f"{ONE}/photos", "GET", draft_scope(200), kwargs=exemplar_id("draft")),
    Rule(f"{ONE}/photos", "POST", draft_scope(400), kwargs=exemplar_id("draft")),
    Rule(
        f"{EX}/photos/<int:photo_id>",
        "PATCH",
        draft_scope(200),
        kwargs=photo_id("draft"),
        data=photo_version("draft", caption="在抗洪一线"),
    ),
    Rule(f"{EX}/photos/<int:photo_id>", "DELETE", draft_scope(204), kwargs=photo_id("draft")),
]
