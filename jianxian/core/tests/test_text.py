"""Chinese text: script conversion both ways, folding, pinyin keys for names."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jianxian.core.text import (
    fold,
    given_name,
    person_name_fields,
    pinyin_initials,
    pinyin_key,
    to_script,
    to_simplified,
    to_traditional,
)

# Simplified → Traditional, including the one-to-many characters that a
# character-by-character converter gets wrong (干/乾/幹, 面/麵, 发/髮/發, 后/後, 只/隻, 制/製).
TRICKY = [
    ("干部", "幹部"),
    ("层面", "層面"),
    ("系统", "系統"),
    ("制定", "制定"),
    ("同志", "同志"),
    ("特别", "特別"),
    ("只有", "只有"),
    ("后面", "後面"),
    ("头发", "頭髮"),
    ("皇后", "皇后"),
    ("面条", "麵條"),
    ("干净", "乾淨"),
]

WRONG = {"干部": "乾部", "层面": "層麵", "只有": "隻有", "皇后": "皇後", "头发": "頭發"}

COMMON_WORDS = [
    *(s for s, _ in TRICKY),
    "党政机关",
    "学习先进",
    "见贤思齐",
    "志愿服务",
    "人民医院",
    "钢铁集团",
    "行政审批局",
    "纪律检查委员会",
    "妇女联合会",
    "共青团",
    "社区工作者",
    "问题整改",
    "对标学习",
    "发展",
    "后来",
    "里面",
    "出发",
    "理发",
    "面积",
    "干活",
    "树干",
    "复习",
    "复杂",
    "台风",
    "钟表",
    "范围",
    "历史",
    "云南",
    "丰富",
]


@pytest.mark.parametrize(("simplified", "traditional"), TRICKY)
def test_to_traditional_tricky_words(simplified, traditional):
    assert to_traditional(simplified) == traditional


@pytest.mark.parametrize(("simplified", "traditional"), TRICKY)
def test_to_simplified_tricky_words(simplified, traditional):
    assert to_simplified(traditional) == simplified


@pytest.mark.parametrize(("simplified", "wrong"), sorted(WRONG.items()))
def test_to_traditional_never_over_converts(simplified, wrong):
    assert to_traditional(simplified) != wrong


def test_round_trip_of_a_sentence():
    sentence = "干部要在层面上制定系统的制度，只有同志们特别努力，后面才干净。"
    assert to_simplified(to_traditional(sentence)) == sentence


def test_repair_over_converted_text():
    broken = "黨政機關的乾部層麵"
    assert to_simplified(broken) == "党政机关的干部层面"
    assert to_traditional(broken) == "黨政機關的幹部層面"


def test_conversion_of_empty_and_latin_text():
    assert to_simplified("") == ""
    assert to_traditional("") == ""
    assert to_traditional("ABC 123") == "ABC 123"
    assert to_simplified("ABC 123") == "ABC 123"


def test_to_traditional_keeps_traditional_input():
    assert to_traditional("幹部層面") == "幹部層面"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("zh-hant", "黨政機關幹部處"),
        ("zh-Hant", "黨政機關幹部處"),
        ("zh-tw", "黨政機關幹部處"),
        ("zh-hk", "黨政機關幹部處"),
        ("zh-hans", "党政机关干部处"),
        ("zh-cn", "党政机关干部处"),
        ("zh", "党政机关干部处"),
        ("en", "党政機关干部处"),
        (None, "党政機关干部处"),
        ("", "党政機关干部处"),
    ],
)
def test_to_script_per_language(language, expected):
    # Mixed input: English readers see it exactly as written.
    assert to_script("党政機关干部处", language) == expected


def test_to_script_empty_text():
    assert to_script("", "zh-hant") == ""


def test_fold_makes_both_scripts_equal():
    assert fold("幹部") == fold("干部") == "干部"
    assert fold("黨政機關的乾部層麵") == fold("党政机关的干部层面")
    assert fold("幹部") != fold("干净")


def test_fold_full_width_and_case():
    assert fold("ＡＢ") == "ab"
    assert fold("Li Zheng") == "li zheng"
    assert fold("１２３") == "123"
    assert fold("") == ""


@given(st.lists(st.sampled_from(COMMON_WORDS), min_size=1, max_size=6).map("".join))
def test_fold_ignores_script(text):
    assert fold(to_traditional(text)) == fold(text)


@given(st.lists(st.sampled_from(COMMON_WORDS), min_size=1, max_size=6).map("".join))
def test_fold_is_idempotent_on_words(text):
    once = fold(text)
    assert fold(once) == once


@given(st.text(max_size=30))
def test_fold_is_idempotent_on_any_text(text):
    once = fold(text)
    assert fold(once) == once


@pytest.mark.parametrize(
    ("name", "key", "initials"),
    [
        ("李正峰", "li zheng feng", "lzf"),
        ("曾国藩", "zeng guo fan", "zgf"),
        ("单雄信", "shan xiong xin", "sxx"),
        ("解缙", "xie jin", "xj"),
        ("仇英", "qiu ying", "qy"),
        ("区永权", "ou yong quan", "oyq"),
        ("朴槿惠", "piao jin hui", "pjh"),
        ("欧阳修", "ou yang xiu", "oyx"),
        ("长孙无忌", "zhang sun wu ji", "zswj"),
        ("長孫無忌", "zhang sun wu ji", "zswj"),
        ("李 正峰", "li zheng feng", "lzf"),
    ],
)
def test_pinyin_of_names(name, key, initials):
    assert pinyin_key(name) == key
    assert pinyin_initials(name) == initials


def test_surname_table_applies_only_to_the_surname():
    # 曾 in a given name is read "ceng" (曾经), only the surname is "zeng".
    assert pinyin_key("曾曾") == "zeng ceng"
    # 单 in the given name keeps its common reading.
    assert pinyin_key("王单") == "wang dan"


def test_traditional_names_read_like_simplified():
    assert pinyin_key("張麗華") == pinyin_key("张丽华") == "zhang li hua"
    assert pinyin_initials("張麗華") == "zlh"


def test_pinyin_of_empty_names():
    assert pinyin_key("") == ""
    assert pinyin_initials("") == ""
    assert pinyin_key("   ") == ""
    assert pinyin_initials("   ") == ""


def test_pinyin_of_latin_names():
    assert pinyin_key("Alice Smith") == "alice smith"
    assert pinyin_initials("Alice Smith") == "as"
    assert pinyin_key("ＢＯＢ") == "bob"


def test_pinyin_sorts_names_in_dictionary_order():
    names = ["张三", "曾国藩", "安然", "欧阳修", "李正峰", "单雄信"]
    assert sorted(names, key=pinyin_key) == ["安然", "李正峰", "欧阳修", "单雄信", "曾国藩", "张三"]


def test_person_name_fields():
    assert person_name_fields(" 李正峰 ") == {
        "name": "李正峰",
        "name_pinyin": "li zheng feng",
        "pinyin_compact": "lizhengfeng",
        "name_initials": "lzf",
        "given_name": "正峰",
    }


@pytest.mark.parametrize(
    ("name", "given"),
    [("李正峰", "正峰"), ("欧阳修", "修"), ("歐陽修", "修"), ("单雄信", "雄信"), ("李 四", "四"),
     ("王", ""), ("John Smith", ""), ("", "")],
)  # fmt: skip
def test_given_name_drops_the_surname(name, given):
    assert given_name(name) == given


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("范永明", "范永明"),
        ("于海", "于海"),
        ("余华", "余華"),
        ("党爱国", "党愛國"),
        ("欧阳修", "歐陽修"),
        ("张丽华", "張麗華"),
        ("範永明", "范永明"),
    ],
)
def test_names_keep_surnames_that_do_not_convert(name, expected):
    from jianxian.core.text import name_to_traditional

    assert name_to_traditional(name) == expected


def test_running_text_still_converts_fan():
    assert to_traditional("范围") == "範圍"
