"""PLACEHOLDER: being written (issue 9); replaced by the real module."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.club.club import Club
    from scheduler.registry import JobRun


async def greet(club: Club, run: JobRun) -> None:
    raise NotImplementedError("birthdays: being written")
