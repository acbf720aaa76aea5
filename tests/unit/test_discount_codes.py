"""Discount codes: readable, unguessable, and every typo caught by the check character."""

from __future__ import annotations

import itertools
import math

import pytest

from bot.club import discount_codes as dc


def test_the_alphabet_leaves_out_what_people_confuse_and_has_a_prime_size() -> None:
    assert not set(dc.ALPHABET) & dc.CONFUSABLE
    assert len(set(dc.ALPHABET)) == len(dc.ALPHABET) == 31
    assert all(31 % n for n in range(2, 31))


def test_a_code_carries_at_least_forty_random_bits() -> None:
    assert dc.BODY_LENGTH * math.log2(len(dc.ALPHABET)) >= 40


def test_new_codes_are_valid_and_different() -> None:
    codes = {dc.new_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(dc.is_valid(code) and len(code) == dc.CODE_LENGTH for code in codes)


@pytest.mark.parametrize("code", ["23456789AB", "ZZZZZZZZZ", "XK7PQ2MNR"])
def test_every_single_wrong_character_and_every_swap_is_caught(code: str) -> None:
    code = code[: dc.BODY_LENGTH]
    code = code + dc.check_character(code)
    assert dc.is_valid(code)
    for position, ch in itertools.product(range(dc.CODE_LENGTH), dc.ALPHABET):
        if code[position] != ch:
            assert not dc.is_valid(code[:position] + ch + code[position + 1 :])
    for i, j in itertools.combinations(range(dc.CODE_LENGTH), 2):
        if code[i] != code[j]:
            swapped = list(code)
            swapped[i], swapped[j] = swapped[j], swapped[i]
            assert not dc.is_valid("".join(swapped))


def test_typed_forms_are_normalised() -> None:
    code = dc.new_code()
    shown = dc.shown(code)
    assert shown[5] == "-" and shown.replace("-", "") == code
    assert dc.read(shown.lower()) == dc.Reading("code", code)
    assert dc.read(f" {code[:3]} {code[3:7]}\u200c{code[7:]} ") == dc.Reading("code", code)


def test_persian_digits_are_read_as_latin() -> None:
    body = "23456789A"
    code = body + dc.check_character(body)
    persian = code.translate(str.maketrans("23456789", "۲۳۴۵۶۷۸۹"))
    assert dc.read(persian) == dc.Reading("code", code)


def test_a_typo_is_told_apart_from_something_else() -> None:
    code = dc.new_code()
    wrong = ("2" if code[0] != "2" else "3") + code[1:]
    assert dc.read(wrong).kind == "mistyped"
    assert dc.read("O" + code[1:]).kind == "mistyped"
    assert dc.read("NOWRUZ1405").kind == "mistyped"  # a code's shape: the check says no
    assert dc.read("NOWRUZ").kind == "not-a-code"
    assert dc.read("12345678").kind == "not-a-code"
    assert dc.read("سلام").kind == "not-a-code"
