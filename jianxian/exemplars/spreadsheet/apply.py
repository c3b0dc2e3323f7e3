"""Carrying out a checked plan through the exemplar actions, as the importing user.

Every write is the action the pages and the API use (``create_exemplar``,
``update_exemplar``, ``add_deed``, ``update_deed``, ``add_honour``), so permissions,
validation, events and the search index are exactly theirs. Call inside one
transaction: an action that refuses (a stale version, a rule the plan could not see)
raises ``ImportInvalid`` naming the row, and nothing stays written.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from jianxian.core.errors import ActionError, PermissionDenied
from jianxian.core.spreadsheet import SheetRowError
from jianxian.exemplars import actions
from jianxian.exemplars.models import Deed
from jianxian.exemplars.spreadsheet import columns as c
from jianxian.exemplars.spreadsheet.errors import ImportInvalid
from jianxian.exemplars.spreadsheet.plan import CREATE, UPDATE, Plan


@contextmanager
def _row(sheet: c.SheetSpec, number: int, column: c.Column) -> Iterator[None]:
    try:
        yield
    except (ActionError, PermissionDenied) as exc:
        message = str(getattr(exc, "message", None) or exc)
        raise ImportInvalid([SheetRowError(sheet.name, number, column.header, message)]) from exc


def apply_plan(plan: Plan, *, user: Any) -> None:
    for target in plan.targets:
        if target.row is None or target.action not in (CREATE, UPDATE):
            continue
        with _row(c.EXEMPLARS, target.row.number, c.EXEMPLAR_ID):
            if target.action == CREATE:
                assert target.owner_unit is not None
                target.exemplar = actions.create_exemplar(
                    actor=user,
                    owner_unit=target.owner_unit,
                    qualities=target.qualities or [],
                    **target.values,
                )
            else:
                assert target.exemplar is not None
                target.exemplar = actions.update_exemplar(
                    actor=user,
                    exemplar=target.exemplar,
                    version=target.exemplar.version,
                    qualities=target.qualities,
                    **target.values,
                )
    for deed in plan.deeds:
        exemplar = deed.target.exemplar
        assert exemplar is not None
        with _row(c.DEEDS, deed.row.number, c.DEED_TITLE):
            if deed.action == CREATE:
                actions.add_deed(
                    actor=user,
                    exemplar=exemplar,
                    title=deed.row.title,
                    date=deed.row.date,
                    body=deed.body,
                )
            elif deed.action == UPDATE:
                actions.update_deed(
                    actor=user,
                    deed=Deed.objects.select_related("exemplar").get(pk=deed.deed_id or 0),
                    version=deed.version,
                    title=deed.row.title,
                    date=deed.row.date,
                    body=deed.body,
                )
    for honour in plan.honours:
        exemplar = honour.target.exemplar
        assert exemplar is not None
        if honour.action != CREATE:
            continue
        with _row(c.HONOURS, honour.row.number, c.HONOUR_TITLE):
            actions.add_honour(
                actor=user,
                exemplar=exemplar,
                title=honour.row.title,
                level=honour.row.level,
                year=honour.row.year,
                conferred_by=honour.row.conferred_by,
            )
