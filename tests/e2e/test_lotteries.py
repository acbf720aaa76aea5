"""Lotteries end to end: an admin builds one (bad input answered, the commitment announced),
members buy tickets with points (a confirmation, a cap, a deadline, a double tap buying
once), a cancel refunds, and the draw is recomputed here from the revealed seed, redone after
a crash without a second notice, and checked by `python -m bot verify-draw`."""

from __future__ import annotations

import asyncio
import hashlib
import json
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import jdatetime
import pytest

from bot.__main__ import main
from bot.club import ledger, lotteries
from bot.emulator.driver import Emulator, SimUser
from tests.e2e.test_purchases import owner_of
from tests.e2e.test_till import press_data
from tests.e2e.world import Clock, World, sign_up, t, world_settings

PRIZES = "هدفون بی‌سیم\nامتیاز هدیه + ۵۰۰"


def when(world: World, ahead: timedelta) -> str:
    """A moment typed as an admin types it: Jalali, Tehran time."""
    local = (world.clock.now + ahead).astimezone(ZoneInfo("Asia/Tehran"))
    return jdatetime.datetime.fromgregorian(datetime=local).strftime("%Y/%m/%d %H:%M")


async def create(
    world: World, *, price: str = "30", cap: str = "5", title: str = "قرعه‌کشی یلدا"
) -> int:
    """The owner builds a lottery through /lotteries; returns its id."""
    owner = owner_of(world)
    await owner.send("/lotteries")
    await owner.press(t("button-lta-new"))
    await owner.send(title)
    await owner.send(PRIZES)
    await owner.send(price)
    if price not in ("0", "۰"):
        await owner.send(cap)
    await owner.press(t("lta-audience-all"))
    await owner.send(when(world, timedelta(days=2)))
    await owner.press(t("button-lta-save"))
    return int(await world.scalar("SELECT max(id) FROM lotteries"))


async def member(world: World, n: int, *, bale: bool = False) -> SimUser:
    """A member with 100 points (welcome and profile)."""
    handle = world.bale if bale else world.telegram
    user = world.emu.user(handle, first_name="سارا", phone=f"+98912123{n:04d}")
    await sign_up(user, name=f"سارا محمدی{'' if n == 0 else ' ' + 'ابپتثجچ'[n % 7]}")
    return user


async def balance(world: World, user: SimUser) -> int:
    return int(
        await world.scalar(
            "SELECT m.balance FROM members m JOIN identities i ON i.member_id = m.id"
            " WHERE i.platform_user_id = :u",
            u=user.id,
        )
    )


async def open_lottery(user: SimUser, lottery: int) -> None:
    await user.send("/whoami")  # a message of the bot's to press on
    await press_data(user, user.last, f"lot:s:{lottery}")


async def buy(user: SimUser, lottery: int, count: int = 1) -> None:
    await open_lottery(user, lottery)
    await user.press(t("button-lottery-buy", count=count))
    await user.press(t("button-lottery-yes"))


def by_hand(seed: bytes, entries: list[tuple[int, int]], prizes: int) -> list[tuple[int, int]]:
    """The published algorithm, recomputed here without the bot's code."""
    won: list[tuple[int, int]] = []
    for k in range(1, prizes + 1):
        pool = [(m, n) for m, n in entries if m not in {w for _, w in won}]
        size = sum(n for _, n in pool)
        if not size:
            break
        attempt = 0
        while True:
            h = hashlib.sha256(seed + k.to_bytes(4, "big") + attempt.to_bytes(4, "big")).digest()
            x = int.from_bytes(h, "big")
            if x < 2**256 - 2**256 % size:
                break
            attempt += 1
        r, total = x % size, 0
        for m, n in pool:
            total += n
            if total > r:
                won.append((k, m))
                break
    return won


async def recomputed(world: World, lottery: int) -> list[tuple[int, int]]:
    seed, commitment = (
        await world.rows("SELECT seed, commitment FROM lotteries WHERE id = :l", l=lottery)
    )[0]
    assert hashlib.sha256(bytes.fromhex(seed)).hexdigest() == commitment
    entries = await world.rows(
        "SELECT member_id, tickets FROM lottery_entries WHERE lottery_id = :l ORDER BY id",
        l=lottery,
    )
    return by_hand(bytes.fromhex(seed), [(int(m), int(n)) for m, n in entries], 2)


