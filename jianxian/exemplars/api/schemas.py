"""Request and response shapes of the exemplar API."""

from __future__ import annotations

import datetime as dt

from django.urls import NoReverseMatch, reverse
from ninja import Field, Schema


class QualityOut(Schema):
    id: int
    code: str
    name: str
    name_en: str
    label: str
    description: str
    sort_order: int
    is_active: bool


class HonourOut(Schema):
    id: int
    exemplar_id: int
    title: str
    conferred_by: str
    level: str
    year: int


class HonourIn(Schema):
    title: str = Field(max_length=200)
    conferred_by: str = Field("", max_length=200)
    level: str
    year: int


class ExemplarOut(Schema):
    id: int
    kind: str
    name: str
    name_pinyin: str
    field: str
    level: str
    status: str
    owner_unit_id: int
    owner_unit_name: str = Field(alias="owner_unit.name")
    person_id: int | None
    subject_unit_id: int | None
    external_name: str
    summary: str
    qualities: list[str]  # codes
    public_use: bool
    school_use: bool
    is_public: bool
    published_at: dt.datetime | None
    updated_at: dt.datetime
    version: int

    @staticmethod
    def resolve_qualities(obj) -> list[str]:
        return [quality.code for quality in obj.qualities.all()]


class ExemplarDetailOut(ExemplarOut):
    honours: list[HonourOut]
    consent_recorded_at: dt.datetime | None
    # Only for those who curate the exemplar (editors and reviewers); None for others.
    consent_note: str | None
    review_note: str | None
    can_edit: bool
    can_delete: bool
    allowed_moves: list[str]


class ExemplarCreateIn(Schema):
    owner_unit_id: int
    kind: str
    field: str
    level: str
    name: str = Field("", max_length=100)
    person_id: int | None = None
    subject_unit_id: int | None = None
    external_name: str = Field("", max_length=100)
    summary: str = ""
    qualities: list[str] = []  # codes


class ExemplarUpdateIn(Schema):
    """A partial edit: fields left out keep their values; ``version`` is required."""

    version: int
    kind: str | None = None
    field: str | None = None
    level: str | None = None
    name: str | None = Field(None, max_length=100)
    person_id: int | None = None
    subject_unit_id: int | None = None
    external_name: str | None = Field(None, max_length=100)
    summary: str | None = None
    qualities: list[str] | None = None


class TransitionIn(Schema):
    to: str  # the status to move to: under_review, draft, published, archived
    note: str = ""  # the reason when returning to draft; optional otherwise


class QualitiesIn(Schema):
    qualities: list[str]  # codes


class RightsIn(Schema):
    version: int
    public_use: bool
    school_use: bool
    is_public: bool
    consent_note: str = ""


class DeedOut(Schema):
    id: int
    exemplar_id: int
    title: str
    date: dt.date | None
    body: str  # as written
    body_html: str  # rendered and sanitized
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


class DeedIn(Schema):
    title: str = Field(max_length=200)
    date: dt.date | None = None
    body: str = ""


class DeedUpdateIn(Schema):
    version: int
    title: str | None = Field(None, max_length=200)
    date: dt.date | None = None
    body: str | None = None


class SourceOut(Schema):
    id: int
    exemplar_id: int
    deed_id: int | None
    title: str
    url: str


class SourceIn(Schema):
    title: str = Field(max_length=200)
    url: str = Field("", max_length=500)
    deed_id: int | None = None


class PhotoOut(Schema):
    id: int
    exemplar_id: int
    deed_id: int | None
    caption: str
    sort_order: int
    mime_type: str
    width: int
    height: int
    size: int
    version: int
    created_at: dt.datetime
    url: str | None  # the access-checked pages serving the image and its thumbnail
    thumbnail_url: str | None

    @staticmethod
    def resolve_url(obj) -> str | None:
        return _reverse_or_none("exemplars:photo", obj.pk)

    @staticmethod
    def resolve_thumbnail_url(obj) -> str | None:
        return _reverse_or_none("exemplars:photo_thumb", obj.pk)


def _reverse_or_none(name: str, pk: int) -> str | None:
    try:
        return reverse(name, kwargs={"pk": pk})
    except NoReverseMatch:  # the pages serving photos are not installed
        return None


class PhotoUpdateIn(Schema):
    version: int
    caption: str = Field("", max_length=200)
    sort_order: int = 0
