"""The organization tree of the fictional city of 清州 (Qingzhou).

``UNITS`` lists every demo unit in creation order (a parent always comes before its
children). Codes are stable: the loader finds existing units by code, and other apps'
demo modules look units up by code (``ctx.unit("QZ-APPROVAL")``).
"""

from __future__ import annotations

from typing import NamedTuple

from jianxian.core.models import UnitKind


class UnitSpec(NamedTuple):
    code: str
    name: str
    kind: str
    parent: str | None


CITY = UnitKind.CITY
DISTRICT = UnitKind.DISTRICT
BUREAU = UnitKind.BUREAU
ENTERPRISE = UnitKind.ENTERPRISE
HOSPITAL = UnitKind.HOSPITAL
SCHOOL = UnitKind.SCHOOL
COMMUNITY = UnitKind.COMMUNITY
VILLAGE = UnitKind.VILLAGE
MASS_ORG = UnitKind.MASS_ORG
VOLUNTEER_GROUP = UnitKind.VOLUNTEER_GROUP
TEAM = UnitKind.TEAM

# The codes later demo modules are most likely to need.
CITY_CODE = "QZ"
APPROVAL_BUREAU = "QZ-APPROVAL"
CIVIL_AFFAIRS_BUREAU = "QZ-CIVIL"
EDUCATION_BUREAU = "QZ-EDU"
DISCIPLINE_COMMISSION = "QZ-DISC"
STEEL_GROUP = "QZ-STEEL"
STEEL_STUDIO = "QZ-STEEL-STUDIO"
HOSPITAL_CODE = "QZ-HOSP"
DAILY = "QZ-DAILY"
VOLUNTEER_FEDERATION = "QZ-VOL"
DISTRICTS = ("QZ-DC", "QZ-XH", "QZ-BS", "QZ-LJ")


def _district(
    code: str, name: str, level: str, communities: list[tuple[str, str]], villages=(), schools=()
) -> list[UnitSpec]:
    """A district or county: its party committee, its government, communities, villages
    and the schools it runs. ``level`` is 区 or 县."""
    units = [
        UnitSpec(code, name, DISTRICT, CITY_CODE),
        UnitSpec(f"{code}-CPC", f"中共{name[:-1]}{level}委", BUREAU, code),
        UnitSpec(f"{code}-GOV", f"{name}人民政府", BUREAU, code),
    ]
    units += [UnitSpec(f"{code}-{suffix}", n, COMMUNITY, code) for suffix, n in communities]
    units += [UnitSpec(f"{code}-{suffix}", n, VILLAGE, code) for suffix, n in villages]
    units += [UnitSpec(f"{code}-{suffix}", n, SCHOOL, code) for suffix, n in schools]
    return units