async def winners(world: World, lottery: int) -> list[tuple[int, int]]:
    rows = await world.rows(
        "SELECT prize, member_id FROM lottery_winners WHERE lottery_id = :l ORDER BY prize",
        l=lottery,
    )
    return [(int(p), int(m)) for p, m in rows]


# The builder


async def test_an_admin_builds_a_lottery_bad_input_is_answered_and_the_commitment_announced(
    world: World,
) -> None:
    owner = owner_of(world)
    await owner.send("/lotteries")
    assert owner.last.content == t("lta-list-empty")
    await owner.press(t("button-lta-new"))
    wrongs = [
        ("ی" * 65, t("lta-error-title", most=64)),
        ("قرعه‌کشی یلدا", None),
        ("هدیه + چند", t("lta-error-prizes", most=10, length=64)),
        ("\n".join(["جایزه"] * 11), t("lta-error-prizes", most=10, length=64)),
        (PRIZES, None),
        ("-۵", t("lta-error-price")),
        ("۳۰", None),
        ("۰", t("lta-error-per-member", most=1000)),
        ("۵", None),
    ]
    for text, error in wrongs:
        await owner.send(text)
        if error is not None:
            assert [m.content for m in owner.replies()] == [error]
    await owner.send("hello")  # the audience step takes buttons
    assert t("lta-use-buttons") in [m.content for m in owner.replies()]
    await owner.press(t("lta-audience-all"))
    await owner.send("فردا")
    assert owner.last.content == t("lta-error-deadline")
    await owner.send(when(world, timedelta(days=-1)))
    assert owner.last.content.startswith(t("lta-error-deadline-past", now=world.clock.now)[:20])
    await owner.send(when(world, timedelta(days=400)))
    assert owner.last.content == t("lta-error-deadline-far")
    await owner.send(when(world, timedelta(days=2)))
    assert owner.buttons() == [t("button-lta-save"), t("button-lta-drop")]
    preview = owner.last
    save = str(preview.inline_buttons()[0]["callback_data"])
    await owner.press(t("button-lta-save"))
    await press_data(owner, preview, save)  # a second tap of Save
    assert owner.callback_answers[-1] == t("lta-preview-gone")
    assert await world.scalar("SELECT count(*) FROM lotteries") == 1
    row = (
        await world.rows(
            "SELECT seed, commitment, price, per_member, status, prizes FROM lotteries"
        )
    )[0]
    assert hashlib.sha256(bytes.fromhex(row.seed)).hexdigest() == row.commitment
    assert (row.price, row.per_member, row.status) == (30, 5, "open")
    assert [p["points"] for p in json.loads(row.prizes)] == [0, 500]
    announced = await world.scalar("SELECT text FROM broadcasts")
    assert row.commitment in announced and row.seed not in announced
    audit = await world.rows("SELECT action FROM audit WHERE action LIKE 'lottery%'")
    assert [a for (a,) in audit] == ["lottery_created"]
    assert await world.scalar("SELECT count(*) FROM conversations") == 0


# Buying


async def test_a_member_buys_after_a_confirmation_and_a_double_tap_buys_once(world: World) -> None:
    lottery = await create(world)
    sara = await member(world, 1)
    await open_lottery(sara, lottery)
    await sara.press(t("button-lottery-buy", count=1))
    assert (
        t("lottery-confirm", title="قرعه‌کشی یلدا", count=1, cost=30, balance=100)
        == sara.last.content
    )
    confirm = sara.last
    await sara.press(t("button-lottery-yes"))
    assert sara.callback_answers[-1] == t("lottery-bought")
    await press_data(sara, confirm, f"lot:y:{lottery}:1:1")  # the same confirmation again
    assert sara.callback_answers[-1] == t("lottery-already-bought")
    assert await balance(world, sara) == 70
    keys = await world.rows("SELECT idempotency_key, delta FROM ledger WHERE kind = 'lottery'")
    assert [tuple(k) for k in keys] == [
        (f"lottery:{lottery}:{await member_id(world, sara)}:1", -30)
    ]
    assert await world.scalar("SELECT tickets FROM lotteries") == 1


async def member_id(world: World, user: SimUser) -> int:
    return int(
        await world.scalar(
            "SELECT member_id FROM identities WHERE platform_user_id = :u", u=user.id
        )
    )


