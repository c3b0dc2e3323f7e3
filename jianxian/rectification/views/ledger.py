"""The ledger (整改台账): the problems of the user's scope, narrowed by unit subtree and
filters, with the counts at the top, and the bulk start of planned problems.

The page reads a constant number of queries whatever the number of rows: the counts in
one ``GROUP BY`` (``ledger_counts``), which also gives the paginator its total; the
page's ids; and those rows with the measures counted by correlated subqueries.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from jianxian.core.errors import ActionError, PermissionDenied
from jianxian.core.http import AuthedRequest
from jianxian.core.models import Unit
from jianxian.core.text import to_simplified
from jianxian.rectification import actions, queries
from jianxian.rectification.forms import OPEN, LedgerFilterForm
from jianxian.rectification.models import Problem, ProblemQuerySet, ProblemStatus

PAGE_SIZE = 50
BULK_MAX = 200  # rows one bulk action takes
DUE_SOON_DAYS = 7
# What a ledger row shows (and what deciding its checkbox reads).
ROW_FIELDS = (
    "title",
    "status",
    "severity",
    "source_kind",
    "kind",
    "due_date",
    "review_cycle_days",
    "reopen_count",
    "submitted_by_id",
    "unit__name",
    "unit__path",
    "responsible__name",
    "responsible__user_id",
    "category__name",
    "category__name_en",
)
OPEN_STATUSES = [s for s in ProblemStatus.values if s != ProblemStatus.CLOSED]


@dataclass
class Ledger:
    """The ledger's filters applied to what the user sees."""

    form: LedgerFilterForm
    problems: ProblemQuerySet  # filtered, unordered, without the row annotations
    filters: dict[str, Any]
    unit: Unit | None  # the subtree the ledger is narrowed to
    today: datetime.date
    units: list[Unit] = field(default_factory=list)  # the unit picker's units


def _unit_choices(user: Any, chosen: Unit | None) -> tuple[list[Unit], list[tuple[int, str]]]:
    units = queries.picker_units(user, chosen)
    return units, queries.indented(units)


def filter_problems(user: Any, params: QueryDict, *, today: datetime.date | None = None) -> Ledger:
    """The problems the ledger shows for these query parameters (the export uses the
    same): visible to ``user``, narrowed to a unit's subtree and by the filters. A bad
    value drops its own filter only."""
    today = today or timezone.localdate()
    # The chosen unit, if the user may see it, is offered with the way down to it and
    # the level under it (a link from a unit's page, or drilling down).
    raw_unit = params.get("unit", "")
    unit = queries.visible_unit(user, int(raw_unit)) if raw_unit.isdigit() else None
    units, unit_choices = _unit_choices(user, unit)
    form = LedgerFilterForm(
        params or None, units=unit_choices, categories=queries.category_choices()
    )
    filters: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()  # a bad value drops that filter only
        filters = {k: v for k, v in form.cleaned_data.items() if v not in ("", None)}
    status = filters.get("status")
    overdue = filters.get("overdue")
    problems = Problem.objects.visible_to(user).filter_ledger(
        unit=unit if "unit" in filters else None,
        status=OPEN_STATUSES if status == OPEN else status,
        overdue={"yes": True, "no": False}.get(overdue or ""),
        category=filters.get("category"),
        kind=filters.get("kind"),
        severity=filters.get("severity"),
        source_kind=filters.get("source_kind"),
        due_from=filters.get("due_from"),
        due_to=filters.get("due_to"),
        today=today,
    )
    if overdue == "soon":
        problems = problems.due_within(DUE_SOON_DAYS, today)
    if "owner" in filters:
        people = queries.people_matching(filters["owner"])
        problems = problems.filter(responsible__in=people.order_by().values("pk"))
    query = filters.get("q", "")
    if query:
        words = {query, to_simplified(query)}
        match = Q()
        for word in words:
            match |= Q(title__icontains=word)
        problems = problems.filter(match)
    return Ledger(form, problems, filters, unit if "unit" in filters else None, today, units)


def _can_start(problem: Problem, user: Any) -> bool:
    """Planned and the user may start it (no query: the unit and the responsible
    person come with the row, the user's scopes are cached)."""
    return (
        problem.status == ProblemStatus.PLANNED
        and problem.refusal_to_move(user, ProblemStatus.RECTIFYING) is None
    )


@login_required
def problem_ledger(request: AuthedRequest) -> HttpResponse:
    user = request.user
    found = filter_problems(user, request.GET)
    counts = found.problems.ledger_counts(found.today)
    # The page's ids first (the filters and the order on indexed columns only), then
    # those rows with their names and measure counts: the subqueries run for the page's
    # rows only, even where the database sorts before it limits.
    paginator = Paginator(found.problems.order_by("-id").values_list("pk", flat=True), PAGE_SIZE)
    paginator.count = counts["total"]  # counted once, with the counts at the top
    page = paginator.get_page(request.GET.get("page"))
    rows = Problem.objects.filter(pk__in=list(page.object_list)).only(*ROW_FIELDS)
    problems = queries.labelled(list(queries.with_progress(rows).order_by("-id")))
    page.object_list = problems  # type: ignore[assignment]  # the rows for those ids
    startable = {p.pk for p in problems if _can_start(p, user)}
    context = {
        "form": found.form,
        "page": page,
        "counts": counts,
        "unit": found.unit,
        "today": found.today,
        "filtered": bool(found.filters),
        "startable": startable,
        "can_create": queries.can_create(user),
        "status_cards": [(s.value, s.label, counts[s.value]) for s in ProblemStatus],
    }
    if request.htmx and request.htmx.target == "results":
        return render(request, "rectification/ledger.html#results", context)
    return render(request, "rectification/ledger.html", context)


BULK_ACTIONS = ("start",)


def _back(request: AuthedRequest) -> HttpResponse:
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    return redirect("rectification:ledger")


@login_required
@require_POST
def bulk(request: AuthedRequest) -> HttpResponse:
    """Start the rectification of the selected planned problems, each through its own
    action (and transaction): what one refuses does not stop the others, and every
    refusal is reported with the problem's title."""
    action = request.POST.get("action", "")
    if action not in BULK_ACTIONS:
        messages.error(request, _("Choose what to do with the selected problems."))
        return _back(request)
    ids = [int(v) for v in request.POST.getlist("problem") if v.isdigit()][:BULK_MAX]
    if not ids:
        messages.error(request, _("Select at least one problem."))
        return _back(request)
    problems = Problem.objects.visible_to(request.user).select_related("unit", "responsible")
    started = 0
    refused: list[str] = []
    for problem in problems.filter(pk__in=ids).order_by("id"):
        try:
            actions.start_problem(actor=request.user, problem=problem)
        except (ActionError, PermissionDenied) as exc:
            reason = exc.message if isinstance(exc, ActionError) else str(exc)
            refused.append(f"{problem.title}: {reason}")
        else:
            started += 1
    if started:
        messages.success(
            request,
            ngettext(
                "Rectification started for %(n)d problem.",
                "Rectification started for %(n)d problems.",
                started,
            )
            % {"n": started},
        )
    if refused:
        messages.error(
            request,
            _("Not started: %(problems)s") % {"problems": "; ".join(refused)},
        )
    return _back(request)
