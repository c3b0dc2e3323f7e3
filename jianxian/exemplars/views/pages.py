"""The exemplar list (search and filters), the detail page and the review queue."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import HttpResponse, QueryDict
from django.shortcuts import render

from jianxian.core import permissions, search
from jianxian.core.http import AuthedRequest
from jianxian.core.models import Unit
from jianxian.exemplars import access
from jianxian.exemplars.forms import ExemplarSearchForm, MoveForm
from jianxian.exemplars.models import (
    CURATOR_ROLES,
    REVIEWER_ROLES,
    TRANSITIONS,
    Deed,
    Exemplar,
    Honour,
    Photo,
    Source,
)

PAGE_SIZE = 24  # cards come three or four to a row
MAX_UNIT_CHOICES = 300
SEARCH_LIMIT = 5000  # the newest matches a search keeps, per kind of record

# Highest level first when picking the top honour.
_LEVEL_RANK = Case(
    When(level="nation", then=Value(5)),
    When(level="province", then=Value(4)),
    When(level="city", then=Value(3)),
    When(level="district", then=Value(2)),
    default=Value(1),
    output_field=IntegerField(),
)


def with_card_fields(exemplars: QuerySet[Exemplar]) -> QuerySet[Exemplar]:
    """What a card shows besides the row: the first photo, the honours count and the
    highest honour, as subqueries (one query for the page), and the qualities."""
    honours = Honour.objects.filter(exemplar=OuterRef("pk"))
    top = honours.annotate(rank=_LEVEL_RANK).order_by("-rank", "-year", "id")
    count = honours.order_by().values("exemplar").annotate(n=Count("pk")).values("n")
    photos = Photo.objects.filter(exemplar=OuterRef("pk")).order_by("sort_order", "id")
    return (
        exemplars.select_related("owner_unit")
        .annotate(
            photo_id=Subquery(photos.values("pk")[:1]),
            honour_count=Coalesce(Subquery(count), 0),
            top_honour=Subquery(top.values("title")[:1]),
        )
        .prefetch_related("qualities")
    )


def _unit_choices(user: Any, visible: QuerySet[Exemplar]) -> list[tuple[int, str]]:
    """Units to narrow the list to (with everything under them): the units that own
    exemplars the user sees, and the units above those, in tree order, indented."""
    paths = visible.order_by().values_list("owner_unit__path", flat=True).distinct()
    ids: set[int] = set()
    for path in paths[:MAX_UNIT_CHOICES]:
        ids.update(int(part) for part in path.strip("/").split("/") if part)
    units = Unit.objects.filter(pk__in=ids).order_by("path")[:MAX_UNIT_CHOICES]
    return [(u.pk, "\u3000" * u.depth + u.name) for u in units]


def _matching(visible: QuerySet[Exemplar], query: str) -> QuerySet[Exemplar]:
    """Exemplars whose name, pinyin, initials or summary match, or with a matching deed.
    Both indexes fold scripts (幹部 finds 干部); the visible set still applies."""
    by_record = search.filter_by_search(visible, query, limit=SEARCH_LIMIT)
    deed_ids = search.search(Deed, query, draft_scope_paths=[""], limit=SEARCH_LIMIT)
    by_deed = visible.filter(pk__in=Deed.objects.filter(pk__in=deed_ids).values("exemplar_id"))
    return by_record | by_deed


def is_curator(user: Any) -> bool:
    """Organizers, unit admins and verifiers somewhere: they see drafts and statuses."""
    return Unit.objects.filter(permissions.units_with_role(user, *CURATOR_ROLES)).exists()


@dataclass
class Listing:
    """The list page's search and filters applied to what the user sees."""

    form: ExemplarSearchForm
    exemplars: QuerySet[Exemplar]
    filters: dict[str, Any]
    query: str
    curator: bool


