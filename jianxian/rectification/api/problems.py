"""The ledger and its problems: list with filters and counts, create, read, edit,
delete, and each problem's history.

(No ``from __future__ import annotations`` here: ninja reads ``Query[LedgerFilters]``
from the evaluated annotations.)
"""

from typing import Any, Literal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Prefetch, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Status
from ninja.pagination import PageNumberPagination, paginate

from jianxian.core import access as core_access
from jianxian.core.errors import ActionError
from jianxian.core.http import AuthedRequest
from jianxian.core.models import Event, Person, Unit
from jianxian.core.text import to_simplified, to_traditional
from jianxian.rectification import access, actions
from jianxian.rectification.api.routing import router
from jianxian.rectification.api.schemas import (
    CountsOut,
    EventOut,
    LedgerFilters,
    ProblemCreateIn,
    ProblemDetailOut,
    ProblemOut,
    ProblemUpdateIn,
)
from jianxian.rectification.models import (
    TRANSITIONS,
    Category,
    Evidence,
    Problem,
    ProblemKind,
    ProblemQuerySet,
    ProblemStatus,
    Verification,
)

QUERY_MAX = 100

# The ledger's orders: newest first, or the nearest due date first (undated last).
ORDERS: dict[str, tuple[Any, ...]] = {
    "newest": ("-id",),
    "due": (F("due_date").asc(nulls_last=True), "-id"),
}


# --- Looking things up for a write ------------------------------------------------------


def person_for(user: Any, pk: int | None, current: Person | None = None) -> Person | None:
    """A person the caller may see (the current one is kept as it is)."""
    if pk is None:
        return None
    if current is not None and current.pk == pk:
        return current
    try:
        return core_access.get_person_for_user(user, pk)
    except Http404:
        raise ActionError(_("No person with this id is within your scope.")) from None


def _category(pk: int) -> Category:
    category = Category.objects.filter(pk=pk).first()
    if category is None:
        raise ActionError(_("No problem category with this id."))
    return category


def _unit(user: Any, pk: int, current: Unit | None = None) -> Unit:
    if current is not None and current.pk == pk:
        return current
    try:
        return core_access.get_unit_for_user(user, pk)
    except Http404:
        raise ActionError(_("No unit with this id is within your scope.")) from None


def _source(user: Any, source_type: str | None, source_id: int | None) -> Any:
    """The record where the problem was found: ``"app_label.model"`` and an id, of a
    kind whose records know who sees them (``visible_to``), and one the caller sees."""
    if source_type is None and source_id is None:
        return None
    if source_type is None or source_id is None:
        raise ActionError(_("Give both the source's type and its id, or neither."))
    app_label, _dot, model = source_type.strip().lower().partition(".")
    kind = ContentType.objects.filter(app_label=app_label, model=model).first()
    model_class = kind.model_class() if kind is not None else None
    manager = getattr(model_class, "objects", None)
    if model_class is None or not hasattr(manager, "visible_to"):
        raise ActionError(
            _("A problem cannot refer to a record of this type: %(type)s") % {"type": source_type}
        )
    record = manager.visible_to(user).filter(pk=source_id).first()  # type: ignore[union-attr]
    if record is None:
        raise ActionError(_("No such source record is within your scope."))
    return record


# --- Reading -------------------------------------------------------------------------


def allowed_actions(problem: Problem, user: Any) -> list[str]:
    """The move endpoints the user may call now (content gates aside: planning still
    needs a measure, submitting finished measures and evidence)."""
    verbs = [TRANSITIONS[problem.status][to].verb for to in problem.allowed_moves(user)]
    verbs = ["recheck" if verb == "reopen" else verb for verb in verbs]
    if problem.status == ProblemStatus.CLOSED and problem.is_verifier(user):
        verbs.append("recheck")  # confirming it is no move
    if (
        problem.kind == ProblemKind.ONGOING
        and problem.status == ProblemStatus.RECTIFYING
        and problem.is_verifier(user)
    ):
        verbs.append("review")
    return list(dict.fromkeys(verbs))


def detail(request: AuthedRequest, problem: Problem) -> Problem:
    """The problem with what the detail schema shows, fitted to the caller."""
    user = request.user
    problem = (
        Problem.objects.select_related("unit", "responsible", "category", "source_type")
        .prefetch_related(
            "measures__owner",
            Prefetch(
                "verifications",
                queryset=Verification.objects.select_related("verifier__person"),
            ),
        )
        .get(pk=problem.pk)
    )
    notes = problem.notes.aggregate(n=Count("pk"))["n"]
    extra: dict[str, Any] = {
        "notes_count": notes,
        "evidence_count": Evidence.objects.filter(note__problem=problem).count() if notes else 0,
        "allowed_actions": allowed_actions(problem, user),
        "can_edit": problem.can_edit(user),
        "can_delete": problem.can_delete(user),
        "can_report": problem.can_report(user),
    }
    for key, value in extra.items():
        setattr(problem, key, value)
    return problem


def _search(problems: ProblemQuerySet, query: str) -> ProblemQuerySet:
    """Problems whose title, description or source contain ``query`` as written, in
    Simplified or in Traditional script."""
    query = query.strip()[:QUERY_MAX]
    match = Q()
    for form in dict.fromkeys((query, to_simplified(query), to_traditional(query))):
        match |= (
            Q(title__icontains=form)
            | Q(description__icontains=form)
            | Q(source_label__icontains=form)
        )
    return problems.filter(match)


