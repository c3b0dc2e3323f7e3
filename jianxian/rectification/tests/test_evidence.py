"""Evidence uploads through ``add_progress_note``: judged by content, never by name;
every attack is refused with a message naming the file, and nothing is stored."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from jianxian.core.uploads import UploadRejected
from jianxian.rectification import actions
from jianxian.rectification.models import Evidence, ProgressNote
from jianxian.rectification.tests.factories import make_planned, pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def problem(cast):
    return make_planned(cast)


def refused(problem, name: str, data: bytes) -> str:
    with pytest.raises(UploadRejected) as caught:
        actions.add_progress_note(
            actor=None,
            problem=problem,
            body="附佐证材料。",
            files=[("合格.png", png_bytes()), SimpleUploadedFile(name, data)],
        )
    assert not ProgressNote.objects.exists() and not Evidence.objects.exists()
    return caught.value.message


def stored_files(media_root: Path) -> list[Path]:
    folder = media_root / "rectification" / "evidence"
    return sorted(folder.iterdir()) if folder.exists() else []


def docx(main: str, extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
            '.org/package/2006/content-types"><Default Extension="xml" ContentType="application'
            f'/xml"/><Override PartName="/word/document.xml" ContentType="{main}"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM = "application/vnd.ms-word.document.macroEnabled.main+xml"


def test_good_evidence_of_every_kind_is_kept(problem, media_root):
    from openpyxl import Workbook

    workbook = io.BytesIO()
    Workbook().save(workbook)
    webp = io.BytesIO()
    Image.new("RGB", (20, 20), "green").save(webp, "WEBP")
    jpeg = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(jpeg, "JPEG")
    note = actions.add_progress_note(
        actor=None,
        problem=problem,
        body="附件齐全。",
        files=[
            ("照片.jpg", jpeg.getvalue()),
            ("图.webp", webp.getvalue()),
            ("截图.png", png_bytes()),
            ("报告.pdf", pdf_bytes()),
            ("台账.xlsx", workbook.getvalue()),
            ("方案.docx", docx(DOCX)),
        ],
    )
    kinds = list(note.evidence.values_list("media_type", flat=True))
    assert kinds == [
        "image/jpeg",
        "image/webp",
        "image/png",
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]
    suffixes = [p.suffix for p in stored_files(media_root)]
    assert sorted(suffixes) == sorted([".jpg", ".webp", ".png", ".pdf", ".xlsx", ".docx"])


def test_the_name_decides_nothing(problem, media_root):
    # A PNG called .pdf is kept as the PNG it is (re-encoded); a PDF called .png as a PDF.
    note = actions.add_progress_note(
        actor=None,
        problem=problem,
        body="x",
        files=[("报告.pdf", png_bytes()), ("photo.png", pdf_bytes())],
    )
    first, second = note.evidence.order_by("id")
    assert (first.original_name, first.media_type) == ("报告.pdf", "image/png")
    assert (first.file.name or "").endswith(".png")
    assert (second.media_type, (second.file.name or "")[-4:]) == ("application/pdf", ".pdf")


def test_a_fake_pdf_is_refused(problem, media_root):
    message = refused(problem, "整改报告.pdf", b"%PDF-1.7\n<html><script>alert(1)</script>")
    assert message == "“整改报告.pdf”: The PDF is damaged or incomplete."
    assert stored_files(media_root) == []


def test_a_pdf_with_javascript_is_refused(problem, media_root):
    raw = pdf_bytes().replace(
        b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>"
    )
    assert "The PDF contains JavaScript." in refused(problem, "报告.pdf", raw)
    assert stored_files(media_root) == []


def test_a_docm_in_docx_clothing_is_refused(problem, media_root):
    raw = docx(DOCM, {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro"})
    assert "macros" in refused(problem, "方案.docx", raw)
    # and with an innocent content type but the VBA project inside
    assert "macros" in refused(problem, "方案.docx", docx(DOCX, {"word/vbaProject.bin": b"x"}))
    assert stored_files(media_root) == []


def test_a_zip_bomb_is_refused(problem, media_root):
    bomb = docx(DOCX, {"word/media/zeros.xml": b"\x00" * (40 * 1024 * 1024)})
    assert len(bomb) < 200_000
    assert "compression bomb" in refused(problem, "台账.docx", bomb)


def test_a_polyglot_image_is_refused(problem, media_root):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("payload.html", "<script>alert(1)</script>")
    polyglot = png_bytes() + archive.getvalue()
    assert zipfile.is_zipfile(io.BytesIO(polyglot))
    assert "extra data after the end of the image" in refused(problem, "现场.png", polyglot)
    pdf_zip = pdf_bytes() + archive.getvalue()
    assert "extra data after the end of the PDF" in refused(problem, "报告.pdf", pdf_zip)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("说明.txt", "整改说明".encode()),
        ("页面.html", b"<html><script>alert(1)</script></html>"),
        ("图.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("动图.gif", b"GIF89a" + b"\x00" * 40),
        ("程序.exe", b"MZ\x90\x00" + b"\x00" * 60),
        ("压缩包.zip", b"PK\x05\x06" + b"\x00" * 18),
    ],
)
def test_other_kinds_of_file_are_refused_with_a_clear_message(problem, name, data):
    message = refused(problem, name, data)
    assert message.startswith(f"“{name}”: ")
    assert "not accepted as evidence" in message or "not an Excel" in message


def test_old_office_files_get_advice(problem):
    assert ".docx or .xlsx" in refused(
        problem, "旧.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    )


@override_settings(UPLOAD_MAX_BYTES=1000)
def test_the_size_cap_applies(problem):
    big = SimpleUploadedFile("大.pdf", b"%PDF-1.7" + b"0" * 2000)
    with pytest.raises(UploadRejected, match="larger than"):
        actions.add_progress_note(actor=None, problem=problem, body="x", files=[big])


def test_files_are_removed_when_the_note_fails_after_storing(problem, media_root, monkeypatch):
    from jianxian.rectification.actions import notes

    def broken_log(**kwargs):
        raise RuntimeError("the ledger failed")

    monkeypatch.setattr(notes, "log", broken_log)
    with pytest.raises(RuntimeError):
        actions.add_progress_note(
            actor=None, problem=problem, body="x", files=[("a.png", png_bytes())]
        )
    assert stored_files(media_root) == []
    assert not Evidence.objects.exists()
