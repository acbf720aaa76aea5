"""The draw as documented in bot/club/draw.py: deterministic, ticket-weighted, without
replacement, exactly uniform, and checked against an independent few lines here."""

from __future__ import annotations

import hashlib
from collections import Counter

import pytest

from bot.club import draw


def by_hand(seed: bytes, entries: list[tuple[int, int]], prizes: int) -> list[tuple[int, int]]:
    """The README's algorithm, written again without the module."""
    out: list[tuple[int, int]] = []
    for k in range(1, prizes + 1):
        pool = [(m, n) for m, n in entries if m not in {w for _, w in out}]
        size = sum(n for _, n in pool)
        if not size:
            break
        attempt = 0
        while True:
            h = hashlib.sha256(seed + k.to_bytes(4, "big") + attempt.to_bytes(4, "big")).digest()
            x = int.from_bytes(h, "big")
            if x < 2**256 - 2**256 % size:
                break
            attempt += 1
        r, total = x % size, 0
        for member, tickets in pool:
            total += tickets
            if total > r:
                out.append((k, member))
                break
    return out


def test_the_commitment_is_the_hex_sha256_of_the_seed() -> None:
    seed = bytes(range(32))
    assert draw.commitment(seed) == hashlib.sha256(seed).hexdigest()


@pytest.mark.parametrize("seed_byte", range(20))
def test_winners_match_the_documented_algorithm(seed_byte: int) -> None:
    seed = bytes([seed_byte]) * 32
    entries = [(1, 3), (2, 1), (3, 5), (1, 2), (4, 1), (5, 7)]
    got = [(w.prize, w.member_id) for w in draw.winners(seed, entries, 3)]
    assert got == by_hand(seed, entries, 3)
    assert len({m for _, m in got}) == 3  # one prize a member


def test_more_prizes_than_members_leaves_the_rest_unawarded() -> None:
    wins = draw.winners(b"\x01" * 32, [(7, 2), (8, 1)], 5)
    assert sorted(w.member_id for w in wins) == [7, 8]
    assert [w.prize for w in wins] == [1, 2]
    assert draw.winners(b"\x01" * 32, [], 2) == []


def test_the_draw_is_ticket_weighted() -> None:
    firsts = Counter(
        draw.winners(i.to_bytes(32, "big"), [(1, 1), (2, 9)], 1)[0].member_id for i in range(2000)
    )
    assert 1600 < firsts[2] < 1990 and firsts[1] > 100


def test_pick_stays_in_range_and_rejects_the_biased_tail() -> None:
    for pool in (1, 2, 3, 7, 100_000, 2**255 + 1):
        assert 0 <= draw.pick(b"\x02" * 32, 1, pool) < pool
    with pytest.raises(ValueError):
        draw.pick(b"\x02" * 32, 1, 0)
