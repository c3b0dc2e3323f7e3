"""The forms that build an exemplar: its record, qualities, rights, deeds, honours,
sources and photos. Each view: access → form → one action → redirect or the form again
with the action's message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jianxian.core import permissions
from jianxian.core.errors import ActionError, PermissionDenied
from jianxian.core.http import AuthedRequest
from jianxian.core.models import Unit
from jianxian.exemplars import access, actions
from jianxian.exemplars.forms import (
    DeedForm,
    ExemplarForm,
    HonourForm,
    PhotoForm,
    QualitiesForm,
    RightsForm,
    SourceForm,
)
from jianxian.exemplars.models import EDITOR_ROLES, Deed, Exemplar

MAX_UNIT_CHOICES = 300


def _editable_units(user: Any) -> list[tuple[int, str]]:
    """Units whose library the user builds (organizer or unit admin), in tree order."""
    units = list(
        Unit.objects.filter(permissions.units_with_role(user, *EDITOR_ROLES)).order_by("path")[
            :MAX_UNIT_CHOICES
        ]
    )
    top = min((u.depth for u in units), default=0)
    return [(u.pk, "\u3000" * (u.depth - top) + u.name) for u in units]


def _links(data: dict[str, Any]) -> dict[str, Any]:
    """Who or what the exemplar is about: the platform person or unit the form resolved,
    or a name outside the platform (the exemplar's own name when left empty, except for a
    practice). The action refuses a link that does not fit the kind."""
    person, unit, external = data["person_ref"], data["unit_ref"], data["external_name"]
    if not (person or unit or external) and data["kind"] != Exemplar.Kind.PRACTICE:
        external = data["name"]
    return {"person": person, "subject_unit": unit, "external_name": external}


def _render_form(request: AuthedRequest, form: Any, exemplar: Exemplar | None, **extra: Any):
    context = {"form": form, "exemplar": exemplar, **extra}
    return render(request, "exemplars/form.html", context)


def _form_view(
    request: AuthedRequest,
    form: Any,
    exemplar: Exemplar | None,
    write: Callable[[dict[str, Any]], Any],
    *,
    done: str,
    title: str,
    error_field: str | None = None,
    **extra: Any,
) -> HttpResponse:
    """The one shape of every form here: on a valid POST run the action (``write``); on
    success say ``done`` and show the exemplar (the one the action returned when there was
    none yet), otherwise show the form again with the action's message."""
    if request.method == "POST" and form.is_valid():
        try:
            result = write(form.cleaned_data)
        except ActionError as exc:  # StaleEdit and UploadRejected too: nothing was written
            form.add_error(error_field, exc.message)
        else:
            messages.success(request, done)
            return redirect("exemplars:detail", pk=(exemplar or result).pk)
    return _render_form(request, form, exemplar, title=title, **extra)


@login_required
def exemplar_create(request: AuthedRequest) -> HttpResponse:
    units = _editable_units(request.user)
    if not units:
        raise PermissionDenied(_("You cannot add exemplars."))
    form = ExemplarForm(
        request.POST or None,
        user=request.user,
        units=units,
        initial={"owner_unit": units[0][0]},
    )

    def write(data: dict[str, Any]) -> Exemplar:
        owner = Unit.objects.filter(pk=data["owner_unit"]).first()
        if owner is None:
            raise ActionError(_("Choose a unit."))
        return actions.create_exemplar(
            actor=request.user,
            owner_unit=owner,
            kind=data["kind"],
            field=data["field"],
            level=data["level"],
            name=data["name"],
            summary=data["summary"],
            qualities=data["qualities"],
            **_links(data),
        )

    return _form_view(
        request, form, None, write, done=_("Exemplar created as a draft."), title=_("New exemplar")
    )


@login_required
def exemplar_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    exemplar = access.get_exemplar_for_user(request.user, pk, write=True)
    initial = {
        "kind": exemplar.kind,
        "name": exemplar.name,
        "external_name": exemplar.external_name,
        "field": exemplar.field,
        "level": exemplar.level,
        "summary": exemplar.summary,
        "qualities": list(exemplar.qualities.values_list("pk", flat=True)),
        "version": exemplar.version,
    }
    form = ExemplarForm(request.POST or None, user=request.user, exemplar=exemplar, initial=initial)

    def write(data: dict[str, Any]) -> Exemplar:
        return actions.update_exemplar(
            actor=request.user,
            exemplar=exemplar,
            version=data["version"],
            kind=data["kind"],
            field=data["field"],
            level=data["level"],
            name=data["name"],
            summary=data["summary"],
            qualities=data["qualities"],
            **_links(data),
        )

    return _form_view(request, form, exemplar, write, done=_("Saved."), title=_("Edit exemplar"))


