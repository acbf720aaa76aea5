import pytest

from bot.club.names import InvalidName, validate_name


def error_key(text: str) -> str:
    with pytest.raises(InvalidName) as info:
        validate_name(text)
    return info.value.key


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("سارا", "سارا"),
        ("  علي   رضايي ", "علی رضایی"),
        ("كاظم", "کاظم"),
        ("محمّد", "محمّد"),
        ("زهرا\u200cسادات", "زهرا\u200cسادات"),
        ("Jean-Luc O'Neil", "Jean-Luc O'Neil"),
        ("O’Brien", "O’Brien"),
        ("M. Ali", "M. Ali"),
        ("Dr.Ahmad", "Dr.Ahmad"),
        ("Ли", "Ли"),
        ("ab", "ab"),
        ("ا" * 60, "ا" * 60),
    ],
)
def test_plain_names_are_accepted_and_normalized(text: str, expected: str) -> None:
    assert validate_name(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_blank_names_are_empty(text: str) -> None:
    assert error_key(text) == "error-name-empty"


@pytest.mark.parametrize("text", ["ا" * 61, "ab " * 21, "a", "ع", "a.", "ع -"])
def test_names_too_long_or_with_fewer_than_two_letters_have_wrong_length(text: str) -> None:
    assert error_key(text) == "error-name-length"


@pytest.mark.parametrize(
    "text",
    ["12345", "۱۲۳۴۵", "...", "- '", "Ali2", "علی۲", "سارا 😊", "Ali_Reza", "Ali!", "علی#", "a+b"],
)
def test_digits_emoji_symbols_or_no_letters_are_rejected(text: str) -> None:
    assert error_key(text) == "error-name-letters"


@pytest.mark.parametrize(
    "text",
    [
        "http://spam",
        "HTTPS://x.y",
        "www.example",
        "t.me/spam",
        "T.ME spam",
        "ble.ir/x",
        "@spammer",
        "ali@example",
        "علی @ رضا",
        "foo.com",
        "buy at shop.ir now",
        "vafa.IO",
    ],
)
def test_links_and_usernames_are_rejected(text: str) -> None:
    assert error_key(text) == "error-name-link"


def test_invalid_name_is_a_value_error_carrying_its_key() -> None:
    error = InvalidName("error-name-empty")
    assert isinstance(error, ValueError)
    assert error.key == "error-name-empty"
