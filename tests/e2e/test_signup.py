"""Signup end to end, through the emulator and the real Application."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest

from bot.emulator.driver import SimUser
from tests.e2e.world import Factory, World, sign_up, t, texts_of

LRI, PDI = "\u2066", "\u2069"
# 1404/03/11 in Tehran: a fixed "today" so ages and future dates never drift.
TODAY = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)
MENU_FIRST_ROW = [t("button-points"), t("button-history")]


def said(user: SimUser) -> list[str]:
    """The messages the bot sent since the user's last action (edits left out)."""
    return texts_of([m for m in user.replies() if not m.edited])


async def conversation(world: World, user: SimUser) -> list[tuple[Any, ...]]:
    rows = await world.rows(
        "SELECT flow, step, data, updated_at FROM conversations WHERE platform_user_id = :u",
        u=user.id,
    )
    return [(r[0], r[1], _json(r[2]), r[3]) for r in rows]


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


async def step_of(world: World, user: SimUser) -> str | None:
    rows = await conversation(world, user)
    return rows[0][1] if rows else None


async def reach(user: SimUser, step: str, *, name: str = "سارا محمدی") -> None:
    """Walks a newcomer up to (and including the question of) a signup step."""
    await user.send("/start")
    if step == "CONSENT":
        return
    await user.press(t("button-consent-yes"))
    if step == "NAME":
        return
    await user.send(name)
    if step == "PHONE":
        return
    await user.share_contact()
    assert step == "BIRTHDATE"


async def member_count(world: World) -> int:
    return int(await world.scalar("SELECT count(*) FROM members"))


# --- 1. Greeting, consent, /start again -----------------------------------------------------


@pytest.mark.parametrize("command", ["/start", "/start campaign_nowruz"])
async def test_start_greets_a_newcomer_explains_the_club_and_asks_for_consent(
    world: World, command: str
) -> None:
    user = world.emu.user(world.telegram, first_name="سارا", phone="+989121234567")
    await user.send(command)
    assert said(user) == [t("signup-welcome"), t("signup-consent")]
    assert user.buttons() == [t("button-consent-yes"), t("button-consent-no")]
    assert await step_of(world, user) == "CONSENT"
    assert await member_count(world) == 0


async def test_declining_consent_ends_politely_and_keeps_only_the_refusal(world: World) -> None:
    user = world.emu.user(world.telegram, first_name="سارا", phone="+989121234567")
    await user.send("/start")
    await user.press(t("button-consent-no"))
    assert said(user) == [t("signup-declined")]
    assert user.buttons() == []  # the consent buttons are gone
    refusals = await world.rows("SELECT platform, platform_user_id, at FROM consent_refusals")
    assert [(r[0], r[1]) for r in refusals] == [("telegram", user.id)]
    assert refusals[0][2] is not None
    assert await member_count(world) == 0
    assert await world.scalar("SELECT count(*) FROM identities") == 0
    assert await world.scalar("SELECT count(*) FROM conversations") == 0
    assert await world.scalar("SELECT count(*) FROM ledger") == 0


async def test_a_newcomer_who_declined_can_start_again_later(world: World) -> None:
    user = world.emu.user(world.telegram, first_name="سارا", phone="+989121234567")
    await user.send("/start")
    await user.press(t("button-consent-no"))
    journey = await sign_up(user)
    assert t("signup-balance", balance=100) in journey[-1]
    assert await member_count(world) == 1


@pytest.mark.parametrize(
    ("step", "question"),
    [
        ("CONSENT", "signup-consent"),
        ("NAME", "signup-ask-name"),
        ("PHONE", "signup-ask-phone"),
        ("BIRTHDATE", "signup-ask-birthdate"),
    ],
)
async def test_start_in_the_middle_of_signup_asks_the_same_step_again(
    world: World, step: str, question: str
) -> None:
    user = world.emu.user(world.telegram, first_name="سارا", phone="+989121234567")
    await reach(user, step)
    before = await conversation(world, user)
    await user.send("/start")
    assert said(user) == [t(question)]
    await user.send("/start r_12345678")
    assert said(user) == [t(question)]
    after = await conversation(world, user)
    if step == "CONSENT":
        # Before consent the last link opened is the one the signup carries.
        assert after[0][2]["payload"] == "r_12345678"
        assert (after[0][0], after[0][1]) == (before[0][0], before[0][1])
    else:
        assert after == before
    assert before[0][1] == step
    assert await member_count(world) == 0
    assert await world.scalar("SELECT count(*) FROM consent_refusals") == 0


