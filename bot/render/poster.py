"""A campaign's printable poster: the club, the campaign, a large QR code of its link.

Every word on it comes from the caller (the locales); this module only lays it out. The page is
A5-ish at 150 dpi (also fine scaled to A4), white, dark text, a QR large enough to scan from a
shop counter, and the link written out for whoever cannot scan.
"""

from __future__ import annotations

import io

import segno
from PIL import Image, ImageDraw

from bot.render.persian import draw_centered, fit, font, line_height

WIDTH, HEIGHT = 1240, 1748
MARGIN = 90
INK = (33, 37, 41)
ACCENT = (13, 110, 110)
QR_SIZE = 800
# Where the QR code sits (left, top); tests look for its dark modules there.
QR_TOP = 540
QR_BOX = ((WIDTH - QR_SIZE) // 2, QR_TOP, (WIDTH + QR_SIZE) // 2, QR_TOP + QR_SIZE)
BAND = 110  # the messenger's band at the foot of the page


def _qr(link: str) -> Image.Image:
    """The link's QR code, exactly QR_SIZE square with its quiet zone (black on white)."""
    # make_qr, not make: never a Micro QR, which phone cameras cannot read.
    code = segno.make_qr(link, error="q")
    modules = code.symbol_size(scale=1, border=4)[0]
    buffer = io.BytesIO()
    # A whole number of pixels per module (even modules print and scan best), centred.
    code.save(buffer, kind="png", scale=max(1, QR_SIZE // modules), border=4)
    buffer.seek(0)
    drawn = Image.open(buffer).convert("RGB")
    image = Image.new("RGB", (QR_SIZE, QR_SIZE), "white")
    offset = (QR_SIZE - drawn.width) // 2
    image.paste(drawn, (offset, offset))
    return image


def poster(
    *,
    campaign_name: str,
    club_name: str,
    link: str,
    messenger_label: str,
    call_to_action: str,
) -> bytes:
    """The poster as PNG bytes. `messenger_label` names the messenger the link opens (shown
    in the foot band); `call_to_action` is the line under the code. Long names wrap (up to
    three lines) and shrink; nothing is cut off."""
    page = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(page)
    center, usable = WIDTH / 2, WIDTH - 2 * MARGIN

    top = 80
    face, lines = fit(club_name, max_width=usable, size=64, min_size=36, bold=True, max_lines=1)
    for line in lines:
        draw_centered(draw, line, center=center, top=top, face=face, fill=INK)
        top += line_height(face)
    top += 20
    draw.line((MARGIN + 200, top, WIDTH - MARGIN - 200, top), fill=ACCENT, width=4)
    top += 40
    # The campaign's name fills the room left above the QR code.
    room = QR_TOP - 30 - top
    face, lines = fit(
        campaign_name,
        max_width=usable,
        max_height=room,
        size=104,
        min_size=32,
        bold=True,
        max_lines=3,
    )
    top += max(0, (room - len(lines) * line_height(face)) // 2)
    for line in lines:
        draw_centered(draw, line, center=center, top=top, face=face, fill=ACCENT)
        top += line_height(face)

    page.paste(_qr(link), QR_BOX[:2])

    # Under the code, laid out upwards from the foot band so nothing runs into it: the link
    # (Latin: shaping leaves it as it is), shrunk to one line, and above it the call to
    # action, on one line if a smaller font allows, else two.
    face, lines = fit(link, max_width=usable, size=40, min_size=18)
    bottom = HEIGHT - BAND - 40 - line_height(face)
    draw_centered(draw, lines[0], center=center, top=bottom, face=face, fill=INK)
    face, lines = fit(call_to_action, max_width=usable, size=48, min_size=36)
    if len(lines) > 1:
        face, lines = fit(call_to_action, max_width=usable, size=44, min_size=28, max_lines=2)
    bottom -= 10 + len(lines) * line_height(face)
    for line in lines:
        draw_centered(draw, line, center=center, top=bottom, face=face, fill=INK)
        bottom += line_height(face)

    draw.rectangle((0, HEIGHT - BAND, WIDTH, HEIGHT), fill=ACCENT)
    face = font(52, bold=True)
    label_top = HEIGHT - BAND + (BAND - line_height(face)) // 2
    draw_centered(draw, messenger_label, center=center, top=label_top, face=face, fill="white")

    out = io.BytesIO()
    page.save(out, format="PNG", optimize=True)
    return out.getvalue()
