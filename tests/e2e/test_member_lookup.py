"""/member end to end: what each role sees (masked or full phone), mistyped codes, unverified
phones, the audit row of every lookup, and an admin's birth-date correction."""

from __future__ import annotations

import json
from typing import Any

from bot.club.digits import to_persian_digits
from bot.club.lookup import mask_phone
from bot.club.permissions import Role
from bot.club.phones import isolate_ltr
from bot.emulator.driver import SimUser
from bot.i18n import load_texts
from tests.e2e.test_purchases import NAME, PHONE, buy, join, owner_of, void
from tests.e2e.test_team import join_team
from tests.e2e.world import World, sign_up, t


def phone_shown(phone: str) -> str:
    return isolate_ltr(to_persian_digits(phone))


def card(code: str, phone: str, balance: int = 100) -> str:
    return t(
        "member-card",
        name=NAME,
        code=to_persian_digits(code),
        tier=t("tier-bronze"),
        balance=balance,
        phone=phone,
    )


async def cashier(world: World) -> SimUser:
    user = world.emu.user(world.telegram, user_id=6_001, first_name="Cashier")
    await join_team(world, user, Role.STAFF)
    return user


async def lookups(world: World) -> list[tuple[Any, ...]]:
    rows = await world.rows(
        "SELECT actor, role, target, details FROM audit WHERE action = 'member_lookup' ORDER BY id"
    )
    return [(r[0], r[1], r[2], _details(r[3])) for r in rows]


