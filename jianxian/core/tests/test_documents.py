"""Uploaded documents: PDFs, .xlsx and .docx are judged by content; active content, old
formats, polyglots and compression bombs are refused.

Every file is built in memory (Pillow, openpyxl, zipfile); no binary fixture is committed.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook
from PIL import Image

from jianxian.core import documents
from jianxian.core.documents import DocumentRejected, check_document, sniff_document
from jianxian.core.uploads import UploadRejected


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def refused(data: object, **kwargs: object) -> str:
    with pytest.raises(DocumentRejected) as caught:
        check_document(data, **kwargs)  # type: ignore[arg-type]
    assert isinstance(caught.value, UploadRejected) and caught.value.status == 400
    return caught.value.message


# --- Builders ---------------------------------------------------------------


def pillow_pdf() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, "PDF")
    return buffer.getvalue()


def pdf(*objects: bytes) -> bytes:
    """A small PDF with the given objects after a catalog and an empty page, a valid
    cross-reference table and trailer."""
    body = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        *objects,
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(body, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(body) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(body) + 1, xref)
    )
    return out.getvalue()


def object_stream(
    content: bytes, filters: bytes = b"/FlateDecode", data: bytes | None = None
) -> bytes:
    data = zlib.compress(content) if data is None else data
    return (
        b"<< /Type /ObjStm /N 1 /First 4 /Filter %s /Length %d >>\nstream\n" % (filters, len(data))
        + data
        + b"\nendstream"
    )


def xlsx() -> bytes:
    workbook = Workbook()
    workbook.active["A1"] = "整改台账"  # type: ignore[index]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def content_types(main: str = DOCX_MAIN, extra: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{main}"/>{extra}</Types>'
    )


def docx(
    *,
    types: str | bytes | None = None,
    extra: dict[str, bytes | str] | None = None,
    document_rels: str | None = None,
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types() if types is None else types)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
            'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>整改报告'
            "</w:t></w:r></w:p></w:body></w:document>",
        )
        if document_rels is not None:
            archive.writestr("word/_rels/document.xml.rels", document_rels)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


# --- Accepted ---------------------------------------------------------------


def test_a_plain_pdf_is_accepted_as_it_is():
    for raw in (pillow_pdf(), pdf(b"<< /Producer (Jianxian) >>")):
        checked = check_document(raw)
        assert (checked.kind, checked.extension, checked.media_type) == (
            "pdf",
            "pdf",
            "application/pdf",
        )
        assert checked.content == raw and len(checked.sha256) == 64


def test_a_pdf_with_a_clean_object_stream_is_accepted():
    raw = pdf(object_stream(b"5 0 << /Title (Report) /Author (Zhang) >>"))
    assert check_document(raw).kind == "pdf"


def test_a_pdf_with_incremental_updates_is_accepted():
    raw = pdf() + b"4 0 obj\n<< /Title (v2) >>\nendobj\n%%EOF\n"
    assert check_document(raw).kind == "pdf"


def test_an_xlsx_from_openpyxl_is_accepted():
    raw = xlsx()
    checked = check_document(raw)
    assert (checked.kind, checked.extension) == ("xlsx", "xlsx")
    assert checked.media_type.endswith("spreadsheetml.sheet")


def test_a_docx_is_accepted_even_with_printer_settings_and_an_embedded_chart_workbook():
    raw = docx(
        extra={
            "word/printerSettings/printerSettings1.bin": b"\x00" * 64,
            "word/embeddings/Microsoft_Excel_Worksheet.xlsx": xlsx(),
        },
        document_rels=(
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'hyperlink" Target="https://example.org/" TargetMode="External"/></Relationships>'
        ),
    )
    assert check_document(raw).kind == "docx"


def test_an_upload_object_is_read_and_its_size_trusted_only_as_a_refusal():
    upload = SimpleUploadedFile("报告.pdf", pillow_pdf(), content_type="image/png")
    assert check_document(upload).kind == "pdf"


def test_sniffing():
    assert sniff_document(b"%PDF-1.4 ...") == "pdf"
    assert sniff_document(b"PK\x03\x04....") == "zip"
    assert sniff_document(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1....") == "ole2"
    assert sniff_document(b"\xff\xd8\xff\xe0") is None


# --- Refused: what it is ----------------------------------------------------


def test_empty_and_too_large_are_refused():
    assert refused(b"") == "The file is empty."
    assert refused(pillow_pdf(), max_bytes=100).startswith("The file is larger than")
    big = SimpleUploadedFile("a.pdf", b"%PDF-1.4" + b"0" * 100)
    assert refused(big, max_bytes=50).startswith("The file is larger than")


def test_images_text_and_fake_documents_are_not_documents():
    jpeg = io.BytesIO()
    Image.new("RGB", (4, 4)).save(jpeg, "JPEG")
    for raw in (jpeg.getvalue(), b"just text", b"<html><script>alert(1)</script></html>"):
        assert refused(raw).startswith("This file is not a document.")
    # A "PDF" that only starts like one.
    assert refused(b"%PDF-1.7\nhello") == "The PDF is damaged or incomplete."
    assert refused(b"%PDF-x\n%%EOF") == "The PDF is damaged or incomplete."
    # A ZIP that is no Office file.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "not an Excel (.xlsx) or Word (.docx)" in refused(buffer.getvalue())


def test_old_office_formats_are_refused_with_advice():
    assert ".docx or .xlsx" in refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)


def test_kinds_narrow_what_is_accepted():
    message = refused(xlsx(), kinds=("pdf",))
    assert message.startswith("This kind of document is not accepted here.")
    assert "Accepted: PDF." in message


# --- Refused: PDF attacks ---------------------------------------------------


@pytest.mark.parametrize(
    ("obj", "reason"),
    [
        (b"<< /Type /Action /S /JavaScript /JS (app.alert(1)) >>", "JavaScript"),
        (b"<< /OpenAction << /S /JavaScript /JS 9 0 R >> >>", "JavaScript"),
        (b"<< /AA << /O << /JS (x) >> >> >>", "JavaScript"),
        (b"<< /S /Launch /F (cmd.exe) >>", "Launch"),
        (b"<< /Type /EmbeddedFile /Length 3 >>", "embedded files"),
        (b"<< /Names << /EmbeddedFiles [] >> >>", "embedded files"),
        (b"<< /S /GoToE /T << /R /C >> >>", "embedded files"),
        (b"<< /Type /RichMedia >>", "embedded media"),
    ],
)
def test_pdf_active_content_is_refused(obj, reason):
    assert reason in refused(pdf(obj))


def test_hex_escaped_names_do_not_hide_javascript():
    assert "JavaScript" in refused(pdf(b"<< /S /J#61vaScript /J#53 (app.alert(1)) >>"))
    assert "Launch" in refused(pdf(b"<< /S /#4C#61unch >>"))


def test_javascript_inside_a_compressed_object_stream_is_found():
    hidden = b"5 0 << /Type /Action /S /JavaScript /JS (app.alert(1)) >>"
    assert "JavaScript" in refused(pdf(object_stream(hidden)))
    # the stream's type spelled with an escape does not hide it either
    sneaky = object_stream(hidden).replace(b"/ObjStm", b"/Obj#53tm")
    assert "JavaScript" in refused(pdf(sneaky))
    # nor a chain of filters
    chained = object_stream(
        hidden,
        filters=b"[/ASCIIHexDecode /FlateDecode]",
        data=zlib.compress(hidden).hex().encode() + b">",
    )
    assert "JavaScript" in refused(pdf(chained))


def test_object_streams_that_cannot_be_read_are_refused():
    lzw = object_stream(b"5 0 << >>", filters=b"/LZWDecode", data=b"\x80\x0b\x60\x50")
    assert "compression this check cannot read" in refused(pdf(lzw))
    broken = object_stream(b"", data=b"not deflate data")
    assert "compression this check cannot read" in refused(pdf(broken))
    predicted = object_stream(b"5 0 << >>").replace(
        b"/Length", b"/DecodeParms << /Predictor 12 /Columns 5 >> /Length"
    )
    assert "compression this check cannot read" in refused(pdf(predicted))


def test_a_deflate_bomb_in_an_object_stream_stops_early(monkeypatch):
    monkeypatch.setattr(documents.pdf, "MAX_PDF_INFLATED", 1024 * 1024)
    bomb = object_stream(b"5 0 << >>" + b" " * (5 * 1024 * 1024))
    assert "compression bomb" in refused(pdf(bomb))


def test_encrypted_pdfs_are_refused():
    raw = pdf().replace(b"/Root 1 0 R", b"/Root 1 0 R /Encrypt << /Filter /Standard >>")
    assert refused(raw).startswith("Password-protected PDFs")


def test_a_pdf_that_is_also_a_zip_or_a_web_page_is_refused():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("payload.html", "<script>alert(1)</script>")
    for tail in (archive.getvalue(), b"<html><script>alert(1)</script></html>"):
        assert "extra data after the end of the PDF" in refused(pillow_pdf() + tail)
    assert check_document(pillow_pdf() + b"\r\n\x00 ").kind == "pdf"  # padding is fine


# --- Refused: Office attacks ------------------------------------------------


def test_a_docm_renamed_docx_is_refused():
    raw = docx(
        types=content_types(
            DOCM_MAIN,
            '<Override PartName="/word/vbaProject.bin" '
            'ContentType="application/vnd.ms-office.vbaProject"/>',
        ),
        extra={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"},
    )
    assert "macros" in refused(SimpleUploadedFile("report.docx", raw))


def test_a_macro_content_type_alone_is_refused():
    assert "macros" in refused(docx(types=content_types(DOCM_MAIN)))


def test_a_vba_project_under_an_ordinary_content_type_is_refused():
    assert "macros" in refused(docx(extra={"word/vbaProject.bin": b"macro"}))
    assert "macros" in refused(docx(extra={"xl/VBAPROJECT.BIN": b"macro"}))


def test_an_xlsm_is_refused():
    raw = xlsx()
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                )
            target.writestr(item, data)
        target.writestr("xl/vbaProject.bin", b"macro")
    assert "macros" in refused(buffer.getvalue())


def test_activex_and_ole_objects_are_refused():
    assert "macros" in refused(docx(extra={"word/activeX/activeX1.xml": "<ax/>"}))
    assert "macros" in refused(docx(extra={"word/embeddings/oleObject1.bin": b"\xd0\xcf"}))
    assert "macros" in refused(docx(extra={"word/embeddings/payload.exe": b"MZ"}))
    assert "macros" in refused(docx(extra={"word/embeddings/book.xlsm": b"PK"}))


def test_a_remote_template_is_refused():
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'attachedTemplate" Target="http://evil.example/t.dotm" TargetMode="External"/>'
        "</Relationships>"
    )
    assert "loads content from elsewhere" in refused(docx(document_rels=rels))


def test_xml_with_a_dtd_or_in_utf16_is_refused():
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]>'
        + content_types().split("?>", 1)[1]
    )
    assert "not an Excel" in refused(docx(types=laughs))
    utf16 = content_types().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    assert "not an Excel" in refused(docx(types=utf16))


def test_two_main_parts_or_a_missing_main_part_are_refused():
    xlsx_main = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    two = content_types(extra=f'<Override PartName="/xl/workbook.xml" ContentType="{xlsx_main}"/>')
    assert "not an Excel" in refused(docx(types=two))
    missing = content_types().replace("/word/document.xml", "/word/other.xml")
    assert "not an Excel" in refused(docx(types=missing))


def test_path_escapes_and_duplicate_names_are_refused():
    assert "not an Excel" in refused(docx(extra={"../../evil.sh": "rm -rf /"}))
    assert "not an Excel" in refused(docx(extra={"/etc/passwd": "x"}))
    with pytest.warns(UserWarning, match="Duplicate name"):
        duplicated = docx(extra={"word/document.xml": "<other/>"})
    assert "not an Excel" in refused(duplicated)


def test_encrypted_zip_entries_are_refused():
    raw = bytearray(docx())
    # Set the "encrypted" flag on every local and central header.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := raw.find(signature, start)) >= 0:
            raw[start + offset] |= 0x1
            start += 4
    assert refused(bytes(raw)).startswith("Password-protected files")


def test_data_appended_to_a_zip_is_refused():
    assert "extra data after the end of the document" in refused(docx() + b"<script>x</script>")


def test_zip_bombs_are_refused(monkeypatch):
    # Declared sizes over the budget: refused before inflating anything.
    monkeypatch.setattr(documents.ooxml, "MAX_EXPANDED_BYTES", 2 * 1024 * 1024)
    big = docx(extra={"word/media/zeros.xml": b"\x00" * (3 * 1024 * 1024)})
    assert "compression bomb" in refused(big)
    # A single part that expands hundreds of times, under the total budget.
    monkeypatch.setattr(documents.ooxml, "MAX_EXPANDED_BYTES", 200 * 1024 * 1024)
    ratio = docx(extra={"word/media/zeros.xml": b"\x00" * (8 * 1024 * 1024)})
    assert len(ratio) < 100_000
    assert "compression bomb" in refused(ratio)


def test_a_zip_that_lies_about_its_sizes_is_refused(monkeypatch):
    monkeypatch.setattr(documents.ooxml, "MAX_EXPANDED_BYTES", 4 * 1024 * 1024)
    raw = bytearray(docx(extra={"word/media/zeros.xml": b"\x00" * (6 * 1024 * 1024)}))
    # Rewrite the declared uncompressed size of the big part to 1 KiB, in both headers.
    real = (6 * 1024 * 1024).to_bytes(4, "little")
    fake = (1024).to_bytes(4, "little")
    assert raw.count(real) == 2
    raw[:] = raw.replace(real, fake)
    message = refused(bytes(raw))
    assert "compression bomb" in message or "damaged" in message
