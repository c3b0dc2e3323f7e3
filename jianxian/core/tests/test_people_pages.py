"""Unit admins manage people in the browser: add, edit, add and end posts."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.translation import gettext

from jianxian.core.models import Event, Membership, Person
from jianxian.core.tests.factories import (
    city_admin,
    district_admin,
    make_person,
    make_staff,
    make_tree,
)

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def events(person: Person, verb: str) -> list[Event]:
    return list(Event.objects.filter(target_id=person.pk, target_type__model="person", verb=verb))


NEW_PERSON = {
    "name": " 李正峰 ",
    "staff_no": "DC-001",
    "post": "网格员",
    "gender": "m",
    "categories": ["cadre", "party_member"],
    "phone": "13800000000",
    "email": "li@example.org",
}


# --- Add a person ---------------------------------------------------------------


def test_unit_admin_adds_a_person_to_a_unit():
    tree = make_tree()
    admin = district_admin(tree)
    client = client_for(admin)
    url = f"/org/units/{tree.community.pk}/people/new/"
    page = text(client.get(url))
    assert 'name="categories" value="party_member"' in page and "幸福社区" in page

    response = client.post(url, NEW_PERSON)
    person = Person.objects.get(staff_no="DC-001")
    assert response.status_code == 302
    assert response["Location"] == f"/org/people/{person.pk}/"
    assert (person.name, person.name_initials, person.gender) == ("李正峰", "lzf", "m")
    assert person.categories == ["cadre", "party_member"]
    assert (person.phone, person.email) == ("13800000000", "li@example.org")
    post = person.memberships.get()
    assert (post.unit, post.post, post.end_date) == (tree.community, "网格员", None)
    [event] = events(person, "person.create")
    assert event.actor == admin
    assert gettext("Person added.") in text(client.get(response["Location"]))


def test_adding_a_person_explains_bad_input_and_writes_nothing():
    tree = make_tree()
    make_person("王芳", tree.school)
    Person.objects.filter(name="王芳").update(staff_no="DC-001")
    client = client_for(district_admin(tree))
    url = f"/org/units/{tree.community.pk}/people/new/"

    duplicate = client.post(url, NEW_PERSON)
    message = gettext("Staff number %(no)s is already used.") % {"no": "DC-001"}
    assert message in text(duplicate)
    assert 'value="13800000000"' in duplicate.content.decode()  # the input is kept

    bad = client.post(url, {**NEW_PERSON, "name": " ", "email": "not-mail", "gender": "x"})
    assert set(bad.context["form"].errors) == {"name", "email", "gender"}
    bad = client.post(url, {**NEW_PERSON, "staff_no": "", "categories": ["astronaut"]})
    assert set(bad.context["form"].errors) == {"categories"}
    assert Person.objects.count() == 1
    assert not Event.objects.filter(verb="person.create", actor__isnull=False).exists()


def test_only_managers_add_people():
    tree = make_tree()
    url = f"/org/units/{tree.community.pk}/people/new/"
    member = make_staff("王小明", tree.community)  # sees the unit, may not change it
    assert client_for(member).get(url).status_code == 403
    assert client_for(member).post(url, NEW_PERSON).status_code == 403
    admin = client_for(district_admin(tree))
    assert admin.get(f"/org/units/{tree.village.pk}/people/new/").status_code == 404
    assert admin.post(f"/org/units/{tree.village.pk}/people/new/", NEW_PERSON).status_code == 404
    assert not Person.objects.filter(staff_no="DC-001").exists()
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]


def test_unit_page_shows_add_person_only_to_managers():
    tree = make_tree()
    url = f"/org/units/{tree.community.pk}/"
    new_url = f"/org/units/{tree.community.pk}/people/new/"
    assert new_url in text(client_for(district_admin(tree)).get(url))
    member = make_staff("王小明", tree.community)
    assert new_url not in text(client_for(member).get(url))


# --- Edit a person --------------------------------------------------------------


def edit_data(person: Person, **changes) -> dict:
    data = {
        "name": person.name,
        "gender": person.gender,
        "categories": person.categories,
        "phone": person.phone,
        "email": person.email,
        "version": person.version,
    }
    return {**data, **changes}


def test_unit_admin_edits_a_person():
    tree = make_tree()
    person = make_person("李正峰", tree.community, categories=["cadre"], email="a@example.org")
    admin = district_admin(tree)
    client = client_for(admin)
    url = f"/org/people/{person.pk}/edit/"
    page = text(client.get(url))
    assert 'name="version" value="1"' in page and 'value="a@example.org"' in page
    assert 'value="cadre" class="form-check-input" id="id_categories_0" checked' in page

    response = client.post(url, edit_data(person, name="李正锋", phone="13912345678"))
    assert response.status_code == 302 and response["Location"] == f"/org/people/{person.pk}/"
    person.refresh_from_db()
    assert (person.name, person.phone, person.version) == ("李正锋", "13912345678", 2)
    assert person.pinyin_compact == "lizhengfeng"
    [event] = events(person, "person.update")
    assert event.actor == admin
    assert event.changes == {"name": ["李正峰", "李正锋"], "phone": ["", "13912345678"]}


def test_stale_edit_shows_the_message_and_overwrites_nothing():
    tree = make_tree()
    person = make_person("李正峰", tree.community)
    url = f"/org/people/{person.pk}/edit/"
    first, second = client_for(district_admin(tree)), client_for(city_admin(tree))
    assert first.post(url, edit_data(person, phone="111")).status_code == 302
    response = second.post(url, edit_data(person, phone="222", email="late@example.org"))
    message = gettext("This person was changed by someone else. Reload and apply your edit again.")
    page = text(response)
    assert message in page
    assert 'value="222"' in page  # the late edit is kept in the form to apply again
    person.refresh_from_db()
    assert (person.phone, person.email, person.version) == ("111", "", 2)
    assert len(events(person, "person.update")) == 1


def test_edit_refusals():
    tree = make_tree()
    person = make_person("李正峰", tree.community)
    outsider = make_person("李正华", tree.village)
    member = make_staff("王小明", tree.community)
    url = f"/org/people/{person.pk}/edit/"
    assert client_for(member).get(url).status_code == 403
    assert client_for(member).post(url, edit_data(person, phone="1")).status_code == 403
    admin = client_for(district_admin(tree))
    assert admin.get(f"/org/people/{outsider.pk}/edit/").status_code == 404
    assert admin.post(f"/org/people/{outsider.pk}/edit/", edit_data(outsider)).status_code == 404
    assert admin.post(url, edit_data(person, version="")).status_code == 200  # no version
    assert Person.objects.get(pk=person.pk).version == 1


# --- Posts ----------------------------------------------------------------------


def test_person_page_shows_manager_buttons_only_to_managers():
    tree = make_tree()
    person = make_person("李正峰", tree.community, post="主任")
    post = person.memberships.get()
    buttons = [
        f"/org/people/{person.pk}/edit/",
        f"/org/people/{person.pk}/posts/new/",
        f"/org/people/{person.pk}/posts/{post.pk}/end/",
    ]
    page = text(client_for(district_admin(tree)).get(f"/org/people/{person.pk}/"))
    assert all(button in page for button in buttons)
    member = make_staff("王小明", tree.community)
    page = text(client_for(member).get(f"/org/people/{person.pk}/"))
    assert not any(button in page for button in buttons)


def test_add_a_post_in_a_managed_unit():
    tree = make_tree()
    person = make_person("李正峰", tree.community, post="主任")
    admin = district_admin(tree)
    client = client_for(admin)
    url = f"/org/people/{person.pk}/posts/new/"
    page = text(client.get(url))
    # The select offers the district's units only, the person's unit chosen.
    assert f'value="{tree.community.pk}" selected' in page
    assert "东城实验小学" in page and "西岭村" not in page and "青州市" not in page

    response = client.post(url, {"unit": tree.school.pk, "post": "兼职辅导员"})
    assert response.status_code == 302 and response["Location"] == f"/org/people/{person.pk}/"
    new = Membership.objects.get(person=person, unit=tree.school)
    assert (new.post, new.is_primary, new.end_date) == ("兼职辅导员", False, None)
    [event] = events(person, "person.assign_post")
    assert event.actor == admin and event.changes == {"unit": tree.school.pk, "post": "兼职辅导员"}

    again = client.post(url, {"unit": tree.school.pk, "post": "兼职辅导员"})
    assert gettext("This person already holds that post in that unit.") in text(again)
    for unit in (tree.village, tree.city):  # outside the scope, or only visible
        refused = client.post(url, {"unit": unit.pk, "post": "越权"})
        assert gettext("Choose a unit you manage.") in text(refused)
    assert client.post(url, {"unit": "abc"}).context["form"].errors["unit"]
    assert person.memberships.count() == 2


def test_add_post_refusals():
    tree = make_tree()
    person = make_person("李正峰", tree.community)
    outsider = make_person("李正华", tree.village)
    member = make_staff("王小明", tree.community)
    data = {"unit": tree.community.pk, "post": "组长"}
    assert client_for(member).post(f"/org/people/{person.pk}/posts/new/", data).status_code == 403
    admin = client_for(district_admin(tree))
    outsider_url = f"/org/people/{outsider.pk}/posts/new/"
    assert admin.get(outsider_url).status_code == 404
    assert admin.post(outsider_url, data).status_code == 404
    assert Membership.objects.count() == 3


def test_city_admin_over_many_units_types_the_unit_number(monkeypatch):
    from jianxian.core import views_people

    tree = make_tree()
    person = make_person("李正峰", tree.community)
    monkeypatch.setattr(views_people, "MAX_UNIT_CHOICES", 3)
    client = client_for(city_admin(tree))
    url = f"/org/people/{person.pk}/posts/new/"
    page = text(client.get(url))
    assert 'type="number" name="unit"' in page and "<select" not in page
    assert client.post(url, {"unit": tree.village.pk, "post": "驻村"}).status_code == 302
    refused = client.post(url, {"unit": 999999, "post": "x"})
    assert gettext("Choose a unit you manage.") in text(refused)
    assert person.memberships.filter(unit=tree.village, post="驻村").exists()


def test_end_a_post_with_confirmation():
    tree = make_tree()
    person = make_person("李正峰", tree.community, post="主任")
    second = Membership.objects.create(person=person, unit=tree.school, post="辅导员")
    post = person.memberships.get(unit=tree.community)
    admin = district_admin(tree)
    client = client_for(admin)
    url = f"/org/people/{person.pk}/posts/{post.pk}/end/"
    page = text(client.get(url))
    assert "主任" in page and "幸福社区" in page
    assert Membership.objects.get(pk=post.pk).end_date is None  # GET only asks

    today = timezone.localdate()
    response = client.post(url, {"end_date": today.isoformat()})
    assert response.status_code == 302 and response["Location"] == f"/org/people/{person.pk}/"
    assert Membership.objects.get(pk=post.pk).end_date == today
    assert Membership.objects.get(pk=second.pk).end_date is None
    [event] = events(person, "person.end_post")
    assert event.actor == admin and event.changes == {"unit": tree.community.pk, "post": "主任"}
    assert gettext("The post has ended.") in text(client.get(response["Location"]))

    again = client.post(url, {"end_date": today.isoformat()})
    assert gettext("This post has already ended.") in text(again)
    assert client.get(url).status_code == 302  # nothing left to confirm
    assert len(events(person, "person.end_post")) == 1


def test_end_post_bad_dates():
    tree = make_tree()
    person = make_person("李正峰", tree.community, post="主任")
    post = person.memberships.get()
    client = client_for(district_admin(tree))
    url = f"/org/people/{person.pk}/posts/{post.pk}/end/"
    tomorrow = timezone.localdate() + timedelta(days=1)
    future = client.post(url, {"end_date": tomorrow.isoformat()})
    assert gettext("The end date cannot be in the future.") in text(future)
    before = (post.start_date - timedelta(days=1)).isoformat()
    assert gettext("A post cannot end before it started.") in text(
        client.post(url, {"end_date": before})
    )
    assert client.post(url, {"end_date": "2024-13-45"}).context["form"].errors["end_date"]
    assert Membership.objects.get(pk=post.pk).end_date is None


def test_ending_the_last_post_in_scope_returns_to_the_unit():
    tree = make_tree()
    person = make_person("李正峰", tree.community, post="主任")
    post = person.memberships.get()
    client = client_for(district_admin(tree))
    url = f"/org/people/{person.pk}/posts/{post.pk}/end/"
    response = client.post(url, {"end_date": timezone.localdate().isoformat()}, follow=True)
    assert response.redirect_chain == [(f"/org/units/{tree.community.pk}/", 302)]
    message = gettext("The post has ended; this person holds no other post in your units.")
    assert message in text(response)
    assert client.get(f"/org/people/{person.pk}/").status_code == 404


def test_end_post_refusals():
    tree = make_tree()
    person = make_person("李正峰", tree.community, post="主任")
    village_post = Membership.objects.create(person=person, unit=tree.village, post="驻村")
    post = person.memberships.get(unit=tree.community)
    other = make_person("王芳", tree.community)
    member = make_staff("王小明", tree.community)
    today = {"end_date": timezone.localdate().isoformat()}
    url = f"/org/people/{person.pk}/posts/{post.pk}/end/"
    assert client_for(member).get(url).status_code == 403
    assert client_for(member).post(url, today).status_code == 403
    admin = client_for(district_admin(tree))
    # The person is in view, but this post is in a unit outside the admin's district.
    village_url = f"/org/people/{person.pk}/posts/{village_post.pk}/end/"
    assert admin.get(village_url).status_code == 403
    assert admin.post(village_url, today).status_code == 403
    # A post of somebody else under this person's address.
    assert admin.post(f"/org/people/{other.pk}/posts/{post.pk}/end/", today).status_code == 404
    assert not Membership.objects.filter(end_date__isnull=False).exists()
