"""Who may see and do what. Actions, QuerySets, templates and the API all ask here.

Scope comes from two places:

* ``RoleGrant`` rows: a role at a unit, optionally covering every unit under it;
* current ``Membership`` rows: staff see their own unit and the units under it.

A superuser, or a ``unit_admin`` of a root unit over its subtree, is a city admin.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from jianxian.core.models import Membership, Role, RoleGrant, Unit

if TYPE_CHECKING:
    from jianxian.core.models import Person

# Any user object: a User, an AnonymousUser, or a user loaded by a token.
AnyUser = Any


@dataclass(frozen=True)
class Scope:
    role: str | None  # None: the scope of a membership
    path: str
    subtree: bool
    unit_id: int

    def covers(self, unit: Unit) -> bool:
        if self.subtree:
            return unit.path.startswith(self.path)
        return unit.pk == self.unit_id


def _scopes(user: AnyUser) -> list[Scope]:
    """The user's scopes, computed once per user object (i.e. once per request)."""
    cached: list[Scope] | None = getattr(user, "_jx_scopes", None)
    if cached is not None:
        return cached
    scopes: list[Scope] = []
    if user.is_authenticated:
        for role, path, subtree, unit_id in RoleGrant.objects.filter(user=user).values_list(
            "role", "unit__path", "covers_subtree", "unit_id"
        ):
            scopes.append(Scope(role, path, subtree, unit_id))
        for path, unit_id in (
            Membership.objects.current()
            .filter(person__user=user)
            .values_list("unit__path", "unit_id")
        ):
            scopes.append(Scope(None, path, True, unit_id))
    user._jx_scopes = scopes  # type: ignore[union-attr]
    return scopes


def forget_scopes(user: Any) -> None:
    """Drop the cached scopes (after grants or memberships change)."""
    if hasattr(user, "_jx_scopes"):
        del user._jx_scopes


def is_city_admin(user: AnyUser) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(
        s.role == Role.UNIT_ADMIN and s.subtree and s.path.count("/") == 1 for s in _scopes(user)
    )


def _scope_q(scopes: list[Scope], field: str = "path") -> Q:
    q = Q(pk__in=[])
    for scope in scopes:
        if scope.subtree:
            q |= Q(**{f"{field}__startswith": scope.path})
        else:
            q |= Q(**{field: scope.path})
    return q


def visible_unit_q(user: AnyUser) -> Q:
    """Units the user may see: every unit for a city admin; otherwise the units their
    grants and current posts cover."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if is_city_admin(user):
        return Q()
    return _scope_q(_scopes(user))


def visible_person_q(user: AnyUser) -> Q:
    """People the user may see: themselves, and anyone with a current post in a unit
    the user may see."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if is_city_admin(user):
        return Q()
    # ``pk IN (subquery)``, not a correlated EXISTS, so the scope's posts are read once
    # (bench/README.md).
    posts = Membership.objects.current().filter(_scope_q(_scopes(user), field="unit__path"))
    return Q(pk__in=posts.values("person_id")) | Q(user=user)


def units_with_role(user: AnyUser, *roles: str) -> Q:
    """A Unit filter for the units where the user holds one of ``roles``."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if is_city_admin(user):
        return Q()
    return _scope_q([s for s in _scopes(user) if s.role in roles])


def has_role(user: AnyUser, role: str, unit: Unit) -> bool:
    """True when ``user`` holds ``role`` at ``unit`` (directly or over its subtree).
    A city admin holds every role everywhere."""
    if is_city_admin(user):
        return True
    return any(s.role == role and s.covers(unit) for s in _scopes(user))


def can_view_unit(user: AnyUser, unit: Unit) -> bool:
    if is_city_admin(user):
        return True
    return user.is_authenticated and any(s.covers(unit) for s in _scopes(user))


def can_manage_unit(user: AnyUser, unit: Unit) -> bool:
    """Edit the unit, its people and the grants inside it."""
    return has_role(user, Role.UNIT_ADMIN, unit)


def can_view_person(user: AnyUser, person: Person) -> bool:
    from jianxian.core.models import Person

    if not user.is_authenticated:
        return False
    return Person.objects.filter(pk=person.pk).filter(visible_person_q(user)).exists()


def can_manage_person(user: AnyUser, person: Person) -> bool:
    if is_city_admin(user):
        return True
    units = Unit.objects.filter(memberships__person=person, memberships__end_date__isnull=True)
    return any(can_manage_unit(user, unit) for unit in units)


def can_grant_role(user: AnyUser, unit: Unit) -> bool:
    return can_manage_unit(user, unit)


def scope_root_units(user: AnyUser) -> list[Unit]:
    """The top units of the user's scope, for the organization browser."""
    if is_city_admin(user):
        return list(Unit.objects.filter(parent__isnull=True))
    scopes = _scopes(user) if user.is_authenticated else []
    unit_ids = {s.unit_id for s in scopes}
    units = sorted(Unit.objects.filter(pk__in=unit_ids), key=lambda u: (u.depth, u.path))
    roots: list[Unit] = []
    for unit in units:
        if not any(unit.path.startswith(root.path) for root in roots):
            roots.append(unit)
    return roots
