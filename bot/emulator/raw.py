"""Raw updates: any JSON the real servers might send, queued for a bot as it is.

The usual builders only make well-formed updates. This makes anything at all: an update whose
message is a string, a callback without its sender, an item with no ``update_id``. Tests use
it to show that one bad update costs nothing to the updates around it.

The emulator still gives every raw item its own internal id, in the same sequence as the other
updates. That id orders the queue and lets getUpdates confirm the item: an offset past it
drops it, as the real API does. With ``include_update_id=False`` the item goes out without its
id, and only an offset past a later update confirms it. ``redeliver`` sends a dict item
again as it was; an item that is not an object comes back wrapped as ``{"raw": item}``.
"""

from __future__ import annotations

import time
from typing import Any

from bot.emulator.models import BotState, JSONDict, UpdateStat


def enqueue_raw(bot: BotState, body: Any, *, include_update_id: bool = True) -> int:
    """Queues ``body`` for ``bot`` and returns its internal id.

    A dict ``body`` is sent with ``update_id`` set to that internal id, or without any
    ``update_id`` when ``include_update_id`` is false. Anything else (a string, a list,
    null) is sent exactly as given. ``allowed_updates`` does not filter a raw item: the
    point is to send what the bot did not ask for.
    """
    update_id = bot.next_update_id
    bot.next_update_id += 1
    payload: Any
    if isinstance(body, dict):
        payload = {key: value for key, value in body.items() if key != "update_id"}
        if include_update_id:
            payload = {"update_id": update_id, **payload}
    else:
        payload = body
    # UpdateStat.payload is typed as a dict; a raw item may be anything, so it is kept boxed.
    stat_payload: JSONDict = payload if isinstance(payload, dict) else {"raw": payload}
    bot.stats[update_id] = UpdateStat(update_id, None, "raw", time.perf_counter(), stat_payload)
    bot.pending[update_id] = payload
    bot.poll_signal.notify()
    return update_id
