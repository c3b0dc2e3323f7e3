"""Name pools for the generated city: surnames, given names, places, units and posts.

Surnames carry rough real-world frequencies (per mille), so the common ones (王, 李,
张) dominate as they do in a real roster and a 1-character surname search returns
thousands of rows. Given names come from a pool with Zipf-like weights: people share
names, as they do in life, and the pinyin of each distinct name is computed once.
"""

from __future__ import annotations

import random


def _words(text: str) -> list[str]:
    return text.split()


SURNAMES: list[tuple[str, float]] = [
    ("王", 72), ("李", 72), ("张", 68), ("刘", 54), ("陈", 45), ("杨", 31), ("黄", 22),
    ("赵", 21), ("吴", 20), ("周", 19), ("徐", 13), ("孙", 13), ("马", 12), ("朱", 12),
    ("胡", 11), ("郭", 11), ("何", 10), ("高", 9), ("林", 9), ("罗", 9), ("郑", 8),
    ("梁", 8), ("谢", 7), ("宋", 6), ("唐", 6), ("许", 6), ("韩", 5), ("冯", 5), ("邓", 5),
    ("曹", 5), ("彭", 5), ("曾", 5), ("肖", 4), ("田", 4), ("董", 4), ("袁", 4), ("潘", 4),
    ("于", 4), ("蒋", 4), ("蔡", 4), ("余", 4), ("杜", 4), ("叶", 4), ("程", 4), ("苏", 3),
    ("魏", 3), ("吕", 3), ("丁", 3), ("任", 3), ("沈", 3), ("姚", 3), ("卢", 3), ("姜", 3),
    ("崔", 3), ("钟", 3), ("谭", 3), ("陆", 3), ("汪", 3), ("范", 3), ("金", 3), ("石", 3),
    ("廖", 3), ("贾", 3), ("夏", 2), ("韦", 2), ("付", 2), ("方", 2), ("白", 2), ("邹", 2),
    ("孟", 2), ("熊", 2), ("秦", 2), ("邱", 2), ("江", 2), ("尹", 2), ("薛", 2), ("闫", 2),
    ("段", 2), ("雷", 2), ("侯", 2), ("龙", 2), ("史", 2), ("陶", 2), ("黎", 2), ("贺", 2),
    ("顾", 2), ("毛", 2), ("郝", 2), ("龚", 2), ("邵", 2), ("万", 2), ("钱", 2), ("严", 1),
    ("覃", 1), ("武", 1), ("戴", 1), ("莫", 1), ("孔", 1), ("向", 1), ("汤", 1), ("单", 0.5),
    ("解", 0.5), ("仇", 0.3), ("区", 0.3), ("朴", 0.3), ("查", 0.3), ("翟", 0.5),
    ("欧阳", 0.5), ("司马", 0.2), ("诸葛", 0.1), ("上官", 0.1),
]  # fmt: skip

MALE_FIRST = "志建国正振永家德文明海东俊晓宏春天子浩博宇嘉"
MALE_SECOND = "伟强磊军勇杰涛超刚平辉鹏华飞鑫波斌浩凯健帆帅旭宁龙林阳峰锋成兵晨亮生新"
FEMALE_FIRST = "秀桂玉丽晓雪春美淑佳思雨梦静欣慧文小婉"
FEMALE_SECOND = "芳娜敏静丽艳娟霞英玲兰梅琳燕萍红婷雪慧莉倩颖洁琴云欣悦晶月蕾珍凤瑶璐"

PLACES = _words(
    "和平 新华 东风 胜利 建设 朝阳 幸福 光明 红旗 长青 永安 丰收 富民 康乐 安宁 泰山 金桥 "
    "银杏 龙泉 凤凰 桃源 杨柳 石桥 清河 南湖 北山 西关 东关 城南 城北 河西 河东 滨江 望江 "
    "江南 江北 湖滨 山前 柳林 松林 梅园 兰亭 桂花 荷花 翠竹 青石 白云 紫金 春晖 秋实 文化 "
    "育才 兴业 振兴 团结 前进 友谊 太平 吉祥 如意 迎春 望湖 观山 锦绣 阳光 绿洲 新港 高桥 "
    "双桥 三里 五里 七里 十里 李家 张家 王家 刘家 陈家 杨家 赵家 黄家 周家 马家 孙家 胡家 "
    "朱家 高家 林家 何家 郭家 罗家 梁家 宋家 唐家"
)

DISTRICTS = [
    ("东城区", "district"), ("西城区", "district"), ("南湖区", "district"),
    ("北山区", "district"), ("滨江区", "district"), ("高新区", "district"),
    ("临川县", "county"), ("青山县", "county"), ("白水县", "county"), ("石门县", "county"),
    ("云溪县", "county"), ("松阳县", "county"), ("长乐县", "county"), ("平安县", "county"),
    ("永宁县", "county"),
]  # fmt: skip

