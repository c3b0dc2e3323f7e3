"""The problem-list workbook (问题清单) that ``importer`` reads: its columns and how a
cell becomes a value.

The sheet's name and headers are the file format and stay in Chinese whatever the UI
language; headers are compared folded (either script, full-width or not, spaces and a
trailing ``*`` ignored), in any order, with a few common variants accepted. The
messages about them are translated.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from jianxian.core.spreadsheet import header_text
from jianxian.core.text import fold
from jianxian.rectification.actions._common import LABEL_MAX, STANDARD_MAX, TEXT_MAX
from jianxian.rectification.actions.measures import MAX_MEASURES
from jianxian.rectification.models import REVIEW_CYCLE_MAX, TITLE_MAX

SHEET_NAME = "问题清单"
NOTES_SHEET = "说明"
# Due dates outside these years are typing mistakes, not plans.
FIRST_YEAR, YEARS_AHEAD = 2000, 10


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    max_length: int = 200
    required: bool = False  # the sheet must have this column
    text: bool = False  # multi-line: line breaks kept, nothing collapsed
    width: int = 14  # in the template
    aliases: tuple[str, ...] = ()

    def matches(self, folded: str | None) -> bool:
        return folded is not None and folded in {
            header_text(name) for name in (self.header, *self.aliases)
        }


TITLE = Column("title", "问题标题", TITLE_MAX, required=True, width=30, aliases=("问题",))
DESCRIPTION = Column("description", "问题描述", TEXT_MAX, text=True, width=50)
CATEGORY = Column("category", "类别", 40, required=True, width=10, aliases=("问题类别",))
SOURCE_KIND = Column("source_kind", "来源类型", 20, required=True, width=10, aliases=("来源",))
SOURCE_LABEL = Column("source_label", "来源说明", LABEL_MAX, width=26)
SEVERITY = Column("severity", "严重程度", 20, width=8)
KIND = Column("kind", "整改类型", 20, required=True, width=10)
UNIT_CODE = Column("unit_code", "责任单位代码", 40, width=16, aliases=("单位代码",))
STAFF_NO = Column("staff_no", "责任人工号", 40, required=True, width=12, aliases=("工号",))
DUE_DATE = Column("due_date", "完成时限", 40, width=12, aliases=("整改时限", "完成期限"))
STANDARD = Column("acceptance_standard", "验收标准", STANDARD_MAX, text=True, width=40)
MEASURES = Column("measures", "整改措施", MAX_MEASURES * (TEXT_MAX + 10), text=True, width=50)
REVIEW_CYCLE = Column(
    "review_cycle_days", "复查周期（天）", 20, width=12, aliases=("复查周期", "评估周期（天）")
)

COLUMNS: tuple[Column, ...] = (
    TITLE,
    DESCRIPTION,
    CATEGORY,
    SOURCE_KIND,
    SOURCE_LABEL,
    SEVERITY,
    KIND,
    UNIT_CODE,
    STAFF_NO,
    DUE_DATE,
    STANDARD,
    MEASURES,
    REVIEW_CYCLE,
)


def column_of(header: object) -> Column | None:
    folded = header_text(header)
    return next((column for column in COLUMNS if column.matches(folded)), None)


class CellProblem(ValueError):
    """A cell that cannot be used; the message says why."""


_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DAYS_TEXT = re.compile(r"^(\d{1,4})\s*天?$")
# "1." "1、" "(1)" "（1）" "①" at the start of a measure: the ledger numbers them itself.
_NUMBERING = re.compile(r"^\s*(?:\(?\d{1,2}\s*[.、)）]|（\d{1,2}）|[①-⑳])\s*")
_MEASURE_SPLIT = re.compile(r"[\n;；]+")


def parse_date(value: object, today: datetime.date) -> datetime.date:
    """A date cell, or text such as 2026-07-01, 2026/7/1, 2026.7.1, 2026年7月1日 or
    20260701, within a sensible range of years."""
    if isinstance(value, datetime.datetime):
        day = value.date()
    elif isinstance(value, datetime.date):
        day = value
    else:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = fold(str(value)).strip() if isinstance(value, str | int) else ""
        match = _DATE_TEXT.match(text) or _COMPACT_DATE.match(text)
        if match is None:
            raise CellProblem(
                _("“%(value)s” is not a date; write it as 2026-07-01.") % {"value": value}
            )
        try:
            day = datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            raise CellProblem(_("“%(value)s” is not a date.") % {"value": value}) from None
    last = today.year + YEARS_AHEAD
    if not FIRST_YEAR <= day.year <= last:
        raise CellProblem(
            _("The date must fall between %(first)d and %(last)d.")
            % {"first": FIRST_YEAR, "last": last}
        )
    return day


def parse_days(value: object) -> int:
    """A review cycle in days: a whole number from 1 to ``REVIEW_CYCLE_MAX``."""
    days: int | None = None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        days = value
    elif isinstance(value, str):
        match = _DAYS_TEXT.match(fold(value).strip())
        days = int(match.group(1)) if match else None
    if days is None or not 1 <= days <= REVIEW_CYCLE_MAX:
        raise CellProblem(
            _("The review cycle is a whole number of days from 1 to %(n)d.")
            % {"n": REVIEW_CYCLE_MAX}
        )
    return days


def split_measures(text: str) -> list[str]:
    """The measures of a cell: one per line or per ``；``, their numbering removed."""
    parts = (_NUMBERING.sub("", part).strip() for part in _MEASURE_SPLIT.split(text))
    return [part for part in parts if part]
