"""Points arithmetic: tiers and purchase points.

Money and multipliers are Decimal and rounding happens once, at the very end, always down,
so a member never earns a point the shop didn't intend to give.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, Inexact, InvalidOperation, localcontext
from itertools import pairwise


@dataclass(frozen=True)
class Tier:
    key: str
    threshold: int
    multiplier: Decimal


DEFAULT_TIERS: tuple[Tier, ...] = (
    Tier("bronze", 0, Decimal("1.0")),
    Tier("silver", 1000, Decimal("1.1")),
    Tier("gold", 5000, Decimal("1.25")),
    Tier("diamond", 15000, Decimal("1.5")),
)

# Tier keys become locale message ids, so they follow the same kebab-case shape.
_KEY = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_THRESHOLD = re.compile(r"[0-9]+")


def _parse_tier(item: str) -> Tier:
    parts = [part.strip() for part in item.split(":")]
    if len(parts) != 3:
        raise ValueError(f"tier must be key:threshold:multiplier, got {item!r}")
    key, threshold, multiplier = parts
    if not _KEY.fullmatch(key):
        raise ValueError(f"bad tier key {key!r}")
    if not _THRESHOLD.fullmatch(threshold):
        raise ValueError(f"bad tier threshold {threshold!r}")
    try:
        factor = Decimal(multiplier)
    except InvalidOperation as exc:
        raise ValueError(f"bad tier multiplier {multiplier!r}") from exc
    if not factor.is_finite() or factor < 1:
        raise ValueError(f"tier multiplier must be a number >= 1, got {multiplier!r}")
    return Tier(key, int(threshold), factor)


def parse_tiers(spec: str) -> tuple[Tier, ...]:
    """Parse "key:threshold:multiplier,..." as written in settings."""
    tiers = tuple(_parse_tier(item) for item in spec.split(","))
    if tiers[0].threshold != 0:
        raise ValueError("the first tier must start at threshold 0")
    for lower, upper in pairwise(tiers):
        if upper.threshold <= lower.threshold:
            raise ValueError("tier thresholds must be strictly increasing")
    if len({tier.key for tier in tiers}) != len(tiers):
        raise ValueError("tier keys must be unique")
    return tiers


def tier_for(qualifying_points: int, tiers: Sequence[Tier] = DEFAULT_TIERS) -> Tier:
    # The first tier applies even below its threshold (e.g. negative after refunds).
    current = tiers[0]
    for tier in tiers[1:]:
        if tier.threshold > qualifying_points:
            break
        current = tier
    return current


def next_tier(
    qualifying_points: int, tiers: Sequence[Tier] = DEFAULT_TIERS
) -> tuple[Tier, int] | None:
    for tier in tiers:
        if tier.threshold > qualifying_points:
            return tier, tier.threshold - qualifying_points
    return None


def purchase_points(
    amount_toman: int, *, toman_per_point: int = 10_000, multiplier: Decimal = Decimal(1)
) -> int:
    if amount_toman <= 0:
        raise ValueError("amount must be positive")
    if toman_per_point <= 0:
        raise ValueError("toman_per_point must be positive")
    if not multiplier.is_finite() or multiplier < 0:
        raise ValueError("multiplier must be a non-negative number")
    # Multiply before dividing and use integer division: amount / rate may not be exact
    # (rate 3), whereas both steps here are exact, trapped so a lossy result can't slip by.
    with localcontext() as ctx:
        ctx.prec = 60
        ctx.traps[Inexact] = True
        return int((Decimal(amount_toman) * multiplier) // toman_per_point)
