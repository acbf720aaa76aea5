"""Surveys end to end: an admin builds one in chat (bad input refused step by step), previews
and publishes it; members on Telegram and Bale answer every kind of question with buttons,
stop and resume, are rewarded once; a low score opens a ticket; results, charts and the CSV;
closing, post-purchase invitations, double presses at once and strangers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from zoneinfo import ZoneInfo

import jdatetime
import pytest

from bot.club import surveys
from bot.emulator.driver import Emulator, SimUser
from tests.e2e.test_broadcast import delivery_reported, until
from tests.e2e.test_purchases import buy, owner_of
from tests.e2e.test_till import press_data
from tests.e2e.world import Clock, World, sign_up, t, texts_of, world_settings

TITLE = "رضایت از خرید"
NPS_TEXT = "چقدر احتمال دارد ما را به دوستانتان پیشنهاد کنید؟"


def jalali(world: World, ahead: timedelta) -> str:
    """A moment `ahead` of the world's clock as an admin types it (Tehran, Jalali)."""
    local = (world.clock.now + ahead).astimezone(ZoneInfo("Asia/Tehran"))
    return jdatetime.datetime.fromgregorian(datetime=local).strftime("%Y/%m/%d %H:%M")


async def member(world: World, n: int, *, bale: bool = False) -> SimUser:
    bot = world.bale if bale else world.telegram
    user = world.emu.user(bot, user_id=50_000 + n, first_name=f"M{n}", phone=f"+98912000{n:04d}")
    await sign_up(user)
    return user


async def member_id(world: World, user: SimUser) -> int:
    return int(
        await world.scalar(
            "SELECT member_id FROM identities WHERE platform_user_id = :u", u=user.id
        )
    )


ALL_KINDS = [
    ("yesno", "آیا از خرید راضی بودید؟", None, True),
    ("single", "کدام شعبه؟", "مرکز\nشمال", True),
    ("multi", "چه چیزهایی خریدید؟", "نان\nشیر\nپنیر", False),
    ("rating", "به کیفیت چه امتیازی می‌دهید؟", None, True),
    ("nps", None, None, True),
    ("text", "چه پیشنهادی دارید؟", "20", False),
]


async def build(
    world: World,
    owner: SimUser,
    questions: list[tuple[str, str | None, str | None, bool]] = ALL_KINDS,
    *,
    reward: str = "۵۰",
    trigger: str = "announce",
    hours: str = "2",
    closes: timedelta = timedelta(days=7),
) -> None:
    """The happy path through the builder, up to the preview."""
    await owner.send("/surveys")
    await owner.press(t("button-survey-new"))
    await owner.send(TITLE)
    await owner.press(t("button-survey-no-intro"))
    for kind, text, extra, required in questions:
        await owner.press(t(f"survey-kind-{kind}"))
        if text is not None:
            await owner.send(text)
        if extra is not None:
            await owner.send(extra)
        await owner.press(t("button-survey-required" if required else "button-survey-optional"))
    await owner.press(t("button-survey-questions-done"))
    await owner.send(reward)
    await owner.press(t("button-survey-everyone"))
    await owner.press(t("button-survey-open-now"))
    await owner.send(jalali(world, closes))
    if trigger == "announce":
        await owner.press(t("button-survey-announce"))
    else:
        await owner.press(t("button-survey-after-purchase"))
        await owner.send(hours)


