"""The people of the demo: the named figures, the demo logins' people, and a staff
roster for every unit, generated deterministically (fixed seed).

Staff numbers are stable: fixed people hold ``QZ000001``–``QZ000099``, the generated
staff ``QZ000101`` on, in the order of ``STAFFING``. The loader skips every staff
number it already finds, so running it twice changes nothing.
"""

from __future__ import annotations

import random
from functools import cache
from typing import NamedTuple

from jianxian.core.demo.names import NameMaker
from jianxian.core.models import Gender
from jianxian.core.models import PersonCategory as C

M, F = Gender.MALE.value, Gender.FEMALE.value
SEED = 2026


class PersonSpec(NamedTuple):
    staff_no: str
    name: str
    gender: str
    unit: str  # unit code of the primary post
    post: str
    categories: tuple[str, ...]
    extra_posts: tuple[tuple[str, str], ...] = ()
    email: str = ""


CADRE_PM = (C.CADRE, C.PARTY_MEMBER)

# The named figures of the demo scenario (DESIGN.md §1), by a key other apps can use:
# ``ctx.figure("journalist")``.
FIGURES: dict[str, PersonSpec] = {
    "party_secretary": PersonSpec("QZ000001", "李正峰", M, "QZ-CPC", "市委书记", CADRE_PM),
    "journalist": PersonSpec(
        "QZ000002",
        "赵晓颖",
        F,
        "QZ-DAILY-DC",
        "记者",
        (C.WORKER, C.PARTY_MEMBER, C.VOLUNTEER),
        extra_posts=(("QZ-VOL-MEDIA", "队长"),),
    ),
    "discipline_cadre": PersonSpec("QZ000003", "蒋立诚", M, "QZ-DISC-SUP1", "主任", CADRE_PM),
    "entrepreneur": PersonSpec(
        "QZ000004", "周卫东", M, "QZ-STEEL", "党委书记、董事长", (C.WORKER, C.PARTY_MEMBER)
    ),
    "community_worker": PersonSpec(
        "QZ000005", "陈秀兰", F, "QZ-DC-HEPINGLI", "网格员", (C.WORKER, C.PARTY_MEMBER, C.VOLUNTEER)
    ),
    "community_secretary": PersonSpec(
        "QZ000006", "孙慧敏", F, "QZ-DC-CUILIU", "社区党委书记、居委会主任", CADRE_PM
    ),
    "approval_director": PersonSpec(
        "QZ000007", "曾志远", M, "QZ-APPROVAL", "党组书记、局长", CADRE_PM
    ),
    "model_worker": PersonSpec(
        "QZ000008",
        "杨国强",
        M,
        "QZ-STEEL-STUDIO",
        "工作室领衔人、高级技师",
        (C.WORKER, C.PARTY_MEMBER),
    ),
    "hospital_president": PersonSpec(
        "QZ000009", "罗文斌", M, "QZ-HOSP", "院长", (C.MEDIC, *CADRE_PM)
    ),
    "education_director": PersonSpec("QZ000010", "林淑华", F, "QZ-EDU", "党组书记、局长", CADRE_PM),
    "civil_affairs_director": PersonSpec(
        "QZ000011", "郭志宏", M, "QZ-CIVIL", "党组书记、局长", CADRE_PM
    ),
    "dongcheng_secretary": PersonSpec("QZ000012", "王建军", M, "QZ-DC-CPC", "区委书记", CADRE_PM),
}

# The people behind the demo logins (see ``logins.py``), and a few more with surnames
# whose reading is not the character's usual one, for the pinyin features.
LOGIN_PEOPLE: dict[str, PersonSpec] = {
    "cityadmin": PersonSpec("QZ000021", "许文博", M, "QZ-CPC-OFFICE", "信息科科长", CADRE_PM),
    "approval": PersonSpec("QZ000022", "何静", F, "QZ-APPROVAL-OFFICE", "主任", CADRE_PM),
    "community": PersonSpec(
        "QZ000023", "马丽娜", F, "QZ-DC-CUILIU", "社区专职工作者", (C.WORKER, C.VOLUNTEER)
    ),
    "staff": PersonSpec("QZ000024", "刘洋", M, "QZ-APPROVAL-WINDOW", "科员", (C.CADRE,)),
    "verifier": PersonSpec("QZ000025", "单立新", M, "QZ-DISC-SUP1", "副主任", CADRE_PM),
    "district": PersonSpec("QZ000026", "吴海燕", F, "QZ-DC-CPC", "组织部副部长", CADRE_PM),
}
OTHER_FIXED: tuple[PersonSpec, ...] = (
    PersonSpec("QZ000031", "解文涛", M, "QZ-STEEL-STUDIO", "技术员", (C.WORKER,)),
    PersonSpec("QZ000032", "区嘉欣", F, "QZ-DAILY-NEWS", "记者", (C.WORKER,)),
    PersonSpec("QZ000033", "欧阳明轩", M, "QZ-EDU-SY", "语文教师", (C.TEACHER, C.PARTY_MEMBER)),
    PersonSpec("QZ000034", "单丽君", F, "QZ-HOSP-CARD", "护士长", (C.MEDIC,)),
    PersonSpec("QZ000035", "仇海波", M, "QZ-STEEL-QC", "质检员", (C.WORKER,)),
)


