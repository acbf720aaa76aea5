"""The nightly review's rules for one member, apart from the database (bot/club/tier_review.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.club.rules import DEFAULT_TIERS
from bot.club.tier_review import Action, Night, Seen, decide
from tests.conftest import make_settings

NOW = datetime(2026, 2, 5, 0, 0, tzinfo=UTC)  # 03:30 Tehran
CLEAR = {"tier_grace_until": None, "tier_warned_at": None}


def night(**overrides: object) -> Night:
    return Night.of(make_settings(**overrides), NOW)


def seen(
    tier: str,
    points: int,
    warning: int | None = None,
    grace_end: int | None = None,
    *,
    grace: datetime | None = None,
    warned: datetime | None = None,
) -> Seen:
    return Seen(
        1,
        tier,
        grace,
        warned,
        points,
        points if warning is None else warning,
        points if grace_end is None else grace_end,
    )


def test_the_nights_moments_follow_the_settings_and_the_club_day() -> None:
    n = night(tier_warning_days=7, tier_grace_days=14)
    assert n.warning_at == NOW + timedelta(days=7)
    # The start of 19 February in Tehran (UTC+03:30), 14 club days after 5 February.
    assert n.grace_end == datetime(2026, 2, 18, 20, 30, tzinfo=UTC)
    assert n.tiers == DEFAULT_TIERS


@pytest.mark.parametrize(
    ("member", "action", "changes"),
    [
        (seen("silver", 1200), Action.NOTHING, {}),
        (seen("bronze", 5000), Action.UPGRADE, {"tier": "gold", **CLEAR}),
        (seen("silver", 1200, warning=900), Action.WARN, {"tier_warned_at": NOW}),
        # Warned already of this fall: nothing new.
        (seen("silver", 1200, warning=900, warned=NOW - timedelta(days=1)), Action.NOTHING, {}),
        # The fall was averted: the warning is forgotten, and so is a grace no longer needed.
        (
            seen("silver", 1200, warned=NOW, grace=NOW + timedelta(days=1)),
            Action.TIDY,
            {"tier_warned_at": None, "tier_grace_until": None},
        ),
        (
            seen("gold", 1200, grace_end=800),
            Action.GRACE,
            {"tier_grace_until": datetime(2026, 2, 18, 20, 30, tzinfo=UTC)},
        ),
        (seen("gold", 1200, grace=NOW + timedelta(seconds=1)), Action.NOTHING, {}),
        (seen("gold", 1200, grace=NOW), Action.DOWNGRADE, {"tier": "silver", **CLEAR}),
        # Two tiers down at once when the points say so.
        (
            seen("diamond", 10, grace=NOW - timedelta(days=1)),
            Action.DOWNGRADE,
            {"tier": "bronze", **CLEAR},
        ),
        # A tier the settings no longer have: the earned one, silently.
        (seen("platinum", 1200), Action.TIDY, {"tier": "silver", **CLEAR}),
    ],
)
def test_what_a_night_does_for_one_member(
    member: Seen, action: Action, changes: dict[str, object]
) -> None:
    verdict = decide(member, night())
    assert (verdict.action, verdict.changes) == (action, changes)


def test_what_it_takes_is_counted_at_the_right_moment() -> None:
    n = night()
    assert decide(seen("silver", 1200, warning=900), n).needed == 100  # to stay, by the date
    assert decide(seen("gold", 1200, grace_end=800), n).needed == 5000 - 800  # to keep it
    down = decide(seen("gold", 1200, grace=NOW), n)
    assert (down.needed, down.tier, down.previous) == (5000 - 1200, "silver", "gold")


def test_no_warning_days_never_warn_and_no_grace_days_fall_at_once() -> None:
    n = night(tier_warning_days=0, tier_grace_days=0)
    assert decide(seen("silver", 1200, warning=0), n).action is Action.NOTHING
    assert decide(seen("gold", 1200), n).action is Action.DOWNGRADE
