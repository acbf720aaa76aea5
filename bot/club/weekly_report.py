"""The weekly report to the owners: on Saturday (the Jalali week's first day) at
WEEKLY_REPORT_TIME, the past week's numbers (bot/club/kpis.py) and the three charts.

Invariant: each owner gets one report per week. Its messages are written to the outbox in one
transaction, each with a dedup key `weekly-report:<owner>:<saturday>:<n>`, so a second run of
the same week (a restart, a second process, a catch-up) queues nothing.
Owners are ADMIN_IDS and anyone holding the owner role in team_roles (bot/club/team.py), on
the messengers this process runs.
"""

from __future__ import annotations

import base64
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.club import kpis
from bot.club.notices import texts_for
from bot.club.permissions import Role
from bot.club.team import person
from bot.render.stats import charts, ordered_tiers, report_text
from bot.storage import outbox

if TYPE_CHECKING:
    from bot.club.club import Club
    from scheduler.registry import JobRun


def _photo(image: bytes, caption: str) -> outbox.Message:
    # The outbox's photo payload (as bot/outgoing.py photo() writes it; the core does not
    # import the messenger library).
    file = base64.b64encode(image).decode()
    return outbox.Message("photo", {"file": file, "caption": caption, "markup": None})


def _text(text: str) -> outbox.Message:
    return outbox.Message("send", {"text": text, "markup": None})


async def send(club: Club, run: JobRun) -> None:
    """The week that ended as `run.day` (a Saturday) began, to every owner."""
    settings = club.settings
    texts = texts_for(settings)
    window = kpis.week_window(run.day, settings.timezone)
    report = await kpis.compute(club.db, window)
    if report.current.members == 0:
        # No member by the week's end (a club installed this week): nothing to report.
        return
    order = [tier.key for tier in settings.tiers]
    head = texts(
        "weekly-report-head",
        start=texts.date(run.day - timedelta(days=7)),
        end=texts.date(run.day - timedelta(days=1)),
    )
    body = report_text(
        texts, report, head=head, point_value=settings.point_value_toman, tier_order=order
    )
    images = await charts(
        texts,
        club.db,
        end=window.end,
        timezone=settings.timezone,
        tiers=ordered_tiers(report.snapshot.tiers, order),
    )
    running = {platform.value for platform in club.usernames}
    owners = [
        entry
        for entry in await club.team.entries()
        if Role.OWNER in entry.roles and (not running or entry.platform in running)
    ]
    messages = []
    for entry in owners:
        who = person(entry.platform, entry.user_id)
        for number, message in enumerate(
            [_text(body), *(_photo(image, caption) for image, caption in images)]
        ):
            message.klass = outbox.MessageClass.SERVICE
            # A private chat's id is its user's id.
            message.platform, message.chat_id = entry.platform, entry.user_id
            message.dedup_key = f"weekly-report:{who}:{run.day.isoformat()}:{number}"
            messages.append(message)
    async with club.db.write() as conn:
        await outbox.write(conn, messages, now=club.now())