async def test_the_builder_refuses_bad_input_step_by_step_and_keeps_the_step(
    world: World,
) -> None:
    owner = owner_of(world)
    await owner.send("/surveys")
    assert owner.last.content == t("surveys-home-empty")
    await owner.press(t("button-survey-new"))
    await owner.send("   ")
    assert owner.last.content == t("survey-error-title", most=100)
    await owner.send(TITLE)
    await owner.send("معرفی کوتاه")
    assert owner.last.content == t("survey-ask-kind", count=0)
    await owner.press(t("survey-kind-single"))
    await owner.send("ی" * 301)
    assert owner.last.content == t("survey-error-question", most=300)
    await owner.send("کدام؟")
    for wrong, key in (("فقط یکی", "survey-error-choices-count"), ("الف\nالف", "repeated")):
        await owner.send(wrong)
        expected = (
            t(key, least=2, most=8)
            if key.startswith("survey")
            else t("survey-error-choice-repeated")
        )
        assert owner.last.content == expected
    await owner.send("الف\n" + "ب" * 41)
    assert owner.last.content == t("survey-error-choice-long", longest=40)
    await owner.send("الف\nب")
    await owner.press(t("button-survey-required"))
    await owner.press(t("survey-kind-text"))
    await owner.send("نظر شما؟")
    await owner.send("۵")
    assert owner.last.content == t("survey-error-limit", least=10, most=2000)
    await owner.send("۱۰۰")
    await owner.press(t("button-survey-optional"))
    await owner.press(t("button-survey-questions-done"))
    await owner.send("دویست هزار")
    assert owner.last.content == t("survey-error-reward", most=100000)
    await owner.send("100001")
    assert owner.last.content == t("survey-error-reward", most=100000)
    await owner.send("۰")
    await owner.press(t("button-survey-everyone"))
    await owner.send("1405/13/40 10:00")
    assert owner.last.content == t("survey-error-time")
    await owner.send(jalali(world, -timedelta(hours=1)))
    assert (owner.last.content or "").startswith(
        t("survey-error-time-past", now=world.clock.now)[:20]
    )
    await owner.send(jalali(world, timedelta(days=2)))
    await owner.send(jalali(world, timedelta(days=1)))
    assert (owner.last.content or "").startswith("زمان بسته شدن باید پس از")
    await owner.send(jalali(world, timedelta(days=400)))
    assert owner.last.content == t("survey-error-time-far")
    await owner.send(jalali(world, timedelta(days=9)))
    await owner.press(t("button-survey-after-purchase"))
    await owner.send("0")
    assert owner.last.content == t("survey-error-hours", most=720)
    await owner.send("3")
    said = texts_of(owner.replies())
    assert t("survey-preview-head") in said
    assert any("کدام؟" in s for s in said) and any("نظر شما؟" in s for s in said)
    await owner.press(t("button-survey-discard"))
    assert owner.last.content == t("survey-dropped")
    assert await world.scalar("SELECT count(*) FROM surveys") == 0


