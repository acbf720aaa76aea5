"""Broadcasts end to end: composed in chat, previewed exactly, delivered once through the
outbox under the messenger's cap, paused, resumed, cancelled, held in quiet hours."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import jdatetime
import pytest
import sqlalchemy as sa

from bench.audience import add_members as seed
from bot.club.permissions import Role
from bot.emulator.driver import SimUser
from bot.storage.tables import members
from scheduler.jobs import minute_tick
from tests.e2e.test_purchases import owner_of
from tests.e2e.test_team import join_team
from tests.e2e.test_till import press_data
from tests.e2e.world import World, sign_up, t

PROMO = "تخفیف ویژه‌ی آخر هفته برای اعضای باشگاه"


async def add_members(world: World, count: int, *, platform: str = "telegram") -> list[SimUser]:
    """`count` members straight into the database, each with an emulated chat on `platform`."""
    bot = world.telegram if platform == "telegram" else world.bale
    users = [world.emu.user(bot, user_id=700_000 + i, first_name=f"M{i}") for i in range(count)]
    async with world.club.db.write() as conn:
        await seed(conn, [u.id for u in users], now=datetime.now(UTC), platform=platform)
    return users


def promos(user: SimUser, text: str = PROMO) -> int:
    return sum(1 for m in user.inbox if m.content == text)


async def until(check: Any, what: str, within: float = 20.0) -> None:
    deadline = time.perf_counter() + within
    while not await check():
        assert time.perf_counter() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.05)


async def delivery_reported(admin: SimUser, number: int = 1) -> None:
    """Waits for broadcast `number`'s delivery report to reach `admin` (it comes on its own
    time, and would otherwise land between a later press and its answer)."""
    head = t(
        "broadcast-report-done",
        number=number,
        sent=0,
        total=0,
        failed=0,
        unreachable=0,
        unknown=0,
        skipped=0,
        minutes=0,
        seconds=0,
        rate=0,
        limit=0,
    ).split("\n")[0]

    async def arrived() -> bool:
        return any((m.content or "").startswith(head) for m in admin.inbox)

    await until(arrived, f"broadcast {number}'s report")


async def status_of(world: World, broadcast_id: int = 1) -> str:
    return str(await world.scalar("SELECT status FROM broadcasts WHERE id = :i", i=broadcast_id))


async def finished(world: World, broadcast_id: int = 1) -> bool:
    return await status_of(world, broadcast_id) in ("done", "cancelled")


async def compose(
    owner: SimUser, text: str = PROMO, *, link: bool = False, later: bool = False
) -> None:
    """From /broadcast to the preview, to everyone, now (or, `later`, to the time step)."""
    await owner.send("/broadcast")
    await owner.press(t("button-broadcast-new"))
    await owner.send(text)
    if link:
        await owner.press(t("button-broadcast-add-link"))
        await owner.send("https://shop.example.com/sale")
        await owner.send("دیدن حراج")
    else:
        await owner.press(t("button-broadcast-no-link"))
    await owner.press(t("button-broadcast-everyone"))
    await owner.press(t("button-broadcast-later" if later else "button-broadcast-now"))


async def test_an_owner_composes_previews_and_every_member_gets_it_once(world: World) -> None:
    users = await add_members(world, 30)
    sara = world.emu.user(world.bale, first_name="سارا", phone="+989121234567")
    await sign_up(sara)
    owner = owner_of(world)
    await compose(owner, link=True)
    preview, summary = owner.inbox[-2], owner.inbox[-1]
    # The preview is what members get: the text, the link button, the way out.
    assert preview.content == PROMO
    assert [b["text"] for row in preview.reply_markup["inline_keyboard"] for b in row] == [
        "دیدن حراج",
        t("button-promo-off"),
    ]
    assert "۳۱" in (summary.content or "")  # the exact count: 30 + Sara
    await owner.press(t("button-broadcast-send"))
    await until(lambda: finished(world), "the broadcast to finish")
    await world.emu.settle()
    assert all(promos(u) == 1 for u in users)
    assert promos(sara) == 1  # on Bale, where she is
    received = next(m for m in users[0].inbox if m.content == PROMO)
    assert received.reply_markup == preview.reply_markup
    counts = dict(
        await world.rows("SELECT status, count(*) FROM outbox WHERE broadcast_id = 1 GROUP BY 1")
    )
    assert counts == {"sent": 31}
    # The final report replaced the progress message.
    report = owner.inbox[-1].content or ""
    assert report.startswith(t("broadcast-report-done", **report_values(31)).split("\n")[0])
    actions = [r[0] for r in await world.rows("SELECT action FROM audit ORDER BY id")]
    assert "broadcast_created" in actions and "broadcast_done" in actions


def report_values(sent: int) -> dict[str, Any]:
    return dict(
        number="۱",
        sent=sent,
        failed=0,
        unreachable=0,
        unknown=0,
        skipped=0,
        total=sent,
        minutes=0,
        seconds=0,
        rate="",
        limit=0,
    )


@pytest.mark.parametrize(
    ("typed", "answer"),
    [
        ("   ", "broadcast-empty"),
        ("ب" * 5000, "broadcast-too-long"),
    ],
)
async def test_bad_texts_get_a_clear_answer_and_the_step_stays(
    world: World, typed: str, answer: str
) -> None:
    owner = owner_of(world)
    await owner.send("/broadcast")
    await owner.press(t("button-broadcast-new"))
    await owner.send(typed)
    said = owner.last.content or ""
    if answer == "broadcast-too-long":
        assert said == t(answer, length=5000, most=4096)
    else:
        assert said == t(answer)
    await owner.send("متن درست")
    assert owner.last.content == t("broadcast-ask-button")
    assert await world.scalar("SELECT count(*) FROM broadcasts") == 0


async def test_a_send_time_in_the_past_or_wrong_is_refused_and_a_future_one_waits(
    world: World,
) -> None:
    await add_members(world, 3)
    owner = owner_of(world)
    await compose(owner, later=True)
    await owner.send("۱۴۰۵/۱۳/۴۰ ۱۰:۰۰")
    assert owner.last.content == t("broadcast-time-wrong")
    await owner.send("۱۴۰۰/۰۱/۰۱ ۱۰:۰۰")
    assert (owner.last.content or "").startswith(t("broadcast-time-past", now="").split("(")[0])
    local = (world.club.now() + timedelta(hours=2)).astimezone(ZoneInfo("Asia/Tehran"))
    await owner.send(jdatetime.datetime.fromgregorian(datetime=local).strftime("%Y/%m/%d %H:%M"))
    assert owner.buttons() == [t("button-broadcast-send"), t("button-broadcast-drop")]
    await owner.press(t("button-broadcast-send"))
    assert await status_of(world) == "scheduled"
    await world.runtime.broadcaster.step()  # type: ignore[union-attr]
    await world.emu.settle()
    assert await world.scalar("SELECT count(*) FROM outbox WHERE broadcast_id = 1") == 0
    # Two hours later the minute tick starts it.
    world.clock.now = world.clock.now + timedelta(hours=2, minutes=1)
    await minute_tick(world.club)
    assert await status_of(world) == "sending"
    await until(lambda: finished(world), "the scheduled broadcast to finish")


async def test_quiet_hours_hold_a_broadcast_and_replies_still_go(make_world: Any) -> None:
    world: World = await make_world(quiet_hours="22:00-09:00")
    # 23:30 in Tehran.
    world.clock.now = datetime(2026, 11, 29, 20, 0, tzinfo=UTC)
    users = await add_members(world, 5)
    owner = owner_of(world)
    await compose(owner)
    assert t("broadcast-quiet-note", hours="۲۲:۰۰-۰۹:۰۰") in (owner.last.content or "")
    await owner.press(t("button-broadcast-send"))
    await world.runtime.broadcaster.step()  # type: ignore[union-attr]
    await asyncio.sleep(1.5)  # the sender polls the outbox every second
    assert sum(promos(u) for u in users) == 0
    await owner.send("/whoami")  # a reply is not held by quiet hours
    assert "telegram" in (owner.last.content or "")
    world.clock.now = datetime(2026, 11, 30, 5, 31, tzinfo=UTC)  # 09:01 in Tehran
    await until(lambda: finished(world), "the broadcast after quiet hours")
    await world.emu.settle()
    assert all(promos(u) == 1 for u in users)


async def test_pause_resume_and_cancel(make_world: Any) -> None:
    world: World = await make_world(telegram_rate_limit=20, broadcast_in_flight=4)
    users = await add_members(world, 60)
    owner = owner_of(world)
    await compose(owner)
    await owner.press(t("button-broadcast-send"))
    progress = owner.inbox[-1]
    await until(lambda: _delivered_at_least(users, 5), "a few messages to go out", within=10)
    await press_data(owner, progress, "bc:pause:1")
    assert owner.callback_answers[-1] == t("broadcast-paused")
    await press_data(owner, progress, "bc:pause:1")  # a double tap changes nothing
    assert owner.callback_answers[-1] == t("broadcast-not-now")
    await asyncio.sleep(1.5)  # what was in flight lands
    paused_at = sum(promos(u) for u in users)
    await asyncio.sleep(1.0)
    assert sum(promos(u) for u in users) == paused_at < 60
    await press_data(owner, progress, "bc:resume:1")
    await until(lambda: _delivered_at_least(users, paused_at + 5), "sending to resume")
    await press_data(owner, progress, "bc:cancel:1")
    await until(lambda: finished(world), "the cancel to close the broadcast")

    async def closed() -> bool:  # the broadcaster skips the waiting rows a chunk at a time
        waiting = "SELECT count(*) FROM outbox WHERE broadcast_id = 1 AND status = 'pending'"
        return not await world.scalar(waiting)

    await until(closed, "the waiting rows to be skipped")
    await asyncio.sleep(0.5)
    delivered = sum(promos(u) for u in users)
    assert all(promos(u) <= 1 for u in users)
    assert delivered < 60
    skipped = await world.scalar(
        "SELECT count(*) FROM outbox WHERE broadcast_id = 1 AND status = 'skipped'"
    )
    assert skipped >= 60 - delivered - 4  # all but the in-flight window were closed
    assert await status_of(world) == "cancelled"
    actions = [r[0] for r in await world.rows("SELECT action FROM audit ORDER BY id")]
    for action in ("broadcast_paused", "broadcast_resumed", "broadcast_cancelled"):
        assert action in actions


async def _delivered_at_least(users: list[SimUser], count: int) -> bool:
    return sum(promos(u) for u in users) >= count


async def test_two_thousand_members_under_the_messengers_cap(make_world: Any) -> None:
    """The emulator answers 429 above its cap; the sender stays under it: every member gets
    the message once, blocked members are marked and skipped next time."""
    world: World = await make_world(telegram_rate_limit=400, broadcast_in_flight=100)
    world.emu.set_rate_cap(480, retry_after=1)
    users = await add_members(world, 2000)
    blocked = users[::100]
    for user in blocked:
        user.chat.blocked = True  # blocked the bot without the bot hearing of it yet
    owner = owner_of(world)
    await compose(owner)
    await owner.press(t("button-broadcast-send"))
    await until(lambda: finished(world), "2,000 messages", within=60)
    await world.emu.settle()
    stats = world.emu.rate_stats(world.telegram)
    assert stats.rejected_429 == 0
    assert stats.max_in_1s <= 480
    assert all(promos(u) == 1 for u in users if u not in blocked)
    assert all(promos(u) == 0 for u in blocked)
    counts = dict(
        await world.rows("SELECT status, count(*) FROM outbox WHERE broadcast_id = 1 GROUP BY 1")
    )
    assert counts == {"sent": 1980, "unreachable": 20}
    assert await world.scalar("SELECT count(*) FROM identities WHERE blocked_at IS NOT NULL") == 20
    # The next broadcast leaves them out from the start.
    await compose(owner, text="دومی")
    assert t(
        "broadcast-summary",
        count=1980,
        audience=t("broadcast-audience-everyone"),
        when=t("broadcast-when-now"),
    ) in (owner.last.content or "")


async def test_a_photo_is_uploaded_once_per_messenger(world: World) -> None:
    on_telegram = await add_members(world, 3)
    on_bale = await add_members(world, 4, platform="bale")
    owner = owner_of(world)
    await owner.send("/broadcast")
    await owner.press(t("button-broadcast-new"))
    await owner.send_photo(b"\x89PNG fake image bytes", caption=PROMO)
    await owner.press(t("button-broadcast-no-link"))
    await owner.press(t("button-broadcast-everyone"))
    await owner.press(t("button-broadcast-now"))
    assert owner.inbox[-2].kind == "photo" and owner.inbox[-2].caption == PROMO
    await owner.press(t("button-broadcast-send"))
    await until(lambda: finished(world), "the photo broadcast")
    await world.emu.settle()
    for user in [*on_telegram, *on_bale]:
        assert [m.photo for m in user.inbox if m.kind == "photo"] == [b"\x89PNG fake image bytes"]
    bale_photos = world.emu.calls_to("sendPhoto", world.bale)
    uploads = [p for p in bale_photos if not isinstance(p.get("photo"), str)]
    assert len(bale_photos) == 4 and len(uploads) == 1
    telegram_photos = world.emu.calls_to("sendPhoto", world.telegram)
    assert all(isinstance(p.get("photo"), str) for p in telegram_photos)


async def test_a_member_who_opted_out_gets_nothing(world: World) -> None:
    users = await add_members(world, 3)
    async with world.club.db.write() as conn:
        await conn.execute(
            sa.update(members).where(members.c.phone.like("%0000002")).values(promo_opt_out=True)
        )
    owner = owner_of(world)
    await compose(owner)
    assert "۲" in (owner.last.content or "")
    await owner.press(t("button-broadcast-send"))
    await until(lambda: finished(world), "the broadcast")
    await world.emu.settle()
    assert [promos(u) for u in users] == [1, 0, 1]


async def test_an_old_previews_send_button_never_sends_a_later_draft(world: World) -> None:
    await add_members(world, 4)
    owner = owner_of(world)
    await compose(owner, text="متن اول")
    first = owner.inbox[-1]
    nonce = first.reply_markup["inline_keyboard"][0][0]["callback_data"]
    await owner.send("/broadcast")
    await owner.press(t("button-broadcast-new"))
    await owner.send("پیش‌نویس ناتمام")
    await press_data(owner, first, nonce)  # the first preview's «ارسال», still on screen
    assert owner.callback_answers[-1] == t("hint-stale-button")
    await press_data(owner, first, "bc:send")  # a forged one without a nonce
    assert await world.scalar("SELECT count(*) FROM broadcasts") == 0


async def test_a_role_taken_away_mid_compose_ends_the_draft(world: World) -> None:
    await add_members(world, 3)
    admin = world.emu.user(world.telegram, user_id=5_050, first_name="Ali")
    await join_team(world, admin, Role.ADMIN)
    await admin.send("/broadcast")
    await admin.press(t("button-broadcast-new"))
    async with world.club.db.write() as conn:
        await conn.execute(sa.text("DELETE FROM team_roles WHERE user_id = 5050"))
    await admin.send(PROMO)
    assert admin.last.content == t("staff-only")
    assert (
        await world.scalar("SELECT count(*) FROM conversations WHERE platform_user_id = 5050") == 0
    )


@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", "https://.", "https://exa_mple.com", "https://a.com:99999/"]
)
async def test_a_link_a_messenger_would_refuse_is_asked_again(world: World, link: str) -> None:
    owner = owner_of(world)
    await owner.send("/broadcast")
    await owner.press(t("button-broadcast-new"))
    await owner.send(PROMO)
    await owner.press(t("button-broadcast-add-link"))
    await owner.send(link)
    assert owner.last.content == t("broadcast-url-wrong")
    await owner.send("\u200fhttps://shop.example.com/sale\u200f")  # pasted from Persian text
    assert owner.last.content == t("broadcast-ask-label", most=40)


async def test_a_gregorian_year_is_not_taken_for_a_jalali_one(world: World) -> None:
    owner = owner_of(world)
    await compose(owner, later=True)
    await owner.send("2026/12/01 10:00")
    assert owner.last.content == t("broadcast-time-far")
