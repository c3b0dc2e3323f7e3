"""Builders for the exemplar tests, going through ``exemplars.actions`` like the app."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from PIL import Image

from jianxian.core.models import Role, Unit
from jianxian.core.tests.factories import Tree, grant, make_staff, make_tree, make_user
from jianxian.exemplars import actions
from jianxian.exemplars.models import Exemplar, ExemplarField, Level


def make_exemplar(
    unit: Unit,
    name: str = "李正峰",
    *,
    actor: Any = None,
    kind: str = Exemplar.Kind.PERSON,
    summary: str = "",
    **kwargs: Any,
) -> Exemplar:
    # Without a link to a Person or Unit, a person, collective or unit is named from outside.
    link = {"person": "person", "collective": "subject_unit", "unit": "subject_unit"}.get(kind)
    if link and link not in kwargs:
        kwargs.setdefault("external_name", name)
    return actions.create_exemplar(
        actor=actor,
        owner_unit=unit,
        kind=kind,
        name=name,
        field=kwargs.pop("field", ExemplarField.GOVERNANCE),
        level=kwargs.pop("level", Level.CITY),
        summary=summary,
        **kwargs,
    )


def make_ready(unit: Unit, name: str = "李正峰", *, actor: Any = None, **kwargs: Any) -> Exemplar:
    """A draft with a summary and a deed: ready to submit."""
    exemplar = make_exemplar(unit, name, actor=actor, summary=f"{name}的先进事迹。", **kwargs)
    actions.add_deed(actor=actor, exemplar=exemplar, title="牵头推进系统性改革", body="第一段。")
    return exemplar


def make_published(
    unit: Unit, name: str = "李正峰", *, public: bool = False, **kw: Any
) -> Exemplar:
    """A published exemplar (by the system), shown on the portal with ``public``."""
    exemplar = make_ready(unit, name, **kw)
    if public:
        actions.set_exemplar_rights(
            actor=None,
            exemplar=exemplar,
            version=exemplar.version,
            public_use=True,
            school_use=False,
            is_public=True,
            consent_note="本人签字同意书已存档",
        )
    actions.submit_exemplar(actor=None, exemplar=exemplar)
    actions.publish_exemplar(actor=None, exemplar=exemplar)
    return exemplar


def with_status(exemplar: Exemplar, status: str) -> Exemplar:
    """Walk a ready exemplar (as the system) to ``status``."""
    paths: dict[str, list[Any]] = {
        Exemplar.Status.DRAFT: [],
        Exemplar.Status.UNDER_REVIEW: [actions.submit_exemplar],
        Exemplar.Status.PUBLISHED: [actions.submit_exemplar, actions.publish_exemplar],
        Exemplar.Status.ARCHIVED: [
            actions.submit_exemplar,
            actions.publish_exemplar,
            actions.archive_exemplar,
        ],
    }
    for step in paths[status]:
        step(actor=None, exemplar=exemplar)
    return exemplar


@dataclass
class Cast:
    """Users around the community (幸福社区) of the core test tree."""

    tree: Tree
    organizer: Any  # organizer at the community
    unit_admin: Any  # unit_admin at the community
    verifier: Any  # verifier at the district above
    district_admin: Any  # unit_admin of the district
    city_admin: Any
    member: Any  # a post in the community, no grant
    team_member: Any  # a post in the team under the community
    district_staff: Any  # a post in the district itself
    other_district: Any  # a post in the other district
    other_organizer: Any  # organizer at the other district
    viewer: Any  # viewer grant at the community

    @property
    def unit(self) -> Unit:
        return self.tree.community


def make_cast() -> Cast:
    tree = make_tree()
    organizer, unit_admin, verifier, district_admin, city_admin, other_organizer, viewer = (
        make_user(name)
        for name in (
            "organizer",
            "unitadmin",
            "verifier",
            "districtadmin",
            "cityadmin",
            "otherorganizer",
            "viewer",
        )
    )
    grant(organizer, Role.ORGANIZER, tree.community)
    grant(unit_admin, Role.UNIT_ADMIN, tree.community)
    grant(verifier, Role.VERIFIER, tree.district_a)
    grant(district_admin, Role.UNIT_ADMIN, tree.district_a)
    grant(city_admin, Role.UNIT_ADMIN, tree.city)
    grant(other_organizer, Role.ORGANIZER, tree.district_b)
    grant(viewer, Role.VIEWER, tree.community)
    return Cast(
        tree=tree,
        organizer=organizer,
        unit_admin=unit_admin,
        verifier=verifier,
        district_admin=district_admin,
        city_admin=city_admin,
        member=make_staff("王社员", tree.community, username="member"),
        team_member=make_staff("李组员", tree.team, username="teammember"),
        district_staff=make_staff("赵区员", tree.district_a, username="districtstaff"),
        other_district=make_staff("孙西城", tree.village, username="otherdistrict"),
        other_organizer=other_organizer,
        viewer=viewer,
    )


def png_bytes(
    size: tuple[int, int] = (64, 48), colour: tuple[int, int, int] = (200, 30, 30)
) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()
