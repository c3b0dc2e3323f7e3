"""The problem-list import and the ledger export in a real Chromium: an organizer uploads a
list with one bad row and sees it in the error table with nothing written; the fixed
list is imported, its problems are drafts on the ledger, and the Excel export the
ledger links to opens in openpyxl with them in the 整改台账 layout."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect

from jianxian.rectification import actions
from jianxian.rectification.models import Category, Problem, ProblemStatus
from tests.browser.conftest import screenshot, sign_in

pytestmark = pytest.mark.browser

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = ["问题标题", "问题描述", "类别", "来源类型", "来源说明", "整改类型", "责任单位代码",
           "责任人工号", "完成时限", "验收标准", "整改措施"]  # fmt: skip


def problem_list(unit_code: str, staff_no: str) -> dict[str, Any]:
    """Two problems for the target unit; the second one's responsible person is
    ``staff_no``."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "问题清单"
    sheet.append(HEADERS)
    sheet.append(["干部担当精神不足", "遇到难题推诿扯皮。", "思想境界", "专题研讨",
                  "担当精神专题研讨会", "限期整改", unit_code, "GBC-001", "2030-06-30",
                  "群众满意度提升", "1. 建立首问负责制\n2. 开展案例警示教育"])  # fmt: skip
    sheet.append(["审批材料重复提交", "", "作风形象", "对标先进", "", "立行立改", unit_code,
                  staff_no, "2030-03-31", "", "精简材料清单；推行容缺受理"])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return {"name": "问题清单.xlsx", "mimeType": XLSX, "buffer": buffer.getvalue()}


def test_import_a_problem_list_and_export_the_ledger(page, live_world, tmp_path):
    # The seeded vocabulary does not survive other tests' flushes of the database.
    for name in ("思想境界", "作风形象"):
        if not Category.objects.filter(name=name).exists():
            actions.create_category(actor=None, name=name)
    code = live_world.unit.code
    assert code
    sign_in(page, "target_organizer")
    page.goto("/rectification/")
    page.get_by_test_id("import-problems").click()
    expect(page.get_by_test_id("download-template")).to_be_visible()

    # One bad row: an unknown staff number. It is listed; nothing is written.
    page.set_input_files("#id_file", problem_list(code, "GBC-999"))
    page.get_by_test_id("run-import").click()
    errors = page.get_by_test_id("import-error")
    expect(errors).to_have_count(1)
    expect(errors.first.get_by_test_id("import-error-row")).to_have_text("3")
    expect(errors.first.get_by_test_id("import-error-column")).to_have_text("责任人工号")
    expect(errors.first).to_contain_text("GBC-999")
    screenshot(page, "rectification-import-errors")
    assert not Problem.objects.exists()

    # Fixed: imported, and the drafts are on the ledger.
    page.set_input_files("#id_file", problem_list(code, "GBC-002"))
    page.get_by_test_id("run-import").click()
    expect(page).to_have_url(re.compile(r"/rectification/\?status=draft$"))
    rows = page.get_by_test_id("ledger-row")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="干部担当精神不足")).to_have_count(1)
    expect(rows.filter(has_text="审批材料重复提交")).to_have_count(1)
    screenshot(page, "rectification-import-done")
    problems = Problem.objects.order_by("id")
    assert [p.status for p in problems] == [ProblemStatus.DRAFT] * 2
    assert problems[0].measures.count() == 2 and problems[1].measures.count() == 2

    # The ledger's Excel export, for the same filter, opens with both problems.
    with page.expect_download() as download_info:
        page.get_by_test_id("export-xlsx").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    path = tmp_path / "ledger.xlsx"
    download.save_as(path)
    sheet = load_workbook(path)["整改台账"]
    assert str(sheet["A1"].value).endswith("问题整改台账")
    header = [cell.value for cell in sheet[3]][:8]
    assert header == ["序号", "问题描述", "整改措施", "责任单位", "责任人", "完成时限",
                      "整改进展", "完成情况"]  # fmt: skip
    rows_read = list(sheet.iter_rows(min_row=4, values_only=True))
    by_title = {str(r[1]).split("\n")[0]: r for r in rows_read}
    assert set(by_title) == {"干部担当精神不足", "审批材料重复提交"}
    assert by_title["干部担当精神不足"][2] == "1. 建立首问负责制\n2. 开展案例警示教育"
    assert by_title["审批材料重复提交"][7] == "草稿"
