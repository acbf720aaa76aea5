"""Bar charts as PNG with Persian text (a survey's question and its answers' counts).

matplotlib from 3.11 lays text out with libraqm (letters joined, right to left by itself): it is
given the text as typed. An older one draws glyphs left to right as given, so there every
string goes through bot/render/persian.shape first (joined letters, visual order). Either way
the text is drawn in the shipped Vazirmatn, registered with matplotlib's font manager once.
The bars read right to left: option labels on the right, bars growing leftwards, counts and
shares at their ends. The Agg backend draws without a display.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager, ft2font
from matplotlib.figure import Figure

from bot.render.persian import FONT_REGULAR, shape

WIDTH_INCHES, DPI = 8.0, 100
BAR_COLOR, TEXT_COLOR = "#2f6f8f", "#222222"


# libraqm shapes and orders by itself: our visual order would be reversed back.
_SHAPES_ITSELF = bool(getattr(ft2font, "__libraqm_version__", None))


def _text(text: str) -> str:
    return text if _SHAPES_ITSELF else shape(text)


@lru_cache(maxsize=8)
def _family(path: str) -> str:
    """The font file's family name, registered with matplotlib once."""
    font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name()


def bar_chart(
    title: str,
    labels: Sequence[str],
    values: Sequence[int],
    notes: Sequence[str],
    *,
    font_path: Path = FONT_REGULAR,
) -> bytes:
    """A horizontal bar per label (logical Persian text), the longest value widest; `notes`
    are written at the bars' ends (e.g. the count and the share, in Persian digits)."""
    family = _family(str(font_path))
    rows = max(len(labels), 1)
    figure = Figure(figsize=(WIDTH_INCHES, 1.4 + 0.55 * rows), dpi=DPI)
    axes = figure.subplots()
    positions = list(range(len(labels)))
    axes.barh(positions, list(values), color=BAR_COLOR, height=0.6)
    axes.invert_yaxis()  # the first option on top
    axes.invert_xaxis()  # bars grow from the right, as Persian reads
    axes.yaxis.tick_right()
    axes.set_yticks(positions)
    axes.set_yticklabels(
        [_text(label) for label in labels], fontfamily=family, fontsize=12, color=TEXT_COLOR
    )
    axes.set_xticks([])
    for side in ("top", "left", "bottom"):
        axes.spines[side].set_visible(False)
    top = max(values, default=0) or 1
    axes.set_xlim(top * 1.35, 0)
    for position, value, note in zip(positions, values, notes, strict=True):
        axes.text(
            value + top * 0.02,
            position,
            _text(note),
            va="center",
            ha="right",
            fontfamily=family,
            fontsize=11,
            color=TEXT_COLOR,
        )
    axes.set_title(_text(title), fontfamily=family, fontsize=14, color=TEXT_COLOR, loc="right")
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
