"""The forms that build an exemplar: its record, qualities, rights, deeds, honours,
sources and photos. Each view: access → form → one action → redirect or the form again
with the action's message."""

from __future__ import annotations

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


def _links(data: dict[str, Any], exemplar: Exemplar | None) -> dict[str, Any]:
    """Who or what the exemplar is about. An edit keeps the platform person or unit it is
    linked to while the kind allows it; otherwise the name outside the platform is used
    (the exemplar's own name when left empty, except for a practice)."""
    kind = data["kind"]
    person = exemplar.person if exemplar and kind == Exemplar.Kind.PERSON else None
    unit = None
    if exemplar and kind != Exemplar.Kind.PERSON and not data["external_name"]:
        unit = exemplar.subject_unit
    external = data["external_name"]
    if person or unit:
        external = ""
    elif kind != Exemplar.Kind.PRACTICE and not external:
        external = data["name"]
    return {"person": person, "subject_unit": unit, "external_name": external}


def _render_form(request: AuthedRequest, form: Any, exemplar: Exemplar | None, **extra: Any):
    context = {"form": form, "exemplar": exemplar, **extra}
    return render(request, "exemplars/form.html", context)


@login_required
def exemplar_create(request: AuthedRequest) -> HttpResponse:
    units = _editable_units(request.user)
    if not units:
        raise PermissionDenied(_("You cannot add exemplars."))
    form = ExemplarForm(request.POST or None, units=units, initial={"owner_unit": units[0][0]})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        owner = Unit.objects.filter(pk=data["owner_unit"]).first()
        try:
            if owner is None:
                raise ActionError(_("Choose a unit."))
            exemplar = actions.create_exemplar(
                actor=request.user,
                owner_unit=owner,
                kind=data["kind"],
                field=data["field"],
                level=data["level"],
                name=data["name"],
                summary=data["summary"],
                qualities=data["qualities"],
                **_links(data, None),
            )
        except ActionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Exemplar created as a draft."))
            return redirect("exemplars:detail", pk=exemplar.pk)
    return _render_form(request, form, None, title=_("New exemplar"))


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
    form = ExemplarForm(request.POST or None, exemplar=exemplar, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.update_exemplar(
                actor=request.user,
                exemplar=exemplar,
                version=data["version"],
                kind=data["kind"],
                field=data["field"],
                level=data["level"],
                name=data["name"],
                summary=data["summary"],
                qualities=data["qualities"],
                **_links(data, exemplar),
            )
        except ActionError as exc:  # StaleEdit too: nothing was written
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("exemplars:detail", pk=exemplar.pk)
    return _render_form(request, form, exemplar, title=_("Edit exemplar"))


@login_required
def qualities_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    exemplar = access.get_exemplar_for_user(request.user, pk, write=True)
    initial = {"qualities": list(exemplar.qualities.values_list("pk", flat=True))}
    form = QualitiesForm(request.POST or None, exemplar=exemplar, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_exemplar_qualities(
                actor=request.user, exemplar=exemplar, qualities=form.cleaned_data["qualities"]
            )
        except ActionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("exemplars:detail", pk=exemplar.pk)
    return _render_form(request, form, exemplar, title=_("Qualities"))


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
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_exemplar_rights(actor=request.user, exemplar=exemplar, **form.cleaned_data)
        except ActionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("exemplars:detail", pk=exemplar.pk)
    return _render_form(request, form, exemplar, title=_("Rights and consent"))


@login_required
def deed_add(request: AuthedRequest, pk: int) -> HttpResponse:
    exemplar = access.get_exemplar_for_user(request.user, pk, write=True)
    form = DeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.add_deed(
                actor=request.user,
                exemplar=exemplar,
                title=data["title"],
                date=data["date"],
                body=data["body"],
            )
        except ActionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Deed added."))
            return redirect("exemplars:detail", pk=exemplar.pk)
    return _render_form(request, form, exemplar, title=_("Add a deed"))


@login_required
def deed_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    deed: Deed = access.get_deed_for_user(request.user, pk, write=True)
    initial = {"title": deed.title, "date": deed.date, "body": deed.body, "version": deed.version}
    form = DeedForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.update_deed(
                actor=request.user,
                deed=deed,
                version=data["version"] or 0,
                title=data["title"],
                date=data["date"],
                body=data["body"],
            )
        except ActionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("exemplars:detail", pk=deed.exemplar_id)
    return _render_form(request, form, deed.exemplar, title=_("Edit deed"))


@login_required
def honour_add(request: AuthedRequest, pk: int) -> HttpResponse:
    exemplar = access.get_exemplar_for_user(request.user, pk, write=True)
    form = HonourForm(request.POST or None, initial={"level": exemplar.level})
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_honour(actor=request.user, exemplar=exemplar, **form.cleaned_data)
        except ActionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Honour added."))
            return redirect("exemplars:detail", pk=exemplar.pk)
    return _render_form(request, form, exemplar, title=_("Add an honour"))


def _deed_of(exemplar: Exemplar, deed_id: int | None) -> Deed | None:
    if not deed_id:
        return None
    deed = Deed.objects.filter(pk=deed_id, exemplar=exemplar).first()
    if deed is None:
        raise ActionError(_("This deed belongs to another exemplar."))
    return deed


@login_required
def source_add(request: AuthedRequest, pk: int) -> HttpResponse:
    exemplar = access.get_exemplar_for_user(request.user, pk, write=True)
    form = SourceForm(request.POST or None, exemplar=exemplar)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.add_source(
                actor=request.user,
                exemplar=exemplar,
                title=data["title"],
                url=data["url"],
                deed=_deed_of(exemplar, data["deed"]),
            )
        except ActionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Source added."))
            return redirect("exemplars:detail", pk=exemplar.pk)
    return _render_form(request, form, exemplar, title=_("Add a source"))


@login_required
def photo_add(request: AuthedRequest, pk: int) -> HttpResponse:
    exemplar = access.get_exemplar_for_user(request.user, pk, write=True)
    form = PhotoForm(request.POST or None, request.FILES or None, exemplar=exemplar)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.add_photo(
                actor=request.user,
                exemplar=exemplar,
                data=data["image"],
                caption=data["caption"],
                deed=_deed_of(exemplar, data["deed"]),
            )
        except ActionError as exc:  # UploadRejected: not an image, too large, a polyglot…
            form.add_error("image", exc.message)
        else:
            messages.success(request, _("Photo added."))
            return redirect("exemplars:detail", pk=exemplar.pk)
    return _render_form(request, form, exemplar, title=_("Add a photo"), multipart=True)
