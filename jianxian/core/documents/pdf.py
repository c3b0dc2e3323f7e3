"""PDF: no active content (JavaScript, launch actions, embedded files, rich media), also
inside compressed object streams; nothing after the last ``%%EOF``; no encryption."""

from __future__ import annotations

import base64
import binascii
import re
import zlib

from django.utils.translation import gettext as _

from jianxian.core.documents.base import DocumentRejected

# Object streams may expand to this much, all together (a deflate bomb stops early).
MAX_PDF_INFLATED = 64 * 1024 * 1024

_PDF_HEADER = re.compile(rb"%PDF-[12]\.\d")
# A name: "/" and regular characters (PDF 32000-1, 7.2.2 and 7.3.5).
_PDF_NAME = re.compile(rb"/([^\x00\t\n\x0c\r ()<>\[\]{}/%]*)")
_PDF_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_ACTIVE = {
    b"JavaScript": "JavaScript",
    b"JS": "JavaScript",
    b"Launch": "Launch",
    b"EmbeddedFile": "EmbeddedFile",
    b"EmbeddedFiles": "EmbeddedFile",
    b"GoToE": "EmbeddedFile",
    b"RichMedia": "RichMedia",
}
_PDF_STREAM = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_PDF_FILTERS = {
    b"FlateDecode": "flate",
    b"Fl": "flate",
    b"ASCIIHexDecode": "hex",
    b"AHx": "hex",
    b"ASCII85Decode": "a85",
    b"A85": "a85",
}


def _pdf_names(chunk: bytes) -> set[bytes]:
    return {
        _PDF_HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), name)
        for name in _PDF_NAME.findall(chunk)
    }


def _pdf_refusal(kind: str) -> str:
    messages = {
        "JavaScript": _("The PDF contains JavaScript."),
        "Launch": _("The PDF can start other programs (a Launch action)."),
        "EmbeddedFile": _("The PDF carries embedded files."),
        "RichMedia": _("The PDF contains embedded media or Flash content."),
    }
    return _("%(reason)s Print it to a new PDF or scan the paper copy, and upload that.") % {
        "reason": messages[kind]
    }


def _check_names(chunk: bytes) -> None:
    names = _pdf_names(chunk)
    for name, kind in _PDF_ACTIVE.items():
        if name in names:
            raise DocumentRejected(_pdf_refusal(kind))
    if b"Encrypt" in names:
        raise DocumentRejected(
            _("Password-protected PDFs cannot be checked. Save it without a password first.")
        )


def check_pdf(raw: bytes) -> None:
    damaged = _("The PDF is damaged or incomplete.")
    if not _PDF_HEADER.match(raw):
        raise DocumentRejected(damaged)
    end = raw.rfind(b"%%EOF")
    if end < 0:
        raise DocumentRejected(damaged)
    if raw[end + 5 :].strip(b"\x00 \t\r\n\x0c"):
        raise DocumentRejected(
            _(
                "The file carries extra data after the end of the PDF, such as a hidden "
                "attachment. Save it again as a plain PDF and upload that copy."
            )
        )
    _check_names(raw)
    budget = [MAX_PDF_INFLATED]
    for found in _PDF_STREAM.finditer(raw):
        # The stream's dictionary is what precedes "stream", back to its object header.
        start = raw.rfind(b"obj", 0, found.start())
        header = raw[max(start, found.start() - 4096) : found.start()]
        if b"ObjStm" not in _pdf_names(header):
            continue
        data_end = raw.find(b"endstream", found.end())
        if data_end < 0:
            raise DocumentRejected(damaged)
        _check_names(_inflate_object_stream(header, raw[found.end() : data_end], budget))


def _inflate_object_stream(header: bytes, data: bytes, budget: list[int]) -> bytes:
    """Decode an object stream with its filters, spending at most ``budget[0]`` bytes."""
    unreadable = _(
        "The PDF uses a compression this check cannot read. Print it to a new PDF and upload that."
    )
    match = re.search(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)", header)
    filters = _pdf_names(match.group(1)) if match else set()
    order = re.findall(rb"/([A-Za-z0-9]+)", match.group(1)) if match else []
    if set(order) != filters or any(f not in _PDF_FILTERS for f in order):
        raise DocumentRejected(unreadable)
    predictor = re.search(rb"/Predictor\s+(\d+)", header)
    if predictor and int(predictor.group(1)) > 1:  # row filters would scramble the names
        raise DocumentRejected(unreadable)
    for name in order:
        how = _PDF_FILTERS[name]
        try:
            if how == "hex":
                text = re.sub(rb"\s", b"", data.split(b">", 1)[0])
                data = binascii.unhexlify(text + b"0" * (len(text) % 2))
            elif how == "a85":
                text = re.sub(rb"\s", b"", data.split(b"~>", 1)[0]).removeprefix(b"<~")
                data = base64.a85decode(text)
            else:
                inflater = zlib.decompressobj()
                data = inflater.decompress(data, budget[0] + 1)
                if len(data) > budget[0] or inflater.unconsumed_tail:
                    raise DocumentRejected(
                        _("The PDF expands to far more data than it holds (a compression bomb).")
                    )
        except (ValueError, binascii.Error, zlib.error):
            raise DocumentRejected(unreadable) from None
        if len(data) > budget[0]:
            raise DocumentRejected(
                _("The PDF expands to far more data than it holds (a compression bomb).")
            )
    budget[0] -= len(data)
    return data
