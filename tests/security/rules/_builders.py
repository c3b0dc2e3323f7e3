"""URL parameters and bodies the rule tables share, built from the test world."""

from __future__ import annotations

from typing import Any

from tests.security.matrix import Ctx


def target_unit(ctx: Ctx) -> dict[str, Any]:
    return {"pk": ctx.world.unit.pk}


def sub_unit(ctx: Ctx) -> dict[str, Any]:
    return {"pk": ctx.world.subunit.pk}


def other_district_unit(ctx: Ctx) -> dict[str, Any]:
    return {"pk": ctx.world.other_unit.pk}


def target_person(ctx: Ctx) -> dict[str, Any]:
    return {"pk": ctx.world.person.pk}


def other_district_person(ctx: Ctx) -> dict[str, Any]:
    return {"pk": ctx.world.other_person.pk}


def unit_form(ctx: Ctx) -> dict[str, Any]:
    """A valid edit of the target unit (it keeps its name; the version is current)."""
    unit = ctx.world.unit
    return {"name": unit.name, "kind": unit.kind, "code": unit.code, "version": unit.version}


def _own_or_staff(ctx: Ctx, rows: dict[str, Any], own: bool) -> int:
    """The pk of the role's own row, or of the staff user's row (0 for anonymous)."""
    role = ctx.role if own else "staff"
    row = rows.get(role)
    return row.pk if row is not None else 0


def own_notification(ctx: Ctx) -> dict[str, Any]:
    return {"pk": _own_or_staff(ctx, ctx.world.notifications, own=True)}


def staff_notification(ctx: Ctx) -> dict[str, Any]:
    return {"pk": _own_or_staff(ctx, ctx.world.notifications, own=False)}


def own_token(ctx: Ctx) -> dict[str, Any]:
    return {"pk": _own_or_staff(ctx, ctx.world.token_rows, own=True)}


def staff_token(ctx: Ctx) -> dict[str, Any]:
    return {"pk": _own_or_staff(ctx, ctx.world.token_rows, own=False)}


def renamed(builder: Any, **names: str) -> Any:
    """The same parameters under other names (``pk`` → ``unit_id`` for the API)."""

    def build(ctx: Ctx) -> dict[str, Any]:
        values = builder(ctx)
        return {names.get(key, key): value for key, value in values.items()}

    return build
