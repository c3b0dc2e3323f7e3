"""An anonymous visitor on the public portal in a real Chromium: searches in Traditional
script, opens an exemplar, switches to 繁體 and prints it. Screenshots (screen and print
media) go to test-artifacts/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from jianxian.core.text import to_script
from jianxian.portal.tests.builders import SUMMARY, make_exemplar
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def public_exemplars(live_world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    unit = live_world.unit
    shown = make_exemplar(unit, "李正峰", photo=True)
    make_exemplar(
        unit, "王芳", summary="社区义诊的带头人。", deeds=[("义诊下乡", None, "送医上门。")]
    )
    make_exemplar(unit, "草稿典型", state="draft")
    return shown


def test_a_visitor_searches_opens_and_prints_an_exemplar(page, public_exemplars):
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto("/portal/")
    expect(page.get_by_test_id("portal-brand")).to_be_visible()
    expect(page.get_by_test_id("portal-card")).to_have_count(2)
    expect(page.locator("body")).not_to_contain_text("草稿典型")
    screenshot(page, "portal-index")

    # A Traditional query finds the Simplified record.
    page.get_by_test_id("portal-q").fill("幹部")
    page.get_by_test_id("portal-search-submit").click()
    expect(page).to_have_url(re.compile(r"/portal/\?q=%E5%B9%B9%E9%83%A8"))
    cards = page.get_by_test_id("portal-card")
    expect(cards).to_have_count(1)
    expect(page.get_by_test_id("portal-card-name")).to_have_text("李正峰")
    screenshot(page, "portal-search")

    page.get_by_test_id("portal-card-name").click()
    expect(page).to_have_url(re.compile(rf"/portal/exemplars/{public_exemplars.pk}/$"))
    expect(page.get_by_test_id("exemplar-name")).to_have_text("李正峰")
    expect(page.get_by_test_id("deed")).to_have_count(2)
    photo = page.get_by_test_id("exemplar-photo")
    expect(photo).to_be_visible()
    assert photo.evaluate("img => img.complete && img.naturalWidth > 0")

    # 繁體: the record is shown in Traditional script, and the page stays where it was.
    page.get_by_test_id("portal-lang-zh-hant").click()
    expect(page).to_have_url(re.compile(rf"/portal/exemplars/{public_exemplars.pk}/$"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-hant")
    traditional = to_script(SUMMARY, "zh-hant")
    assert traditional != SUMMARY
    expect(page.get_by_test_id("exemplar-summary")).to_contain_text(traditional)
    expect(page.get_by_test_id("print")).to_be_visible()  # shown by portal.js
    screenshot(page, "portal-detail-hant")

    # Print: no header, footer or buttons; the content stays.
    page.emulate_media(media="print")
    expect(page.get_by_test_id("portal-header")).to_be_hidden()
    expect(page.get_by_test_id("portal-footer")).to_be_hidden()
    expect(page.get_by_test_id("print")).to_be_hidden()
    expect(page.get_by_test_id("portal-back")).to_be_hidden()
    expect(page.get_by_test_id("deeds")).to_be_visible()
    expect(page.get_by_test_id("honours")).to_be_visible()
    expect(page.get_by_test_id("print-source")).to_be_visible()  # where the page came from
    screenshot(page, "portal-detail-print")
    page.emulate_media(media="screen")

    assert problems == []  # nothing refused by the content security policy, no JS error
