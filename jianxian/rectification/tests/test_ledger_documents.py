"""The ledger's documents (rectification.ledger): the Excel and PDF 整改台账, the problem
list imported from Excel, and the pages that serve them."""

from __future__ import annotations

import datetime
import io
import re
import shutil
import subprocess
import zipfile
import zlib
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from jianxian.core import actions as core_actions
from jianxian.core.models import Event, UnitKind
from jianxian.core.spreadsheet import XLSX_CONTENT_TYPE, WorkbookRejected
from jianxian.rectification import actions, ledger
from jianxian.rectification.ledger import columns as c
from jianxian.rectification.ledger import pdf as ledger_pdf
from jianxian.rectification.models import Measure, Problem, ProblemKind, ProblemStatus
from jianxian.rectification.tests.factories import (
    TODAY,
    at,
    make_planned,
    make_problem,
    with_status,
)

IMPORT_HEADERS = [column.header for column in c.COLUMNS]
needs_poppler = pytest.mark.skipif(
    shutil.which("pdffonts") is None or shutil.which("pdftotext") is None,
    reason="poppler-utils (pdffonts, pdftotext) is not installed",
)


# --- Helpers ------------------------------------------------------------------


def export(problems: Any, title: str = "幸福社区问题整改台账") -> Any:
    buffer = io.BytesIO()
    ledger.write_ledger_xlsx(problems, buffer, title=title, today=TODAY)
    buffer.seek(0)
    return load_workbook(buffer)


def data_rows(sheet: Any) -> list[tuple[Any, ...]]:
    return [row for row in sheet.iter_rows(min_row=4, values_only=True)]


