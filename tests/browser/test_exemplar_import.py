"""Excel import in a real Chromium: an organizer uploads a workbook with one bad row and
sees the problem in a table with nothing written; the fixed workbook is imported and
its exemplar is on the list, whose export link follows the search."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from jianxian.exemplars import actions
from jianxian.exemplars.models import Deed, Exemplar, Quality
from tests.browser.conftest import screenshot, sign_in

pytestmark = pytest.mark.browser

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(unit_code: str, level: str) -> dict[str, Any]:
    """A workbook of one exemplar with a deed, as Playwright uploads a file."""
    book = Workbook()
    exemplars = book.active
    assert exemplars is not None
    exemplars.title = "典型"
    exemplars.append(["编号", "名称", "类型", "所属单位代码", "领域", "层级", "简介", "精神内涵"])
    exemplars.append(
        [
            None,
            "韩守正",
            "个人",
            unit_code,
            "廉洁自律",
            level,
            "二十年如一日坚守纪检岗位。",
            "秉公执法",
        ]
    )
    deeds = book.create_sheet("事迹")
    deeds.append(["典型名称", "标题", "日期", "正文"])
    deeds.append(["韩守正", "一本台账记清百户民情", "2022-04-08", "他走遍了辖区每一户。"])
    buffer = io.BytesIO()
    book.save(buffer)
    return {"name": "典型导入.xlsx", "mimeType": XLSX, "buffer": buffer.getvalue()}


def test_import_shows_bad_rows_then_imports_the_fixed_workbook(page, live_world):
    # The seeded vocabulary does not survive other tests' flushes of the database.
    if not Quality.objects.filter(name="秉公执法").exists():
        actions.create_quality(actor=None, code="impartial-law", name="秉公执法")
    code = live_world.unit.code
    sign_in(page, "target_organizer")
    page.goto("/exemplars/")
    page.get_by_test_id("import-exemplars").click()
    expect(page.get_by_test_id("download-template")).to_be_visible()

    # One bad row: an unknown level. The problem is listed; nothing is written.
    page.set_input_files("#id_file", workbook(code, "银河级"))
    page.get_by_test_id("run-import").click()
    errors = page.get_by_test_id("import-error")
    expect(errors).to_have_count(1)
    expect(errors.first).to_contain_text("典型")
    expect(errors.first).to_contain_text("层级")
    expect(errors.first).to_contain_text("银河级")
    expect(errors.first.get_by_test_id("import-error-row")).to_have_text("2")
    screenshot(page, "exemplar-import-errors")
    assert not Exemplar.objects.filter(name="韩守正").exists()

    # Fixed: checked first (still nothing written), then imported.
    page.set_input_files("#id_file", workbook(code, "区县"))
    page.get_by_test_id("check-import").click()
    expect(page.get_by_test_id("import-check-result")).to_be_visible()
    expect(page.get_by_test_id("import-error")).to_have_count(0)
    assert not Exemplar.objects.filter(name="韩守正").exists()
    page.set_input_files("#id_file", workbook(code, "区县"))
    page.get_by_test_id("run-import").click()
    expect(page).to_have_url(re.compile(r"/exemplars/$"))
    expect(page.get_by_role("alert").first).to_be_visible()
    card = page.get_by_test_id("exemplar-card").filter(has_text="韩守正")
    expect(card).to_have_count(1)
    screenshot(page, "exemplar-import-done")
    exemplar = Exemplar.objects.get(name="韩守正")
    assert exemplar.status == Exemplar.Status.DRAFT and exemplar.owner_unit == live_world.unit
    assert Deed.objects.filter(exemplar=exemplar, title="一本台账记清百户民情").exists()

    # The export link follows the list's search (refreshed with the results).
    page.get_by_test_id("exemplar-search").fill("韩守正")
    page.get_by_test_id("search-button").click()
    expect(page.get_by_test_id("export-excel")).to_have_attribute(
        "href", re.compile(r"q=%E9%9F%A9")
    )
