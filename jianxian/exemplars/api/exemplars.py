"""The exemplar records: list and search, create, read, edit, delete, workflow moves,
qualities, rights, and the vocabulary of qualities."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Status
from ninja.pagination import PageNumberPagination, paginate

from jianxian.core import access as core_access
from jianxian.core import search
from jianxian.core.errors import ActionError
from jianxian.core.http import AuthedRequest
from jianxian.core.models import Person, Unit
from jianxian.exemplars import access, actions
from jianxian.exemplars.api.routing import router
from jianxian.exemplars.api.schemas import (
    ExemplarCreateIn,
    ExemplarDetailOut,
    ExemplarOut,
    ExemplarUpdateIn,
    QualitiesIn,
    QualityOut,
    RightsIn,
    TransitionIn,
)
from jianxian.exemplars.models import Deed, Exemplar, Quality

# Search results feeding the ORM filters: at most this many matching exemplars and deeds.
SEARCH_LIMIT = 5000
QUERY_MAX = 100


# --- Helpers ------------------------------------------------------------------


def _qualities(codes: list[str]) -> list[Quality]:
    """The qualities with these codes, in the order given; an unknown code is refused."""
    wanted = list(dict.fromkeys(c.strip() for c in codes if c.strip()))
    found = {q.code: q for q in Quality.objects.filter(code__in=wanted)}
    unknown = [code for code in wanted if code not in found]
    if unknown:
        raise ActionError(_("Unknown qualities: %(codes)s") % {"codes": ", ".join(sorted(unknown))})
    return [found[code] for code in wanted]


def _person(user: Any, pk: int | None, current: Person | None = None) -> Person | None:
    """The person to link: one the user may see (the current link is kept as it is)."""
    if pk is None:
        return None
    if current is not None and current.pk == pk:
        return current
    try:
        return core_access.get_person_for_user(user, pk)
    except Http404:
        raise ActionError(_("No person with this id is within your scope.")) from None


def _unit(user: Any, pk: int | None, current: Unit | None = None) -> Unit | None:
    """The unit to link: one the user may see (the current link is kept as it is)."""
    if pk is None:
        return None
    if current is not None and current.pk == pk:
        return current
    try:
        return core_access.get_unit_for_user(user, pk)
    except Http404:
        raise ActionError(_("No unit with this id is within your scope.")) from None


def _detail(request: AuthedRequest, exemplar: Exemplar) -> Exemplar:
    """The exemplar with what the detail schema shows, fitted to the reader: the
    consent record and the review note only for those who curate it."""
    user = request.user
    exemplar = (
        Exemplar.objects.select_related("owner_unit")
        .prefetch_related("qualities", "honours")
        .get(pk=exemplar.pk)
    )
    curator = exemplar.is_editor(user) or exemplar.is_reviewer(user)
    extra: dict[str, Any] = {
        "consent_note": exemplar.consent_note if curator else None,
        "review_note": exemplar.review_note if curator else None,
        "can_edit": exemplar.can_edit(user),
        "can_delete": exemplar.can_delete(user),
        "allowed_moves": exemplar.allowed_moves(user),
    }
    for key, value in extra.items():
        setattr(exemplar, key, value)
    return exemplar


def search_exemplars(queryset: QuerySet[Exemplar], query: str) -> QuerySet[Exemplar]:
    """``queryset`` narrowed to exemplars matching ``query`` by their own text (name,
    pinyin, initials, summary, qualities, honours) or by one of their deeds; both
    scripts fold together. The queryset's visibility filter still applies."""
    query = query.strip()[:QUERY_MAX]
    exemplar_ids = search.search(Exemplar, query, draft_scope_paths=[""], limit=SEARCH_LIMIT)
    deed_ids = search.search(Deed, query, draft_scope_paths=[""], limit=SEARCH_LIMIT)
    by_deed = Deed.objects.filter(pk__in=deed_ids).values("exemplar_id")
    return queryset.filter(Q(pk__in=exemplar_ids) | Q(pk__in=by_deed))


# --- The vocabulary -----------------------------------------------------------


@router.get("/qualities", response=list[QualityOut])
def list_qualities(request: AuthedRequest, active: bool | None = None):
    qualities = Quality.objects.all()
    if active is not None:
        qualities = qualities.filter(is_active=active)
    return qualities


# --- Exemplars ----------------------------------------------------------------


def listed(
    user: object,
    *,
    q: str = "",
    kind: str | None = None,
    field: str | None = None,
    level: str | None = None,
    quality: str | None = None,
    unit: int | None = None,
    status: str | None = None,
) -> QuerySet[Exemplar]:
    """What ``GET /api/v1/exemplars`` lists for these filters, unordered (the Excel
    export uses the same); an unknown ``unit`` only narrows, to nothing."""
    exemplars: QuerySet[Exemplar] = Exemplar.objects.visible_to(user)
    for name, value in (("kind", kind), ("field", field), ("level", level), ("status", status)):
        if value:
            exemplars = exemplars.filter(**{name: value})
    if quality:
        exemplars = exemplars.filter(qualities__code=quality)
    if unit is not None:
        path = Unit.objects.filter(pk=unit).values_list("path", flat=True).first()
        exemplars = (
            exemplars.filter(owner_unit__path__startswith=path) if path else exemplars.none()
        )
    if q.strip():
        exemplars = search_exemplars(exemplars, q)
    return exemplars


