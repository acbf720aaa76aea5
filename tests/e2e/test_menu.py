"""The main menu end to end: points, history, member card, invite, help, not understood."""

from __future__ import annotations

import re
import struct
import zlib
from datetime import UTC, datetime

import segno

from bot.club.digits import to_persian_digits
from tests.e2e.test_purchases import buy, join, owner_of, void
from tests.e2e.world import MENU, World, sign_up, t

LATIN_DIGIT = re.compile(r"[0-9]")


# --- points -----------------------------------------------------------------------------------


async def test_points_show_balance_tier_and_points_needed_for_the_next_tier(world: World) -> None:
    member, _ = await join(world)
    await member.press(t("button-points"))
    text = member.last.content or ""
    assert text.splitlines() == [
        t("points-balance", balance=100),
        t("points-tier", tier=t("tier-bronze")),
        t("points-next", points=1000, tier=t("tier-silver")),
    ]
    assert "۱۰۰" in text and "۱٬۰۰۰" in text
    assert not LATIN_DIGIT.search(text)


async def test_only_purchase_points_bring_the_next_tier_closer(world: World) -> None:
    member, code = await join(world)
    await buy(owner_of(world), f"{code} 9500000 R-1")
    await member.press(t("button-points"))
    assert (member.last.content or "").splitlines() == [
        t("points-balance", balance=1050),
        t("points-tier", tier=t("tier-bronze")),
        t("points-next", points=50, tier=t("tier-silver")),
    ]


async def test_a_diamond_member_is_told_they_are_at_the_top(world: World) -> None:
    member, code = await join(world)
    owner = owner_of(world)
    await buy(owner, f"{code} 100000000 R-1")  # 10,000 points: gold
    await buy(owner, f"{code} 100000000 R-2")  # x1.25 = 12,500 more: diamond
    await member.press(t("button-points"))
    assert (member.last.content or "").splitlines() == [
        t("points-balance", balance=100 + 10_000 + 12_500),
        t("points-tier", tier=t("tier-diamond")),
        t("points-top-tier"),
    ]


# --- history ----------------------------------------------------------------------------------


async def test_history_shows_the_last_ten_entries_with_jalali_date_reason_and_amount(
    world: World,
) -> None:
    # 21:00 UTC on 2 August 2024 is already 00:30 on 3 August in Tehran: ۱۳ مرداد ۱۴۰۳.
    world.clock.now = datetime(2024, 8, 2, 21, 0, tzinfo=UTC)
    member, code = await join(world)
    owner = owner_of(world)
    for points in range(1, 12):
        await buy(owner, f"{code} {points * 10_000} R-{points}")
    await member.press(t("button-history"))
    day = "۱۳ مرداد ۱۴۰۳"
    purchase = t("ledger-purchase")
    assert (member.last.content or "").splitlines() == [t("history-title")] + [
        t("history-line", date=day, reason=purchase, amount=f"+{to_persian_digits(str(p))}")
        for p in range(11, 1, -1)
    ]
    assert member.buttons() == [t("button-history-more")]

    await member.press(t("button-history-more"))
    assert (member.last.content or "").splitlines() == [
        t("history-title"),
        t("history-line", date=day, reason=purchase, amount="+۱"),
        t("history-line", date=day, reason=t("ledger-profile"), amount="+۵۰"),
        t("history-line", date=day, reason=t("ledger-signup"), amount="+۵۰"),
    ]
    assert not member.last.inline_buttons()


async def test_history_paging_does_not_repeat_entries_added_between_pages(world: World) -> None:
    world.clock.now = datetime(2025, 3, 21, 6, 0, tzinfo=UTC)  # ۱ فروردین ۱۴۰۴
    member, code = await join(world)
    owner = owner_of(world)
    for points in range(1, 11):
        await buy(owner, f"{code} {points * 10_000} R-{points}")
    await member.press(t("button-history"))
    await buy(owner, f"{code} 990000 R-late")  # arrives while the member reads page one
    await member.press(t("button-history-more"))
    day = "۱ فروردین ۱۴۰۴"
    assert (member.last.content or "").splitlines() == [
        t("history-title"),
        t("history-line", date=day, reason=t("ledger-profile"), amount="+۵۰"),
        t("history-line", date=day, reason=t("ledger-signup"), amount="+۵۰"),
    ]


async def test_history_shows_a_voided_purchase_as_a_reversal(world: World) -> None:
    world.clock.now = datetime(2025, 3, 21, 6, 0, tzinfo=UTC)  # ۱ فروردین ۱۴۰۴
    member, code = await join(world)
    owner = owner_of(world)
    await buy(owner, f"{code} 250000 R-1")
    await void(owner, "R-1")
    await member.press(t("button-history"))
    day = "۱ فروردین ۱۴۰۴"
    assert (member.last.content or "").splitlines()[:3] == [
        t("history-title"),
        t("history-line", date=day, reason=t("ledger-reversal"), amount="-۲۵"),
        t("history-line", date=day, reason=t("ledger-purchase"), amount="+۲۵"),
    ]
    assert not member.last.inline_buttons()


# --- member card ------------------------------------------------------------------------------


