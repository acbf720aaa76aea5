"""The member and cashier journey on PostgreSQL: one transaction per update (savepoints for
a handler's later writes), the outbox and the sender, as on SQLite."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from bot.emulator.driver import Emulator
from tests.e2e.test_purchases import buy, join, owner_of, void
from tests.e2e.world import Clock, World, t, world_settings


@pytest.fixture
async def pg_world(emu: Emulator, postgres_url: str) -> AsyncIterator[World]:
    world = World(emu, world_settings(emu, postgres_url), Clock())
    await world.start()
    yield world
    await world.stop()


async def test_signup_purchase_a_repeated_receipt_and_void_on_postgresql(pg_world: World) -> None:
    world = pg_world
    member, code = await join(world)
    owner = owner_of(world)
    await buy(owner, f"{code} 250000 R-1")
    await owner.send(f"/purchase {code} 250000 r-1")  # the same receipt again: refused
    assert await world.scalar("SELECT balance FROM members WHERE code = :c", c=code) == 125
    assert await world.scalar("SELECT count(*) FROM purchases") == 1
    assert t("purchase-earned", points=25) in [m.content for m in member.inbox]
    await void(owner, "R-1")
    assert await world.scalar("SELECT balance FROM members WHERE code = :c", c=code) == 100
    # Every message the updates caused went through the outbox and was delivered (the
    # sender records deliveries in batches, a moment later).
    for _ in range(50):
        if await world.scalar("SELECT count(*) FROM outbox WHERE status <> 'sent'") == 0:
            break
        await asyncio.sleep(0.1)
    assert await world.scalar("SELECT count(*) FROM outbox WHERE status <> 'sent'") == 0
    assert await world.scalar("SELECT count(*) FROM outbox") > 0


async def test_a_second_account_sharing_a_taken_phone_is_never_attached_on_postgresql(
    pg_world: World,
) -> None:
    world = pg_world
    await join(world)
    # The same phone from a second Telegram account (a recycled number): never attached
    # without the account's confirmation, and never an error.
    stranger = world.emu.user(world.telegram, first_name="رضا", phone="+989121234567")
    await stranger.send("/start")
    await stranger.press(t("button-consent-yes"))
    await stranger.send("رضا رضایی")
    await stranger.share_contact()
    assert t("error-sorry") not in [m.content for m in stranger.inbox]
    assert await world.scalar("SELECT count(*) FROM identities") == 1