class Row(NamedTuple):
    """``n`` people holding ``post``; party members with probability ``party``."""

    post: str
    n: int = 1
    categories: tuple[str, ...] = (C.CADRE,)
    party: float = 1.0
    female: float = 0.35


def lead(post: str, categories: tuple[str, ...] = (C.CADRE,), female: float = 0.3) -> Row:
    return Row(post, 1, categories, 1.0, female)


def clerks(n: int, post: str = "科员") -> Row:
    return Row(post, n, (C.CADRE,), 0.6, 0.5)


def medics(post: str, n: int, female: float = 0.45) -> Row:
    return Row(post, n, (C.MEDIC,), 0.4, female)


def workers(post: str, n: int, female: float = 0.1) -> Row:
    return Row(post, n, (C.WORKER,), 0.3, female)


def teachers(post: str, n: int) -> Row:
    return Row(post, n, (C.TEACHER,), 0.45, 0.7)


def volunteers(n: int) -> Row:
    return Row("志愿者", n, (C.VOLUNTEER, C.CITIZEN), 0.2, 0.6)


def _district_organs(code: str, level: str, secretary: bool = True) -> dict[str, list[Row]]:
    head = "区长" if level == "区" else "县长"
    return {
        f"{code}-CPC": [
            *([lead(f"{level}委书记", female=0.2)] if secretary else []),
            lead(f"{level}委副书记"),
            lead(f"{level}委常委、组织部部长"),
            lead(f"{level}委办公室主任"),
        ],
        f"{code}-GOV": [
            lead(head),
            Row(f"副{head}", 2),
            lead(f"{level}政府办公室主任"),
            clerks(1),
        ],
    }


def _community(secretary: bool = True, grid: int = 1) -> list[Row]:
    rows = [lead("社区党委书记、居委会主任", female=0.6)] if secretary else []
    return [
        *rows,
        Row("居委会副主任", 1, (C.CADRE,), 0.7, 0.6),
        Row("网格员", grid, (C.WORKER,), 0.4, 0.6),
        Row("社区专职工作者", 1, (C.WORKER,), 0.4, 0.7),
    ]


def _village() -> list[Row]:
    return [
        lead("村党支部书记、村委会主任", female=0.15),
        lead("驻村第一书记"),
        Row("村委会委员", 1, (C.CADRE,), 0.6, 0.4),
        Row("村民", 1, (C.CITIZEN,), 0.1, 0.5),
    ]


