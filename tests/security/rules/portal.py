"""The public portal (jianxian/portal/urls.py): no sign-in. A published exemplar marked
public is there for everyone, anonymous included; in any other state it is a 404 for
everyone, even for the city administrator who sees it in the registry (the portal shows
the public record only). The exemplars are made inside each case through
``exemplars.actions`` (``jianxian/portal/tests/builders.py``), so the savepoint undoes
them."""

from __future__ import annotations

from typing import Any

from jianxian.exemplars.models import Photo
from jianxian.portal.tests.builders import HIDDEN_STATES, PUBLIC, make_exemplar
from tests.security.matrix import Ctx, Redirect, Rule, everyone


def exemplar_in(state: str) -> Any:
    def build(ctx: Ctx) -> dict[str, Any]:
        exemplar = make_exemplar(ctx.world.unit, f"门户典型{state}", state=state, sources=False)
        return {"pk": exemplar.pk}

    return build


def photo_of(state: str, size: str = "thumb") -> Any:
    def build(ctx: Ctx) -> dict[str, Any]:
        exemplar = make_exemplar(
            ctx.world.unit, f"门户照片{state}", state=state, photo=True, sources=False
        )
        photo = Photo.objects.filter(exemplar=exemplar, deed__isnull=True).get()
        return {"pk": photo.pk, "size": size}

    return build


RULES = [
    Rule("portal:index", "GET", everyone(200)),
    Rule("portal:index", "GET", everyone(200), query=lambda ctx: {"q": "幹部"}, label="search"),
    Rule("portal:index", "POST", everyone(405), label="read only"),
    Rule("portal:exemplar_detail", "GET", everyone(200), kwargs=exemplar_in(PUBLIC), label=PUBLIC),
    *[
        Rule("portal:exemplar_detail", "GET", everyone(404), kwargs=exemplar_in(s), label=s)
        for s in HIDDEN_STATES
    ],
    Rule("portal:photo", "GET", everyone(200), kwargs=photo_of(PUBLIC), label=PUBLIC),
    Rule("portal:photo", "GET", everyone(200), kwargs=photo_of(PUBLIC, "full"), label="full"),
    *[
        Rule("portal:photo", "GET", everyone(404), kwargs=photo_of(s), label=s)
        for s in HIDDEN_STATES
    ],
    Rule(
        "portal:language",
        "GET",
        everyone(Redirect("/portal/")),
        kwargs=lambda ctx: {"code": "zh-hant"},
        query=lambda ctx: {"next": "/portal/"},
    ),
]
