"""Adversarial reproductions for issue 5 (reviewer). Each test asserts the behaviour the issue
requires; a failing test is a finding."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from telegram.error import TimedOut

from bot.sender import Sender
from bot.storage import outbox
from bot.storage.db import Database
from bot.storage.outbox import Message, MessageClass
from tests.e2e.test_purchases import join, owner_of
from tests.e2e.world import World, t


async def test_export_document_is_not_kept_in_the_outbox_after_erasure(world: World) -> None:
    """Guard (passes today): the export is a read-only answer, sent from memory, so the
    document with name and phone is never written to the outbox."""
    member, _ = await join(world)
    await member.press(t("button-privacy"))
    await member.press(t("button-export"))
    await member.press(t("button-privacy"))
    await member.press(t("button-delete"))
    await member.press(t("button-delete-yes"))
    assert member.last.content == t("delete-done")
    rows = await world.rows("SELECT method, payload FROM outbox WHERE method = 'document'")
    assert rows == [], f"{len(rows)} export document(s) still stored after erasure"


async def test_confirm_text_with_name_and_code_kept_after_erasure(world: World) -> None:
    member, code = await join(world)
    owner = owner_of(world)
    await owner.send(f"/purchase {code} 250000 R-1")
    await owner.press(t("button-confirm"))
    await member.press(t("button-privacy"))
    await member.press(t("button-delete"))
    await member.press(t("button-delete-yes"))
    # A row still being sent carries its words (they are what is sent); once recorded, none.
    for _ in range(100):
        if not await world.scalar("SELECT count(*) FROM outbox WHERE status = 'sending'"):
            break
        await asyncio.sleep(0.02)
    rows = await world.rows("SELECT payload FROM outbox")
    dumped = [p if isinstance(p, str) else json.dumps(p) for (p,) in rows]
    leaked = sum(1 for d in dumped if "\\u0633\\u0627\\u0631\\u0627" in d or code in d)
    assert leaked == 0, f"{leaked} outbox rows still carry the erased member's name"


class _FlakyBot:
    """Accepts the message, then the answer is lost (a read timeout): Telegram delivered it."""

    def __init__(self) -> None:
        self.delivered = 0

    async def send_message(self, chat_id: int, text: str, reply_markup: Any = None) -> None:
        self.delivered += 1
        if self.delivered == 1:
            raise TimedOut("read timed out")


def _fake_club() -> Any:
    settings = SimpleNamespace(
        outbox_lease_seconds=30.0,
        telegram_rate_limit=1000,
        bale_rate_limit=1000,
        outbox_max_attempts=8,
        outbox_poll_seconds=1.0,
        quiet_hours="",
        timezone="Asia/Tehran",
        broadcast_in_flight=50,
    )
    return SimpleNamespace(settings=settings, now=lambda: datetime.now(UTC), db=None)


async def test_promotional_message_is_not_resent_after_a_timeout() -> None:
    """At most once: a promotional send that timed out may have been delivered; the sender
    retries it in memory (bot/sender.py _failed_for_now) and the member gets it twice."""
    from bot.platforms import Platform

    sender = Sender(_fake_club())
    bot = _FlakyBot()
    sender.register(Platform.TELEGRAM, bot)  # type: ignore[arg-type]
    message = Message("send", {"text": "sale!", "markup": None}, klass=MessageClass.PROMOTIONAL)
    message.platform, message.chat_id, message.id = "telegram", 42, 1
    sender.submit([message])
    await asyncio.wait_for(sender.wait_idle(), 10)
    assert bot.delivered == 1, f"promotional message delivered {bot.delivered} times"


async def test_clean_stop_does_not_make_an_inflight_promotion_sendable_again(
    sqlite_db: Database,
) -> None:
    """At most once: Sender.stop() cancels drainers mid-send; a promotional row it already
    handed to the messenger may have arrived, so release() gives it up. One never tried goes
    back for the next sender."""
    now = datetime.now(UTC)
    tried, untried = (
        Message("send", {"text": text, "markup": None}, klass=MessageClass.PROMOTIONAL)
        for text in ("sale!", "later")
    )
    for message in (tried, untried):
        message.platform, message.chat_id = "telegram", 42
    async with sqlite_db.write() as conn:
        await outbox.write(
            conn, [tried, untried], now=now, claimed_by="me", lease=timedelta(seconds=30)
        )
    assert tried.id is not None
    await outbox.release(sqlite_db, claimed_by="me", now=now, attempted=[tried.id])
    again = await outbox.claim(
        sqlite_db,
        claimed_by="other",
        now=now,
        lease=timedelta(seconds=30),
        limit=10,
        promotions=10,
    )
    assert [m.id for m in again] == [untried.id], "a promotion that may have gone out is claimable"


def test_a_live_process_is_never_taken_for_a_dead_one() -> None:
    """Two containers sharing a hostname are both pid 1, but in two PID namespaces: the host
    key differs, so neither takes the other's claims for a dead past life of its own. Within
    one namespace a process id and its start time name one process."""
    import os

    from bot import processes

    me = processes.name()
    assert me.startswith(f"{processes.HOST}:{os.getpid()}:")
    assert not processes.dead_on_this_host(me, "someone-else")  # alive: me
    # The same pid with another start time: that process is gone (its id was reused).
    reused = f"{processes.HOST}:{os.getpid()}:1"
    assert processes.dead_on_this_host(reused, me)
    # Another host, boot or PID namespace: nothing can be known here; the lease decides.
    assert not processes.dead_on_this_host(f"00000000:{os.getpid()}:1", me)
