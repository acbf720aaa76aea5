"""How many points may pay a bill: the cap's share at the set value, never more than held."""

from bot.club.till_codes import Spend, points_to_pay
from tests.conftest import make_settings


def test_points_pay_at_most_the_cap_share_of_the_bill() -> None:
    settings = make_settings(point_value_toman=500, points_pay_max_percent=50)
    assert points_to_pay(balance=1_000, net=100_000, settings=settings) == 100
    assert points_to_pay(balance=30, net=100_000, settings=settings) == 30
    assert points_to_pay(balance=1_000, net=999, settings=settings) == 0  # 499 toman: no point


def test_paying_with_points_is_off_at_value_zero() -> None:
    settings = make_settings(point_value_toman=0)
    assert points_to_pay(balance=1_000, net=100_000, settings=settings) == 0


def test_what_comes_off_a_bill_adds_the_discount_and_the_points_value() -> None:
    assert Spend(discount=20_000, points=10, points_toman=5_000).off == 25_000
