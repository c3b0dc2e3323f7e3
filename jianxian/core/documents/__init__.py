"""Uploaded documents (PDF, Excel .xlsx, Word .docx): checked by their content, never by
their name, and refused with a clear message when they could carry active content.

``check_document`` takes the raw upload and returns it, with its kind, or raises
``DocumentRejected`` (an ``UploadRejected``: HTTP 400, a message in the user's language).
Photos go through ``core.uploads.process_image`` instead; ``sniff_document`` tells a
caller which of the two to use.

1. **Size.** At most ``max_bytes + 1`` bytes are ever read (``UPLOAD_MAX_BYTES`` by
   default); a declared ``size`` over the cap is refused before reading. Empty files
   are refused.
2. **Kind by content.** ``%PDF-`` at the very start is a PDF; a ZIP local header
   (``PK\\x03\\x04``) at the start is an Office Open XML package; the old binary Office
   formats (``.doc``/``.xls``, OLE2) get their own refusal; anything else is "not a
   document".
3. **PDF.** The file must end with ``%%EOF`` (only whitespace may follow it, so a PDF
   that is also a ZIP or an HTML page is refused). Every name token is decoded
   (``/J#61vaScript`` is ``/JavaScript``) and the file is refused when it names
   JavaScript (``/JavaScript``, ``/JS``), a program to start (``/Launch``), embedded
   files (``/EmbeddedFile``, ``/EmbeddedFiles``, ``/GoToE``) or rich media
   (``/RichMedia``). Compressed object streams (``/Type /ObjStm``), where such
   dictionaries can hide, are inflated — with a budget, so a deflate bomb stops early —
   and scanned the same way; one that cannot be inflated is refused. Encrypted PDFs are
   refused: their object streams cannot be read.
4. **Office Open XML.** The ZIP must open, end at its end-of-central-directory record
   (nothing appended), hold no encrypted, duplicate or path-escaping entries, stay within
   ``MAX_ENTRIES`` entries and ``MAX_EXPANDED_BYTES`` uncompressed (every entry is
   actually inflated with that budget, not trusted from its header; a single entry that
   expands more than ``MAX_RATIO`` times is a bomb). ``[Content_Types].xml`` (no DTD)
   decides the kind: a workbook is ``.xlsx``, a document is ``.docx``; macro-enabled
   types (``.xlsm``, ``.docm``), templates and other packages are refused. Any VBA
   project (``vbaProject.bin``, ``vbaData.xml``), ActiveX control or embedded OLE object
   is refused, whatever the content types say, and so are relationships that pull in a
   remote template, frame, sub-document or OLE object.

The file is stored as uploaded: nothing is rewritten, so a signature inside stays valid.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from jianxian.core.documents.base import READ_CHUNK, DocumentRejected
from jianxian.core.documents.ooxml import check_ooxml
from jianxian.core.documents.pdf import check_pdf

__all__ = [
    "DOCUMENT_KINDS",
    "CheckedDocument",
    "DocumentRejected",
    "check_document",
    "read_capped",
    "sniff_document",
]


@dataclass(frozen=True)
class DocumentKind:
    extension: str
    media_type: str


DOCUMENT_KINDS: dict[str, DocumentKind] = {
    "pdf": DocumentKind("pdf", "application/pdf"),
    "xlsx": DocumentKind(
        "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ),
    "docx": DocumentKind(
        "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
}


@dataclass(frozen=True)
class CheckedDocument:
    content: bytes  # as uploaded
    kind: str  # "pdf" | "xlsx" | "docx"
    extension: str
    media_type: str
    sha256: str


def check_document(
    data: bytes | IO[bytes],
    *,
    max_bytes: int | None = None,
    kinds: tuple[str, ...] = ("pdf", "xlsx", "docx"),
) -> CheckedDocument:
    """Check an uploaded document by its content; return it with its kind.

    ``kinds`` narrows what is accepted (``("pdf",)`` for a PDF only).
    """
    raw = read_capped(data, settings.UPLOAD_MAX_BYTES if max_bytes is None else max_bytes)
    family = sniff_document(raw)
    if family == "pdf":
        check_pdf(raw)
        kind = "pdf"
    elif family == "zip":
        kind = check_ooxml(raw)
    elif family == "ole2":
        raise DocumentRejected(
            _(
                "Old Word and Excel files (.doc, .xls) are not accepted. Save the file as "
                ".docx or .xlsx and upload that copy."
            )
        )
    else:
        raise DocumentRejected(
            _("This file is not a document. %(hint)s") % {"hint": _accepted(kinds)}
        )
    if kind not in kinds:
        raise DocumentRejected(
            _("This kind of document is not accepted here. %(hint)s") % {"hint": _accepted(kinds)}
        )
    spec = DOCUMENT_KINDS[kind]
    return CheckedDocument(
        raw, kind, spec.extension, spec.media_type, hashlib.sha256(raw).hexdigest()
    )


def sniff_document(raw: bytes) -> str | None:
    """``"pdf"``, ``"zip"`` (maybe Office Open XML), ``"ole2"`` (old Office) or None."""
    if raw.startswith(b"%PDF-"):
        return "pdf"
    if raw.startswith(b"PK\x03\x04"):
        return "zip"
    if raw.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole2"
    return None


def _accepted(kinds: tuple[str, ...]) -> str:
    names = {"pdf": "PDF", "xlsx": "Excel (.xlsx)", "docx": "Word (.docx)"}
    return _("Accepted: %(kinds)s.") % {"kinds": ", ".join(names[k] for k in kinds)}


def read_capped(data: bytes | IO[bytes], max_bytes: int) -> bytes:
    """The upload's bytes, reading at most ``max_bytes + 1``; too large or empty is refused."""
    too_large = _("The file is larger than %(limit)s. Upload a smaller file.") % {
        "limit": filesizeformat(max_bytes)
    }
    if isinstance(data, bytes | bytearray | memoryview):
        raw = bytes(data)
    else:
        declared = getattr(data, "size", None)
        if isinstance(declared, int) and declared > max_bytes:
            raise DocumentRejected(too_large)
        chunks: list[bytes] = []
        total, budget = 0, max_bytes + 1
        while total < budget:
            chunk = data.read(min(READ_CHUNK, budget - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        raw = b"".join(chunks)
    if len(raw) > max_bytes:
        raise DocumentRejected(too_large)
    if not raw:
        raise DocumentRejected(_("The file is empty."))
    return raw
