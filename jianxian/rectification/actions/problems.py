"""Creating, editing and deleting problems."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from jianxian.core import permissions
from jianxian.core.errors import ActionError, StaleEdit
from jianxian.core.models import Person, Unit, content_type_for
from jianxian.rectification.actions._common import (
    LABEL_MAX,
    STANDARD_MAX,
    TEXT_MAX,
    actor_or_none,
    clean_line,
    clean_text,
    clock,
    delete_files_on_commit,
    lock_for_edit,
    lock_problem,
    log,
    plain,
    require,
)
from jianxian.rectification.models import (
    MANAGER_ROLES,
    REVIEW_CYCLE_MAX,
    TITLE_MAX,
    Category,
    Evidence,
    Problem,
    ProblemKind,
    ProblemStatus,
    ProgressNote,
    Severity,
    SourceKind,
)


class _Keep:
    """Leave the field as it is (the default of every ``update_problem`` field)."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Any = _Keep()

# The fields an edit may change, as the event's ``changes`` lists them.
EDITED_FIELDS = (
    "unit",
    "responsible",
    "title",
    "description",
    "category",
    "source_kind",
    "source_label",
    "severity",
    "kind",
    "due_date",
    "review_cycle_days",
    "next_review_date",
    "acceptance_standard",
)


def _check_manager(actor: Any, unit: Unit) -> None:
    require(actor is None or any(permissions.has_role(actor, r, unit) for r in MANAGER_ROLES))


def _check_person(actor: Any, person: Person, current: Person | None = None) -> None:
    if actor is not None and person != current:
        require(
            permissions.can_view_person(actor, person),
            _("You cannot choose a person outside your scope."),
        )


def _clean_category(category: Category, current: Category | None = None) -> Category:
    if not category.is_active and category != current:
        raise ActionError(
            _("The category “%(name)s” is no longer in use.") % {"name": category.name}
        )
    return category


def clean_schedule(
    *,
    kind: str,
    due_date: datetime.date | None,
    review_cycle_days: int | None,
    next_review_date: datetime.date | None,
    status: str,
    today: datetime.date,
) -> dict[str, Any]:
    """The kind and its dates, mirroring the table's constraints with messages: a due
    date unless ongoing; a review cycle exactly when ongoing."""
    if kind not in ProblemKind.values:
        raise ActionError(_("Unknown kind of rectification: %(kind)s") % {"kind": kind})
    if kind == ProblemKind.ONGOING:
        if due_date is not None:
            raise ActionError(_("An ongoing effort has no due date; give a review cycle instead."))
        if isinstance(review_cycle_days, bool) or not isinstance(review_cycle_days, int):
            raise ActionError(_("Give the review cycle of an ongoing effort, in days."))
        if not 1 <= review_cycle_days <= REVIEW_CYCLE_MAX:
            raise ActionError(
                _("The review cycle is from 1 to %(n)d days.") % {"n": REVIEW_CYCLE_MAX}
            )
        if next_review_date is None and status == ProblemStatus.RECTIFYING:
            next_review_date = today + datetime.timedelta(days=review_cycle_days)
    else:
        if due_date is None:
            raise ActionError(_("Give a due date: immediate and deadline rectifications need one."))
        if review_cycle_days is not None or next_review_date is not None:
            raise ActionError(_("Only an ongoing effort has a review cycle."))
    return {
        "kind": kind,
        "due_date": due_date,
        "review_cycle_days": review_cycle_days,
        "next_review_date": next_review_date,
    }


def _source_link(actor: Any, source: models.Model | None) -> dict[str, Any]:
    """The generic link to where the problem was found: any saved row the actor may see
    (when its model knows ``visible_to``)."""
    if source is None:
        return {"source_type": None, "source_id": None}
    if source.pk is None:
        raise ActionError(_("The source must be saved before a problem can refer to it."))
    manager = getattr(type(source), "objects", None)
    if actor is not None and hasattr(manager, "visible_to"):
        require(
            manager.visible_to(actor).filter(pk=source.pk).exists(),  # type: ignore[union-attr]
            _("You cannot refer to a source outside your scope."),
        )
    return {"source_type": content_type_for(source), "source_id": source.pk}


