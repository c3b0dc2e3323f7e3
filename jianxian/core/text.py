"""Chinese text: script conversion, folding for search, pinyin keys for names.

Script conversion goes through OpenCC, which converts by phrase and so keeps the
one-to-many characters right (干部 → 幹部, never 乾部; 层面 → 層面, never 層麵).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import opencc
from pypinyin import Style, lazy_pinyin

# Surnames whose reading differs from the character's most common one, and
# compound surnames. Longest match wins, so 单于 beats 单.
SURNAME_READINGS: dict[str, list[str]] = {
    "曾": ["zeng"],
    "单": ["shan"],
    "解": ["xie"],
    "仇": ["qiu"],
    "区": ["ou"],
    "朴": ["piao"],
    "查": ["zha"],
    "盖": ["ge"],
    "乐": ["yue"],
    "缪": ["miao"],
    "翟": ["zhai"],
    "覃": ["qin"],
    "种": ["chong"],
    "重": ["chong"],
    "召": ["shao"],
    "黑": ["he"],
    "柏": ["bai"],
    "折": ["she"],
    "员": ["yun"],
    "秘": ["bi"],
    "繁": ["po"],
    "郇": ["huan"],
    "薄": ["bo"],
    "卜": ["bu"],
    "占": ["zhan"],
    "宿": ["su"],
    "尉": ["wei"],
    "纪": ["ji"],
    "华": ["hua"],
    "任": ["ren"],
    "沈": ["shen"],
    "祭": ["zhai"],
    "隗": ["wei"],
    "句": ["gou"],
    "阚": ["kan"],
    "藏": ["zang"],
    "长孙": ["zhang", "sun"],
    "尉迟": ["yu", "chi"],
    "单于": ["chan", "yu"],
    "万俟": ["mo", "qi"],
    "欧阳": ["ou", "yang"],
    "司马": ["si", "ma"],
    "诸葛": ["zhu", "ge"],
    "上官": ["shang", "guan"],
    "东方": ["dong", "fang"],
    "皇甫": ["huang", "fu"],
    "公孙": ["gong", "sun"],
    "令狐": ["ling", "hu"],
    "慕容": ["mu", "rong"],
    "司徒": ["si", "tu"],
    "夏侯": ["xia", "hou"],
    "宇文": ["yu", "wen"],
    "端木": ["duan", "mu"],
    "南宫": ["nan", "gong"],
    "独孤": ["du", "gu"],
    "澹台": ["tan", "tai"],
}
_LONGEST_SURNAME = max(len(s) for s in SURNAME_READINGS)


@lru_cache(maxsize=4)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Traditional (or mixed, or over-converted) text to Simplified."""
    if not text:
        return text
    return _converter("t2s").convert(text)


def to_traditional(text: str) -> str:
    """Simplified text to Traditional (Taiwan standard characters).

    Text is first folded to Simplified, so already-Traditional or badly converted
    input (黨政機關的乾部層麵) comes out right (黨政機關的幹部層面).
    """
    if not text:
        return text
    return _converter("s2tw").convert(to_simplified(text))


def to_script(text: str, language: str | None) -> str:
    """Show user content in the reader's script; other languages see it as written."""
    if not text or not language:
        return text
    language = language.lower()
    if language in {"zh-hant", "zh-tw", "zh-hk", "zh-mo"}:
        return to_traditional(text)
    if language in {"zh-hans", "zh-cn", "zh-sg", "zh"}:
        return to_simplified(text)
    return text


# Surnames that stay as they are in Traditional script although the same character
# converts otherwise in running text (范围 → 範圍, but the surname 范 stays 范).
SURNAMES_KEPT_IN_TRADITIONAL = frozenset("范于余谷党丑朴种台后")


def name_to_traditional(name: str) -> str:
    """A personal name in Traditional script, keeping surnames that do not convert."""
    converted = to_traditional(name)
    simplified = to_simplified(name).lstrip()
    if (
        converted
        and simplified[:1] in SURNAMES_KEPT_IN_TRADITIONAL
        and not (simplified[:2] in SURNAME_READINGS and len(simplified[:2]) == 2)
    ):
        offset = len(converted) - len(converted.lstrip())
        converted = converted[:offset] + simplified[0] + converted[offset + 1 :]
    return converted


def name_to_script(name: str, language: str | None) -> str:
    """Show a personal name in the reader's script (see ``to_script``)."""
    if name and language and language.lower() in {"zh-hant", "zh-tw", "zh-hk", "zh-mo"}:
        return name_to_traditional(name)
    return to_script(name, language)


def fold(text: str) -> str:
    """The comparison form of a text: NFKC (full-width to half-width), Simplified,
    case-folded. Both scripts of the same words fold to the same string."""
    if not text:
        return ""
    return to_simplified(unicodedata.normalize("NFKC", text)).casefold()


def _han_syllables(text: str) -> list[str]:
    # Characters without a reading (Latin letters, digits) are kept as they are.
    return lazy_pinyin(text, style=Style.NORMAL, errors=lambda chars: list(chars))  # type: ignore[arg-type, return-value]


def name_syllables(name: str) -> list[str]:
    """Pinyin syllables of a personal name, reading the surname by the surname table."""
    words = to_simplified(unicodedata.normalize("NFKC", name)).split()
    if not words:
        return []
    name = "".join(words)
    if not any("\u4e00" <= ch <= "\u9fff" for ch in name):
        return [word.casefold() for word in words]  # a Latin name: one syllable a word
    for length in range(min(_LONGEST_SURNAME, len(name) - 1), 0, -1):
        reading = SURNAME_READINGS.get(name[:length])
        if reading:
            return reading + _han_syllables(name[length:])
    return _han_syllables(name)


def pinyin_key(name: str) -> str:
    """Sort key for a name: lower-case toneless syllables separated by spaces (李正峰 →
    ``li zheng feng``; 曾国藩 → ``zeng guo fan``)."""
    return _key(name_syllables(name))


def pinyin_initials(name: str) -> str:
    """The first letters of the syllables (李正峰 → ``lzf``)."""
    return _initials(name_syllables(name))


def _key(syllables: list[str]) -> str:
    return " ".join(s.casefold() for s in syllables)


def _initials(syllables: list[str]) -> str:
    return "".join(s[0] for s in syllables if s).casefold()


def given_name(name: str) -> str:
    """A Chinese name without its surname (compound surnames by the surname table),
    as written; empty for a Latin or one-character name. Search matches its prefix."""
    name = "".join(name.split())
    if len(name) < 2 or not any("\u4e00" <= ch <= "\u9fff" for ch in name):
        return ""
    for length in range(min(_LONGEST_SURNAME, len(name) - 1), 1, -1):
        if to_simplified(name[:length]) in SURNAME_READINGS:
            return name[length:]
    return name[1:]


def person_name_fields(name: str) -> dict[str, str]:
    """The derived name columns of a Person, computed in one place (the pinyin once)."""
    syllables = name_syllables(name)
    key = _key(syllables)
    return {
        "name": name.strip(),
        "name_pinyin": key,
        "pinyin_compact": key.replace(" ", ""),
        "name_initials": _initials(syllables),
        "given_name": given_name(name),
    }