async def test_too_few_points_the_cap_and_the_deadline_refuse_and_change_nothing(
    world: World,
) -> None:
    lottery = await create(world, price="40", cap="2")
    sara = await member(world, 1)
    await buy(sara, lottery, 1)
    await open_lottery(sara, lottery)
    # One more fits the cap of two; five would not.
    assert t("button-lottery-buy", count=5) not in sara.buttons()
    await sara.press(t("button-lottery-buy", count=1))
    stale_confirm = sara.last
    # The points go elsewhere before the confirmation is pressed.
    async with world.club.db.write() as conn:
        await ledger.debit(
            conn,
            member_id=await member_id(world, sara),
            points=30,
            kind="test",
            key="t:1",
            now=world.clock.now,
        )
    await sara.press(t("button-lottery-yes"))
    assert sara.callback_answers[-1] == t("lottery-too-few-points-short")
    assert await balance(world, sara) == 30
    await open_lottery(sara, lottery)
    await sara.press(t("button-lottery-buy", count=1))
    assert sara.last.content == t("lottery-too-few-points", cost=40, balance=30)
    # A forged purchase over the cap.
    async with world.club.db.write() as conn:
        await ledger.credit(
            conn,
            member_id=await member_id(world, sara),
            points=500,
            kind="test",
            key="t:2",
            now=world.clock.now,
        )
    await press_data(sara, stale_confirm, f"lot:y:{lottery}:2:2")
    assert sara.callback_answers[-1] == t("lottery-cap-reached")
    world.clock.now += timedelta(days=3)
    await press_data(sara, stale_confirm, f"lot:y:{lottery}:1:2")
    assert sara.callback_answers[-1] == t("lottery-closed")
    assert await world.scalar("SELECT count(*) FROM lottery_entries") == 1
    assert await balance(world, sara) == 530


async def test_a_stranger_pressing_a_forwarded_button_is_told_how_to_join(world: World) -> None:
    lottery = await create(world)
    stranger = world.emu.user(world.telegram, user_id=7_777, first_name="Sam")
    await stranger.send("/whoami")
    for data in (f"lot:s:{lottery}", f"lot:y:{lottery}:1:1", "lot:mine"):
        await press_data(stranger, stranger.last, data)
        assert stranger.callback_answers[-1] == t("hint-start")
    sara = await member(world, 1)
    await sara.send("/whoami")
    for data in ("lot:y:x:1:1", f"lot:y:{lottery}:1", "lot:zz:1", "lta:drawy:1"):
        await press_data(sara, sara.last, data)
        assert sara.callback_answers[-1] != t("lottery-bought")
    assert await world.scalar("SELECT count(*) FROM lottery_entries") == 0


async def test_a_member_on_bale_buys_a_free_ticket_and_sees_it_under_my_tickets(
    world: World,
) -> None:
    lottery = await create(world, price="0")
    reza = await member(world, 2, bale=True)
    await open_lottery(reza, lottery)
    assert reza.buttons() == [t("button-lottery-buy", count=1), t("button-lottery-back")]
    await reza.press(t("button-lottery-buy", count=1))
    await reza.press(t("button-lottery-yes"))
    assert await balance(world, reza) == 100
    await press_data(reza, reza.last, "lot:mine")
    assert t(
        "lottery-mine-line", title="قرعه‌کشی یلدا", tickets=1, state=t("lottery-status-open")
    ) in (reza.last.content or "")
    await open_lottery(reza, lottery)
    assert t("lottery-cap-reached") in (reza.last.content or "")


# Cancel


async def test_cancelling_refunds_every_ticket_and_tells_the_buyers(world: World) -> None:
    lottery = await create(world)
    sara, ali = await member(world, 1), await member(world, 2)
    await buy(sara, lottery, 1)
    await buy(sara, lottery, 1)
    await buy(ali, lottery, 1)
    owner = owner_of(world)
    await owner.send("/whoami")
    await press_data(owner, owner.last, f"lta:cancel:{lottery}")
    await owner.press(t("button-lta-cancel-yes"))
    assert owner.callback_answers[-1] == t("lta-cancelled")
    await press_data(owner, owner.last, f"lta:cancely:{lottery}")
    assert owner.callback_answers[-1] == t("lta-not-open")
    assert (await balance(world, sara), await balance(world, ali)) == (100, 100)
    refunds = await world.rows(
        "SELECT idempotency_key, delta FROM ledger WHERE kind = 'lottery-refund' ORDER BY id"
    )
    assert [d for _, d in refunds] == [60, 30]
    assert t("lottery-cancelled-refund", title="قرعه‌کشی یلدا", points=60) in [
        m.content for m in sara.inbox
    ]
    await press_data(ali, ali.last, f"lot:y:{lottery}:1:2")
    assert ali.callback_answers[-1] == t("lottery-closed")
    assert await world.scalar("SELECT count(*) FROM lottery_entries") == 3


