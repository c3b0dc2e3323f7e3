"""Uploads: photos are judged by content, re-encoded without metadata, attacks refused.

Every image is built in memory with Pillow; no binary fixture is committed.
"""

import hashlib
import io
import struct
import warnings
import zipfile
import zlib
from collections.abc import Iterator

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation
from PIL import ExifTags, Image, ImageCms

from jianxian.core import uploads
from jianxian.core.uploads import ProcessedImage, UploadRejected, process_image

NOT_AN_IMAGE = "This file is not an image."
DAMAGED = "The image is damaged or incomplete."
POLYGLOT = "The file carries extra data after the end of the image, such as"
TOO_MANY_PIXELS = "The image has too many pixels"
ANIMATED = "Animated images are not accepted."


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def encode(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def two_colour(size: tuple[int, int] = (60, 20), mode: str = "RGB") -> Image.Image:
    """Left half red, right half blue: shows which way an image was turned."""
    image = Image.new(mode, size, "blue")
    image.paste(Image.new(mode, (size[0] // 2, size[1]), "red"), (0, 0))
    return image


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def refused(data: object, **limits: int) -> str:
    with pytest.raises(UploadRejected) as caught:
        process_image(data, **limits)  # type: ignore[arg-type]
    assert caught.value.status == 400
    return caught.value.message


def reopen(content: bytes) -> Image.Image:
    return Image.open(io.BytesIO(content))


# --- What comes back --------------------------------------------------------


def test_jpeg_comes_back_without_exif_gps_xmp_or_comment() -> None:
    exif = Image.Exif()
    exif[ExifTags.Base.Model] = "Secret Phone"
    exif[ExifTags.Base.GPSInfo] = {1: "N", 2: (30.0, 15.0, 0.0), 3: "E", 4: (120.0, 10.0, 0.0)}
    original = encode(
        two_colour(), "JPEG", exif=exif, comment=b"taken at home", xmp=b"<x:xmpmeta>at home</x>"
    )
    assert reopen(original).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the input has GPS

    result = process_image(original)

    assert (result.extension, result.mime_type) == ("jpg", "image/jpeg")
    out = reopen(result.content)
    assert out.format == "JPEG"
    assert not out.getexif()
    assert not out.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert not {"exif", "xmp", "comment", "icc_profile"} & set(out.info)
    for secret in (b"Exif", b"Secret Phone", b"taken at home", b"xmpmeta"):
        assert secret not in result.content
        assert secret not in result.thumbnail
    assert out.info.get("progressive") == 1


def test_exif_orientation_is_applied_before_stripping() -> None:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # shown turned 90° clockwise
    result = process_image(encode(two_colour((60, 20)), "JPEG", exif=exif))

    assert (result.width, result.height) == (20, 60)
    out = reopen(result.content).convert("RGB")
    assert out.size == (20, 60)
    top, bottom = out.getpixel((10, 5)), out.getpixel((10, 55))
    assert isinstance(top, tuple) and isinstance(bottom, tuple)
    assert top[0] > 200 and top[2] < 60  # the red left half is now on top
    assert bottom[2] > 200 and bottom[0] < 60
    assert ExifTags.Base.Orientation not in reopen(result.content).getexif()


def test_png_with_alpha_stays_png_with_alpha() -> None:
    image = Image.new("RGBA", (40, 40), (255, 0, 0, 255))
    image.paste(Image.new("RGBA", (20, 40), (0, 0, 255, 64)), (20, 0))
    original = encode(image, "PNG", pnginfo=None)

    result = process_image(original)

    assert (result.extension, result.mime_type) == ("png", "image/png")
    out = reopen(result.content)
    assert (out.format, out.mode) == ("PNG", "RGBA")
    assert out.getpixel((30, 10)) == (0, 0, 255, 64)
    assert out.getpixel((5, 10)) == (255, 0, 0, 255)
    assert reopen(result.thumbnail).mode == "RGBA"


def test_png_text_chunks_and_palette_transparency() -> None:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    image = Image.new("P", (16, 16), 1)
    image.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    image.paste(0, (0, 0, 8, 16))
    result = process_image(encode(image, "PNG", pnginfo=info, transparency=0))

    out = reopen(result.content)
    assert out.mode == "RGBA"
    assert out.getpixel((2, 2))[3] == 0  # type: ignore[index]
    assert out.getpixel((12, 2)) == (255, 0, 0, 255)
    assert b"<script" not in result.content
    assert not out.text  # type: ignore[attr-defined]


def test_opaque_png_and_palette_png_become_rgb_png() -> None:
    opaque = process_image(encode(Image.new("RGBA", (8, 8), (1, 2, 3, 255)), "PNG"))
    assert reopen(opaque.content).mode == "RGB"
    palette = process_image(encode(Image.new("RGB", (8, 8), "red").convert("P"), "PNG"))
    assert reopen(palette.content).mode == "RGB"


def test_webp_stays_webp_and_keeps_alpha() -> None:
    image = Image.new("RGBA", (30, 20), (0, 128, 0, 100))
    result = process_image(encode(image, "WEBP", lossless=True))
    assert (result.extension, result.mime_type) == ("webp", "image/webp")
    out = reopen(result.content)
    assert (out.format, out.mode, out.size) == ("WEBP", "RGBA", (30, 20))
    lossy = process_image(encode(two_colour(), "WEBP", quality=90, exif=b"Exif\x00\x00junk"))
    assert reopen(lossy.content).mode == "RGB"
    assert b"EXIF" not in lossy.content and b"junk" not in lossy.content


def test_cmyk_jpeg_and_icc_profile_become_plain_srgb() -> None:
    cmyk = process_image(encode(Image.new("CMYK", (16, 16), (0, 255, 255, 0)), "JPEG"))
    out = reopen(cmyk.content)
    assert out.mode == "RGB"
    red = out.getpixel((8, 8))
    assert isinstance(red, tuple) and red[0] > 200 and red[1] < 60

    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    tagged = process_image(encode(Image.new("RGB", (16, 16), "red"), "JPEG", icc_profile=srgb))
    assert "icc_profile" not in reopen(tagged.content).info
    junk = process_image(encode(Image.new("RGB", (16, 16), "red"), "JPEG", icc_profile=b"junk"))
    assert "icc_profile" not in reopen(junk.content).info


def test_sixteen_bit_grey_png_is_scaled_not_clipped() -> None:
    image = Image.new("I;16", (4, 1))
    for x, value in enumerate([0, 1000, 40000, 65535]):
        image.putpixel((x, 0), value)
    out = reopen(process_image(encode(image, "PNG")).content)
    assert out.mode == "L"
    assert [out.getpixel((x, 0)) for x in range(4)] == [0, 4, 156, 255]


@override_settings(THUMBNAIL_SIZE=480)
def test_thumbnail_longest_side_is_thumbnail_size() -> None:
    wide = process_image(encode(Image.new("RGB", (1200, 800), "green"), "JPEG"))
    assert (wide.width, wide.height) == (1200, 800)
    assert reopen(wide.thumbnail).size == (480, 320)
    tall = process_image(encode(Image.new("RGB", (300, 900), "green"), "PNG"))
    assert reopen(tall.thumbnail).size == (160, 480)
    small = process_image(encode(Image.new("RGB", (100, 50), "green"), "JPEG"))
    assert reopen(small.thumbnail).size == (100, 50)  # never enlarged
    with override_settings(THUMBNAIL_SIZE=64):
        thumb = process_image(encode(two_colour((600, 200)), "JPEG")).thumbnail
        assert reopen(thumb).size == (64, 21)


def test_sha256_is_of_the_content_and_stable() -> None:
    original = encode(two_colour((300, 200)), "JPEG", quality=95)
    first, second = process_image(original), process_image(io.BytesIO(original))
    assert isinstance(first, ProcessedImage)
    assert first.sha256 == hashlib.sha256(first.content).hexdigest()
    assert first.sha256 == second.sha256
    assert first.content == second.content


def test_name_and_content_type_are_ignored() -> None:
    gif = SimpleUploadedFile("photo.jpg", encode(two_colour(), "GIF"), content_type="image/jpeg")
    assert refused(gif).startswith("GIF images are not accepted.")
    jpeg = SimpleUploadedFile("photo.gif", encode(two_colour(), "JPEG"), content_type="image/gif")
    assert process_image(jpeg).extension == "jpg"


# --- Refusals ---------------------------------------------------------------


def test_empty_file_is_refused() -> None:
    assert refused(b"") == "The file is empty."
    assert refused(io.BytesIO()) == "The file is empty."


@pytest.mark.parametrize(
    "data",
    [
        b"hello, this is text",
        b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        b"PK\x03\x04" + b"\x00" * 40,
        b"RIFF\x10\x00\x00\x00AVI LIST",
        b"\x00",
    ],
)
def test_non_images_are_refused(data: bytes) -> None:
    assert refused(data) == "This file is not an image. Upload a JPEG, PNG or WebP photo."


def unsupported_samples() -> list[tuple[str, bytes]]:
    image = two_colour()
    return [
        ("GIF", encode(image, "GIF")),
        ("BMP", encode(image, "BMP")),
        ("TIFF", encode(image, "TIFF")),
        ("ICO", encode(image, "ICO")),
        ("SVG", b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>'),
        ("SVG", b"<svg onload='alert(1)'/>"),
        ("HEIC", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64),
        ("AVIF", b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1" + b"\x00" * 64),
        ("PDF", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"),
    ]


@pytest.mark.parametrize(("name", "data"), unsupported_samples())
def test_unsupported_formats_are_named(name: str, data: bytes) -> None:
    assert refused(data) == f"{name} images are not accepted. Upload a JPEG, PNG or WebP photo."


def test_truncated_and_corrupt_files_are_refused() -> None:
    jpeg = encode(two_colour((200, 100)), "JPEG")
    png = encode(two_colour((200, 100)), "PNG")
    webp = encode(two_colour((200, 100)), "WEBP")
    bad_crc = bytearray(png)
    bad_crc[40] ^= 0xFF  # inside IDAT: the structure holds, the checksum does not
    for data in (jpeg[: len(jpeg) // 2], jpeg[:-2], png[:-20], webp[:-10], bytes(bad_crc)):
        assert refused(data).startswith(DAMAGED)
    assert refused(b"\xff\xd8\xff").startswith(DAMAGED)


def test_png_checksums_are_verified() -> None:
    png = encode(two_colour(), "PNG")
    assert png[-12:-8] == b"\x00\x00\x00\x00" and png[-8:-4] == b"IEND"
    bad_crc = png[:-16] + bytes(b ^ 0xFF for b in png[-16:-12]) + png[-12:]  # IDAT's CRC
    assert reopen(bad_crc).load() is not None  # decoding alone does not look at it
    assert refused(bad_crc).startswith(DAMAGED)


def test_too_many_bytes_is_refused() -> None:
    data = encode(two_colour(), "PNG")
    assert refused(data, max_bytes=len(data) - 1).startswith("The file is larger than")
    assert process_image(data, max_bytes=len(data)).extension == "png"


class GuardedStream(io.RawIOBase):
    """A huge upload that fails the test if more than `allowed` bytes are asked for."""

    def __init__(self, total: int, allowed: int) -> None:
        self.total, self.allowed, self.position = total, allowed, 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0 or self.position + size > self.allowed:
            raise AssertionError(f"read({size}) at {self.position} goes past {self.allowed}")
        size = min(size, self.total - self.position)
        self.position += size
        return b"\xff" * size


def test_ten_megabyte_file_is_refused_without_reading_it_all() -> None:
    limit = 10 * 1024 * 1024
    stream = GuardedStream(total=limit + 5 * 1024 * 1024, allowed=limit + 1)
    with override_settings(UPLOAD_MAX_BYTES=limit):
        message = refused(stream)
    assert message == "The file is larger than 10.0\xa0MB. Upload a smaller photo."
    assert stream.position == limit + 1


def test_declared_size_over_the_cap_is_refused_before_reading() -> None:
    upload = SimpleUploadedFile("big.jpg", b"", content_type="image/jpeg")
    upload.size = 11 * 1024 * 1024
    upload.file = GuardedStream(total=0, allowed=0)  # type: ignore[assignment]
    assert refused(upload, max_bytes=10 * 1024 * 1024).startswith("The file is larger than")


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims width × height grey pixels; its image data is a few bytes."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + png_chunk(b"IEND", b"")
    )


def test_png_bomb_is_refused_from_its_header(monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = png_header_only(50_000, 50_000)
    assert len(bomb) < 100

    def not_even_opened(*args: object, **kwargs: object) -> None:
        raise AssertionError("Pillow was asked to open a bomb")

    monkeypatch.setattr(uploads.Image, "open", not_even_opened)
    message = refused(bomb)
    assert message == "The image has too many pixels: at most 40,000,000 are accepted."


def test_lower_pixel_cap_is_exact() -> None:
    data = encode(Image.new("RGB", (100, 100), "red"), "JPEG")
    assert refused(data, max_pixels=9_999).startswith(TOO_MANY_PIXELS)
    assert process_image(data, max_pixels=10_000).width == 100


def test_second_jpeg_frame_header_cannot_hide_a_bigger_size() -> None:
    data = encode(Image.new("RGB", (10, 10), "red"), "JPEG")
    fake_sof = b"\xff\xc0" + struct.pack(">HBHHB", 8, 8, 50_000, 50_000, 0)
    assert refused(data[:2] + fake_sof + data[2:]).startswith(TOO_MANY_PIXELS)


@pytest.mark.parametrize(("max_pixels", "pillow_raises"), [(6_000, "warning"), (1_000, "error")])
def test_pillow_bomb_warning_is_an_error_when_a_header_fools_the_walker(
    monkeypatch: pytest.MonkeyPatch, max_pixels: int, pillow_raises: str
) -> None:
    real_layout = uploads._layout

    def fooled(raw: bytes, fmt: str) -> tuple[int, tuple[int, int]]:
        end, _size = real_layout(raw, fmt)
        return end, (1, 1)

    monkeypatch.setattr(uploads, "_layout", fooled)
    data = encode(Image.new("RGB", (100, 100), "red"), "PNG")  # 10,000 pixels
    limit_before = Image.MAX_IMAGE_PIXELS
    filters_before = list(warnings.filters)

    assert refused(data, max_pixels=max_pixels).startswith(TOO_MANY_PIXELS)

    # Pillow's limit and the warnings filter are back as they were.
    assert limit_before == Image.MAX_IMAGE_PIXELS
    assert warnings.filters == filters_before
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        Image._decompression_bomb_check((100, 100))
    assert caught == []
    assert process_image(data, max_pixels=10_000).width == 100


def test_jpeg_with_zip_appended_is_refused() -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("payload.html", "<script>alert(1)</script>")
    polyglot = encode(two_colour(), "JPEG") + archive.getvalue()
    assert zipfile.is_zipfile(io.BytesIO(polyglot))  # it really is both
    assert reopen(polyglot).format == "JPEG"
    assert refused(polyglot).startswith(POLYGLOT)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_script_after_the_end_of_the_image_is_refused(fmt: str) -> None:
    payload = b"<html><script>alert(document.cookie)</script></html>"
    assert refused(encode(two_colour(), fmt) + payload).startswith(POLYGLOT)


def test_html_with_a_jpeg_header_is_refused() -> None:
    fake = b"\xff\xd8\xff\xe0<html><body><script>alert(1)</script></body></html>"
    assert refused(fake).startswith(DAMAGED)


def test_padding_and_phone_secondary_images_are_accepted() -> None:
    jpeg = encode(two_colour(), "JPEG")
    assert process_image(jpeg + b"\x00" * 500 + b"\r\n").extension == "jpg"
    mpo = encode(two_colour(), "MPO", save_all=True, append_images=[Image.new("RGB", (60, 20))])
    result = process_image(mpo)
    assert (result.extension, result.width, result.height) == ("jpg", 60, 20)
    out = reopen(result.content)
    assert out.format == "JPEG" and getattr(out, "n_frames", 1) == 1
    assert refused(jpeg + b"\xff\xd8" + b"PK\x05\x06" + b"\x00" * 18).startswith(POLYGLOT)


def test_stray_bytes_between_jpeg_segments_are_tolerated_like_libjpeg() -> None:
    jpeg = encode(two_colour(), "JPEG")
    assert jpeg[20:22] == b"\xff\xdb"  # JFIF APP0 ends at 20, quantisation tables follow
    assert process_image(jpeg[:20] + b"\x00\x00junk" + jpeg[20:]).width == 60


def test_payload_inside_the_image_is_dropped_by_reencoding() -> None:
    script = b"<script>alert(1)</script>"
    result = process_image(encode(two_colour(), "JPEG", comment=script))
    assert script not in result.content and script not in result.thumbnail


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_animated_images_are_refused(fmt: str) -> None:
    frames = [Image.new("RGB", (20, 20), colour) for colour in ("red", "blue")]
    data = encode(frames[0], fmt, save_all=True, append_images=frames[1:], duration=100)
    assert refused(data) == "Animated images are not accepted. Upload a still photo."
