"""Exemplars in every portal-relevant state, built through ``exemplars.actions`` as the
app builds them (used by the portal tests, its access rules and its browser flow)."""

from __future__ import annotations

import datetime
import io

from PIL import Image

from jianxian.core.models import Unit
from jianxian.exemplars import actions
from jianxian.exemplars.models import Exemplar, ExemplarField, Level, Quality

SUMMARY = "扎根基层二十年，带领干部群众推进系统性改革，事事有回音、件件有着落。"
DEEDS = [
    ("牵头推进系统性改革", datetime.date(2019, 3, 1), "第一段：深入调研。\n\n第二段：攻坚克难。"),
    ("夜访群众解难题", datetime.date(2021, 7, 15), "<p>连续<strong>三个月</strong>走访社区。</p>"),
]
HONOURS = [
    ("全国劳动模范", Level.NATION, 2020, "国务院"),
    ("省优秀共产党员", Level.PROVINCE, 2018, "省委"),
    ("市先进工作者", Level.CITY, 2016, "市政府"),
]

# The states an exemplar can be in; only PUBLIC shows on the portal.
PUBLIC = "public"
HIDDEN_STATES = (
    "draft",  # consent recorded and marked public, never submitted
    "under_review",  # marked public, waiting for a reviewer
    "published_not_public",  # published for the unit tree, not for the portal
    "archived",  # was public, then archived
    "consent_withdrawn",  # was public; the consent to public use was withdrawn
)


def png_bytes(
    color: tuple[int, int, int] = (185, 28, 28), size: tuple[int, int] = (64, 48)
) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def _make_public(exemplar: Exemplar) -> Exemplar:
    exemplar.refresh_from_db()
    return actions.set_exemplar_rights(
        actor=None,
        exemplar=exemplar,
        version=exemplar.version,
        public_use=True,
        school_use=True,
        is_public=True,
        consent_note="本人签字同意书已存档",
    )


def make_exemplar(
    unit: Unit,
    name: str = "李正峰",
    *,
    state: str = PUBLIC,
    kind: str = Exemplar.Kind.PERSON,
    field: str = ExemplarField.GOVERNANCE,
    level: str = Level.CITY,
    summary: str = SUMMARY,
    deeds: list[tuple[str, datetime.date | None, str]] | None = None,
    honours: list[tuple[str, str, int, str]] | None = None,
    qualities: tuple[str, ...] = ("担当精神", "务实作风"),
    photo: bool = False,
    sources: bool = True,
) -> Exemplar:
    """An exemplar with deeds, honours, qualities (and a photo) in ``state``."""
    external_name = "" if kind == Exemplar.Kind.PRACTICE else name
    exemplar = actions.create_exemplar(
        actor=None,
        owner_unit=unit,
        kind=kind,
        name=name,
        field=field,
        level=level,
        summary=summary,
        qualities=Quality.objects.filter(name__in=qualities),
        external_name=external_name,
    )
    added = []
    for title, date, body in DEEDS if deeds is None else deeds:
        added.append(
            actions.add_deed(actor=None, exemplar=exemplar, title=title, date=date, body=body)
        )
    for title, honour_level, year, by in HONOURS if honours is None else honours:
        actions.add_honour(
            actor=None,
            exemplar=exemplar,
            title=title,
            level=honour_level,
            year=year,
            conferred_by=by,
        )
    if sources:
        actions.add_source(
            actor=None, exemplar=exemplar, title="市报专题报道", url="https://example.org/report"
        )
    if photo:
        actions.add_photo(actor=None, exemplar=exemplar, data=png_bytes(), caption="工作照")
        if added:
            actions.add_photo(
                actor=None,
                exemplar=exemplar,
                data=png_bytes((20, 90, 160)),
                caption="走访现场",
                deed=added[0],
            )
    return with_state(exemplar, state)


def with_state(exemplar: Exemplar, state: str) -> Exemplar:
    """Walk a draft with content (as the system) into ``state``."""
    if state != "published_not_public":
        exemplar = _make_public(exemplar)
    if state == "draft":
        return exemplar
    actions.submit_exemplar(actor=None, exemplar=exemplar)
    if state == "under_review":
        return exemplar
    actions.publish_exemplar(actor=None, exemplar=exemplar)
    if state == "archived":
        actions.archive_exemplar(actor=None, exemplar=exemplar)
    elif state == "consent_withdrawn":
        exemplar.refresh_from_db()
        actions.set_exemplar_rights(
            actor=None,
            exemplar=exemplar,
            version=exemplar.version,
            public_use=False,
            school_use=False,
            is_public=False,
            consent_note="本人撤回同意",
        )
    elif state not in (PUBLIC, "published_not_public"):
        raise ValueError(f"unknown state {state!r}")
    exemplar.refresh_from_db()
    return exemplar