# Who works where, besides the fixed people above (whose posts are not repeated here).
STAFFING: dict[str, list[Row]] = {
    "QZ-CPC": [lead("市委副书记"), lead("市委常委、秘书长")],
    "QZ-CPC-OFFICE": [lead("主任"), lead("副主任", female=0.5), clerks(2)],
    "QZ-CPC-ORG": [lead("市委常委、组织部部长"), lead("副部长"), lead("干部科科长"), clerks(2)],
    "QZ-CPC-PROP": [lead("市委常委、宣传部部长"), lead("副部长"), lead("宣传科科长"), clerks(2)],
    "QZ-GOV": [lead("市长"), lead("常务副市长"), Row("副市长", 2)],
    "QZ-GOV-OFFICE": [lead("秘书长"), lead("副秘书长"), clerks(2)],
    "QZ-APPROVAL": [Row("副局长", 2)],
    "QZ-APPROVAL-OFFICE": [clerks(2)],
    "QZ-APPROVAL-WINDOW": [lead("科长", female=0.5), lead("副科长", female=0.6), clerks(4)],
    "QZ-APPROVAL-INVEST": [lead("科长"), clerks(3)],
    "QZ-CIVIL": [Row("副局长", 2)],
    "QZ-CIVIL-COMMUNITY": [lead("科长"), clerks(3)],
    "QZ-CIVIL-ELDERLY": [lead("科长", female=0.6), clerks(2)],
    "QZ-EDU": [Row("副局长", 2)],
    "QZ-EDU-BASIC": [lead("科长"), clerks(2)],
    "QZ-EDU-MORAL": [lead("科长", female=0.6), clerks(2)],
    "QZ-EDU-SY": [
        lead("党委书记", (C.TEACHER, C.CADRE)),
        lead("校长", (C.TEACHER, C.CADRE)),
        lead("副校长", (C.TEACHER, C.CADRE), female=0.5),
        lead("教务处主任", (C.TEACHER,), female=0.5),
        teachers("语文教师", 2),
        teachers("数学教师", 2),
        teachers("英语教师", 1),
        teachers("物理教师", 1),
        teachers("历史教师", 1),
        teachers("思想政治教师", 1),
        Row("学生会主席", 1, (C.STUDENT,), 0.0, 0.5),
        Row("学生", 1, (C.STUDENT,), 0.0, 0.5),
    ],
    "QZ-DISC": [
        lead("市委常委、市纪委书记、市监委主任"),
        lead("市纪委副书记、市监委副主任"),
        lead("市纪委常委"),
    ],
    "QZ-DISC-SUP1": [clerks(2)],
    "QZ-DISC-SUP2": [lead("主任"), clerks(1)],
    "QZ-DISC-INV": [lead("主任"), clerks(1)],
    "QZ-DISC-TRIAL": [lead("主任", female=0.5), clerks(1)],
    # 东城区: its secretary, a community secretary, a grid worker and the district
    # login's person are fixed.
    **_district_organs("QZ-DC", "区", secretary=False),
    "QZ-DC-CUILIU": _community(secretary=False, grid=2),
    "QZ-DC-HEPINGLI": _community(),
    "QZ-DC-CHAOYANG": _community(grid=2),
    "QZ-DC-CHUNHUI": _community(grid=2),
    "QZ-DC-SCH": [
        lead("校长", (C.TEACHER, C.CADRE), female=0.6),
        lead("副校长", (C.TEACHER,), female=0.6),
        lead("少先队大队辅导员", (C.TEACHER,), female=0.8),
        teachers("语文教师", 2),
        teachers("数学教师", 2),
    ],
    **_district_organs("QZ-XH", "区"),
    "QZ-XH-HUBIN": _community(),
    "QZ-XH-LIUAN": _community(),
    "QZ-XH-JINQIAO": _community(),
    "QZ-XH-TAOYUAN": _village(),
    **_district_organs("QZ-BS", "区"),
    "QZ-BS-KUANGSHAN": _community(),
    "QZ-BS-BEIYUAN": _community(),
    "QZ-BS-SHIMEN": _village(),
    **_district_organs("QZ-LJ", "县"),
    "QZ-LJ-CHENGGUAN": _community(),
    "QZ-LJ-BINJIANG": _community(),
    "QZ-LJ-QINGSHAN": _village(),
    "QZ-LJ-LIUSHUWAN": _village(),
    "QZ-LJ-SCH": [
        lead("校长", (C.TEACHER, C.CADRE)),
        teachers("语文教师", 1),
        teachers("数学教师", 1),
        teachers("英语教师", 1),
    ],
    "QZ-STEEL": [
        lead("总经理", (C.WORKER,), female=0.1),
        lead("党委副书记、工会主席", (C.WORKER,)),
        lead("副总经理", (C.WORKER,), female=0.2),
    ],
    "QZ-STEEL-STUDIO": [Row("工程师", 2, (C.WORKER,), 0.5, 0.3), workers("技术员", 3, 0.3)],
    "QZ-STEEL-BOF": [lead("厂长", (C.WORKER,), 0.05), lead("副厂长", (C.WORKER,), 0.1)],
    "QZ-STEEL-BOF-A": [lead("班组长", (C.WORKER,), 0.0), workers("炉长", 1), workers("操作工", 3)],
    "QZ-STEEL-BOF-B": [lead("班组长", (C.WORKER,), 0.0), workers("炉长", 1), workers("操作工", 3)],
    "QZ-STEEL-HSM": [lead("厂长", (C.WORKER,), 0.05), Row("工程师", 1, (C.WORKER,), 0.5, 0.3)],
    "QZ-STEEL-HSM-F": [lead("班组长", (C.WORKER,), 0.1), workers("操作工", 3)],
    "QZ-STEEL-QC": [lead("主任", (C.WORKER,), 0.4), workers("质检员", 2, 0.5)],
    "QZ-HOSP": [lead("党委书记", (C.MEDIC, C.CADRE)), Row("副院长", 2, (C.MEDIC, C.CADRE))],
    "QZ-HOSP-CARD": [
        lead("科主任、主任医师", (C.MEDIC,)),
        medics("主任医师", 1),
        medics("副主任医师", 1),
        medics("主治医师", 2),
        medics("住院医师", 2, 0.5),
        medics("护士", 2, 0.9),
    ],
    "QZ-HOSP-ER": [
        lead("科主任、主任医师", (C.MEDIC,)),
        medics("主治医师", 2),
        medics("住院医师", 1),
        Row("护士长", 1, (C.MEDIC,), 1.0, 0.95),
        medics("护士", 2, 0.85),
    ],
    "QZ-HOSP-PED": [
        lead("科主任、主任医师", (C.MEDIC,), female=0.5),
        medics("副主任医师", 1, 0.6),
        medics("主治医师", 1, 0.6),
        Row("护士长", 1, (C.MEDIC,), 1.0, 1.0),
        medics("护士", 2, 0.95),
    ],
    "QZ-HOSP-NURSING": [lead("护理部主任", (C.MEDIC,), 0.9), Row("干事", 1, (C.MEDIC,), 0.5, 0.8)],
    "QZ-HOSP-PR": [lead("科长", female=0.5), Row("干事", 2, (C.CADRE,), 0.5, 0.6)],
    "QZ-DAILY": [lead("社长、总编辑", (C.WORKER,)), lead("副总编辑", (C.WORKER,), 0.5)],
    "QZ-DAILY-NEWS": [
        lead("主任", (C.WORKER,), 0.4),
        Row("记者", 2, (C.WORKER,), 0.4, 0.5),
        Row("编辑", 2, (C.WORKER,), 0.4, 0.6),
    ],
    "QZ-DAILY-DC": [lead("站长", (C.WORKER,)), Row("记者", 1, (C.WORKER,), 0.4, 0.5)],
    "QZ-DAILY-LJ": [lead("站长", (C.WORKER,)), Row("记者", 1, (C.WORKER,), 0.4, 0.5)],
    "QZ-UNION": [lead("党组书记、常务副主席"), lead("副主席", female=0.5), clerks(2, "干事")],
    "QZ-CYL": [lead("书记", female=0.4), lead("副书记", female=0.5), clerks(2, "干事")],
    "QZ-WF": [lead("主席", female=1.0), lead("副主席", female=0.9), Row("干事", 2, female=0.9)],
    "QZ-VOL": [lead("会长", female=0.4), lead("秘书长", female=0.5), clerks(1, "干事")],
    "QZ-VOL-MEDIA": [volunteers(4)],
    "QZ-VOL-YOUTH": [Row("队长", 1, (C.VOLUNTEER, C.CITIZEN), 0.6, 0.5), volunteers(4)],
}


def fixed_people() -> list[PersonSpec]:
    people = [*FIGURES.values(), *OTHER_FIXED]
    people += [p._replace(email=f"{username}@example.org") for username, p in LOGIN_PEOPLE.items()]
    return sorted(people, key=lambda p: p.staff_no)


@cache
def roster() -> tuple[PersonSpec, ...]:
    """Everyone in the demo, fixed people first, in a stable order."""
    fixed = fixed_people()
    names = NameMaker(SEED, taken={p.name for p in fixed})
    rng = random.Random(SEED + 1)
    people = list(fixed)
    number = 101
    for unit_code, rows in STAFFING.items():
        for row in rows:
            for _i in range(row.n):
                gender = F if rng.random() < row.female else M
                categories = list(row.categories)
                if C.PARTY_MEMBER not in categories and rng.random() < row.party:
                    categories.append(C.PARTY_MEMBER)
                people.append(
                    PersonSpec(
                        f"QZ{number:06d}",
                        names.name(gender),
                        gender,
                        unit_code,
                        row.post,
                        tuple(categories),
                    )
                )
                number += 1
    return tuple(people)
