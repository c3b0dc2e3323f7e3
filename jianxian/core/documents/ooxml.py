"""Office Open XML (.xlsx, .docx): a well-formed package of the right kind, with no
macros, ActiveX, OLE objects or remote content, and no compression bomb."""

from __future__ import annotations

import io
import re
import struct
import zipfile
from xml.etree import ElementTree

from django.utils.translation import gettext as _

from jianxian.core.documents.base import READ_CHUNK, DocumentRejected

# How many entries a package may hold, how much it may expand, and by how much.
MAX_ENTRIES = 5000
MAX_EXPANDED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200

_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
}
_MACRO_TYPES = {
    "application/vnd.ms-excel.sheet.macroenabled.main+xml",
    "application/vnd.ms-excel.template.macroenabled.main+xml",
    "application/vnd.ms-excel.addin.macroenabled.main+xml",
    "application/vnd.ms-excel.sheet.binary.macroenabled.main",
    "application/vnd.ms-word.document.macroenabled.main+xml",
    "application/vnd.ms-word.template.macroenabledtemplate.main+xml",
    "application/vnd.ms-powerpoint.presentation.macroenabled.main+xml",
}
_ACTIVE_TYPE_WORDS = ("vbaproject", "vbadata", "activex", "oleobject", "macroenabled")
_ACTIVE_ENTRY = re.compile(
    r"(^|/)(vbaProject\.bin|vbaData\.xml|vbaProjectSignature\.bin)$|(^|/)activeX/",
    re.IGNORECASE,
)
# What a chart or a picture embeds; an OLE object (``oleObject1.bin``), a macro-enabled
# file or a program is refused.
_EMBEDDED_OK = re.compile(r"\.(xlsx|docx|pptx|png|jpe?g|gif|emf|wmf|bmp|tiff?)$", re.IGNORECASE)
_REMOTE_RELATIONSHIPS = ("attachedtemplate", "oleobject", "frame", "subdocument")
_XML_NS_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_XML_NS_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _macro_refusal() -> str:
    return _(
        "The file contains macros or other active content (VBA, ActiveX or embedded "
        "objects). Save it as a plain .xlsx or .docx without macros and upload that copy."
    )


def check_ooxml(raw: bytes) -> str:
    not_office = _("This file is not an Excel (.xlsx) or Word (.docx) document, or it is damaged.")
    _check_zip_ends_at_directory(raw, not_office)
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise DocumentRejected(not_office) from None
    if len(entries) > MAX_ENTRIES:
        raise DocumentRejected(
            _("The file holds too many parts (at most %(n)d).") % {"n": MAX_ENTRIES}
        )
    names = [entry.filename for entry in entries]
    if len(set(names)) != len(names) or len({n.lower() for n in names}) != len(names):
        raise DocumentRejected(not_office)
    for entry in entries:
        name = entry.filename
        if entry.flag_bits & 0x1:
            raise DocumentRejected(
                _("Password-protected files cannot be checked. Remove the password first.")
            )
        if name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/"):
            raise DocumentRejected(not_office)
        if _ACTIVE_ENTRY.search(name):
            raise DocumentRejected(_macro_refusal())
        if "/embeddings/" in f"/{name}" and not entry.is_dir() and not _EMBEDDED_OK.search(name):
            raise DocumentRejected(_macro_refusal())
    parts = _inflate_all(archive, entries)
    content_types = parts.get("[Content_Types].xml")
    if content_types is None:
        raise DocumentRejected(not_office)
    main = _main_kind(content_types, set(names), not_office)
    for name, body in parts.items():
        if name.endswith(".rels"):
            _check_relationships(body, not_office)
    return main


def _check_zip_ends_at_directory(raw: bytes, not_office: str) -> None:
    """Nothing may follow the end-of-central-directory record (and its comment)."""
    end = raw.rfind(b"PK\x05\x06")
    if end < 0 or end + 22 > len(raw):
        raise DocumentRejected(not_office)
    (comment_length,) = struct.unpack_from("<H", raw, end + 20)
    if end + 22 + comment_length != len(raw):
        raise DocumentRejected(
            _(
                "The file carries extra data after the end of the document. Save it again "
                "and upload that copy."
            )
        )


def _inflate_all(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> dict[str, bytes]:
    """Inflate every entry with one budget; keep the XML parts the check reads."""
    bomb = _("The file expands to far more data than it holds (a compression bomb).")
    declared = sum(entry.file_size for entry in entries)
    if declared > MAX_EXPANDED_BYTES:
        raise DocumentRejected(bomb)
    budget = MAX_EXPANDED_BYTES
    kept: dict[str, bytes] = {}
    for entry in entries:
        if entry.is_dir():
            continue
        keep = entry.filename == "[Content_Types].xml" or entry.filename.endswith(".rels")
        size = 0
        chunks: list[bytes] = []
        try:
            with archive.open(entry) as stream:
                while chunk := stream.read(READ_CHUNK):
                    size += len(chunk)
                    if (
                        size > budget
                        or size > max(entry.compress_size, 1) * MAX_RATIO + 1024 * 1024
                    ):
                        raise DocumentRejected(bomb)
                    if keep:
                        chunks.append(chunk)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
            raise DocumentRejected(
                _("This file is not an Excel (.xlsx) or Word (.docx) document, or it is damaged.")
            ) from None
        budget -= size
        if keep:
            kept[entry.filename] = b"".join(chunks)
    return kept


def _parse_xml(body: bytes, not_office: str) -> ElementTree.Element:
    # Office writes these parts in UTF-8 and never with a DTD; refusing anything else
    # (UTF-16 would hide a DTD from the byte check) rules out entity expansion attacks.
    if b"\x00" in body or b"<!DOCTYPE" in body or b"<!ENTITY" in body:
        raise DocumentRejected(not_office)
    try:
        return ElementTree.fromstring(body)  # noqa: S314 (no DTD: checked above)
    except ElementTree.ParseError:
        raise DocumentRejected(not_office) from None


def _main_kind(content_types: bytes, part_names: set[str], not_office: str) -> str:
    root = _parse_xml(content_types, not_office)
    types: list[tuple[str, str]] = []  # (part or extension, content type)
    for element in root:
        content_type = (element.get("ContentType") or "").strip().lower()
        types.append((element.get("PartName") or element.get("Extension") or "", content_type))
    if any(any(word in ct for word in _ACTIVE_TYPE_WORDS) for _part, ct in types):
        raise DocumentRejected(_macro_refusal())
    if any(ct in _MACRO_TYPES for _part, ct in types):
        raise DocumentRejected(_macro_refusal())
    mains = [(part, _MAIN_TYPES[ct]) for part, ct in types if ct in _MAIN_TYPES]
    if len(mains) != 1:
        raise DocumentRejected(not_office)
    part, kind = mains[0]
    if part.lstrip("/") not in part_names:  # the main part must be in the archive
        raise DocumentRejected(not_office)
    return kind


def _check_relationships(body: bytes, not_office: str) -> None:
    root = _parse_xml(body, not_office)
    for rel in root.iter(f"{_XML_NS_REL}Relationship"):
        if (rel.get("TargetMode") or "").lower() != "external":
            continue
        kind = (rel.get("Type") or "").rsplit("/", 1)[-1].lower()
        if kind in _REMOTE_RELATIONSHIPS:
            raise DocumentRejected(
                _(
                    "The file loads content from elsewhere (a remote template, frame or "
                    "object). Save it as a self-contained file and upload that copy."
                )
            )
