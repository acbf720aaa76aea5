"""The minute tick's items, each on its own: one that keeps failing (a bug, bad data) is logged
and left for the next tick, and the items after it still happen."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable

log = logging.getLogger(__name__)
_told: set[tuple[str, int]] = set()


async def each(what: str, ids: Iterable[int], work: Callable[[int], Awaitable[bool]]) -> list[int]:
    """Runs `work` for every id; the ids it did (True). A failure's traceback is logged once
    per process and item, then one line a tick."""
    done = []
    for item in ids:
        try:
            if await work(item):
                done.append(item)
        except asyncio.CancelledError:
            raise
        except Exception as error:
            log.warning(
                "%s %d failed (%s: %s); tried again at the next tick",
                what,
                item,
                type(error).__name__,
                error,
                exc_info=(what, item) not in _told,
            )
            _told.add((what, item))
    return done
