"""The exemplar library in a real Chromium: an organizer creates an exemplar with a photo
and a deed and submits it; a unit admin above publishes it; a Traditional-script search
finds it by its story. Screenshots go to test-artifacts/."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from jianxian.exemplars import actions
from jianxian.exemplars.models import Exemplar, Photo, Quality
from tests.browser.conftest import screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploads of the live server go to a temporary folder, not var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


def portrait_jpeg() -> bytes:
    """A small JPEG drawn here: a red badge on a pale ground."""
    image = Image.new("RGB", (320, 240), (246, 240, 228))
    for x in range(110, 210):
        for y in range(60, 180):
            if (x - 160) ** 2 + (y - 120) ** 2 < 55**2:
                image.putpixel((x, y), (196, 30, 36))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def test_create_submit_publish_and_find_in_traditional_script(page, live_world):
    # The seeded vocabulary does not survive other tests' flushes of the database.
    if not Quality.objects.filter(name="秉公执法").exists():
        actions.create_quality(actor=None, code="impartial-law", name="秉公执法")
    # The organizer of the target unit builds the exemplar.
    sign_in(page, "target_organizer")
    page.goto("/exemplars/")
    page.get_by_test_id("new-exemplar").click()
    page.select_option("#id_owner_unit", str(live_world.unit.pk))
    page.select_option("#id_kind", "person")
    page.fill("#id_name", "郑守诚")
    page.select_option("#id_field", "integrity")
    page.select_option("#id_level", "district")
    page.fill("#id_summary", "三十年坚守纪检一线，以案促改，带出一支过硬的干部监督队伍。")
    page.get_by_label("秉公执法").check()
    screenshot(page, "exemplar-new")
    page.get_by_test_id("save").click()

    exemplar = Exemplar.objects.get(name="郑守诚")
    expect(page).to_have_url(re.compile(rf"/exemplars/{exemplar.pk}/$"))
    expect(page.get_by_test_id("exemplar-name")).to_have_text("郑守诚")

    # A photo: a wrong file is refused on the form, a JPEG is taken.
    page.get_by_test_id("add-photo").click()
    page.set_input_files(
        "#id_image", {"name": "notes.jpg", "mimeType": "image/jpeg", "buffer": b"not an image"}
    )
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("error-image")).to_be_visible()
    page.set_input_files(
        "#id_image", {"name": "portrait.jpg", "mimeType": "image/jpeg", "buffer": portrait_jpeg()}
    )
    page.fill("#id_caption", "郑守诚在办案一线")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("photo-link")).to_have_count(1)
    photo = Photo.objects.get(exemplar=exemplar)
    thumb = page.locator(f"img[src='/exemplars/photos/{photo.pk}/thumb/']")
    expect(thumb).to_be_visible()
    assert page.evaluate("img => img.naturalWidth", thumb.element_handle()) > 0

    # A deed whose story carries a script that must never run or show as markup.
    page.get_by_test_id("add-deed").click()
    page.fill("#id_title", "以案促改护航干部成长")
    page.fill("#id_date", "2021-06-18")
    page.fill(
        "#id_body",
        "<p>他牵头建立<strong>干部</strong>廉政档案。</p><script>document.title='pwned'</script>",
    )
    page.get_by_test_id("save").click()
    deed = page.get_by_test_id("deed")
    expect(deed).to_have_count(1)
    expect(page.get_by_test_id("deed-body")).to_contain_text("他牵头建立干部廉政档案。")
    assert page.title() != "pwned"
    assert page.locator("[data-testid=deed-body] script").count() == 0

    page.get_by_test_id("move-submit").click()
    expect(page.get_by_test_id("status")).to_have_text(re.compile(r"\S"))
    expect(page.get_by_test_id("move-submit")).to_have_count(0)
    exemplar.refresh_from_db()
    assert exemplar.status == Exemplar.Status.UNDER_REVIEW

    # The district's unit admin, a different user, publishes it from the review queue.
    page.context.clear_cookies()
    sign_in(page, "district_admin")
    page.goto("/exemplars/review/")
    row = page.get_by_test_id("review-row").filter(has_text="郑守诚")
    expect(row).to_have_count(1)
    screenshot(page, "exemplar-review-queue")
    row.get_by_role("link").click()
    page.get_by_test_id("move-publish").click()
    expect(page.get_by_test_id("move-archive")).to_be_visible()
    exemplar.refresh_from_db()
    assert exemplar.status == Exemplar.Status.PUBLISHED
    screenshot(page, "exemplar-detail")

    # Staff of the unit find it with a Traditional-script query that matches the story.
    page.context.clear_cookies()
    sign_in(page, "target_staff")
    page.goto("/exemplars/")
    page.get_by_test_id("exemplar-search").fill("幹部廉政")
    page.get_by_test_id("search-button").click()
    cards = page.get_by_test_id("exemplar-card")
    expect(cards).to_have_count(1)
    expect(cards.first.get_by_test_id("exemplar-name")).to_have_text("郑守诚")
    expect(page).to_have_url(re.compile(r"q=%E5%B9%B9%E9%83%A8"))
    screenshot(page, "exemplar-list-search")
    page.goto("/exemplars/")
    screenshot(page, "exemplar-list")
    cards.first.get_by_test_id("exemplar-name").click()
    expect(page.get_by_test_id("deed-title")).to_have_text("以案促改护航干部成长")
    expect(page.get_by_test_id("linked-activity")).to_be_visible()
