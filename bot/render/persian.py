"""Persian text in images: shaped, ordered right to left, drawn in the shipped Vazirmatn.

Pillow draws glyphs one after another, left to right. Persian needs two steps before that:
letters take their joined forms (arabic_reshaper picks the presentation form of each letter),
and the line is put in visual order (python-bidi), with Latin words and numbers inside it kept
left to right. `shape` does both, so every image of the bot (posters here, KPI charts later,
with matplotlib) draws the same way.

Pillow with libraqm would shape and reorder by itself, and then reorder our already visual
text back; so text is always drawn with the BASIC layout engine, which draws what it is given.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import arabic_reshaper
from bidi.algorithm import get_display
from PIL import ImageDraw, ImageFont

# Installed wheels and checkouts keep package data as plain files, so a path works for Pillow
# and for matplotlib's font manager alike. The font is OFL (fonts/OFL.txt), shipped with the
# package: a pip install needs no system font.
_FONTS = Path(str(files("bot.render").joinpath("fonts")))
FONT_REGULAR = _FONTS / "Vazirmatn-Regular.ttf"
FONT_BOLD = _FONTS / "Vazirmatn-Bold.ttf"

Color = str | tuple[int, int, int]


def shape(text: str) -> str:
    """`text` (logical order, as typed) as Pillow must draw it: joined letters, visual order."""
    return str(get_display(arabic_reshaper.reshape(text)))


@lru_cache(maxsize=32)
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """Vazirmatn at `size` pixels (cached: posters ask for the same few sizes again)."""
    path = FONT_BOLD if bold else FONT_REGULAR
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)


def width(text: str, face: ImageFont.FreeTypeFont) -> float:
    """The drawn width of logical `text` in `face`."""
    return face.getlength(shape(text))


def wrap(text: str, face: ImageFont.FreeTypeFont, max_width: float) -> list[str]:
    """`text` in lines (logical order) that each fit `max_width`, broken between words; a
    word too wide for a line by itself is broken inside (after a hyphen if it has one)."""
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and width(candidate, face) <= max_width:
            lines[-1] = candidate
        elif width(word, face) <= max_width:
            lines.append(word)
        else:
            lines.extend(_break_word(word, face, max_width))
    return lines or [""]


def _break_word(word: str, face: ImageFont.FreeTypeFont, max_width: float) -> list[str]:
    pieces: list[str] = []
    rest = word
    while rest:
        end = 1
        while end < len(rest) and width(rest[: end + 1], face) <= max_width:
            end += 1
        if end < len(rest):
            hyphen = max(rest.rfind("-", 0, end), rest.rfind("_", 0, end))
            end = hyphen + 1 if hyphen > 0 else end
        pieces.append(rest[:end])
        rest = rest[end:]
    return pieces


def fit(
    text: str,
    *,
    max_width: float,
    size: int,
    min_size: int,
    bold: bool = False,
    max_lines: int = 1,
    max_height: float | None = None,
) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest font from `size` down to `min_size` at which `text` fits `max_lines` lines
    of `max_width` (and `max_height` in all); at `min_size` the lines are whatever it takes
    (wrapping never cuts a word)."""
    for step in range(size, min_size - 1, -2):
        face = font(step, bold)
        lines = wrap(text, face, max_width)
        fits = len(lines) <= max_lines and all(width(line, face) <= max_width for line in lines)
        if fits and (max_height is None or len(lines) * line_height(face) <= max_height):
            return face, lines
    face = font(min_size, bold)
    return face, wrap(text, face, max_width)


def draw_right(
    draw: ImageDraw.ImageDraw,
    text: str,
    *,
    right: float,
    top: float,
    face: ImageFont.FreeTypeFont,
    fill: Color = "black",
) -> None:
    """Draws one line of Persian `text` ending at `right` (its start, in reading order)."""
    draw.text((right, top), shape(text), font=face, fill=fill, anchor="ra")


def draw_centered(
    draw: ImageDraw.ImageDraw,
    text: str,
    *,
    center: float,
    top: float,
    face: ImageFont.FreeTypeFont,
    fill: Color = "black",
) -> None:
    """Draws one line of `text` centred on `center`."""
    draw.text((center, top), shape(text), font=face, fill=fill, anchor="ma")


def line_height(face: ImageFont.FreeTypeFont) -> int:
    """The distance from one line's top to the next's, room for Persian dots and marks."""
    ascent, descent = face.getmetrics()
    return int((ascent + descent) * 1.1)
