"""Fetch-and-authorize for the exemplar registry: outside the user's sight a record does
not exist (404); a visible record the user may not change is a 403."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from jianxian.core.errors import ActionError, PermissionDenied
from jianxian.exemplars.models import Deed, Exemplar, Honour, Photo, Quality, Source


def _check_write(user: Any, exemplar: Exemplar) -> None:
    if not exemplar.can_edit(user):
        raise PermissionDenied(_("You cannot change this exemplar."))


def get_exemplar_for_user(user: Any, pk: int, *, write: bool = False) -> Exemplar:
    """The exemplar if ``user`` may see it; with ``write``, only if they may change its
    content now (see ``Exemplar.can_edit``). Workflow moves check their own rules."""
    exemplar = get_object_or_404(
        Exemplar.objects.visible_to(user).select_related("owner_unit", "person", "subject_unit"),
        pk=pk,
    )
    if write:
        _check_write(user, exemplar)
    return exemplar


def get_deed_for_user(user: Any, pk: int, *, write: bool = False) -> Deed:
    deed = get_object_or_404(
        Deed.objects.visible_to(user).select_related("exemplar__owner_unit"), pk=pk
    )
    if write:
        _check_write(user, deed.exemplar)
    return deed


def get_photo_for_user(user: Any, pk: int, *, write: bool = False) -> Photo:
    photo = get_object_or_404(
        Photo.objects.visible_to(user).select_related("exemplar__owner_unit"), pk=pk
    )
    if write:
        _check_write(user, photo.exemplar)
    return photo


def get_honour_for_user(user: Any, pk: int, *, write: bool = False) -> Honour:
    visible = Exemplar.objects.visible_to(user).values("pk")
    honour = get_object_or_404(
        Honour.objects.filter(exemplar__in=visible).select_related("exemplar__owner_unit"), pk=pk
    )
    if write:
        _check_write(user, honour.exemplar)
    return honour


def get_source_for_user(user: Any, pk: int, *, write: bool = False) -> Source:
    visible = Exemplar.objects.visible_to(user).values("pk")
    source = get_object_or_404(
        Source.objects.filter(exemplar__in=visible).select_related("exemplar__owner_unit"), pk=pk
    )
    if write:
        _check_write(user, source.exemplar)
    return source


def get_quality_for_user(user: Any, pk: int, *, write: bool = False) -> Quality:
    """The vocabulary is open to read; only a city admin changes it."""
    from jianxian.core.permissions import is_city_admin

    quality = get_object_or_404(Quality, pk=pk)
    if write and not is_city_admin(user):
        raise PermissionDenied(
            _("Only a city administrator can change the vocabulary of qualities.")
        )
    return quality


def deed_of(exemplar: Exemplar, deed_id: int | None) -> Deed | None:
    """A deed named in a form or request body (a photo's or source's story): it must be
    one of this exemplar's."""
    if not deed_id:
        return None
    deed = Deed.objects.filter(pk=deed_id, exemplar=exemplar).first()
    if deed is None:
        raise ActionError(_("This exemplar has no deed with this id."))
    return deed
