"""The shape of the exemplar demo's data: one ``ExemplarSpec`` per exemplar, with its
honours, deeds and photos, who builds it and where its workflow stops."""

from __future__ import annotations

import datetime
from typing import NamedTuple

# Where an exemplar's workflow stops in the demo.
PUBLISHED = "published"
UNDER_REVIEW = "under_review"
RETURNED = "returned"  # submitted, then returned to draft by the reviewer with a reason


class HonourSpec(NamedTuple):
    title: str
    conferred_by: str
    level: str  # Level value
    year: int


class DeedSpec(NamedTuple):
    title: str
    date: datetime.date
    body: str


class PhotoSpec(NamedTuple):
    caption: str
    deed: int | None = None  # index into the exemplar's deeds, or None: the exemplar


class ExemplarSpec(NamedTuple):
    """One exemplar of the demo library. It is recognised again by owning unit and name."""

    key: str  # stable key for tests and the photos' look
    name: str
    kind: str  # Exemplar.Kind value
    owner: str  # owning unit code
    field: str  # ExemplarField value
    level: str  # Level value
    summary: str
    qualities: tuple[str, ...]  # Quality codes of the seeded vocabulary
    honours: tuple[HonourSpec, ...]
    deeds: tuple[DeedSpec, ...]
    photos: tuple[PhotoSpec, ...]
    figure: str = ""  # a FIGURES key, for a person exemplar
    subject_unit: str = ""  # unit code, for a collective (or where a practice comes from)
    external_name: str = ""  # for what lies outside the platform
    editor: str = "cityadmin"  # demo login that builds and submits it
    reviewer: str = "verifier"  # demo login that publishes (or returns) it
    state: str = PUBLISHED
    review_note: str = ""  # the reviewer's reason, for RETURNED
    public_use: bool = True
    school_use: bool = True
    is_public: bool = False
    consent_note: str = ""
    sources: tuple[str, ...] = ()


def d(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, day)
