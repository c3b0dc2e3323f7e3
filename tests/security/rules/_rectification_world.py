"""Problems of the target unit for the ledger page rules (``rectification.py``).

The shared world has no problems; each builder finds or makes, by its title, the row it
needs through ``rectification.actions`` as the system (``actor=None``), inside the
case's savepoint, so the URL, the form body and the expected redirect of one case all
name the same row.

All belong to the target unit (党政机关干部处), with 李正峰 (no login) responsible:
no role of the matrix is the responsible person. Who may do what:

* staff (a post in the unit) see every problem of it, and change nothing (403);
* organizer (at the unit), parent_admin and city_admin run the list: record, edit,
  plan, start, submit, report progress;
* only city_admin (who holds every role) and the superuser verify: close, return,
  re-check, review; the organizer and parent_admin (a unit admin, not a verifier)
  see the forms refused (403);
* the other district sees none of them (404).
"""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.utils import timezone
from PIL import Image

from jianxian.rectification import actions
from jianxian.rectification.models import Category, Evidence, Measure, Problem
from tests.security.matrix import Ctx

TITLES = {
    "draft": "矩阵草稿问题",
    "planned": "矩阵已制定方案",
    "rectifying": "矩阵整改中",
    "submitted": "矩阵待验收",
    "closed": "矩阵已销号",
    "ongoing": "矩阵长期坚持",
}
CREATED_TITLE = "矩阵新记录的问题"


def jpeg(colour: tuple[int, int, int] = (180, 40, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def category() -> Category:
    """A category in use (the seeded vocabulary may have been flushed by a browser
    test's transactional database)."""
    found = Category.objects.filter(is_active=True).first()
    return found or actions.create_category(actor=None, name="作风形象")


def _due() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=60)


def problem(ctx: Ctx, which: str) -> Problem:
    title = TITLES[which]
    found = Problem.objects.filter(title=title).first()
    if found is not None:
        return found
    ongoing = which == "ongoing"
    made = actions.create_problem(
        actor=None,
        unit=ctx.world.unit,
        responsible=ctx.world.person,
        title=title,
        category=category(),
        kind="ongoing" if ongoing else "deadline",
        source_kind="seminar",
        source_label="干部作风专题研讨",
        due_date=None if ongoing else _due(),
        review_cycle_days=90 if ongoing else None,
        acceptance_standard="群众满意率达到95%",
    )
    actions.add_measure(actor=None, problem=made, description="建立首问负责制度")
    if which == "draft":
        return made
    actions.plan_problem(actor=None, problem=made)
    if which == "planned":
        return _fresh(made)
    actions.start_problem(actor=None, problem=made)
    actions.add_progress_note(
        actor=None, problem=made, body="已建立制度。", files=[("制度照片.jpg", jpeg())]
    )
    if which in ("rectifying", "ongoing"):
        return _fresh(made)
    actions.mark_measure_done(actor=None, measure=made.measures.get())
    actions.submit_problem(actor=None, problem=made)
    if which == "closed":
        actions.close_problem(actor=None, problem=made, score=90, comment="整改到位")
    return _fresh(made)


def _fresh(made: Problem) -> Problem:
    made.refresh_from_db()
    return made


def pk_of(which: str) -> Any:
    def build(ctx: Ctx) -> dict[str, Any]:
        return {"pk": problem(ctx, which).pk}

    return build


def move(which: str, verb: str) -> Any:
    def build(ctx: Ctx) -> dict[str, Any]:
        return {"pk": problem(ctx, which).pk, "verb": verb}

    return build


def measure_of(which: str) -> Any:
    def build(ctx: Ctx) -> dict[str, Any]:
        return {"pk": Measure.objects.filter(problem=problem(ctx, which))[0].pk}

    return build


def evidence_of(which: str) -> Any:
    def build(ctx: Ctx) -> dict[str, Any]:
        return {"pk": Evidence.objects.filter(note__problem=problem(ctx, which))[0].pk}

    return build


def created(ctx: Ctx) -> dict[str, Any]:
    """The problem the create form made (looked up after the request)."""
    return {"pk": Problem.objects.get(title=CREATED_TITLE).pk}


# --- Form bodies --------------------------------------------------------------


def new_problem_form(ctx: Ctx) -> dict[str, Any]:
    return {
        "unit": ctx.world.unit.pk,
        "title": CREATED_TITLE,
        "responsible_ref": ctx.world.person.staff_no,
        "category": category().pk,
        "severity": "general",
        "source_kind": "self_check",
        "source_label": "科室自查",
        "kind": "deadline",
        "due_date": _due().isoformat(),
        "description": "",
        "acceptance_standard": "",
    }


def edit_form(which: str) -> Any:
    def build(ctx: Ctx) -> dict[str, Any]:
        row = problem(ctx, which)
        return {
            "title": row.title,
            "responsible_ref": ctx.world.person.staff_no,
            "category": row.category_id,
            "severity": "serious",
            "source_kind": row.source_kind,
            "source_label": row.source_label,
            "kind": row.kind,
            "due_date": row.due_date.isoformat() if row.due_date else "",
            "review_cycle_days": row.review_cycle_days or "",
            "description": "改写的描述。",
            "acceptance_standard": row.acceptance_standard,
            "note": "",
            "version": row.version,
        }

    return build


def measure_form(ctx: Ctx) -> dict[str, Any]:
    return {"description": "开展专项整治", "owner_ref": "", "due_date": ""}


def measure_edit_form(which: str) -> Any:
    def build(ctx: Ctx) -> dict[str, Any]:
        measure = Measure.objects.filter(problem=problem(ctx, which))[0]
        return {
            "description": "改写的措施",
            "owner_ref": "",
            "due_date": "",
            "version": measure.version,
        }

    return build


def note_form(ctx: Ctx) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    photo = SimpleUploadedFile("矩阵佐证.jpg", jpeg((20, 160, 60)), content_type="image/jpeg")
    return {"body": "矩阵测试进展。", "evidence": [photo]}


def fields(**values: Any) -> Any:
    def build(ctx: Ctx) -> dict[str, Any]:
        return dict(values)

    return build


def bulk_form(ctx: Ctx) -> dict[str, Any]:
    return {"action": "start", "problem": [problem(ctx, "planned").pk]}