async def test_pressing_consent_twice_asks_for_the_name_only_once(world: World) -> None:
    user = world.emu.user(world.telegram, first_name="سارا", phone="+989121234567")
    await user.send("/start")
    consent = user.last
    await user.press(t("button-consent-yes"))
    assert said(user) == [t("signup-ask-name")]
    # A second tap on the same (already answered) message, as a slow client may send it.
    before = await conversation(world, user)
    again = world.emu.state.user_callback(user.bot, user.chat, consent, "consent:yes")
    await world.emu.wait_handled(world.telegram, again)
    assert said(user) == []
    assert await conversation(world, user) == before
    await user.send("/start")
    assert said(user) == [t("signup-ask-name")]


async def test_declining_after_accepting_changes_nothing(world: World) -> None:
    user = world.emu.user(world.telegram, first_name="سارا", phone="+989121234567")
    await user.send("/start")
    consent = user.last
    await user.press(t("button-consent-yes"))
    said(user)
    late = world.emu.state.user_callback(user.bot, user.chat, consent, "consent:no")
    await world.emu.wait_handled(world.telegram, late)
    assert said(user) == []
    assert await step_of(world, user) == "NAME"
    assert await world.scalar("SELECT count(*) FROM consent_refusals") == 0


async def test_a_members_tap_on_an_old_consent_button_changes_nothing(world: World) -> None:
    user = world.emu.user(world.telegram, first_name="سارا", phone="+989121234567")
    await user.send("/start")
    consent = user.last
    await user.press(t("button-consent-yes"))
    await user.send("سارا محمدی")
    await user.share_contact()
    await user.press(t("button-skip"))
    said(user)
    late = world.emu.state.user_callback(user.bot, user.chat, consent, "consent:no")
    await world.emu.wait_handled(world.telegram, late)
    assert said(user) == []
    assert await world.scalar("SELECT count(*) FROM consent_refusals") == 0
    assert await world.scalar("SELECT count(*) FROM conversations") == 0
    assert await member_count(world) == 1


# --- 2. Name ----------------------------------------------------------------------------------


async def test_the_messenger_profile_name_is_offered_as_a_one_tap_button(world: World) -> None:
    user = world.emu.user(
        world.telegram, first_name="سارا", last_name="محمدی", phone="+989121234567"
    )
    await reach(user, "NAME")
    assert user.keyboard() == ["سارا محمدی", t("button-cancel")]
    await user.press("سارا محمدی")
    assert said(user) == [t("signup-ask-phone")]
    assert user.keyboard() == [t("button-share-phone"), t("button-cancel")]
    assert (await conversation(world, user))[0][2]["name"] == "سارا محمدی"


async def test_a_profile_name_that_is_not_a_valid_name_is_not_offered(world: World) -> None:
    user = world.emu.user(world.telegram, first_name="🌸🌸", phone="+989121234567")
    await reach(user, "NAME")
    assert user.keyboard() == [t("button-cancel")]


async def test_a_typed_name_is_stored_after_normalising_arabic_letters(world: World) -> None:
    user = world.emu.user(world.telegram, first_name="Sara", phone="+989121234567")
    await reach(user, "NAME")
    await user.send("  علي   كريمي  ")
    await user.share_contact()
    await user.press(t("button-skip"))
    assert await world.rows("SELECT name FROM members") == [("علی کریمی",)]


INVALID_NAMES = [
    ("۱۲۳۴۵", "error-name-letters"),
    ("12345", "error-name-letters"),
    ("سارا ۲", "error-name-letters"),
    ("https://spam.example", "error-name-link"),
    ("t.me/spam", "error-name-link"),
    ("@spammer", "error-name-link"),
    ("spam.ir", "error-name-link"),
    ("   ", "error-name-empty"),
    ("س", "error-name-length"),
    ("س" * 61, "error-name-length"),
]


async def test_an_invalid_name_gets_its_own_message_and_the_keyboard_not_the_question(
    make_world: Factory,
) -> None:
    world = await make_world(flood_messages=1000)  # one user, many answers in a row
    user = world.emu.user(world.telegram, first_name="سارا", phone="+989121234567")
    await reach(user, "NAME")
    before = await conversation(world, user)
    for typed, error in INVALID_NAMES:
        await user.send(typed)
        assert said(user) == [t(error)], typed
        assert user.keyboard() == ["سارا", t("button-cancel")], typed
    assert await conversation(world, user) == before


