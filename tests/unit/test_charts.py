"""Charts draw Persian glyphs, not boxes: a font without Persian draws two different words
alike (every letter the same missing-glyph box); the shipped font tells them apart. The KPI
charts' every character is also checked against the font's own character map."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import matplotlib
from PIL import Image, ImageChops

from bot.club.digits import format_number
from bot.i18n import load_texts
from bot.render.charts import bar_chart, fit, line_chart, paired_columns
from bot.render.persian import FONT_REGULAR

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


# The KPI charts (bot/render/stats.py): a line of members over Jalali days, and paired
# columns of points by Jalali week.

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"


def cmap(path: Path) -> set[int]:
    from fontTools.ttLib import TTFont

    return set(TTFont(str(path)).getBestCmap())


def chart_strings() -> str:
    """Everything the KPI charts write, as the Persian texts word it."""
    texts = load_texts("fa", "Asia/Tehran")
    keys = [
        "stats-chart-growth",
        "stats-chart-tiers",
        "stats-chart-points",
        "stats-chart-issued",
        "stats-chart-redeemed",
        *(f"month-{n}" for n in range(1, 13)),
        *(f"tier-{key}" for key in ("bronze", "silver", "gold", "diamond")),
    ]
    notes = texts("stats-chart-note", count=1_234_567, percent=89)
    return "".join(texts(key) for key in keys) + notes + PERSIAN_DIGITS


def test_the_shipped_font_has_a_glyph_for_every_character_the_kpi_charts_write() -> None:
    drawn = {ord(c) for c in chart_strings() if not c.isspace() and c != "\u200c"}
    missing = {chr(c) for c in drawn - cmap(FONT_REGULAR)}
    assert not missing, f"Vazirmatn lacks {sorted(missing)}"
    # And the comparison font really lacks them (else the tofu test below proves nothing).
    assert not {ord(c) for c in "امتیازآبان۱۲۳"} & cmap(NO_PERSIAN)


def kpi_charts(title: str, month: str, font_path: Path | None = None) -> list[Image.Image]:
    kwargs = {"font_path": font_path} if font_path is not None else {}
    days = [f"{PERSIAN_DIGITS[n]} {month}" for n in range(1, 8)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Glyph missing from font" for the boxes
        images = [
            line_chart(title, days, [3, 4, 4, 6, 7, 7, 9], number=format_number, **kwargs),
            paired_columns(
                title,
                days[:4],
                [(title, [5, 9, 7, 8]), (month, [2, 3, 1, 4])],
                number=format_number,
                **kwargs,
            ),
        ]
    assert all(data.startswith(b"\x89PNG") for data in images)
    return [Image.open(io.BytesIO(data)).convert("RGB") for data in images]


def test_the_kpi_charts_draw_persian_letters_not_tofu_boxes() -> None:
    # Same lengths, different letters: a font without Persian draws both as the same boxes.
    one, two = ("تعداد اعضا", "آبان"), ("پنجره کتاب", "آذرم")
    tofu_one, tofu_two = kpi_charts(*one, NO_PERSIAN), kpi_charts(*two, NO_PERSIAN)
    drawn_one, drawn_two = kpi_charts(*one), kpi_charts(*two)
    for index in range(2):
        assert not differs(tofu_one[index], tofu_two[index]), "boxes for every letter"
        assert differs(drawn_one[index], drawn_two[index])
        assert differs(drawn_one[index], tofu_one[index])


# Long labels and negative values.


def test_a_long_label_is_cut_with_an_ellipsis_and_a_short_one_kept() -> None:
    long = "سطح بسیار بسیار طولانی با نامی که مدیر باشگاه نوشته است"
    cut = fit(long)
    assert len(cut) <= 25 and cut.endswith("\u2026")
    assert long.startswith(cut[:-1])  # cut at a word's end
    assert fit("x" * 200) == "x" * 24 + "\u2026"
    assert fit("برنزی") == "برنزی"


def blank_right_edge(data: bytes, columns: int = 4) -> bool:
    image = Image.open(io.BytesIO(data)).convert("L")
    width, height = image.size
    return all(
        image.getpixel((x, y)) > 240 for x in range(width - columns, width) for y in range(height)
    )


def test_a_long_bar_label_stays_inside_the_picture() -> None:
    long = "سطح بسیار بسیار طولانی با نامی که مدیر باشگاه نوشته است و تمام نمی‌شود " * 3
    data = bar_chart("اعضا", [long, "برنزی", "x" * 200], [12, 5, 0], ["۱۲", "۵", "۰"])
    assert blank_right_edge(data)
    assert blank_right_edge(bar_chart("اعضا", ["برنزی", "نقره‌ای"], [3, 1], ["۳", "۱"]))


def second_color_pixels(data: bytes) -> int:
    image = Image.open(io.BytesIO(data)).convert("RGB")
    counts = {color: n for n, color in image.getcolors(maxcolors=1 << 24) or []}
    return counts.get((0xE0, 0xA0, 0x30), 0)


def test_negative_columns_are_drawn_below_zero_not_hidden() -> None:
    labels = ["۱ آذر", "۸ آذر"]
    shown = paired_columns("امتیاز", labels, [("داده", [50, 40]), ("استفاده", [30, 30])])
    negative = paired_columns("امتیاز", labels, [("داده", [50, 40]), ("استفاده", [-30, -30])])
    # The legend's swatch alone is a few hundred pixels; two columns are thousands.
    assert second_color_pixels(negative) > second_color_pixels(shown) // 2 > 1000
