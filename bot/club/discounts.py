"""What a discount takes off a bill: the one rule rewards and campaign codes share."""

from __future__ import annotations

PERCENT, AMOUNT, ITEM = "percent", "amount", "item"


def discount_toman(kind: str, value: int, amount: int, *, min_purchase: int = 0) -> int | None:
    """Toman off a bill of `amount`; None when the bill is under the minimum purchase.

    A percentage is rounded down to whole toman; a fixed amount never exceeds the bill; a free
    item takes nothing off the bill (the cashier hands the item over).
    """
    if amount < min_purchase:
        return None
    if kind == PERCENT:
        return amount * value // 100
    if kind == AMOUNT:
        return min(value, amount)
    if kind == ITEM:
        return 0
    raise ValueError(kind)
