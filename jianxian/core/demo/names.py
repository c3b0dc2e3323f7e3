"""Believable Chinese names, drawn deterministically.

Surnames are weighted roughly by how common they are; given names come from lists
of names actually in use, split by gender. ``NameMaker`` never repeats a full name,
so every demo person can be found by name.
"""

from __future__ import annotations

import random

# Roughly in order of frequency. 曾 (zeng) is common enough to be drawn; the rarer
# polyphonic surnames (单 shan, 解 xie, 区 ou, 仇 qiu) and the compound 欧阳 are given
# to fixed people in ``people.py`` and also drawn now and then.
COMMON_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
    "蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹"
    "薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
RARE_SURNAMES = ("单", "解", "区", "仇", "欧阳", "司马", "上官")


def _words(text: str) -> list[str]:
    return text.split()


MALE_GIVEN = _words(
    "建国 建军 建华 建平 志强 志明 志刚 志勇 国栋 国庆 卫国 海涛 海波 晓东 晓峰 晓明 "
    "文博 文杰 俊杰 浩然 浩宇 子轩 宇航 明辉 明哲 立军 振华 振宇 德明 德胜 鹏飞 鹏程 "
    "宏伟 家豪 天宇 思远 嘉伟 晨阳 一鸣 博文 学军 长青 春生 庆丰 永刚 永强 玉林 新民 "
    "少华 金龙 云峰 胜利 利民 兆丰 世杰 旭东 梓豪 宇轩 铭泽 睿哲 承志 泽宇 锦程 "
    "伟 磊 勇 军 杰 涛 斌 超 强 鹏 刚 波 辉 健 峰 亮 毅 凯 飞 俊 鑫 帅"
)
FEMALE_GIVEN = _words(
    "秀英 桂芳 桂兰 丽娟 丽萍 晓红 晓丽 雪梅 婷婷 欣怡 雨萱 思琪 佳怡 梦瑶 春燕 海燕 "
    "玉兰 玉梅 淑芬 淑珍 文静 亚楠 诗涵 可馨 紫涵 丹丹 晶晶 美玲 红梅 凤英 小燕 明霞 "
    "彩霞 素梅 爱华 雅婷 欣妍 语桐 静怡 芳芳 婉清 晓雯 思雨 雨桐 佳琪 秀梅 翠萍 慧琳 "
    "静 敏 燕 艳 娟 霞 芳 颖 倩 琳 蕾 洁 丹 萍 莉 红 梅 婷 岚 悦"
)

_SURNAMES = list(COMMON_SURNAMES) + list(RARE_SURNAMES)
# Zipf-like weights for the common ones; the rare ones together about 2 %.
_WEIGHTS = [1 / (rank + 4) for rank in range(len(COMMON_SURNAMES))] + [0.008] * len(RARE_SURNAMES)


class NameMaker:
    """Draws unique names from a seeded generator."""

    def __init__(self, seed: int, taken: set[str] | None = None):
        self.rng = random.Random(seed)
        self.taken: set[str] = set(taken or ())

    def name(self, gender: str) -> str:
        given = MALE_GIVEN if gender == "m" else FEMALE_GIVEN
        for _attempt in range(1000):
            surname = self.rng.choices(_SURNAMES, weights=_WEIGHTS)[0]
            name = surname + self.rng.choice(given)
            if name not in self.taken:
                self.taken.add(name)
                return name
        raise RuntimeError("ran out of demo names")  # pragma: no cover
