"""Persian in images: letters joined, right to left, Latin kept in order; the poster's shape."""

from __future__ import annotations

import io
import unicodedata

from PIL import Image

from bot.render.persian import FONT_BOLD, FONT_REGULAR, fit, font, shape, width, wrap
from bot.render.poster import HEIGHT, QR_BOX, WIDTH, poster

# Arabic Presentation Forms-A (Persian letters) and -B: the joined shapes of letters.
PRESENTATION = (range(0xFB50, 0xFE00), range(0xFE70, 0xFF00))


def presentation_forms(text: str) -> int:
    return sum(1 for ch in text if any(ord(ch) in block for block in PRESENTATION))


def test_shape_joins_letters_and_orders_them_right_to_left() -> None:
    shaped = shape("کمپین")
    assert shaped != "کمپین"
    assert presentation_forms(shaped) == len(shaped) == 5
    # Drawn left to right, the word's last letter (ن, final form) comes first and its first
    # letter (ک, initial form) last; the letters between are joined on both sides.
    names = [unicodedata.name(ch) for ch in shaped]
    assert names[0] == "ARABIC LETTER NOON FINAL FORM"
    assert names[-1] == "ARABIC LETTER KEHEH INITIAL FORM"
    assert all(name.endswith("MEDIAL FORM") for name in names[1:-1])


def test_shape_keeps_latin_words_and_digits_in_reading_order() -> None:
    shaped = shape("کمپین Yalda 2025 و ۱۴۰۵")
    assert "Yalda 2025" in shaped
    assert "۱۴۰۵" in shaped  # a number is never reversed
    assert presentation_forms(shaped) > 0
    assert shape("https://t.me/vafa_bot?start=c_ab12") == "https://t.me/vafa_bot?start=c_ab12"


def test_a_zero_width_non_joiner_keeps_its_letters_apart() -> None:
    joined, apart = shape("میشود"), shape("می\u200cشود")
    assert joined != apart


def test_the_shipped_fonts_are_found_and_draw_persian() -> None:
    assert FONT_REGULAR.is_file() and FONT_BOLD.is_file()
    assert width("باشگاه مشتریان", font(40)) > width("باشگاه", font(40)) > 0


def test_a_long_name_wraps_and_a_word_wider_than_the_line_is_broken() -> None:
    face = font(60, bold=True)
    lines = wrap("جشنواره‌ی بزرگ تخفیف‌های پاییزی فروشگاه در همه‌ی شعبه‌ها", face, 500)
    assert len(lines) > 1 and all(width(line, face) <= 500 for line in lines)
    pieces = wrap("الف" * 40, face, 300)
    assert "".join(pieces) == "الف" * 40 and all(width(p, face) <= 300 for p in pieces)
    face, lines = fit("نام" * 30, max_width=400, size=80, min_size=30, max_lines=2)
    assert all(width(line, face) <= 400 for line in lines)


def test_the_poster_is_a_printable_png_with_its_qr_code_in_place() -> None:
    png = poster(
        campaign_name="جشنواره‌ی یلدا ۱۴۰۵",
        club_name="باشگاه مشتریان وفا",
        link="https://t.me/vafa_test_bot?start=c_k3x9q2mz7a",
        messenger_label="تلگرام",
        call_to_action="کد را با دوربین گوشی اسکن کنید و عضو باشگاه شوید.",
    )
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(png)).convert("L")
    assert image.size == (WIDTH, HEIGHT)
    qr = image.crop(QR_BOX)
    dark = sum(qr.histogram()[:128])
    assert 0.25 < dark / (qr.width * qr.height) < 0.75  # modules, not a blank or a black box
    above = image.crop((0, 0, WIDTH, QR_BOX[1]))
    assert sum(above.histogram()[:200]) > 1000  # the names are drawn above it