async def test_names_of_two_and_sixty_letters_are_accepted(world: World) -> None:
    first = world.emu.user(world.telegram, first_name="A", phone="+989121234567")
    await reach(first, "NAME")
    await first.send("مه")
    assert said(first) == [t("signup-ask-phone")]
    second = world.emu.user(world.telegram, first_name="B", phone="+989121234568")
    await reach(second, "NAME")
    await second.send("ن" * 60)
    assert said(second) == [t("signup-ask-phone")]


async def test_a_sticker_at_the_name_step_gets_a_hint_and_the_question_again(
    world: World,
) -> None:
    user = world.emu.user(world.telegram, first_name="سارا", phone="+989121234567")
    await reach(user, "NAME")
    await user.send_sticker()
    assert said(user) == [t("hint-answer-step"), t("signup-ask-name")]
    assert await step_of(world, user) == "NAME"


# --- 3. Phone -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("09121234567", "error-phone-typed-valid"),
        ("+989121234567", "error-phone-typed-valid"),
        ("۰۹۱۲۱۲۳۴۵۶۷", "error-phone-typed-valid"),
        ("0912123", "error-phone-typed-invalid"),
        ("12345678", "error-phone-typed-invalid"),
        ("شماره ندارم", "error-phone-typed"),
    ],
)
async def test_a_typed_phone_gets_a_hint_that_matches_what_was_typed_and_the_button(
    world: World, typed: str, hint: str
) -> None:
    user = world.emu.user(world.telegram, first_name="سارا", phone="+989121234567")
    await reach(user, "PHONE")
    await user.send(typed)
    assert said(user) == [t(hint)]  # the short hint, not the whole question again
    assert user.keyboard() == [t("button-share-phone"), t("button-cancel")]
    assert await step_of(world, user) == "PHONE"


async def test_someone_elses_contact_is_refused(world: World) -> None:
    user = world.emu.user(world.telegram, first_name="سارا", phone="+989121234567")
    await reach(user, "PHONE")
    await user.share_contact("+989350000000", user_id=user.id + 1, first_name="Reza")
    assert said(user) == [t("error-phone-not-own")]
    assert user.keyboard() == [t("button-share-phone"), t("button-cancel")]
    assert await step_of(world, user) == "PHONE"
    assert "phone" not in (await conversation(world, user))[0][2]


async def test_a_contact_card_of_someone_not_on_telegram_is_refused(world: World) -> None:
    """Telegram vouches for the sender's own contact: one without user_id is someone else's."""
    user = world.emu.user(world.telegram, first_name="سارا", phone="+989121234567")
    await reach(user, "PHONE")
    await user.share_contact("+989350000000", first_name="Reza")
    assert said(user) == [t("error-phone-not-own")]
    assert user.keyboard() == [t("button-share-phone"), t("button-cancel")]
    assert await step_of(world, user) == "PHONE"


@pytest.mark.parametrize("shared", ["989121234567", "+98 912 123 4567", "00989121234567"])
async def test_the_phone_is_stored_in_e164_and_the_profile_shows_it_isolated(
    world: World, shared: str
) -> None:
    user = world.emu.user(world.telegram, first_name="سارا", phone=shared)
    await sign_up(user, birth_date=None)
    assert await world.rows("SELECT phone FROM members") == [("+989121234567",)]
    await user.press(t("button-profile"))
    profile = user.replies()[-1].content or ""
    assert f"{LRI}+۹۸۹۱۲۱۲۳۴۵۶۷{PDI}" in profile  # Persian digits, kept left-to-right


@pytest.mark.parametrize("shared", ["12", "12345678", "9" * 15])
async def test_an_unusable_phone_is_refused_and_the_button_shown_again(
    world: World, shared: str
) -> None:
    user = world.emu.user(world.telegram, first_name="سارا", phone=shared)
    await reach(user, "PHONE")
    await user.share_contact()
    assert said(user) == [t("error-phone-invalid")]
    assert user.keyboard() == [t("button-share-phone"), t("button-cancel")]
    assert await step_of(world, user) == "PHONE"
    assert "phone" not in (await conversation(world, user))[0][2]


@pytest.mark.parametrize("platform", ["telegram", "bale"])
async def test_a_contact_number_without_plus_is_read_as_international(
    world: World, platform: str
) -> None:
    """Messengers send contacts without "+": 3545551234 is Iceland, not +98 354 555 1234."""
    bot = world.telegram if platform == "telegram" else world.bale
    user = world.emu.user(bot, first_name="Jón", phone="3545551234")
    await sign_up(user, name="Jon Jonsson", birth_date=None)
    assert await world.rows("SELECT phone FROM members") == [("+3545551234",)]


