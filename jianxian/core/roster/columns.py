"""The roster's columns: their Chinese headers, the labels accepted in them, cell cleaning.

The headers and labels are the file format, so they stay in Chinese whatever the UI
language; the messages about them are translated.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from jianxian.core.models import PersonCategory, UnitKind
from jianxian.core.text import fold


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    max_length: int
    required: bool = False


UNIT_CODE = Column("unit_code", "单位编码", 40, required=True)
UNIT_NAME = Column("unit_name", "单位名称", 100, required=True)
PARENT_CODE = Column("parent_code", "上级单位编码", 40)
UNIT_KIND = Column("unit_kind", "单位类型", 20)
NAME = Column("name", "姓名", 50)
STAFF_NO = Column("staff_no", "工号", 40)
GENDER = Column("gender", "性别", 10)
POST = Column("post", "职务", 100)
CATEGORIES = Column("categories", "人员类别", 200)
PHONE = Column("phone", "手机", 30)
EMAIL = Column("email", "邮箱", 254)

COLUMNS: tuple[Column, ...] = (
    UNIT_CODE,
    UNIT_NAME,
    PARENT_CODE,
    UNIT_KIND,
    NAME,
    STAFF_NO,
    GENDER,
    POST,
    CATEGORIES,
    PHONE,
    EMAIL,
)
BY_KEY = {column.key: column for column in COLUMNS}
# The person columns besides the name: filling any of them makes the row a person row.
PERSON_DETAIL_KEYS = ("staff_no", "gender", "post", "categories", "phone", "email")


def header_key(header: object) -> str | None:
    """The column a header cell names (either script, full-width, a trailing * allowed)."""
    if not isinstance(header, str):
        return None
    folded = "".join(fold(header).split()).rstrip("*")
    return _HEADERS.get(folded)


_HEADERS = {fold(column.header): column.key for column in COLUMNS}

# The first label of each kind is the one the template and the messages show.
UNIT_KIND_LABELS: dict[str, str] = {
    "市": UnitKind.CITY,
    "区县": UnitKind.DISTRICT,
    "局/部门": UnitKind.BUREAU,
    "局": UnitKind.BUREAU,
    "部门": UnitKind.BUREAU,
    "企业": UnitKind.ENTERPRISE,
    "医院": UnitKind.HOSPITAL,
    "学校": UnitKind.SCHOOL,
    "社区": UnitKind.COMMUNITY,
    "村": UnitKind.VILLAGE,
    "群团组织": UnitKind.MASS_ORG,
    "志愿团体": UnitKind.VOLUNTEER_GROUP,
    "科室/班组": UnitKind.TEAM,
    "科室": UnitKind.TEAM,
    "班组": UnitKind.TEAM,
    "团队": UnitKind.TEAM,
}
CATEGORY_LABELS: dict[str, str] = {
    "干部": PersonCategory.CADRE,
    "党员": PersonCategory.PARTY_MEMBER,
    "职工": PersonCategory.WORKER,
    "教师": PersonCategory.TEACHER,
    "学生": PersonCategory.STUDENT,
    "医务人员": PersonCategory.MEDIC,
    "志愿者": PersonCategory.VOLUNTEER,
    "群众": PersonCategory.CITIZEN,
}
GENDER_LABELS: dict[str, str] = {"男": "m", "女": "f", "男性": "m", "女性": "f"}

_KINDS = {fold(label): kind for label, kind in UNIT_KIND_LABELS.items()}
_KINDS.update({kind.value: kind.value for kind in UnitKind})
_CATEGORIES = {fold(label): value for label, value in CATEGORY_LABELS.items()}
_CATEGORIES.update({category.value: category.value for category in PersonCategory})
_GENDERS = {fold(label): value for label, value in GENDER_LABELS.items()}
_CATEGORY_SEPARATORS = re.compile(r"[、,;\s]+")  # after NFKC: ， → ,  ； → ;
_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]*(?:(?:转|ext\.?|x)[0-9]+)?$", re.IGNORECASE)
CATEGORY_ORDER = {value: index for index, value in enumerate(PersonCategory.values)}


class CellProblem(ValueError):
    """A cell that cannot be used; the message says why."""


def kind_label(kind: str) -> str:
    return next(label for label, value in UNIT_KIND_LABELS.items() if value == kind)


def cell_text(value: object) -> str:
    """The text of a cell: NFKC, whitespace collapsed. Formulas and errors are refused."""
    if value is None:
        return ""
    if isinstance(value, ArrayFormula | DataTableFormula):
        raise CellProblem(_("The cell holds a formula; formulas are refused, never evaluated."))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date | time):
        value = value.isoformat()
    text = " ".join(unicodedata.normalize("NFKC", str(value)).split())
    if text.startswith("="):
        raise CellProblem(
            _(
                "The cell holds a formula (%(formula)s); formulas are refused, never "
                "evaluated. Enter the value itself."
            )
            % {"formula": text[:40]}
        )
    if text in ERROR_CODES:
        raise CellProblem(_("The cell holds the Excel error %(code)s.") % {"code": text})
    return text


# Rosters repeat the same few labels thousands of times; folding is the costly part.
@lru_cache(maxsize=4096)
def parse_kind(text: str) -> str:
    kind = _KINDS.get("".join(fold(text).split()))
    if kind is None:
        raise CellProblem(
            _("Unknown unit type “%(value)s”; use one of: %(choices)s.")
            % {"value": text, "choices": "、".join(UNIT_KIND_LABELS)}
        )
    return kind


@lru_cache(maxsize=64)
def parse_gender(text: str) -> str:
    if not text:
        return ""
    gender = _GENDERS.get(fold(text))
    if gender is None:
        raise CellProblem(_("Unknown gender “%(value)s”; use 男 or 女.") % {"value": text})
    return gender


@lru_cache(maxsize=4096)
def parse_categories(text: str) -> tuple[str, ...]:
    """Categories separated by 、 , ， ; — returned once each, in the model's order."""
    found: set[str] = set()
    unknown: list[str] = []
    for part in _CATEGORY_SEPARATORS.split(fold(text)):
        if not part:
            continue
        if part in _CATEGORIES:
            found.add(_CATEGORIES[part])
        else:
            unknown.append(part)
    if unknown:
        raise CellProblem(
            _("Unknown person category “%(value)s”; use one of: %(choices)s.")
            % {"value": "、".join(unknown), "choices": "、".join(CATEGORY_LABELS)}
        )
    return tuple(sorted(found, key=CATEGORY_ORDER.__getitem__))


def check_phone(text: str) -> None:
    if text and not _PHONE.match(text):
        raise CellProblem(_("“%(value)s” is not a phone number.") % {"value": text})


def check_email(text: str) -> None:
    if not text:
        return
    try:
        validate_email(text)
    except ValidationError as exc:
        raise CellProblem(_("“%(value)s” is not an email address.") % {"value": text}) from exc
