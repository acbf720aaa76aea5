"""Campaign codes end to end: an owner builds one step by step (bad input answered at each
step, saved once, audited), pauses and archives it; a member checks a code at Enter a code
and is told what it gives or why not; guessing codes is slowed down."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import jdatetime
import sqlalchemy as sa

from bot.club import discount_codes, promo_codes
from bot.club.phones import isolate_ltr
from bot.club.promo_codes import PromoDraft
from bot.emulator.driver import SimUser
from bot.storage.tables import members
from tests.e2e.test_purchases import join, owner_of
from tests.e2e.test_till import press_data
from tests.e2e.world import World, t, texts_of

FA_CODE = isolate_ltr("NOWRUZ1405")


def jalali(year: int, month: int, day: int) -> date:
    found: date = jdatetime.date(year, month, day).togregorian()
    return found


async def test_an_owner_builds_a_code_with_bad_input_answered_at_each_step(world: World) -> None:
    owner = owner_of(world)
    await owner.send("/codes")
    assert owner.last.content == t("promo-list-empty")
    assert owner.buttons() == [t("button-promo-new")]
    await owner.press(t("button-promo-new"))
    assert owner.last.content == t("promo-ask-code")
    steps: list[tuple[str, str]] = [
        ("AB", t("promo-error-code-length")),
        ("NOWRUZ!", t("promo-error-code-chars")),
        (discount_codes.new_code(), t("promo-error-code-single-use")),
        ("nowruz-۱۴۰۵", t("promo-ask-kind", code=FA_CODE)),
    ]
    await say(owner, steps)
    await owner.press(t("button-promo-kind-percent"))
    assert owner.last.content == t("promo-ask-percent")
    max_uses = 1_000_000
    steps = [
        ("150", t("promo-error-percent")),
        ("۲۰", t("promo-ask-total")),
        ("0", t("promo-error-count", max=max_uses)),
        ("100", t("promo-ask-per-member")),
    ]
    await say(owner, steps)
    await owner.press(t("button-promo-once"))
    assert owner.last.content == t("promo-ask-from")
    steps = [
        ("1405/13/01", t("promo-error-date")),
        ("۱۴۰۵/۰۱/۱۰", t("promo-ask-until")),
        ("1405/01/05", t("promo-error-date-order", date=jalali(1405, 1, 10))),
        ("1405/01/13", t("promo-ask-minimum")),
        ("abc", t("promo-error-minimum")),
        ("200000", t("promo-ask-audience")),
    ]
    await say(owner, steps)
    await owner.press(t("button-promo-aud-tier", tier=t("tier-gold")))
    preview = owner.last
    said = preview.content or ""
    for line in (
        t("promo-term-percent", value=20),
        t("promo-term-minimum", amount=200_000),
        t("promo-term-from", date=jalali(1405, 1, 10)),
        t("promo-term-until", date=jalali(1405, 1, 13)),
        t("promo-term-tier", tier=t("tier-gold")),
        t("promo-term-total", total=100),
        t("promo-term-per-member", count=1),
    ):
        assert line in said
    await owner.press(t("button-promo-save"))
    assert owner.last.content == t("promo-saved", code=FA_CODE)
    # A second tap on the same Save saves nothing more, and says so.
    await press_data(owner, preview, "codes:save")
    assert owner.callback_answers[-1] == t("promo-nothing-to-save")
    rows = await world.rows(
        "SELECT code, kind, value, total_uses, per_member, min_purchase, tier, starts_on,"
        " ends_on, status FROM promo_codes"
    )
    stored = [tuple(str(v) for v in row) for row in rows]
    window = (str(jalali(1405, 1, 10)), str(jalali(1405, 1, 13)))
    assert stored == [
        ("NOWRUZ1405", "percent", "20", "100", "1", "200000", "gold", *window, "active")
    ]
    audit = await world.rows("SELECT actor, role, action FROM audit WHERE action LIKE 'promo%'")
    assert [tuple(r) for r in audit] == [("telegram:9000", "owner", "promo_code_created")]
    # The same text again is refused at the first step.
    await owner.send("/codes")
    await owner.press(t("button-promo-new"))
    await say(owner, [("NOWRUZ1405", t("promo-error-code-taken", code=FA_CODE))])


async def say(user: SimUser, steps: list[tuple[str, str]]) -> None:
    for text, answer in steps:
        await user.send(text)
        assert texts_of(user.replies())[-1] == answer, text


async def a_code(world: World, **values: Any) -> int:
    start: dict[str, Any] = {"code": "NOWRUZ1405", "kind": "percent", "value": 20}
    draft = PromoDraft(**(start | values))
    async with world.club.db.write() as conn:
        promo_id = await promo_codes.create(
            conn, draft, actor="telegram:9000", role="owner", now=world.clock.now
        )
    assert promo_id is not None
    return promo_id


async def check(world: World, member: SimUser, text: str) -> str:
    """The member presses Enter a code (under Rewards) and types `text`; the bot's answer."""
    await press_data(member, member.last, "pcode:enter")
    assert member.last.content == t("promo-member-ask")
    await member.send(text)
    return member.last.content or ""


