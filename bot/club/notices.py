"""Notices the core causes by itself (not a reply to anyone): written with the effect.

Invariant: a notice is queued in the transaction of the effect it reports, so it is sent if and
only if the effect committed. Inside an update it joins that update's messages (delivered right
after its commit, in order); elsewhere (a job, a future HTTP API) it is an outbox row that the
sender picks up. Texts are the club's language: the core does not know who reads them where.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.i18n import Texts, Value, load_texts
from bot.settings import Settings
from bot.storage import outbox
from bot.storage.db import current_scope


@lru_cache(maxsize=4)
def _texts(language: str, timezone: str, club: str) -> Texts:
    return load_texts(language, timezone, club=club)


def texts_for(settings: Settings) -> Texts:
    """The club's texts for work no update carries (jobs, a draw, a close): loaded once."""
    return _texts(settings.language, settings.timezone, settings.club_name)


async def tell_member(
    conn: AsyncConnection,
    *,
    member_id: int,
    key: str,
    values: dict[str, Value],
    settings: Settings,
    now: datetime,
    dedup_key: str | None = None,
) -> None:
    """Queues a service message to a member, where they were last seen (`dedup_key`: a
    message the outbox must never hold twice, e.g. a job's greeting for a period)."""
    texts = texts_for(settings)
    message = outbox.Message(
        "send",
        {"text": texts(key, **values), "markup": None},
        klass=outbox.MessageClass.SERVICE,
        member_id=member_id,
        dedup_key=dedup_key,
    )
    scope = current_scope.get()
    if scope is not None and scope.conn is conn:
        scope.outgoing.append(message)
        return
    await outbox.write(conn, [message], now=now)