UNITS: list[UnitSpec] = [
    UnitSpec(CITY_CODE, "清州市", CITY, None),
    # Party committee and its departments.
    UnitSpec("QZ-CPC", "中共清州市委", BUREAU, CITY_CODE),
    UnitSpec("QZ-CPC-OFFICE", "清州市委办公室", TEAM, "QZ-CPC"),
    UnitSpec("QZ-CPC-ORG", "清州市委组织部", BUREAU, "QZ-CPC"),
    UnitSpec("QZ-CPC-PROP", "清州市委宣传部", BUREAU, "QZ-CPC"),
    # Government and its bureaus.
    UnitSpec("QZ-GOV", "清州市人民政府", BUREAU, CITY_CODE),
    UnitSpec("QZ-GOV-OFFICE", "清州市人民政府办公室", TEAM, "QZ-GOV"),
    UnitSpec(APPROVAL_BUREAU, "清州市行政审批局", BUREAU, "QZ-GOV"),
    UnitSpec("QZ-APPROVAL-OFFICE", "局办公室", TEAM, APPROVAL_BUREAU),
    UnitSpec("QZ-APPROVAL-WINDOW", "综合窗口科", TEAM, APPROVAL_BUREAU),
    UnitSpec("QZ-APPROVAL-INVEST", "投资项目审批科", TEAM, APPROVAL_BUREAU),
    UnitSpec(CIVIL_AFFAIRS_BUREAU, "清州市民政局", BUREAU, "QZ-GOV"),
    UnitSpec("QZ-CIVIL-COMMUNITY", "基层政权建设和社区治理科", TEAM, CIVIL_AFFAIRS_BUREAU),
    UnitSpec("QZ-CIVIL-ELDERLY", "养老服务科", TEAM, CIVIL_AFFAIRS_BUREAU),
    UnitSpec(EDUCATION_BUREAU, "清州市教育局", BUREAU, "QZ-GOV"),
    UnitSpec("QZ-EDU-BASIC", "基础教育科", TEAM, EDUCATION_BUREAU),
    UnitSpec("QZ-EDU-MORAL", "德育科", TEAM, EDUCATION_BUREAU),
    UnitSpec("QZ-EDU-SY", "清州市实验中学", SCHOOL, EDUCATION_BUREAU),
    # Discipline inspection commission and supervisory commission.
    UnitSpec(DISCIPLINE_COMMISSION, "清州市纪委监委", BUREAU, CITY_CODE),
    UnitSpec("QZ-DISC-SUP1", "第一监督检查室", TEAM, DISCIPLINE_COMMISSION),
    UnitSpec("QZ-DISC-SUP2", "第二监督检查室", TEAM, DISCIPLINE_COMMISSION),
    UnitSpec("QZ-DISC-INV", "审查调查室", TEAM, DISCIPLINE_COMMISSION),
    UnitSpec("QZ-DISC-TRIAL", "案件审理室", TEAM, DISCIPLINE_COMMISSION),
    # Districts and the county.
    *_district(
        "QZ-DC",
        "东城区",
        "区",
        [
            ("CUILIU", "翠柳社区"),
            ("HEPINGLI", "和平里社区"),
            ("CHAOYANG", "朝阳社区"),
            ("CHUNHUI", "春晖社区"),
        ],
        schools=[("SCH", "东城区实验小学")],
    ),
    *_district(
        "QZ-XH",
        "西湖区",
        "区",
        [("HUBIN", "湖滨社区"), ("LIUAN", "柳岸社区"), ("JINQIAO", "金桥社区")],
        villages=[("TAOYUAN", "桃源村")],
    ),
    *_district(
        "QZ-BS",
        "北山区",
        "区",
        [("KUANGSHAN", "矿山路社区"), ("BEIYUAN", "北苑社区")],
        villages=[("SHIMEN", "石门村")],
    ),
    *_district(
        "QZ-LJ",
        "临江县",
        "县",
        [("CHENGGUAN", "城关社区"), ("BINJIANG", "滨江社区")],
        villages=[("QINGSHAN", "青山村"), ("LIUSHUWAN", "柳树湾村")],
        schools=[("SCH", "临江县第一中学")],
    ),
    # Qingzhou Steel Group: the model-worker studio and the work groups (班组).
    UnitSpec(STEEL_GROUP, "清州钢铁集团", ENTERPRISE, CITY_CODE),
    UnitSpec(STEEL_STUDIO, "杨国强劳模创新工作室", TEAM, STEEL_GROUP),
    UnitSpec("QZ-STEEL-BOF", "炼钢厂", TEAM, STEEL_GROUP),
    UnitSpec("QZ-STEEL-BOF-A", "转炉甲班", TEAM, "QZ-STEEL-BOF"),
    UnitSpec("QZ-STEEL-BOF-B", "转炉乙班", TEAM, "QZ-STEEL-BOF"),
    UnitSpec("QZ-STEEL-HSM", "热轧厂", TEAM, STEEL_GROUP),
    UnitSpec("QZ-STEEL-HSM-F", "精轧班", TEAM, "QZ-STEEL-HSM"),
    UnitSpec("QZ-STEEL-QC", "质量检验中心", TEAM, STEEL_GROUP),
    # First People's Hospital and its departments.
    UnitSpec(HOSPITAL_CODE, "清州市第一人民医院", HOSPITAL, CITY_CODE),
    UnitSpec("QZ-HOSP-CARD", "心血管内科", TEAM, HOSPITAL_CODE),
    UnitSpec("QZ-HOSP-ER", "急诊科", TEAM, HOSPITAL_CODE),
    UnitSpec("QZ-HOSP-PED", "儿科", TEAM, HOSPITAL_CODE),
    UnitSpec("QZ-HOSP-NURSING", "护理部", TEAM, HOSPITAL_CODE),
    UnitSpec("QZ-HOSP-PR", "党委宣传科", TEAM, HOSPITAL_CODE),
    # The city newspaper and its reporter stations.
    UnitSpec(DAILY, "清州日报社", ENTERPRISE, CITY_CODE),
    UnitSpec("QZ-DAILY-NEWS", "新闻采访部", TEAM, DAILY),
    UnitSpec("QZ-DAILY-DC", "东城记者站", TEAM, DAILY),
    UnitSpec("QZ-DAILY-LJ", "临江记者站", TEAM, DAILY),
    # Mass organizations.
    UnitSpec("QZ-UNION", "清州市总工会", MASS_ORG, CITY_CODE),
    UnitSpec("QZ-CYL", "共青团清州市委员会", MASS_ORG, CITY_CODE),
    UnitSpec("QZ-WF", "清州市妇女联合会", MASS_ORG, CITY_CODE),
    # Volunteers.
    UnitSpec(VOLUNTEER_FEDERATION, "清州市志愿服务联合会", VOLUNTEER_GROUP, CITY_CODE),
    UnitSpec("QZ-VOL-MEDIA", "媒体人公益行志愿服务队", VOLUNTEER_GROUP, VOLUNTEER_FEDERATION),
    UnitSpec("QZ-VOL-YOUTH", "清州青年志愿者服务队", VOLUNTEER_GROUP, VOLUNTEER_FEDERATION),
]
