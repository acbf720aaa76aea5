"""The shop's name (CLUB_NAME) appears in the texts that introduce the club."""

from __future__ import annotations

import pytest

from bot.i18n import load_texts

TZ = "Asia/Tehran"
NAMED = ("signup-welcome", "help", "invite-forward")


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_shop_name_fills_every_text_without_callers_passing_it(language: str) -> None:
    texts = load_texts(language, TZ, club="Narenj")
    for key in NAMED:
        assert "Narenj" in texts(key, link="https://t.me/x")
    assert "Narenj" in texts("card-caption", name="Sara", code="1", tier="Gold")
    assert "Narenj" in texts("tier-up", tier="Gold")
    assert "Narenj" in texts("purchase-earned", points=5)
    assert "Narenj" in texts("referral-credited", name="Ali", points=5)


def test_without_a_name_each_language_words_the_club_its_own_way() -> None:
    english = load_texts("en", TZ)
    assert english.club == "our shop"
    assert english("signup-welcome").startswith("Hello! Welcome to the customer club of our shop.")
    persian = load_texts("fa", TZ, club="  ")
    assert persian.club == persian("club-default-name")
    assert persian.club in persian("signup-welcome")


def test_a_caller_may_still_name_another_club() -> None:
    assert "Other" in load_texts("en", TZ, club="Narenj")("help", club="Other")