def create_problem(
    *,
    actor: Any,
    unit: Unit,
    responsible: Person,
    title: str,
    category: Category,
    kind: str,
    source_kind: str,
    source: models.Model | None = None,
    source_label: str = "",
    description: str = "",
    severity: str = Severity.GENERAL,
    due_date: datetime.date | None = None,
    review_cycle_days: int | None = None,
    next_review_date: datetime.date | None = None,
    acceptance_standard: str = "",
    now: datetime.datetime | None = None,
) -> Problem:
    """Put a problem on ``unit``'s list, as a draft.

    ``source`` links the row where it was found (a seminar, a reflection, an exemplar
    benchmarked against: any saved model instance); without one, ``source_label`` says
    where it came from. The label is kept as text, so it shows even if the source is
    deleted later; it defaults to the source's name.
    """
    moment, today = clock(now)
    _check_manager(actor, unit)
    _check_person(actor, responsible)
    if source_kind not in SourceKind.values:
        raise ActionError(_("Unknown source: %(kind)s") % {"kind": source_kind})
    if severity not in Severity.values:
        raise ActionError(_("Unknown severity: %(severity)s") % {"severity": severity})
    link = _source_link(actor, source)
    label = clean_line(source_label or (str(source) if source else ""), _("Source"), LABEL_MAX,
                       required=False)  # fmt: skip
    if not label:
        raise ActionError(_("Say where the problem was found."))
    values = {
        "title": clean_line(title, _("Title"), TITLE_MAX),
        "description": clean_text(description, _("Description"), TEXT_MAX),
        "category": _clean_category(category),
        "severity": severity,
        "source_kind": source_kind,
        "source_label": label,
        "acceptance_standard": clean_text(
            acceptance_standard, _("Acceptance standard"), STANDARD_MAX
        ),
        **clean_schedule(
            kind=kind,
            due_date=due_date,
            review_cycle_days=review_cycle_days,
            next_review_date=next_review_date,
            status=ProblemStatus.DRAFT,
            today=today,
        ),
    }
    with transaction.atomic():
        problem = Problem.objects.create(
            unit=unit,
            unit_path=unit.path,
            responsible=responsible,
            created_by=actor_or_none(actor),
            created_at=moment,
            updated_at=moment,
            **link,
            **values,
        )
        log(
            actor=actor,
            verb="create",
            problem=problem,
            at=now,
            to_status=problem.status,
            changes={
                "title": problem.title,
                "unit": unit.pk,
                "responsible": responsible.pk,
                "kind": problem.kind,
                "source_kind": source_kind,
                "source": [link["source_type"].pk, link["source_id"]] if source else None,
            },
        )
    return problem


