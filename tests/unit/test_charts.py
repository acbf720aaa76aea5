"""Survey charts draw Persian glyphs, not boxes: a font without Persian draws two different
words alike (every letter the same missing-glyph box); the shipped font tells them apart."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import matplotlib
from PIL import Image, ImageChops

from bot.render.charts import bar_chart

NO_PERSIAN = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "cmr10.ttf"


def chart(title: str, labels: list[str], font_path: Path | None = None) -> Image.Image:
    notes = ["۳ (۷۵٪)", "۱ (۲۵٪)"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Glyph missing from font" for the boxes
        kwargs = {"font_path": font_path} if font_path is not None else {}
        data = bar_chart(title, labels, [3, 1], notes, **kwargs)
    assert data.startswith(b"\x89PNG")
    return Image.open(io.BytesIO(data)).convert("RGB")


def differs(a: Image.Image, b: Image.Image) -> bool:
    return a.size != b.size or ImageChops.difference(a, b).getbbox() is not None


def test_the_chart_draws_persian_letters_not_tofu_boxes() -> None:
    # Same number of letters, different letters (and the same shapes' lengths).
    one = ("بستنی", ["سیب", "نان"])
    two = ("کیمیا", ["مرغ", "شیر"])
    assert NO_PERSIAN.is_file()
    tofu_one, tofu_two = chart(*one, NO_PERSIAN), chart(*two, NO_PERSIAN)
    assert not differs(tofu_one, tofu_two), "a font without Persian draws every letter as a box"
    drawn_one, drawn_two = chart(*one), chart(*two)
    assert differs(drawn_one, drawn_two)
    assert differs(drawn_one, tofu_one)


def test_a_chart_of_eleven_options_and_no_answers_still_draws() -> None:
    labels = [str(v) for v in range(11)]
    data = bar_chart("NPS", labels, [0] * 11, ["۰"] * 11)
    assert Image.open(io.BytesIO(data)).size[0] == 800