async def test_a_contact_sent_at_another_step_just_repeats_that_step(world: World) -> None:
    user = world.emu.user(world.telegram, first_name="سارا", phone="+989121234567")
    await reach(user, "NAME")
    await user.share_contact()
    assert said(user) == [t("signup-ask-name")]
    assert await step_of(world, user) == "NAME"


# --- 4. Birth date ----------------------------------------------------------------------


async def test_a_jalali_birth_date_is_accepted_in_every_usual_spelling(
    make_world: Factory,
) -> None:
    world = await make_world(flood_messages=1000)  # one user, many answers in a row
    world.clock.now = TODAY
    spellings = [
        "۱۳۷۰/۰۵/۱۲",
        "1370/5/12",
        "1370-05-12",
        "۱۳۷۰ ۵ ۱۲",
        "١٣٧٠/٠٥/١٢",
        "\u200f1370/05/12",
    ]
    for n, typed in enumerate(spellings):
        user = world.emu.user(world.telegram, first_name="سارا", phone=f"+98912123450{n}")
        journey = await sign_up(user, birth_date=typed)
        assert t("signup-points-profile", points=50) in journey[-1], typed
    rows = await world.rows("SELECT birth_date, birth_jmonth, birth_jday FROM members")
    assert [(str(r[0]), r[1], r[2]) for r in rows] == [("1991-08-03", 5, 12)] * len(spellings)


INVALID_BIRTH_DATES = [  # today is 1404/03/11
    ("1370/13/01", "error-birthdate-impossible"),
    ("1370/00/10", "error-birthdate-impossible"),
    ("1370/01/32", "error-birthdate-impossible"),
    ("1370/07/31", "error-birthdate-impossible"),
    ("1370/08/31", "error-birthdate-impossible"),
    ("1370/09/31", "error-birthdate-impossible"),
    ("1370/10/31", "error-birthdate-impossible"),
    ("1370/11/31", "error-birthdate-impossible"),
    ("1402/12/30", "error-birthdate-impossible"),
    ("1404/05/01", "error-birthdate-future"),
    ("1500/01/01", "error-birthdate-future"),
    ("1400/01/01", "error-birthdate-too-young"),
    ("1397/03/12", "error-birthdate-too-young"),
    ("1290/01/01", "error-birthdate-too-old"),
    ("سلام", "error-birthdate-format"),
    ("1370/05", "error-birthdate-format"),
    ("70/05/12", "error-birthdate-format"),
    ("12 مرداد", "error-birthdate-format"),
]


async def test_an_invalid_birth_date_gets_its_own_message_and_the_keyboard(
    make_world: Factory,
) -> None:
    world = await make_world(flood_messages=1000)  # one user, many answers in a row
    world.clock.now = TODAY
    user = world.emu.user(world.telegram, first_name="سارا", phone="+989121234567")
    await reach(user, "BIRTHDATE")
    before = await conversation(world, user)
    for typed, error in INVALID_BIRTH_DATES:
        await user.send(typed)
        assert said(user) == [t(error)], typed
        assert user.keyboard() == [t("button-skip"), t("button-cancel")], typed
    assert await conversation(world, user) == before
    assert await member_count(world) == 0


async def test_the_seventh_birthday_is_old_enough(world: World) -> None:
    world.clock.now = TODAY  # 1404/03/11
    user = world.emu.user(world.telegram, first_name="سارا", phone="+989121234567")
    await sign_up(user, birth_date="1397/03/11")
    assert await world.rows("SELECT birth_jmonth, birth_jday FROM members") == [(3, 11)]


@pytest.mark.parametrize("leap_year", [1399, 1403])
async def test_the_thirtieth_of_esfand_is_accepted_in_a_leap_year(
    world: World, leap_year: int
) -> None:
    world.clock.now = datetime(2033, 6, 1, 9, 0, tzinfo=UTC)  # 1412: old enough for 1403
    user = world.emu.user(world.telegram, first_name="سارا", phone="+989121234567")
    await sign_up(user, birth_date=f"{leap_year}/12/30")
    assert await world.rows("SELECT birth_jmonth, birth_jday FROM members") == [(12, 30)]


