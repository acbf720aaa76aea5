import random

import phonenumbers
import pytest

from bot.club.phones import (
    CONTACT_INVALID,
    STEP_TYPED,
    STEP_TYPED_INVALID,
    STEP_TYPED_VALID,
    TYPED_INVALID,
    TYPED_LANDLINE,
    TYPED_LENGTH,
    InvalidPhone,
    isolate_ltr,
    normalize_phone,
    phone_from_contact,
    phone_from_typed,
    typed_phone_hint,
)

PERSIAN = str.maketrans(
    "0123456789", "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9"
)
ARABIC = str.maketrans("0123456789", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669")
FULLWIDTH = str.maketrans(
    "0123456789+", "\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19\uff0b"
)
SCRIPTS = {"latin": str.maketrans({}), "persian": PERSIAN, "arabic": ARABIC, "fullwidth": FULLWIDTH}

# Iranian mobile prefixes in use (operators MCI, Irancell, Rightel and others), all of whose
# numbers must be accepted.
ALLOCATED_MOBILE_PREFIXES = [*range(910, 924), *range(930, 940), *range(990, 995), 996]


def refusal(parse: object, raw: str) -> str:
    assert callable(parse)
    with pytest.raises(InvalidPhone) as caught:
        parse(raw)
    return caught.value.key


def typed_forms(national: str) -> list[str]:
    """Ways people type the Iranian national number "9121234567" (without trunk zero)."""
    a, b, c = national[:3], national[3:6], national[6:]
    return [
        f"0{national}",
        national,
        f"+98{national}",
        f"+98 {a} {b} {c}",
        f"+98 0{a} {b} {c}",
        f"0098{national}",
        f"00 98 {a} {b} {c}",
        f"0{a}-{b}-{c}",
        f"(0{a}) {b}-{c}",
        f"0{a}\u2013{b}\u2013{c}",
        f"\u2066+98 {a} {b} {c}\u2069",
        f"\u200f0{national}\u200e",
        f"\u200b0{a}\u200c{b}\ufeff{c}",
        f"\u202b0{national}\u202c",
        f"\u061c0{national}",
        f"  0{national}\n",
        f"0{a}\u00a0{b}\u00a0{c}",
    ]


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("form", typed_forms("9121234567"))
def test_every_typed_form_of_an_iranian_mobile_in_every_digit_script_is_one_number(
    form: str, script: str
) -> None:
    assert phone_from_typed(form.translate(SCRIPTS[script])) == "+989121234567"


@pytest.mark.parametrize("prefix", ALLOCATED_MOBILE_PREFIXES)
def test_random_numbers_in_every_allocated_mobile_prefix_are_accepted_typed(prefix: int) -> None:
    rng = random.Random(prefix)
    for _ in range(20):
        national = f"{prefix}{rng.randrange(10**7):07d}"
        for form in typed_forms(national):
            assert phone_from_typed(form.translate(PERSIAN)) == f"+98{national}"


@pytest.mark.parametrize("prefix", [*range(910, 940), *range(990, 1000)])
def test_the_whole_mobile_block_is_accepted_exactly_where_libphonenumber_allocates_it(
    prefix: int,
) -> None:
    # Ranges the metadata does not (yet) allocate, such as 0924-0929, 0995 and 0997, are
    # refused; upgrading phonenumbers is how a newly allocated range gets in.
    rng = random.Random(prefix * 31)
    for _ in range(100):
        national = f"{prefix}{rng.randrange(10**7):07d}"
        if phonenumbers.is_valid_number(phonenumbers.parse(f"+98{national}")):
            assert phone_from_typed(f"0{national}") == f"+98{national}"
            assert phone_from_contact(f"98{national}") == f"+98{national}"
        else:
            assert refusal(phone_from_typed, f"0{national}") == TYPED_INVALID
            assert refusal(phone_from_contact, f"98{national}") == CONTACT_INVALID


@pytest.mark.parametrize(
    "raw", ["0912123456", "091212345678", "+98912123", "+9891212345678", "0098 912 123 456"]
)
def test_a_mobile_with_a_digit_missing_or_extra_is_a_length_error(raw: str) -> None:
    assert refusal(phone_from_typed, raw) == TYPED_LENGTH


@pytest.mark.parametrize("raw", ["021-8812-3456", "02188123456", "+98 21 8812 3456", "2188123456"])
def test_a_typed_iranian_landline_is_refused_as_a_landline(raw: str) -> None:
    assert refusal(phone_from_typed, raw) == TYPED_LANDLINE


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+447911123456", "+447911123456"),
        ("00447911123456", "+447911123456"),
        ("447911123456", "+447911123456"),
        ("+1 (415) 555-2671", "+14155552671"),
        (
            "+\u06f4\u06f9 \u06f3\u06f0 \u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8",
            "+493012345678",
        ),
        ("+354 555 1234", "+3545551234"),
    ],
)
def test_typed_foreign_numbers_keep_their_country_code_landline_or_not(
    raw: str, expected: str
) -> None:
    assert phone_from_typed(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "abc",
        "0912abc4567",
        "+",
        "+0123456789",
        "++989121234567",
        "98+9121234567",
        "0912.123.4567",
        "09121234567 ext 2",
        "+1234567890123456789012",
        "1" * 40,
    ],
)
def test_text_not_shaped_like_a_number_is_an_invalid_typed_number(raw: str) -> None:
    assert refusal(phone_from_typed, raw) == TYPED_INVALID