# The draw


async def test_the_admins_draw_is_the_published_function_of_the_seed_and_is_verifiable(
    world: World, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lottery = await create(world)
    users = [await member(world, n) for n in range(1, 4)]
    for n, user in enumerate(users, start=1):
        await buy(user, lottery, 1)
        if n == 3:
            await buy(user, lottery, 1)
    owner = owner_of(world)
    await owner.send("/whoami")
    await press_data(owner, owner.last, f"lta:draw:{lottery}")
    await owner.press(t("button-lta-draw-yes"))
    assert owner.callback_answers[-1] == t("lta-drawn")
    won = await winners(world, lottery)
    assert won == await recomputed(world, lottery) and len(won) == 2
    seed = await world.scalar("SELECT seed FROM lotteries")
    assert t("lta-seed", seed=seed, lottery=str(lottery)) in (owner.last.content or "")
    # The second prize carries 500 points, credited once.
    prize = await world.rows("SELECT member_id, delta FROM ledger WHERE kind = 'lottery-prize'")
    assert [(int(m), d) for m, d in prize] == [(won[1][1], 500)]
    told = {u: [m.content or "" for m in u.inbox] for u in users}
    for user in users:
        mid = await member_id(world, user)
        won_prize = [p for p, m in won if m == mid]
        if won_prize:
            title = PRIZES.splitlines()[won_prize[0] - 1].split("+")[0].strip()
            assert t("lottery-you-won", title="قرعه‌کشی یلدا", prize=title) in told[user]
        else:  # the result, with the seed (an outbox row the sender picks up)
            for _ in range(50):
                if any(seed in (m.content or "") for m in user.inbox):
                    break
                await asyncio.sleep(0.1)
            assert any(seed in (m.content or "") for m in user.inbox)
    await press_data(owner, owner.last, f"lta:drawy:{lottery}")
    assert owner.callback_answers[-1] == t("lta-not-open")
    # verify-draw: 0 when the stored winners are the recomputed ones, 1 otherwise.
    monkeypatch.setenv("DATABASE_URL", world.settings.database_url)
    monkeypatch.chdir("/tmp")
    assert await asyncio.to_thread(main, ["verify-draw", str(lottery)]) == 0
    assert capsys.readouterr().out.startswith(f"lottery {lottery}: OK")
    async with world.club.db.write() as conn:
        await conn.execute(
            lotteries.lottery_winners.update()
            .where(lotteries.lottery_winners.c.prize == 1)
            .values(member_id=999)
        )
    assert await asyncio.to_thread(main, ["verify-draw", str(lottery)]) == 1
    assert "MISMATCH" in capsys.readouterr().out
    for bad in (["verify-draw", "abc"], ["verify-draw"], ["verify-draw", "99"]):
        assert await asyncio.to_thread(main, bad) == 1
        assert len(capsys.readouterr().out.strip().splitlines()) == 1
    # A SQLite file that is not there is named, and not created by the check.
    monkeypatch.setenv("DATABASE_URL", "sqlite+aiosqlite:////tmp/no-such-vafa/vafa.db")
    assert await asyncio.to_thread(main, ["verify-draw", str(lottery)]) == 1
    assert capsys.readouterr().out.startswith("verify-draw: no database at /tmp/no-such-vafa")
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://nobody:x@127.0.0.1:1/none")
    assert await asyncio.to_thread(main, ["verify-draw", str(lottery)]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and out[0].startswith("verify-draw: cannot read the database")


async def test_a_draw_killed_after_its_winners_is_redone_identically_with_one_notice(
    world: World,
) -> None:
    lottery = await create(world)
    for n in range(1, 4):
        await buy(await member(world, n), lottery, 1)
    club = world.club
    assert await lotteries.claim(club, lottery)
    await lotteries.write_winners(club, lottery)  # ... and the process dies here
    first = await winners(world, lottery)
    notices_before = await world.scalar("SELECT count(*) FROM outbox")
    # After the restart the tick finds it half done and finishes it.
    assert await lotteries.draw_due(club) == [lottery]
    assert await winners(world, lottery) == first == await recomputed(world, lottery)
    rows = await world.scalar("SELECT count(*) FROM outbox") - notices_before
    assert rows == 3  # two winners told, one other participant told the result
    assert await lotteries.draw_due(club) == []
    assert await world.scalar("SELECT count(*) FROM outbox") - notices_before == 3
    assert await world.scalar("SELECT count(*) FROM ledger WHERE kind = 'lottery-prize'") == 1


async def test_the_minute_tick_draws_a_lottery_once_its_deadline_has_passed(world: World) -> None:
    lottery = await create(world)
    await buy(await member(world, 1), lottery, 1)
    assert await lotteries.draw_due(world.club) == []
    world.clock.now += timedelta(days=2, minutes=1)
    assert await lotteries.draw_due(world.club) == [lottery]
    assert await world.scalar("SELECT status FROM lotteries") == "drawn"
    assert len(await winners(world, lottery)) == 1


async def test_a_lottery_whose_draw_keeps_failing_does_not_hold_up_the_next(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = await create(world), await create(world, title="قرعه‌کشی نوروز")
    sara = await member(world, 1)
    await buy(sara, first, 1)
    await buy(sara, second, 1)
    world.clock.now += timedelta(days=2, minutes=1)
    real = lotteries.write_winners

    async def broken(club: Any, lottery_id: int) -> None:
        if lottery_id == first:
            raise RuntimeError("bad data")
        await real(club, lottery_id)

    monkeypatch.setattr(lotteries, "write_winners", broken)
    assert await lotteries.draw_due(world.club) == [second]
    monkeypatch.setattr(lotteries, "write_winners", real)
    assert await lotteries.draw_due(world.club) == [first]  # the next tick, mended
    statuses = await world.rows("SELECT status FROM lotteries ORDER BY id")
    assert [row[0] for row in statuses] == ["drawn", "drawn"]


@pytest.fixture
async def pg_world(emu: Emulator, postgres_url: str) -> Any:
    world = World(emu, world_settings(emu, postgres_url), Clock())
    await world.start()
    yield world
    await world.stop()


async def test_two_presses_of_one_confirmation_at_once_buy_once_on_sqlite(world: World) -> None:
    await two_presses_at_once(world)


async def test_two_presses_of_one_confirmation_at_once_buy_once_on_postgresql(
    pg_world: World,
) -> None:
    await two_presses_at_once(pg_world)


async def two_presses_at_once(world: World) -> None:
    lottery = await create(world)
    sara = await member(world, 1)
    await open_lottery(sara, lottery)
    await sara.press(t("button-lottery-buy", count=1))
    confirm = sara.last
    ids = [
        world.emu.state.user_callback(sara.bot, sara.chat, confirm, f"lot:y:{lottery}:1:1")
        for _ in range(2)
    ]
    sara._start()
    await asyncio.gather(*(sara._finish(i, True, 10.0) for i in ids))
    assert await world.scalar("SELECT count(*) FROM lottery_entries") == 1
    assert await balance(world, sara) == 70
    assert sorted(sara.callback_answers[-2:]) == sorted(
        [t("lottery-bought"), t("lottery-already-bought")]
    )


async def test_the_menu_item_lists_open_lotteries_and_my_tickets(world: World) -> None:
    lottery = await create(world)
    sara = await member(world, 1)
    await sara.press(t("button-lotteries"))
    assert sara.last.content == t("lottery-list-title")
    await sara.press(t("button-lottery-item", title="قرعه‌کشی یلدا"))
    await sara.press(t("button-lottery-buy", count=5))  # 150 points: more than 100
    assert sara.last.content == t("lottery-too-few-points", cost=150, balance=100)
    assert sara.buttons() == [t("button-lottery-back")]
    await sara.press(t("button-lottery-back"))
    await sara.press(t("button-lottery-back"))
    await sara.press(t("button-lottery-mine"))
    assert sara.last.content == t("lottery-mine-empty")
    await buy(sara, lottery, 1)
    await sara.press(t("button-lotteries"))
    await sara.press(t("button-lottery-mine"))
    assert t(
        "lottery-mine-line", title="قرعه‌کشی یلدا", tickets=1, state=t("lottery-status-open")
    ) in (sara.last.content or "")
