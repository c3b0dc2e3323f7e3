"""A small organisation for the cross-cutting tests, built through ``core.actions``.

::

    青州市 (city)                          city_admin: unit_admin here, over the subtree
    ├── 东城区 (district)                  parent_admin: unit_admin here, over the subtree
    │   ├── 党政机关干部处 (bureau)        the TARGET unit: 31 people, staff and organizer
    │   │   └── 干部监督科 (team)
    │   └── 东城区教育局 (bureau)
    └── 西城区 (district)
        └── 西城区民政局 (bureau)          other_district: plain staff here

Roles (``ROLES``), each a user of their own, except ``anonymous``:

* ``other_district``: a post in 西城区民政局, no grants;
* ``staff``: a post in the target unit, no grants;
* ``organizer``: an ``organizer`` grant at the target unit (no post);
* ``parent_admin``: a ``unit_admin`` grant at 东城区 covering its subtree (no post);
* ``city_admin``: a ``unit_admin`` grant at 青州市 covering its subtree (no post);
* ``superuser`` (extra, for the Django admin): ``is_staff`` and ``is_superuser``.

Every user has one API token (its secret in ``World.tokens``) and one unread
notification. All users share ``PASSWORD``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import AbstractUser

from jianxian.core import actions
from jianxian.core.models import (
    ApiToken,
    Notification,
    Person,
    PersonCategory,
    Role,
    Unit,
    UnitKind,
)
from jianxian.core.text import person_name_fields

PASSWORD = "Qingzhou-test-2024"

# The six roles of the access matrix, in the order the reports list them.
ROLES: tuple[str, ...] = (
    "anonymous",
    "other_district",
    "staff",
    "organizer",
    "parent_admin",
    "city_admin",
)
# Roles with a login (the matrix also tries a Django superuser on every route).
USER_ROLES: tuple[str, ...] = (*ROLES[1:], "superuser")

TARGET_UNIT_NAME = "党政机关干部处"
TARGET_UNIT_NAME_HANT = "黨政機關幹部處"

# The target unit's people besides the staff user, in no particular order. Their
# pinyin order exercises the surname table: 曾 reads zeng, 单 shan, 解 xie.
TARGET_PEOPLE = [
    "李正峰",
    "王芳",
    "张伟",
    "赵敏",
    "周杰",
    "安晓梅",
    "白建国",
    "蔡文静",
    "曾国华",
    "陈志强",
    "丁海燕",
    "范永明",
    "高秀兰",
    "郭建军",
    "韩雪",
    "何伟",
    "胡丽娟",
    "黄海涛",
    "江红",
    "林小燕",
    "刘洋",
    "马俊",
    "潘玉兰",
    "钱伟民",
    "单晓光",
    "孙丽",
    "唐明",
    "吴刚",
    "解文华",
    "杨帆",
]

# role → (username, name of their Person or None)
_USERS: dict[str, tuple[str, str | None]] = {
    "other_district": ("xicheng_staff", "欧阳明"),
    "staff": ("target_staff", "王小川"),
    "organizer": ("target_organizer", "祁组织"),
    "parent_admin": ("district_admin", "邓区长"),
    "city_admin": ("city_admin", "秦市长"),
    "superuser": ("root", None),
}


@lru_cache(maxsize=1)
def password_hash() -> str:
    """Hash ``PASSWORD`` once per process: PBKDF2 is slow on purpose."""
    return make_password(PASSWORD)


@dataclass
class World:
    city: Unit
    district: Unit  # the target unit's parent
    unit: Unit  # the target unit
    subunit: Unit  # a team under the target unit
    sibling: Unit  # another unit of the same district
    other_district: Unit
    other_unit: Unit  # where the other_district user works
    person: Person  # 李正峰, a plain person (no login) in the target unit
    other_person: Person  # a plain person in the other district
    users: dict[str, AbstractUser] = field(default_factory=dict)  # role → user
    tokens: dict[str, str] = field(default_factory=dict)  # role → API token secret
    token_rows: dict[str, ApiToken] = field(default_factory=dict)
    notifications: dict[str, Notification] = field(default_factory=dict)

    def user(self, role: str) -> AbstractUser | None:
        return self.users.get(role)


def _unit(name: str, kind: str, parent: Unit | None, code: str) -> Unit:
    return actions.create_unit(actor=None, name=name, kind=kind, parent=parent, code=code)


def build_world() -> World:
    """Create the organisation, the role users, their tokens and notifications."""
    city = _unit("青州市", UnitKind.CITY, None, "QZ")
    district = _unit("东城区", UnitKind.DISTRICT, city, "QZ-DC")
    unit = _unit(TARGET_UNIT_NAME, UnitKind.BUREAU, district, "QZ-DC-GBC")
    subunit = _unit("干部监督科", UnitKind.TEAM, unit, "QZ-DC-GBC-JD")
    sibling = _unit("东城区教育局", UnitKind.BUREAU, district, "QZ-DC-JY")
    other_district = _unit("西城区", UnitKind.DISTRICT, city, "QZ-XC")
    other_unit = _unit("西城区民政局", UnitKind.BUREAU, other_district, "QZ-XC-MZ")

    people = {
        name: actions.create_person(
            actor=None,
            name=name,
            unit=unit,
            post="科员",
            categories=[PersonCategory.CADRE],
            staff_no=f"GBC-{index:03d}",
        )
        for index, name in enumerate(TARGET_PEOPLE, start=1)
    }
    actions.create_person(actor=None, name="梁监督", unit=subunit, post="科长")
    actions.create_person(actor=None, name="宋老师", unit=sibling, post="教研员")
    other_person = actions.create_person(actor=None, name="冯晓红", unit=other_unit, post="科员")

    world = World(
        city=city,
        district=district,
        unit=unit,
        subunit=subunit,
        sibling=sibling,
        other_district=other_district,
        other_unit=other_unit,
        person=people["李正峰"],
        other_person=other_person,
    )

    User = get_user_model()
    posts = {"other_district": other_unit, "staff": unit}
    for role, (username, person_name) in _USERS.items():
        user = User.objects.create(
            username=username,
            password=password_hash(),
            email=f"{username}@example.org",
            is_staff=role == "superuser",
            is_superuser=role == "superuser",
        )
        if person_name and role in posts:
            actions.create_person(
                actor=None, name=person_name, unit=posts[role], post="科员", user=user
            )
        elif person_name:
            # A login with a name but no post: its scope comes from grants alone.
            Person.objects.create(**person_name_fields(person_name), user=user)
        world.users[role] = user
        token, secret = actions.create_api_token(actor=user, name=f"{role} token")
        world.tokens[role] = secret
        world.token_rows[role] = token
        world.notifications[role] = actions.notify(
            recipient=user, title=f"{role}: 请审阅学习计划", url="/"
        )

    actions.grant_role(actor=None, user=world.users["organizer"], role=Role.ORGANIZER, unit=unit)
    actions.grant_role(
        actor=None, user=world.users["parent_admin"], role=Role.UNIT_ADMIN, unit=district
    )
    actions.grant_role(actor=None, user=world.users["city_admin"], role=Role.UNIT_ADMIN, unit=city)
    return world