async def test_members_on_both_messengers_answer_every_kind_and_admins_see_the_results(
    world: World,
) -> None:
    owner = owner_of(world)
    sara, reza = await member(world, 1), await member(world, 2, bale=True)
    await build(world, owner)
    preview = texts_of(owner.replies())
    assert any(NPS_TEXT in s for s in preview)
    await owner.press(t("button-survey-publish"))
    assert owner.last.content == t("survey-published", title=TITLE, audience=2)
    assert await world.scalar("SELECT action FROM audit WHERE action LIKE 'survey%'") == (
        "survey_published"
    )
    start = t("button-survey-start")

    async def announced(user: SimUser) -> bool:
        return any(start in [str(b.get("text")) for b in m.inline_buttons()] for m in user.inbox)

    await until(lambda: announced(sara), "Sara's announcement")
    await until(lambda: announced(reza), "Reza's announcement")

    # Sara (Telegram): yes, a branch, two picks (one taken back), then stops at the rating.
    await sara.press(start)
    assert "آیا از خرید راضی بودید؟" in (sara.last.content or "")
    await sara.press(t("button-survey-yes"))
    await sara.press("شمال")
    await sara.press("نان")
    await sara.press("شیر")
    assert t("button-survey-picked", choice="نان") in sara.buttons()
    await sara.press(t("button-survey-picked", choice="نان"))
    await sara.press(t("button-survey-done"))
    assert "به کیفیت" in (sara.last.content or "")
    await sara.press(t("button-survey-stop"))
    assert sara.last.content == t("survey-stopped")
    # She resumes where she left off: the rating question, nothing asked twice.
    await sara.press(start)
    assert "به کیفیت" in (sara.last.content or "")
    await sara.press("۲")
    await sara.press("۹")
    await sara.send("ی" * 21)
    assert sara.last.content == t("survey-text-too-long", length=21, most=20)
    await sara.send("خوب بود")
    assert sara.last.content == "\n".join(
        [t("survey-thanks", title=TITLE), t("survey-rewarded", points=50)]
    )
    # Reza (Bale): every kind, the optional ones skipped.
    await reza.press(start)
    await reza.press(t("button-survey-yes"))
    await reza.press("مرکز")
    await reza.press(t("button-survey-skip"))
    await reza.press("۵")
    await reza.press("۳")
    await reza.press(t("button-survey-skip"))
    assert t("survey-thanks", title=TITLE) in (reza.last.content or "")

    # The old announcement's button now says it was answered; nothing is credited again.
    await sara.press(start)
    assert sara.callback_answers[-1] == t("survey-done")
    keys = await world.rows("SELECT idempotency_key FROM ledger WHERE kind = 'survey'")
    assert sorted(k[0] for k in keys) == sorted(
        [f"survey:1:{await member_id(world, sara)}", f"survey:1:{await member_id(world, reza)}"]
    )
    # Low scores (Sara's rating 2, Reza's NPS 3) each opened a ticket with the answers.
    tickets = await world.rows("SELECT kind, member_id FROM tickets ORDER BY id")
    assert [row[0] for row in tickets] == ["survey", "survey"]

    # The announcement's delivery report reaches the owner on its own time: let it land
    # before reading the results, so it cannot come between a press and its answer.
    await delivery_reported(owner)

    # Results: counts and shares, the NPS (one promoter, one detractor: 0), the rate.
    await owner.send("/surveys")
    await owner.press(t("button-survey-item", title=TITLE, status=t("survey-status-open")))
    text = owner.last.content or ""
    assert (
        t(
            "survey-results-head",
            title=TITLE,
            status=t("survey-status-open"),
            completed=2,
            audience=2,
            rate=100,
            partial=0,
        )
        in text
    )
    yes = t("survey-results-option", label=t("button-survey-yes"), count=2, percent=100)
    assert yes in text
    assert t("survey-results-option", label="شیر", count=1, percent=100) in text
    assert t("survey-results-nps", score="۰") in text
    assert t("survey-results-text", text="خوب بود") in text
    owner.replies()
    await owner.press(t("button-survey-charts"))
    photos = [m for m in owner.replies() if m.kind == "photo"]
    assert len(photos) == 5 and all((p.photo or b"").startswith(b"\x89PNG") for p in photos)
    await owner.press(t("button-survey-csv"))
    document = owner.last
    assert document.kind == "document" and document.document is not None
    assert document.document.startswith(b"\xef\xbb\xbf")
    decoded = document.document.decode("utf-8-sig")
    assert NPS_TEXT in decoded and "خوب بود" in decoded and "شمال" in decoded


async def test_after_the_close_time_answers_are_refused_and_close_due_closes_once(
    world: World,
) -> None:
    owner = owner_of(world)
    sara = await member(world, 1)
    await build(world, owner, [("yesno", "راضی بودید؟", None, True)], closes=timedelta(hours=2))
    await owner.press(t("button-survey-publish"))
    await until(lambda: _has(sara, t("button-survey-start")), "the announcement")
    await sara.press(t("button-survey-start"))
    world.clock.now += timedelta(hours=3)
    await sara.press(t("button-survey-yes"))
    assert sara.callback_answers[-1] == t("survey-closed")
    assert await world.scalar("SELECT count(*) FROM survey_answers") == 0
    assert await surveys.close_due(world.club) == [1]
    assert await surveys.close_due(world.club) == []
    assert await world.scalar("SELECT status FROM surveys") == "closed"


async def _has(user: SimUser, label: str) -> bool:
    return any(label in [str(b.get("text")) for b in m.inline_buttons()] for m in user.inbox)


async def test_a_purchase_brings_one_invitation_after_n_hours(world: World) -> None:
    owner = owner_of(world)
    sara = await member(world, 1)
    await build(world, owner, [("rating", "امتیاز شما؟", None, True)], trigger="purchase")
    await owner.press(t("button-survey-publish"))
    assert owner.last.content == t("survey-published-after-purchase", title=TITLE, hours=2)
    code = await world.scalar(
        "SELECT code FROM members WHERE id = :m", m=await member_id(world, sara)
    )
    await buy(owner, f"{code} 250000")
    await buy(owner, f"{code} 120000")
    # Before the invitation, the survey is not for her: a forged start is refused.
    await sara.send("/whoami")
    await press_data(sara, sara.last, "sv:go:1")
    assert sara.callback_answers[-1] == t("survey-not-for-you")
    assert await surveys.send_due_invitations(world.club) == []
    world.clock.now += timedelta(hours=2, minutes=1)
    assert await surveys.send_due_invitations(world.club) == [1]
    assert await surveys.send_due_invitations(world.club) == []
    invitation = t("survey-invitation", title=TITLE)
    await until(lambda: _has(sara, t("button-survey-start")), "the invitation")
    assert [m.content for m in sara.inbox].count(invitation) == 1
    assert await world.scalar("SELECT count(*) FROM survey_invitations") == 1
    await sara.press(t("button-survey-start"))
    await sara.press("۴")
    assert t("survey-thanks", title=TITLE) in (sara.last.content or "")


