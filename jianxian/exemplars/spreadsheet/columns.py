"""The exemplar workbook's format: its sheets, their Chinese headers, the labels accepted
in choice columns, and how a cell becomes a value.

The sheet names, headers and labels are the file format, so they stay in Chinese
whatever the UI language; they are compared folded (Simplified or Traditional,
full-width or not). The messages about them are translated.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from jianxian.core.spreadsheet import header_text
from jianxian.core.text import fold
from jianxian.exemplars.actions.content import STORY_MAX
from jianxian.exemplars.actions.exemplars import SUMMARY_MAX
from jianxian.exemplars.models import HONOUR_FIRST_YEAR, Exemplar, ExemplarField, Level


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    max_length: int = 200
    required: bool = False  # the sheet must have this column
    text: bool = False  # multi-line: line breaks kept, nothing collapsed
    width: int = 14  # in the written workbook


@dataclass(frozen=True)
class SheetSpec:
    key: str
    name: str
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)

    def key_of(self, header: object) -> str | None:
        text = header_text(header)
        return next((c.key for c in self.columns if text == header_text(c.header)), None)


EXEMPLAR_ID = Column("id", "编号", 20, width=8)
NAME = Column("name", "名称", 100, required=True, width=18)
KIND = Column("kind", "类型", 20, width=10)
UNIT_CODE = Column("unit_code", "所属单位代码", 40, width=16)
FIELD = Column("field", "领域", 20, width=12)
LEVEL = Column("level", "层级", 20, width=8)
SUMMARY = Column("summary", "简介", SUMMARY_MAX, text=True, width=50)
QUALITIES = Column("qualities", "精神内涵", 1000, width=30)

REF_ID = Column("exemplar_id", "典型编号", 20, width=10)
REF_NAME = Column("exemplar_name", "典型名称", 100, width=18)
DEED_TITLE = Column("title", "标题", 200, required=True, width=30)
DEED_DATE = Column("date", "日期", 40, width=12)
DEED_BODY = Column("body", "正文", STORY_MAX, text=True, width=80)
HONOUR_TITLE = Column("title", "称号", 200, required=True, width=30)
CONFERRED_BY = Column("conferred_by", "授予机关", 200, width=20)
HONOUR_LEVEL = Column("level", "层级", 20, required=True, width=8)
YEAR = Column("year", "年份", 20, required=True, width=8)

EXEMPLARS = SheetSpec(
    "exemplars", "典型", (EXEMPLAR_ID, NAME, KIND, UNIT_CODE, FIELD, LEVEL, SUMMARY, QUALITIES)
)
DEEDS = SheetSpec("deeds", "事迹", (REF_ID, REF_NAME, DEED_TITLE, DEED_DATE, DEED_BODY))
HONOURS = SheetSpec(
    "honours", "荣誉", (REF_ID, REF_NAME, HONOUR_TITLE, CONFERRED_BY, HONOUR_LEVEL, YEAR)
)
SHEETS: tuple[SheetSpec, ...] = (EXEMPLARS, DEEDS, HONOURS)
NOTES_SHEET = "说明"

# The first label of each value is the one exports and messages show.
KIND_LABELS: dict[str, str] = {
    "个人": Exemplar.Kind.PERSON,
    "人物": Exemplar.Kind.PERSON,
    "集体": Exemplar.Kind.COLLECTIVE,
    "团队": Exemplar.Kind.COLLECTIVE,
    "班组": Exemplar.Kind.COLLECTIVE,
    "单位": Exemplar.Kind.UNIT,
    "经验做法": Exemplar.Kind.PRACTICE,
    "做法": Exemplar.Kind.PRACTICE,
    "实践": Exemplar.Kind.PRACTICE,
}
FIELD_LABELS: dict[str, str] = {
    "政务治理": ExemplarField.GOVERNANCE,
    "治理": ExemplarField.GOVERNANCE,
    "廉洁自律": ExemplarField.INTEGRITY,
    "廉洁": ExemplarField.INTEGRITY,
    "创业创新": ExemplarField.ENTERPRISE,
    "创新": ExemplarField.ENTERPRISE,
    "社区": ExemplarField.COMMUNITY,
    "教育": ExemplarField.EDUCATION,
    "医疗卫生": ExemplarField.MEDICINE,
    "医疗": ExemplarField.MEDICINE,
    "工匠技艺": ExemplarField.CRAFTSMANSHIP,
    "工匠": ExemplarField.CRAFTSMANSHIP,
    "志愿服务": ExemplarField.VOLUNTEERING,
    "志愿": ExemplarField.VOLUNTEERING,
    "新闻媒体": ExemplarField.MEDIA,
    "媒体": ExemplarField.MEDIA,
}
LEVEL_LABELS: dict[str, str] = {
    "单位": Level.UNIT,
    "单位级": Level.UNIT,
    "区县": Level.DISTRICT,
    "区县级": Level.DISTRICT,
    "区级": Level.DISTRICT,
    "县级": Level.DISTRICT,
    "区": Level.DISTRICT,
    "县": Level.DISTRICT,
    "市": Level.CITY,
    "市级": Level.CITY,
    "省": Level.PROVINCE,
    "省级": Level.PROVINCE,
    "国家": Level.NATION,
    "国家级": Level.NATION,
    "全国": Level.NATION,
}
QUALITY_SEPARATORS = re.compile(r"[、,;]+")  # after folding (NFKC): ， → ,  ； → ;
_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_YEAR_TEXT = re.compile(r"^(\d{4})\s*年?$")


class CellProblem(ValueError):
    """A cell that cannot be used; the message says why."""


def label_of(labels: dict[str, str], value: str) -> str:
    """The label exports write for ``value`` (the first one given)."""
    return next((label for label, code in labels.items() if code == value), value)


def first_labels(labels: dict[str, str]) -> list[str]:
    return list(dict.fromkeys(label_of(labels, code) for code in labels.values()))


def _choices(labels: dict[str, str]) -> dict[str, str]:
    folded = {fold(label): code for label, code in labels.items()}
    folded.update({code: code for code in labels.values()})
    return folded


_KINDS = _choices(KIND_LABELS)
_FIELDS = _choices(FIELD_LABELS)
_LEVELS = _choices(LEVEL_LABELS)


def _parse_choice(text: str, choices: dict[str, str], labels: dict[str, str], message: str) -> str:
    code = choices.get("".join(fold(text).split()))
    if code is None:
        raise CellProblem(message % {"value": text, "choices": "、".join(first_labels(labels))})
    return code


def parse_kind(text: str) -> str:
    message = _("Unknown kind “%(value)s”; use one of: %(choices)s.")
    return _parse_choice(text, _KINDS, KIND_LABELS, message)


def parse_field(text: str) -> str:
    message = _("Unknown field “%(value)s”; use one of: %(choices)s.")
    return _parse_choice(text, _FIELDS, FIELD_LABELS, message)


def parse_level(text: str) -> str:
    message = _("Unknown level “%(value)s”; use one of: %(choices)s.")
    return _parse_choice(text, _LEVELS, LEVEL_LABELS, message)


def split_qualities(text: str) -> list[str]:
    """The quality names of a cell, folded, once each, in the order written."""
    parts = (part.strip() for part in QUALITY_SEPARATORS.split(fold(text)))
    return list(dict.fromkeys(part for part in parts if part))


def parse_id(value: object) -> int:
    if isinstance(value, bool):
        raise CellProblem(_("An exemplar id is a whole number."))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or value <= 0:
        raise CellProblem(_("An exemplar id is a whole number."))
    return value


def parse_date(value: object) -> datetime.date:
    """A date cell, or text such as 2020-07-01, 2020/7/1, 2020.7.1 or 2020年7月1日."""
    if isinstance(value, datetime.datetime):
        day = value.date()
    elif isinstance(value, datetime.date):
        day = value
    else:
        match = _DATE_TEXT.match(fold(str(value)).strip()) if isinstance(value, str) else None
        if match is None:
            raise CellProblem(
                _("“%(value)s” is not a date; write it as 2020-07-01.") % {"value": value}
            )
        try:
            day = datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            raise CellProblem(_("“%(value)s” is not a date.") % {"value": value}) from None
    if day > timezone.localdate():
        raise CellProblem(_("A deed cannot be dated in the future."))
    return day


def parse_year(value: object) -> int:
    year: int | None = None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        year = value
    elif isinstance(value, str):
        match = _YEAR_TEXT.match(fold(value).strip())
        year = int(match.group(1)) if match else None
    if year is None:
        raise CellProblem(_("“%(value)s” is not a year.") % {"value": value})
    last = timezone.localdate().year
    if not HONOUR_FIRST_YEAR <= year <= last:
        raise CellProblem(
            _("The year must be between %(first)d and %(last)d.")
            % {"first": HONOUR_FIRST_YEAR, "last": last}
        )
    return year
