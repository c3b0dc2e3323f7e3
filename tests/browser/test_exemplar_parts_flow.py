"""Building and pruning a draft in a real Chromium: an organizer links a person exemplar
to someone on the platform by staff number, adds two deeds, removes one after the
confirmation page, and finally deletes the draft."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from jianxian.core.actions import create_person
from jianxian.exemplars.models import Deed, Exemplar
from tests.browser.conftest import screenshot, sign_in

pytestmark = pytest.mark.browser


def add_deed(page, title: str, body: str) -> None:
    page.get_by_test_id("add-deed").click()
    page.fill("#id_title", title)
    page.fill("#id_body", body)
    page.get_by_test_id("save").click()


def test_link_a_person_remove_a_deed_and_delete_the_draft(page, live_world):
    person = create_person(actor=None, name="钱立新", unit=live_world.unit, staff_no="QZ-7788")
    sign_in(page, "target_organizer")
    page.goto("/exemplars/new/")
    page.select_option("#id_owner_unit", str(live_world.unit.pk))
    page.select_option("#id_kind", "person")
    page.fill("#id_name", "钱立新")
    page.fill("#id_person_ref", "QZ-0000")  # nobody: refused on the field
    page.select_option("#id_field", "community")
    page.select_option("#id_level", "unit")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("error-person_ref")).to_be_visible()
    page.fill("#id_person_ref", "QZ-7788")
    page.get_by_test_id("save").click()
    exemplar = Exemplar.objects.get(person=person)
    expect(page).to_have_url(re.compile(rf"/exemplars/{exemplar.pk}/$"))

    add_deed(page, "义务调解三百起", "二十年间调解邻里纠纷三百余起。")
    add_deed(page, "重复录入的事迹", "误录。")
    expect(page.get_by_test_id("deed")).to_have_count(2)
    duplicate = page.get_by_test_id("deed").filter(has_text="重复录入的事迹")
    duplicate.get_by_test_id("remove-deed").click()
    expect(page.get_by_test_id("remove-what")).to_have_text("重复录入的事迹")
    screenshot(page, "exemplar-remove-deed")
    page.get_by_test_id("confirm-remove").click()
    expect(page.get_by_test_id("deed")).to_have_count(1)
    expect(page.get_by_test_id("deed-title")).to_have_text("义务调解三百起")
    assert list(Deed.objects.filter(exemplar=exemplar).values_list("title", flat=True)) == [
        "义务调解三百起"
    ]

    page.get_by_test_id("delete-exemplar").click()
    page.get_by_test_id("confirm-remove").click()
    expect(page).to_have_url(re.compile(r"/exemplars/$"))
    assert not Exemplar.objects.filter(pk=exemplar.pk).exists()
