"""Home, organization browser, person pages, notifications and API tokens."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jianxian.core import access, actions, permissions
from jianxian.core.errors import ActionError
from jianxian.core.forms import PersonSearchForm, TokenForm, UnitForm, UnitPeopleSearchForm
from jianxian.core.http import AuthedRequest
from jianxian.core.models import ApiToken, Event, Membership, Person, Unit


def _page(request: HttpRequest, queryset, per_page: int | None = None):
    paginator = Paginator(queryset, per_page or settings.PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def _with_post(people, unit: Unit | None = None):
    posts = Membership.objects.current().filter(person=OuterRef("pk"))
    if unit is not None:
        posts = posts.filter(unit__path__startswith=unit.path)
    posts = posts.order_by("-is_primary", "-start_date")
    return people.annotate(
        post_title=Subquery(posts.values("post")[:1]),
        post_unit=Subquery(posts.values("unit__name")[:1]),
    )


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    person = Person.objects.filter(user=request.user).first()
    memberships = (
        person.memberships.current().select_related("unit") if person else Membership.objects.none()
    )
    grants = request.user.role_grants.select_related("unit")
    notifications = request.user.notifications.filter(read_at__isnull=True)[:10]
    return render(
        request,
        "core/home.html",
        {
            "person": person,
            "memberships": memberships,
            "grants": grants,
            "notifications": notifications,
            "is_city_admin": permissions.is_city_admin(request.user),
        },
    )


def _children(unit: Unit):
    grandchildren = Unit.objects.filter(parent=OuterRef("pk"))
    return unit.children.annotate(has_children=Exists(grandchildren))


@login_required
def unit_tree(request: AuthedRequest) -> HttpResponse:
    roots = permissions.scope_root_units(request.user)
    grandchildren = Unit.objects.filter(parent=OuterRef("pk"))
    roots_qs = Unit.objects.filter(pk__in=[u.pk for u in roots]).annotate(
        has_children=Exists(grandchildren)
    )
    context = {"roots": roots_qs, "form": PersonSearchForm()}
    if len(roots) == 1:  # a single root opens at once, showing its first level
        context.update(open_id=roots[0].pk, open_children=_children(roots[0]))
    return render(request, "core/unit_tree.html", context)


@login_required
def unit_children(request: AuthedRequest, pk: int) -> HttpResponse:
    """The children of one tree node (an htmx fragment)."""
    unit = access.get_unit_for_user(request.user, pk)
    return render(request, "core/unit_tree.html#children", {"children": _children(unit)})


@login_required
def unit_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    unit = access.get_unit_for_user(request.user, pk)
    include_sub = request.GET.get("all") == "1"
    form = UnitPeopleSearchForm(request.GET or None)
    people = Person.objects.in_unit(unit, subtree=include_sub).order_by("name_pinyin", "id")
    query = ""
    if form.is_valid() and form.cleaned_data["q"]:
        query = form.cleaned_data["q"]
        people = people.search(query)  # in pinyin order too, sorted the fast way
    people = _with_post(people, None if include_sub else unit)
    ancestors = Unit.objects.visible_to(request.user).filter(pk__in=unit.ancestor_ids)
    context = {
        "unit": unit,
        "ancestors": sorted(ancestors, key=lambda u: u.depth),
        "children": _children(unit)[:200],
        "children_count": unit.children.count(),
        "page": _page(request, people),
        "form": form,
        "query": query,
        "include_sub": include_sub,
        "can_manage": permissions.can_manage_unit(request.user, unit),
    }
    if request.htmx and request.htmx.target == "people":
        return render(request, "core/unit_detail.html#people", context)
    return render(request, "core/unit_detail.html", context)


@login_required
def unit_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    unit = access.get_unit_for_user(request.user, pk, write=True)
    initial = {"name": unit.name, "kind": unit.kind, "code": unit.code, "version": unit.version}
    form = UnitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_unit(actor=request.user, unit=unit, **form.cleaned_data)
        except ActionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("core:unit_detail", pk=unit.pk)
    return render(request, "core/unit_edit.html", {"unit": unit, "form": form})


@login_required
def people_search(request: AuthedRequest) -> HttpResponse:
    form = PersonSearchForm(request.GET or None)
    people = Person.objects.none()
    query = ""
    if form.is_valid() and form.cleaned_data["q"]:
        query = form.cleaned_data["q"]
        people = _with_post(Person.objects.visible_to(request.user).search(query))
    context = {"form": form, "query": query, "page": _page(request, people)}
    if request.htmx:
        return render(request, "core/people_search.html#results", context)
    return render(request, "core/people_search.html", context)


@login_required
def person_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    person = access.get_person_for_user(request.user, pk)
    memberships = person.memberships.select_related("unit").order_by("end_date", "-start_date")
    visible_units = set(
        Unit.objects.visible_to(request.user)
        .filter(pk__in=[m.unit_id for m in memberships])
        .values_list("pk", flat=True)
    )
    history = []
    can_manage = permissions.can_manage_person(request.user, person)
    # The current posts the user may end: those in units they manage.
    manageable_posts = {
        m.pk
        for m in memberships
        if can_manage and m.end_date is None and permissions.can_manage_unit(request.user, m.unit)
    }
    if can_manage:
        history = list(
            Event.objects.filter(target_type__model="person", target_id=person.pk)
            .select_related("actor")
            .order_by("-created_at")[:20]
        )
    return render(
        request,
        "core/person_detail.html",
        {
            "person": person,
            "memberships": memberships,
            "visible_units": visible_units,
            "history": history,
            "can_manage": can_manage,
            "manageable_posts": manageable_posts,
        },
    )


@login_required
def notifications(request: AuthedRequest) -> HttpResponse:
    rows = request.user.notifications.all()
    return render(request, "core/notifications.html", {"page": _page(request, rows)})


@login_required
@require_POST
def notification_read(request: AuthedRequest, pk: int) -> HttpResponse:
    notification = access.get_notification_for_user(request.user, pk)
    actions.mark_notification_read(actor=request.user, notification=notification)
    if notification.url and notification.url.startswith("/"):
        return redirect(notification.url)
    return redirect("core:notifications")


@login_required
@require_POST
def notifications_read_all(request: AuthedRequest) -> HttpResponse:
    actions.mark_all_notifications_read(actor=request.user)
    return redirect("core:notifications")


@login_required
def tokens(request: AuthedRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, secret = actions.create_api_token(
                actor=request.user, name=form.cleaned_data["name"]
            )
        except ActionError as exc:
            form.add_error(None, exc.message)
        else:
            form = TokenForm()
    rows = ApiToken.objects.filter(user=request.user)
    return render(request, "core/tokens.html", {"form": form, "tokens": rows, "secret": secret})


@login_required
@require_POST
def token_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    token = access.get_token_for_user(request.user, pk)
    try:
        actions.revoke_api_token(actor=request.user, token=token)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Token revoked."))
    return redirect("core:tokens")