BUREAUS = _words(
    "纪律检查委员会 组织部 宣传部 统战部 发展和改革局 教育局 科技局 工业和信息化局 公安局 "
    "民政局 司法局 财政局 人力资源和社会保障局 自然资源局 生态环境局 住房和城乡建设局 "
    "交通运输局 水利局 农业农村局 商务局 文化和旅游局 卫生健康委员会 退役军人事务局 "
    "应急管理局 审计局 市场监督管理局 统计局 医疗保障局 城市管理局 行政审批局"
)
BUREAU_OFFICES = _words("办公室 人事科 财务科 政策法规科 综合科 督查科 信息中心 业务一科 业务二科")
INDUSTRIES = _words("机械 纺织 化工 建材 食品 电子 物流 水务 燃气 公交 电力 医药")
CITY_GROUPS = _words("钢铁集团 水务集团 公交集团 能源集团 城建集团 交通投资集团")
ENTERPRISE_DEPTS = _words("技术部 销售部 安全环保部 综合办公室 质量部")
CREWS = _words("甲班 乙班 丙班 丁班 维修班 检验班")
HOSPITALS = _words("人民医院 中医院 妇幼保健院")
HOSPITAL_DEPTS = _words(
    "内科 外科 儿科 妇产科 急诊科 骨科 眼科 口腔科 检验科 放射科 药剂科 护理部 院办"
)
SCHOOL_GROUPS = _words("语文教研组 数学教研组 英语教研组 一年级组 二年级组 三年级组 教务处 政教处")
MASS_ORGS = _words("总工会 团委 妇女联合会 科学技术协会 残疾人联合会")
NUMERALS = "一二三四五六七八九十"

# Posts and person categories by the role a unit plays (see citytree.py).
POSTS: dict[str, list[tuple[str, int]]] = {
    "leadership": [("主任", 1), ("副主任", 2), ("秘书", 2), ("科员", 6)],
    "bureau": [("局长", 1), ("副局长", 3), ("科员", 10), ("办事员", 6)],
    "office": [("科长", 1), ("副科长", 2), ("科员", 10), ("办事员", 5)],
    "street": [("主任", 1), ("副主任", 2), ("干事", 10)],
    "community": [("党委书记", 1), ("社区主任", 1), ("社区工作者", 12), ("网格员", 6)],
    "grid": [("网格长", 1), ("网格员", 6), ("楼栋长", 4)],
    "village": [("村支书", 1), ("村委会主任", 1), ("村委委员", 4), ("会计", 1), ("村民", 8)],
    "enterprise": [("总经理", 1), ("副总经理", 2), ("部门经理", 4), ("职员", 12)],
    "workshop": [("车间主任", 1), ("技术员", 4), ("工人", 20)],
    "crew": [("班组长", 1), ("工人", 12), ("安全员", 1)],
    "hospital": [("院长", 1), ("副院长", 2), ("医师", 8), ("护士", 8)],
    "ward": [("主任医师", 1), ("主治医师", 3), ("医师", 6), ("护士", 10)],
    "school": [("校长", 1), ("副校长", 2), ("教师", 30), ("班主任", 8)],
    "school_group": [("组长", 1), ("教师", 12), ("班主任", 4)],
    "mass_org": [("主席", 1), ("副主席", 2), ("干事", 8)],
    "volunteers": [("会长", 1), ("队长", 2), ("志愿者", 20)],
}
CATEGORIES: dict[str, str] = {
    "leadership": "cadre",
    "bureau": "cadre",
    "office": "cadre",
    "street": "cadre",
    "community": "cadre",
    "grid": "citizen",
    "village": "citizen",
    "enterprise": "worker",
    "workshop": "worker",
    "crew": "worker",
    "hospital": "medic",
    "ward": "medic",
    "school": "teacher",
    "school_group": "teacher",
    "mass_org": "cadre",
    "volunteers": "volunteer",
}
SECOND_POSTS = ["志愿者", "兼职委员", "理事", "网格员"]


def given_name_pool(rng: random.Random, size: int, first: str, second: str) -> list[str]:
    """Up to ``size`` distinct given names: mostly two characters, some one."""
    singles = list(dict.fromkeys(second))
    starts = list(dict.fromkeys(first + second))
    size = min(size, (len(singles) + len(starts) * len(singles)) // 2)
    pool: list[str] = []
    seen: set[str] = set()
    while len(pool) < size:
        if rng.random() < 0.12:
            name = rng.choice(singles)
        else:
            name = rng.choice(starts) + rng.choice(singles)
        if name not in seen and not (len(name) == 2 and name[0] == name[1]):
            seen.add(name)
            pool.append(name)
    return pool


def zipf_weights(n: int, offset: float = 8.0) -> list[float]:
    return [1.0 / (rank + offset) for rank in range(n)]


class NamePicker:
    """Draws people's names from the seeded pools."""

    def __init__(self, rng: random.Random, pool_size: int = 600) -> None:
        self.rng = rng
        self.surnames = [s for s, _ in SURNAMES]
        self.surname_weights = [w for _, w in SURNAMES]
        male = given_name_pool(rng, pool_size, MALE_FIRST, MALE_SECOND)
        female = given_name_pool(rng, pool_size, FEMALE_FIRST, FEMALE_SECOND)
        # 正峰 is in the pool so that the benchmark's 李正峰 also arises naturally.
        if "正峰" not in male:
            male.insert(40, "正峰")
        self.given = {"m": male, "f": female}
        self.given_weights = {g: zipf_weights(len(p)) for g, p in self.given.items()}

    def draw(self, genders: list[str]) -> list[str]:
        """One name per entry of ``genders`` (``"m"`` or ``"f"``)."""
        rng = self.rng
        surnames = rng.choices(self.surnames, self.surname_weights, k=len(genders))
        given_m = iter(rng.choices(self.given["m"], self.given_weights["m"], k=len(genders)))
        given_f = iter(rng.choices(self.given["f"], self.given_weights["f"], k=len(genders)))
        return [
            surname + next(given_m if g == "m" else given_f)
            for surname, g in zip(surnames, genders, strict=True)
        ]