def png_dark_pixels(data: bytes) -> list[list[bool]]:
    """A minimal PNG reader (no image library here): which pixels are dark."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, chunks = 8, []
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert zlib.crc32(kind + body) == crc, f"bad CRC in {kind!r}"
        chunks.append((kind, body))
        pos += 12 + length
    assert chunks[0][0] == b"IHDR" and chunks[-1][0] == b"IEND"
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    assert interlace == 0
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour]
    palette = next((body for kind, body in chunks if kind == b"PLTE"), b"")
    raw = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    bits = depth * channels
    stride, step = (width * bits + 7) // 8, max(1, bits // 8)
    rows: list[bytearray] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - step] if i >= step else 0
            up, corner = previous[i], previous[i - step] if i >= step else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + pred) & 0xFF
        rows.append(line)
        previous = line
    dark: list[list[bool]] = []
    for line in rows:
        if depth < 8:
            per_byte = 8 // depth
            values = [
                (line[x // per_byte] >> (8 - depth * (x % per_byte + 1))) & ((1 << depth) - 1)
                for x in range(width)
            ]
            brightness = [
                palette[3 * v] if colour == 3 else v * 255 // ((1 << depth) - 1) for v in values
            ]
        else:
            brightness = [
                palette[3 * line[x * channels]] if colour == 3 else line[x * channels]
                for x in range(width)
            ]
        dark.append([b < 128 for b in brightness])
    return dark


def qr_modules(pixels: list[list[bool]]) -> list[list[bool]]:
    """The module grid of a QR image: the top-left finder gives the quiet zone and scale."""
    top = next(y for y, row in enumerate(pixels) if any(row))
    left = pixels[top].index(True)
    run = next((i for i, v in enumerate(pixels[top][left:]) if not v), len(pixels[top]) - left)
    scale = run // 7
    assert scale >= 1 and run == 7 * scale, "no finder pattern at the top left"
    size = (len(pixels[0]) - 2 * left) // scale
    return [
        [pixels[top + r * scale + scale // 2][left + c * scale + scale // 2] for c in range(size)]
        for r in range(size)
    ]


def segno_matrices(content: str) -> list[list[list[bool]]]:
    """Every regular (not micro) QR symbol segno would make for this content."""
    return [
        [[bool(v) for v in row] for row in segno.make_qr(content, error=e, boost_error=b).matrix]
        for e in "lmqh"
        for b in (True, False)
    ]


async def test_member_card_is_a_scannable_qr_of_the_member_code_with_the_code_in_the_caption(
    world: World,
) -> None:
    member, code = await join(world)
    assert len(code) == 8
    await member.press(t("button-card"))
    card = member.last
    assert card.kind == "photo" and card.photo is not None
    assert card.caption == t(
        "card-caption", name="سارا محمدی", code=to_persian_digits(code), tier=t("tier-bronze")
    )
    assert to_persian_digits(code) in card.caption
    modules = qr_modules(png_dark_pixels(card.photo))
    # A regular QR symbol (21+ modules, three finders), which every phone camera reads;
    # a Micro QR (one finder) is not read by most phones or shop scanners.
    assert len(modules) >= 21
    assert modules in segno_matrices(code)


async def test_member_code_has_a_damm_check_digit(world: World) -> None:
    _, code = await join(world)
    table = (
        (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
        (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
        (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
        (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
        (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
        (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
        (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
        (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
        (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
        (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
    )
    interim = 0
    for digit in code:
        interim = table[interim][int(digit)]
    assert re.fullmatch(r"[1-9][0-9]{7}", code) and interim == 0


# --- invite -----------------------------------------------------------------------------------


async def test_invite_gives_a_telegram_deep_link_a_text_to_forward_and_friend_stats(
    world: World,
) -> None:
    member, code = await join(world)
    await member.press(t("button-invite"))
    intro, forward, stats = [m.content or "" for m in member.replies()]
    link = f"https://t.me/{world.telegram.username}?start=r_{code}"
    assert intro == t("invite-intro", points=100, friend_points=50)
    assert forward == t("invite-forward", link=link)
    assert stats == t("invite-stats", friends=0, points=0)
    payload = link.split("?start=", 1)[1]
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,64}", payload)

    friend = world.emu.user(world.telegram, first_name="علی", phone="+989351112233")
    await sign_up(friend, name="علی رضایی", start=f"/start {payload}")
    await member.press(t("button-invite"))
    assert member.replies()[-1].content == t("invite-stats", friends=1, points=100)


async def test_invite_on_bale_links_to_bale(world: World) -> None:
    user = world.emu.user(world.bale, first_name="سارا", phone="+989121234567")
    await sign_up(user)
    code = await world.scalar("SELECT code FROM members")
    await user.press(t("button-invite"))
    link = f"https://ble.ir/{world.bale.username}?start=r_{code}"
    assert [m.content for m in user.replies()][1] == t("invite-forward", link=link)


# --- help and anything not understood ---------------------------------------------------------


async def test_help_explains_the_menu(world: World) -> None:
    member, _ = await join(world)
    await member.press(t("button-help"))
    assert member.last.content == t("help")
    await member.send("/help")
    assert member.last.content == t("help")


async def test_text_the_bot_does_not_understand_gets_a_hint_and_the_menu(world: World) -> None:
    member, _ = await join(world)
    for text in ("سلام، خوبید؟", "موجودی امتیاز", "کیف پول"):  # chat, stale labels
        await member.send(text)
        assert [m.content for m in member.replies()] == [t("hint-not-understood")]
        assert member.last.reply_markup is not None
        assert member.keyboard() == MENU


async def test_a_sticker_gets_a_hint_and_the_menu(world: World) -> None:
    member, _ = await join(world)
    await member.send_sticker()
    assert [m.content for m in member.replies()] == [t("hint-not-understood")]
    assert member.keyboard() == MENU


async def test_a_stranger_is_invited_to_start(world: World) -> None:
    stranger = world.emu.user(world.telegram, first_name="رضا")
    await stranger.send(t("button-points"))
    assert stranger.last.content == t("hint-start")
    await stranger.send_sticker()
    assert stranger.last.content == t("hint-start")