def xlsx(rows: list[list[Any]], headers: list[str] | None = None, title: str = "问题清单") -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    sheet.append(headers or IMPORT_HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def row(**values: Any) -> list[Any]:
    """A row of the import sheet in IMPORT_HEADERS order; keys are column keys."""
    base: dict[str, Any] = {
        "title": "窗口服务一次性告知落实不到位",
        "description": "群众反映办理营业执照需多次往返补交材料。",
        "category": "作风形象",
        "source_kind": "群众反馈",
        "source_label": "2026年第一季度“好差评”",
        "severity": "一般",
        "kind": "限期整改",
        "unit_code": "",
        "staff_no": "XF-001",
        "due_date": "2026-09-30",
        "acceptance_standard": "连续三个月无同类投诉",
        "measures": "1. 编制一次性告知清单\n2. 开展窗口人员业务培训",
        "review_cycle_days": None,
    }
    base.update(values)
    return [base[column.key] for column in c.COLUMNS]


@pytest.fixture
def world(cast):
    """Staff numbers and unit codes for the import: a person in the community, a team
    with a code under it, and a unit with a code in the other district."""
    core_actions.create_person(actor=None, name="陈责任", unit=cast.unit, staff_no="XF-001")
    core_actions.create_person(actor=None, name="刘组长", unit=cast.tree.team, staff_no="XF-002")
    core_actions.create_person(actor=None, name="赵西城", unit=cast.tree.village, staff_no="XC-001")
    team2 = core_actions.create_unit(
        actor=None, name="网格二组", kind=UnitKind.TEAM, parent=cast.unit, code="XF-WG2"
    )
    other = core_actions.create_unit(
        actor=None, name="西岭村民小组", kind=UnitKind.TEAM, parent=cast.tree.village, code="XL-01"
    )
    return {"cast": cast, "team2": team2, "other": other}


def errors_of(exc: pytest.ExceptionInfo[ledger.LedgerInvalid]) -> set[tuple[int, str]]:
    return {(error.row, error.column) for error in exc.value.errors}


# --- Excel export -------------------------------------------------------------


def _ledger(cast: Any) -> dict[str, Problem]:
    """A closed problem, an overdue one with progress, an ongoing one and a draft."""
    closed = with_status(make_problem(cast, "社区议事会流于形式"), ProblemStatus.CLOSED)
    late = make_problem(
        cast,
        "网格员入户走访存在应付现象",
        description="部分网格员走访记录与实际不符。",
        due_date=TODAY - datetime.timedelta(days=12),
    )
    actions.add_measure(actor=None, problem=late, description="制定入户走访工作规范")
    actions.add_measure(actor=None, problem=late, description="每月抽查走访记录")
    actions.plan_problem(actor=None, problem=late)
    actions.start_problem(actor=None, problem=late)
    for day, body in [(1, "印发走访规范。"), (5, "抽查三个网格。"), (9, "补录走访记录。")]:
        actions.add_progress_note(
            actor=None, problem=late, body=body, now=at(TODAY - datetime.timedelta(days=20 - day))
        )
    measure = late.measures.first()
    assert measure is not None
    actions.mark_measure_done(actor=None, measure=measure)
    ongoing = make_problem(cast, "理论学习与业务工作结合不紧", kind=ProblemKind.ONGOING)
    draft = make_problem(cast, "办事指南更新不及时")
    return {"closed": closed, "late": late, "ongoing": ongoing, "draft": draft}


def test_export_has_the_ledger_layout(cast):
    made = _ledger(cast)
    book = export(Problem.objects.order_by("id"))
    assert book.sheetnames == [ledger.SHEET_NAME]
    sheet = book[ledger.SHEET_NAME]
    assert sheet["A1"].value == "幸福社区问题整改台账"
    assert sheet["A2"].value == "制表日期：2026年6月15日　共 4 条"
    header = [cell.value for cell in sheet[3]]
    assert header[:8] == ["序号", "问题描述", "整改措施", "责任单位", "责任人", "完成时限",
                          "整改进展", "完成情况"]  # fmt: skip
    assert header == list(ledger.HEADERS)
    rows = {r[1].split("\n")[0]: r for r in data_rows(sheet)}
    assert [r[0] for r in data_rows(sheet)] == [1, 2, 3, 4]

    late = rows["网格员入户走访存在应付现象"]
    assert late[1] == "网格员入户走访存在应付现象\n部分网格员走访记录与实际不符。"
    assert late[2] == "1. 制定入户走访工作规范（已完成）\n2. 每月抽查走访记录"
    assert (late[3], late[4]) == ("幸福社区", "张整改")
    assert late[5] == datetime.datetime(2026, 6, 3)  # a date cell
    assert (
        late[6]
        == "2026-05-27：印发走访规范。\n2026-05-31：抽查三个网格。\n2026-06-04：补录走访记录。"
    )
    assert late[7] == "整改中（逾期 12 天）"
    assert late[8:] == ("作风形象", "自查自纠：社区“两委”班子自查自纠", "整改中")

    closed = made["closed"]
    assert closed.closed_at is not None
    closed_on = f"{timezone.localtime(closed.closed_at):%Y-%m-%d}"
    assert rows["社区议事会流于形式"][7] == f"已销号（{closed_on}，成效评分 90）"
    assert rows["社区议事会流于形式"][10] == "已销号"
    assert rows["理论学习与业务工作结合不紧"][5] == "长期坚持，每 90 天评估"
    assert rows["办事指南更新不及时"][7] == "草稿"
    assert rows["办事指南更新不及时"][2] is None  # no measures: an empty cell


def test_export_is_set_up_for_reading_and_printing(cast):
    make_planned(cast)
    sheet = export(Problem.objects.all())[ledger.SHEET_NAME]
    assert sheet.freeze_panes == "A4"
    assert sheet.print_title_rows == "$3:$3"  # the header repeats on every printed page
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 9  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.oddFooter.center.text == "第 &P 页 共 &N 页"
    assert "A1:K1" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet.auto_filter.ref == "A3:K4"
    assert sheet.column_dimensions["B"].width > 30
    cell = sheet["C4"]
    assert cell.alignment.wrap_text and cell.border.left.style == "thin"
    assert sheet["A3"].font.bold


def test_exported_cells_never_hold_formulas(cast):
    """Text starting with = + - @ stays text: a string cell, marked with Excel's quote
    prefix, and no formula anywhere in the file."""
    hostile = '=HYPERLINK("http://evil.example/","点我")'
    problem = make_problem(cast, hostile, description="+1+1")
    actions.add_measure(actor=None, problem=problem, description="-2+3")
    actions.plan_problem(actor=None, problem=problem)
    actions.add_progress_note(actor=None, problem=problem, body="@SUM(A1:A9)")
    buffer = io.BytesIO()
    ledger.write_ledger_xlsx(Problem.objects.all(), buffer, title="=1+1", today=TODAY)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
        styles = archive.read("xl/styles.xml").decode()
    assert "<f>" not in xml and "<f " not in xml
    assert 'quotePrefix="1"' in styles
    sheet = load_workbook(io.BytesIO(buffer.getvalue()))[ledger.SHEET_NAME]
    assert sheet["A1"].value == "=1+1" and sheet["A1"].data_type == "s"
    cells = [sheet[f"{col}4"] for col in "BCG"]
    assert [cell.data_type for cell in cells] == ["s", "s", "s"]
    assert cells[0].value == f"{hostile}\n+1+1"
    assert cells[1].value.startswith("1. -2+3")
    assert cells[2].value.endswith("@SUM(A1:A9)")
    assert sheet["A1"].quotePrefix and cells[0].quotePrefix


def test_export_queries_do_not_grow_with_the_rows(cast):
    """Chunks with prefetches: the same few queries for 3 problems as for 12."""

    def queries_for(n: int) -> int:
        Problem.objects.all().delete()
        for i in range(n):
            problem = make_planned(cast, f"问题{i}")
            actions.add_measure(actor=None, problem=problem, description="第二项措施")
            actions.add_progress_note(actor=None, problem=problem, body=f"进展{i}")
        with CaptureQueriesContext(connection) as captured:
            ledger.write_ledger_xlsx(Problem.objects.all(), io.BytesIO(), title="台账", today=TODAY)
        return len(captured.captured_queries)

    few, many = queries_for(3), queries_for(12)
    assert few == many <= 6


def test_export_notes_column_lists_the_latest_three(cast):
    problem = make_planned(cast)
    for day in range(1, 6):
        actions.add_progress_note(
            actor=None, problem=problem, body=f"第{day}次进展", now=at(TODAY.replace(day=day))
        )
    progress = data_rows(export(Problem.objects.all())[ledger.SHEET_NAME])[0][6]
    assert progress.split("\n") == [
        "2026-06-03：第3次进展",
        "2026-06-04：第4次进展",
        "2026-06-05：第5次进展",
        "（共 5 条进展，列出最近 3 条）",
    ]


# --- PDF ----------------------------------------------------------------------


def _pdf_text(pdf: bytes, tmp_path: Any) -> str:
    """The PDF's text by pages (separated by form feeds) in the order it is drawn, so
    that a table cell's lines stay together; whitespace removed: pdftotext drops or adds
    spaces between CJK characters as their positions suggest."""
    path = tmp_path / "ledger.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    return "\f".join("".join(page.split()) for page in text.split("\f"))


def _inflated(pdf: bytes) -> bytes:
    """Every Flate stream of the PDF decompressed (object streams hold the font
    dictionaries), joined: what a parser would see."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n", pdf):
        try:
            parts.append(zlib.decompressobj().decompress(pdf[match.end() :]))
        except zlib.error:
            continue
    return b"\n".join(parts)


@needs_poppler
def test_pdf_embeds_the_cjk_font_and_its_text_can_be_extracted(cast, tmp_path):
    _ledger(cast)
    pdf = ledger.render_ledger_pdf(
        Problem.objects.order_by("id"), title="幸福社区问题整改台账", today=TODAY
    )
    assert pdf.startswith(b"%PDF-")
    path = tmp_path / "ledger.pdf"
    path.write_bytes(pdf)
    fonts = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, check=True, text=True
    ).stdout.splitlines()[2:]
    cjk = [line for line in fonts if "NotoSansCJK" in line.replace("-", "")]
    assert cjk, fonts
    # pdffonts columns: name type encoding emb sub uni object ID
    assert all(line.split()[-5:-3] == ["yes", "yes"] for line in cjk), cjk
    assert re.search(rb"/FontFile[23]?\b", _inflated(pdf))  # the font program itself
    text = _pdf_text(pdf, tmp_path)
    for expected in [
        "幸福社区问题整改台账",
        "制表日期：2026年6月15日",
        "整改措施",
        "网格员入户走访存在应付现象",
        "制定入户走访工作规范（已完成）",
        "逾期 12 天",
        "第 1 页 共 1 页",
    ]:
        assert "".join(expected.split()) in text, expected


@needs_poppler
def test_pdf_repeats_the_header_and_numbers_every_page(cast, tmp_path):
    for i in range(45):
        make_problem(cast, f"问题{i:02d}：" + "会议记录不完整，" * 6)
    pdf = ledger.render_ledger_pdf(Problem.objects.order_by("id"), title="台账", today=TODAY)
    pages = [page for page in _pdf_text(pdf, tmp_path).split("\f") if page.strip()]
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert "整改措施" in page and "完成情况" in page
        assert f"第{number}页共{len(pages)}页" in page


def test_pdf_fetches_nothing_but_data_urls():
    from weasyprint import HTML

    fetcher = ledger.DataOnlyFetcher()
    html = (
        '<img src="file:///etc/passwd"><img src="http://example.invalid/x.png">'
        '<link rel="stylesheet" href="https://example.invalid/x.css">'
        '<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUl'
        'EQVR4nGNgYGD4DwABBAEAghHRDwAAAABJRU5ErkJggg==">'
    )
    HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()
    assert sorted(fetcher.refused) == [
        "file:///etc/passwd",
        "http://example.invalid/x.png",
        "https://example.invalid/x.css",
    ]


def test_pdf_of_a_ledger_fetches_nothing(cast):
    make_problem(cast, '<img src="http://example.invalid/x.png">', description="<b>粗体</b>")
    fetcher = ledger.DataOnlyFetcher()
    html = ledger_pdf.ledger_html(Problem.objects.all(), title="台账", today=TODAY)
    assert "&lt;img src=" in html and "<b>" not in html  # escaped, never markup
    ledger.render_ledger_pdf(Problem.objects.all(), title="台账", today=TODAY, fetcher=fetcher)
    assert fetcher.refused == []


def test_pdf_refuses_more_rows_than_it_holds(cast, monkeypatch):
    monkeypatch.setattr(ledger_pdf, "PDF_MAX_ROWS", 2)
    for i in range(3):
        make_problem(cast, f"问题{i}")
    with pytest.raises(ledger.LedgerTooLarge, match="export it to Excel"):
        ledger.render_ledger_pdf(Problem.objects.all(), title="台账", today=TODAY)


# --- Import -------------------------------------------------------------------


def test_import_creates_drafts_with_their_measures(world):
    cast = world["cast"]
    data = xlsx(
        [
            row(),
            row(
                title="理论学习与业务结合不紧",
                kind="长期坚持",
                due_date=None,
                review_cycle_days=90,
                unit_code="XF-WG2",
                staff_no="XF-002",
                measures="坚持每月集中学习；（2）建立学用结合台账",
                category="思想境界",
                source_kind="专题研讨",
                source_label=None,
            ),
            row(
                title="办事指南更新不及时",
                kind="立行立改",
                due_date=datetime.datetime(2026, 7, 1),
                severity="严重",
                measures=None,
                acceptance_standard=None,
            ),
        ]
    )
    events_before = Event.objects.count()
    result = ledger.import_problems(data, actor=cast.organizer, unit_default=cast.unit)
    assert (result.rows, len(result.created), result.measures, result.skipped) == (3, 3, 4, [])
    assert "3 new problem(s) with 4 measure(s)" in result.message()
    first, ongoing, immediate = Problem.objects.filter(pk__in=result.created).order_by("id")
    assert all(p.status == ProblemStatus.DRAFT for p in (first, ongoing, immediate))
    assert (first.unit, first.responsible.staff_no) == (cast.unit, "XF-001")
    assert (first.kind, first.due_date, first.severity) == (
        ProblemKind.DEADLINE,
        datetime.date(2026, 9, 30),
        "general",
    )
    assert (first.source_kind, first.source_label) == ("public_feedback", "2026年第一季度“好差评”")
    assert first.created_by == cast.organizer
    assert list(first.measures.values_list("description", flat=True)) == [
        "编制一次性告知清单",
        "开展窗口人员业务培训",
    ]
    assert (ongoing.unit, ongoing.kind, ongoing.due_date, ongoing.review_cycle_days) == (
        world["team2"],
        ProblemKind.ONGOING,
        None,
        90,
    )
    assert ongoing.category.name == "思想境界" and ongoing.source_label == "专题研讨"
    assert list(ongoing.measures.values_list("description", flat=True)) == [
        "坚持每月集中学习",
        "建立学用结合台账",
    ]
    assert (immediate.kind, immediate.due_date, immediate.severity) == (
        ProblemKind.IMMEDIATE,
        datetime.date(2026, 7, 1),
        "grave",
    )
    assert not immediate.measures.exists()
    # Through the actions: every problem and measure has its event.
    verbs = list(Event.objects.order_by("id")[events_before:].values_list("verb", flat=True))
    assert verbs.count("problem.create") == 3 and verbs.count("problem.add_measure") == 4


def test_import_reports_every_error_at_once_and_writes_nothing(world):
    cast = world["cast"]
    make_problem(cast, "已有的问题")
    before = (Problem.objects.count(), Measure.objects.count(), Event.objects.count())
    rows = [
        row(),  # row 2: fine
        row(unit_code="NO-SUCH"),  # 3
        row(staff_no="NOBODY"),  # 4
        row(category="不存在的类别"),  # 5
        row(unit_code="XL-01"),  # 6: a unit the organizer does not run
        row(due_date="2026-13-45"),  # 7
        row(kind="长期坚持", review_cycle_days=None),  # 8: ongoing with a due date, no cycle
        row(due_date=None),  # 9: a deadline without a due date
        row(title="长" * 121),  # 10
        row(review_cycle_days=30),  # 11: a cycle for a deadline rectification
        row(kind="马上办"),  # 12
        row(title=None, source_kind=None),  # 13
        row(review_cycle_days="一年", kind="长期坚持", due_date=None),  # 14
        row(measures="；".join(f"措施{i}" for i in range(51))),  # 15
    ]
    data = xlsx(rows)
    with pytest.raises(ledger.LedgerInvalid) as exc:
        ledger.import_problems(data, actor=cast.organizer, unit_default=cast.unit)
    assert errors_of(exc) == {
        (3, "责任单位代码"),
        (4, "责任人工号"),
        (5, "类别"),
        (6, "责任单位代码"),
        (7, "完成时限"),
        (8, "完成时限"),
        (8, "复查周期（天）"),
        (9, "完成时限"),
        (10, "问题标题"),
        (11, "复查周期（天）"),
        (12, "整改类型"),
        (13, "问题标题"),
        (13, "来源类型"),
        (14, "复查周期（天）"),
        (15, "整改措施"),
    }
    messages = {(e.row, e.column): e.message for e in exc.value.errors}
    assert messages[(3, "责任单位代码")] == "No unit has the code “NO-SUCH”."
    assert messages[(6, "责任单位代码")] == "You cannot add problems to the list of 西岭村民小组."
    assert messages[(10, "问题标题")] == "The value is too long (121 characters; at most 120)."
    assert "13 row(s) of the workbook have problems (15 in all)" in exc.value.summary
    assert [e.row for e in exc.value.errors] == sorted(e.row for e in exc.value.errors)
    assert (Problem.objects.count(), Measure.objects.count(), Event.objects.count()) == before


def test_import_refuses_formulas_and_duplicate_rows(world):
    cast = world["cast"]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(IMPORT_HEADERS)
    sheet.append(row())
    sheet.append(row())  # the same problem again
    formula = row(title="另一个问题")
    formula[IMPORT_HEADERS.index("完成时限")] = "=TODAY()+30"
    sheet.append(formula)
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(ledger.LedgerInvalid) as exc:
        ledger.import_problems(buffer.getvalue(), actor=cast.organizer, unit_default=cast.unit)
    assert errors_of(exc) == {(3, "问题标题"), (4, "完成时限")}
    messages = [e.message for e in exc.value.errors]
    assert "also on row 2" in messages[0] and "formula" in messages[1]
    assert not Problem.objects.exists()


def test_import_again_skips_what_is_already_there(world):
    cast = world["cast"]
    data = xlsx([row(), row(title="第二个问题", unit_code="XF-WG2")])
    first = ledger.import_problems(data, actor=cast.organizer, unit_default=cast.unit)
    again = ledger.import_problems(data, actor=cast.organizer, unit_default=cast.unit)
    assert len(first.created) == 2
    assert (again.created, again.measures) == ([], 0)
    assert [(s.row, s.problem_id) for s in again.skipped] == [(2, first.created[0]),
                                                              (3, first.created[1])]  # fmt: skip
    assert "Nothing to import" in again.message()
    assert Problem.objects.count() == 2 and Measure.objects.count() == 4
    # The same title with another description is another problem.
    third = ledger.import_problems(
        xlsx([row(description="另一处描述")]), actor=cast.organizer, unit_default=cast.unit
    )
    assert len(third.created) == 1


def test_a_dry_run_counts_and_writes_nothing(world):
    cast = world["cast"]
    result = ledger.import_problems(
        xlsx([row(), row(title="第二个问题")]),
        actor=cast.organizer,
        unit_default=cast.unit,
        dry_run=True,
    )
    assert (result.created_count, result.measures, result.dry_run) == (2, 4, True)
    assert "nothing was written" in result.message()
    assert not Problem.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not a workbook at all", "not an Excel workbook"),
        ("问题标题,类别\n一,二\n".encode(), "not an Excel workbook"),
        (b"\xd0\xcf\x11\xe0" + b"\0" * 600, "old .xls workbook"),
        (b"", "empty"),
    ],
)
def test_import_refuses_what_is_not_an_xlsx(world, data, message):
    with pytest.raises(WorkbookRejected, match=message):
        ledger.import_problems(data, actor=world["cast"].organizer)


def test_import_needs_its_header_and_required_columns(world):
    cast = world["cast"]
    with pytest.raises(WorkbookRejected, match="No header row found"):
        ledger.import_problems(xlsx([], headers=["甲", "乙"]), actor=cast.organizer)
    with pytest.raises(WorkbookRejected, match="no rows to import"):
        ledger.import_problems(xlsx([]), actor=cast.organizer, unit_default=cast.unit)
    # Without a default unit the unit code column is required too.
    headers = [h for h in IMPORT_HEADERS if h not in ("类别", "责任单位代码")]
    with pytest.raises(ledger.LedgerInvalid) as exc:
        ledger.import_problems(xlsx([["一"]], headers=headers), actor=cast.organizer)
    assert errors_of(exc) == {(1, "类别"), (1, "责任单位代码")}


def test_import_reads_a_titled_sheet_in_either_script(world):
    """A title row above the header, headers in Traditional script and another order,
    another sheet name: all fine."""
    cast = world["cast"]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sheet1"
    sheet.append(["幸福社區問題清單"])
    sheet.append(["責任人工號", "問題標題", "類別", "來源類型", "整改類型", "完成時限", "單位代碼"])
    sheet.append(["XF-001", "臺賬不規範", "作風形象", "自查", "限期整改", "2026年8月1日", "XF-WG2"])
    buffer = io.BytesIO()
    book.save(buffer)
    result = ledger.import_problems(buffer.getvalue(), actor=cast.organizer)
    problem = Problem.objects.get(pk=result.created[0])
    assert (problem.title, problem.unit, problem.due_date) == (
        "臺賬不規範",
        world["team2"],
        datetime.date(2026, 8, 1),
    )
    assert problem.source_kind == "self_check" and problem.source_label == "自查自纠"


def test_import_rows_are_the_importers_to_manage(world):
    """A member without a role may not import into the community; a district admin may
    import into any unit of the district, and not into the other."""
    cast = world["cast"]
    with pytest.raises(ledger.LedgerInvalid) as exc:
        ledger.import_problems(xlsx([row()]), actor=cast.member, unit_default=cast.unit)
    assert errors_of(exc) == {(2, "责任单位代码")}
    assert not ledger.can_import(cast.member) and ledger.can_import(cast.organizer)
    data = xlsx([row(unit_code="XF-WG2"), row(unit_code="XL-01", staff_no="XC-001")])
    with pytest.raises(ledger.LedgerInvalid) as exc:
        ledger.import_problems(data, actor=cast.district_admin)
    assert errors_of(exc) == {(3, "责任单位代码"), (3, "责任人工号")}  # neither in scope
    # A person the importer cannot see is not found by their staff number.
    with pytest.raises(ledger.LedgerInvalid) as exc:
        ledger.import_problems(
            xlsx([row(staff_no="XC-001")]), actor=cast.organizer, unit_default=cast.unit
        )
    assert errors_of(exc) == {(2, "责任人工号")}
    assert not Problem.objects.exists()


def test_the_template_explains_itself_and_imports_once_filled(world):
    cast = world["cast"]
    buffer = io.BytesIO()
    ledger.write_import_template(buffer)
    book = load_workbook(io.BytesIO(buffer.getvalue()))
    assert book.sheetnames == ["问题清单", "说明"]
    sheet = book["问题清单"]
    assert [cell.value for cell in sheet[1]] == IMPORT_HEADERS
    assert sheet.max_row == 1
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert any("限期整改" in formula for formula in lists.values())
    notes = book["说明"]
    explained = {r[0] for r in notes.iter_rows(min_row=2, values_only=True) if r[0]}
    assert set(IMPORT_HEADERS) <= explained
    with pytest.raises(WorkbookRejected, match="no rows to import"):
        ledger.import_problems(buffer.getvalue(), actor=cast.organizer, unit_default=cast.unit)
    sheet.append(row())
    filled = io.BytesIO()
    book.save(filled)
    result = ledger.import_problems(filled.getvalue(), actor=cast.organizer, unit_default=cast.unit)
    assert len(result.created) == 1


def test_imported_problems_export_as_the_ledger(world):
    """The round trip: what the import created is what the ledger shows."""
    cast = world["cast"]
    hostile = "+1+2"
    result = ledger.import_problems(
        xlsx([row(description=hostile, measures="@A1；+B2")]),
        actor=cast.organizer,
        unit_default=cast.unit,
    )
    problem = Problem.objects.get(pk=result.created[0])
    assert problem.description == hostile
    cells = data_rows(export(Problem.objects.all())[ledger.SHEET_NAME])[0]
    assert cells[1] == f"窗口服务一次性告知落实不到位\n{hostile}"
    assert cells[2] == "1. @A1\n2. +B2"
    assert (cells[3], cells[4], cells[5]) == ("幸福社区", "陈责任", datetime.datetime(2026, 9, 30))
    assert (cells[8], cells[9], cells[10]) == (
        "作风形象",
        "群众反馈：2026年第一季度“好差评”",
        "草稿",
    )


# --- Pages --------------------------------------------------------------------


def test_export_pages_serve_what_the_ledger_shows(client, cast):
    make_planned(cast, "已制定方案的问题")
    make_problem(cast, "草稿问题")
    make_problem(cast, "西城的问题", unit=cast.tree.village, responsible=None)
    client.force_login(cast.organizer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # messages asserted in English
    response = client.get(reverse("rectification:export_xlsx"), {"status": "draft"})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    titles = [r[1] for r in data_rows(book[ledger.SHEET_NAME])]
    assert titles == ["草稿问题"]
    assert book[ledger.SHEET_NAME]["A1"].value == "幸福社区问题整改台账"
    response = client.get(reverse("rectification:export_xlsx"))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    everything = {r[1] for r in data_rows(book[ledger.SHEET_NAME])}
    assert everything == {"已制定方案的问题", "草稿问题"}  # not the other district's


def test_pdf_page_serves_a_pdf_or_points_to_excel(client, cast, monkeypatch):
    make_problem(cast, "草稿问题")
    client.force_login(cast.organizer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # messages asserted in English
    response = client.get(reverse("rectification:export_pdf"), {"status": "draft"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    monkeypatch.setattr(ledger_pdf, "PDF_MAX_ROWS", 0)
    response = client.get(reverse("rectification:export_pdf"), {"status": "draft"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("rectification:ledger") + "?status=draft"
    assert "export it to Excel" in response.content.decode()


def test_import_page_shows_errors_then_imports(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    cast = world["cast"]

    def upload(data: bytes) -> SimpleUploadedFile:
        return SimpleUploadedFile("list.xlsx", data)

    url = reverse("rectification:import")
    client.force_login(cast.member)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # messages asserted in English
    assert client.get(url).status_code == 403
    client.force_login(cast.organizer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # messages asserted in English
    page = client.get(url)
    assert page.status_code == 200 and "幸福社区" in page.content.decode()
    bad = client.post(
        url,
        {"file": upload(xlsx([row(), row(title="坏行", staff_no="NOBODY")])), "unit": cast.unit.pk,
         "action": "import"},
    )  # fmt: skip
    text = bad.content.decode()
    assert bad.status_code == 200 and 'data-testid="import-errors"' in text
    assert "NOBODY" in text and not Problem.objects.exists()
    check = client.post(
        url, {"file": upload(xlsx([row()])), "unit": cast.unit.pk, "action": "check"}
    )
    assert 'data-testid="import-check-result"' in check.content.decode()
    assert not Problem.objects.exists()
    done = client.post(
        url, {"file": upload(xlsx([row()])), "unit": cast.unit.pk, "action": "import"}
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("rectification:ledger") + "?status=draft"
    assert Problem.objects.get().title == "窗口服务一次性告知落实不到位"
    notxlsx = client.post(url, {"file": upload(b"hello"), "action": "import"})
    assert "not an Excel workbook" in notxlsx.content.decode()


def test_template_download(client, cast):
    client.force_login(cast.member)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # messages asserted in English
    response = client.get(reverse("rectification:import_template"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["问题清单", "说明"]
