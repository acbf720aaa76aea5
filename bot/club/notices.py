"""Notices the core causes by itself (not a reply to anyone): written with the effect.

Invariant: a notice is queued in the transaction of the effect it reports, so it is sent if and
only if the effect committed. Inside an update it joins that update's messages (delivered right
after its commit, in order); elsewhere (a job, a future HTTP API) it is an outbox row that the
sender picks up. Texts are the club's language: the core does not know who reads them where.

A job's notices written at night wait for the end of QUIET_HOURS (`quiet_until`): a nightly
review, a catch-up after a restart at 02:30, an expiry at 04:00 are no reason to wake anyone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.i18n import Texts, Value, load_texts
from bot.setting_values import in_quiet_hours, parse_quiet_hours
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


def quiet_until(now: datetime, settings: Settings) -> datetime:
    """When a notice written now may be sent: now, or when QUIET_HOURS end if now is in them
    (club time)."""
    hours = parse_quiet_hours(settings.quiet_hours)
    zone = ZoneInfo(settings.timezone)
    local = now.astimezone(zone)
    if hours is None or not in_quiet_hours(local.time().replace(tzinfo=None), hours):
        return now
    end = datetime.combine(local.date(), hours[1], tzinfo=zone)
    if end <= local:
        end = datetime.combine(local.date() + timedelta(days=1), hours[1], tzinfo=zone)
    return end.astimezone(UTC)


async def queue(
    conn: AsyncConnection,
    messages: Sequence[outbox.Message],
    *,
    now: datetime,
    settings: Settings,
) -> None:
    """A job's batch of notices, written with the effect and due when the quiet hours allow
    (`quiet_until`); a dedup key already written is skipped."""
    await outbox.write(conn, messages, now=now, due=quiet_until(now, settings))
