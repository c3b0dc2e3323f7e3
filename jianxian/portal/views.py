"""The public portal: published exemplars marked public, for anyone, signed in or not.

Everything here starts from ``Exemplar.objects.public()`` (published and shown on the
portal, which needs the consent to public use): a draft, an exemplar under review or
archived, or one whose consent was withdrawn is a 404 like a record that never was.
The pages carry nothing personal beyond the exemplar's own record (no phone, no email)
and no CSRF token, so that a shared cache may keep them for a few minutes.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

from jianxian.core import search
from jianxian.exemplars.models import Deed, Exemplar, ExemplarField, Level, Photo, Source

PAGE_SIZE = 12
CACHE_SECONDS = 300
SEARCH_LIMIT = 5000  # the newest matches of a query that count (exemplars, then deeds)
HONOURS_ON_CARD = 2
LEVEL_RANK = {value: rank for rank, value in enumerate(Level.values)}  # unit … nation

# What the portal's pages may load: this site's files only, nothing inline, no frames.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "script-src 'self'",
        "style-src 'self'",
        "font-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def _blank(label: Any) -> list[tuple[str, Any]]:
    return [("", label)]


class PortalSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=50, strip=True)
    field = forms.ChoiceField(
        label=_("Field"), required=False, choices=_blank(_("All fields")) + ExemplarField.choices
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=_blank(_("All kinds")) + Exemplar.Kind.choices,
    )
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=_blank(_("All levels")) + Level.choices
    )


def public_response(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """A portal page: GET/HEAD only, cacheable by anyone for a few minutes, and a
    strict content security policy (the pages run no inline script)."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    return require_safe(cache_control(public=True, max_age=CACHE_SECONDS)(wrapped))


def public_exemplars() -> QuerySet[Exemplar]:
    return Exemplar.objects.public()


def _cover_photo() -> Subquery:
    """The id of the exemplar's first photo: its own before its deeds' photos."""
    photos = Photo.objects.filter(exemplar=OuterRef("pk")).order_by(
        F("deed").asc(nulls_first=True), "sort_order", "id"
    )
    return Subquery(photos.values("pk")[:1])


def _search(exemplars: QuerySet[Exemplar], query: str) -> tuple[QuerySet[Exemplar], dict]:
    """Exemplars whose record or one of whose stories matches ``query`` (either script),
    and for each exemplar the titles of its matching stories. Only public documents of
    the index count; the queryset keeps its own filter too."""
    own = search.search(Exemplar, query, scope_paths=[], include_public=True, limit=SEARCH_LIMIT)
    deed_ids = search.search(Deed, query, scope_paths=[], include_public=True, limit=SEARCH_LIMIT)
    deeds = Deed.objects.filter(pk__in=deed_ids, exemplar__in=public_exemplars()).values_list(
        "exemplar_id", "title"
    )
    matched: dict[int, list[str]] = {}
    for exemplar_id, title in deeds:
        matched.setdefault(exemplar_id, []).append(title)
    return exemplars.filter(Q(pk__in=own) | Q(pk__in=list(matched))), matched


def top_honours(exemplar: Exemplar, n: int = HONOURS_ON_CARD) -> list[Any]:
    """The highest honours first (nation before province …), the latest among equals."""
    honours = list(exemplar.honours.all())
    honours.sort(key=lambda h: (-LEVEL_RANK.get(h.level, -1), -h.year, h.pk))
    return honours[:n]


@public_response
def index(request: HttpRequest) -> HttpResponse:
    """The portal's front page: public exemplars as cards, with search and filters."""
    form = PortalSearchForm(request.GET or None)
    exemplars = public_exemplars()
    matched: dict[int, list[str]] = {}
    query = ""
    if form.is_bound:
        form.is_valid()  # invalid parts are shown as errors and left out of the filter
        data = form.cleaned_data
        for name in ("field", "kind", "level"):
            if data.get(name):
                exemplars = exemplars.filter(**{name: data[name]})
        query = data.get("q") or ""
        if query:
            exemplars, matched = _search(exemplars, query)
    exemplars = exemplars.annotate(cover_id=_cover_photo()).prefetch_related("honours", "qualities")
    page: Page = Paginator(exemplars, PAGE_SIZE).get_page(request.GET.get("page"))
    cards = [
        {
            "exemplar": exemplar,
            "honours": top_honours(exemplar),
            "matched_deeds": matched.get(exemplar.pk, [])[:3],
        }
        for exemplar in page.object_list
    ]
    return render(
        request,
        "portal/index.html",
        {"form": form, "page": page, "cards": cards, "query": query},
    )


@public_response
def exemplar_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One public exemplar: summary, honours, qualities, photos, deeds as a timeline
    and sources, in a layout that also prints cleanly."""
    photos = Photo.objects.order_by("sort_order", "id")
    exemplar = get_object_or_404(
        public_exemplars()
        .select_related("owner_unit")
        .prefetch_related(
            "honours",
            "qualities",
            Prefetch("photos", queryset=photos.filter(deed__isnull=True), to_attr="own_photos"),
            Prefetch(
                "sources",
                queryset=Source.objects.filter(deed__isnull=True),
                to_attr="own_sources",
            ),
            Prefetch(
                "deeds",
                queryset=Deed.objects.prefetch_related(
                    Prefetch("photos", queryset=photos), "sources"
                ),
            ),
        ),
        pk=pk,
    )
    honours = sorted(
        exemplar.honours.all(), key=lambda h: (-h.year, -LEVEL_RANK.get(h.level, -1), h.pk)
    )
    return render(
        request,
        "portal/exemplar_detail.html",
        {"exemplar": exemplar, "honours": honours, "deeds": list(exemplar.deeds.all())},
    )


@public_response
def photo(request: HttpRequest, pk: int, size: str) -> HttpResponseBase:
    """A photo (``full``) or its thumbnail (``thumb``) of a public exemplar, served with
    the type it was re-encoded as on upload and ``nosniff``."""
    if size not in {"full", "thumb"}:
        raise Http404
    item = get_object_or_404(Photo.objects.filter(exemplar__in=public_exemplars()), pk=pk)
    stored = item.image if size == "full" else item.thumbnail
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, ValueError) as missing:
        raise Http404 from missing
    return FileResponse(handle, content_type=item.mime_type)


@never_cache
@require_safe
def set_language(request: HttpRequest, code: str) -> HttpResponse:
    """The portal's language switch: a plain link (the public pages carry no CSRF token
    to post one), which only sets the reader's language cookie and goes back."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("portal:index")
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
