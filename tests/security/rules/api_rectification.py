"""The rectification API at /api/v1/rectification (jianxian/rectification/api/).

The problems belong to the target unit (``_rectification_api_world.py``): its staff,
its organizer and the admins above see them; the other district does not (404). The
organizer and the unit admins run the list (managers: create, edit, plan, start,
submit, measures); plain staff may only read (403). Accepting, returning, re-checking
and reviewing take the verifier role, which in this world only the city admin holds
(403 for the managers). Anonymous callers get 401 everywhere. Every cell is tried
with the browser session and with a personal token.
"""

from typing import Any

from tests.security.matrix import Ctx, Rule, everyone, roles
from tests.security.rules._rectification_api_world import (
    category_id,
    category_version,
    evidence_id,
    measure_id,
    measure_version,
    problem_id,
    version_of,
)

API = "/api/v1/rectification"
ONE = f"{API}/problems/<int:problem_id>"
MEASURE = f"{API}/measures/<int:measure_id>"
SIGNED_IN = everyone(200, anonymous=401)

# Those who see the unit's problems.
READERS = roles(
    anonymous=401, other_district=404, staff=200, organizer=200, parent_admin=200, city_admin=200
)


def managers(allowed: Any, *, staff: Any = 403) -> dict[str, Any]:
    """The unit's organizer and the unit admins above it."""
    return roles(
        anonymous=401,
        other_district=404,
        staff=staff,
        organizer=allowed,
        parent_admin=allowed,
        city_admin=allowed,
    )


def verifiers(allowed: Any) -> dict[str, Any]:
    """The verifier role at or over the unit: the city admin here."""
    return roles(
        anonymous=401,
        other_district=404,
        staff=403,
        organizer=403,
        parent_admin=403,
        city_admin=allowed,
    )


CITY_ADMIN_ONLY = roles(
    anonymous=401, other_district=403, staff=403, organizer=403, parent_admin=403, city_admin=200
)


def new_problem(ctx: Ctx) -> dict[str, Any]:
    from jianxian.rectification.models import Category

    return {
        "unit_id": ctx.world.unit.pk,
        "responsible_id": ctx.world.person.pk,
        "title": "矩阵新建的问题",
        "category_id": Category.objects.get(name="能力素质").pk,
        "kind": "immediate",
        "due_date": "2030-06-30",
        "source_kind": "seminar",
        "source_label": "专题研讨会",
    }


def ledger_filters(ctx: Ctx) -> dict[str, Any]:
    return {
        "unit": ctx.world.unit.pk,
        "status": "draft",
        "overdue": "false",
        "kind": "deadline",
        "q": "幹部",
        "order": "due",
    }


