"""Exemplars of the target unit for the page rules (``exemplars.py``).

The shared world has no exemplars; each builder finds or makes, by its name, the row it
needs through ``exemplars.actions`` as the system (``actor=None``), inside the case's
savepoint. Finding by name lets the URL, the form body and the expected redirect of one
case all name the same row.

Owned by the target unit (党政机关干部处), each with a summary and one deed:

* ``draft``: organizer, parent_admin and city_admin see and edit it; staff and the
  other district do not see it (404);
* ``under_review``: submitted by the system, so any reviewer may publish or return it;
* ``published``: staff see it as members of the unit; only reviewers edit it;
* ``public``: published and public, with a photo: anyone fetches the photo;
* ``archived``: only the unit's curators see it; a unit admin reopens it.
"""

from __future__ import annotations

import io
from typing import Any

from PIL import Image

from jianxian.exemplars import actions
from jianxian.exemplars.models import Deed, Exemplar, ExemplarField, Level, Photo, Quality
from tests.security.matrix import Ctx

NAMES = {
    "draft": "矩阵草稿",
    "under_review": "矩阵待审",
    "published": "矩阵已发布",
    "public": "矩阵公开",
    "archived": "矩阵归档",
}
CREATED_NAME = "矩阵新典型"
STEPS: dict[str, list[Any]] = {
    "draft": [],
    "under_review": [actions.submit_exemplar],
    "published": [actions.submit_exemplar, actions.publish_exemplar],
    "public": [actions.submit_exemplar, actions.publish_exemplar],
    "archived": [actions.submit_exemplar, actions.publish_exemplar, actions.archive_exemplar],
}


def jpeg(colour: tuple[int, int, int] = (180, 40, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def exemplar(ctx: Ctx, which: str) -> Exemplar:
    name = NAMES[which]
    found = Exemplar.objects.filter(name=name).first()
    if found is not None:
        return found
    made = actions.create_exemplar(
        actor=None,
        owner_unit=ctx.world.unit,
        kind=Exemplar.Kind.PERSON,
        name=name,
        external_name=name,
        field=ExemplarField.GOVERNANCE,
        level=Level.DISTRICT,
        summary=f"{name}的先进事迹。",
    )
    actions.add_deed(actor=None, exemplar=made, title="扎根基层二十年", body="第一段。")
    if which == "public":
        actions.set_exemplar_rights(
            actor=None,
            exemplar=made,
            version=made.version,
            public_use=True,
            school_use=False,
            is_public=True,
            consent_note="本人签字同意书已存档",
        )
    if which in ("public", "draft"):
        actions.add_photo(actor=None, exemplar=made, data=jpeg())
    for step in STEPS[which]:
        step(actor=None, exemplar=made)
    made.refresh_from_db()
    return made


def pk_of(which: str) -> Any:
    def build(ctx: Ctx) -> dict[str, Any]:
        return {"pk": exemplar(ctx, which).pk}

    return build


def move(which: str, verb: str) -> Any:
    def build(ctx: Ctx) -> dict[str, Any]:
        return {"pk": exemplar(ctx, which).pk, "verb": verb}

    return build


def deed_of(which: str) -> Any:
    def build(ctx: Ctx) -> dict[str, Any]:
        return {"pk": exemplar(ctx, which).deeds.get().pk}

    return build


def part_of(which: str, kind: str) -> Any:
    """A deed or photo of the exemplar, for the remove page."""

    def build(ctx: Ctx) -> dict[str, Any]:
        parts = Deed.objects if kind == "deeds" else Photo.objects
        return {"kind": kind, "pk": parts.filter(exemplar=exemplar(ctx, which))[0].pk}

    return build


def photo_of(which: str) -> Any:
    def build(ctx: Ctx) -> dict[str, Any]:
        return {"pk": Photo.objects.get(exemplar=exemplar(ctx, which)).pk}

    return build


def created(ctx: Ctx) -> dict[str, Any]:
    """The exemplar the create form made (looked up after the request)."""
    return {"pk": Exemplar.objects.get(name=CREATED_NAME).pk}


# --- Form bodies --------------------------------------------------------------


def new_exemplar_form(ctx: Ctx) -> dict[str, Any]:
    return {
        "owner_unit": ctx.world.unit.pk,
        "kind": "person",
        "name": CREATED_NAME,
        "external_name": "",
        "field": "governance",
        "level": "unit",
        "summary": "矩阵测试。",
    }


def edit_form(which: str) -> Any:
    def build(ctx: Ctx) -> dict[str, Any]:
        row = exemplar(ctx, which)
        return {
            "kind": row.kind,
            "name": row.name,
            "external_name": row.external_name,
            "field": row.field,
            "level": row.level,
            "summary": "改写的简介。",
            "version": row.version,
        }

    return build


def qualities_form(ctx: Ctx) -> dict[str, Any]:
    return {"qualities": [Quality.objects.filter(is_active=True).first().pk]}  # type: ignore[union-attr]


def rights_form(which: str) -> Any:
    def build(ctx: Ctx) -> dict[str, Any]:
        return {
            "school_use": "on",
            "consent_note": "学校使用同意书已存档",
            "version": exemplar(ctx, which).version,
        }

    return build


def deed_form(ctx: Ctx) -> dict[str, Any]:
    return {"title": "夜访群众", "date": "2023-05-04", "body": "<p>走访<b>三十户</b>。</p>"}


def deed_edit_form(which: str) -> Any:
    def build(ctx: Ctx) -> dict[str, Any]:
        deed = exemplar(ctx, which).deeds.get()
        return {"title": deed.title, "date": "", "body": "改写。", "version": deed.version}

    return build


def honour_form(ctx: Ctx) -> dict[str, Any]:
    return {"title": "优秀共产党员", "conferred_by": "市委", "level": "city", "year": 2021}


def source_form(ctx: Ctx) -> dict[str, Any]:
    return {"title": "《青州日报》报道", "url": "https://example.org/report", "deed": ""}


def photo_form(ctx: Ctx) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    image = SimpleUploadedFile("matrix.jpg", jpeg((20, 160, 60)), content_type="image/jpeg")
    return {"image": image, "caption": "矩阵照片", "deed": ""}


def note(text: str) -> Any:
    def build(ctx: Ctx) -> dict[str, Any]:
        return {"note": text}

    return build
