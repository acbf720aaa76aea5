"""Feedback threads end to end: a member writes, the team answers, the member answers back, the
team closes; photos; /tickets oldest first with ages; a member sees and presses only their own;
«not my purchase» opens one ticket per purchase and the team voids it from there."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from bot.club import tickets as club_tickets
from bot.club.digits import to_persian_digits
from bot.club.permissions import Role, allows
from bot.club.phones import isolate_ltr
from bot.emulator.driver import SimUser
from tests.e2e.matrix.tickets import BUTTONS
from tests.e2e.test_purchases import buy, join, owner_of
from tests.e2e.test_team import join_team, refusal_for
from tests.e2e.test_till import press_data
from tests.e2e.world import Clock, World, sign_up, t, texts_of, world_settings

PHONE_2 = "+989121234568"


def n(number: int) -> str:
    return to_persian_digits(str(number))


async def open_contact(user: SimUser) -> None:
    """«Contact us» from the menu. Until the menu shows registered items, a member's «new
    message» button (the same screen's) stands in for it."""
    if t("button-contact") in user.keyboard():
        await user.press(t("button-contact"))
    else:
        await press_data(user, user.last, "tkm:new")


async def write_ticket(user: SimUser, kind: str, text: str) -> None:
    await open_contact(user)
    await user.press(t(f"ticket-kind-{kind}"))
    await user.send(text)


async def ticket_rows(world: World) -> list[tuple[object, ...]]:
    rows = await world.rows(
        "SELECT id, member_id, kind, status, purchase_id FROM tickets ORDER BY id"
    )
    return [tuple(r) for r in rows]


async def test_the_menu_shows_contact_us(world: World) -> None:
    member, _ = await join(world)
    await member.press(t("button-contact"))
    assert member.last.content == t("ticket-ask-kind")


async def test_a_thread_goes_member_to_team_to_member_and_is_closed(world: World) -> None:
    owner = owner_of(world)
    await owner.send("/whoami")
    member, code = await join(world)
    await open_contact(member)
    assert member.last.content == t("ticket-ask-kind")
    assert member.buttons() == [t(f"ticket-kind-{k}") for k in club_tickets.MEMBER_KINDS]
    await member.press(t("ticket-kind-question"))
    assert member.last.content == t("ticket-ask-message", kind=t("ticket-kind-question"))
    owner.replies()
    await member.send("ساعت کاری فروشگاه در جمعه‌ها چیست؟")
    assert member.last.content == t("ticket-opened", number=n(1))
    said = owner.replies()
    assert [m.content for m in said] == [
        "\n".join(
            [
                t(
                    "ticket-team-new",
                    number=n(1),
                    kind=t("ticket-kind-question"),
                    name="سارا محمدی",
                ),
                t(
                    "ticket-entry",
                    who=t("ticket-from-member"),
                    at=_at(world),
                    text="ساعت کاری فروشگاه در جمعه‌ها چیست؟",
                ),
            ]
        )
    ]
    assert "+98" not in (said[0].content or "")  # the phone only in the thread, to MEMBER_PRIVATE
    assert owner.buttons() == [
        t("button-ticket-answer"),
        t("button-ticket-close"),
        t("button-ticket-thread"),
    ]
    # A later message joins the same ticket.
    await member.send("و روزهای تعطیل؟")
    assert member.last.content == t("ticket-added", number=n(1))
    assert owner.last.content.startswith(  # type: ignore[union-attr]
        t("ticket-team-more", number=n(1), kind=t("ticket-kind-question"), name="سارا محمدی")
    )
    await owner.press(t("button-ticket-answer"))
    assert owner.last.content == t("ticket-ask-answer", number=n(1))
    await owner.send("   ")
    assert owner.last.content == t("ticket-error-empty")
    member.replies()
    await owner.send("جمعه‌ها از ساعت ۱۰ تا ۱۴ باز هستیم.")
    assert owner.last.content == t("ticket-answer-sent", number=n(1))
    assert texts_of(member.replies()) == [
        t("ticket-reply-member", number=n(1), text="جمعه‌ها از ساعت ۱۰ تا ۱۴ باز هستیم.")
    ]
    assert await ticket_rows(world) == [(1, 1, "question", "answered", None)]
    first = await world.scalar("SELECT first_response_at FROM tickets")
    assert first is not None
    # The member answers back: the ticket waits for the team again.
    await member.press(t("button-ticket-reply"))
    assert member.last.content == t("ticket-ask-follow", number=n(1))
    await member.send("ممنون!")
    assert member.last.content == t("ticket-added", number=n(1))
    assert await ticket_rows(world) == [(1, 1, "question", "open", None)]
    # Another answer keeps the first response time.
    await owner.press(t("button-ticket-answer"))
    await owner.send("خواهش می‌کنم.")
    assert await world.scalar("SELECT first_response_at FROM tickets") == first
    await owner.press(t("button-ticket-close"))
    assert owner.last.content == t("ticket-closed-team", number=n(1))
    assert member.last.content == t("ticket-closed-member", number=n(1))
    assert await ticket_rows(world) == [(1, 1, "question", "closed", None)]
    authors = await world.rows("SELECT author FROM ticket_messages ORDER BY id")
    assert [r[0] for r in authors] == ["member", "member", "team", "member", "team"]
    audit = await world.rows("SELECT action FROM audit WHERE action LIKE 'ticket%' ORDER BY id")
    assert [r[0] for r in audit] == ["ticket_answered", "ticket_answered", "ticket_closed"]
    # The member's next message meets a closed ticket and is told to start a new one.
    await member.send("یک سؤال دیگر")
    assert member.last.content == t("ticket-closed-new", number=n(1))
    # Pressing close again (a double tap) closes nothing more and says so.
    await press_data(owner, owner.last, "tk:close:1")
    assert owner.callback_answers[-1] == t("ticket-already-closed", number=n(1))
    async with world.club.db.read() as conn:
        median = await club_tickets.median_first_response(conn, world.clock.now - timedelta(days=1))
    assert median is not None and median >= timedelta(0)
    del code


def _at(world: World) -> str:
    from bot.i18n import load_texts

    return load_texts("fa", "Asia/Tehran").datetime(world.clock.now)


async def test_bad_input_keeps_the_step(world: World) -> None:
    member, _ = await join(world)
    await open_contact(member)
    await member.press(t("ticket-kind-suggestion"))
    for wrong, key in (("  ", "ticket-error-empty"), ("ب" * 2001, "ticket-error-too-long")):
        await member.send(wrong)
        assert texts_of(member.replies()) == [t(key, limit=club_tickets.MAX_TEXT)]
    await member.send_sticker()
    assert texts_of(member.replies()) == [
        t("hint-answer-step"),
        t("ticket-ask-message", kind=t("ticket-kind-suggestion")),
    ]
    assert await world.scalar("SELECT count(*) FROM tickets") == 0
    await member.send("ب" * 2000)
    assert member.last.content == t("ticket-opened", number=n(1))


async def test_a_photo_with_a_caption_is_kept_with_its_messenger_and_shown_in_the_thread(
    world: World,
) -> None:
    owner = owner_of(world)
    await owner.send("/whoami")
    member, _ = await join(world)
    await open_contact(member)
    await member.press(t("ticket-kind-complaint"))
    await member.send_photo(b"\xff\xd8 fake jpeg", caption="بسته‌بندی خراب بود")
    assert member.last.content == t("ticket-opened", number=n(1))
    photo = await world.scalar("SELECT photo FROM ticket_messages")
    assert '"platform": "telegram"' in str(photo) or "'platform': 'telegram'" in str(photo)
    text = await world.scalar("SELECT text FROM ticket_messages")
    assert text == "بسته‌بندی خراب بود"
    assert t("ticket-entry-photo", platform=t("platform-telegram")) in (owner.last.content or "")
    owner.replies()
    await owner.press(t("button-ticket-thread"))
    said = owner.replies()
    assert [m.kind for m in said] == ["text", "photo"]
    assert said[1].caption == t("ticket-photo-caption", number=n(1))
    phone = t("ticket-thread-phone", phone=isolate_ltr(to_persian_digits("+989121234567")))
    assert phone in (said[0].content or "").split("\n")


async def test_a_member_cannot_see_or_press_another_members_ticket(world: World) -> None:
    sara, _ = await join(world)
    await write_ticket(sara, "suggestion", "پیشنهاد من")
    reza = world.emu.user(world.telegram, first_name="رضا", phone=PHONE_2)
    await sign_up(reza, name="رضا کریمی")
    for data in ("tkm:re:1", "tk:show:1", "tk:ans:1", "tk:close:1", "notmine:1"):
        await press_data(reza, reza.last, data)
    answers = reza.callback_answers[-5:]
    assert answers[0] == t("hint-stale-button")
    assert answers[1:4] == [t("staff-only")] * 3
    assert answers[4] == t("ticket-notmine-unknown")
    # Reza's own contact screen knows nothing of Sara's ticket.
    await open_contact(reza)
    assert reza.last.content == t("ticket-ask-kind")
    assert await world.scalar("SELECT count(*) FROM ticket_messages") == 1
    # A stranger pressing a forwarded member button is told how to join.
    stranger = world.emu.user(world.telegram, user_id=4_444, first_name="X")
    await stranger.send("/whoami")
    for data in ("tkm:re:1", "tkm:k:question", "notmine:1"):
        await press_data(stranger, stranger.last, data)
    assert stranger.callback_answers[-3:] == [t("hint-start")] * 3
    assert (
        await world.scalar("SELECT count(*) FROM conversations WHERE platform_user_id = 4444") == 0
    )


async def test_tickets_lists_open_ones_oldest_first_with_their_age(world: World) -> None:
    owner = owner_of(world)
    sara, _ = await join(world)
    start = world.clock.now
    await write_ticket(sara, "question", "اول")
    reza = world.emu.user(world.telegram, first_name="رضا", phone=PHONE_2)
    await sign_up(reza, name="رضا کریمی")
    world.clock.now = start + timedelta(hours=3)
    await write_ticket(reza, "complaint", "دوم")
    world.clock.now = start + timedelta(days=2, hours=3)
    await owner.send("/tickets")
    assert owner.last.content == t("ticket-list-title", count=2)
    assert owner.buttons() == [
        t(
            "button-ticket-row",
            number=n(1),
            kind=t("ticket-kind-question"),
            age=t("ticket-age-days", count=2),
        ),
        t(
            "button-ticket-row",
            number=n(2),
            kind=t("ticket-kind-complaint"),
            age=t("ticket-age-days", count=2),
        ),
    ]
    world.clock.now = start + timedelta(hours=5)
    await owner.send("/tickets")
    assert owner.buttons() == [
        t(
            "button-ticket-row",
            number=n(1),
            kind=t("ticket-kind-question"),
            age=t("ticket-age-hours", count=5),
        ),
        t(
            "button-ticket-row",
            number=n(2),
            kind=t("ticket-kind-complaint"),
            age=t("ticket-age-hours", count=2),
        ),
    ]
    await owner.press(
        t(
            "button-ticket-row",
            number=n(2),
            kind=t("ticket-kind-complaint"),
            age=t("ticket-age-hours", count=2),
        )
    )
    assert (owner.last.content or "").startswith(
        t(
            "ticket-thread-head",
            number=n(2),
            kind=t("ticket-kind-complaint"),
            status=t("ticket-status-open"),
            name="رضا کریمی",
            code=to_persian_digits(
                str(await world.scalar("SELECT code FROM members WHERE id = 2"))
            ),
            opened=_at_time(start + timedelta(hours=3)),
            age=t("ticket-age-hours", count=2),
        )
    )
    # An answered ticket leaves the list (it waits for the member now).
    await owner.press(t("button-ticket-answer"))
    await owner.send("پیگیری می‌کنیم.")
    await owner.send("/tickets")
    assert owner.last.content == t("ticket-list-title", count=1)
    # Opened at +3 h, first answered at +5 h: the KPI's median over that one ticket is 2 h.
    async with world.club.db.read() as conn:
        assert await club_tickets.median_first_response(conn, start) == timedelta(hours=2)
        later = start + timedelta(hours=4)
        assert await club_tickets.median_first_response(conn, later) is None


def _at_time(when: object) -> str:
    from bot.i18n import load_texts

    return load_texts("fa", "Asia/Tehran").datetime(when)  # type: ignore[arg-type]


async def test_not_my_purchase_opens_one_ticket_and_the_team_voids_it(world: World) -> None:
    owner = owner_of(world)
    member, code = await join(world)
    await buy(owner, f"{code} 200000")
    purchase = int(await world.scalar("SELECT max(id) FROM purchases"))
    balance = int(await world.scalar("SELECT balance FROM members WHERE id = 1"))
    notice = member.last
    owner.replies()
    await press_data(member, notice, f"notmine:{purchase}")
    opened = t("ticket-notmine-opened", number=n(1), purchase=n(purchase))
    assert member.last.content == opened
    await press_data(member, notice, f"notmine:{purchase}")  # a double tap
    assert member.callback_answers[-1] == t(
        "ticket-notmine-already", number=n(1), purchase=n(purchase)
    )
    assert await ticket_rows(world) == [(1, 1, "purchase", "open", purchase)]
    announced = [
        m
        for m in owner.replies()
        if m.content
        and m.content.startswith(
            t("ticket-team-new", number=n(1), kind=t("ticket-kind-purchase"), name="سارا محمدی")
        )
    ]
    assert len(announced) == 1
    assert owner.buttons() == [
        t("button-ticket-answer"),
        t("button-ticket-close"),
        t("button-ticket-void"),
        t("button-ticket-thread"),
    ]
    async with world.club.db.read() as conn:
        assert await club_tickets.flagged_purchases(conn) == {purchase}
    # The member may explain; it joins the ticket.
    await member.send("من آن روز در شهر نبودم.")
    assert member.last.content == t("ticket-added", number=n(1))
    await owner.press(t("button-ticket-void"))
    assert owner.buttons() == [t("button-ticket-void-yes"), t("button-ticket-void-no")]
    confirm = owner.last
    member.replies()
    await owner.press(t("button-ticket-void-yes"))
    points = int(await world.scalar("SELECT points FROM purchases WHERE id = :p", p=purchase))
    assert owner.last.content == t("ticket-void-done", purchase=n(purchase), points=points)
    assert texts_of(member.replies()) == [
        t(
            "ticket-void-member",
            number=n(1),
            purchase=n(purchase),
            points=points,
            balance=balance - points,
        )
    ]
    assert await world.scalar(
        "SELECT voided_at IS NOT NULL FROM purchases WHERE id = :p", p=purchase
    )
    rows = await world.rows("SELECT action, details FROM audit WHERE action = 'void'")
    assert len(rows) == 1 and '"ticket": 1' in str(rows[0][1]).replace("'", '"')
    assert await ticket_rows(world) == [(1, 1, "purchase", "answered", purchase)]
    # A second press of the confirmation voids nothing more.
    await press_data(owner, confirm, "tk:voidy:1")
    assert owner.callback_answers[-1] == t("ticket-void-already", purchase=n(purchase))
    assert len(await world.rows("SELECT id FROM audit WHERE action = 'void'")) == 1


async def test_someone_elses_purchase_cannot_be_disowned(world: World) -> None:
    owner = owner_of(world)
    _, code = await join(world)
    await buy(owner, f"{code} 100000")
    reza = world.emu.user(world.telegram, first_name="رضا", phone=PHONE_2)
    await sign_up(reza, name="رضا کریمی")
    await press_data(reza, reza.last, "notmine:1")
    assert reza.callback_answers[-1] == t("ticket-notmine-unknown")
    await press_data(reza, reza.last, "notmine:01")
    assert reza.callback_answers[-1] == t("hint-stale-button")
    assert await world.scalar("SELECT count(*) FROM tickets") == 0


async def test_team_buttons_answer_as_the_matrix_says(world: World) -> None:
    member, _ = await join(world)
    await write_ticket(member, "question", "پرسش")
    for role in (Role.STAFF, Role.MARKETER, Role.ADMIN):
        user = world.emu.user(world.telegram, user_id=5_000 + len(role.value), first_name="Sam")
        await join_team(world, user, role)
        for data, action in BUTTONS.items():
            await press_data(user, user.last, data)
            refused = user.callback_answers[-1] == refusal_for(frozenset({role}))
            assert refused != allows(frozenset({role}), action), (role, data)
        if role != Role.ADMIN:  # refused presses change nothing
            assert await ticket_rows(world) == [(1, 1, "question", "open", None)]
            waiting = "SELECT count(*) FROM conversations WHERE platform_user_id = :u"
            assert await world.scalar(waiting, u=user.id) == 0
    assert await ticket_rows(world) == [(1, 1, "question", "closed", None)]  # the admin's close


async def test_double_taps_at_once_open_one_ticket_and_close_once(emu: Any, any_url: str) -> None:
    world = World(emu, world_settings(emu, any_url), Clock())
    await world.start()
    try:
        owner = owner_of(world)
        admin = world.emu.user(world.telegram, user_id=6_001, first_name="Ali")
        await join_team(world, admin, Role.ADMIN)
        member, code = await join(world)
        await buy(owner, f"{code} 100000")
        purchase = int(await world.scalar("SELECT max(id) FROM purchases"))
        notice = member.last
        await asyncio.gather(
            press_data(member, notice, f"notmine:{purchase}"),
            press_data(member, notice, f"notmine:{purchase}"),
        )
        assert await ticket_rows(world) == [(1, 1, "purchase", "open", purchase)]
        assert await world.scalar("SELECT count(*) FROM ticket_messages") == 1
        await asyncio.gather(
            press_data(owner, owner.last, "tk:close:1"), press_data(admin, admin.last, "tk:close:1")
        )
        answers = [owner.callback_answers[-1] or "", admin.callback_answers[-1] or ""]
        assert sorted(answers) == sorted(
            [t("ticket-closed-team", number=n(1)), t("ticket-already-closed", number=n(1))]
        )
        assert await world.scalar("SELECT count(*) FROM audit WHERE action = 'ticket_closed'") == 1
        closed = [m for m in member.inbox if m.content == t("ticket-closed-member", number=n(1))]
        assert len(closed) == 1
    finally:
        await world.stop()


async def test_a_survey_ticket_shows_its_answers_and_a_bale_photo_is_named_not_shown(
    world: World,
) -> None:
    owner = owner_of(world)
    member, _ = await join(world)
    async with world.club.db.write() as conn:
        number = await club_tickets.open_in(
            conn,
            member_id=1,
            kind="survey",
            text="",
            now=world.clock.now,
            attachment={"title": "خرید امروز", "answers": [["امتیاز شما", "۱"]]},
        )
    # Another member writes on Bale with a photo: the Telegram team sees it named.
    bale = world.emu.user(world.bale, first_name="رضا", phone=PHONE_2)
    await sign_up(bale, name="رضا کریمی")
    await open_contact(bale)
    await bale.press(t("ticket-kind-complaint"))
    await bale.send_photo(b"\xff\xd8 fake jpeg")
    assert bale.last.content == t("ticket-opened", number=n(number + 1))
    await owner.send("/admin")
    await owner.press(t("button-admin-tickets"))
    assert owner.last.content == t("ticket-list-title", count=2)
    owner.replies()
    await press_data(owner, owner.last, f"tk:show:{number}")
    lines = (owner.last.content or "").split("\n")
    assert t("ticket-attachment-title", title="خرید امروز") in lines
    assert t("ticket-attachment-line", question="امتیاز شما", answer="۱") in lines
    owner.replies()
    await press_data(owner, owner.last, f"tk:show:{number + 1}")
    said = owner.replies()
    assert [m.kind for m in said] == ["text"]  # a Bale file id is no good on Telegram
    lines = (said[0].content or "").split("\n")
    assert t("ticket-entry-photo", platform=t("platform-bale")) in lines
    # Erasing the member blanks their words and closes the ticket.
    async with world.club.db.write() as conn:
        await club_tickets.erase_member(conn, member_id=1, now=world.clock.now)
    rows = await world.rows(
        "SELECT text, photo FROM ticket_messages WHERE ticket_id = :n", n=number
    )
    assert [tuple(r) for r in rows] == [("", None)]
    assert (await ticket_rows(world))[0] == (number, 1, "survey", "closed", None)
    assert await world.scalar(
        "SELECT photo FROM ticket_messages WHERE ticket_id = :n", n=number + 1
    )
    del member
