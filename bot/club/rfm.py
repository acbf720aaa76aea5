"""RFM classes, recomputed nightly into members.rfm_class, set-based.

Over the last RFM_WINDOW_DAYS, each buyer's recency (their last non-voided purchase), frequency
(how many) and monetary value (their sum in toman) is scored 1-5 by quintile among the buyers:
score = 1 + floor(5 * (rank - 1) / buyers), so equal values share a score. FM is the rounded-up
mean of the F and M scores. The class, first rule that applies:

    new           joined in the last RFM_NEW_DAYS days, at most one purchase
    hibernating   no purchase in the window
    champions     R >= 4 and FM >= 4
    loyal         R >= 3 and FM >= 3
    at_risk       R <= 2 and FM >= 3
    hibernating   R <= 2 and FM <= 2
    (none)        recent but small buyers (R >= 3, FM <= 2): in no class

Invariant: the quintile cut points are computed once over all buyers (three small grouped
queries), then members are classified by comparing their own figures with them, one id range
per write transaction, so SQLite's write lock is never held for the whole table.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from bot.storage.tables import members, purchases

if TYPE_CHECKING:
    from bot.storage.db import Database

RFM_WINDOW_DAYS = 365
RFM_NEW_DAYS = 30
# Members per write transaction.
RFM_CHUNK = 20_000
SCORES = 5


def _in_window(since: datetime) -> list[sa.ColumnElement[bool]]:
    return [purchases.c.voided_at.is_(None), purchases.c.created_at >= since]


def _figures() -> dict[str, sa.ColumnElement[Any]]:
    return {
        "r": sa.func.max(purchases.c.created_at),
        "f": sa.func.count(purchases.c.id),
        "m": sa.func.sum(purchases.c.amount_toman),
    }


async def cut_points(db: Database, *, since: datetime) -> dict[str, list[tuple[int, Any]]]:
    """For R, F and M: (score, the lowest value with that score), highest score first."""
    stats = (
        sa.select(purchases.c.member_id, *(v.label(k) for k, v in _figures().items()))
        .where(*_in_window(since))
        .group_by(purchases.c.member_id)
        .subquery("stats")
    )
    cuts: dict[str, list[tuple[int, Any]]] = {}
    async with db.read() as conn:
        for key in ("r", "f", "m"):
            value = stats.c[key]
            rank = sa.func.rank().over(order_by=value) - 1
            score = (1 + (SCORES * rank) // sa.func.count().over()).label("score")
            ranked = sa.select(value.label("v"), score).subquery("ranked")
            rows = await conn.execute(
                sa.select(ranked.c.score, sa.func.min(ranked.c.v).label("v"))
                .group_by(ranked.c.score)
                .order_by(ranked.c.score.desc())
            )
            cuts[key] = [(int(row.score), row.v) for row in rows]
    return cuts


def _score(value: sa.ColumnElement[Any], cuts: list[tuple[int, Any]]) -> sa.ColumnElement[int]:
    whens = [(value >= cut, score) for score, cut in cuts if score > 1]
    if not whens:
        return sa.literal(1)
    return sa.case(*whens, else_=1)


def classify(cuts: dict[str, list[tuple[int, Any]]], *, now: datetime) -> sa.ScalarSelect[Any]:
    """The class of the outer `members` row, from its purchases in the window."""
    since = now - timedelta(days=RFM_WINDOW_DAYS)
    figures = _figures()
    r = _score(figures["r"], cuts["r"])
    fm = (_score(figures["f"], cuts["f"]) + _score(figures["m"], cuts["m"]) + 1) // 2
    n = figures["f"]
    young = members.c.joined_at >= now - timedelta(days=RFM_NEW_DAYS)
    rule = sa.case(
        (sa.and_(young, n <= 1), "new"),
        (n == 0, "hibernating"),
        (sa.and_(r >= 4, fm >= 4), "champions"),
        (sa.and_(r >= 3, fm >= 3), "loyal"),
        (sa.and_(r <= 2, fm >= 3), "at_risk"),
        (sa.and_(r <= 2, fm <= 2), "hibernating"),
        else_=sa.null(),
    )
    return (
        sa.select(rule)
        .where(purchases.c.member_id == members.c.id, *_in_window(since))
        .correlate(members)
        .scalar_subquery()
    )


async def refresh_rfm(db: Database, *, now: datetime, chunk: int = RFM_CHUNK) -> int:
    """Recomputes every live member's class; the number of members whose class changed."""
    since = now - timedelta(days=RFM_WINDOW_DAYS)
    cuts = await cut_points(db, since=since)
    new_class = classify(cuts, now=now)
    async with db.read() as conn:
        top = await conn.scalar(sa.select(sa.func.max(members.c.id))) or 0
    changed = 0
    for start in range(0, top, chunk):
        async with db.write() as conn:
            result = await conn.execute(
                sa.update(members)
                .where(
                    members.c.id > start,
                    members.c.id <= start + chunk,
                    members.c.deleted_at.is_(None),
                    members.c.rfm_class.is_distinct_from(new_class),
                )
                .values(rfm_class=new_class)
            )
            changed += result.rowcount
    return changed