@pytest.mark.parametrize("raw", ["12345678", "9" * 15, "+12345678", "123"])
def test_impossible_typed_numbers_are_refused(raw: str) -> None:
    assert refusal(phone_from_typed, raw) in (TYPED_INVALID, TYPED_LENGTH)


def test_normalize_phone_keeps_typed_semantics_for_existing_callers() -> None:
    assert normalize_phone(
        "\u06f0\u06f9\u06f1\u06f2\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7"
    ) == ("+989121234567")
    assert normalize_phone("07911 123456", default_country="44") == "+447911123456"
    assert refusal(normalize_phone, "021-8812-3456") == TYPED_LANDLINE


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("989121234567", "+989121234567"),
        ("+989121234567", "+989121234567"),
        ("00989121234567", "+989121234567"),
        ("09121234567", "+989121234567"),
        ("9809121234567", "+989121234567"),
        ("3545551234", "+3545551234"),
        ("447911123456", "+447911123456"),
        ("14155552671", "+14155552671"),
        ("493012345678", "+493012345678"),
        ("971501234567", "+971501234567"),
        ("905321234567", "+905321234567"),
        (
            "\u06f9\u06f8\u06f9\u06f1\u06f2\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7",
            "+989121234567",
        ),
        ("\u200e+98 912 123 4567", "+989121234567"),
    ],
)
def test_a_contacts_digits_are_read_as_an_international_number(raw: str, expected: str) -> None:
    assert phone_from_contact(raw) == expected


def test_an_icelandic_contact_never_becomes_an_iranian_number() -> None:
    assert phone_from_contact("3545551234") == "+3545551234"
    # The same ten digits typed by a person at an Iranian till are an Iranian landline.
    assert refusal(phone_from_typed, "3545551234") == TYPED_LANDLINE


@pytest.mark.parametrize("prefix", ALLOCATED_MOBILE_PREFIXES)
def test_contacts_of_every_allocated_iranian_mobile_prefix_are_accepted(prefix: int) -> None:
    rng = random.Random(-prefix)
    for _ in range(20):
        national = f"{prefix}{rng.randrange(10**7):07d}"
        assert phone_from_contact(f"98{national}") == f"+98{national}"


@pytest.mark.parametrize(
    "raw", ["12345678", "9" * 15, "", "+", "abc", "9121234567", "+0123456789", "0" * 12, "1" * 40]
)
def test_impossible_contacts_are_refused(raw: str) -> None:
    assert refusal(phone_from_contact, raw) == CONTACT_INVALID


def test_a_contact_may_be_a_landline_because_the_messenger_vouches_for_it() -> None:
    assert phone_from_contact("982188123456") == "+982188123456"


def test_the_result_is_a_fixed_point_of_both_readings() -> None:
    rng = random.Random(7)
    for _ in range(300):
        national = f"{rng.choice(ALLOCATED_MOBILE_PREFIXES)}{rng.randrange(10**7):07d}"
        phone = phone_from_typed(f"0{national}")
        assert phone_from_typed(phone) == phone == phone_from_contact(phone)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("09121234567", STEP_TYPED_VALID),
        ("\u06f0\u06f9\u06f1\u06f2 \u06f1\u06f2\u06f3 \u06f4\u06f5\u06f6\u06f7", STEP_TYPED_VALID),
        ("+989121234567", STEP_TYPED_VALID),
        ("0912123456", STEP_TYPED_INVALID),
        ("02188123456", STEP_TYPED_INVALID),
        ("0912 abc 4567", STEP_TYPED_INVALID),
        ("hello", STEP_TYPED),
        ("", STEP_TYPED),
    ],
)
def test_the_phone_step_hint_matches_what_was_typed(text: str, key: str) -> None:
    assert typed_phone_hint(text) == key


def test_invalid_phone_is_a_value_error_whose_text_never_holds_the_number() -> None:
    with pytest.raises(InvalidPhone) as caught:
        phone_from_typed("0912123456")
    assert isinstance(caught.value, ValueError)
    assert "912" not in str(caught.value)
    assert InvalidPhone().key == CONTACT_INVALID


def test_isolate_ltr_wraps_text_in_a_left_to_right_isolate() -> None:
    assert isolate_ltr("+989121234567") == "\u2066+989121234567\u2069"
