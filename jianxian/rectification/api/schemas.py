"""Request and response shapes of the rectification API."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.urls import NoReverseMatch, reverse
from ninja import Field, Schema

# --- Who -----------------------------------------------------------------------


def user_name(user: Any) -> str | None:
    """A login as people know it: the name of its person, else the username."""
    if user is None:
        return None
    person = getattr(user, "person", None)  # the reverse one-to-one; None without one
    return person.name if person is not None else user.get_username()


def _api_url(name: str, **kwargs: int) -> str | None:
    try:
        return reverse(f"api:{name}", kwargs=kwargs)
    except NoReverseMatch:  # the router is not mounted (a test of the schemas alone)
        return None


# --- The vocabulary ----------------------------------------------------------------


class CategoryOut(Schema):
    id: int
    name: str
    name_en: str
    label: str  # the name for the caller's language
    position: int
    is_active: bool
    version: int


class CategoryIn(Schema):
    name: str
    name_en: str = ""
    position: int = 0


class CategoryUpdateIn(Schema):
    """A partial edit: fields left out keep their values; ``version`` is required."""

    version: int
    name: str | None = None
    name_en: str | None = None
    position: int | None = None
    is_active: bool | None = None


# --- Measures, notes, evidence, verifications ------------------------------------------


class MeasureOut(Schema):
    id: int
    problem_id: int
    position: int
    description: str
    owner_id: int | None
    owner_name: str | None
    due_date: dt.date | None
    done: bool
    done_at: dt.datetime | None
    done_by_id: int | None
    version: int

    @staticmethod
    def resolve_owner_name(obj: Any) -> str | None:
        return obj.owner.name if obj.owner_id else None


class MeasureIn(Schema):
    description: str
    owner_id: int | None = None  # a person the caller may see
    due_date: dt.date | None = None


class MeasureUpdateIn(Schema):
    """A partial edit: fields left out keep their values; ``"owner_id": null`` and
    ``"due_date": null`` clear them. ``version`` is required."""

    version: int
    description: str | None = None
    owner_id: int | None = None
    due_date: dt.date | None = None
    position: int | None = None


class EvidenceOut(Schema):
    id: int
    original_name: str
    media_type: str
    size: int
    sha256: str
    created_at: dt.datetime
    url: str | None  # the access-checked download

    @staticmethod
    def resolve_url(obj: Any) -> str | None:
        return _api_url("rectification_evidence", evidence_id=obj.pk)


class NoteOut(Schema):
    id: int
    problem_id: int
    body: str
    author_id: int | None
    author_name: str | None
    created_at: dt.datetime
    evidence: list[EvidenceOut]

    @staticmethod
    def resolve_author_name(obj: Any) -> str | None:
        return user_name(obj.author)

    @staticmethod
    def resolve_evidence(obj: Any) -> list[Any]:
        return list(obj.evidence.all())


class VerificationOut(Schema):
    id: int
    kind: str  # acceptance, recheck, cycle_review
    decision: str  # accepted, returned, confirmed, reopened, reviewed
    score: int | None
    comment: str
    verifier_id: int | None
    verifier_name: str | None
    created_at: dt.datetime

    @staticmethod
    def resolve_verifier_name(obj: Any) -> str | None:
        return user_name(obj.verifier)


# --- Problems ------------------------------------------------------------------------


class ProblemOut(Schema):
    """A ledger row."""

    id: int
    title: str
    status: str
    status_label: str
    kind: str  # immediate, deadline, ongoing
    severity: str
    category_id: int
    category: str  # the category's name for the caller's language
    source_kind: str
    source_label: str
    unit_id: int
    unit_name: str = Field(alias="unit.name")
    responsible_id: int
    responsible_name: str = Field(alias="responsible.name")
    due_date: dt.date | None
    review_cycle_days: int | None
    next_review_date: dt.date | None
    overdue: bool  # derived: open and past its due date
    effectiveness_score: int | None
    recheck_due: dt.date | None
    reopen_count: int
    created_at: dt.datetime
    updated_at: dt.datetime
    submitted_at: dt.datetime | None
    closed_at: dt.datetime | None
    version: int

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_category(obj: Any) -> str:
        return obj.category.label

    @staticmethod
    def resolve_overdue(obj: Any) -> bool:
        return bool(obj.is_overdue())


class ProblemDetailOut(ProblemOut):
    description: str
    acceptance_standard: str
    # Where it was found, when linked to a record: "app_label.model" and its id.
    source_type: str | None
    source_id: int | None
    created_by_id: int | None
    submitted_by_id: int | None
    closed_by_id: int | None
    measures: list[MeasureOut]
    verifications: list[VerificationOut]
    notes_count: int
    evidence_count: int
    # What the caller may do now: the endpoints under /problems/{id}/ ("plan", "start",
    # "submit", "close", "return", "recheck", "review", "revise").
    allowed_actions: list[str]
    can_edit: bool
    can_delete: bool
    can_report: bool

    @staticmethod
    def resolve_source_type(obj: Any) -> str | None:
        kind = obj.source_type
        return f"{kind.app_label}.{kind.model}" if kind is not None else None


class ProblemCreateIn(Schema):
    unit_id: int
    responsible_id: int  # a person the caller may see
    title: str
    category_id: int
    kind: str  # immediate, deadline (both need a due date) or ongoing (a review cycle)
    source_kind: str = "other"
    source_label: str = ""  # where it was found; defaults to the linked record's name
    source_type: str | None = None  # "app_label.model" of a record the caller may see
    source_id: int | None = None
    description: str = ""
    severity: str = "general"
    due_date: dt.date | None = None
    review_cycle_days: int | None = None
    next_review_date: dt.date | None = None
    acceptance_standard: str = ""


class ProblemUpdateIn(Schema):
    """A partial edit: fields left out keep their values (``null`` for a date clears
    it). ``version`` is required; ``note`` says why a planned due date moves."""

    version: int
    unit_id: int | None = None
    responsible_id: int | None = None
    title: str | None = None
    category_id: int | None = None
    kind: str | None = None
    source_kind: str | None = None
    source_label: str | None = None
    description: str | None = None
    severity: str | None = None
    due_date: dt.date | None = None
    review_cycle_days: int | None = None
    next_review_date: dt.date | None = None
    acceptance_standard: str | None = None
    note: str = ""


class LedgerFilters(Schema):
    """The ledger's filters, as query parameters (``status`` may repeat)."""

    unit: int | None = None  # the unit and every unit under it
    status: list[str] = []
    overdue: bool | None = None
    category: int | None = None
    kind: str | None = None
    severity: str | None = None
    source_kind: str | None = None
    responsible: int | None = None  # a person's id
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    q: str = ""  # in the title, description and source, in either script


