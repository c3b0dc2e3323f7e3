"""People pages for unit admins: add a person to a unit, edit them, add and end posts."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from jianxian.core import access, actions, permissions
from jianxian.core.errors import ActionError, PermissionDenied
from jianxian.core.forms import PersonCreateForm, PersonEditForm, PostAssignForm, PostEndForm
from jianxian.core.http import AuthedRequest
from jianxian.core.models import Person, Role, Unit

# Up to this many managed units the new-post form offers a select; past it (a city
# admin over thousands of units) it asks for the unit's number instead.
MAX_UNIT_CHOICES = 300


@login_required
def person_create(request: AuthedRequest, pk: int) -> HttpResponse:
    unit = access.get_unit_for_user(request.user, pk, write=True)
    form = PersonCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = actions.create_person(actor=request.user, unit=unit, **form.cleaned_data)
        except ActionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Person added."))
            return redirect("core:person_detail", pk=person.pk)
    return render(request, "core/person_form.html", {"form": form, "unit": unit})


@login_required
def person_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    person = access.get_person_for_user(request.user, pk, write=True)
    initial = {
        "name": person.name,
        "gender": person.gender,
        "categories": person.categories,
        "phone": person.phone,
        "email": person.email,
        "version": person.version,
    }
    form = PersonEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_person(actor=request.user, person=person, **form.cleaned_data)
        except ActionError as exc:  # StaleEdit too: nothing was written
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("core:person_detail", pk=person.pk)
    return render(request, "core/person_form.html", {"form": form, "person": person})


def _unit_choices(user: Any) -> list[tuple[Unit, str]] | None:
    """The units the user manages in tree order, each with its indent; None when
    there are too many for a select."""
    units = list(
        Unit.objects.filter(permissions.units_with_role(user, Role.UNIT_ADMIN)).order_by("path")[
            : MAX_UNIT_CHOICES + 1
        ]
    )
    if len(units) > MAX_UNIT_CHOICES:
        return None
    top = min((unit.depth for unit in units), default=0)
    return [(unit, "\u3000" * (unit.depth - top)) for unit in units]


def _default_unit(request: AuthedRequest, person: Person) -> int | None:
    """The unit asked for in ``?unit=``, else the first current unit of the person that
    the user manages."""
    asked = request.GET.get("unit", "")
    if asked.isdigit():
        return int(asked)
    for membership in person.memberships.current().select_related("unit"):
        if permissions.can_manage_unit(request.user, membership.unit):
            return membership.unit_id
    return None


@login_required
def person_post_add(request: AuthedRequest, pk: int) -> HttpResponse:
    person = access.get_person_for_user(request.user, pk, write=True)
    form = PostAssignForm(request.POST or None, initial={"unit": _default_unit(request, person)})
    if request.method == "POST" and form.is_valid():
        unit = None
        try:
            unit = access.get_unit_for_user(request.user, form.cleaned_data["unit"], write=True)
        except (Http404, PermissionDenied):
            form.add_error("unit", _("Choose a unit you manage."))
        if unit is not None:
            try:
                actions.assign_post(
                    actor=request.user, person=person, unit=unit, post=form.cleaned_data["post"]
                )
            except ActionError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Post added."))
                return redirect("core:person_detail", pk=person.pk)
    context = {"person": person, "form": form, "unit_choices": _unit_choices(request.user)}
    return render(request, "core/person_post_form.html", context)


@login_required
def person_post_end(request: AuthedRequest, pk: int, post_pk: int) -> HttpResponse:
    person = access.get_person_for_user(request.user, pk)
    membership = get_object_or_404(person.memberships.select_related("unit"), pk=post_pk)
    if not permissions.can_manage_unit(request.user, membership.unit):
        raise PermissionDenied(_("You cannot change this unit."))
    if membership.end_date is not None and request.method != "POST":
        messages.info(request, _("This post has already ended."))
        return redirect("core:person_detail", pk=person.pk)
    form = PostEndForm(request.POST or None, initial={"end_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            actions.end_post(
                actor=request.user, membership=membership, end_date=form.cleaned_data["end_date"]
            )
        except ActionError as exc:
            form.add_error(None, exc.message)
        else:
            permissions.forget_scopes(request.user)  # it may have been the user's own post
            if Person.objects.visible_to(request.user).filter(pk=person.pk).exists():
                messages.success(request, _("The post has ended."))
                return redirect("core:person_detail", pk=person.pk)
            # No other post of theirs is in the user's units: the person page is gone.
            messages.success(
                request, _("The post has ended; this person holds no other post in your units.")
            )
            return redirect("core:unit_detail", pk=membership.unit_id)
    context = {"person": person, "membership": membership, "form": form}
    return render(request, "core/person_post_end.html", context)
