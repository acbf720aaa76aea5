"""The profile end to end: view, edit the name, set or change the birth date (limited)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.club.digits import to_persian_digits
from bot.emulator.driver import SimUser
from tests.e2e.test_purchases import NAME, PHONE, join
from tests.e2e.world import MENU, World, sign_up, t

LRI, PDI = "\u2066", "\u2069"


async def member_row(world: World) -> tuple[object, ...]:
    row = (
        await world.rows("SELECT name, birth_date, birth_jmonth, birth_jday, balance FROM members")
    )[0]
    return tuple(row)


async def profile_ledger(world: World) -> list[tuple[object, ...]]:
    rows = await world.rows("SELECT delta, idempotency_key FROM ledger WHERE kind = 'profile'")
    return [tuple(r) for r in rows]


async def change_birth_date(member: SimUser, text: str) -> None:
    await member.press(t("button-profile"))
    await member.press(t("button-edit-birthdate"))
    assert member.last.content == t("profile-ask-birthdate")
    await member.send(text)


async def test_profile_shows_name_phone_birth_date_and_code(world: World) -> None:
    member, code = await join(world)
    await member.press(t("button-profile"))
    assert member.last.content == t(
        "profile-summary",
        name=NAME,
        phone=f"{LRI}{to_persian_digits(PHONE)}{PDI}",
        birthdate="۱۲ مرداد ۱۳۷۰",
        code=to_persian_digits(code),
    )
    assert member.buttons() == [t("button-edit-name"), t("button-edit-birthdate")]


async def test_a_member_renames_themselves(world: World) -> None:
    member, _ = await join(world)
    await member.press(t("button-profile"))
    await member.press(t("button-edit-name"))
    assert member.last.content == t("profile-ask-name")
    assert member.keyboard() == [t("button-cancel")]
    await member.send("سارا  احمدي")  # an Arabic keyboard's yeh is stored as Persian ی
    assert member.last.content == t("profile-name-saved", name="سارا احمدی")
    assert member.keyboard() == MENU
    assert (await member_row(world))[0] == "سارا احمدی"
    await member.press(t("button-profile"))
    assert "سارا احمدی" in (member.last.content or "")


async def test_an_invalid_name_is_explained_and_asked_again(world: World) -> None:
    member, _ = await join(world)
    await member.press(t("button-profile"))
    await member.press(t("button-edit-name"))
    await member.send("@sara_123")
    said = [m.content for m in member.replies()]
    assert said[-1] == t("profile-ask-name") and len(said) == 2
    assert (await member_row(world))[0] == NAME


async def test_cancelling_an_edit_changes_nothing_and_returns_to_the_menu(world: World) -> None:
    member, _ = await join(world)
    await member.press(t("button-profile"))
    await member.press(t("button-edit-name"))
    await member.press(t("button-cancel"))
    assert member.last.content == t("cancelled")
    assert member.keyboard() == MENU
    await member.press(t("button-points"))  # the menu works again, the name is untouched
    assert t("points-balance", balance=100) in (member.last.content or "")
    assert (await member_row(world))[0] == NAME


async def test_a_birth_date_skipped_at_signup_earns_the_profile_points_once_when_set_later(
    world: World,
) -> None:
    member = world.emu.user(world.telegram, first_name="سارا", phone=PHONE)
    await sign_up(member, birth_date=None)
    assert (await member_row(world))[4] == 50
    await member.press(t("button-profile"))
    assert t("profile-no-birthdate") in (member.last.content or "")

    await change_birth_date(member, "۱۳۷۰/۰۵/۱۲")
    assert member.last.content == t(
        "profile-birthdate-saved-points", date="۱۲ مرداد ۱۳۷۰", points=50
    )
    assert member.keyboard() == MENU
    assert (await member_row(world))[2:] == (5, 12, 100)

    await change_birth_date(member, "1370/06/01")  # the one change allowed: no more points
    assert member.last.content == t("profile-birthdate-saved", date="۱ شهریور ۱۳۷۰")
    assert (await member_row(world))[2:] == (6, 1, 100)
    assert len(await profile_ledger(world)) == 1

    await member.press(t("button-profile"))
    await member.press(t("button-edit-birthdate"))
    assert member.last.content == t("error-birthdate-locked")
    assert (await member_row(world))[2:] == (6, 1, 100)


async def test_a_birth_date_given_at_signup_may_be_changed_once_and_then_politely_refused(
    world: World,
) -> None:
    member, _ = await join(world)
    await change_birth_date(member, "۱۳۷۱/۰۱/۰۵")
    assert member.last.content == t("profile-birthdate-saved", date="۵ فروردین ۱۳۷۱")
    assert (await member_row(world))[2:] == (1, 5, 100)

    await member.press(t("button-profile"))
    await member.press(t("button-edit-birthdate"))
    assert member.last.content == t("error-birthdate-locked")
    await member.send("۱۳۷۲/۰۱/۰۵")  # no edit step is open: a hint, not a change
    assert member.last.content == t("hint-not-understood")
    assert (await member_row(world))[2:] == (1, 5, 100)
    assert await profile_ledger(world) == [(50, "profile:1")]


async def test_an_invalid_birth_date_is_explained_and_asked_again(world: World) -> None:
    member, _ = await join(world)
    await change_birth_date(member, "۱۴۹۹/۱۳/۴۰")
    said = [m.content for m in member.replies()]
    assert said[-1] == t("profile-ask-birthdate") and len(said) == 2
    assert said[0] in {t("error-birthdate-format"), t("error-birthdate-impossible")}
    await member.send("1370/05/20")
    assert member.last.content == t("profile-birthdate-saved", date="۲۰ مرداد ۱۳۷۰")


async def test_with_no_changes_allowed_an_existing_birth_date_stays(
    make_world: Callable[..., Awaitable[World]],
) -> None:
    world = await make_world(birth_date_changes=0)
    member, _ = await join(world)
    await member.press(t("button-profile"))
    await member.press(t("button-edit-birthdate"))
    assert member.last.content == t("error-birthdate-locked")


async def test_a_menu_button_during_a_name_edit_opens_the_menu_item_instead_of_renaming(
    world: World,
) -> None:
    member, _ = await join(world)
    await member.press(t("button-profile"))
    await member.press(t("button-edit-name"))
    await member.send(t("button-points"))
    assert (member.last.content or "").startswith(t("points-balance", balance=100))
    assert await world.scalar("SELECT name FROM members") == "سارا محمدی"
    assert await world.scalar("SELECT count(*) FROM conversations") == 0