async def test_a_member_checks_a_code_that_applies_and_then_its_limits(world: World) -> None:
    sara, _ = await join(world)
    today = world.club.today()
    await a_code(world, min_purchase=100_000, ends_on=today + timedelta(days=3), per_member=2)
    said = await check(world, sara, "nowruz ۱۴۰۵")
    terms = [
        t("promo-term-percent", value=20),
        t("promo-term-minimum", amount=100_000),
        t("promo-term-until", date=today + timedelta(days=3)),
        t("promo-term-all"),
    ]
    assert said == t(
        "promo-member-applies",
        code=FA_CODE,
        terms="\n".join(terms),
        mine=t("promo-member-left", count=2),
    )
    # The step ended with the answer: one more code needs one more press.
    assert await world.scalar("SELECT count(*) FROM conversations") == 0


async def test_a_member_is_told_why_a_code_does_not_apply(world: World) -> None:
    sara, _ = await join(world)
    today = world.club.today()
    await a_code(world, code="YALDA1404", ends_on=today - timedelta(days=1))
    await a_code(world, code="GOLDONLY", tier="gold")
    said = await check(world, sara, "yalda1404")
    reason = t("promo-you-ended", date=today - timedelta(days=1))
    assert said == t("promo-member-not-for-you", code=isolate_ltr("YALDA1404"), reason=reason)
    said = await check(world, sara, "goldonly")
    reason = t("promo-you-audience")
    assert said == t("promo-member-not-for-you", code=isolate_ltr("GOLDONLY"), reason=reason)
    async with world.club.db.write() as conn:
        await conn.execute(sa.update(members).values(tier="gold"))
    said = await check(world, sara, "goldonly")
    terms = [
        t("promo-term-percent", value=20),
        t("promo-term-no-minimum"),
        t("promo-term-no-window"),
        t("promo-term-tier", tier=t("tier-gold")),
    ]
    mine = t("promo-member-left", count=1)
    assert said == t(
        "promo-member-applies", code=isolate_ltr("GOLDONLY"), terms="\n".join(terms), mine=mine
    )


async def test_unknown_texts_are_answered_then_guessing_is_slowed(world: World) -> None:
    sara, _ = await join(world)
    await press_data(sara, sara.last, "pcode:enter")
    for n in range(4):
        await sara.send(f"GUESS{n}")
        assert sara.last.content == t("promo-member-unknown", code=isolate_ltr(f"GUESS{n}"))
    await sara.send("GUESS4")
    assert sara.last.content == t("promo-member-too-many", minutes=15)
    assert await world.scalar("SELECT count(*) FROM conversations") == 0
    await press_data(sara, sara.last, "pcode:enter")
    assert sara.last.content == t("promo-member-too-many", minutes=15)
    # A reward's single-use code is pointed to the cashier, not counted as a guess.
    world.clock.now += timedelta(minutes=16)
    said = await check(world, sara, discount_codes.shown(discount_codes.new_code()))
    assert said == t("promo-member-single-use")


async def test_enter_a_code_is_for_members(world: World) -> None:
    owner = owner_of(world)
    await owner.send("/codes")
    await press_data(owner, owner.last, "pcode:enter")
    assert owner.callback_answers[-1] == t("promo-members-only")


async def test_an_owner_pauses_resumes_and_archives_a_code(world: World) -> None:
    sara, _ = await join(world)
    await a_code(world, total_uses=50)
    owner = owner_of(world)
    await owner.send("/admin")
    await owner.press(t("button-admin-codes"))
    line = t("button-promo-line", code=FA_CODE, uses=0, total=50, status=t("promo-status-active"))
    assert owner.buttons() == [line, t("button-promo-new")]
    await owner.press(line)
    screen = owner.last
    said = screen.content or ""
    status = t("promo-status-active")
    title = t("promo-screen", code=FA_CODE, status=status, terms="", uses=0, members=0)
    assert said.startswith(title.split("\n")[0])
    assert t("promo-term-total", total=50) in said
    await owner.press(t("button-promo-pause"))
    assert owner.callback_answers[-1] == t("promo-paused")
    await press_data(owner, screen, "codes:pause:1")
    assert owner.callback_answers[-1] == t("promo-status-unchanged")
    said = await check(world, sara, "NOWRUZ1405")
    assert t("promo-you-paused") in said
    await owner.press(t("button-promo-resume"))
    assert owner.callback_answers[-1] == t("promo-resumed")
    await owner.press(t("button-promo-archive"))
    assert owner.last.content == t("promo-archive-confirm", code=FA_CODE)
    await owner.press(t("button-promo-archive-yes"))
    assert owner.callback_answers[-1] == t("promo-archived")
    assert t("button-promo-pause") not in owner.buttons()
    assert t("button-promo-archive") not in owner.buttons()
    actions = await world.rows("SELECT action FROM audit WHERE action LIKE 'promo%' ORDER BY id")
    assert [r[0] for r in actions] == [
        "promo_code_created",
        "promo_code_paused",
        "promo_code_resumed",
        "promo_code_archived",
    ]
    # Forged and stale presses get the stale hint, never a crash.
    for data in ("codes:show:x", "codes:show:99", "codes:k:percent", "codes:skip:total"):
        await press_data(owner, screen, data)
        assert owner.callback_answers[-1] in (t("hint-stale-button"), t("promo-unknown"))