def update_problem(
    *,
    actor: Any,
    problem: Problem,
    version: int,
    unit: Unit = KEEP,
    responsible: Person = KEEP,
    title: str = KEEP,
    description: str = KEEP,
    category: Category = KEEP,
    source_kind: str = KEEP,
    source_label: str = KEEP,
    severity: str = KEEP,
    kind: str = KEEP,
    due_date: datetime.date | None = KEEP,
    review_cycle_days: int | None = KEEP,
    next_review_date: datetime.date | None = KEEP,
    acceptance_standard: str = KEEP,
    note: str = "",
    now: datetime.datetime | None = None,
) -> Problem:
    """Edit the problem's record (draft, planned or rectifying; managers only). Fields
    left out keep their value. ``version`` is the one the editor read: if someone saved
    the problem since, nothing is written (``StaleEdit``).

    Moving a due date once the plan is made needs a ``note`` saying why; the event
    keeps the old and the new values of every changed field. The source link itself
    is fixed at creation.
    """
    moment, today = clock(now)
    note = clean_text(note, _("Note"), STANDARD_MAX)
    with transaction.atomic():
        locked = lock_for_edit(actor, problem)
        if locked.version != version:
            raise StaleEdit(
                _("This problem was changed by someone else. Reload it and apply your edit again.")
            )
        given = {
            "unit": unit,
            "responsible": responsible,
            "title": title,
            "description": description,
            "category": category,
            "source_kind": source_kind,
            "source_label": source_label,
            "severity": severity,
            "kind": kind,
            "due_date": due_date,
            "review_cycle_days": review_cycle_days,
            "next_review_date": next_review_date,
            "acceptance_standard": acceptance_standard,
        }
        new = {k: getattr(locked, k) if v is KEEP else v for k, v in given.items()}
        if kind is not KEEP and kind != locked.kind:
            # A new kind brings its own dates: what the old kind needed is dropped
            # unless given again.
            for field in ("due_date", "review_cycle_days", "next_review_date"):
                if given[field] is KEEP:
                    new[field] = None
        values = _clean_update(actor, locked, new, today)
        changes = {
            key: [plain(getattr(locked, key)), plain(values[key])]
            for key in EDITED_FIELDS
            if getattr(locked, key) != values[key]
        }
        if "due_date" in changes and locked.status != ProblemStatus.DRAFT and not note:
            raise ActionError(_("Say why the due date changes."))
        updated = Problem.objects.filter(pk=locked.pk, version=version).update(
            **values,
            unit_path=values["unit"].path,
            version=F("version") + 1,
            updated_at=moment,
        )
        if updated != 1:
            raise StaleEdit(
                _("This problem was changed by someone else. Reload it and apply your edit again.")
            )
        if changes:
            log(actor=actor, verb="update", problem=locked, at=now, changes=changes, note=note)
    problem.refresh_from_db()
    return problem


def _clean_update(
    actor: Any, locked: Problem, new: dict[str, Any], today: datetime.date
) -> dict[str, Any]:
    unit, responsible = new["unit"], new["responsible"]
    if unit != locked.unit:
        _check_manager(actor, unit)  # managers of both units
    _check_person(actor, responsible, locked.responsible)
    if new["source_kind"] not in SourceKind.values:
        raise ActionError(_("Unknown source: %(kind)s") % {"kind": new["source_kind"]})
    if new["severity"] not in Severity.values:
        raise ActionError(_("Unknown severity: %(severity)s") % {"severity": new["severity"]})
    standard = clean_text(new["acceptance_standard"], _("Acceptance standard"), STANDARD_MAX)
    if not standard and locked.status != ProblemStatus.DRAFT:
        raise ActionError(_("The acceptance standard cannot be emptied once the plan is made."))
    label = clean_line(new["source_label"], _("Source"), LABEL_MAX, required=False)
    if not label:
        raise ActionError(_("Say where the problem was found."))
    return {
        "unit": unit,
        "responsible": responsible,
        "title": clean_line(new["title"], _("Title"), TITLE_MAX),
        "description": clean_text(new["description"], _("Description"), TEXT_MAX),
        "category": _clean_category(new["category"], locked.category),
        "source_kind": new["source_kind"],
        "source_label": label,
        "severity": new["severity"],
        "acceptance_standard": standard,
        **clean_schedule(
            kind=new["kind"],
            due_date=new["due_date"],
            review_cycle_days=new["review_cycle_days"],
            next_review_date=new["next_review_date"],
            status=locked.status,
            today=today,
        ),
    }


def delete_problem(*, actor: Any, problem: Problem) -> None:
    """Delete a draft with its measures. A problem that has progress notes has a
    history and is never deleted."""
    with transaction.atomic():
        locked = lock_problem(problem)
        if locked.status != ProblemStatus.DRAFT:
            raise ActionError(_("Only a draft can be deleted."))
        require(actor is None or locked.can_delete(actor))
        if ProgressNote.objects.filter(problem=locked).exists():
            raise ActionError(_("This problem has progress notes and cannot be deleted."))
        files = list(Evidence.objects.filter(note__problem=locked).values_list("file", flat=True))
        log(
            actor=actor,
            verb="delete",
            problem=locked,
            from_status=locked.status,
            changes={"title": locked.title, "unit": locked.unit_id},
        )
        locked.delete()
        delete_files_on_commit(*files)
