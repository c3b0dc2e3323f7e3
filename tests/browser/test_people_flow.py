"""A unit admin manages people in a real Chromium: adds a person to a unit, edits their
phone, gives them a second post and ends the first. Screenshots go to test-artifacts/."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from jianxian.core.models import Event, Membership, Person
from tests.browser.conftest import HAN, screenshot, sign_in
from tests.world import TARGET_UNIT_NAME

pytestmark = pytest.mark.browser


def ui(message: str) -> str:
    """A UI string as the app shows it in zh-Hans; it must really be Chinese."""
    with translation.override("zh-hans"):
        text = gettext(message)
    assert HAN.search(text), f"no zh-Hans translation for the UI string {message!r}"
    return text


def test_unit_admin_adds_edits_and_moves_a_person(page, live_world):
    sign_in(page, "district_admin")
    page.goto(f"/org/units/{live_world.unit.pk}/")
    expect(page.get_by_test_id("unit-name")).to_have_text(TARGET_UNIT_NAME)
    screenshot(page, "unit-manager")
    add = page.get_by_test_id("add-person")
    expect(add).to_have_text(ui("Add person"))
    add.click()

    # Add: a duplicate staff number is refused with the reason, the input kept.
    expect(page.locator(".page-title")).to_have_text(ui("Add a person"))
    page.fill("#id_name", "欧阳晓峰")
    page.fill("#id_staff_no", "GBC-001")  # already 李正峰's
    page.fill("#id_post", "副处长")
    page.select_option("#id_gender", "m")
    page.get_by_label(ui("Party member")).check()
    page.get_by_label(ui("Cadre")).check()
    page.fill("#id_phone", "0536-8000001")
    page.fill("#id_email", "ouyang@example.org")
    screenshot(page, "person-new")
    page.get_by_test_id("save").click()
    error = page.get_by_test_id("form-error")
    with translation.override("zh-hans"):
        duplicate = gettext("Staff number %(no)s is already used.") % {"no": "GBC-001"}
    expect(error).to_have_text(duplicate)
    expect(page.locator("#id_name")).to_have_value("欧阳晓峰")
    expect(page.get_by_label(ui("Party member"))).to_be_checked()
    screenshot(page, "person-new-error")
    page.fill("#id_staff_no", "GBC-100")
    page.get_by_test_id("save").click()

    person = Person.objects.get(staff_no="GBC-100")
    expect(page).to_have_url(re.compile(rf"/org/people/{person.pk}/$"))
    expect(page.get_by_test_id("person-name")).to_have_text("欧阳晓峰")
    expect(page.locator("body")).to_contain_text(ui("Person added."))
    expect(page.get_by_test_id("posts")).to_contain_text("副处长")
    assert person.categories == ["cadre", "party_member"]

    # Edit the phone.
    page.get_by_test_id("edit-person").click()
    expect(page.locator("#id_phone")).to_have_value("0536-8000001")
    page.fill("#id_phone", "13905368888")
    page.get_by_test_id("save").click()
    expect(page).to_have_url(re.compile(rf"/org/people/{person.pk}/$"))
    expect(page.locator("body")).to_contain_text("13905368888")
    person.refresh_from_db()
    assert (person.phone, person.version) == ("13905368888", 2)

    # A second post in the team under the unit, then the first one ends.
    page.get_by_test_id("add-post").click()
    page.select_option("#id_unit", str(live_world.subunit.pk))
    page.fill("#id_post", "监督员")
    screenshot(page, "person-add-post")
    page.get_by_test_id("save").click()
    posts = page.get_by_test_id("posts")
    expect(posts).to_contain_text("干部监督科")
    expect(posts).to_contain_text("监督员")

    first = Membership.objects.get(person=person, unit=live_world.unit)
    page.get_by_test_id(f"end-post-{first.pk}").click()
    expect(page.get_by_test_id("end-post-question")).to_contain_text("副处长")
    screenshot(page, "person-end-post")
    page.get_by_test_id("confirm-end-post").click()
    expect(page).to_have_url(re.compile(rf"/org/people/{person.pk}/$"))
    expect(page.locator("body")).to_contain_text(ui("The post has ended."))
    ended_row = posts.locator("tbody tr", has_text="副处长")
    expect(ended_row).to_have_class(re.compile("text-secondary"))
    expect(page.get_by_test_id(f"end-post-{first.pk}")).to_have_count(0)
    screenshot(page, "person-managed")

    first.refresh_from_db()
    assert first.end_date is not None
    verbs = set(Event.objects.filter(target_id=person.pk).values_list("verb", flat=True))
    assert verbs >= {"person.create", "person.update", "person.assign_post", "person.end_post"}
