"""Problems of the target unit for the API rules (``api_rectification.py``).

The shared world (``tests/world.py``) has no problems; the rules make what they need
inside each case, through ``rectification.actions`` as the system (``actor=None``), so
the test's savepoint undoes it (evidence files go to the security tests' temporary
media folder). The URL parameters and the body of one request are built from the same
``Ctx`` and share the rows (``_rows``): a body's ``version`` is the version of the row
in the URL.

Every problem belongs to the target unit (党政机关干部处); its responsible person is
李正峰, who has no login. So no role of the world is the responsible person: the staff
user sees the unit's list but changes nothing; the organizer and the two unit admins
run it (managers); only the city admin holds the verifier role there (a city admin
holds every role), so only they accept, return, re-check and review.

* ``draft``: a draft with one measure, ready to plan;
* ``planned``: planned;
* ``started``: being rectified, its measure not done yet;
* ``finished``: being rectified, its measure done and a progress note with a photo;
* ``submitted``: awaiting acceptance;
* ``closed``: accepted with a score, its re-check pending;
* ``ongoing``: an ongoing effort under way, reviewed each cycle.
"""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.utils import timezone
from PIL import Image

from jianxian.rectification import actions
from jianxian.rectification.models import Category, Measure, Problem, ProblemKind
from tests.security.matrix import Ctx

_last: dict[str, Any] = {"ctx": None, "rows": {}}

STAGES = ("draft", "planned", "started", "finished", "submitted", "closed")


def _rows(ctx: Ctx) -> dict[str, Any]:
    """The rows made for this request (one ``Ctx`` per request)."""
    if _last["ctx"] is not ctx:
        _last["ctx"], _last["rows"] = ctx, {}
    return _last["rows"]


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 40, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def _make(ctx: Ctx, which: str) -> Problem:
    ongoing = which == "ongoing"
    problem = actions.create_problem(
        actor=None,
        unit=ctx.world.unit,
        responsible=ctx.world.person,
        title=f"矩阵问题（{which}）",
        category=Category.objects.get(name="作风形象"),
        kind=ProblemKind.ONGOING if ongoing else ProblemKind.DEADLINE,
        due_date=None if ongoing else timezone.localdate() + datetime.timedelta(days=30),
        review_cycle_days=90 if ongoing else None,
        source_kind="self_check",
        source_label="干部处班子自查",
        acceptance_standard="台账与记录一致",
    )
    actions.add_measure(actor=None, problem=problem, description="建立走访台账")
    stage = STAGES.index("started") if ongoing else STAGES.index(which)
    if stage >= STAGES.index("planned"):
        actions.plan_problem(actor=None, problem=problem)
    if stage >= STAGES.index("started"):
        actions.start_problem(actor=None, problem=problem)
    if stage >= STAGES.index("finished"):
        actions.mark_measure_done(actor=None, measure=problem.measures.get())
        actions.add_progress_note(
            actor=None, problem=problem, body="台账已建立。", files=[("台账照片.png", png())]
        )
    if stage >= STAGES.index("submitted"):
        actions.submit_problem(actor=None, problem=problem)
    if stage >= STAGES.index("closed"):
        actions.close_problem(actor=None, problem=problem, score=90, comment="整改到位")
    problem.refresh_from_db()
    return problem


def problem(ctx: Ctx, which: str) -> Problem:
    rows = _rows(ctx)
    if which not in rows:
        rows[which] = _make(ctx, which)
    return rows[which]


def problem_id(which: str) -> Any:
    """URL parameters naming one of the problems."""

    def build(ctx: Ctx) -> dict[str, Any]:
        return {"problem_id": problem(ctx, which).pk}

    return build


def version_of(which: str, **body: Any) -> Any:
    """A body carrying the problem's current version and ``body``."""

    def build(ctx: Ctx) -> dict[str, Any]:
        return {"version": problem(ctx, which).version, **body}

    return build


def _measure(ctx: Ctx, which: str) -> Measure:
    return problem(ctx, which).measures.get()


def measure_id(which: str) -> Any:
    def build(ctx: Ctx) -> dict[str, Any]:
        return {"measure_id": _measure(ctx, which).pk}

    return build


def measure_version(which: str, **body: Any) -> Any:
    def build(ctx: Ctx) -> dict[str, Any]:
        return {"version": _measure(ctx, which).version, **body}

    return build


def evidence_id(ctx: Ctx) -> dict[str, Any]:
    from jianxian.rectification.models import Evidence

    return {"evidence_id": Evidence.objects.get(note__problem=problem(ctx, "finished")).pk}


def category_id(ctx: Ctx) -> dict[str, Any]:
    """A category of the city's vocabulary that no problem uses (so it may be deleted)."""
    rows = _rows(ctx)
    if "category" not in rows:
        rows["category"] = actions.create_category(actor=None, name="矩阵类别", name_en="Matrix")
    return {"category_id": rows["category"].pk}


def category_version(**body: Any) -> Any:
    def build(ctx: Ctx) -> dict[str, Any]:
        category_id(ctx)
        return {"version": _rows(ctx)["category"].version, **body}

    return build