class CountsOut(Schema):
    total: int
    draft: int
    planned: int
    rectifying: int
    submitted: int
    closed: int
    open: int
    overdue: int
    due_soon: int  # open and due within 7 days


class EventOut(Schema):
    """One line of the problem's history (the ``Event`` rows)."""

    id: int
    verb: str  # "problem.close", …
    label: str
    actor_id: int | None
    actor_name: str | None
    from_status: str
    to_status: str
    changes: Any
    note: str
    created_at: dt.datetime

    @staticmethod
    def resolve_label(obj: Any) -> str:
        from jianxian.core.events import label_for

        return label_for(obj.verb)

    @staticmethod
    def resolve_actor_name(obj: Any) -> str | None:
        return user_name(obj.actor)


# --- Moves -----------------------------------------------------------------------------


class MoveIn(Schema):
    """Plan, revise, start, submit: an optional note. With ``version``, a problem
    changed since that version is refused (409)."""

    note: str = ""
    version: int | None = None


class CloseIn(Schema):
    score: int | None = None  # the effectiveness score, 0–100 (required)
    comment: str = ""  # the acceptance comment (required)
    version: int | None = None


class ReturnIn(Schema):
    reason: str = ""  # required
    version: int | None = None


class RecheckIn(Schema):
    decision: Literal["confirm", "reopen", "confirmed", "reopened"]
    comment: str = ""  # required to reopen
    version: int | None = None


class ReviewIn(Schema):
    comment: str = ""  # required
    score: int | None = None  # optional, 0–100
    version: int | None = None
