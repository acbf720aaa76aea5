import pytest

from bot.club.phones import InvalidPhone, isolate_ltr, normalize_phone


@pytest.mark.parametrize(
    "raw",
    [
        "+989121234567",
        "989121234567",
        "09121234567",
        "9121234567",
        "00989121234567",
        "۰۹۱۲۱۲۳۴۵۶۷",
        "+۹۸۹۱۲۱۲۳۴۵۶۷",
        "٠٩١٢١٢٣٤٥٦٧",
        "0912 123 4567",
        "0912-123-4567",
        "(0912) 123-4567",
        "+98 (912) 123 45 67",
        "+98 0912 123 4567",
        "\u2066+98 912 123 4567\u2069",
    ],
)
def test_every_iranian_mobile_form_normalizes_to_e164(raw: str) -> None:
    assert normalize_phone(raw) == "+989121234567"


def test_an_iranian_landline_normalizes_to_e164() -> None:
    assert normalize_phone("021-8812-3456") == "+982188123456"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+447911123456", "+447911123456"),
        ("00447911123456", "+447911123456"),
        ("447911123456", "+447911123456"),
        ("+1 (415) 555-2671", "+14155552671"),
        ("+۴۹ ۳۰ ۱۲۳۴۵۶۷۸", "+493012345678"),
    ],
)
def test_foreign_numbers_keep_their_country_code(raw: str, expected: str) -> None:
    assert normalize_phone(raw) == expected


def test_a_different_default_country_applies_to_numbers_with_trunk_zero() -> None:
    assert normalize_phone("07911 123456", default_country="44") == "+447911123456"


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "123",
        "+98912123",
        "0912123456",
        "091212345678",
        "+9891212345678",
        "abc",
        "0912abc4567",
        "+",
        "+0123456789",
        "++989121234567",
        "98+9121234567",
        "+1234567",
        "+1234567890123456",
        "0912.123.4567",
    ],
)
def test_malformed_numbers_are_rejected(raw: str) -> None:
    with pytest.raises(InvalidPhone):
        normalize_phone(raw)


def test_invalid_phone_is_a_value_error_with_a_message_key() -> None:
    assert issubclass(InvalidPhone, ValueError)
    assert InvalidPhone("x").key == "error-phone-invalid"


def test_isolate_ltr_wraps_text_in_a_left_to_right_isolate() -> None:
    assert isolate_ltr("+989121234567") == "\u2066+989121234567\u2069"
