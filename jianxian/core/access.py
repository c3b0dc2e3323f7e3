"""Fetch-and-authorize: outside the user's scope a record does not exist (404)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from jianxian.core import permissions
from jianxian.core.errors import PermissionDenied
from jianxian.core.models import ApiToken, Notification, Person, Unit


def get_unit_for_user(user: Any, pk: int, *, write: bool = False) -> Unit:
    unit = get_object_or_404(Unit.objects.visible_to(user), pk=pk)
    if write and not permissions.can_manage_unit(user, unit):
        raise PermissionDenied(_("You cannot change this unit."))
    return unit


def get_person_for_user(user: Any, pk: int, *, write: bool = False) -> Person:
    person = get_object_or_404(Person.objects.visible_to(user), pk=pk)
    if write and not permissions.can_manage_person(user, person):
        raise PermissionDenied(_("You cannot change this person."))
    return person


def get_notification_for_user(user: Any, pk: int) -> Notification:
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(Notification, pk=pk, recipient=user)


def get_token_for_user(user: Any, pk: int) -> ApiToken:
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(ApiToken, pk=pk, user=user)
