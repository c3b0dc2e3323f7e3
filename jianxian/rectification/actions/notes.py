"""Progress notes (整改进展) and their evidence files, checked by content before storing."""

from __future__ import annotations

import datetime
import os
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from jianxian.core import documents
from jianxian.core.errors import ActionError
from jianxian.core.uploads import UploadRejected, process_image
from jianxian.rectification.actions._common import (
    TEXT_MAX,
    actor_or_none,
    clean_text,
    clock,
    lock_problem,
    log,
    require,
)
from jianxian.rectification.models import (
    EVIDENCE_DIRECTORY,
    REPORTING_STATUSES,
    Evidence,
    Measure,
    Problem,
    ProgressNote,
    status_label,
)

MAX_FILES_PER_NOTE = 10
NAME_MAX = 200

# An upload: Django's ``UploadedFile`` (it has a ``name``), or ``(name, bytes or file)``.
Upload = Any

_IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")


@dataclass(frozen=True)
class CheckedEvidence:
    content: bytes
    extension: str
    media_type: str
    sha256: str
    original_name: str


def _accepted() -> str:
    return _(
        "Evidence can be a photo (JPEG, PNG or WebP), a PDF, or an Excel (.xlsx) or "
        "Word (.docx) file."
    )


def clean_file_name(name: str) -> str:
    """The name the user gave, for display only: no folders, no control characters."""
    name = unicodedata.normalize("NFC", os.path.basename((name or "").replace("\\", "/")))
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip()
    if len(name) > NAME_MAX:
        stem, dot, extension = name.rpartition(".")
        name = (stem[: NAME_MAX - len(extension) - 1] + dot + extension) if dot else name
        name = name[:NAME_MAX]
    return name or _("file")


def check_evidence(data: bytes | IO[bytes], name: str = "") -> CheckedEvidence:
    """Check one evidence file by its content, never by its name: photos are checked and
    re-encoded without metadata (``core.uploads``), documents are checked for active
    content (``core.documents``); anything else is refused."""
    raw = documents.read_capped(data, settings.UPLOAD_MAX_BYTES)
    original = clean_file_name(name)
    if raw.startswith(_IMAGE_MAGIC) or (raw[:4] == b"RIFF" and raw[8:12] == b"WEBP"):
        image = process_image(raw)
        return CheckedEvidence(
            image.content, image.extension, image.mime_type, image.sha256, original
        )
    if documents.sniff_document(raw) is not None:
        document = documents.check_document(raw)
        return CheckedEvidence(
            document.content, document.extension, document.media_type, document.sha256, original
        )
    raise UploadRejected(
        _("This kind of file is not accepted as evidence. %(hint)s") % {"hint": _accepted()}
    )


def _checked_files(files: Iterable[Upload]) -> list[CheckedEvidence]:
    checked: list[CheckedEvidence] = []
    for upload in files:
        if isinstance(upload, tuple):
            name, data = upload
        else:
            name, data = getattr(upload, "name", "") or "", upload
        try:
            item = check_evidence(data, name)
        except UploadRejected as refusal:
            raise UploadRejected(
                _("“%(name)s”: %(reason)s") % {"name": clean_file_name(name), "reason": refusal}
            ) from None
        if any(c.sha256 == item.sha256 for c in checked):
            raise ActionError(_("“%(name)s” is attached twice.") % {"name": item.original_name})
        checked.append(item)
        if len(checked) > MAX_FILES_PER_NOTE:
            raise ActionError(
                _("A progress note can carry at most %(n)d files.") % {"n": MAX_FILES_PER_NOTE}
            )
    return checked


def _check_may_report(actor: Any, problem: Problem) -> None:
    if problem.status not in REPORTING_STATUSES:
        raise ActionError(
            _("Progress is reported while the plan is carried out; this problem is “%(s)s”.")
            % {"s": status_label(problem.status)}
        )
    if actor is None:
        return
    owns_measure = (
        actor.is_authenticated
        and Measure.objects.filter(problem=problem, owner__user=actor).exists()
    )
    require(problem.is_responsible(actor) or problem.is_manager(actor) or owns_measure)


def add_progress_note(
    *,
    actor: Any,
    problem: Problem,
    body: str,
    files: Iterable[Upload] = (),
    now: datetime.datetime | None = None,
) -> ProgressNote:
    """Report progress, with evidence files (planned or rectifying; the responsible
    person, a measure's owner or a manager).

    Every file is checked by content before anything is stored; one bad file refuses
    the whole note with a message naming it. Files are stored as
    ``rectification/evidence/<uuid>.<ext>`` and removed again if the note fails.
    """
    moment, _today = clock(now)
    _check_may_report(actor, problem)  # refuse before reading the body and the uploads
    body = clean_text(body, _("Progress"), TEXT_MAX, required=True)
    checked = _checked_files(files)
    with transaction.atomic():
        locked = lock_problem(problem)
        _check_may_report(actor, locked)
        stored: list[str] = []
        try:
            note = ProgressNote.objects.create(
                problem=locked, author=actor_or_none(actor), body=body, created_at=moment
            )
            evidence = []
            for item in checked:
                name = default_storage.save(
                    f"{EVIDENCE_DIRECTORY}/{uuid.uuid4().hex}.{item.extension}",
                    ContentFile(item.content),
                )
                stored.append(name)
                evidence.append(
                    Evidence.objects.create(
                        note=note,
                        file=name,
                        original_name=item.original_name,
                        media_type=item.media_type,
                        size=len(item.content),
                        sha256=item.sha256,
                        created_at=moment,
                    )
                )
            log(
                actor=actor,
                verb="add_note",
                problem=locked,
                at=now,
                changes={
                    "note": note.pk,
                    "files": [[e.pk, e.original_name, e.sha256] for e in evidence],
                },
            )
        except BaseException:
            for name in stored:
                default_storage.delete(name)
            raise
    return note