@login_required
def qualities_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    exemplar = access.get_exemplar_for_user(request.user, pk, write=True)
    initial = {"qualities": list(exemplar.qualities.values_list("pk", flat=True))}
    form = QualitiesForm(request.POST or None, exemplar=exemplar, initial=initial)
    return _form_view(
        request,
        form,
        exemplar,
        lambda data: actions.set_exemplar_qualities(
            actor=request.user, exemplar=exemplar, qualities=data["qualities"]
        ),
        done=_("Saved."),
        title=_("Qualities"),
    )


@login_required
def rights_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    exemplar = access.get_exemplar_for_user(request.user, pk, write=True)
    initial = {
        "public_use": exemplar.public_use,
        "school_use": exemplar.school_use,
        "is_public": exemplar.is_public,
        "consent_note": exemplar.consent_note,
        "version": exemplar.version,
    }
    form = RightsForm(request.POST or None, initial=initial)
    return _form_view(
        request,
        form,
        exemplar,
        lambda data: actions.set_exemplar_rights(actor=request.user, exemplar=exemplar, **data),
        done=_("Saved."),
        title=_("Rights and consent"),
    )


@login_required
def deed_add(request: AuthedRequest, pk: int) -> HttpResponse:
    exemplar = access.get_exemplar_for_user(request.user, pk, write=True)
    form = DeedForm(request.POST or None)
    return _form_view(
        request,
        form,
        exemplar,
        lambda data: actions.add_deed(
            actor=request.user,
            exemplar=exemplar,
            title=data["title"],
            date=data["date"],
            body=data["body"],
        ),
        done=_("Deed added."),
        title=_("Add a deed"),
    )


@login_required
def deed_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    deed: Deed = access.get_deed_for_user(request.user, pk, write=True)
    initial = {"title": deed.title, "date": deed.date, "body": deed.body, "version": deed.version}
    form = DeedForm(request.POST or None, initial=initial)
    return _form_view(
        request,
        form,
        deed.exemplar,
        lambda data: actions.update_deed(
            actor=request.user,
            deed=deed,
            version=data["version"] or 0,
            title=data["title"],
            date=data["date"],
            body=data["body"],
        ),
        done=_("Saved."),
        title=_("Edit deed"),
    )


@login_required
def honour_add(request: AuthedRequest, pk: int) -> HttpResponse:
    exemplar = access.get_exemplar_for_user(request.user, pk, write=True)
    form = HonourForm(request.POST or None, initial={"level": exemplar.level})
    return _form_view(
        request,
        form,
        exemplar,
        lambda data: actions.add_honour(actor=request.user, exemplar=exemplar, **data),
        done=_("Honour added."),
        title=_("Add an honour"),
    )


@login_required
def source_add(request: AuthedRequest, pk: int) -> HttpResponse:
    exemplar = access.get_exemplar_for_user(request.user, pk, write=True)
    form = SourceForm(request.POST or None, exemplar=exemplar)
    return _form_view(
        request,
        form,
        exemplar,
        lambda data: actions.add_source(
            actor=request.user,
            exemplar=exemplar,
            title=data["title"],
            url=data["url"],
            deed=access.deed_of(exemplar, data["deed"]),
        ),
        done=_("Source added."),
        title=_("Add a source"),
    )


@login_required
def photo_add(request: AuthedRequest, pk: int) -> HttpResponse:
    exemplar = access.get_exemplar_for_user(request.user, pk, write=True)
    form = PhotoForm(request.POST or None, request.FILES or None, exemplar=exemplar)
    return _form_view(
        request,
        form,
        exemplar,
        lambda data: actions.add_photo(
            actor=request.user,
            exemplar=exemplar,
            data=data["image"],
            caption=data["caption"],
            deed=access.deed_of(exemplar, data["deed"]),
        ),
        done=_("Photo added."),
        title=_("Add a photo"),
        error_field="image",  # not an image, too large, a polyglot…
        multipart=True,
    )