async def test_skipping_the_birth_date_joins_with_only_the_welcome_points(
    world: World,
) -> None:
    user = world.emu.user(world.telegram, first_name="سارا", phone="+989121234567")
    journey = await sign_up(user, birth_date=None)
    assert t("signup-points-welcome", points=50) in journey[-1]
    assert t("signup-points-profile", points=50) not in journey[-1]
    assert t("signup-balance", balance=50) in journey[-1]
    member_id = await world.scalar("SELECT id FROM members")
    keys = await world.rows("SELECT idempotency_key, delta FROM ledger")
    assert [tuple(r) for r in keys] == [(f"signup:{member_id}", 50)]
    rows = await world.rows("SELECT birth_date, birth_jmonth, balance FROM members")
    assert [tuple(r) for r in rows] == [(None, None, 50)]


# --- 5. Done ----------------------------------------------------------------------------


async def test_newcomer_signs_up_on_telegram_and_gets_welcome_and_profile_points(
    world: World,
) -> None:
    user = world.emu.user(world.telegram, first_name="سارا", phone="+989121234567")
    journey = await sign_up(user)
    assert t("signup-points-welcome", points=50) in journey[-1]
    assert t("signup-points-profile", points=50) in journey[-1]
    assert t("signup-balance", balance=100) in journey[-1]
    assert t("signup-rejoined") not in journey[-1]
    assert user.keyboard()[:2] == MENU_FIRST_ROW
    rows = await world.rows("SELECT name, phone, balance, birth_jmonth, birth_jday FROM members")
    assert [tuple(r) for r in rows] == [("سارا محمدی", "+989121234567", 100, 5, 12)]


async def test_joining_writes_one_member_one_identity_and_keyed_ledger_rows(
    world: World,
) -> None:
    user = world.emu.user(
        world.telegram, first_name="سارا", username="sara_m", phone="+989121234567"
    )
    journey = await sign_up(user)
    member_id, code, consent_at, last_platform = (
        await world.rows("SELECT id, code, consent_at, last_platform FROM members")
    )[0]
    assert journey[-1].startswith(
        t(
            "signup-done",
            name="سارا محمدی",
            code=code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")),
        )
    )
    assert consent_at is not None and last_platform == "telegram"
    identities = await world.rows(
        "SELECT platform, platform_user_id, member_id, chat_id, username FROM identities"
    )
    assert [tuple(r) for r in identities] == [("telegram", user.id, member_id, user.id, "sara_m")]
    ledger = await world.rows("SELECT kind, delta, idempotency_key FROM ledger ORDER BY id")
    assert [tuple(r) for r in ledger] == [
        ("signup", 50, f"signup:{member_id}"),
        ("profile", 50, f"profile:{member_id}"),
    ]
    assert await world.scalar("SELECT count(*) FROM conversations") == 0
    assert await world.scalar("SELECT count(*) FROM referrals") == 0


async def test_a_member_sending_start_again_gets_the_menu_not_a_second_signup(
    world: World,
) -> None:
    user = world.emu.user(world.telegram, first_name="سارا", phone="+989121234567")
    await sign_up(user)
    await user.send("/start")
    assert said(user) == [t("menu-welcome-back", name="سارا محمدی")]
    assert user.keyboard()[:2] == MENU_FIRST_ROW
    assert await member_count(world) == 1
    assert await world.scalar("SELECT count(*) FROM ledger") == 2


async def test_tapping_skip_twice_joins_once(world: World) -> None:
    user = world.emu.user(world.telegram, first_name="سارا", phone="+989121234567")
    await reach(user, "BIRTHDATE")
    first = await user.press(t("button-skip"), wait=False)
    second = await user.press(t("button-skip"), wait=False)
    await world.emu.wait_handled(world.telegram, first)
    await world.emu.wait_handled(world.telegram, second)
    assert await member_count(world) == 1
    assert await world.scalar("SELECT count(*) FROM ledger") == 1


# --- 6. Bale ----------------------------------------------------------------------------


async def test_newcomer_signs_up_on_bale_where_contacts_are_not_vouched(world: World) -> None:
    user = world.emu.user(world.bale, first_name="رضا", phone="989351112233")
    await user.send("/start")
    assert said(user) == [t("signup-welcome"), t("signup-consent")]
    await user.press(t("button-consent-yes"))
    await user.press("رضا")
    assert said(user) == [t("signup-ask-phone")]
    await user.press(t("button-share-phone"))
    assert said(user) == [t("signup-ask-birthdate")]
    await user.send("۱۳۶۵/۱۲/۰۱")
    journey = said(user)
    assert t("signup-points-welcome", points=50) in journey[-1]
    assert t("signup-points-profile", points=50) in journey[-1]
    assert t("signup-balance", balance=100) in journey[-1]
    assert user.keyboard()[:2] == MENU_FIRST_ROW
    rows = await world.rows("SELECT name, phone, balance, birth_jmonth, last_platform FROM members")
    assert [tuple(r) for r in rows] == [("رضا", "+989351112233", 100, 12, "bale")]
    identities = await world.rows("SELECT platform, platform_user_id FROM identities")
    assert [tuple(r) for r in identities] == [("bale", user.id)]


