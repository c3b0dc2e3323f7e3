"""manage.py import_people / roster_template: Excel rosters of units and people."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from openpyxl import Workbook, load_workbook

from jianxian.core import actions
from jianxian.core.models import Event, Membership, Person, Unit, UnitKind
from jianxian.core.roster import RosterInvalid, import_roster

pytestmark = pytest.mark.django_db

HEADERS = [
    "单位编码",
    "单位名称",
    "上级单位编码",
    "单位类型",
    "姓名",
    "工号",
    "性别",
    "职务",
    "人员类别",
    "手机",
    "邮箱",
]
# The child bureau comes before its parent district: order must not matter.
GOOD_ROWS: list[list[object]] = [
    ["QZ", "青州市", None, "市", None, None, None, None, None, None, None],
    ["QZ-SP", "行政审批局", "QZ-DC", "局/部门", "李正峰", "E001", "男", "局长", "干部、党员",
     "13800000001", "lzf@example.com"],
    ["QZ-DC", "东城区", "QZ", "区县", "曾国华", "E002", "女", "区长", "干部", None, None],
    ["QZ-SP", "行政审批局", "QZ-DC", "局", "单雪梅", 1003, None, "科员", "职工,党员",
     13800000003, None],
]  # fmt: skip


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def write_roster(
    path: Path, rows: Sequence[Sequence[object]], headers: Sequence[object] = HEADERS
) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def run(path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("import_people", str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def failure(path: Path, *args: str) -> str:
    with pytest.raises(CommandError) as caught:
        run(path, *args)
    return str(caught.value)


def table_counts() -> tuple[int, int, int, int]:
    return (
        Unit.objects.count(),
        Person.objects.count(),
        Membership.objects.count(),
        Event.objects.count(),
    )


def test_happy_path_builds_the_tree_and_people(tmp_path: Path) -> None:
    output = run(write_roster(tmp_path / "r.xlsx", GOOD_ROWS))

    assert "Units created: 3" in output
    assert "People created: 3" in output
    city = Unit.objects.get(code="QZ")
    district = Unit.objects.get(code="QZ-DC")
    bureau = Unit.objects.get(code="QZ-SP")
    assert city.parent is None and city.depth == 0 and city.kind == UnitKind.CITY
    assert district.parent == city and district.path == f"{city.pk}/{district.pk}/"
    assert bureau.parent == district and bureau.depth == 2
    assert bureau.path == f"{city.pk}/{district.pk}/{bureau.pk}/"
    assert bureau.kind == UnitKind.BUREAU and bureau.name_pinyin

    li = Person.objects.get(staff_no="E001")
    assert li.name_pinyin == "li zheng feng"
    assert li.pinyin_compact == "lizhengfeng" and li.name_initials == "lzf"
    assert li.gender == "m" and li.categories == ["cadre", "party_member"]
    assert li.phone == "13800000001" and li.email == "lzf@example.com"
    assert Person.objects.get(staff_no="E002").name_pinyin == "zeng guo hua"  # surname table
    shan = Person.objects.get(staff_no="1003")  # numeric cells become text
    assert shan.name_initials == "sxm" and shan.phone == "13800000003"
    assert shan.categories == ["party_member", "worker"]
    membership = Membership.objects.get(person=li)
    assert (membership.unit, membership.post, membership.is_primary) == (bureau, "局长", True)
    assert list(Person.objects.search("lzf")) == [li]

    events = Event.objects.filter(actor=None)
    assert events.filter(verb="unit.import").count() == 3
    assert events.filter(verb="person.import").count() == 3
    assert events.get(verb="person.import", target_id=li.pk).note == "r.xlsx"


def test_rerun_changes_nothing(tmp_path: Path) -> None:
    path = write_roster(tmp_path / "r.xlsx", GOOD_ROWS)
    run(path)
    before = table_counts()
    versions = list(Person.objects.order_by("pk").values_list("version", "updated_at"))

    result = import_roster(path)

    assert table_counts() == before
    assert list(Person.objects.order_by("pk").values_list("version", "updated_at")) == versions
    assert (result.units_created, result.people_created, result.people_updated) == (0, 0, 0)
    assert (result.posts_added, result.people_unchanged, result.units_existing) == (0, 3, 3)


def test_one_bad_row_imports_nothing(tmp_path: Path) -> None:
    bad: list[object] = ["QZ-X", "某单位", "QZ", "衙门", "王五", "E009", *[None] * 5]
    rows = [*GOOD_ROWS, bad]
    message = failure(write_roster(tmp_path / "r.xlsx", rows))

    assert "1 row(s) of the roster have problems" in message
    assert "Row 6, 单位类型: Unknown unit type “衙门”" in message
    assert table_counts() == (0, 0, 0, 0)


def test_every_bad_row_is_listed(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        *GOOD_ROWS,
        ["QZ-A", None, "QZ", "企业", None, None, None, None, None, None, None],
        ["QZ-B", "B", "QZ", "企业", "张三", None, "男", None, None, None, None],
        [
            "QZ-C",
            "C",
            "QZ",
            "企业",
            "李四",
            "E010",
            "未知",
            None,
            "外星人",
            "phone",
            "not-an-email",
        ],
        ["QZ-D", "D", "NOWHERE", "企业", None, None, None, None, None, None, None],
        ["QZ-E", "E" * 101, "QZ", "企业", None, None, None, None, None, None, None],
        ["QZ-F", "F", "QZ", "企业", None, None, None, "会计", None, None, None],
    ]
    message = failure(write_roster(tmp_path / "r.xlsx", rows))

    expected = [
        "Row 6, 单位名称: The cell is required.",
        "Row 7, 工号: The staff number is required for each person.",
        "Row 8, 性别: Unknown gender “未知”",
        "Row 8, 人员类别: Unknown person category “外星人”",
        "Row 8, 手机: “phone” is not a phone number.",
        "Row 8, 邮箱: “not-an-email” is not an email address.",
        "Row 9, 上级单位编码: The parent unit code NOWHERE exists neither in this file nor "
        "in the database.",
        "Row 10, 单位名称: The value is too long (101 characters; at most 100).",
        "Row 11, 姓名: The name is required when the person columns are filled.",
    ]
    for line in expected:
        assert line in message
    assert "6 row(s) of the roster have problems (9 in all)" in message
    assert Unit.objects.count() == 0


def test_parent_defined_later_in_the_file(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["C", "社区", "B", "社区", None, None, None, None, None, None, None],
        ["B", "街道", "A", "区县", None, None, None, None, None, None, None],
        ["A", "市", None, "市", None, None, None, None, None, None, None],
    ]
    run(write_roster(tmp_path / "r.xlsx", rows))

    community = Unit.objects.get(code="C")
    assert community.parent is not None and community.parent.code == "B"
    assert community.depth == 2 and community.is_within(Unit.objects.get(code="A"))


def test_parent_already_in_the_database(tmp_path: Path) -> None:
    city = actions.create_unit(
        actor=None, name="青州市", kind=UnitKind.CITY, parent=None, code="QZ"
    )
    run(write_roster(tmp_path / "r.xlsx", [["S1", "第一中学", "QZ", "学校"]], HEADERS[:4]))

    school = Unit.objects.get(code="S1")
    assert school.parent == city and school.path == f"{city.pk}/{school.pk}/"


def test_cycle_is_detected(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["ROOT", "市", None, "市"],
        ["A", "甲", "C", "企业"],
        ["B", "乙", "A", "企业"],
        ["C", "丙", "B", "企业"],
        ["D", "丁", "D", "企业"],
    ]
    message = failure(write_roster(tmp_path / "r.xlsx", rows, HEADERS[:4]))

    assert "Row 3, 上级单位编码: The parent codes form a cycle: A → C → B → A." in message
    assert "Row 4, 上级单位编码: The parent codes form a cycle" in message
    assert "Row 5, 上级单位编码: The parent codes form a cycle" in message
    assert "Row 6, 上级单位编码: A unit cannot be its own parent." in message
    assert Unit.objects.count() == 0


def test_formula_cell_is_refused(tmp_path: Path) -> None:
    rows = [["QZ", "青州市", None, "市", "王芳", "E1", None, None, None, "=1+1", None]]
    message = failure(write_roster(tmp_path / "r.xlsx", rows))

    assert "Row 2, 手机: The cell holds a formula (=1+1); formulas are refused" in message
    assert Person.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("roster.xlsx", b"name,code\n", "roster.xlsx is not an Excel workbook (.xlsx)"),
        ("roster.csv", b"name,code\n", "roster.csv is not an Excel workbook (.xlsx)"),
        ("old.xls", b"\xd0\xcf\x11\xe0", "old.xls is an old .xls workbook"),
    ],
)
def test_unreadable_file_gives_a_clear_error(
    tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)

    assert expected in failure(path)


def test_missing_file_empty_sheet_and_missing_headers(tmp_path: Path) -> None:
    assert "Cannot open" in failure(tmp_path / "nothing.xlsx")
    assert "The file is empty" in failure(write_roster(tmp_path / "empty.xlsx", [], []))
    headers_only = write_roster(tmp_path / "headers.xlsx", [])
    assert "no data rows" in failure(headers_only)
    message = failure(write_roster(tmp_path / "h.xlsx", [["QZ", "市"]], ["单位编码", "备注"]))
    assert "Row 1, 单位名称: The required column is missing." in message


def test_headers_in_any_order_and_script_and_extra_columns(tmp_path: Path) -> None:
    headers = ["备注", "單位名稱", "姓名", "单位编码*", "工號", "单位类型"]
    run(write_roster(tmp_path / "r.xlsx", [["x", "青州市", "陈明", "QZ", "E1", "市"]], headers))

    person = Person.objects.get(staff_no="E1")
    assert person.memberships.get().unit.name == "青州市"


def test_update_path_writes_one_event(tmp_path: Path) -> None:
    run(write_roster(tmp_path / "r.xlsx", GOOD_ROWS))
    li = Person.objects.get(staff_no="E001")
    before = table_counts()
    rows = [list(row) for row in GOOD_ROWS]
    rows[1][9] = "13911112222"

    output = run(write_roster(tmp_path / "r2.xlsx", rows))

    assert "updated: 1" in output and "unchanged: 2" in output
    li.refresh_from_db()
    assert li.phone == "13911112222" and li.version == 2
    units, people, memberships, events = before
    assert table_counts() == (units, people, memberships, events + 1)
    event = Event.objects.get(verb="person.import", target_id=li.pk, note="r2.xlsx")
    assert event.changes == {"phone": ["13800000001", "13911112222"]}


def test_update_of_name_and_categories_recomputes_derived_fields(tmp_path: Path) -> None:
    run(write_roster(tmp_path / "r.xlsx", GOOD_ROWS))
    rows = [list(row) for row in GOOD_ROWS]
    rows[1][4:9] = ["欧阳正峰", "E001", "男", "局长", "教师、群众"]

    import_roster(write_roster(tmp_path / "r2.xlsx", rows))

    person = Person.objects.get(staff_no="E001")
    assert (person.name, person.name_pinyin, person.name_initials) == (
        "欧阳正峰",
        "ou yang zheng feng",
        "oyzf",
    )
    assert person.categories == ["teacher", "citizen"] and person.version == 2
    assert list(Person.objects.search("oyzf")) == [person]
    event = Event.objects.filter(verb="person.import", target_id=person.pk).first()
    assert event is not None
    assert event.changes["categories"] == [["cadre", "party_member"], ["teacher", "citizen"]]


def test_a_stale_version_aborts_the_update(tmp_path: Path) -> None:
    from jianxian.core.roster.apply import _compare_and_set
    from jianxian.core.roster.errors import RosterError

    run(write_roster(tmp_path / "r.xlsx", GOOD_ROWS))
    person = Person.objects.get(staff_no="E001")

    with pytest.raises(RosterError, match="Staff number E001 was changed by someone else"):
        _compare_and_set(("phone",), [(person.pk, person.version + 1, "E001", {"phone": "1"})])
    person.refresh_from_db()
    assert person.phone == "13800000001"


def test_existing_person_gets_a_new_post_and_blank_cells_erase_nothing(tmp_path: Path) -> None:
    run(write_roster(tmp_path / "r.xlsx", GOOD_ROWS))
    rows = [["QZ-DC", "东城区", "QZ", "区县", "李正峰", "E001", None, "党组成员", None, None, None]]

    result = import_roster(write_roster(tmp_path / "r2.xlsx", rows))

    assert (result.people_updated, result.posts_added) == (1, 1)
    li = Person.objects.get(staff_no="E001")
    assert li.phone == "13800000001" and li.categories == ["cadre", "party_member"]
    posts = {(m.unit.code, m.post, m.is_primary) for m in li.memberships.all()}
    assert posts == {("QZ-SP", "局长", True), ("QZ-DC", "党组成员", False)}
    assert import_roster(tmp_path / "r2.xlsx").people_unchanged == 1


def test_same_staff_number_with_different_data(tmp_path: Path) -> None:
    rows = [
        ["QZ", "青州市", None, "市", "王芳", "E1", "女", "主任", None, None, None],
        ["QZ", "青州市", None, "市", "王芳", "E1", "女", "书记", None, None, None],  # 2nd post
        ["QZ", "青州市", None, "市", "王芳芳", "E1", "男", None, None, None, None],
    ]
    message = failure(write_roster(tmp_path / "r.xlsx", rows))

    assert "Row 4, 姓名: Staff number E1 is given “王芳芳” here but “王芳” on row 2." in message
    assert "Row 4, 性别: Staff number E1 is given 男 here but 女 on row 2." in message
    assert "Row 3" not in message

    result = import_roster(write_roster(tmp_path / "ok.xlsx", rows[:2]))
    assert (result.people_created, Membership.objects.count()) == (1, 2)


def test_unit_rows_must_agree_and_existing_units_are_not_moved(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["QZ", "青州市", None, "市"],
        ["QZ", "青州府", None, "区县"],
        ["DC", "东城", "QZ", "区县"],
    ]
    message = failure(write_roster(tmp_path / "r.xlsx", rows, HEADERS[:4]))
    assert "Row 3, 单位名称: Unit QZ is given “青州府” here but “青州市” on row 2." in message
    assert "Row 3, 单位类型: Unit QZ is given 区县 here but 市 on row 2." in message

    city = actions.create_unit(
        actor=None, name="青州市", kind=UnitKind.CITY, parent=None, code="QZ"
    )
    actions.create_unit(actor=None, name="东城区", kind=UnitKind.DISTRICT, parent=city, code="DC")
    moved = [["QZ", "青州市", None, "市"], ["DC", "东城区", None, "区县"]]
    message = failure(write_roster(tmp_path / "m.xlsx", moved, HEADERS[:4]))
    assert (
        "Row 3, 上级单位编码: Unit DC already exists under “青州市” (code QZ); moving units is "
        "not supported by the import."
    ) in message


def test_deactivated_unit_is_refused(tmp_path: Path) -> None:
    city = actions.create_unit(
        actor=None, name="青州市", kind=UnitKind.CITY, parent=None, code="QZ"
    )
    Unit.objects.filter(pk=city.pk).update(is_active=False)
    rows = [["QZ", "青州市", None, "市", "王芳", "E1", *[None] * 5]]

    message = failure(write_roster(tmp_path / "r.xlsx", rows))

    assert "Row 2, 单位编码: Unit QZ is deactivated" in message
    assert Person.objects.count() == 0


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    output = run(write_roster(tmp_path / "r.xlsx", GOOD_ROWS), "--dry-run")

    assert "Would create 3 unit(s)" in output and "3 person(s)" in output
    assert table_counts() == (0, 0, 0, 0)


def test_rows_on_a_chosen_sheet_and_error_object(tmp_path: Path) -> None:
    path = write_roster(tmp_path / "r.xlsx", [["QZ", "青州市", None, "乡"]], HEADERS[:4])
    with pytest.raises(RosterInvalid) as caught:
        import_roster(path)
    assert [(e.row, e.column) for e in caught.value.errors] == [(2, "单位类型")]
    assert "has no sheet “Other”" in failure(path, "--sheet", "Other")


def test_template_round_trip(tmp_path: Path) -> None:
    out = tmp_path / "template.xlsx"
    call_command("roster_template", str(out), stdout=io.StringIO())

    sheet = load_workbook(out).worksheets[0]
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert sheet.max_row == 2
    with pytest.raises(CommandError, match="exists already"):
        call_command("roster_template", str(out), stdout=io.StringIO())

    result = import_roster(out)
    assert (result.units_created, result.people_created) == (1, 1)
    assert Person.objects.get().name == "李正峰"


def test_large_file_with_progress_bar(tmp_path: Path) -> None:
    rows: list[list[object]] = [["QZ", "青州市", None, "市", *[None] * 7]]
    surnames, given = "王李张刘陈杨黄赵吴周", "伟芳娜敏静丽强磊军洋"
    for n in range(2000):
        unit = f"U{n % 20:02d}"
        name = surnames[n % 10] + given[(n // 10) % 10] + given[(n // 100) % 10]
        rows.append([unit, f"单位{unit}", "QZ", "企业", name, f"S{n:05d}", None, "职员",
                     "职工", None, None])  # fmt: skip
    path = write_roster(tmp_path / "big.xlsx", rows)
    err = io.StringIO()

    call_command("import_people", str(path), stdout=io.StringIO(), stderr=err)

    assert Person.objects.count() == 2000 and Unit.objects.count() == 21
    assert Event.objects.filter(verb="person.import").count() == 2000
    assert "/2001 " in err.getvalue()  # tqdm's "n/total" while reading the rows
    assert "2000/2000 " in err.getvalue()  # ... and while writing the people