def filter_exemplars(user: Any, params: QueryDict) -> Listing:
    """The exemplars the list shows for these query parameters (unordered, without the
    card fields); the Excel export uses the same."""
    visible = Exemplar.objects.visible_to(user)
    curator = is_curator(user)
    form = ExemplarSearchForm(params or None, units=_unit_choices(user, visible))
    exemplars: QuerySet[Exemplar] = visible
    filters: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()  # a bad value drops that filter only
        filters = {k: v for k, v in form.cleaned_data.items() if v not in ("", None)}
    # Archived exemplars are off the list unless asked for by status.
    status = filters.get("status") if curator else None
    exemplars = exemplars.filter(status=status) if status else exemplars.exclude(status="archived")
    for name in ("kind", "field", "level"):
        if name in filters:
            exemplars = exemplars.filter(**{name: filters[name]})
    if "quality" in filters:
        exemplars = exemplars.filter(qualities=filters["quality"])
    if "unit" in filters:
        unit = Unit.objects.filter(pk=filters["unit"]).first()
        exemplars = exemplars.filter(owner_unit__path__startswith=unit.path) if unit else exemplars
    query = filters.get("q", "")
    if query:
        exemplars = _matching(exemplars, query)
    return Listing(form, exemplars, filters, query, curator)


@login_required
def exemplar_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    listing = filter_exemplars(user, request.GET)
    form, filters, query, curator = listing.form, listing.filters, listing.query, listing.curator
    exemplars = with_card_fields(listing.exemplars.order_by("name_pinyin", "id"))
    page = Paginator(exemplars, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "query": query,
        "filtered": bool(filters),
        "show_status": curator,
        "can_create": _can_create(user),
    }
    if request.htmx and request.htmx.target == "results":
        return render(request, "exemplars/list.html#results", context)
    return render(request, "exemplars/list.html", context)


def _can_create(user: Any) -> bool:
    from jianxian.exemplars.models import EDITOR_ROLES

    return Unit.objects.filter(permissions.units_with_role(user, *EDITOR_ROLES)).exists()


def workflow_buttons(exemplar: Exemplar, user: Any) -> list[str]:
    """The verbs (``submit``, ``publish``, …) this user may press now."""
    moves = TRANSITIONS.get(exemplar.status, {})
    return [moves[to].verb for to in exemplar.allowed_moves(user)]


@login_required
def exemplar_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    exemplar = access.get_exemplar_for_user(user, pk)
    deeds = list(Deed.objects.filter(exemplar=exemplar).prefetch_related("photos", "sources"))
    photos = Photo.objects.filter(exemplar=exemplar, deed__isnull=True)
    sources = Source.objects.filter(exemplar=exemplar, deed__isnull=True)
    context = {
        "exemplar": exemplar,
        "honours": exemplar.honours.all(),
        "qualities": exemplar.qualities.all(),
        "deeds": deeds,
        "photos": photos,
        "sources": sources,
        "can_edit": exemplar.can_edit(user),
        "can_delete": exemplar.can_delete(user),
        "moves": workflow_buttons(exemplar, user),
        "move_form": MoveForm(),
        "show_status": exemplar.status != Exemplar.Status.PUBLISHED or is_curator(user),
    }
    return render(request, "exemplars/detail.html", context)


@login_required
def review_queue(request: AuthedRequest) -> HttpResponse:
    """Exemplars under review in units the user reviews (unit admin or verifier over
    the owning unit), oldest submission first."""
    user = request.user
    reviewed_units = Unit.objects.filter(permissions.units_with_role(user, *REVIEWER_ROLES))
    exemplars = (
        Exemplar.objects.visible_to(user)
        .filter(status=Exemplar.Status.UNDER_REVIEW, owner_unit__in=reviewed_units)
        .select_related("owner_unit", "submitted_by")
        .annotate(deed_count=Count("deeds"))
        .order_by("submitted_at", "id")
    )
    page = Paginator(exemplars, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "exemplars/review.html", {"page": page})
