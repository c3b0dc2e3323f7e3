"""The rectification's work: measures (整改措施), progress notes (整改进展) with their
evidence files, and the evidence downloads."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404
from ninja import File, Form, Status
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from jianxian.core.http import AuthedRequest
from jianxian.rectification import access, actions
from jianxian.rectification.api.problems import person_for
from jianxian.rectification.api.routing import router
from jianxian.rectification.api.schemas import MeasureIn, MeasureOut, MeasureUpdateIn, NoteOut
from jianxian.rectification.models import Measure, ProgressNote

# The browser may keep a downloaded file for its user; shared caches may not.
CACHE_CONTROL = "private, max-age=3600"


# --- Measures ----------------------------------------------------------------------


@router.get("/problems/{int:problem_id}/measures", response=list[MeasureOut])
@paginate(PageNumberPagination, page_size=50)
def list_measures(request: AuthedRequest, problem_id: int):
    problem = access.get_problem_for_user(request.user, problem_id)
    return Measure.objects.filter(problem=problem).select_related("owner")


@router.post("/problems/{int:problem_id}/measures", response={201: MeasureOut})
def create_measure(request: AuthedRequest, problem_id: int, payload: MeasureIn):
    """Add a measure at the end of the list (the unit's managers, until submitted)."""
    user = request.user
    problem = access.get_problem_for_user(user, problem_id, write=True)
    measure = actions.add_measure(
        actor=user,
        problem=problem,
        description=payload.description,
        owner=person_for(user, payload.owner_id),
        due_date=payload.due_date,
    )
    return Status(201, measure)


@router.patch("/measures/{int:measure_id}", response=MeasureOut)
def update_measure(request: AuthedRequest, measure_id: int, payload: MeasureUpdateIn):
    """Change the fields sent; the rest keep their values. A stale ``version`` is 409
    and writes nothing."""
    user = request.user
    measure = access.get_measure_for_user(user, measure_id, write=True)
    sent = payload.dict(exclude_unset=True)
    changes: dict[str, Any] = {}
    if "owner_id" in sent:
        changes["owner"] = person_for(user, sent["owner_id"], measure.owner)  # null clears
    if "due_date" in sent:
        changes["due_date"] = sent["due_date"]  # null clears
    for name in ("description", "position"):
        if sent.get(name) is not None:
            changes[name] = sent[name]
    return actions.update_measure(actor=user, measure=measure, version=payload.version, **changes)


@router.delete("/measures/{int:measure_id}", response={204: None})
def delete_measure(request: AuthedRequest, measure_id: int, version: int):
    """Remove a measure (the unit's managers, until submitted); ``version`` (a query
    parameter) is the one the caller read: a stale one is 409."""
    measure = access.get_measure_for_user(request.user, measure_id, write=True)
    actions.remove_measure(actor=request.user, measure=measure, version=version)
    return Status(204, None)


@router.post("/measures/{int:measure_id}/done", response=MeasureOut)
def mark_measure_done(request: AuthedRequest, measure_id: int):
    """Mark a measure done while the problem is rectified (the responsible person,
    the measure's owner or a manager)."""
    measure = access.get_measure_for_user(request.user, measure_id)
    return actions.mark_measure_done(actor=request.user, measure=measure)


@router.post("/measures/{int:measure_id}/undone", response=MeasureOut)
def mark_measure_undone(request: AuthedRequest, measure_id: int):
    """Take "done" back (after a return, say)."""
    measure = access.get_measure_for_user(request.user, measure_id)
    return actions.mark_measure_undone(actor=request.user, measure=measure)


# --- Progress notes and evidence -------------------------------------------------------


@router.get("/problems/{int:problem_id}/notes", response=list[NoteOut])
@paginate(PageNumberPagination, page_size=50)
def list_notes(request: AuthedRequest, problem_id: int):
    """The progress notes, oldest first, each with its evidence files."""
    problem = access.get_problem_for_user(request.user, problem_id)
    return (
        ProgressNote.objects.filter(problem=problem)
        .select_related("author__person")
        .prefetch_related("evidence")
    )


@router.post("/problems/{int:problem_id}/notes", response={201: NoteOut})
def create_note(
    request: AuthedRequest,
    problem_id: int,
    body: Form[str] = "",
    files: File[list[UploadedFile]] = None,  # type: ignore[assignment]
):
    """Report progress (multipart): ``body`` and any number of ``files`` as evidence —
    photos (JPEG, PNG, WebP), PDF, .xlsx or .docx, each checked by its content. One
    refused file refuses the whole note (400, naming the file)."""
    problem = access.get_problem_for_user(request.user, problem_id)
    note = actions.add_progress_note(
        actor=request.user, problem=problem, body=body, files=files or []
    )
    return Status(201, ProgressNote.objects.prefetch_related("evidence").get(pk=note.pk))


@router.get("/evidence/{int:evidence_id}", response={200: None}, url_name="rectification_evidence")
def download_evidence(request: AuthedRequest, evidence_id: int) -> FileResponse:
    """An evidence file, for those who see its problem: always an attachment, with
    the type it was checked as on upload (never sniffed) and the name it was given."""
    evidence = access.get_evidence_for_user(request.user, evidence_id)
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("The evidence file is missing.") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.media_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = CACHE_CONTROL
    return response
