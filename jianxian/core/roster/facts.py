"""Facts gathered from several rows: merging them, showing them in messages."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from jianxian.core.roster import columns as c
from jianxian.core.text import fold

CHUNK = 500  # values per IN (...) query, well below SQLite's variable limit
_CATEGORY_NAMES = {value: label for label, value in reversed(c.CATEGORY_LABELS.items())}
_GENDER_NAMES = {"m": "男", "f": "女"}


def chunks[T](items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def shown(key: str, value: Any) -> str:
    if key == "unit_kind":
        return c.kind_label(value)
    if key == "categories":
        names = "、".join(_CATEGORY_NAMES[v] for v in value)
        return f"“{names}”"
    if key == "gender":
        return _GENDER_NAMES.get(value, value)
    return f"“{value}”"


def merge(
    facts: dict[str, tuple[Any, int]], key: str, value: Any, row: int
) -> tuple[Any, int] | None:
    """Record a fact; return the earlier one when it disagrees."""
    if not value:
        return None
    if key not in facts:
        facts[key] = (value, row)
        return None
    earlier = facts[key]
    same = fold(earlier[0]) == fold(value) if key == "unit_name" else earlier[0] == value
    return None if same else earlier
