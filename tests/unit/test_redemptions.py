"""The pure parts of spending points: a code's shown status, what a reward gives, a catalog
line."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import cache

from bot.club.redemptions import ACTIVE, EXPIRED, RETURNED, USED, RedeemRefused, shown_status
from bot.club.rewards import Reward
from bot.handlers.rewards import _catalog_line, code_shown, gives
from bot.i18n import Texts, load_texts

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@cache
def fa() -> Texts:
    return load_texts("fa", "Asia/Tehran")


def test_an_active_code_past_its_expiry_shows_as_expired() -> None:
    assert shown_status(ACTIVE, NOW - timedelta(seconds=1), NOW) == EXPIRED
    assert shown_status(ACTIVE, NOW, NOW) == EXPIRED
    assert shown_status(ACTIVE, NOW + timedelta(days=1), NOW) == ACTIVE


def test_a_closed_code_keeps_its_status_whatever_its_expiry() -> None:
    assert shown_status(USED, NOW - timedelta(days=1), NOW) == USED
    assert shown_status(RETURNED, NOW + timedelta(days=1), NOW) == RETURNED


def test_a_refusal_carries_its_key_and_values() -> None:
    refused = RedeemRefused("reward-refused-points", missing=20)
    assert (refused.key, refused.values) == ("reward-refused-points", {"missing": 20})


def test_what_a_reward_gives_names_the_minimum_purchase_only_when_there_is_one() -> None:
    texts = fa()
    assert gives(texts, "percent", 10, 0) == texts("reward-gives-percent", value=10)
    assert gives(texts, "amount", 50_000, 200_000) == texts(
        "reward-gives-min", gives=texts("reward-gives-amount", value=50_000), amount=200_000
    )
    assert "۵۰٬۰۰۰" in gives(texts, "amount", 50_000, 0)
    assert gives(texts, "item", 0, 0) == texts("reward-gives-item")


def test_a_catalog_line_says_whether_the_balance_covers_it_and_what_is_left() -> None:
    texts = fa()
    reward = Reward(title="cake", cost=150, kind="item", valid_days=7, stock=10, issued=4)
    line = _catalog_line(texts, reward, balance=100)
    assert texts("rewards-missing", missing=50) in line and "۶" in line
    unlimited = Reward(title="tea", cost=40, kind="item", valid_days=7)
    assert _catalog_line(texts, unlimited, balance=100) == texts(
        "rewards-line", title="tea", cost=40, standing=texts("rewards-covered")
    )


def test_a_code_is_shown_in_two_groups_kept_left_to_right() -> None:
    assert code_shown("ABCDEFGHJK") == "\u2066ABCDE-FGHJK\u2069"