@router.get("", response=list[ExemplarOut])
@paginate(PageNumberPagination, page_size=50)
def list_exemplars(
    request: AuthedRequest,
    q: str = "",
    kind: str | None = None,
    field: str | None = None,
    level: str | None = None,
    quality: str | None = None,
    unit: int | None = None,
    status: str | None = None,
):
    """Exemplars the caller may see, filtered; ``unit`` takes the unit's subtree and
    ``q`` searches names (also in pinyin and initials), summaries and deeds in either
    script."""
    exemplars = listed(
        request.user,
        q=q,
        kind=kind,
        field=field,
        level=level,
        quality=quality,
        unit=unit,
        status=status,
    )
    return (
        exemplars.select_related("owner_unit")
        .prefetch_related("qualities")
        .order_by("name_pinyin", "id")
    )


@router.post("", response={201: ExemplarDetailOut})
def create_exemplar(request: AuthedRequest, payload: ExemplarCreateIn):
    user = request.user
    owner_unit = core_access.get_unit_for_user(user, payload.owner_unit_id)
    exemplar = actions.create_exemplar(
        actor=user,
        owner_unit=owner_unit,
        kind=payload.kind,
        field=payload.field,
        level=payload.level,
        name=payload.name,
        person=_person(user, payload.person_id),
        subject_unit=_unit(user, payload.subject_unit_id),
        external_name=payload.external_name,
        summary=payload.summary,
        qualities=_qualities(payload.qualities),
    )
    return Status(201, _detail(request, exemplar))


@router.get("/{int:exemplar_id}", response=ExemplarDetailOut)
def get_exemplar(request: AuthedRequest, exemplar_id: int):
    return _detail(request, access.get_exemplar_for_user(request.user, exemplar_id))


@router.patch("/{int:exemplar_id}", response=ExemplarDetailOut)
def update_exemplar(request: AuthedRequest, exemplar_id: int, payload: ExemplarUpdateIn):
    """Change the fields sent; the rest keep their values. A stale ``version`` is 409."""
    user = request.user
    exemplar = access.get_exemplar_for_user(user, exemplar_id, write=True)
    sent = payload.dict(exclude_unset=True)
    person = exemplar.person
    if "person_id" in sent:
        person = _person(user, sent["person_id"], exemplar.person)
    subject_unit = exemplar.subject_unit
    if "subject_unit_id" in sent:
        subject_unit = _unit(user, sent["subject_unit_id"], exemplar.subject_unit)

    def value(name: str) -> Any:
        given = sent.get(name)
        return getattr(exemplar, name) if given is None else given

    codes = sent.get("qualities")
    exemplar = actions.update_exemplar(
        actor=user,
        exemplar=exemplar,
        version=payload.version,
        kind=value("kind"),
        field=value("field"),
        level=value("level"),
        name=value("name"),
        person=person,
        subject_unit=subject_unit,
        external_name=value("external_name"),
        summary=value("summary"),
        qualities=None if codes is None else _qualities(codes),
    )
    return _detail(request, exemplar)


@router.delete("/{int:exemplar_id}", response={204: None})
def delete_exemplar(request: AuthedRequest, exemplar_id: int):
    """Delete a draft that was never published; anything else is archived instead."""
    exemplar = access.get_exemplar_for_user(request.user, exemplar_id)
    actions.delete_exemplar(actor=request.user, exemplar=exemplar)
    return Status(204, None)


@router.post("/{int:exemplar_id}/transitions", response=ExemplarDetailOut)
def move_exemplar(request: AuthedRequest, exemplar_id: int, payload: TransitionIn):
    """Move the exemplar along its workflow: ``to`` is one of the detail's
    ``allowed_moves``; returning to draft needs a ``note`` saying why."""
    exemplar = access.get_exemplar_for_user(request.user, exemplar_id)
    exemplar = actions.move_exemplar(
        actor=request.user, exemplar=exemplar, to_status=payload.to, note=payload.note
    )
    return _detail(request, exemplar)


@router.put("/{int:exemplar_id}/qualities", response=ExemplarDetailOut)
def set_qualities(request: AuthedRequest, exemplar_id: int, payload: QualitiesIn):
    exemplar = access.get_exemplar_for_user(request.user, exemplar_id, write=True)
    actions.set_exemplar_qualities(
        actor=request.user, exemplar=exemplar, qualities=_qualities(payload.qualities)
    )
    return _detail(request, exemplar)


@router.put("/{int:exemplar_id}/rights", response=ExemplarDetailOut)
def set_rights(request: AuthedRequest, exemplar_id: int, payload: RightsIn):
    """Record the consent to public and school use and whether the portal shows it."""
    exemplar = access.get_exemplar_for_user(request.user, exemplar_id, write=True)
    exemplar = actions.set_exemplar_rights(actor=request.user, exemplar=exemplar, **payload.dict())
    return _detail(request, exemplar)
