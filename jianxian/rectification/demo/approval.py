"""The approval bureau's benchmarking against 南江市 "最多跑一次" reform."""

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
    returned,
    start,
    submit,
    undone,
)

APPROVAL_DIRECTOR = "QZ000007"  # 曾志远
APPROVAL_OFFICE_HEAD = "QZ000022"  # 何静 (the "approval" login)
WINDOW_CLERK = "QZ000024"  # 刘洋 (the "staff" login)

APPROVAL: tuple[ProblemSpec, ...] = (
    ProblemSpec(
        key="approval-data-sharing",
        source="approval-benchmark",
        unit="QZ-APPROVAL-WINDOW",
        responsible="QZ-APPROVAL-WINDOW|科长",
        title="部门间数据共享不足，企业和群众办事仍需重复提交材料",
        description=(
            "对标南江市“让数据多跑路、群众少跑腿”的做法，我局可通过共享获取的证照和材料"
            "仅占三成左右，营业执照、身份证明等材料仍需群众在多个环节重复提交。"
        ),
        category="体制机制",
        kind="deadline",
        severity="serious",
        standard=(
            "梳理高频事项材料清单，能共享获取的材料一律免于提交；共享调用电子证照不少于20类；"
            "抽查中群众重复提交材料的情况为零。"
        ),
        due=5,
        measures=(
            MeasureSpec("梳理50个高频事项的申请材料，逐项标注可共享获取的材料", None, -150),
            MeasureSpec(
                "会同市大数据中心打通市场监管、公安等部门的电子证照接口",
                "QZ-APPROVAL-WINDOW|副科长",
                -20,
            ),
            MeasureSpec("在综合窗口推行“免提交”清单，公开接受群众监督", None, 5),
        ),
        steps=(
            plan(-190),
            start(-188),
            done(0, -152),
            note(
                -150,
                "50个高频事项的材料梳理完毕，其中可共享获取的材料有126项。",
                pdf("高频事项材料清单.pdf", "高频事项申请材料共享情况清单"),
            ),
            done(1, -25),
            note(
                -22,
                "已接通电子证照接口17类，剩余3类正在联调。",
                photo("电子证照接口联调.jpg", "电子证照接口联调测试记录"),
            ),
        ),
    ),
    ProblemSpec(
        key="approval-window-skills",
        source="approval-benchmark",
        unit="QZ-APPROVAL-WINDOW",
        responsible=WINDOW_CLERK,
        worker="staff",
        title="综合窗口人员“一专多能”不够，窗口只能收件、不能办结",
        description=(
            "南江市综合窗口的工作人员能独立办理多个部门的事项，而我局窗口人员大多只熟悉"
            "本条线业务，综合窗口实际上只是“收件箱”，办结还要转回各科室。"
        ),
        category="能力素质",
        kind="deadline",
        severity="general",
        standard="窗口人员全员完成跨部门业务培训并考核合格；综合窗口独立办结率达到60%以上。",
        due=30,
        measures=(
            MeasureSpec("制定综合窗口人员轮岗和跨部门业务培训计划", None, -150),
            MeasureSpec("组织全员跨部门业务培训和考核", None, -60),
            MeasureSpec("制定综合窗口授权办结事项清单", None, -40),
        ),
        steps=(
            plan(-190),
            start(-186),
            done(0, -150),
            done(1, -62),
            done(2, -45),
            note(
                -44,
                "培训计划已落实，窗口人员全部参加了跨部门业务培训。",
                photo("培训签到表.jpg", "综合窗口跨部门业务培训签到表"),
            ),
            submit(-40),
            returned(
                -33,
                "佐证材料只有培训签到表，缺少考核结果，也没有窗口独立办结的业务数据，"
                "请补充后再提交。",
            ),
            undone(1, -30),
            note(
                -15,
                "已组织业务考核，2名考核不合格人员正在补训，补考合格后再提交验收。",
                pdf("业务考核成绩表.pdf", "综合窗口跨部门业务考核成绩表"),
            ),
        ),
    ),
    ProblemSpec(
        key="approval-business-startup",
        source="approval-benchmark",
        unit="QZ-APPROVAL",
        responsible=APPROVAL_DIRECTOR,
        title="企业开办需在市场监管、税务、社保三个窗口分别办理，未实现“一窗通办”",
        description=(
            "对标南江市企业开办“一窗受理、一次办结”，我市企业开办仍需分别到三个窗口排队、"
            "填三套表，平均用时3个工作日。"
        ),
        category="业务工作",
        kind="deadline",
        severity="serious",
        standard="企业开办实现“一窗受理、一表填报、一次办结”；全流程办理时间压缩至1个工作日以内。",
        due=-90,
        measures=(
            MeasureSpec("整合市场监管、税务、社保业务，设立企业开办综合窗口", None, -150),
            MeasureSpec("推行企业开办“一表填报”，申请表由三套合并为一套", None, -130),
            MeasureSpec(
                "上线企业开办“一网通办”系统，实现全程网上办理", "QZ-APPROVAL-WINDOW|科长", -100
            ),
        ),
        steps=(
            plan(-190),
            start(-189),
            done(0, -148),
            done(1, -131),
            note(
                -130,
                "企业开办综合窗口已设立，“一表填报”已全面推行。",
                photo("企业开办综合窗口.jpg", "企业开办综合窗口"),
            ),
            done(2, -104),
            note(
                -102,
                "系统上线以来，企业开办平均用时0.8个工作日。",
                pdf("企业开办用时统计.pdf", "企业开办办理时长统计表"),
            ),
            submit(-100),
            close(
                -95,
                95,
                "企业开办全流程用时已压缩至1个工作日以内，企业反映良好，同意销号。",
                actor="cityadmin",
            ),
        ),
    ),
    ProblemSpec(
        key="approval-construction-permits",
        source="approval-benchmark",
        unit="QZ-APPROVAL-INVEST",
        responsible="QZ-APPROVAL-INVEST|科长",
        title="工程建设项目审批全流程用时比南江市长一倍以上",
        description=(
            "调研比对发现，南江市一般社会投资项目从立项到施工许可平均用时约40个工作日，"
            "我市仍需90个工作日左右，主要卡在多头审查、串联审批上。"
        ),
        category="业务工作",
        kind="deadline",
        severity="serious",
        standard="一般社会投资项目审批全流程用时压缩至45个工作日以内；全面推行联合审图、联合验收。",
        due=120,
        measures=(
            MeasureSpec("梳理工程建设项目审批流程，将串联审批改为并联审批", None, 30),
            MeasureSpec("建立审批时限预警和超时通报制度", None, 60),
            MeasureSpec("推行施工图联合审查和竣工联合验收", None, 90),
        ),
        steps=(plan(-30),),
    ),
    ProblemSpec(
        key="approval-publish-list",
        source="approval-benchmark",
        unit="QZ-APPROVAL-OFFICE",
        responsible=APPROVAL_OFFICE_HEAD,
        title="“最多跑一次”事项清单和办事指南未向社会公布",
        description=(
            "南江市“最多跑一次”事项清单和办事指南全部在网上和大厅公开，我局虽已梳理出"
            "事项清单，但尚未向社会公布，群众无从知晓、无法监督。"
        ),
        category="业务工作",
        kind="immediate",
        severity="general",
        standard="",
        due=10,
        measures=(
            MeasureSpec("在政务服务网和办事大厅公开“最多跑一次”事项清单及办事指南", None, 10),
        ),
        found=185,
    ),
    ProblemSpec(
        key="approval-feedback-loop",
        source="approval-benchmark",
        unit="QZ-APPROVAL-WINDOW",
        responsible=WINDOW_CLERK,
        worker="staff",
        title="办事群众“好差评”结果未用于改进窗口工作，评价流于形式",
        description=(
            "对照南江市“差评必改、改必回访”的做法，我局“好差评”系统收集的差评没有专人分析"
            "处理，也没有向评价人反馈，评价结果与窗口考核脱节。"
        ),
        category="体制机制",
        kind="deadline",
        severity="general",
        standard="建立差评核实整改和回访制度，差评整改率、回访率均达到100%；评价结果纳入窗口人员月度考核。",
        due=-12,
        measures=(
            MeasureSpec("明确专人每周分析“好差评”数据，建立差评处理台账", WINDOW_CLERK, -100),
            MeasureSpec("对差评逐条核实整改，并回访评价人", None, -40),
            MeasureSpec("将评价结果纳入窗口人员月度考核", None, -12),
        ),
        steps=(
            plan(-190),
            start(-185),
            done(0, -98),
            note(
                -96,
                "差评处理台账已建立，本月收到差评6条，已全部核实。",
                photo("差评处理台账.jpg", "“好差评”差评处理台账"),
            ),
        ),
    ),
)
