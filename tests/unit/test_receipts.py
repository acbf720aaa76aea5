import random
import sys

import pytest

from bot.club.receipts import INVALID, MAX_LENGTH, TOO_LONG, ReceiptRefused, normalize_receipt

PERSIAN = str.maketrans(
    "0123456789", "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9"
)
ARABIC = str.maketrans("0123456789", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669")
INVISIBLE_MARKS = [
    *map(chr, range(0x200B, 0x2010)),
    *map(chr, range(0x202A, 0x202F)),
    *map(chr, range(0x2066, 0x206A)),
    "\u061c",
    "\ufeff",
]


def refusal(raw: str) -> str:
    with pytest.raises(ReceiptRefused) as caught:
        normalize_receipt(raw)
    return caught.value.key


@pytest.mark.parametrize(
    "raw",
    [
        "R-1207",
        "r-1207",
        "  R-1207 ",
        "R-\u06f1\u06f2\u06f0\u06f7",
        "R-\u0661\u0662\u0660\u0667",
        "\uff32\uff0d\uff11\uff12\uff10\uff17",
        "\u200fR-1207\u200e",
        "\u2066R-1207\u2069",
        "\ufeffR\u200b-12\u200c07",
        "\u202bR-1207\u202c",
        "\u061cR-1207",
    ],
)
def test_every_way_of_writing_one_receipt_is_one_id(raw: str) -> None:
    assert normalize_receipt(raw) == "r-1207"


def test_a_receipt_with_invisible_marks_anywhere_is_the_same_receipt() -> None:
    rng = random.Random(3)
    for _ in range(500):
        chars = list("INV-2024/00917")
        for _ in range(rng.randrange(1, 6)):
            chars.insert(rng.randrange(len(chars) + 1), rng.choice(INVISIBLE_MARKS))
        assert normalize_receipt("".join(chars)) == "inv-2024/00917"


def test_persian_and_arabic_digits_read_as_latin_digits() -> None:
    assert normalize_receipt("0123456789".translate(PERSIAN)) == "0123456789"
    assert normalize_receipt("0123456789".translate(ARABIC)) == "0123456789"


def test_case_is_folded_beyond_ascii() -> None:
    assert normalize_receipt("STRASSE-1") == normalize_receipt("stra\u00dfe-1") == "strasse-1"


def test_an_id_of_exactly_the_limit_is_kept_whole() -> None:
    raw = "A" * (MAX_LENGTH - 4) + "1234"
    assert normalize_receipt(raw) == raw.lower()


def test_a_long_id_is_refused_never_cut() -> None:
    assert refusal("A" * (MAX_LENGTH + 1)) == TOO_LONG
    assert refusal("7" * 10_000) == TOO_LONG


def test_two_long_ids_sharing_a_prefix_never_become_one() -> None:
    prefix = "X" * MAX_LENGTH
    for raw in (prefix + "1", prefix + "2"):
        assert refusal(raw) == TOO_LONG


def test_the_limit_counts_characters_after_normalisation() -> None:
    marks = "\u200e" * 100
    assert normalize_receipt(marks + "R-1" + marks) == "r-1"
    # U+FB03 (the "ffi" ligature) becomes three letters under NFKC.
    assert refusal("\ufb03" * 22) == TOO_LONG
    assert normalize_receipt("\ufb03" * 21) == "ffi" * 21


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "\u200e\u200f",
        "R 1207",
        "R\t1207",
        "R\n1207",
        "R\u00a01207",
        "R\u30001207",
        "R\x001207",
        "R\x7f1207",
        "R\u00ad1207",
        "R\ue0001207",
    ],
)
def test_empty_ids_and_ids_with_spaces_or_control_characters_are_refused(raw: str) -> None:
    assert refusal(raw) == INVALID


def test_a_folded_letter_followed_by_a_combining_mark_is_stable() -> None:
    once = normalize_receipt("\u00df\u0307")
    assert once == "s\u1e61"
    assert normalize_receipt(once) == once


def test_normalisation_is_stable_under_a_second_pass() -> None:
    rng = random.Random(11)
    alphabet = [chr(c) for c in range(0x21, sys.maxunicode + 1, 97)]
    alphabet += ["\u0130", "\u00df", "\ufb03", "\u1e9e", "\u2126", "\u212b", "\u0345"]
    # Combining marks after letters that case folding expands ("\u00df" to "ss") recompose.
    alphabet += ["\u0307", "\u0301", "\u0308", "\u0342"] * 20
    for _ in range(5_000):
        raw = "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 8)))
        try:
            once = normalize_receipt(raw)
        except ReceiptRefused:
            continue
        assert normalize_receipt(once) == once, ascii(raw)


def test_a_refusal_is_a_value_error_with_a_message_key() -> None:
    with pytest.raises(ValueError) as caught:
        normalize_receipt("R 1")
    assert isinstance(caught.value, ReceiptRefused)
    assert caught.value.key == INVALID
