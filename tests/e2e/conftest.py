from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from bot.emulator.driver import Emulator
from tests.e2e.test_process import BotProcess
from tests.e2e.world import Clock, World, world_settings


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    emulator = await Emulator().start()
    yield emulator
    # A process test that failed half-way leaves its bot running: killed before the
    # emulator it polls goes away.
    BotProcess.kill_leftovers()
    await emulator.stop()


@pytest.fixture
async def make_world(emu: Emulator, sqlite_url: str) -> AsyncIterator[Callable[..., Any]]:
    """Builds and starts a World with setting overrides; stops it after the test."""
    worlds: list[World] = []

    async def build(**overrides: Any) -> World:
        world = World(emu, world_settings(emu, sqlite_url, **overrides), Clock())
        await world.start()
        worlds.append(world)
        return world

    yield build
    for world in worlds:
        await world.stop()


@pytest.fixture
async def world(make_world: Callable[..., Any]) -> World:
    built: World = await make_world()
    return built
