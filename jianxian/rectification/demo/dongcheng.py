"""The Dongcheng district committee's theory-study seminar on "first-in-command"
capacity for complex reform: gaps in 担当精神, 战略眼光 and 务实作风."""

from __future__ import annotations

from jianxian.rectification.demo.spec import (
    MeasureSpec,
    ProblemSpec,
    close,
    done,
    measure,
    note,
    pdf,
    photo,
    plan,
    recheck,
    redate,
    review,
    start,
    submit,
)

DISTRICT_SECRETARY = "QZ000012"  # 王建军

DONGCHENG: tuple[ProblemSpec, ...] = (
    ProblemSpec(
        key="dc-hard-bones",
        source="dc-seminar",
        unit="QZ-DC-GOV",
        responsible="QZ-DC-GOV|区长",
        title="面对老旧小区改造等改革“硬骨头”，存在等上级政策、靠外部条件的思想",
        description=(
            "专题研讨中，班子成员对照“先进为什么先进”查摆发现：对老旧小区改造中的资金筹措、"
            "居民意见协调等难题，习惯于等上级出台政策、靠专项资金落地，主动研究破题办法不够，"
            "部分项目推进缓慢。"
        ),
        category="思想境界",
        kind="deadline",
        severity="serious",
        standard=(
            "老旧小区改造年度项目全部开工；形成资金筹措和居民协商工作机制并印发执行；"
            "群众满意度测评不低于90%。"
        ),
        due=-200,
        measures=(
            MeasureSpec(
                "区政府主要负责同志牵头，每月召开一次老旧小区改造专题推进会，逐个项目研究解决堵点",
                "QZ-DC-GOV|区长",
                -260,
            ),
            MeasureSpec(
                "制定东城区老旧小区改造资金筹措和居民协商工作办法",
                "QZ-DC-GOV|区政府办公室主任",
                -240,
            ),
            MeasureSpec("对进度滞后的项目实行挂图作战，责任落实到分管区领导", None, -220),
        ),
        steps=(
            plan(-290),
            start(-288),
            done(0, -262),
            note(
                -262,
                "已召开专题推进会8次，协调解决资金筹措、管线迁改等问题17个。",
                photo(
                    "专题推进会会议纪要.jpg",
                    "老旧小区改造专题推进会会议纪要",
                    "议题一：资金筹措",
                    "议题二：管线迁改",
                ),
            ),
            done(1, -241),
            note(
                -241,
                "《东城区老旧小区改造资金筹措和居民协商工作办法》已经区政府常务会议审议通过并印发。",
                pdf(
                    "资金筹措和居民协商工作办法.pdf", "东城区老旧小区改造资金筹措和居民协商工作办法"
                ),
            ),
            done(2, -232),
            note(
                -230,
                "年度12个改造项目全部开工，第三方满意度测评结果为93.6%。",
                photo("改造项目进度表.jpg", "老旧小区改造项目进度表", "12个项目全部开工"),
            ),
            submit(-228),
            close(
                -224,
                88,
                "整改措施落实到位，工作办法已印发执行，项目全部开工，满意度测评达标，同意销号。",
            ),
            recheck(
                -35,
                "confirmed",
                "复查抽取3个改造项目实地查看并走访居民，推进机制运行正常，未发现推诿扯皮问题反弹。",
            ),
        ),
    ),
    ProblemSpec(
        key="dc-strategic-vision",
        source="dc-seminar",
        unit="QZ-DC-CPC",
        responsible=DISTRICT_SECRETARY,
        title="谋划全区发展缺乏系统思维，对产业转型升级研究不深不透",
        description=(
            "研讨中大家认为，与先进地区相比，我区在谋划发展上“就事论事”多、“通盘考虑”少，"
            "对辖区产业转型的方向和路径缺乏系统研究，重大项目储备不足。"
        ),
        category="能力素质",
        kind="deadline",
        severity="serious",
        standard=(
            "形成全区产业转型升级专题调研报告并经区委常委会审议；建立重大项目储备库，"
            "储备项目不少于30个。"
        ),
        due=-30,
        measures=(
            MeasureSpec("区委主要负责同志带队赴先进地区开展产业转型专题调研", None, -200),
            MeasureSpec(
                "形成产业转型升级专题调研报告，提交区委常委会审议", "QZ-DC-CPC|区委办公室主任", -90
            ),
            MeasureSpec("建立重大项目储备库，实行动态管理", "QZ-DC-GOV|副区长", -30),
        ),
        steps=(
            plan(-290),
            start(-285),
            done(0, -196),
            note(
                -195,
                "区委主要负责同志带队赴两个先进地区考察学习，形成考察报告。",
                photo("考察座谈会.jpg", "产业转型专题调研座谈会"),
            ),
            done(1, -88),
            note(
                -85,
                "专题调研报告已经区委常委会审议通过。",
                pdf("产业转型升级专题调研报告.pdf", "东城区产业转型升级专题调研报告"),
            ),
            note(-20, "重大项目储备库已初步建立，目前入库项目21个，距目标还差9个，正在加紧谋划。"),
        ),
    ),
    ProblemSpec(
        key="dc-field-research",
        source="dc-seminar",
        unit="QZ-DC-CPC",
        responsible="QZ-DC-CPC|区委办公室主任",
        title="调查研究“蜻蜓点水”，到基层听汇报多、解剖麻雀少",
        description=(
            "对照先进典型“走遍千家万户”的务实作风，查摆出部分班子成员调研前打招呼、"
            "调研中看“盆景”、调研后无下文的问题。"
        ),
        category="作风形象",
        kind="immediate",
        severity="general",
        standard=(
            "制定班子成员蹲点调研制度；每名班子成员年内至少完成1次蹲点调研并形成调研报告；"
            "调研发现的问题建立台账、逐项销号。"
        ),
        due=-262,
        measures=(
            MeasureSpec("制定区委班子成员蹲点调研制度，推行“四不两直”调研方式", None, -280),
            MeasureSpec("建立调研发现问题台账，明确责任单位和办结时限", None, -270),
        ),
        steps=(
            plan(-295),
            start(-294),
            done(0, -281),
            done(1, -271),
            note(
                -268,
                "蹲点调研制度已印发，调研问题台账已建立，首批梳理问题26个。",
                pdf("蹲点调研制度.pdf", "中共东城区委班子成员蹲点调研制度"),
            ),
            submit(-266),
            close(
                -260,
                92,
                "制度健全、台账清晰，首批问题均已明确责任人和时限，同意销号。",
                actor="cityadmin",
            ),
        ),
    ),
    ProblemSpec(
        key="dc-reform-mechanism",
        source="dc-seminar",
        unit="QZ-DC-CPC",
        responsible=DISTRICT_SECRETARY,
        title="重大改革事项“一把手”亲自抓、负总责的推进机制不够健全",
        description=(
            "研讨认为，提升“一把手”抓改革攻坚的能力，关键在于把担当精神落到制度上。"
            "目前重大改革事项存在牵头不明、督办不力、考核偏软的问题，需要长期坚持、久久为功。"
        ),
        category="体制机制",
        kind="ongoing",
        severity="serious",
        standard=(
            "重大改革事项全部明确“一把手”牵头责任；每季度召开改革推进会并通报进展；"
            "改革任务完成情况纳入年度考核。"
        ),
        due=None,
        cycle=90,
        measures=(
            MeasureSpec("建立重大改革事项清单，逐项明确牵头领导和责任单位"),
            MeasureSpec("每季度召开一次全面深化改革推进会，通报进展、督办落后"),
            MeasureSpec("将改革任务完成情况纳入单位和领导干部年度考核"),
        ),
        steps=(
            plan(-290),
            start(-288),
            done(0, -280),
            note(
                -270,
                "重大改革事项清单已印发，共确定改革事项18项，均明确由“一把手”牵头。",
                pdf("重大改革事项清单.pdf", "东城区重大改革事项清单"),
            ),
            review(-196, "改革事项清单已建立，推进会按期召开，个别事项牵头单位督办不够有力。", 80),
            note(
                -120,
                "第二季度改革推进会通报了5项进度滞后事项，已约谈相关单位主要负责同志。",
                photo("改革推进会.jpg", "全面深化改革推进会"),
            ),
            review(
                -104, "季度推进会制度坚持较好，对滞后事项督办有力，建议尽快完成考核办法修订。", 85
            ),
        ),
    ),
    ProblemSpec(
        key="dc-benchmark-initiative",
        source="dc-seminar",
        unit="QZ-DC-CPC",
        responsible="QZ-DC-CPC|区委常委、组织部部长",
        title="对标先进地区找差距不主动，学习先进经验停留在传达文件层面",
        description=(
            "研讨中对照南方先进地区的做法发现，我区学习先进经验多是传达文件、组织观看专题片，"
            "主动上门对标、结合实际转化运用的少，学习成果没有变成具体举措。"
        ),
        category="思想境界",
        kind="deadline",
        severity="general",
        standard=(
            "选定至少3个对标先进地区并开展实地学习；形成对标清单和赶超措施；"
            "学习成果转化为具体政策举措不少于5项。"
        ),
        due=15,
        measures=(
            MeasureSpec("选定对标先进地区，组织区直部门分批开展实地学习", None, -150),
            MeasureSpec("形成对标清单和赶超措施，逐项明确责任单位", None, -60),
            MeasureSpec("推动学习成果转化为政策举措，报区委常委会审定", None, -10),
        ),
        steps=(
            plan(-289),
            start(-287),
            done(0, -150),
            note(
                -148,
                "已组织4批次区直部门负责同志赴3个先进地区实地学习。",
                photo("实地学习交流会.jpg", "赴先进地区实地学习交流会"),
            ),
            done(1, -62),
            done(2, -12),
            note(
                -8,
                "对标清单已形成，6项政策举措已经区委常委会审定印发。",
                pdf("对标清单及赶超措施.pdf", "东城区对标先进赶超措施清单"),
            ),
            submit(-3),
        ),
    ),
    ProblemSpec(
        key="dc-meetings-paperwork",
        source="dc-seminar",
        unit="QZ-DC-GOV",
        responsible="QZ-DC-GOV|区政府办公室主任",
        title="文山会海问题有所反弹，基层填表报数负担仍然较重",
        description=(
            "对照务实作风要求查摆发现，部分部门仍以会议落实会议、以文件落实文件，"
            "向街道和社区重复要数据、要台账的问题时有发生。"
        ),
        category="作风形象",
        kind="deadline",
        severity="general",
        standard=(
            "全区发文、会议数量比上年压减20%以上；建立统一的数据报送平台，同类数据不得"
            "重复向社区索要；社区报表实行清单化管理。"
        ),
        due=-250,
        measures=(
            MeasureSpec("开展文件、会议精简专项清理，严格控制发文和会议数量", None, -270),
            MeasureSpec("建立全区统一的基层数据报送平台", None, -255),
            MeasureSpec("编制社区报表清单，清单外报表一律不得下派", None, -255),
        ),
        steps=(
            plan(-290),
            start(-288),
            done(0, -268),
            done(1, -258),
            done(2, -256),
            note(
                -255,
                "发文、会议数量同比分别下降24%和27%；数据报送平台已上线，社区报表清单已公布。",
                pdf("文件会议精简情况通报.pdf", "关于文件会议精简情况的通报"),
            ),
            submit(-254),
            close(-250, 85, "精简成效明显，数据报送平台已上线运行，同意销号。"),
            recheck(
                -20,
                "reopened",
                "复查抽查3个社区，发现部分部门仍绕开平台，通过工作群要求社区重复报送同类报表，"
                "问题出现反弹。",
            ),
            redate(-18, 40, "复查发现问题反弹，重新明确整改时限。"),
            measure(-18, "对绕开平台向社区索要数据的部门进行通报，纳入作风建设考核", 30),
            note(-10, "已对2个部门进行通报，并在数据报送平台增设“社区减负”投诉入口。"),
        ),
    ),
)