async def test_a_stranger_and_forged_buttons_change_nothing(world: World) -> None:
    owner = owner_of(world)
    await build(world, owner, [("yesno", "راضی بودید؟", None, True)])
    await owner.press(t("button-survey-publish"))
    stranger = world.emu.user(world.telegram, user_id=7_777, first_name="Sam")
    await stranger.send("/whoami")
    for data in ("sv:go:1", "sv:a:1:1:1", "sv:stop:1"):
        await press_data(stranger, stranger.last, data)
        assert stranger.callback_answers[-1] == t("survey-members-only")
    sara = await member(world, 1)
    await sara.send("/whoami")
    for data in ("sv:a:1:1:7", "sv:a:x:1:1", "sv:a:1:1", "sv:m:1:1:0:1", "sv:go:99", "sva:show:1"):
        await press_data(sara, sara.last, data)
    assert await world.scalar("SELECT count(*) FROM survey_answers") == 0
    assert sara.callback_answers[-1] != t("survey-thanks", title=TITLE)


@pytest.fixture
async def any_world(emu: Emulator, any_url: str) -> AsyncIterator[World]:
    """The world on SQLite and on PostgreSQL."""
    world = World(emu, world_settings(emu, any_url), Clock())
    await world.start()
    yield world
    await world.stop()


async def test_two_presses_of_one_answer_at_once_count_once_and_reward_once(
    any_world: World,
) -> None:
    world = any_world
    owner = owner_of(world)
    sara = await member(world, 1)
    await build(world, owner, [("yesno", "راضی بودید؟", None, True)])
    await owner.press(t("button-survey-publish"))
    await sara.send("/whoami")
    await press_data(sara, sara.last, "sv:go:1")
    question = sara.last
    ids = [
        world.emu.state.user_callback(sara.bot, sara.chat, question, "sv:a:1:1:1") for _ in range(2)
    ]
    sara._start()
    await asyncio.gather(*(sara._finish(i, True, 10.0) for i in ids))
    assert await world.scalar("SELECT count(*) FROM survey_answers") == 1
    assert await world.scalar("SELECT count(*) FROM ledger WHERE kind = 'survey'") == 1
    assert t("survey-done") in sara.callback_answers[-2:] or (
        t("survey-already-recorded") in sara.callback_answers[-2:]
    )


async def test_the_menu_lists_open_surveys_and_resumes_a_half_done_one(world: World) -> None:
    owner = owner_of(world)
    sara = await member(world, 1)
    await sara.press(t("button-surveys"))
    assert sara.last.content == t("surveys-none")
    await build(
        world, owner, [("yesno", "راضی بودید؟", None, True), ("rating", "امتیاز؟", None, True)]
    )
    await owner.press(t("button-survey-publish"))
    # The announcement first (a broadcast, sent on its own time), then the menu's answer.
    await until(lambda: _has(sara, t("button-survey-start")), "the announcement")
    await sara.press(t("button-surveys"))
    assert sara.buttons() == [t("button-survey-open", title=TITLE)]
    await sara.press(t("button-survey-open", title=TITLE))
    await sara.press(t("button-survey-yes"))
    await sara.press(t("button-survey-stop"))
    await sara.press(t("button-surveys"))
    assert sara.buttons() == [t("button-survey-resume", title=TITLE)]
    await sara.press(t("button-survey-resume", title=TITLE))
    assert "امتیاز؟" in (sara.last.content or "")
    await sara.press("۴")
    await sara.press(t("button-surveys"))
    # The survey's announcement (a broadcast) may land at any moment: look at the reply.
    assert t("surveys-none") in [m.content for m in sara.replies()]
