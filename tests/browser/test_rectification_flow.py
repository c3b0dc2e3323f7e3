"""The rectification ledger in a real Chromium, one problem from finding to 销号: the
organizer records it with a measure, plans and starts it; the responsible person reports
progress with a photo, ticks the measure and submits; a verifier who is not the
responsible person closes it with a score; the ledger shows it closed, its counts
updated. Screenshots go to test-artifacts/."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from jianxian.core import actions as core_actions
from jianxian.core.models import Role
from jianxian.rectification import actions
from jianxian.rectification.models import Category, Evidence, Problem, ProblemStatus
from tests.browser.conftest import screenshot, sign_in
from tests.world import password_hash

pytestmark = pytest.mark.browser

TITLE = "政务服务窗口存在推诿扯皮现象"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploads of the live server go to a temporary folder, not var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


def site_photo() -> bytes:
    """A small JPEG drawn here: a service counter (grey) under a red banner."""
    image = Image.new("RGB", (320, 240), (236, 240, 244))
    for x in range(20, 300):
        for y in range(20, 60):
            image.putpixel((x, y), (196, 30, 36))
        for y in range(140, 220):
            image.putpixel((x, y), (120, 130, 140))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def make_verifier(world):
    """A verifier of the district (钱验收), who is nobody's responsible person."""
    user = get_user_model().objects.create(username="district_verifier", password=password_hash())
    core_actions.create_person(actor=None, name="钱验收", unit=world.district, post="督查员",
                               user=user)  # fmt: skip
    core_actions.grant_role(actor=None, user=user, role=Role.VERIFIER, unit=world.district)
    return user


def test_a_problem_from_finding_to_closed(page, live_world):
    # The seeded vocabulary does not survive other tests' flushes of the database.
    if not Category.objects.filter(name="作风形象").exists():
        actions.create_category(actor=None, name="作风形象", name_en="Work style")
    make_verifier(live_world)
    due = timezone.localdate() + datetime.timedelta(days=45)

    # The organizer records the problem with its measure, plans and starts it.
    sign_in(page, "target_organizer")
    page.goto("/rectification/")
    expect(page.get_by_test_id("count-total").get_by_test_id("count")).to_have_text("0")
    page.get_by_test_id("new-problem").click()
    page.select_option("#id_unit", str(live_world.unit.pk))
    page.fill("#id_title", TITLE)
    page.fill("#id_responsible_ref", "王小川")
    page.select_option("#id_category", label="作风形象")
    page.select_option("#id_severity", "serious")
    page.select_option("#id_source_kind", "public_feedback")
    page.fill("#id_source_label", "12345热线群众反映")
    page.select_option("#id_kind", "deadline")
    page.fill("#id_due_date", due.isoformat())
    page.fill("#id_description", "群众反映办理不动产登记时多个窗口互相推诿，往返多次。")
    page.fill("#id_acceptance_standard", "实行首问负责制，群众回访满意率不低于95%。")
    screenshot(page, "rectification-new")
    page.get_by_test_id("save").click()

    problem = Problem.objects.get(title=TITLE)
    expect(page).to_have_url(re.compile(rf"/rectification/problems/{problem.pk}/$"))
    expect(page.get_by_test_id("problem-title")).to_have_text(TITLE)
    page.get_by_test_id("move-plan").click()
    expect(page.locator(".alert-danger")).to_be_visible()  # the plan needs a measure

    page.get_by_test_id("add-measure").click()
    page.fill("#id_description", "推行首问负责制，公开窗口职责清单。")
    page.fill("#id_owner_ref", "王小川")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("measure")).to_have_count(1)
    page.get_by_test_id("move-plan").click()
    expect(page.get_by_test_id("status")).to_have_attribute("data-status", "planned")
    page.get_by_test_id("move-start").click()
    expect(page.get_by_test_id("status")).to_have_attribute("data-status", "rectifying")

    # The responsible person reports progress with a photo, ticks the measure, submits.
    page.context.clear_cookies()
    sign_in(page, "target_staff")
    page.goto("/rectification/")
    page.get_by_test_id("problem-title").filter(has_text=TITLE).click()
    page.get_by_test_id("add-note").click()
    page.fill("#id_body", "已印发窗口职责清单，设立首问负责岗，完成群众回访30人次。")
    page.set_input_files(
        "#id_evidence", {"name": "窗口现场.jpg", "mimeType": "image/jpeg", "buffer": site_photo()}
    )
    page.get_by_test_id("save").click()
    image = page.get_by_test_id("evidence-image").locator("img")
    expect(image).to_have_count(1)
    expect(image).to_be_visible()
    assert page.evaluate("img => img.naturalWidth", image.element_handle()) > 0
    assert Evidence.objects.get().original_name == "窗口现场.jpg"
    page.get_by_test_id("measure-done").click()
    expect(page.get_by_test_id("measures-progress")).to_have_text("1/1")
    page.get_by_test_id("move-submit").click()
    expect(page.get_by_test_id("status")).to_have_attribute("data-status", "submitted")
    expect(page.get_by_test_id("close-form")).to_have_count(0)  # not for the responsible

    # A verifier of the district accepts and closes it with a score.
    page.context.clear_cookies()
    sign_in(page, "district_verifier")
    page.goto(f"/rectification/problems/{problem.pk}/")
    expect(page.get_by_test_id("acceptance")).to_be_visible()
    screenshot(page, "rectification-acceptance")
    page.get_by_test_id("close-score").fill("92")
    page.get_by_test_id("close-comment").fill("职责清单已公开，回访满意率96%，整改到位。")
    page.get_by_test_id("move-close").click()
    expect(page.get_by_test_id("status")).to_have_attribute("data-status", "closed")
    expect(page.get_by_test_id("score")).to_have_text("92")
    labels = page.get_by_test_id("history-label")
    expect(labels).to_have_count(8)
    expect(labels.last).to_have_attribute("data-verb", "problem.close")
    screenshot(page, "rectification-closed")
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.CLOSED and problem.effectiveness_score == 92

    # The ledger shows it closed, with the counts updated.
    page.goto("/rectification/")
    row = page.get_by_test_id("ledger-row").filter(has_text=TITLE)
    expect(row.get_by_test_id("status")).to_have_attribute("data-status", "closed")
    expect(row.get_by_test_id("progress")).to_contain_text("1/1")
    expect(page.get_by_test_id("count-closed").get_by_test_id("count")).to_have_text("1")
    expect(page.get_by_test_id("count-total").get_by_test_id("count")).to_have_text("1")
    page.get_by_test_id("count-closed").click()
    expect(page).to_have_url(re.compile(r"status=closed"))
    expect(page.get_by_test_id("ledger-row")).to_have_count(1)
    screenshot(page, "rectification-ledger")