def _details(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


async def profile_points(world: World) -> list[tuple[Any, ...]]:
    rows = await world.rows("SELECT delta, idempotency_key FROM ledger WHERE kind = 'profile'")
    return [tuple(r) for r in rows]


# 1. What each role sees


async def test_a_cashier_sees_a_masked_phone_and_no_birth_date(world: World) -> None:
    _, code = await join(world)
    staff = await cashier(world)
    await staff.send(f"/member {to_persian_digits(code)}")
    said = staff.last.content or ""
    masked = phone_shown("+98912\u2022\u2022\u20224567")
    assert mask_phone(PHONE) == "+98912\u2022\u2022\u20224567"
    assert said.startswith(card(code, masked))
    assert to_persian_digits("1234567") not in said and "۱۲ مرداد ۱۳۷۰" not in said
    assert t("member-no-purchases") in said
    assert staff.buttons() == []
    assert await lookups(world) == [(f"telegram:{staff.id}", "staff", "member:1", {"by": "code"})]


async def test_an_owner_sees_the_full_phone_birth_date_and_the_correction_button(
    world: World,
) -> None:
    _, code = await join(world)
    owner = owner_of(world)
    await owner.send("/member 0912 123 4567")
    said = owner.last.content or ""
    assert said.startswith(card(code, phone_shown(PHONE)))
    assert t("member-card-birthdate", birthdate="۱۲ مرداد ۱۳۷۰") in said
    assert owner.buttons() == [t("button-member-fix-birthdate")]
    assert await lookups(world) == [(f"telegram:{owner.id}", "owner", "member:1", {"by": "phone"})]


async def test_the_last_purchases_show_number_amount_jalali_date_and_voids(world: World) -> None:
    _, code = await join(world)
    owner = owner_of(world)
    await buy(owner, f"{code} 250000 R-1")
    await buy(owner, f"{code} 120000 R-2")
    await void(owner, "#1")
    await owner.send(f"/member {code}")
    said = owner.last.content or ""
    today = load_texts("fa", "Asia/Tehran").date(world.club.today())
    first = t("member-purchase-line-voided", number="۱", amount=250_000, date=today)
    second = t("member-purchase-line", number="۲", amount=120_000, date=today)
    assert t("member-purchases-title") + "\n" + second + "\n" + first in said


# 2. What does not find a member


async def test_a_mistyped_code_says_so_and_audits_nothing(world: World) -> None:
    _, code = await join(world)
    staff = await cashier(world)
    swapped = code[:2] + code[3] + code[2] + code[4:] if code[2] != code[3] else code[::-1]
    await staff.send(f"/member {swapped}")
    assert staff.last.content == t("error-member-code-mistyped")
    await staff.send("/member")
    assert staff.last.content == t("member-usage")
    assert await lookups(world) == []


async def test_an_unverified_phone_finds_nobody_but_the_code_does(world: World) -> None:
    member = world.emu.user(world.bale, first_name="سارا", phone=PHONE)
    await sign_up(member)
    code = str(await world.scalar("SELECT code FROM members"))
    staff = await cashier(world)
    await staff.send("/member 09121234567")
    assert staff.last.content == t("purchase-error-unverified-phone")
    assert await lookups(world) == []
    await staff.send(f"/member {code}")
    assert (staff.last.content or "").startswith(
        t(
            "member-card",
            name=NAME,
            code=to_persian_digits(code),
            tier=t("tier-bronze"),
            balance=100,
            phone=phone_shown(mask_phone(PHONE)),
        )
    )
    assert len(await lookups(world)) == 1


# 3. An admin corrects a locked birth date


async def test_an_admin_corrects_a_locked_birth_date_once_audited_and_the_member_is_told(
    world: World,
) -> None:
    member, code = await join(world)
    await member.press(t("button-profile"))
    await member.press(t("button-edit-birthdate"))
    await member.send("۱۳۷۱/۰۱/۰۵")  # the one change a member has
    assert await profile_points(world) == [(50, "profile:1")]
    admin = world.emu.user(world.telegram, user_id=6_002, first_name="Admin")
    await join_team(world, admin, Role.ADMIN)

    await admin.send(f"/member {code}")
    await admin.press(t("button-member-fix-birthdate"))
    assert admin.last.content == t("member-fix-ask", name=NAME)
    admin.replies()
    await admin.send("۱۳۷۱/۱۳/۰۵")  # no thirteenth month: its own error, the step stays
    assert [m.content for m in admin.replies()] == [
        t("error-birthdate-impossible"),
        t("member-fix-ask", name=NAME),
    ]
    await admin.send("۱۳۶۹/۰۲/۰۳")
    assert admin.last.content == t("member-fix-confirm", name=NAME, date="۳ اردیبهشت ۱۳۶۹")
    await admin.press(t("button-confirm"))
    assert admin.last.content == t("member-fix-saved", name=NAME, date="۳ اردیبهشت ۱۳۶۹")

    row = await world.rows(
        "SELECT birth_jmonth, birth_jday, birth_date_changes, balance FROM members"
    )
    assert tuple(row[0]) == (2, 3, 1, 100)
    assert member.last.content == t("member-birthdate-corrected", date="۳ اردیبهشت ۱۳۶۹")
    assert await profile_points(world) == [(50, "profile:1")]
    fixes = await world.rows(
        "SELECT actor, role, target, details FROM audit WHERE action = 'birth_date_corrected'"
    )
    assert [(r[0], r[1], r[2], _details(r[3])) for r in fixes] == [
        (
            f"telegram:{admin.id}",
            "admin",
            "member:1",
            {"old": "1992-03-25", "new": "1990-04-23"},
        )
    ]
    assert await world.scalar("SELECT count(*) FROM conversations") == 0
    # The member's own change is still spent: the correction did not give one back.
    await member.press(t("button-profile"))
    await member.press(t("button-edit-birthdate"))
    assert member.last.content == t("error-birthdate-locked")


async def test_a_correction_cancelled_changes_nothing(world: World) -> None:
    member, code = await join(world)
    owner = owner_of(world)
    await owner.send(f"/member {code}")
    await owner.press(t("button-member-fix-birthdate"))
    await owner.send("۱۳۶۹/۰۲/۰۳")
    await owner.press(t("button-cancel"), source="inline")
    assert owner.last.content == t("member-fix-cancelled")
    await owner.send(f"/member {code}")
    await owner.press(t("button-member-fix-birthdate"))
    await owner.press(t("button-cancel"), source="keyboard")
    assert owner.last.content == t("member-fix-cancelled")
    row = await world.rows("SELECT birth_jmonth, birth_jday, birth_date_changes FROM members")
    assert tuple(row[0]) == (5, 12, 0)
    assert (
        await world.scalar("SELECT count(*) FROM audit WHERE action = 'birth_date_corrected'") == 0
    )
    assert t("member-birthdate-corrected", date="۳ اردیبهشت ۱۳۶۹") not in [
        m.content for m in member.inbox
    ]