def listed(user: Any, filters: LedgerFilters, *, by_status: bool = True) -> ProblemQuerySet:
    """The problems ``user`` sees, through the ledger's filters (unordered).
    ``by_status=False`` leaves out the status and overdue filters (for the counts,
    which split by those)."""
    problems: ProblemQuerySet = Problem.objects.visible_to(user)
    unit = None
    if filters.unit is not None:
        # Only narrows what the caller already sees: an unknown unit is an empty list.
        unit = Unit.objects.filter(pk=filters.unit).only("pk", "path").first()
        if unit is None:
            return problems.none()
    problems = problems.filter_ledger(
        unit=unit,
        status=(filters.status or None) if by_status else None,
        overdue=filters.overdue if by_status else None,
        category=filters.category,
        kind=filters.kind,
        severity=filters.severity,
        source_kind=filters.source_kind,
        responsible=filters.responsible,
        due_from=filters.due_from,
        due_to=filters.due_to,
        today=timezone.localdate(),
    )
    if filters.q.strip():
        problems = _search(problems, filters.q)
    return problems


@router.get("/problems", response=list[ProblemOut])
@paginate(PageNumberPagination, page_size=50)
def list_problems(
    request: AuthedRequest,
    filters: Query[LedgerFilters],
    order: Literal["newest", "due"] = "newest",
):
    """The ledger: problems the caller may see, filtered; ``unit`` takes the unit's
    subtree, ``status`` may repeat, ``overdue`` is derived from the due date."""
    return listed(request.user, filters).for_ledger().order_by(*ORDERS[order])


@router.get("/problems/counts", response=CountsOut)
def problem_counts(request: AuthedRequest, filters: Query[LedgerFilters]):
    """The counts at the top of the ledger for the same filters, status and overdue
    aside (the counts split by those): total, per status, open, overdue, due soon."""
    return listed(request.user, filters, by_status=False).ledger_counts(timezone.localdate())


@router.get("/problems/{int:problem_id}", response=ProblemDetailOut)
def get_problem(request: AuthedRequest, problem_id: int):
    return detail(request, access.get_problem_for_user(request.user, problem_id))


@router.post("/problems", response={201: ProblemDetailOut})
def create_problem(request: AuthedRequest, payload: ProblemCreateIn):
    """Put a problem on a unit's list, as a draft (the unit's managers)."""
    user = request.user
    unit = core_access.get_unit_for_user(user, payload.unit_id)
    responsible = person_for(user, payload.responsible_id)
    assert responsible is not None
    problem = actions.create_problem(
        actor=user,
        unit=unit,
        responsible=responsible,
        title=payload.title,
        category=_category(payload.category_id),
        kind=payload.kind,
        source_kind=payload.source_kind,
        source=_source(user, payload.source_type, payload.source_id),
        source_label=payload.source_label,
        description=payload.description,
        severity=payload.severity,
        due_date=payload.due_date,
        review_cycle_days=payload.review_cycle_days,
        next_review_date=payload.next_review_date,
        acceptance_standard=payload.acceptance_standard,
    )
    return Status(201, detail(request, problem))


@router.patch("/problems/{int:problem_id}", response=ProblemDetailOut)
def update_problem(request: AuthedRequest, problem_id: int, payload: ProblemUpdateIn):
    """Change the fields sent; the rest keep their values. A stale ``version`` is 409
    and writes nothing."""
    user = request.user
    problem = access.get_problem_for_user(user, problem_id, write=True)
    sent = payload.dict(exclude_unset=True)
    sent.pop("version")
    note = sent.pop("note", "")
    changes: dict[str, Any] = {}
    for name in ("due_date", "review_cycle_days", "next_review_date"):
        if name in sent:
            changes[name] = sent.pop(name)  # null clears
    for name, value in sent.items():
        if value is None:
            continue  # null keeps a field that cannot be empty
        if name == "unit_id":
            changes["unit"] = _unit(user, value, problem.unit)
        elif name == "responsible_id":
            changes["responsible"] = person_for(user, value, problem.responsible)
        elif name == "category_id":
            changes["category"] = _category(value)
        else:
            changes[name] = value
    problem = actions.update_problem(
        actor=user, problem=problem, version=payload.version, note=note, **changes
    )
    return detail(request, problem)


@router.delete("/problems/{int:problem_id}", response={204: None})
def delete_problem(request: AuthedRequest, problem_id: int):
    """Delete a draft (its managers); anything past the draft stays on the ledger."""
    problem = access.get_problem_for_user(request.user, problem_id, write=True)
    actions.delete_problem(actor=request.user, problem=problem)
    return Status(204, None)


@router.get("/problems/{int:problem_id}/history", response=list[EventOut])
@paginate(PageNumberPagination, page_size=50)
def problem_history(request: AuthedRequest, problem_id: int):
    """Every move and edit of the problem, its measures and notes: the ``Event`` rows,
    newest first."""
    problem = access.get_problem_for_user(request.user, problem_id)
    return Event.objects.filter(
        target_type=ContentType.objects.get_for_model(Problem), target_id=problem.pk
    ).select_related("actor__person")
