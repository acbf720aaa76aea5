"""PLACEHOLDER for the nightly tier review (issue 9): today's recomputation, in batches."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.club.club import Club
    from scheduler.registry import JobRun


async def review(club: Club, run: JobRun) -> None:
    now = club.now()
    async for ids in run.member_ids():
        async with run.commit(ids[-1]) as conn:
            for member_id in ids:
                await club.tiers.refresh(conn, member_id=member_id, now=now)
