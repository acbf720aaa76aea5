"""The club's numbers as people read them: the /stats text (and the weekly report's), and the
three charts (members over 30 days, members by tier, points issued and redeemed by week).

Each figure is followed by its change against the previous period in brackets, in the
figure's own unit: a count by the count, a rate by percentage points, a time by minutes.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta

from bot.club import kpi_series
from bot.club.jalali import JALALI_MONTH_KEYS, to_jalali
from bot.club.kpis import Figures, Report
from bot.i18n import Texts
from bot.storage.db import Database

# matplotlib draws one figure at a time per process (its font cache is shared).
_DRAWING = threading.Lock()


def _rounded(value: float | None) -> int | None:
    return None if value is None else int(value + 0.5) if value >= 0 else -int(-value + 0.5)


def _minutes(value: timedelta | None) -> int | None:
    return None if value is None else _rounded(value.total_seconds() / 60)


class _Writer:
    def __init__(self, texts: Texts) -> None:
        self.texts = texts

    def change(self, now: int | None, before: int | None, unit: Callable[[int], str]) -> str:
        if now is None or before is None:
            return ""
        delta = now - before
        if delta == 0:
            return self.texts("stats-change-same")
        key = "stats-change-up" if delta > 0 else "stats-change-down"
        return self.texts(key, value=unit(abs(delta)))

    def count(self, value: int) -> str:
        return self.texts.number(value)

    def percent(self, value: int | None) -> str:
        return (
            self.texts("stats-none") if value is None else self.texts("stats-percent", value=value)
        )

    def points_of_percent(self, value: int) -> str:
        return self.texts("stats-percent-points", value=value)

    def toman(self, value: int | None) -> str:
        return self.texts("stats-none") if value is None else self.texts("stats-toman", value=value)

    def duration(self, minutes: int | None) -> str:
        if minutes is None:
            return self.texts("stats-none")
        if minutes < 60:
            return self.texts("stats-minutes", value=minutes)
        return self.texts("stats-hours", hours=minutes // 60, minutes=minutes % 60)

    def nps(self, value: int | None) -> str:
        return self.texts("stats-none") if value is None else self.texts.number(value)


def ordered_tiers(counts: dict[str, int], order: Sequence[str]) -> dict[str, int]:
    """Every configured tier in its order (none: 0), then any other stored tier."""
    found = {key: counts.get(key, 0) for key in order}
    return found | {key: n for key, n in sorted(counts.items()) if key not in found}


def report_text(
    texts: Texts, report: Report, *, head: str, point_value: int, tier_order: Sequence[str]
) -> str:
    """The whole report under `head` (the /stats or the weekly report's first lines)."""
    w = _Writer(texts)
    now, before, snap = report.current, report.previous, report.snapshot

    def rate(of: Callable[[Figures], float | None]) -> tuple[str, str]:
        a, b = _rounded(of(now)), _rounded(of(before))
        return w.percent(a), w.change(a, b, w.points_of_percent)

    def counted(key: str, of: Callable[[Figures], int]) -> str:
        return texts(key, value=of(now), change=w.change(of(now), of(before), w.count))

    separator = texts("stats-separator")
    messengers = separator.join(
        texts("stats-messenger", platform=texts(f"platform-{p}"), value=n)
        for p, n in sorted(snap.by_messenger.items(), key=lambda item: (-item[1], item[0]))
    )
    tiers = separator.join(
        texts("stats-tier", tier=texts.get(f"tier-{key}", key), value=n)
        for key, n in ordered_tiers(snap.tiers, tier_order).items()
    )
    repeat, repeat_change = rate(lambda f: f.repeat_rate)
    redemption, redemption_change = rate(lambda f: f.redemption_rate)
    survey, survey_change = rate(lambda f: f.survey_rate)
    referral, referral_change = rate(lambda f: f.referral_rate)
    campaign, campaign_change = rate(lambda f: f.campaign_rate)
    response = _minutes(now.first_response)
    lines = [
        head,
        "",
        texts("stats-section-members"),
        counted("stats-members", lambda f: f.members),
        counted("stats-new-members", lambda f: f.new_members),
        texts("stats-messengers", list=messengers or texts("stats-none")),
        texts("stats-active", value=snap.active),
        texts("stats-tiers", list=tiers or texts("stats-none")),
        "",
        texts("stats-section-purchases"),
        counted("stats-purchases", lambda f: f.purchases),
        texts(
            "stats-average",
            value=w.toman(now.average_purchase),
            change=w.change(now.average_purchase, before.average_purchase, w.count),
        ),
        texts("stats-repeat", value=repeat, change=repeat_change),
        "",
        texts("stats-section-points"),
        counted("stats-issued", lambda f: f.issued),
        counted("stats-redeemed", lambda f: f.redeemed),
        counted("stats-expired", lambda f: f.expired),
        texts("stats-redemption-rate", value=redemption, change=redemption_change),
        texts(
            "stats-outstanding",
            value=now.outstanding,
            toman=w.toman(now.outstanding * point_value),
            change=w.change(now.outstanding, before.outstanding, w.count),
        ),
        "",
        texts("stats-section-growth"),
        texts(
            "stats-referrals",
            value=now.referred,
            bought=now.referred_bought,
            rate=referral,
            change=referral_change,
        ),
        texts(
            "stats-campaigns",
            value=now.campaign,
            bought=now.campaign_bought,
            rate=campaign,
            change=campaign_change,
        ),
        "",
        texts("stats-section-feedback"),
        texts("stats-survey-rate", value=survey, change=survey_change),
        texts(
            "stats-nps",
            value=w.nps(now.nps),
            answers=now.nps_answers,
            change=w.change(now.nps, before.nps, w.count),
        ),
        counted("stats-open-tickets", lambda f: f.open_tickets),
        texts(
            "stats-first-response",
            value=w.duration(response),
            change=w.change(response, _minutes(before.first_response), w.duration),
        ),
    ]
    return "\n".join(line.rstrip() for line in lines)


def _day(texts: Texts, day: date, key: str) -> str:
    _, month, number = to_jalali(day)
    return texts(key, day=texts.digits(str(number)), month=texts(JALALI_MONTH_KEYS[month - 1]))


def _share(count: int, total: int) -> int:
    return int(100 * count / total + 0.5) if total else 0


async def charts(
    texts: Texts, db: Database, *, end: datetime, timezone: str, tiers: dict[str, int]
) -> list[tuple[bytes, str]]:
    """The three charts up to `end`, each with its caption (its title)."""
    growth = await kpi_series.growth(db, end=end, timezone=timezone)
    weeks = await kpi_series.weekly_points(db, end=end, timezone=timezone)
    total = sum(tiers.values())
    titles = (texts("stats-chart-growth"), texts("stats-chart-tiers"), texts("stats-chart-points"))

    def draw() -> list[bytes]:
        # matplotlib (about 40 MB) is loaded by the first chart, not by every process.
        from bot.render.charts import bar_chart, line_chart, paired_columns

        with _DRAWING:
            return [
                line_chart(
                    titles[0],
                    [_day(texts, day, "stats-chart-day") for day, _ in growth],
                    [count for _, count in growth],
                    number=texts.number,
                ),
                bar_chart(
                    titles[1],
                    [texts.get(f"tier-{key}", key) for key in tiers],
                    list(tiers.values()),
                    [
                        texts("stats-chart-note", count=n, percent=_share(n, total))
                        for n in tiers.values()
                    ],
                ),
                paired_columns(
                    titles[2],
                    [_day(texts, day, "stats-chart-day") for day, _, _ in weeks],
                    [
                        (texts("stats-chart-issued"), [issued for _, issued, _ in weeks]),
                        (texts("stats-chart-redeemed"), [spent for _, _, spent in weeks]),
                    ],
                    number=texts.number,
                ),
            ]

    # Drawing takes a few hundred milliseconds: off the event loop, so other chats go on.
    images = await asyncio.to_thread(draw)
    return list(zip(images, titles, strict=True))