RULES = [
    # The ledger and its documents: everyone signed in, each sees their own problems.
    Rule(f"{API}/problems", "GET", SIGNED_IN, query=lambda ctx: {}, label="all"),
    Rule(f"{API}/problems", "GET", SIGNED_IN, query=ledger_filters, label="filtered"),
    Rule(f"{API}/problems/counts", "GET", SIGNED_IN, query=ledger_filters),
    Rule(f"{API}/ledger.xlsx", "GET", SIGNED_IN, query=ledger_filters),
    Rule(f"{API}/ledger.pdf", "GET", SIGNED_IN, query=ledger_filters),
    # One problem and its record.
    Rule(
        f"{API}/problems",
        "POST",
        managers(201),  # the other district does not see the unit: 404
        data=new_problem,
    ),
    Rule(ONE, "GET", READERS, kwargs=problem_id("draft"), label="draft"),
    Rule(ONE, "GET", READERS, kwargs=problem_id("closed"), label="closed"),
    Rule(
        ONE,
        "PATCH",
        managers(200),
        kwargs=problem_id("draft"),
        data=version_of("draft", title="改写的问题", severity="serious"),
        label="draft",
    ),
    Rule(
        ONE,
        "PATCH",
        managers(200),
        kwargs=problem_id("started"),
        data=version_of("started", due_date="2030-12-31", note="需协调多部门"),
        label="started",
    ),
    Rule(ONE, "DELETE", managers(204), kwargs=problem_id("draft")),
    Rule(f"{ONE}/history", "GET", READERS, kwargs=problem_id("closed")),
    # The moves.
    Rule(f"{ONE}/plan", "POST", managers(200), kwargs=problem_id("draft"), data=lambda c: {}),
    Rule(
        f"{ONE}/revise",
        "POST",
        managers(200),
        kwargs=problem_id("planned"),
        data=lambda ctx: {"note": "措施需细化"},
    ),
    Rule(f"{ONE}/start", "POST", managers(200), kwargs=problem_id("planned"), data=lambda c: {}),
    Rule(
        f"{ONE}/submit",
        "POST",
        managers(200),
        kwargs=problem_id("finished"),
        data=version_of("finished", note="请验收"),
    ),
    Rule(
        f"{ONE}/close",
        "POST",
        verifiers(200),
        kwargs=problem_id("submitted"),
        data=lambda ctx: {"score": 88, "comment": "整改到位，同意销号"},
    ),
    Rule(
        f"{ONE}/return",
        "POST",
        verifiers(200),
        kwargs=problem_id("submitted"),
        data=lambda ctx: {"reason": "缺少佐证材料"},
    ),
    Rule(
        f"{ONE}/recheck",
        "POST",
        verifiers(200),
        kwargs=problem_id("closed"),
        data=lambda ctx: {"decision": "confirm", "comment": "回访未见反弹"},
        label="confirm",
    ),
    Rule(
        f"{ONE}/recheck",
        "POST",
        verifiers(200),
        kwargs=problem_id("closed"),
        data=lambda ctx: {"decision": "reopen", "comment": "问题再次出现"},
        label="reopen",
    ),
    Rule(
        f"{ONE}/review",
        "POST",
        verifiers(200),
        kwargs=problem_id("ongoing"),
        data=lambda ctx: {"comment": "本季度坚持较好", "score": 85},
    ),
    # Measures.
    Rule(f"{ONE}/measures", "GET", READERS, kwargs=problem_id("started")),
    Rule(
        f"{ONE}/measures",
        "POST",
        managers(201),
        kwargs=problem_id("draft"),
        data=lambda ctx: {"description": "组织专题培训", "due_date": "2030-03-31"},
    ),
    Rule(
        MEASURE,
        "PATCH",
        managers(200),
        kwargs=measure_id("draft"),
        data=measure_version("draft", description="建立并公开走访台账"),
    ),
    Rule(
        MEASURE,
        "DELETE",
        managers(204),
        kwargs=measure_id("draft"),
        query=measure_version("draft"),
    ),
    Rule(f"{MEASURE}/done", "POST", managers(200), kwargs=measure_id("started")),
    Rule(f"{MEASURE}/undone", "POST", managers(200), kwargs=measure_id("finished")),
    # Progress notes and evidence. The matrix sends no multipart body: who may report is
    # told the note needs its text (400); who may not is refused first (403).
    Rule(f"{ONE}/notes", "GET", READERS, kwargs=problem_id("finished")),
    Rule(
        f"{ONE}/notes",
        "POST",
        managers(400),
        kwargs=problem_id("started"),
    ),
    Rule(f"{API}/evidence/<int:evidence_id>", "GET", READERS, kwargs=evidence_id),
    # The vocabulary: read by all, kept by a city admin.
    Rule(f"{API}/categories", "GET", SIGNED_IN),
    Rule(
        f"{API}/categories",
        "POST",
        roles(
            anonymous=401,
            other_district=403,
            staff=403,
            organizer=403,
            parent_admin=403,
            city_admin=201,
        ),
        data=lambda ctx: {"name": "廉洁自律", "name_en": "Integrity", "position": 9},
    ),
    Rule(
        f"{API}/categories/<int:category_id>",
        "PATCH",
        CITY_ADMIN_ONLY,
        kwargs=category_id,
        data=category_version(is_active=False),
    ),
    Rule(
        f"{API}/categories/<int:category_id>",
        "DELETE",
        roles(
            anonymous=401,
            other_district=403,
            staff=403,
            organizer=403,
            parent_admin=403,
            city_admin=204,
        ),
        kwargs=category_id,
    ),
]
