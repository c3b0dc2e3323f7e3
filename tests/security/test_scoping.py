"""Lists and searches show only what the reader may see: the matrix checks statuses,
these check that nothing out of scope appears inside a 200."""

from __future__ import annotations

import pytest

from tests.world import TARGET_UNIT_NAME

BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture
def signed_in(shared_world, client):
    def sign_in(role: str):
        client.force_login(shared_world.users[role], backend=BACKEND)
        return client

    return sign_in


def _ids(response) -> set[int]:
    return {row["id"] for row in response.json()["items"]}


def test_api_units_list_stops_at_the_scope(shared_world, signed_in):
    w = shared_world
    mine = _ids(signed_in("staff").get("/api/v1/units"))
    assert {w.unit.pk, w.subunit.pk} <= mine
    assert not mine & {w.other_unit.pk, w.sibling.pk, w.district.pk, w.city.pk}

    theirs = _ids(signed_in("other_district").get("/api/v1/units"))
    assert w.other_unit.pk in theirs
    assert not theirs & {w.unit.pk, w.subunit.pk, w.district.pk}

    district = _ids(signed_in("parent_admin").get("/api/v1/units"))
    assert {w.district.pk, w.unit.pk, w.subunit.pk, w.sibling.pk} <= district
    assert not district & {w.other_unit.pk, w.other_district.pk, w.city.pk}


def test_api_people_search_stops_at_the_scope(shared_world, signed_in):
    w = shared_world
    assert w.person.pk in _ids(signed_in("organizer").get("/api/v1/people", {"q": "lzf"}))
    assert _ids(signed_in("other_district").get("/api/v1/people", {"q": "lzf"})) == set()
    people = _ids(signed_in("staff").get("/api/v1/people", {"page": 2}))
    assert w.other_person.pk not in people


def test_api_person_shows_only_visible_posts(shared_world, signed_in):
    """A person with posts in two districts: each reader sees the posts in their scope."""
    from jianxian.core import actions

    w = shared_world
    actions.assign_post(actor=None, person=w.person, unit=w.other_unit, post="挂职")
    posts = signed_in("staff").get(f"/api/v1/people/{w.person.pk}").json()["posts"]
    assert {p["unit_id"] for p in posts} == {w.unit.pk}
    posts = signed_in("city_admin").get(f"/api/v1/people/{w.person.pk}").json()["posts"]
    assert {p["unit_id"] for p in posts} == {w.unit.pk, w.other_unit.pk}


def test_people_search_page_stops_at_the_scope(shared_world, signed_in):
    link = f'href="/org/people/{shared_world.person.pk}/"'
    page = signed_in("staff").get("/org/people/", {"q": "lzf"}).content.decode()
    assert link in page
    page = signed_in("other_district").get("/org/people/", {"q": "lzf"}).content.decode()
    assert link not in page


def test_unit_tree_shows_only_the_scope(shared_world, signed_in):
    page = signed_in("other_district").get("/org/").content.decode()
    assert "西城区民政局" in page
    assert TARGET_UNIT_NAME not in page and "青州市" not in page
    page = signed_in("parent_admin").get("/org/").content.decode()
    assert "东城区" in page and "西城区" not in page


def test_api_notifications_and_tokens_are_ones_own(shared_world, signed_in):
    w = shared_world
    client = signed_in("organizer")
    notes = _ids(client.get("/api/v1/notifications"))
    assert notes == {w.notifications["organizer"].pk}
    tokens = {row["id"] for row in client.get("/api/v1/tokens").json()}
    assert tokens == {w.token_rows["organizer"].pk}
