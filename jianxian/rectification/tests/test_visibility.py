"""Who sees which problem, as a query (``visible_to``) and through ``access.py``: a
problem outside the user's sight is a 404; a visible one they may not edit, a 403."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from jianxian.rectification import access, actions
from jianxian.rectification.models import Evidence, Measure, Problem, ProgressNote, Verification
from jianxian.rectification.tests.factories import (
    finish_work,
    make_problem,
    person_of,
    with_status,
)

pytestmark = pytest.mark.django_db

# Who sees the community's problem (responsible: a community member; no measure owner).
SEES_COMMUNITY = {
    "organizer": True,
    "unit_admin": True,
    "verifier": True,  # verifier over the district
    "district_admin": True,
    "city_admin": True,
    "responsible": True,
    "member": True,  # a post in the community
    "team_member": False,  # a post in the team below: sees the team's list only
    "school_staff": False,  # a sibling unit
    "other_district": False,
    "other_organizer": False,
    "other_verifier": False,
    "viewer": True,  # any role at the unit
    "outsider": False,
}


@pytest.fixture
def world(cast):
    community = make_problem(cast, "社区的问题")
    team = make_problem(
        cast, "网格组的问题", unit=cast.tree.team, responsible=person_of(cast.team_member)
    )
    west = make_problem(
        cast, "西城的问题", unit=cast.tree.village, responsible=person_of(cast.other_district)
    )
    return {"community": community, "team": team, "west": west}


def visible(user) -> set[str]:
    return set(Problem.objects.visible_to(user).values_list("title", flat=True))


@pytest.mark.parametrize("who", list(SEES_COMMUNITY))
def test_who_sees_the_communitys_problem(cast, world, who):
    user = getattr(cast, who)
    assert ("社区的问题" in visible(user)) == SEES_COMMUNITY[who]
    problem = world["community"]
    if SEES_COMMUNITY[who]:
        assert access.get_problem_for_user(user, problem.pk) == problem
    else:
        with pytest.raises(Http404):
            access.get_problem_for_user(user, problem.pk)


def test_scopes_reach_down_the_tree(cast, world):
    assert visible(cast.district_admin) == {"社区的问题", "网格组的问题"}
    assert visible(cast.team_member) == {"网格组的问题"}
    assert visible(cast.other_organizer) == {"西城的问题"}
    assert visible(cast.city_admin) == {"社区的问题", "网格组的问题", "西城的问题"}
    assert visible(AnonymousUser()) == set()


def test_the_responsible_person_sees_their_problem_anywhere(cast, world):
    # The team member is responsible for a problem of the other district too.
    make_problem(
        cast, "跨区的问题", unit=cast.tree.village, responsible=person_of(cast.team_member)
    )
    assert visible(cast.team_member) == {"网格组的问题", "跨区的问题"}


def test_a_measure_owner_sees_the_problem(cast, world):
    assert "社区的问题" not in visible(cast.outsider)
    actions.add_measure(
        actor=None,
        problem=world["community"],
        description="入户走访",
        owner=person_of(cast.outsider),
    )
    assert visible(cast.outsider) == {"社区的问题", "西城的问题"}
    # once, even when owning several measures
    actions.add_measure(
        actor=None, problem=world["community"], description="回访", owner=person_of(cast.outsider)
    )
    assert Problem.objects.visible_to(cast.outsider).count() == 2


def test_an_inactive_user_sees_nothing(cast, world):
    cast.city_admin.is_active = False
    cast.city_admin.save(update_fields=["is_active"])
    assert visible(cast.city_admin) == set()


def test_records_follow_their_problems_visibility(cast, world):
    problem = with_status(world["community"], "submitted")
    actions.return_problem(actor=cast.verifier, problem=problem, reason="补充")
    finish_work(problem)
    measure = Measure.objects.get(problem=problem)
    note = ProgressNote.objects.filter(problem=problem).first()
    evidence = Evidence.objects.filter(note__problem=problem).first()
    verification = Verification.objects.get(problem=problem)
    assert note is not None and evidence is not None
    for user, sees in ((cast.member, True), (cast.other_district, False)):
        for model, record in (
            (Measure, measure),
            (ProgressNote, note),
            (Evidence, evidence),
            (Verification, verification),
        ):
            assert model.objects.visible_to(user).filter(pk=record.pk).exists() == sees
        getters = (
            (access.get_measure_for_user, measure),
            (access.get_note_for_user, note),
            (access.get_evidence_for_user, evidence),
            (access.get_verification_for_user, verification),
        )
        for getter, record in getters:
            if sees:
                assert getter(user, record.pk) == record
            else:
                with pytest.raises(Http404):
                    getter(user, record.pk)


def test_write_access_is_a_403_for_those_who_only_see(cast, world):
    problem = world["community"]
    assert access.get_problem_for_user(cast.organizer, problem.pk, write=True) == problem
    for user in (cast.member, cast.responsible, cast.verifier, cast.viewer):
        with pytest.raises(PermissionDenied):
            access.get_problem_for_user(user, problem.pk, write=True)
    measure = actions.add_measure(actor=None, problem=problem, description="措施")
    with pytest.raises(PermissionDenied):
        access.get_measure_for_user(cast.member, measure.pk, write=True)
    assert access.get_measure_for_user(cast.unit_admin, measure.pk, write=True) == measure
    # Once submitted, nobody edits it, managers included.
    with_status(problem, "submitted")
    with pytest.raises(PermissionDenied):
        access.get_problem_for_user(cast.organizer, problem.pk, write=True)


def test_categories_are_read_by_all_and_written_by_a_city_admin(cast):
    from jianxian.rectification.tests.factories import category

    first = category()
    assert access.get_category_for_user(cast.member, first.pk) == first
    with pytest.raises(PermissionDenied):
        access.get_category_for_user(cast.district_admin, first.pk, write=True)
    assert access.get_category_for_user(cast.city_admin, first.pk, write=True) == first
