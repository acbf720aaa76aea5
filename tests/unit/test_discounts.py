from __future__ import annotations

import pytest

from bot.club.discounts import discount_toman


def test_a_percentage_is_rounded_down_to_whole_toman() -> None:
    assert discount_toman("percent", 15, 99_999) == 14_999


def test_a_fixed_amount_never_exceeds_the_bill() -> None:
    assert discount_toman("amount", 50_000, 30_000) == 30_000
    assert discount_toman("amount", 50_000, 300_000) == 50_000


def test_a_free_item_takes_nothing_off_the_bill() -> None:
    assert discount_toman("item", 0, 120_000) == 0


def test_under_the_minimum_purchase_there_is_no_discount() -> None:
    assert discount_toman("percent", 10, 99_000, min_purchase=100_000) is None
    assert discount_toman("percent", 10, 100_000, min_purchase=100_000) == 10_000


def test_an_unknown_kind_is_a_bug() -> None:
    with pytest.raises(ValueError):
        discount_toman("gift", 1, 1)
