"""The demo logins, their grants, and the notifications waiting for them."""

from __future__ import annotations

from typing import NamedTuple

from jianxian.core.demo.people import LOGIN_PEOPLE
from jianxian.core.models import Role

# One shared password for every demo login. It is set directly (not through the
# validators): the demo is for trying the platform, never for production.
DEMO_PASSWORD = "qingzhou2026"


class LoginSpec(NamedTuple):
    username: str
    role: str | None  # None: no grant, only the scope of the person's own post
    unit: str  # unit code of the grant, or of the post when there is no grant
    covers_subtree: bool
    role_zh: str
    role_en: str
    unit_en: str


DEMO_LOGINS: tuple[LoginSpec, ...] = (
    LoginSpec(
        "cityadmin",
        Role.UNIT_ADMIN,
        "QZ",
        True,
        "市级管理员（全市）",
        "City admin (whole city)",
        "Qingzhou City",
    ),
    LoginSpec(
        "approval",
        Role.ORGANIZER,
        "QZ-APPROVAL",
        True,
        "组织者",
        "Organizer",
        "Approval Bureau",
    ),
    LoginSpec(
        "community",
        None,
        "QZ-DC-CUILIU",
        True,
        "社区工作者（普通成员）",
        "Community worker, plain member",
        "Cuiliu Community, Dongcheng",
    ),
    LoginSpec(
        "staff",
        None,
        "QZ-APPROVAL-WINDOW",
        True,
        "普通工作人员（无授权）",
        "Plain staff, no grants",
        "Service Window Section",
    ),
    LoginSpec(
        "verifier",
        Role.VERIFIER,
        "QZ",
        True,
        "核验人（全市）",
        "Verifier (whole city)",
        "Qingzhou City",
    ),
    LoginSpec(
        "district",
        Role.UNIT_ADMIN,
        "QZ-DC",
        True,
        "区级管理员",
        "District admin",
        "Dongcheng District",
    ),
)
DEMO_USERNAMES: tuple[str, ...] = tuple(login.username for login in DEMO_LOGINS)
assert set(DEMO_USERNAMES) == set(LOGIN_PEOPLE), "every demo login needs its person"


class NoteSpec(NamedTuple):
    """An in-app notification for a demo login, linking to a unit's page."""

    username: str
    title: str
    body: str
    unit: str


NOTIFICATIONS: tuple[NoteSpec, ...] = (
    NoteSpec(
        "cityadmin",
        "请核对各单位组织架构和人员信息",
        "全市单位和人员已导入见贤平台。请督促各单位管理员核对本单位的科室设置、人员和职务，"
        "发现错漏及时更正。",
        "QZ",
    ),
    NoteSpec(
        "approval",
        "请组织局理论学习中心组专题研讨",
        "研讨主题：学习南方城市“最多跑一次”改革经验，对标先进、查找短板。"
        "请提前通知参会人员围绕“先进为什么先进、我们差距在哪里、下一步怎么办”准备发言。",
        "QZ-APPROVAL",
    ),
    NoteSpec(
        "approval",
        "“一窗通办+主题服务”改革方案征求意见",
        "综合窗口科已起草“一窗通办+主题服务”改革方案初稿，请于本周五前反馈修改意见。",
        "QZ-APPROVAL-WINDOW",
    ),
    NoteSpec(
        "staff",
        "请阅读学习材料：“最多跑一次”改革经验汇编",
        "学习材料已下发到综合窗口科，请在专题研讨前读完，并结合窗口工作写下学习体会。",
        "QZ-APPROVAL-WINDOW",
    ),
    NoteSpec(
        "community",
        "翠柳社区工作法学习交流会通知",
        "本周四下午在社区党群服务中心召开交流会，孙慧敏书记介绍"
        "“党建引领、多元共治、精准服务”工作法，请准时参加。",
        "QZ-DC-CUILIU",
    ),
    NoteSpec(
        "verifier",
        "您已获得全市整改事项核验权限",
        "各单位提交的整改销号申请将在这里提醒您核验。核验时请查看整改佐证材料，"
        "证据不足的不予销号。",
        "QZ-DISC",
    ),
    NoteSpec(
        "district",
        "请组织区委理论学习中心组专题研讨",
        "围绕提升“一把手”抓改革攻坚的能力开展研讨，重点查找担当精神、战略眼光、"
        "务实作风三个方面的差距。",
        "QZ-DC",
    ),
)
