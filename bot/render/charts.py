"""Charts as PNG with Persian text: a survey question's bars, and the club's numbers (members
over time as a line, points issued and redeemed by week as paired columns).

matplotlib from 3.11 lays text out with libraqm (letters joined, right to left by itself): it is
given the text as typed. An older one draws glyphs left to right as given, so there every
string goes through bot/render/persian.shape first (joined letters, visual order). Either way
the text is drawn in the shipped Vazirmatn, registered with matplotlib's font manager once.
The bars read right to left: option labels on the right, bars growing leftwards, counts and
shares at their ends. Time runs left to right (as Persian charts draw it too), with the value
axis on the right where a right-to-left reader starts; every number on an axis comes through
`number` (the texts' own, so Persian digits). The Agg backend draws without a display.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager, ft2font
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from bot.render.persian import FONT_REGULAR, shape

WIDTH_INCHES, DPI = 8.0, 100
BAR_COLOR, TEXT_COLOR = "#2f6f8f", "#222222"
SECOND_COLOR, GRID_COLOR = "#e0a030", "#dddddd"
Number = Callable[[int], str]
# A bar's label longer than this many characters is cut, with an ellipsis: a tier or an option
# an owner named at length would run off the picture's right edge.
LABEL_CHARS = 25


# libraqm shapes and orders by itself: our visual order would be reversed back.
_SHAPES_ITSELF = bool(getattr(ft2font, "__libraqm_version__", None))


def _text(text: str) -> str:
    return text if _SHAPES_ITSELF else shape(text)


def fit(label: str, most: int = LABEL_CHARS) -> str:
    """`label` in at most `most` characters: cut at a word's end where one is near, with an
    ellipsis at its end (its left, in Persian)."""
    label = " ".join(label.split())
    if len(label) <= most:
        return label
    cut = label[: most - 1]
    space = cut.rfind(" ")
    if space >= most // 2:
        cut = cut[:space]
    return cut.rstrip(" \u200c") + "\u2026"


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
        [_text(fit(label)) for label in labels], fontfamily=family, fontsize=12, color=TEXT_COLOR
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


def _png(figure: Figure) -> bytes:
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


def _value_axis(axes: Axes, family: str, number: Number) -> None:
    """Numbers on the right, whole numbers only, in the texts' digits, light grid lines."""
    axes.yaxis.tick_right()
    axes.yaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: number(round(value))))
    for label in axes.get_yticklabels():
        label.set_fontfamily(family)
    axes.tick_params(labelsize=10, colors=TEXT_COLOR, length=0)
    axes.grid(axis="y", color=GRID_COLOR, linewidth=0.8)
    axes.set_axisbelow(True)
    for side in ("top", "left", "right"):
        axes.spines[side].set_visible(False)


def _every(count: int, most: int) -> int:
    """Label every n-th point so at most `most` labels share the axis."""
    return max(1, -(-count // most))


def line_chart(
    title: str,
    labels: Sequence[str],
    values: Sequence[int],
    *,
    number: Number = str,
    font_path: Path = FONT_REGULAR,
) -> bytes:
    """One line through `values` (oldest first, left to right), every few `labels` on the
    axis (Jalali dates, say), the last value written at its point."""
    family = _family(str(font_path))
    figure = Figure(figsize=(WIDTH_INCHES, 4.5), dpi=DPI)
    axes = figure.subplots()
    positions = list(range(len(values)))
    axes.plot(positions, list(values), color=BAR_COLOR, linewidth=2.2, marker="o", markersize=3)
    step = _every(len(labels), 7)
    # Labelled from the newest back, so today's date is always on the axis.
    shown = positions[::-1][::step][::-1]
    axes.set_xticks(shown)
    axes.set_xticklabels(
        [_text(labels[p]) for p in shown], fontfamily=family, fontsize=10, color=TEXT_COLOR
    )
    _value_axis(axes, family, number)
    low, high = min(values, default=0), max(values, default=0)
    margin = max(1, (high - low) * 0.15)
    axes.set_ylim(max(0, low - margin), high + margin)
    # Room on the right for the last date label, centred on the last point.
    axes.set_xlim(-0.5, max(len(values) - 0.2, 0.8))
    if values:
        axes.annotate(
            _text(number(values[-1])),
            (positions[-1], values[-1]),
            textcoords="offset points",
            # Up and to the left of the point: clear of the value axis on the right.
            xytext=(-4, 8),
            ha="right",
            fontfamily=family,
            fontsize=11,
            color=TEXT_COLOR,
        )
    axes.set_title(_text(title), fontfamily=family, fontsize=14, color=TEXT_COLOR, loc="right")
    return _png(figure)


def paired_columns(
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    *,
    number: Number = str,
    font_path: Path = FONT_REGULAR,
) -> bytes:
    """Side-by-side columns per label (oldest first, left to right), one colour per series,
    named in a legend (logical Persian text)."""
    family = _family(str(font_path))
    figure = Figure(figsize=(WIDTH_INCHES, 4.5), dpi=DPI)
    axes = figure.subplots()
    count = max(len(series), 1)
    width = 0.8 / count
    colors = (BAR_COLOR, SECOND_COLOR)
    for index, (name, values) in enumerate(series):
        offsets = [p - 0.4 + width * (index + 0.5) for p in range(len(labels))]
        axes.bar(
            offsets,
            list(values),
            width=width * 0.95,
            color=colors[index % len(colors)],
            label=_text(name),
        )
    axes.set_xticks(list(range(len(labels))))
    axes.set_xticklabels(
        [_text(label) for label in labels], fontfamily=family, fontsize=10, color=TEXT_COLOR
    )
    _value_axis(axes, family, number)
    top = max((max(values, default=0) for _, values in series), default=0)
    low = min((min(values, default=0) for _, values in series), default=0)
    # Down to a negative value too (a week that took back more than it gave).
    axes.set_ylim(min(0, low) * 1.05, max(top * 1.05, 1))
    if low < 0:
        axes.axhline(0, color=TEXT_COLOR, linewidth=0.8)
    handles, names = axes.get_legend_handles_labels()
    axes.legend(
        # Read from the right: the first series rightmost.
        handles[::-1],
        names[::-1],
        prop={"family": family, "size": 11},
        frameon=False,
        # Above the columns, on the left, facing the title on the right.
        loc="lower left",
        bbox_to_anchor=(0.0, 1.0),
        ncol=len(series),
        labelcolor=TEXT_COLOR,
        markerfirst=False,
    )
    axes.set_title(_text(title), fontfamily=family, fontsize=14, color=TEXT_COLOR, loc="right")
    return _png(figure)
