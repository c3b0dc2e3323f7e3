"""Uploaded photos: checked by their content, never by their name, and re-encoded.

``process_image`` takes the raw upload and returns a clean copy or raises ``UploadRejected``
with a message in the user's language. In order:

1. **Size.** At most ``max_bytes + 1`` bytes are ever read; a declared ``size`` (Django's
   ``UploadedFile``) over the cap is refused before reading anything. Empty files are refused.
2. **Format by content.** The leading bytes decide: JPEG, PNG and WebP are accepted; GIF, BMP,
   TIFF, SVG, HEIC/HEIF, AVIF, ICO, PSD, JPEG 2000, JPEG XL and PDF get an "unsupported format"
   refusal; anything else is "not an image". The file name and the client's content type are
   never looked at, and Pillow is only allowed to parse the three accepted formats.
3. **Structure.** The file is walked (JPEG markers, PNG chunks, the WebP RIFF box) to find
   where the image ends and the pixel size its header declares. A broken structure is
   "damaged". Bytes after the end are refused as a polyglot (a JPEG that is also a ZIP, or
   carries an HTML ``<script>``) unless they are padding (NUL, 0xFF, ASCII whitespace) or,
   for JPEG, further complete JPEG streams: phones store depth and HDR gain maps that way (MPO,
   Ultra HDR), and only the primary image is kept.
4. **Pixels before decoding.** The declared width × height (the largest JPEG frame header
   counts) is checked against ``max_pixels``. Pillow is then run with
   ``Image.MAX_IMAGE_PIXELS`` set to ``max_pixels`` and its ``DecompressionBombWarning``
   turned into an error, a second net in case a header fools the walker. Both globals (the
   warnings filter and the limit) are process-wide, so they are changed only under a lock
   and restored at once.
5. **Decode and re-encode.** Open, ``verify()``, open again, refuse animations (animated PNG
   and WebP: a photo registry wants a still, and a first frame may be blank), decode fully,
   apply the EXIF orientation, convert embedded colour profiles to sRGB, then save a fresh
   image with no metadata at all: EXIF (GPS included), XMP, ICC, comments and text chunks are
   gone, as is anything hidden in them. JPEG stays JPEG (quality 85, progressive), PNG stays
   PNG (optimized), WebP stays WebP; transparency survives in PNG and WebP.
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps

from jianxian.core.errors import ActionError

__all__ = ["ProcessedImage", "UploadRejected", "process_image"]

_READ_CHUNK = 64 * 1024
_PADDING = b"\x00\xff \t\r\n"
_OUTPUT = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}
_OTHER_FORMATS: tuple[tuple[bytes, str], ...] = (
    (b"GIF87a", "GIF"), (b"GIF89a", "GIF"), (b"8BPS", "PSD"), (b"\x00\x00\x01\x00", "ICO"),
    (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"), (b"II+\x00", "TIFF"), (b"MM\x00+", "TIFF"),
    (b"\x00\x00\x00\x0cjP  \r\n\x87\n", "JPEG 2000"), (b"\xff\x4f\xff\x51", "JPEG 2000"),
    (b"\x00\x00\x00\x0cJXL \r\n\x87\n", "JPEG XL"), (b"\xff\x0a", "JPEG XL"), (b"%PDF-", "PDF"),
)  # fmt: skip
_HEIF_BRANDS = {
    b"heic": "HEIC", b"heix": "HEIC", b"hevc": "HEIC", b"hevx": "HEIC", b"heim": "HEIC",
    b"heis": "HEIC", b"mif1": "HEIF", b"msf1": "HEIF", b"avif": "AVIF", b"avis": "AVIF",
}  # fmt: skip
# SOFn markers carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but not.
_JPEG_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
# In entropy-coded data a marker is 0xFF (plus fill 0xFFs) followed by anything but a
# stuffed 0x00 or a restart marker, which both belong to the scan.
_JPEG_NEXT_MARKER = re.compile(rb"\xff+[^\x00\xd0-\xd7\xff]")
# Pillow failures on malformed input; anything else is a bug and should surface.
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, struct.error, IndexError, KeyError)

_PILLOW_GLOBALS = threading.Lock()
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


class UploadRejected(ActionError):
    """The upload is not an acceptable photo; the message says why (HTTP 400)."""


@dataclass(frozen=True)
class ProcessedImage:
    content: bytes  # re-encoded image, no metadata
    extension: str  # "jpg" | "png" | "webp"
    mime_type: str
    width: int
    height: int
    thumbnail: bytes  # same format, longest side at most THUMBNAIL_SIZE
    sha256: str  # of `content`


class _Broken(Exception):
    """The file's structure does not hold together."""


