"""Checking the rows against each other, the database and the user's rights, and
deciding what each row does: create, update or nothing.

Nothing here writes. ``plan_import`` raises ``ImportInvalid`` listing every problem
(the cells' own ones from ``reader`` included), or returns a ``Plan`` that ``apply``
carries out through the actions. Which exemplar a row is about is ``targets``' part;
a deed is the same deed when its exemplar, title and date are, and an honour when its
exemplar, title and year are.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from jianxian.exemplars.models import Deed, Honour
from jianxian.exemplars.spreadsheet import columns as c
from jianxian.exemplars.spreadsheet.errors import ImportInvalid
from jianxian.exemplars.spreadsheet.reader import Book, DeedRow, HonourRow
from jianxian.exemplars.spreadsheet.targets import (
    CREATE,
    UNCHANGED,
    UPDATE,
    Target,
    Targets,
    chunks,
)

__all__ = ["CREATE", "UNCHANGED", "UPDATE", "DeedPlan", "HonourPlan", "Plan", "plan_import"]

DeedKey = tuple[int, str, datetime.date | None]  # exemplar (or object) id, title, date


@dataclass
class DeedPlan:
    row: DeedRow
    target: Target
    action: str
    deed_id: int | None = None
    version: int = 0
    body: str = ""  # the story to write (an update keeps the stored one when blank)


@dataclass
class HonourPlan:
    row: HonourRow
    target: Target
    action: str


@dataclass
class Plan:
    rows: int
    targets: list[Target]
    deeds: list[DeedPlan]
    honours: list[HonourPlan]

    def count(self, items: Iterable[Any], action: str) -> int:
        return sum(1 for item in items if item.action == action)


def plan_import(book: Book, user: Any) -> Plan:
    """Check everything that needs more than one row, the database or the user's
    rights; raise ``ImportInvalid`` with every problem found."""
    targets = Targets(book, user)
    targets.load()
    targets.exemplars()
    targets.resolve_refs()
    deeds = _deeds(targets)
    honours = _honours(targets)
    if targets.errors:
        raise ImportInvalid(targets.errors)
    return Plan(rows=book.rows, targets=targets.targets, deeds=deeds, honours=honours)


def _deed_key(target: Target, row: DeedRow) -> DeedKey:
    return (target.exemplar.pk if target.exemplar else 0, row.title, row.date)


def _deeds(targets: Targets) -> list[DeedPlan]:
    sheet = c.DEEDS
    stored: dict[DeedKey, list[dict[str, Any]]] = defaultdict(list)
    ids = sorted({t.exemplar.pk for t in targets.targets if t.exemplar is not None})
    for chunk in chunks(ids):
        for values in Deed.objects.filter(exemplar_id__in=chunk).values(
            "pk", "exemplar_id", "title", "date", "body", "version"
        ):
            key = (values["exemplar_id"], values["title"], values["date"])
            stored[key].append(dict(values))
    seen: dict[DeedKey, int] = {}
    plans: list[DeedPlan] = []
    for row in targets.book.deeds:
        target = targets.target_of(sheet, row)
        if target is None or row.bad:
            continue
        seen_key = (id(target), row.title, row.date)
        if seen_key in seen:
            targets.error(
                sheet,
                row.number,
                c.DEED_TITLE,
                _("The same deed (exemplar, title and date) is also on row %(row)d.")
                % {"row": seen[seen_key]},
            )
            continue
        seen[seen_key] = row.number
        same = stored.get(_deed_key(target, row), [])
        if any(not row.body or deed["body"] == row.body for deed in same):
            plans.append(DeedPlan(row, target, UNCHANGED))
            continue
        if len(same) > 1:
            targets.error(
                sheet,
                row.number,
                c.DEED_TITLE,
                _(
                    "The exemplar has several deeds with this title and date; edit this "
                    "one on its page."
                ),
            )
            continue
        if not targets.may_change(sheet, row, target):
            continue
        if same:
            deed = same[0]
            plans.append(DeedPlan(row, target, UPDATE, deed["pk"], deed["version"], row.body))
        else:
            plans.append(DeedPlan(row, target, CREATE, body=row.body))
    return plans


def _honours(targets: Targets) -> list[HonourPlan]:
    sheet = c.HONOURS
    stored: set[tuple[int, str, int]] = set()
    ids = sorted({t.exemplar.pk for t in targets.targets if t.exemplar is not None})
    for chunk in chunks(ids):
        stored.update(
            Honour.objects.filter(exemplar_id__in=chunk).values_list("exemplar_id", "title", "year")
        )
    seen: dict[tuple[int, str, int], int] = {}
    plans: list[HonourPlan] = []
    for row in targets.book.honours:
        target = targets.target_of(sheet, row)
        if target is None or row.bad:
            continue
        key = (id(target), row.title, row.year)
        if key in seen:
            targets.error(
                sheet,
                row.number,
                c.HONOUR_TITLE,
                _("The same honour (exemplar, title and year) is also on row %(row)d.")
                % {"row": seen[key]},
            )
            continue
        seen[key] = row.number
        if target.exemplar and (target.exemplar.pk, row.title, row.year) in stored:
            plans.append(HonourPlan(row, target, UNCHANGED))
        elif targets.may_change(sheet, row, target):
            plans.append(HonourPlan(row, target, CREATE))
    return plans
