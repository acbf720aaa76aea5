"""The club's numbers: each KPI against a hand-computed fixture (on SQLite and PostgreSQL), the
/stats screen and its period buttons, the charts as photos, who may see them, and the weekly
report on a Saturday (once).

The fixture is written straight into the database at chosen moments (the chat's own ways of
making these rows are other tests' business). N is the moment /stats is asked; the 7-day
period is [N-7d, N), the previous one [N-14d, N-7d).

members (joined, messenger, tier, last seen, balance):
  1 N-100d telegram gold    N-2d   65   (signup 100, buys 10+30, redeems 60, refund 5, expiry 20)
  2 N-10d  bale     bronze  N-10d  65   (previous period; campaign 1; signup 50, buys 15)
  3 N-3d   telegram silver  N-1d   70   (invited by 1; signup 50, buys 20, a voided 50)
  4 N-2d   telegram bronze  N-2d   50   (campaign 1, no purchase)
  5 N-50d  erased N-1d      bronze      40   (signup 15, buys 25 at N-6d)
  6 N-61d  bale     bronze  N-45d  0    (signup 50, paid 50 at the till at N-45d)
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from itertools import count
from typing import Any

import sqlalchemy as sa

from bot.club import expiry, kpis, weekly_report
from bot.club.permissions import Role
from bot.storage.db import Database
from bot.storage.tables import ledger, members, outbox, purchases
from bot.storage.tables_surveys import (
    survey_answers,
    survey_questions,
    survey_responses,
    surveys,
)
from bot.storage.tables_tickets import tickets
from tests.e2e.matrix.stats import BUTTONS
from tests.e2e.test_purchases import owner_of
from tests.e2e.test_team import join_team
from tests.e2e.test_till import press_data
from tests.e2e.world import OWNER_TELEGRAM_ID, World, t

# A Wednesday, 12:30 in Tehran.
N = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
SATURDAY = date(2026, 11, 28)


def ago(days: float, minutes: float = 0) -> datetime:
    return N - timedelta(days=days) + timedelta(minutes=minutes)


def _member(
    member_id: int,
    joined: float,
    platform: str | None,
    tier: str,
    seen: float | None,
    balance: int,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "id": member_id,
        "code": f"C{member_id}",
        "joined_at": ago(joined),
        "last_platform": platform,
        "tier": tier,
        "last_active_at": None if seen is None else ago(seen),
        "balance": balance,
        "referrer_id": None,
        "campaign_id": None,
        "deleted_at": None,
    } | extra


MEMBERS = [
    _member(1, 100, "telegram", "gold", 2, 65),
    _member(2, 10, "bale", "bronze", 10, 65, campaign_id=1),
    _member(3, 3, "telegram", "silver", 1, 70, referrer_id=1),
    _member(4, 2, "telegram", "bronze", 2, 50, campaign_id=1),
    _member(5, 50, None, "bronze", 1, 40, deleted_at=ago(1)),
    _member(6, 61, "bale", "bronze", 45, 0),
]
# (member, delta, kind, days ago[, minutes after])
LEDGER = [
    (1, 100, "signup", 100),
    (1, 10, "purchase", 5),
    (1, 30, "purchase", 4),
    (1, -60, "redeem", 3),
    (1, 5, "redeem-refund", 2),
    (1, -20, expiry.KIND, 1),
    (2, 50, "signup", 10),
    (2, 15, "purchase", 9),
    (3, 50, "signup", 3),
    (3, 20, "purchase", 2),
    (3, 50, "purchase", 1),
    (3, -50, "reversal", 1, 60),
    (4, 50, "signup", 2),
    (5, 15, "signup", 50),
    (5, 25, "purchase", 6),
    (6, 50, "signup", 61),
    (6, -50, "points-pay", 45),
]
# (member, toman, days ago, voided)
PURCHASES = [
    (1, 100_000, 5, False),
    (1, 300_000, 4, False),
    (3, 200_000, 2, False),
    (3, 500_000, 1, True),
    (2, 150_000, 9, False),
    (5, 250_000, 6, False),
]


async def seed(db: Database) -> None:
    keys = count(1)
    async with db.write() as conn:
        for row in MEMBERS:  # ids in order: a referrer exists before its referee
            await conn.execute(sa.insert(members).values(**row))
        for member_id, delta, kind, days, *minutes in LEDGER:
            await conn.execute(
                sa.insert(ledger).values(
                    member_id=member_id,
                    delta=delta,
                    kind=kind,
                    idempotency_key=f"fixture:{next(keys)}",
                    created_at=ago(days, *minutes),
                )
            )
        for number, (member_id, toman, days, voided) in enumerate(PURCHASES, 1):
            await conn.execute(
                sa.insert(purchases).values(
                    member_id=member_id,
                    amount_toman=toman,
                    points=toman // 10_000,
                    source="till",
                    receipt_id=f"R-{number}",
                    staff_identity="telegram:1",
                    created_at=ago(days),
                    voided_at=ago(days, 60) if voided else None,
                )
            )
        # A survey open from N-6d, sent to 4: members 1 and 3 completed it, member 2 did not;
        # NPS scores 10, 9 (promoters) and 3 (a detractor): 33.
        survey_id = await conn.scalar(
            sa.insert(surveys)
            .values(
                title="S",
                opens_at=ago(6),
                closes_at=ago(-1),
                status="open",
                audience_size=4,
                created_by="telegram:9000",
                created_at=ago(6),
            )
            .returning(surveys.c.id)
        )
        question_id = await conn.scalar(
            sa.insert(survey_questions)
            .values(survey_id=survey_id, position=1, kind="nps", text="?")
            .returning(survey_questions.c.id)
        )
        for member_id, score, days, done in ((1, 10, 5, True), (3, 9, 2, True), (2, 3, 4, False)):
            response_id = await conn.scalar(
                sa.insert(survey_responses)
                .values(
                    survey_id=survey_id,
                    member_id=member_id,
                    started_at=ago(days),
                    completed_at=ago(days, 1) if done else None,
                )
                .returning(survey_responses.c.id)
            )
            await conn.execute(
                sa.insert(survey_answers).values(
                    response_id=response_id,
                    question_id=question_id,
                    value=score,
                    answered_at=ago(days),
                )
            )
        # Tickets: answered after 30 and 100 minutes this week (median 65), one still
        # waiting; last week's answered after 120 minutes and closed before the week ended.
        for member_id, days, answer, closed in (
            (1, 3, 30, None),
            (2, 2, 100, 1),
            (3, 1, None, None),
            (6, 10, 120, 8),
        ):
            await conn.execute(
                sa.insert(tickets).values(
                    member_id=member_id,
                    kind="question",
                    status="open" if answer is None else "closed" if closed else "answered",
                    created_at=ago(days),
                    updated_at=ago(days),
                    first_response_at=None if answer is None else ago(days, answer),
                    closed_at=None if closed is None else ago(closed),
                )
            )


async def test_each_kpi_matches_the_hand_computed_fixture(any_db: Database) -> None:
    await seed(any_db)
    report = await kpis.compute(any_db, kpis.window_for("7d", now=N, timezone="Asia/Tehran"))
    assert report.window == kpis.Window(ago(7), N)
    now, before, snap = report.current, report.previous, report.snapshot
    # Members: 1, 2, 3, 4, 6 now (5 was erased); at N-7d: 1, 2, 5, 6.
    assert (now.members, before.members) == (5, 4)
    assert (now.new_members, before.new_members) == (2, 1)
    assert snap.by_messenger == {"telegram": 3, "bale": 2}
    assert snap.active == 4  # member 6 was last seen 45 days ago
    assert snap.tiers == {"gold": 1, "bronze": 3, "silver": 1}
    # Purchases: the voided one counts nowhere; the erased member's stays in the totals.
    assert (now.purchases, now.purchase_toman, now.average_purchase) == (4, 850_000, 212_500)
    assert (before.purchases, before.average_purchase) == (1, 150_000)
    assert (now.buyers, now.repeat_buyers, round(now.repeat_rate or 0)) == (3, 1, 33)
    assert before.repeat_rate == 0
    # Points: issued 10+30+50+20+50-50+50+25, the reversal taking back the voided purchase's.
    assert (now.issued, now.redeemed, now.expired) == (185, 55, 20)
    assert (before.issued, before.redeemed, before.expired) == (65, 0, 0)
    assert round(now.redemption_rate or 0) == 30 and before.redemption_rate == 0
    # The liability: members' balances now (the erased member's 40 out); at N-7d 100+65+15+0.
    assert (now.outstanding, before.outstanding) == (250, 180)
    # New members of the week: 3 was invited and bought, 4 came by campaign and did not.
    assert (now.referred, now.referred_bought, now.referral_rate) == (1, 1, 100)
    assert (now.campaign, now.campaign_bought, now.campaign_rate) == (1, 0, 0)
    assert (before.referred, before.referral_rate) == (0, None)
    assert (before.campaign, before.campaign_rate) == (1, 100)
    assert (now.survey_completed, now.survey_audience, now.survey_rate) == (2, 4, 50)
    assert (now.nps, now.nps_answers) == (33, 3)
    assert (before.survey_rate, before.nps) == (None, None)
    assert (now.open_tickets, before.open_tickets) == (2, 0)
    assert now.first_response == timedelta(minutes=65)
    assert before.first_response == timedelta(minutes=120)


async def test_today_and_thirty_days_have_their_own_windows(any_db: Database) -> None:
    await seed(any_db)
    # 12:30 in Tehran: today began at 20:30 UTC the day before.
    today = kpis.window_for("today", now=N, timezone="Asia/Tehran")
    assert (today.start, today.end) == (datetime(2026, 11, 24, 20, 30, tzinfo=UTC), N)
    assert today.previous() == kpis.Window(
        datetime(2026, 11, 23, 20, 30, tzinfo=UTC), N - timedelta(days=1)
    )
    report = await kpis.compute(any_db, today)
    assert (report.current.purchases, report.current.new_members) == (0, 0)
    # Yesterday until 12:30: N-1d (09:00 UTC) is its end, which a half-open period leaves
    # out, so the expiry made at that moment is not in it; all six were members then
    # (member 5 was erased at that very moment).
    assert report.previous.expired == 0 and report.previous.members == 6
    month = await kpis.compute(any_db, kpis.window_for("30d", now=N, timezone="Asia/Tehran"))
    # Joined in 30 days: 2, 3, 4; in the 30 before: 5 (erased only later) and 6 (N-61d: no).
    assert (month.current.new_members, month.previous.new_members) == (3, 1)
    assert month.previous.outstanding == 15 + 50 - 50 + 100 - 0  # 5, 6 and 1 at N-30d


async def test_a_survey_closed_early_counts_only_while_it_was_open(any_db: Database) -> None:
    async with any_db.write() as conn:
        await conn.execute(sa.insert(members).values(**_member(1, 40, "telegram", "bronze", 1, 0)))
        # Closed by an admin 10 days ago, though it was to run 10 days more; and one that
        # ended 8 days ago but was closed (its close job late after downtime) 6 days ago.
        for opened, closes, closed, answered in ((20, -10, 10, 11), (12, 8, 6, 9)):
            survey_id = await conn.scalar(
                sa.insert(surveys)
                .values(
                    title="S",
                    opens_at=ago(opened),
                    closes_at=ago(closes),
                    closed_at=ago(closed),
                    status="closed",
                    audience_size=100,
                    created_by="telegram:9000",
                    created_at=ago(opened),
                )
                .returning(surveys.c.id)
            )
            await conn.execute(
                sa.insert(survey_responses).values(
                    survey_id=survey_id,
                    member_id=1,
                    started_at=ago(answered),
                    completed_at=ago(answered),
                )
            )
    week = await kpis.compute(any_db, kpis.window_for("7d", now=N, timezone="Asia/Tehran"))
    now, before = week.current, week.previous
    assert (now.survey_completed, now.survey_audience, now.survey_rate) == (0, 0, None)
    # The week before saw both open: their audiences and their answers count there.
    assert (before.survey_completed, before.survey_audience, before.survey_rate) == (2, 200, 1)


async def test_the_expiry_kind_is_the_one_the_expiry_job_writes() -> None:
    assert kpis.EXPIRY == expiry.KIND


def line(key: str, value: Any, change: str = "", **values: Any) -> str:
    return t(key, value=value, change=change, **values).rstrip()


def up(value: str) -> str:
    return t("stats-change-up", value=value)


async def test_stats_shows_the_week_with_its_changes_and_switches_period(world: World) -> None:
    await seed(world.club.db)
    world.clock.now = N
    owner = owner_of(world)
    await owner.send("/stats")
    text = owner.last.content or ""
    # N-7d is 27 Aban 1405 and N is 4 Azar 1405, both 12:30 in Tehran.
    start = t("date-format", day="۲۷", month=t("month-8"), year="۱۴۰۵")
    end = t("date-format", day="۴", month=t("month-9"), year="۱۴۰۵")
    assert text.startswith(
        t(
            "stats-head",
            period=t("stats-period-7d"),
            start=t("datetime-format", date=start, time="۱۲:۳۰"),
            end=t("datetime-format", date=end, time="۱۲:۳۰"),
        )
    )
    assert line("stats-members", 5, up("۱")) in text
    assert line("stats-new-members", 2, up("۱")) in text
    assert line("stats-purchases", 4, up("۳")) in text
    assert line("stats-average", t("stats-toman", value=212_500), up("۶۲٬۵۰۰")) in text
    percent = t("stats-percent", value=33)
    assert line("stats-repeat", percent, up(t("stats-percent-points", value=33))) in text
    assert line("stats-issued", 185, up("۱۲۰")) in text
    assert line("stats-expired", 20, up("۲۰")) in text
    assert line("stats-outstanding", 250, up("۷۰"), toman=t("stats-toman", value=125_000)) in text
    down = t("stats-change-down", value=t("stats-percent-points", value=100))
    assert line("stats-campaigns", 1, down, bought=0, rate=t("stats-percent", value=0)) in text
    assert line("stats-nps", "۳۳", answers=3) in text
    hours = t("stats-hours", hours=1, minutes=5)
    faster = t("stats-change-down", value=t("stats-minutes", value=55))
    assert line("stats-first-response", hours, faster) in text
    assert line("stats-open-tickets", 2, up("۲")) in text
    tiers = t("stats-separator").join(
        t("stats-tier", tier=t(f"tier-{key}"), value=n)
        for key, n in (("bronze", 3), ("silver", 1), ("gold", 1), ("diamond", 0))
    )
    assert t("stats-tiers", list=tiers) in text
    assert t("stats-active", value=4) in text
    assert owner.buttons() == [
        t("button-stats-today"),
        t("button-stats-chosen", label=t("button-stats-7d")),
        t("button-stats-30d"),
        t("button-stats-charts"),
    ]
    screen = owner.last.message_id
    await owner.press(t("button-stats-30d"))
    assert owner.last.message_id == screen  # the same message, now the 30 days
    assert t("stats-period-30d") in (owner.last.content or "")
    assert line("stats-new-members", 3, up("۲")) in (owner.last.content or "")
    assert t("button-stats-chosen", label=t("button-stats-30d")) in owner.buttons()
    await owner.press(t("button-stats-today"))
    assert t("stats-period-today") in (owner.last.content or "")


async def test_the_charts_arrive_as_three_png_photos(world: World) -> None:
    await seed(world.club.db)
    world.clock.now = N
    owner = owner_of(world)
    await owner.send("/admin")
    await owner.press(t("button-admin-stats"))
    assert t("stats-period-7d") in (owner.last.content or "")
    owner.replies()
    await owner.press(t("button-stats-charts"))
    photos = [m for m in owner.replies() if m.kind == "photo"]
    assert [p.caption for p in photos] == [
        t("stats-chart-growth"),
        t("stats-chart-tiers"),
        t("stats-chart-points"),
    ]
    assert all((p.photo or b"").startswith(b"\x89PNG") for p in photos)


async def test_staff_and_marketers_are_refused_and_forged_buttons_answered(world: World) -> None:
    await seed(world.club.db)
    owner = owner_of(world)
    await owner.send("/stats")
    screen = owner.last
    await press_data(owner, screen, "st:p:1y")
    assert owner.callback_answers[-1] == t("hint-stale-button")
    await press_data(owner, screen, "st:x")
    assert owner.callback_answers[-1] == t("hint-stale-button")
    for user_id, role in ((5_001, Role.STAFF), (5_002, Role.MARKETER)):
        user = world.emu.user(world.telegram, user_id=user_id, first_name="Sam")
        await join_team(world, user, role)
        refusal = t("team-not-allowed", roles=t(f"role-{role.value}"))
        await user.send("/stats")
        assert [m.content for m in user.replies()] == [refusal]
        for data in BUTTONS:
            await press_data(user, user.last, data)
            assert user.callback_answers[-1] == refusal
        assert not [m for m in user.inbox if m.kind == "photo"]


async def delivered(world: World) -> None:
    """Until the sender has delivered every message that is due."""
    assert world.runtime is not None
    world.runtime.sender.wake()
    waiting = sa.select(sa.func.count()).where(outbox.c.status.in_(("pending", "sending")))
    for _ in range(300):
        async with world.club.db.read() as conn:
            if not await conn.scalar(waiting):
                break
        await asyncio.sleep(0.02)
    await world.runtime.sender.wait_idle()


class _Run:
    """What the job's work reads of its run (the same period, as a second process would)."""

    def __init__(self, day: date) -> None:
        self.day = day