def process_image(
    data: bytes | IO[bytes], *, max_bytes: int | None = None, max_pixels: int | None = None
) -> ProcessedImage:
    """Check an uploaded photo by its content and return a re-encoded, metadata-free copy.

    The limits default to ``UPLOAD_MAX_BYTES`` and ``UPLOAD_MAX_PIXELS``, read at call time.
    """
    if max_bytes is None:
        max_bytes = settings.UPLOAD_MAX_BYTES
    if max_pixels is None:
        max_pixels = settings.UPLOAD_MAX_PIXELS
    raw = _read_capped(data, max_bytes)
    fmt = _sniff(raw)
    try:
        end, (width, height) = _layout(raw, fmt)
    except _Broken:
        raise UploadRejected(_damaged()) from None
    _refuse_trailing_payload(raw, end, fmt)
    if width * height > max_pixels:
        raise UploadRejected(_too_many_pixels(max_pixels))
    image = _decode(raw, fmt, max_pixels)
    image = _normalise(image, fmt)
    content = _encode(image, fmt)
    size = settings.THUMBNAIL_SIZE
    thumb = image.copy()
    thumb.thumbnail((size, size), Image.Resampling.LANCZOS)
    extension, mime_type = _OUTPUT[fmt]
    sha256 = hashlib.sha256(content).hexdigest()
    thumbnail = _encode(thumb, fmt)
    return ProcessedImage(content, extension, mime_type, *image.size, thumbnail, sha256)


# --- Messages ---------------------------------------------------------------


def _accepted_formats() -> str:
    return _("Upload a JPEG, PNG or WebP photo.")


def _damaged() -> str:
    return _("The image is damaged or incomplete. %(hint)s") % {"hint": _accepted_formats()}


def _too_many_pixels(max_pixels: int) -> str:
    return _("The image has too many pixels: at most %(limit)s are accepted.") % {
        "limit": f"{max_pixels:,}"
    }


# --- Reading and sniffing ---------------------------------------------------


