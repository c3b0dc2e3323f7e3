"""Builders for the rectification tests, going through ``rectification.actions`` like the
app (``actor=None``: the system), so every row, stamp and event is made the real way."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from PIL import Image

from jianxian.core.models import Person, Role, Unit
from jianxian.core.tests.factories import Tree, grant, make_staff, make_tree, make_user
from jianxian.rectification import actions
from jianxian.rectification.models import Category, Problem, ProblemKind, ProblemStatus

# A fixed day for tests whose outcome depends on the date: dates are passed to the
# code under test, never read from the clock.
TODAY = datetime.date(2026, 6, 15)


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    """A moment on ``day`` in the project's time zone, for the actions' ``now=``."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def png_bytes(
    size: tuple[int, int] = (64, 48), colour: tuple[int, int, int] = (30, 120, 200)
) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "white").save(buffer, "PDF")
    return buffer.getvalue()


def person_of(user: Any) -> Person:
    return Person.objects.get(user=user)


@dataclass
class Cast:
    """Users around the community (幸福社区) of the core test tree.

    The problems of the tests belong to the community; their responsible person is
    ``responsible`` (a post in the community, no grant)."""

    tree: Tree
    organizer: Any  # organizer at the community
    unit_admin: Any  # unit_admin at the community
    verifier: Any  # verifier at the district above
    district_admin: Any  # unit_admin of the district
    city_admin: Any
    responsible: Any  # a post in the community: the responsible person's login
    member: Any  # a post in the community, no grant
    team_member: Any  # a post in the team under the community
    school_staff: Any  # a post in the school beside the community
    other_district: Any  # a post in the other district
    other_organizer: Any  # organizer at the other district
    other_verifier: Any  # verifier at the other district
    viewer: Any  # viewer grant at the community
    outsider: Any  # a post in the other district; owns a measure in some tests

    @property
    def unit(self) -> Unit:
        return self.tree.community

    @property
    def person(self) -> Person:
        return person_of(self.responsible)


def make_cast() -> Cast:
    tree = make_tree()
    names = (
        "organizer",
        "unitadmin",
        "verifier",
        "districtadmin",
        "cityadmin",
        "otherorganizer",
        "otherverifier",
        "viewer",
    )
    (organizer, unit_admin, verifier, district_admin, city_admin, other_org, other_ver, viewer) = (
        make_user(name) for name in names
    )
    grant(organizer, Role.ORGANIZER, tree.community)
    grant(unit_admin, Role.UNIT_ADMIN, tree.community)
    grant(verifier, Role.VERIFIER, tree.district_a)
    grant(district_admin, Role.UNIT_ADMIN, tree.district_a)
    grant(city_admin, Role.UNIT_ADMIN, tree.city)
    grant(other_org, Role.ORGANIZER, tree.district_b)
    grant(other_ver, Role.VERIFIER, tree.district_b)
    grant(viewer, Role.VIEWER, tree.community)
    return Cast(
        tree=tree,
        organizer=organizer,
        unit_admin=unit_admin,
        verifier=verifier,
        district_admin=district_admin,
        city_admin=city_admin,
        responsible=make_staff("张整改", tree.community, username="responsible"),
        member=make_staff("王社员", tree.community, username="member"),
        team_member=make_staff("李组员", tree.team, username="teammember"),
        school_staff=make_staff("周老师", tree.school, username="schoolstaff"),
        other_district=make_staff("孙西城", tree.village, username="otherdistrict"),
        other_organizer=other_org,
        other_verifier=other_ver,
        viewer=viewer,
        outsider=make_staff("钱村民", tree.village, username="outsider"),
    )


def category(name: str = "作风形象") -> Category:
    """A seeded category; recreated when a transactional test's flush removed the seed."""
    found = Category.objects.filter(name=name).first()
    return found or actions.create_category(actor=None, name=name)


def make_problem(
    cast: Cast,
    title: str = "网格员入户走访存在应付现象",
    *,
    actor: Any = None,
    unit: Unit | None = None,
    responsible: Person | None = None,
    kind: str = ProblemKind.DEADLINE,
    **kwargs: Any,
) -> Problem:
    if kind == ProblemKind.ONGOING:
        kwargs.setdefault("review_cycle_days", 90)
    else:
        kwargs.setdefault("due_date", TODAY + datetime.timedelta(days=60))
    return actions.create_problem(
        actor=actor,
        unit=unit or cast.unit,
        responsible=responsible or cast.person,
        title=title,
        category=kwargs.pop("category", None) or category(),
        kind=kind,
        source_kind=kwargs.pop("source_kind", "self_check"),
        source_label=kwargs.pop("source_label", "社区“两委”班子自查自纠"),
        acceptance_standard=kwargs.pop("acceptance_standard", "走访台账与入户记录一致"),
        **kwargs,
    )


def make_ready(cast: Cast, title: str = "网格员入户走访存在应付现象", **kwargs: Any) -> Problem:
    """A draft with a measure and an acceptance standard: ready to plan."""
    problem = make_problem(cast, title, **kwargs)
    actions.add_measure(actor=None, problem=problem, description="制定入户走访工作规范")
    return problem


def make_planned(cast: Cast, title: str = "网格员入户走访存在应付现象", **kwargs: Any) -> Problem:
    """A draft with a measure and a standard, planned (by the system)."""
    problem = make_problem(cast, title, **kwargs)
    actions.add_measure(actor=None, problem=problem, description="制定入户走访工作规范")
    return actions.plan_problem(actor=None, problem=problem)


def finish_work(problem: Problem, *, actor: Any = None) -> Problem:
    """Mark every measure done and report progress with a photo as evidence."""
    for measure in problem.measures.filter(done=False):
        actions.mark_measure_done(actor=actor, measure=measure)
    actions.add_progress_note(
        actor=actor,
        problem=problem,
        body="走访规范已印发，网格员逐户补录走访记录。",
        files=[("走访记录.png", png_bytes())],
    )
    return problem


def with_status(problem: Problem, status: str) -> Problem:
    """Walk a draft (as the system) to ``status``; it gets a measure and evidence on
    the way. ``closed`` is closed with a score of 90."""
    order = [s.value for s in ProblemStatus]
    target = order.index(status)
    if target >= 1:
        if not problem.measures.exists():
            actions.add_measure(actor=None, problem=problem, description="制定入户走访工作规范")
        actions.plan_problem(actor=None, problem=problem)
    if target >= 2:
        actions.start_problem(actor=None, problem=problem)
    if target >= 3:
        finish_work(problem)
        actions.submit_problem(actor=None, problem=problem)
    if target >= 4:
        actions.close_problem(actor=None, problem=problem, score=90, comment="整改到位")
    problem.refresh_from_db()
    assert problem.status == status
    return problem