async def test_the_weekly_report_reaches_the_owner_once_on_saturday(world: World) -> None:
    await seed(world.club.db)
    owner = owner_of(world)
    # Saturday 08:30 in Tehran: this week's report is not due before 09:00; the latest due
    # is last Saturday's (the job never ran), which goes out now.
    world.clock.now = datetime(2026, 11, 28, 5, 0, tzinfo=UTC)
    assert await world.run_job("weekly_report") == [date(2026, 11, 21)]
    await delivered(world)
    owner.replies()
    world.clock.now = datetime(2026, 11, 28, 6, 0, tzinfo=UTC)  # 09:30
    assert await world.run_job("weekly_report") == [SATURDAY]
    await delivered(world)
    said = owner.replies()
    assert [m.kind for m in said] == ["text", "photo", "photo", "photo"]
    text = said[0].content or ""
    head = t(
        "weekly-report-head",
        start=t("date-format", day="۳۰", month=t("month-8"), year="۱۴۰۵"),
        end=t("date-format", day="۶", month=t("month-9"), year="۱۴۰۵"),
    )
    assert text.startswith(head)
    # The week [Saturday 21st, Saturday 28th): members 3 and 4 joined in it.
    assert line("stats-new-members", 2, up("۱")) in text
    assert all((m.photo or b"").startswith(b"\x89PNG") for m in said[1:])
    keys = await world.rows("SELECT dedup_key FROM outbox WHERE dedup_key LIKE 'weekly-report:%'")
    owner_key = f"weekly-report:telegram:{OWNER_TELEGRAM_ID}:{SATURDAY.isoformat()}"
    assert {k[0] for k in keys} >= {f"{owner_key}:{n}" for n in range(4)}
    rows = len(keys)
    # A second run of the same week: the registry skips it, and the work itself queues
    # nothing again (a second process, a restart mid-way).
    assert await world.run_job("weekly_report") == []
    await weekly_report.send(world.club, _Run(SATURDAY))  # type: ignore[arg-type]
    await delivered(world)
    assert owner.replies() == []
    assert (
        len(await world.rows("SELECT id FROM outbox WHERE dedup_key LIKE 'weekly-report:%'"))
        == rows
    )
