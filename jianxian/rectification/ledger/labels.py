"""The ledger documents' words: the Chinese labels a 整改台账 and a problem list use for
statuses, kinds, severities and sources.

The ledger (Excel and PDF) and the import workbook are documents in the format Chinese
units file and exchange, so their headers and these labels are the format itself and
stay in Chinese whatever the UI language, as the exemplar workbook's do
(``exemplars.spreadsheet.columns``). The import compares them folded (either script,
full-width or not) and also accepts the English codes (``deadline``, ``self_check``…).
"""

from __future__ import annotations

from jianxian.core.text import fold
from jianxian.rectification.models import ProblemKind, ProblemStatus, Severity, SourceKind

# The first label of each value is the one the documents write and messages list.
STATUS_LABELS: dict[str, str] = {
    "草稿": ProblemStatus.DRAFT,
    "已制定方案": ProblemStatus.PLANNED,
    "整改中": ProblemStatus.RECTIFYING,
    "待验收": ProblemStatus.SUBMITTED,
    "已销号": ProblemStatus.CLOSED,
}
KIND_LABELS: dict[str, str] = {
    "立行立改": ProblemKind.IMMEDIATE,
    "立即整改": ProblemKind.IMMEDIATE,
    "限期整改": ProblemKind.DEADLINE,
    "长期坚持": ProblemKind.ONGOING,
    "长期整改": ProblemKind.ONGOING,
}
SEVERITY_LABELS: dict[str, str] = {
    "一般": Severity.GENERAL,
    "较重": Severity.SERIOUS,
    "较严重": Severity.SERIOUS,
    "严重": Severity.GRAVE,
}
SOURCE_LABELS: dict[str, str] = {
    "专题研讨": SourceKind.SEMINAR,
    "研讨": SourceKind.SEMINAR,
    "个人反思": SourceKind.REFLECTION,
    "反思": SourceKind.REFLECTION,
    "对标先进": SourceKind.BENCHMARK,
    "对标": SourceKind.BENCHMARK,
    "督查检查": SourceKind.INSPECTION,
    "检查": SourceKind.INSPECTION,
    "督查": SourceKind.INSPECTION,
    "自查自纠": SourceKind.SELF_CHECK,
    "自查": SourceKind.SELF_CHECK,
    "群众反馈": SourceKind.PUBLIC_FEEDBACK,
    "群众意见": SourceKind.PUBLIC_FEEDBACK,
    "其他": SourceKind.OTHER,
}


def label_of(labels: dict[str, str], value: str) -> str:
    """The label the documents write for ``value`` (the first one given)."""
    return next((label for label, code in labels.items() if code == value), value)


def first_labels(labels: dict[str, str]) -> list[str]:
    """One label per value, in order: what a message lists as the choices."""
    return list(dict.fromkeys(label_of(labels, code) for code in labels.values()))


_FOLDED: dict[int, dict[str, str]] = {}


def parse_label(text: str, labels: dict[str, str]) -> str | None:
    """The value a cell names, by label or code, compared folded; None if unknown."""
    folded = _FOLDED.get(id(labels))
    if folded is None:
        folded = {code: code for code in labels.values()}
        folded.update({fold(label): code for label, code in labels.items()})
        _FOLDED[id(labels)] = folded
    return folded.get("".join(fold(text).split()))
