from itertools import pairwise

import pytest

from bot.club.codes import (
    CodeReading,
    classify_member_code,
    damm_check_digit,
    damm_is_valid,
    make_member_code,
    parse_member_code,
)


@pytest.mark.parametrize(
    ("digits", "check"),
    [("572", "4"), ("11294", "6"), ("0", "0"), ("1", "3"), ("9", "2")],
)
def test_damm_check_digit_matches_published_vectors(digits: str, check: str) -> None:
    assert damm_check_digit(digits) == check


@pytest.mark.parametrize("code", ["5724", "112946", "00", "13"])
def test_codes_with_their_check_digit_are_valid(code: str) -> None:
    assert damm_is_valid(code)


@pytest.mark.parametrize("code", ["5727", "112949", "", "57 24", "۵۷۲۴", "572a", "+5724"])
def test_wrong_check_digits_and_non_ascii_digit_strings_are_invalid(code: str) -> None:
    assert not damm_is_valid(code)


def test_damm_check_digit_rejects_non_digits() -> None:
    with pytest.raises(ValueError):
        damm_check_digit("57a")


SAMPLE_CODES = [make_member_code(seq) for seq in (1, 2, 42, 123_456, 9_000_000)]


@pytest.mark.parametrize("code", SAMPLE_CODES)
def test_every_single_digit_typo_is_detected(code: str) -> None:
    for position, original in enumerate(code):
        for replacement in "0123456789":
            if replacement != original:
                typo = code[:position] + replacement + code[position + 1 :]
                assert not damm_is_valid(typo), typo


@pytest.mark.parametrize("code", SAMPLE_CODES)
def test_every_adjacent_transposition_is_detected(code: str) -> None:
    for position in range(len(code) - 1):
        a, b = code[position], code[position + 1]
        if a != b:
            swapped = code[:position] + b + a + code[position + 2 :]
            assert not damm_is_valid(swapped), swapped


def test_member_codes_are_eight_valid_digits_without_leading_zero() -> None:
    for seq in range(1, 100_001):
        code = make_member_code(seq)
        assert len(code) == 8
        assert code.isascii()
        assert code.isdigit()
        assert code[0] != "0"
        assert damm_is_valid(code)


def test_member_codes_are_unique_over_a_hundred_thousand_members() -> None:
    codes = {make_member_code(seq) for seq in range(1, 100_001)}
    assert len(codes) == 100_000


def test_member_codes_are_unique_at_the_end_of_the_range() -> None:
    codes = {make_member_code(seq) for seq in range(8_900_001, 9_000_001)}
    codes |= {make_member_code(seq) for seq in range(1, 100_001)}
    assert len(codes) == 200_000


def test_member_codes_are_deterministic() -> None:
    assert make_member_code(7) == make_member_code(7)


def test_consecutive_members_do_not_get_consecutive_codes() -> None:
    bodies = [int(make_member_code(seq)[:7]) for seq in range(1, 1001)]
    assert all(abs(b - a) > 1000 for a, b in pairwise(bodies))


@pytest.mark.parametrize("seq", [0, -1, 9_000_001])
def test_sequences_outside_the_code_space_are_rejected(seq: int) -> None:
    with pytest.raises(ValueError):
        make_member_code(seq)


def test_parse_member_code_accepts_digits_in_any_script_and_separators() -> None:
    code = make_member_code(42)
    persian = code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    arabic = code.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    spaced = f" {code[:4]} {code[4:]} "
    dashed = f"{code[:4]}-{code[4:]}"
    for text in (code, persian, arabic, spaced, dashed):
        assert parse_member_code(text) == code


@pytest.mark.parametrize("text", ["", "5724", "1234567", "123456789", "abcdefgh", "1234567x"])
def test_parse_member_code_rejects_wrong_shapes(text: str) -> None:
    assert parse_member_code(text) is None


def test_parse_member_code_rejects_a_typo() -> None:
    code = make_member_code(42)
    typo = code[:3] + str((int(code[3]) + 1) % 10) + code[4:]
    assert parse_member_code(typo) is None


def test_parse_member_code_ignores_invisible_marks_and_full_width_digits() -> None:
    code = make_member_code(42)
    full_width = code.translate(
        str.maketrans("0123456789", "\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19")
    )
    for text in (f"\u200f{code}\u200e", f"\ufeff{code[:4]}\u200b{code[4:]}", full_width):
        assert parse_member_code(text) == code


def test_a_valid_code_in_any_script_is_read_as_a_code() -> None:
    code = make_member_code(123_456)
    persian = code.translate(
        str.maketrans("0123456789", "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9")
    )
    for text in (code, persian, f"{code[:4]} {code[4:]}", f"\u2066{code}\u2069"):
        assert classify_member_code(text) == ("code", code)
        assert classify_member_code(text) == CodeReading("code", code)


@pytest.mark.parametrize("code", SAMPLE_CODES)
def test_every_single_digit_typo_and_swap_of_a_code_is_told_apart_as_mistyped(code: str) -> None:
    typos = {code[:i] + d + code[i + 1 :] for i in range(8) for d in "0123456789"}
    typos |= {code[:i] + code[i + 1] + code[i] + code[i + 2 :] for i in range(7)}
    typos.discard(code)
    for typo in typos:
        assert classify_member_code(typo) == ("mistyped", None), typo


def test_eight_digits_are_a_code_exactly_when_their_check_digit_holds() -> None:
    for n in range(10_000_000, 100_000_000, 7_919):
        text = str(n)
        expected = ("code", text) if damm_is_valid(text) else ("mistyped", None)
        assert classify_member_code(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello",
        "09121234567",
        "9121234567",
        "+989121234567",
        "\u06f0\u06f9\u06f1\u06f2\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7",
        "1234567",
        "123456789",
        "1234567x",
        "+1234567",
    ],
)
def test_phones_names_and_other_lengths_are_not_a_code(text: str) -> None:
    assert classify_member_code(text) == ("not-a-code", None)
