"""Evidence files for the demo, drawn locally with Pillow (nothing is downloaded): a page
photographed on a desk (JPEG), or the same page as a one-page PDF.

The page carries a heading, a few lines of text (or grey bars standing for text when no
CJK font is installed) and a red seal. The same inputs give the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import random

from PIL import Image, ImageDraw, ImageFont

from jianxian.rectification.demo.spec import FileSpec

WIDTH, HEIGHT = 720, 960  # the page
DESK = (70, 62, 55)
PAPER = (250, 248, 240)
INK = (40, 40, 40)
SEAL = (200, 30, 30)


def _font(size: int) -> ImageFont.FreeTypeFont | None:
    from jianxian.exemplars.demo.photos import cjk_font_file

    found = cjk_font_file()
    if found is None:
        return None
    try:
        return ImageFont.truetype(found[0], size, index=found[1])
    except OSError:
        return None


def _page(spec: FileSpec) -> Image.Image:
    rng = random.Random(int.from_bytes(hashlib.sha256(spec.name.encode()).digest()[:8], "big"))
    page = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(page)
    title_font, body_font = _font(34), _font(22)
    y = 90
    if title_font is not None:
        width = draw.textlength(spec.title, font=title_font)
        size = 34
        while width > WIDTH - 120 and size > 20:
            size -= 2
            title_font = _font(size) or title_font
            width = draw.textlength(spec.title, font=title_font)
        draw.text(((WIDTH - width) / 2, y), spec.title, font=title_font, fill=INK)
    else:
        draw.rectangle((160, y, WIDTH - 160, y + 30), fill=(90, 90, 90))
    y += 90
    lines = list(spec.lines) or [""] * 6
    for line in lines:
        if line and body_font is not None:
            draw.text((80, y), line, font=body_font, fill=INK)
        else:
            draw.rectangle(
                (80, y + 6, 80 + rng.randint(300, WIDTH - 160), y + 18), fill=(170, 170, 170)
            )
        y += 44
    for _i in range(rng.randint(4, 8)):  # the rest of the page: lines of text
        draw.rectangle(
            (80, y + 6, 80 + rng.randint(250, WIDTH - 160), y + 16), fill=(200, 200, 200)
        )
        y += 36
    # The seal, bottom right.
    cx, cy, r = WIDTH - 190, HEIGHT - 200, 80
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=SEAL, width=6)
    draw.regular_polygon((cx, cy, 26), 5, rotation=rng.randint(0, 20), fill=SEAL)
    return page


def evidence_file(spec: FileSpec) -> bytes:
    """The file's bytes: a JPEG of the page on a desk, or a one-page PDF."""
    page = _page(spec)
    buffer = io.BytesIO()
    if spec.pdf:
        page.save(buffer, "PDF", resolution=96)
        return buffer.getvalue()
    desk = Image.new("RGB", (WIDTH + 120, HEIGHT + 120), DESK)
    desk.paste(page.rotate(1.5, expand=False, fillcolor=DESK), (60, 60))
    photo = desk.resize(((WIDTH + 120) * 2 // 3, (HEIGHT + 120) * 2 // 3))
    photo.save(buffer, "JPEG", quality=78)
    return buffer.getvalue()