async def test_a_bale_user_cannot_type_the_phone_either(world: World) -> None:
    user = world.emu.user(world.bale, first_name="رضا", phone="989351112233")
    await reach(user, "PHONE")
    await user.send("09351112233")
    assert said(user) == [t("error-phone-typed-valid")]


# --- 8. /cancel -------------------------------------------------------------------------


@pytest.mark.parametrize("step", ["CONSENT", "NAME", "PHONE", "BIRTHDATE"])
async def test_cancel_ends_the_signup_at_every_step(world: World, step: str) -> None:
    user = world.emu.user(world.telegram, first_name="سارا", phone="+989121234567")
    await reach(user, step)
    await user.send("/cancel")
    assert said(user) == [t("signup-cancelled")]
    assert user.keyboard() == []
    assert await world.scalar("SELECT count(*) FROM conversations") == 0
    assert await member_count(world) == 0
    # Afterwards a typed text is not taken as an answer to the old step.
    await user.send("سارا محمدی")
    assert said(user) == [t("hint-start")]
    await user.send("/start")
    assert said(user) == [t("signup-welcome"), t("signup-consent")]


@pytest.mark.parametrize("step", ["NAME", "PHONE", "BIRTHDATE"])
async def test_the_cancel_button_ends_the_signup_at_every_step(world: World, step: str) -> None:
    user = world.emu.user(world.telegram, first_name="سارا", phone="+989121234567")
    await reach(user, step)
    await user.press(t("button-cancel"))
    assert said(user) == [t("signup-cancelled")]
    assert user.keyboard() == []
    assert await world.scalar("SELECT count(*) FROM conversations") == 0
    assert await member_count(world) == 0


async def test_cancel_on_bale_ends_the_signup_too(world: World) -> None:
    user = world.emu.user(world.bale, first_name="رضا", phone="989351112233")
    await reach(user, "BIRTHDATE")
    await user.press(t("button-cancel"))
    assert said(user) == [t("signup-cancelled")]
    assert await world.scalar("SELECT count(*) FROM conversations") == 0
    assert await member_count(world) == 0


# --- Rejoining after deleting the account -------------------------------------------------


async def delete_account(user: SimUser) -> None:
    await user.press(t("button-privacy"))
    await user.press(t("button-delete"))
    await user.press(t("button-delete-yes"))


async def test_rejoining_after_deleting_the_account_pays_no_joining_gifts(
    make_world: Factory,
) -> None:
    world = await make_world(flood_messages=100)
    user = world.emu.user(world.telegram, first_name="سارا", phone="+989121234567")
    await sign_up(user)
    await delete_account(user)
    journey = await sign_up(user)  # with a birth date again
    assert t("signup-points-welcome", points=50) not in journey[-1]
    assert t("signup-points-profile", points=50) not in journey[-1]
    assert t("signup-balance", balance=0) in journey[-1]
    assert t("signup-rejoined") in journey[-1]  # told why there is no welcome gift
    rows = await world.rows("SELECT balance, birth_jmonth FROM members WHERE deleted_at IS NULL")
    assert [tuple(r) for r in rows] == [(0, 5)]
    assert await world.scalar("SELECT count(*) FROM ledger") == 2  # the first account's


async def test_a_rejoined_member_earns_no_profile_points_for_a_birth_date_given_later(
    make_world: Factory,
) -> None:
    world = await make_world(flood_messages=100)
    user = world.emu.user(world.telegram, first_name="سارا", phone="+989121234567")
    await sign_up(user)
    await delete_account(user)
    await sign_up(user, birth_date=None)
    await user.press(t("button-profile"))
    await user.press(t("button-edit-birthdate"))
    said(user)
    await user.send("1370/05/12")
    assert said(user) == [t("profile-birthdate-saved", date=date(1991, 8, 3))]
    assert await world.scalar("SELECT balance FROM members WHERE deleted_at IS NULL") == 0
