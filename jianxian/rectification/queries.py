"""Read-side helpers of the ledger pages: the row annotations of the ledger, the unit
picker, the problem's history from its ``Event`` rows, and the per-user predicates the
pages need beside the model's (``Problem.can_edit``, ``allowed_moves``, …).

Nothing here writes; every write goes through ``rectification.actions``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jianxian.core import events, permissions
from jianxian.core.models import Event, Person, Unit, content_type_for
from jianxian.rectification.models import (
    MANAGER_ROLES,
    REPORTING_STATUSES,
    Category,
    Measure,
    Problem,
    ProblemKind,
    ProblemStatus,
    status_label,
)

AnyUser = Any

MAX_UNIT_CHOICES = 300
HISTORY_LIMIT = 500

# The verbs ``rectification.actions`` writes (``problem.<verb>``), as history shows them.
VERB_LABELS: dict[str, str | Promise] = {
    "problem.create": _("Problem recorded"),
    "problem.update": _("Problem edited"),
    "problem.delete": _("Draft deleted"),
    "problem.plan": _("Plan made"),
    "problem.revise": _("Plan sent back to draft"),
    "problem.start": _("Rectification started"),
    "problem.submit": _("Submitted for acceptance"),
    "problem.close": _("Accepted and closed"),
    "problem.return": _("Returned for more work"),
    "problem.reopen": _("Reopened by the re-check"),
    "problem.recheck": _("Re-check: no recurrence"),
    "problem.review": _("Periodic review"),
    "problem.add_measure": _("Measure added"),
    "problem.update_measure": _("Measure edited"),
    "problem.remove_measure": _("Measure removed"),
    "problem.measure_done": _("Measure done"),
    "problem.measure_undone": _("Measure reopened"),
    "problem.add_note": _("Progress reported"),
    "category.create": _("Problem category added"),
    "category.update": _("Problem category edited"),
    "category.delete": _("Problem category deleted"),
}


def register_verb_labels() -> None:
    """Make the history labels known to ``core.events`` (idempotent)."""
    events.register(VERB_LABELS)


# --- The ledger ---------------------------------------------------------------


def with_progress(problems: QuerySet[Problem]) -> QuerySet[Problem]:
    """The ledger row: the related names in the same query, and the measures done and
    in all as correlated subqueries, so they are computed only for the rows of the page
    (a JOIN with GROUP BY would aggregate the whole filtered set first)."""
    measures = Measure.objects.filter(problem=OuterRef("pk")).order_by().values("problem")
    total = measures.annotate(n=Count("pk")).values("n")
    done = measures.filter(done=True).annotate(n=Count("pk")).values("n")
    return problems.select_related("unit", "responsible", "category").annotate(
        measures_total=Coalesce(Subquery(total, output_field=IntegerField()), 0),
        measures_done=Coalesce(Subquery(done, output_field=IntegerField()), 0),
    )


def labelled(problems: list[Problem]) -> list[Problem]:
    """Give each row its choice labels once per page (``status_text``, …): the model's
    ``get_<field>_display`` builds its lookup again on every call."""
    labels = {
        field: {value: str(label) for value, label in Problem._meta.get_field(field).choices}  # type: ignore[union-attr]
        for field in ("status", "source_kind", "severity", "kind")
    }
    for problem in problems:
        for field, names in labels.items():
            value = getattr(problem, field)
            setattr(problem, f"{field}_text", names.get(value, value))
    return problems


def picker_units(user: AnyUser, chosen: Unit | None = None) -> list[Unit]:
    """The units to narrow the ledger to (each with everything under it), in tree
    order: the top units of the user's scope and the units just under them; with a
    unit chosen, also the units on the way down to it and the units just under it, so
    that choosing a unit offers the next level. A handful of indexed reads, whatever
    the size of the tree."""
    roots = permissions.scope_root_units(user)
    if not roots:
        return []
    top = [root.pk for root in roots]
    q = Q(pk__in=top) | Q(parent_id__in=top)
    if chosen is not None:
        down = [pk for pk in chosen.ancestor_ids if pk not in top]
        q |= Q(pk__in=[*down, chosen.pk]) | Q(parent_id=chosen.pk)
    units = Unit.objects.filter(q).only("pk", "name", "path", "depth").order_by("path")
    # Visibility in Python (the scopes are cached on the user): a path-prefix filter
    # in SQL would scan the units on SQLite.
    visible = [u for u in units[: MAX_UNIT_CHOICES * 2] if permissions.can_view_unit(user, u)]
    return visible[:MAX_UNIT_CHOICES]


def indented(units: list[Unit]) -> list[tuple[int, str]]:
    """(pk, name) choices, indented by depth below the shallowest unit."""
    top = min((u.depth for u in units), default=0)
    return [(u.pk, "\u3000" * (u.depth - top) + u.name) for u in units]


def visible_unit(user: AnyUser, pk: int | None) -> Unit | None:
    if pk is None:
        return None
    return Unit.objects.filter(permissions.visible_unit_q(user), pk=pk).first()


def people_matching(ref: str) -> QuerySet[Person]:
    """People a ledger's "responsible person" filter names: a person id or staff number,
    or a name / pinyin / initials prefix. Only narrows problems the user already sees."""
    ref = " ".join(ref.split())
    if not ref:
        return Person.objects.none()
    exact = Q(staff_no=ref)
    if ref.isdigit():
        exact |= Q(pk=int(ref))
    found = Person.objects.filter(exact)
    return found if found.exists() else Person.objects.search(ref)


def managed_units(user: AnyUser) -> list[Unit]:
    """Units whose problem list the user runs (organizer or unit admin), tree order."""
    return list(
        Unit.objects.filter(permissions.units_with_role(user, *MANAGER_ROLES)).order_by("path")[
            :MAX_UNIT_CHOICES
        ]
    )


def can_create(user: AnyUser) -> bool:
    return Unit.objects.filter(permissions.units_with_role(user, *MANAGER_ROLES)).exists()


def category_choices(current: Category | None = None) -> list[tuple[int, str]]:
    """Categories in use (and the problem's own, even if retired), by their label."""
    chosen = Q(is_active=True)
    if current is not None:
        chosen |= Q(pk=current.pk)
    return [(c.pk, c.label) for c in Category.objects.filter(chosen)]


# --- One problem --------------------------------------------------------------


def owns_measure(problem: Problem, user: AnyUser) -> bool:
    return bool(
        user.is_authenticated and Measure.objects.filter(problem=problem, owner__user=user).exists()
    )


def may_report(problem: Problem, user: AnyUser) -> bool:
    """Add a progress note: as ``actions.add_progress_note`` allows (the responsible
    person, a manager, or the owner of one of its measures, while the plan is carried
    out)."""
    if problem.status not in REPORTING_STATUSES:
        return False
    return problem.can_report(user) or owns_measure(problem, user)


def may_mark(problem: Problem, measure: Measure, user: AnyUser) -> bool:
    """Tick a measure done (or take it back): as ``actions.mark_measure_done`` allows."""
    if problem.status != ProblemStatus.RECTIFYING:
        return False
    owner_user = measure.owner.user_id if measure.owner_id and measure.owner else None
    return (
        problem.is_manager(user)
        or problem.is_responsible(user)
        or (owner_user is not None and owner_user == user.pk)
    )


def may_recheck(problem: Problem, user: AnyUser) -> bool:
    """The recurrence re-check of a closed problem: a verifier, not the responsible."""
    return problem.status == ProblemStatus.CLOSED and problem.is_verifier(user)


def may_review(problem: Problem, user: AnyUser) -> bool:
    """The periodic review of an ongoing effort under way."""
    return (
        problem.kind == ProblemKind.ONGOING
        and problem.status == ProblemStatus.RECTIFYING
        and problem.is_verifier(user)
    )


@dataclass(frozen=True)
class SourceLink:
    label: str
    url: str | None


# Pages of source records whose models have no ``get_absolute_url``.
SOURCE_PAGES = {"exemplars.exemplar": "exemplars:detail"}


def source_link(problem: Problem, user: AnyUser) -> SourceLink:
    """Where the problem was found: the linked record's page when it has one and the
    user may see it; otherwise the label kept on the problem."""
    label = problem.source_label
    if problem.source_type_id is None or problem.source_id is None:
        return SourceLink(label, None)
    model = problem.source_type.model_class() if problem.source_type else None
    if model is None:
        return SourceLink(label, None)
    rows = model._default_manager.all()
    if hasattr(rows, "visible_to"):
        rows = rows.visible_to(user)
    source = rows.filter(pk=problem.source_id).first()
    if source is None:
        return SourceLink(label, None)
    url = None
    if hasattr(source, "get_absolute_url"):
        url = source.get_absolute_url()
    else:
        name = SOURCE_PAGES.get(f"{model._meta.app_label}.{model._meta.model_name}")
        if name:
            try:
                url = reverse(name, args=[source.pk])
            except NoReverseMatch:
                url = None
    return SourceLink(label or str(source), url)


# --- History ------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryLine:
    event: Event
    label: str
    actor: str
    from_status: str
    to_status: str
    details: list[Change]
    text: str  # a measure's description, the files of a note, a score


# The problem's fields as the history names them.
FIELD_LABELS: dict[str, str | Promise] = {
    "unit": _("responsible unit"),
    "responsible": _("responsible person"),
    "title": _("title"),
    "description": _("description"),
    "category": _("category"),
    "source_kind": _("found through"),
    "source_label": _("source"),
    "severity": _("severity"),
    "kind": _("kind"),
    "due_date": _("due date"),
    "review_cycle_days": _("review cycle (days)"),
    "next_review_date": _("next review"),
    "acceptance_standard": _("acceptance standard"),
    "owner": _("owner"),
    "position": _("position"),
}
_LONG = 80  # long texts in a change are cut to this many characters


def problem_events(problem: Problem) -> QuerySet[Event]:
    return (
        Event.objects.filter(target_type=content_type_for(problem), target_id=problem.pk)
        .select_related("actor__person")
        .order_by("created_at", "id")
    )


def _names(events_: list[Event]) -> dict[str, dict[Any, str]]:
    """Names of the units, people and categories the changes refer to by id (three
    queries at most, whatever the number of events)."""
    ids: dict[str, set[int]] = {"unit": set(), "person": set(), "category": set()}
    kinds = {"unit": "unit", "responsible": "person", "owner": "person", "category": "category"}
    for event in events_:
        for key, value in (event.changes or {}).items():
            if key in kinds and isinstance(value, list):
                ids[kinds[key]].update(v for v in value if isinstance(v, int))
    return {
        "unit": dict(Unit.objects.filter(pk__in=ids["unit"]).values_list("pk", "name"))
        if ids["unit"]
        else {},
        "person": dict(Person.objects.filter(pk__in=ids["person"]).values_list("pk", "name"))
        if ids["person"]
        else {},
        "category": dict(Category.objects.filter(pk__in=ids["category"]).values_list("pk", "name"))
        if ids["category"]
        else {},
    }


def _shown(key: str, value: Any, names: dict[str, dict[Any, str]]) -> str:
    if value is None or value == "":
        return "—"
    kinds = {"unit": "unit", "responsible": "person", "owner": "person", "category": "category"}
    if key in kinds:
        return names[kinds[key]].get(value, f"#{value}")
    choices = {
        "kind": dict(ProblemKind.choices),
        "source_kind": dict(Problem._meta.get_field("source_kind").choices or []),
        "severity": dict(Problem._meta.get_field("severity").choices or []),
    }
    if key in choices:
        return str(choices[key].get(value, value))
    text = str(value)
    return text if len(text) <= _LONG else text[: _LONG - 1] + "…"


def _actor(event: Event) -> str:
    user = event.actor
    if user is None:
        return str(_("System"))
    person = getattr(user, "person", None)
    return person.name if person is not None else user.get_username()


def history(problem: Problem) -> list[HistoryLine]:
    """The problem's ledger, oldest first: who did what, from → to, what changed."""
    rows = list(problem_events(problem)[:HISTORY_LIMIT])
    names = _names(rows)
    lines = []
    for event in rows:
        changes = event.changes or {}
        details = [
            Change(str(FIELD_LABELS.get(k, k)), _shown(k, v[0], names), _shown(k, v[1], names))
            for k, v in changes.items()
            if isinstance(v, list) and len(v) == 2 and k in FIELD_LABELS
        ]
        text = ""
        verb = event.verb.removeprefix("problem.")
        if verb in ("add_measure", "remove_measure", "measure_done", "measure_undone"):
            text = str(changes.get("description", ""))
        elif verb == "add_note":
            text = "、".join(str(f[1]) for f in changes.get("files", []) if len(f) > 1)
        elif verb in ("close", "review") and changes.get("score") is not None:
            text = str(_("Score: %(score)s") % {"score": changes["score"]})
        lines.append(
            HistoryLine(
                event=event,
                label=events.label_for(event.verb),
                actor=_actor(event),
                from_status=status_label(event.from_status) if event.from_status else "",
                to_status=status_label(event.to_status) if event.to_status else "",
                details=details,
                text=text,
            )
        )
    return lines
