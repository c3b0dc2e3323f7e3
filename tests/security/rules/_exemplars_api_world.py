"""Exemplars of the target unit for the API rules (``api_exemplars.py``).

The shared world (``tests/world.py``) has no exemplars; the rules make what they need
inside each case, through ``exemplars.actions`` as the system (``actor=None``), so the
test's savepoint undoes it. The parameters and the body of one request are built from
the same ``Ctx``, so they share the rows (``_rows``): a body's ``version`` is the
version of the row in the URL.

Owned by the target unit (党政机关干部处), made by the system:

* a **draft** with a summary and a deed: organizer, parent_admin and city_admin see
  and edit it; staff (a plain post there) and the other district do not see it;
* one **under review** (no submitter: anyone with the role may publish it);
* a **published** one, not public: staff see it too, only reviewers change it;
* a **public** one: the other district sees it as well.
"""

from __future__ import annotations

from typing import Any

from jianxian.exemplars import actions
from jianxian.exemplars.models import Exemplar, ExemplarField, Level, Photo
from tests.security.matrix import Ctx

_last: dict[str, Any] = {"ctx": None, "rows": {}}


def _rows(ctx: Ctx) -> dict[str, Any]:
    """The rows made for this request (one ``Ctx`` per request)."""
    if _last["ctx"] is not ctx:
        _last["ctx"], _last["rows"] = ctx, {}
    return _last["rows"]


def _make(ctx: Ctx, name: str, status: str, *, public: bool = False) -> Exemplar:
    exemplar = actions.create_exemplar(
        actor=None,
        owner_unit=ctx.world.unit,
        kind=Exemplar.Kind.PERSON,
        name=name,
        external_name=name,
        field=ExemplarField.GOVERNANCE,
        level=Level.DISTRICT,
        summary=f"{name}的先进事迹。",
    )
    actions.add_deed(actor=None, exemplar=exemplar, title="扎根基层二十年", body="第一段。")
    if public:
        actions.set_exemplar_rights(
            actor=None,
            exemplar=exemplar,
            version=exemplar.version,
            public_use=True,
            school_use=False,
            is_public=True,
            consent_note="本人签字同意书已存档",
        )
    steps: list[Any] = {
        Exemplar.Status.DRAFT: [],
        Exemplar.Status.UNDER_REVIEW: [actions.submit_exemplar],
        Exemplar.Status.PUBLISHED: [actions.submit_exemplar, actions.publish_exemplar],
    }[Exemplar.Status(status)]
    for step in steps:
        step(actor=None, exemplar=exemplar)
    exemplar.refresh_from_db()
    return exemplar


def _exemplar(ctx: Ctx, which: str) -> Exemplar:
    rows = _rows(ctx)
    if which not in rows:
        rows[which] = {
            "draft": lambda: _make(ctx, "草稿典型", Exemplar.Status.DRAFT),
            "under_review": lambda: _make(ctx, "待审典型", Exemplar.Status.UNDER_REVIEW),
            "published": lambda: _make(ctx, "发布典型", Exemplar.Status.PUBLISHED),
            "public": lambda: _make(ctx, "公开典型", Exemplar.Status.PUBLISHED, public=True),
        }[which]()
    return rows[which]


def exemplar_id(which: str) -> Any:
    """URL parameters naming one of the exemplars."""

    def build(ctx: Ctx) -> dict[str, Any]:
        return {"exemplar_id": _exemplar(ctx, which).pk}

    return build


def version_of(which: str, **body: Any) -> Any:
    """A body carrying the exemplar's current version and ``body``."""

    def build(ctx: Ctx) -> dict[str, Any]:
        return {"version": _exemplar(ctx, which).version, **body}

    return build


def deed_id(which: str) -> Any:
    def build(ctx: Ctx) -> dict[str, Any]:
        return {"deed_id": _exemplar(ctx, which).deeds.get().pk}

    return build


def deed_version(which: str, **body: Any) -> Any:
    def build(ctx: Ctx) -> dict[str, Any]:
        return {"version": _exemplar(ctx, which).deeds.get().version, **body}

    return build


def honour_id(which: str) -> Any:
    def build(ctx: Ctx) -> dict[str, Any]:
        rows = _rows(ctx)
        if "honour" not in rows:
            exemplar = _exemplar(ctx, which)
            if exemplar.status != Exemplar.Status.DRAFT:
                raise ValueError("honours are added to the draft")
            rows["honour"] = actions.add_honour(
                actor=None, exemplar=exemplar, title="优秀共产党员", level=Level.CITY, year=2021
            )
        return {"honour_id": rows["honour"].pk}

    return build


def source_id(which: str) -> Any:
    def build(ctx: Ctx) -> dict[str, Any]:
        rows = _rows(ctx)
        if "source" not in rows:
            rows["source"] = actions.add_source(
                actor=None,
                exemplar=_exemplar(ctx, which),
                title="《青州日报》报道",
                url="https://example.org/report",
            )
        return {"source_id": rows["source"].pk}

    return build


def photo_id(which: str) -> Any:
    """A photo row of the exemplar. Made directly, without files: the matrix never reads
    the image, and a file written here would outlive the test's rolled-back savepoint
    (``actions.add_photo`` is exercised in ``jianxian/exemplars/tests``)."""

    def build(ctx: Ctx) -> dict[str, Any]:
        rows = _rows(ctx)
        if "photo" not in rows:
            rows["photo"] = Photo.objects.create(
                exemplar=_exemplar(ctx, which),
                image="exemplars/matrix.png",
                thumbnail="exemplars/matrix.thumb.png",
                mime_type="image/png",
                width=4,
                height=3,
                size=100,
                sha256="0" * 64,
            )
        return {"photo_id": rows["photo"].pk}

    return build


def photo_version(which: str, **body: Any) -> Any:
    def build(ctx: Ctx) -> dict[str, Any]:
        photo_id(which)(ctx)
        return {"version": _rows(ctx)["photo"].version, **body}

    return build
