"""The exemplar registry's tables (a package: see CONVENTIONS.md, modules past ~400 lines)."""

from jianxian.exemplars.models.content import (
    HONOUR_FIRST_YEAR,
    HONOUR_LAST_YEAR,
    Deed,
    DeedQuerySet,
    Honour,
    Photo,
    PhotoQuerySet,
    Source,
)
from jianxian.exemplars.models.exemplar import (
    CURATOR_ROLES,
    EDITOR_ROLES,
    REVIEWER_ROLES,
    TRANSITIONS,
    Exemplar,
    ExemplarQuerySet,
    Transition,
    exemplar_visible_q,
    status_label,
)
from jianxian.exemplars.models.vocabulary import ExemplarField, Level, Quality, QualityQuerySet

__all__ = [
    "CURATOR_ROLES",
    "EDITOR_ROLES",
    "HONOUR_FIRST_YEAR",
    "HONOUR_LAST_YEAR",
    "REVIEWER_ROLES",
    "TRANSITIONS",
    "Deed",
    "DeedQuerySet",
    "Exemplar",
    "ExemplarField",
    "ExemplarQuerySet",
    "Honour",
    "Level",
    "Photo",
    "PhotoQuerySet",
    "Quality",
    "QualityQuerySet",
    "Source",
    "Transition",
    "exemplar_visible_q",
    "status_label",
]
