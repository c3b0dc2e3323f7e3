"""Illustrations for the demo exemplars, drawn locally with Pillow (nothing is downloaded).

Each picture is a soft two-colour gradient with a few translucent circles, a light band
and, when a CJK font is installed (``fc-match`` finds Noto Sans CJK or another font that
covers Chinese), the exemplar's name and the caption. Without such a font the picture
has no text. The same inputs give the same JPEG bytes on the same machine.
"""

from __future__ import annotations

import hashlib
import io
import random
import shutil
import subprocess
from functools import cache

from PIL import Image, ImageDraw, ImageFilter, ImageFont

WIDTH, HEIGHT = 960, 640

# Two colours per field of work: top-left and bottom-right of the gradient.
PALETTES: dict[str, tuple[tuple[int, int, int], tuple[int, int, int]]] = {
    "governance": ((178, 34, 34), (244, 164, 96)),
    "integrity": ((25, 55, 109), (112, 161, 215)),
    "enterprise": ((54, 69, 79), (160, 174, 192)),
    "community": ((46, 125, 50), (200, 230, 160)),
    "education": ((94, 53, 177), (206, 187, 240)),
    "medicine": ((0, 121, 140), (170, 225, 230)),
    "craftsmanship": ((140, 70, 20), (240, 190, 110)),
    "volunteering": ((216, 67, 21), (255, 204, 128)),
    "media": ((40, 53, 147), (159, 168, 218)),
}
DEFAULT_PALETTE = ((70, 70, 70), (200, 200, 200))


@cache
def cjk_font_file() -> tuple[str, int] | None:
    """The file and face index of a font that covers Simplified Chinese, or None.

    Noto Sans CJK SC is preferred; any font fontconfig lists for ``zh-cn`` will do.
    """
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    for pattern in ("Noto Sans CJK SC:style=Bold", "Noto Sans CJK SC", ":lang=zh-cn"):
        try:
            found = subprocess.run(  # noqa: S603 (a fixed program and patterns, no input)
                [fc_match, "-f", "%{file}\\n%{index}\\n%{lang}", pattern],
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            return None
        path, index, langs = ([*found.split("\n", 2), "", ""])[:3]
        if path and "zh-cn" in langs.split("|") and index.isdigit():
            return path, int(index)
    return None


def _font(size: int) -> ImageFont.FreeTypeFont | None:
    found = cjk_font_file()
    if found is None:
        return None
    try:
        return ImageFont.truetype(found[0], size, index=found[1])
    except OSError:
        return None


def _gradient(top: tuple[int, int, int], bottom: tuple[int, int, int]) -> Image.Image:
    """A diagonal gradient from ``top`` (top left) to ``bottom`` (bottom right)."""
    down = Image.linear_gradient("L").resize((WIDTH, HEIGHT))
    across = Image.linear_gradient("L").rotate(90)  # 0 on the left, 255 on the right
    ramp = Image.blend(down, across.resize((WIDTH, HEIGHT)), 0.5)  # (x + y) / 2
    size = (WIDTH, HEIGHT)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), ramp)


def _fit(
    draw: ImageDraw.ImageDraw, text: str, size: int, max_width: int
) -> ImageFont.FreeTypeFont | None:
    """The largest font, from ``size`` down, in which ``text`` fits ``max_width``."""
    while size >= 18:
        font = _font(size)
        if font is None:
            return None
        if draw.textlength(text, font=font) <= max_width:
            return font
        size -= 4
    return _font(18)


def illustration(name: str, caption: str, field: str) -> bytes:
    """A JPEG illustration for the exemplar ``name``, captioned ``caption``."""
    seed = int.from_bytes(hashlib.sha256(f"{name}|{caption}".encode()).digest()[:8], "big")
    rng = random.Random(seed)
    top, bottom = PALETTES.get(field, DEFAULT_PALETTE)
    image = _gradient(top, bottom)

    # The circles are drawn and blurred at a quarter of the size, then enlarged: soft
    # edges for a fraction of the cost of blurring the full picture.
    small = (WIDTH // 4, HEIGHT // 4)
    overlay = Image.new("RGBA", small, (0, 0, 0, 0))
    shapes = ImageDraw.Draw(overlay)
    for _i in range(7):
        radius = rng.randint(15, 55)
        x, y = rng.randint(0, small[0]), rng.randint(0, small[1])
        alpha = rng.randint(25, 60)
        shapes.ellipse(
            (x - radius, y - radius, x + radius, y + radius), fill=(255, 255, 255, alpha)
        )
    overlay = overlay.filter(ImageFilter.GaussianBlur(2)).resize(
        (WIDTH, HEIGHT), Image.Resampling.BICUBIC
    )
    image = Image.alpha_composite(image.convert("RGBA"), overlay)

    band = Image.new("RGBA", (WIDTH, HEIGHT), (0, 0, 0, 0))
    ImageDraw.Draw(band).rectangle((0, HEIGHT - 210, WIDTH, HEIGHT - 30), fill=(255, 255, 255, 160))
    image = Image.alpha_composite(image, band).convert("RGB")

    draw = ImageDraw.Draw(image)
    title_font = _fit(draw, name, 64, WIDTH - 120)
    if title_font is not None:
        draw.text((60, HEIGHT - 195), name, font=title_font, fill=top)
        caption_font = _fit(draw, caption, 32, WIDTH - 120)
        if caption and caption_font is not None:
            draw.text((62, HEIGHT - 92), caption, font=caption_font, fill=(60, 60, 60))
    else:  # no font: a plain emblem instead of the words
        draw.rectangle((60, HEIGHT - 165, 60 + 16, HEIGHT - 65), fill=top)

    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()
