"""Small builders for the core tests: a unit tree, people, users with grants.

Everything goes through ``core.actions`` (with ``actor=None``, the system), so the
tests build data exactly the way the application does: paths, pinyin and events
included.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from jianxian.core import actions
from jianxian.core.models import Person, Role, RoleGrant, Unit, UnitKind

PASSWORD = "Qingzhou-test-pw-2024"  # passes every password validator

_serial = itertools.count(1)


@cache
def _password_hash(password: str, hashers: tuple[str, ...]) -> str:
    # Hashing is slow on purpose: hash each test password once per hasher setting
    # (the salt lives inside the hash, so sharing it between users is harmless here).
    return make_password(password)


def make_unit(name: str, kind: str = UnitKind.TEAM, parent: Unit | None = None) -> Unit:
    return actions.create_unit(actor=None, name=name, kind=kind, parent=parent)


def make_user(
    username: str | None = None,
    *,
    password: str = PASSWORD,
    email: str = "",
    is_superuser: bool = False,
    is_active: bool = True,
) -> Any:
    User = get_user_model()
    return User.objects.create(
        username=username or f"user{next(_serial)}",
        password=_password_hash(password, tuple(settings.PASSWORD_HASHERS)),
        email=email,
        is_superuser=is_superuser,
        is_staff=is_superuser,
        is_active=is_active,
    )


def make_person(
    name: str,
    unit: Unit,
    *,
    post: str = "",
    user: Any = None,
    categories: list[str] | None = None,
    email: str = "",
) -> Person:
    return actions.create_person(
        actor=None, name=name, unit=unit, post=post, user=user, categories=categories, email=email
    )


def grant(user: Any, role: str, unit: Unit, *, covers_subtree: bool = True) -> RoleGrant:
    return actions.grant_role(
        actor=None, user=user, role=role, unit=unit, covers_subtree=covers_subtree
    )


def make_staff(name: str, unit: Unit, *, username: str | None = None, **kwargs: Any) -> Any:
    """A user with a person record and a current post in ``unit``."""
    user = make_user(username, email=kwargs.pop("email", ""))
    make_person(name, unit, user=user, **kwargs)
    return user


@dataclass
class Tree:
    """Qingzhou in miniature.

    city 青州市
    ├── district_a 东城区
    │   ├── community 幸福社区
    │   │   └── team 网格一组
    │   └── school 东城实验小学
    ├── district_b 西城区
    │   └── village 西岭村
    └── bureau 行政审批局
    """

    city: Unit
    district_a: Unit
    community: Unit
    team: Unit
    school: Unit
    district_b: Unit
    village: Unit
    bureau: Unit

    def all(self) -> list[Unit]:
        return [
            self.city,
            self.district_a,
            self.community,
            self.team,
            self.school,
            self.district_b,
            self.village,
            self.bureau,
        ]


def make_tree() -> Tree:
    city = make_unit("青州市", UnitKind.CITY)
    district_a = make_unit("东城区", UnitKind.DISTRICT, city)
    community = make_unit("幸福社区", UnitKind.COMMUNITY, district_a)
    team = make_unit("网格一组", UnitKind.TEAM, community)
    school = make_unit("东城实验小学", UnitKind.SCHOOL, district_a)
    district_b = make_unit("西城区", UnitKind.DISTRICT, city)
    village = make_unit("西岭村", UnitKind.VILLAGE, district_b)
    bureau = make_unit("行政审批局", UnitKind.BUREAU, city)
    return Tree(city, district_a, community, team, school, district_b, village, bureau)


def city_admin(tree: Tree, username: str = "cityadmin") -> Any:
    user = make_user(username)
    grant(user, Role.UNIT_ADMIN, tree.city)
    return user


def district_admin(tree: Tree, username: str = "districtadmin") -> Any:
    user = make_user(username)
    grant(user, Role.UNIT_ADMIN, tree.district_a)
    return user