def _read_capped(data: bytes | IO[bytes], max_bytes: int) -> bytes:
    too_large = _("The file is larger than %(limit)s. Upload a smaller photo.") % {
        "limit": filesizeformat(max_bytes)
    }
    if isinstance(data, bytes | bytearray | memoryview):
        raw = bytes(data)
    else:
        declared = getattr(data, "size", None)
        if isinstance(declared, int) and declared > max_bytes:
            raise UploadRejected(too_large)
        chunks: list[bytes] = []
        total, budget = 0, max_bytes + 1
        while total < budget:
            chunk = data.read(min(_READ_CHUNK, budget - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        raw = b"".join(chunks)
    if len(raw) > max_bytes:
        raise UploadRejected(too_large)
    if not raw:
        raise UploadRejected(_("The file is empty."))
    return raw


def _sniff(raw: bytes) -> str:
    """Name the format from the leading bytes, or refuse."""
    if raw.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if raw.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if raw[:4] == b"RIFF" and raw[8:12] == b"WEBP":
        return "WEBP"
    other = _other_format(raw)
    if other:
        raise UploadRejected(
            _("%(format)s images are not accepted. %(hint)s")
            % {"format": other, "hint": _accepted_formats()}
        )
    raise UploadRejected(_("This file is not an image. %(hint)s") % {"hint": _accepted_formats()})


def _other_format(raw: bytes) -> str | None:
    for magic, name in _OTHER_FORMATS:
        if raw.startswith(magic):
            return name
    if raw[:2] == b"BM" and len(raw) >= 26 and raw[6:10] == b"\x00\x00\x00\x00":
        return "BMP"
    if raw[4:8] == b"ftyp" and raw[8:12] in _HEIF_BRANDS:
        return _HEIF_BRANDS[raw[8:12]]
    head = raw[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in head):
        return "SVG"
    return None


# --- Structure: where the image ends, what size it declares ----------------


def _layout(raw: bytes, fmt: str) -> tuple[int, tuple[int, int]]:
    """Return the offset just past the image and its declared (width, height)."""
    try:
        if fmt == "JPEG":
            return _jpeg_layout(raw, 0)
        if fmt == "PNG":
            return _png_layout(raw)
        return _webp_layout(raw)
    except (IndexError, struct.error):
        raise _Broken from None


def _jpeg_layout(raw: bytes, start: int) -> tuple[int, tuple[int, int]]:
    if raw[start : start + 2] != b"\xff\xd8":
        raise _Broken
    pos, size, pixels = start + 2, (0, 0), 0
    while True:
        if raw[pos] != 0xFF:  # stray bytes between segments: skipped, as libjpeg does
            pos = raw.find(b"\xff", pos)
            if pos < 0:
                raise _Broken
        while raw[pos] == 0xFF:  # fill bytes before a marker
            pos += 1
        marker = raw[pos]
        pos += 1
        if marker == 0xD9:  # EOI
            if pixels == 0:
                raise _Broken
            return pos, size
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:  # no length: TEM, RSTn
            continue
        if marker in (0x00, 0xD8):
            raise _Broken
        (length,) = struct.unpack_from(">H", raw, pos)
        if length < 2 or pos + length > len(raw):
            raise _Broken
        if marker in _JPEG_SOF:
            height, width = struct.unpack_from(">HH", raw, pos + 3)
            if width == 0 or height == 0:
                raise _Broken
            if width * height > pixels:  # a second frame header may not hide a bigger one
                size, pixels = (width, height), width * height
        pos += length
        if marker == 0xDA:  # SOS: entropy-coded data runs to the next real marker
            if pixels == 0:
                raise _Broken
            found = _JPEG_NEXT_MARKER.search(raw, pos)
            if found is None:
                raise _Broken
            pos = found.start()


def _png_layout(raw: bytes) -> tuple[int, tuple[int, int]]:
    length, kind = struct.unpack_from(">I4s", raw, 8)
    if kind != b"IHDR" or length != 13:
        raise _Broken
    width, height = struct.unpack_from(">II", raw, 16)
    if width == 0 or height == 0:
        raise _Broken
    pos = 8
    while pos + 12 <= len(raw):
        length, kind = struct.unpack_from(">I4s", raw, pos)
        pos += 12 + length
        if kind == b"IEND":
            if pos > len(raw):
                raise _Broken
            return pos, (width, height)
    raise _Broken


def _webp_layout(raw: bytes) -> tuple[int, tuple[int, int]]:
    (riff_size,) = struct.unpack_from("<I", raw, 4)
    end = 8 + riff_size + (riff_size & 1)
    if riff_size < 12 or end > len(raw) + (riff_size & 1):  # a missing final pad byte is fine
        raise _Broken
    kind = raw[12:16]
    if kind == b"VP8X":
        width = 1 + int.from_bytes(raw[24:27], "little")
        height = 1 + int.from_bytes(raw[27:30], "little")
    elif kind == b"VP8L":
        if raw[20] != 0x2F:
            raise _Broken
        (bits,) = struct.unpack_from("<I", raw, 21)
        width, height = 1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF)
    elif kind == b"VP8 ":
        if raw[23:26] != b"\x9d\x01\x2a":
            raise _Broken
        width, height = (v & 0x3FFF for v in struct.unpack_from("<HH", raw, 26))
    else:
        raise _Broken
    if width == 0 or height == 0:
        raise _Broken
    return min(end, len(raw)), (width, height)


def _refuse_trailing_payload(raw: bytes, end: int, fmt: str) -> None:
    """Refuse anything but padding (or, for JPEG, further whole JPEGs) after the image."""
    while True:
        rest = raw[end:].lstrip(b"\x00 \t\r\n")
        if fmt == "JPEG" and rest.startswith(b"\xff\xd8"):
            with suppress(_Broken, IndexError, struct.error):
                end, _size = _jpeg_layout(raw, len(raw) - len(rest))
                continue
        if not rest.lstrip(_PADDING):
            return
        raise UploadRejected(
            _(
                "The file carries extra data after the end of the image, such as a motion "
                "photo's video or a hidden attachment. Save it again as a plain photo and "
                "upload that copy."
            )
        )


# --- Decoding and re-encoding -----------------------------------------------


@contextmanager
def _bomb_guard(max_pixels: int) -> Iterator[None]:
    """Pillow's pixel limit at ``max_pixels``, its bomb warning an error; restored after."""
    with _PILLOW_GLOBALS, warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        saved = Image.MAX_IMAGE_PIXELS
        Image.MAX_IMAGE_PIXELS = max_pixels
        try:
            yield
        finally:
            Image.MAX_IMAGE_PIXELS = saved


def _decode(raw: bytes, fmt: str, max_pixels: int) -> Image.Image:
    try:
        with _bomb_guard(max_pixels):
            with Image.open(io.BytesIO(raw), formats=[fmt]) as probe:
                probe.verify()
            image = Image.open(io.BytesIO(raw), formats=[fmt])
            if image.format != "MPO" and getattr(image, "n_frames", 1) > 1:
                raise UploadRejected(_("Animated images are not accepted. Upload a still photo."))
        image.load()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise UploadRejected(_too_many_pixels(max_pixels)) from None
    except _DECODE_ERRORS:
        raise UploadRejected(_damaged()) from None
    return image


def _normalise(image: Image.Image, fmt: str) -> Image.Image:
    """Upright, sRGB, and in a mode the output format takes."""
    icc = image.info.get("icc_profile")
    transparent = "transparency" in image.info or image.mode in ("RGBA", "LA", "PA", "RGBa")
    with suppress(*_DECODE_ERRORS):  # an unreadable EXIF block loses only its orientation
        image = ImageOps.exif_transpose(image)
    if image.mode in ("I", "I;16", "I;16B", "I;16L"):  # 16-bit grey: scale, do not clip
        image = image.convert("I").point(lambda v: v * (1 / 257) + 0.5).convert("L")
    if transparent and fmt != "JPEG":
        image = image.convert("RGBA")
        if image.getchannel("A").getextrema() == (255, 255):
            image = image.convert("RGB")
    elif image.mode in ("1", "L") and fmt != "WEBP":
        image = image.convert("L")
    elif image.mode not in ("RGB", "CMYK"):
        image = image.convert("RGB")
    if isinstance(icc, bytes) and icc:
        image = _to_srgb(image, icc)
    if image.mode == "CMYK":
        image = image.convert("RGB")
    image.info = {}  # Pillow writes some of these back (a JPEG comment, PNG transparency)
    return image


def _to_srgb(image: Image.Image, icc: bytes) -> Image.Image:
    if image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        mode = "RGBA" if image.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(image, source, _SRGB, outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image  # a profile that does not fit the pixels is dropped, not applied
    return converted if converted is not None else image


def _encode(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    if fmt == "JPEG":
        image.save(buffer, "JPEG", quality=85, progressive=True, optimize=True)
    elif fmt == "PNG":
        image.save(buffer, "PNG", optimize=True)
    else:
        image.save(buffer, "WEBP", quality=85)
    return buffer.getvalue()
