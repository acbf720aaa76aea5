from decimal import Decimal

import pytest

from bot.club.rules import (
    DEFAULT_TIERS,
    Tier,
    next_tier,
    parse_tiers,
    purchase_points,
    tier_for,
)


def test_default_tiers_match_the_documented_ladder() -> None:
    assert DEFAULT_TIERS == (
        Tier("bronze", 0, Decimal("1.0")),
        Tier("silver", 1000, Decimal("1.1")),
        Tier("gold", 5000, Decimal("1.25")),
        Tier("diamond", 15000, Decimal("1.5")),
    )


@pytest.mark.parametrize(
    ("points", "key"),
    [
        (-5, "bronze"),
        (0, "bronze"),
        (999, "bronze"),
        (1000, "silver"),
        (4999, "silver"),
        (5000, "gold"),
        (14999, "gold"),
        (15000, "diamond"),
        (1_000_000, "diamond"),
    ],
)
def test_tier_for_picks_the_highest_tier_reached(points: int, key: str) -> None:
    assert tier_for(points).key == key


@pytest.mark.parametrize(
    ("points", "key", "needed"),
    [
        (0, "silver", 1000),
        (999, "silver", 1),
        (1000, "gold", 4000),
        (14999, "diamond", 1),
    ],
)
def test_next_tier_reports_the_gap_to_the_next_tier(points: int, key: str, needed: int) -> None:
    result = next_tier(points)
    assert result is not None
    tier, gap = result
    assert (tier.key, gap) == (key, needed)


@pytest.mark.parametrize("points", [15000, 20000])
def test_next_tier_is_none_at_the_top(points: int) -> None:
    assert next_tier(points) is None


def test_tier_functions_accept_custom_tiers() -> None:
    tiers = parse_tiers("basic:0:1,vip:50:2")
    assert tier_for(49, tiers).key == "basic"
    assert tier_for(50, tiers).key == "vip"
    assert next_tier(10, tiers) == (tiers[1], 40)


def test_parse_tiers_reads_the_default_spec() -> None:
    spec = "bronze:0:1.0,silver:1000:1.1,gold:5000:1.25,diamond:15000:1.5"
    assert parse_tiers(spec) == DEFAULT_TIERS


def test_parse_tiers_tolerates_spaces() -> None:
    assert parse_tiers(" bronze : 0 : 1 , silver:10:1.5 ") == (
        Tier("bronze", 0, Decimal("1")),
        Tier("silver", 10, Decimal("1.5")),
    )


@pytest.mark.parametrize(
    "spec",
    [
        "",
        "bronze:10:1,silver:20:1.1",
        "bronze:0:1,silver:0:1.1",
        "bronze:0:1,gold:5000:1.2,silver:1000:1.1",
        "bronze:0:0.9",
        "bronze:0:1,silver:100:-2",
        "bronze:0:abc",
        "bronze:0:NaN",
        "bronze:0:Infinity",
        "bronze:-1:1",
        "bronze:x:1",
        "bronze:1.5:1",
        "bronze:0",
        "bronze:0:1:2",
        ":0:1",
        "Bronze:0:1",
        "bronze:0:1,",
        "bronze:0:1,bronze:10:1.1",
    ],
)
def test_parse_tiers_rejects_malformed_specs(spec: str) -> None:
    with pytest.raises(ValueError):
        parse_tiers(spec)


@pytest.mark.parametrize(
    ("amount", "multiplier", "expected"),
    [
        (95_000, Decimal("1.1"), 10),
        (1_000_000, Decimal("1.25"), 125),
        (9_999, Decimal(1), 0),
        (10_000, Decimal(1), 1),
        (19_999, Decimal(1), 1),
        (90_910, Decimal("1.1"), 10),
        (90_900, Decimal("1.1"), 9),
        (1_000_000, Decimal("1.5"), 150),
        (10_000, Decimal(0), 0),
    ],
)
def test_purchase_points_rounds_down_once_at_the_end(
    amount: int, multiplier: Decimal, expected: int
) -> None:
    assert purchase_points(amount, multiplier=multiplier) == expected


def test_purchase_points_defaults_to_ten_thousand_toman_per_point() -> None:
    assert purchase_points(250_000) == 25


def test_purchase_points_has_no_intermediate_rounding() -> None:
    # 10 / 3 is not representable, yet 10 / 3 * 3 must still be exactly 10.
    assert purchase_points(10, toman_per_point=3, multiplier=Decimal(3)) == 10


@pytest.mark.parametrize("amount", [0, -10_000])
def test_purchase_points_requires_a_positive_amount(amount: int) -> None:
    with pytest.raises(ValueError):
        purchase_points(amount)


def test_purchase_points_rejects_a_non_positive_rate_or_negative_multiplier() -> None:
    with pytest.raises(ValueError):
        purchase_points(10_000, toman_per_point=0)
    with pytest.raises(ValueError):
        purchase_points(10_000, multiplier=Decimal("-1"))
