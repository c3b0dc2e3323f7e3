"""Cuiliu community's self-check (自查自纠), and a citizen's hotline complaint."""

from __future__ import annotations

from jianxian.rectification.demo.spec import (
    MeasureSpec,
    ProblemSpec,
    close,
    done,
    note,
    pdf,
    photo,
    plan,
    start,
    submit,
)

CUILIU_SECRETARY = "QZ000006"  # 孙慧敏
CUILIU_WORKER = "QZ000023"  # 马丽娜 (the "community" login)

CUILIU: tuple[ProblemSpec, ...] = (
    ProblemSpec(
        key="cuiliu-residents-council",
        source="cuiliu-self-check",
        unit="QZ-DC-CUILIU",
        responsible=CUILIU_SECRETARY,
        title="居民议事会议题多由社区确定，居民参与议事的积极性不高",
        description=(
            "自查发现，近一年居民议事会的议题八成以上由社区“两委”提出，居民代表多是"
            "“听会”，一些涉及居民切身利益的事项没有充分听取意见。"
        ),
        category="作风形象",
        kind="deadline",
        severity="general",
        standard=(
            "建立居民点题、议题公开征集制度；居民提出的议题占比不低于一半；"
            "议事结果全部公示并跟踪落实。"
        ),
        due=-60,
        measures=(
            MeasureSpec("在各楼栋设置议题征集箱，开通线上议题征集渠道", CUILIU_WORKER, -120),
            MeasureSpec("修订居民议事会议事规则，明确居民点题、集体议定的程序", None, -100),
            MeasureSpec("议事结果在社区公示栏和居民群公示，跟踪落实情况", None, -80),
        ),
        steps=(
            plan(-140),
            start(-138),
            done(0, -121),
            done(1, -101),
            note(
                -100,
                "议事规则已修订，近两次议事会共征集到居民议题14个。",
                photo("居民议事会.jpg", "翠柳社区居民议事会"),
            ),
            done(2, -78),
            note(
                -75,
                "议事结果已全部公示，居民提出的议题占比达到64%。",
                photo("议事结果公示栏.jpg", "居民议事结果公示"),
            ),
            submit(-70),
            close(
                -64,
                80,
                "居民点题制度已建立并运行，议题来源明显改善，同意销号。建议持续跟踪议事结果落实。",
            ),
        ),
    ),
    ProblemSpec(
        key="cuiliu-elderly-visits",
        source="cuiliu-self-check",
        unit="QZ-DC-CUILIU",
        responsible=CUILIU_WORKER,
        worker="community",
        title="独居老人走访台账更新不及时，部分老人情况掌握不准",
        description=(
            "自查发现，社区独居老人走访台账中有11户超过两个月未更新，个别老人已搬离或"
            "入住养老机构，台账仍未调整。"
        ),
        category="业务工作",
        kind="deadline",
        severity="general",
        standard="独居老人台账逐户核实更新；每周至少走访一次并当天录入；台账信息与实际情况一致。",
        due=3,
        measures=(
            MeasureSpec("逐户核实独居老人基本情况，更新走访台账", CUILIU_WORKER, -100),
            MeasureSpec("落实网格员每周走访、当天录入制度", None, -30),
        ),
        steps=(
            plan(-140),
            start(-135),
            done(0, -101),
            note(
                -100,
                "已逐户核实独居老人43户，更新信息11户。",
                photo("独居老人走访台账.jpg", "独居老人走访台账"),
            ),
            done(1, -6),
            note(
                -5,
                "每周走访制度已连续执行12周，台账与实际情况一致。",
                photo("入户走访.jpg", "网格员入户走访独居老人"),
            ),
            submit(-1),
        ),
    ),
    ProblemSpec(
        key="cuiliu-grid-visits",
        source="cuiliu-self-check",
        unit="QZ-DC-CUILIU",
        responsible="QZ-DC-CUILIU|网格员",
        title="网格员入户走访存在“打卡式”应付，走访记录与实际情况不符",
        description=(
            "自查中抽查网格员走访记录30户，有7户居民反映近期无人上门，走访记录存在补记、代签现象。"
        ),
        category="作风形象",
        kind="deadline",
        severity="serious",
        standard="制定网格员入户走访工作规范；走访记录随机回访核实率不低于20%，记录与实际相符率达到100%。",
        due=-5,
        measures=(
            MeasureSpec("制定网格员入户走访工作规范，明确走访频次和记录要求", None, -120),
            MeasureSpec("社区每月随机回访核实走访记录", CUILIU_WORKER, -5),
            MeasureSpec("将走访质量纳入网格员月度考评", None, -5),
        ),
        steps=(
            plan(-140),
            start(-138),
            done(0, -118),
            note(
                -115,
                "入户走访工作规范已印发，已组织网格员集中学习。",
                pdf("入户走访工作规范.pdf", "翠柳社区网格员入户走访工作规范"),
            ),
            done(1, -10, actor="community"),
            note(
                -9, "本月随机回访居民12户，发现记录不符1户，已约谈相关网格员。", actor="community"
            ),
        ),
    ),
    ProblemSpec(
        key="cuiliu-service-hours",
        source="cuiliu-self-check",
        unit="QZ-DC-CUILIU",
        responsible=CUILIU_SECRETARY,
        title="党群服务中心开放时间与居民下班时间冲突，晚间和周末服务存在空档",
        description="居民反映，党群服务中心工作日17:30关门、周末不开放，上班族办事只能请假。",
        category="业务工作",
        kind="deadline",
        severity="general",
        standard="实行错时延时服务，工作日晚间延长至20:00，周末上午开放。",
        due=45,
        measures=(MeasureSpec("实行错时上下班和周末轮值制度", None, 30),),
    ),
    ProblemSpec(
        key="hotline-streetlights",
        source="hotline",
        unit="QZ-DC-CUILIU",
        responsible="QZ-DC-CUILIU|居委会副主任",
        title="群众反映翠柳小区北门路灯长期不亮，报修后无人回应",
        description=(
            "市民通过12345热线反映，小区北门一带6盏路灯损坏近一个月，曾向物业报修但无人处理，"
            "居民夜间出行不便。"
        ),
        category="业务工作",
        kind="immediate",
        severity="general",
        standard="损坏路灯全部修复；建立路灯等公共设施报修台账，报修后3个工作日内响应。",
        due=-48,
        measures=(
            MeasureSpec("协调物业和市政部门修复损坏路灯", None, -50),
            MeasureSpec("建立小区公共设施报修台账和限时响应制度", None, -48),
        ),
        steps=(
            plan(-54),
            start(-54),
            done(0, -51),
            note(
                -51,
                "6盏路灯已全部修复，并已回访反映问题的市民。",
                photo("路灯修复.jpg", "北门路灯修复后的夜间照明"),
            ),
            done(1, -49),
            note(
                -49,
                "公共设施报修台账已建立。",
                pdf("公共设施报修台账.pdf", "翠柳社区公共设施报修台账"),
            ),
            submit(-49),
            close(-46, 95, "路灯已修复，报修响应机制已建立，经电话回访，市民表示满意，同意销号。"),
        ),
    ),
)
