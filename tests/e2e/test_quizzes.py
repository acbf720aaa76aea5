"""Quizzes end to end: an admin builds one in chat (bad input answered, the step kept), members
on Telegram and Bale answer by buttons once each, timed; the close credits once, ranks by
right answers then time, and tells each participant their rank; late and foreign presses
change nothing."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import jdatetime

from bot.club import quizzes
from bot.club.digits import to_persian_digits
from bot.emulator.driver import Emulator, SimUser
from tests.e2e.test_broadcast import delivery_reported, until
from tests.e2e.test_purchases import owner_of
from tests.e2e.test_till import on_screen, press_data
from tests.e2e.world import Clock, World, sign_up, t, texts_of, world_settings

TITLE = "مسابقه‌ی یلدا"
QUESTIONS = (
    ("بلندترین شب سال کدام است؟", "یلدا\nنوروز\nمهرگان", "۱"),
    ("میوه‌ی شب یلدا؟", "هندوانه\nسیب", "1"),
)


def jalali(world: World, later: timedelta) -> str:
    """A moment as an admin types it (Tehran time, Jalali, Persian digits)."""
    local = (world.clock.now + later).astimezone(ZoneInfo("Asia/Tehran"))
    typed = jdatetime.datetime.fromgregorian(datetime=local).strftime("%Y/%m/%d %H:%M")
    return to_persian_digits(typed)


async def build(world: World, owner: SimUser, *, points: str = "۱۰") -> None:
    """From /quizzes to the preview: two questions, opening now, closing in a day, everyone."""
    await owner.send("/quizzes")
    await owner.press(t("button-quiz-new"))
    await owner.send(TITLE)
    for question, choices, right in QUESTIONS:
        await owner.send(question)
        await owner.send(choices)
        await owner.send(right)
    await owner.press(t("button-quiz-done"))
    await owner.send(points)
    await owner.press(t("button-quiz-now"))
    await owner.send(jalali(world, timedelta(days=1)))
    await owner.press(t("button-quiz-everyone"))


async def publish(world: World, owner: SimUser) -> None:
    await build(world, owner)
    await owner.press(t("button-quiz-publish"))
    assert owner.last.content == t("quiz-published")


async def announced(world: World, member: SimUser) -> None:
    """Waits for the announcement (a broadcast through the outbox) to reach the member."""

    label = t("button-quiz-go")  # once: loading the texts is slow

    async def arrived() -> bool:
        return any(label in _labels(m) for m in member.inbox)

    await until(arrived, "the quiz's announcement")


def _labels(message: Any) -> list[str]:
    return [str(b.get("text")) for b in message.inline_buttons()]


async def answer(member: SimUser, *choices: str) -> None:
    await member.press(t("button-quiz-go"))
    for choice in choices:
        await member.press(choice)


async def test_the_builder_answers_bad_input_and_keeps_the_step(world: World) -> None:
    owner = owner_of(world)
    await owner.send("/quizzes")
    assert owner.last.content == t("quizzes-none")
    await owner.press(t("button-quiz-new"))
    await owner.send("ی" * 65)
    assert texts_of(owner.replies()) == [t("quiz-title-wrong", most=64)]
    await owner.send(TITLE)
    await owner.send("بلندترین شب سال کدام است؟")
    wrongs = (
        ("فقط یک گزینه", t("quiz-choices-count", least=2, top=6)),
        ("\n".join("abcdefg"), t("quiz-choices-count", least=2, top=6)),
        ("یلدا\nیلدا", t("quiz-choices-same")),
        ("یلدا\n" + "ن" * 41, t("quiz-choice-long", length=40)),
    )
    for wrong, said in wrongs:
        await owner.send(wrong)
        assert texts_of(owner.replies()) == [said]
    await owner.send("یلدا\nنوروز")
    for wrong in ("۳", "0", "یک"):
        await owner.send(wrong)
        assert texts_of(owner.replies()) == [t("quiz-correct-wrong")]
    await owner.send("۱")
    await owner.press(t("button-quiz-done"))
    for wrong in ("ده", "-5", "10001"):
        await owner.send(wrong)
        assert texts_of(owner.replies()) == [t("quiz-points-wrong", points=10_000)]
    await owner.send("۵")
    await owner.send("فردا عصر")
    assert texts_of(owner.replies()) == [t("quiz-time-wrong")]
    await owner.send(jalali(world, timedelta(hours=2)))  # opens in two hours
    await owner.send(jalali(world, timedelta(hours=-1)))
    assert owner.last.content == t("quiz-time-past", now=world.clock.now)
    await owner.send(jalali(world, timedelta(hours=1)))
    assert owner.last.content == t("quiz-close-before-open")
    await owner.send(jalali(world, timedelta(days=400)))
    assert owner.last.content == t("quiz-time-far")
    await owner.send(jalali(world, timedelta(days=2)))
    await owner.press(t("button-quiz-everyone"))
    assert owner.buttons() == [t("button-quiz-publish"), t("button-quiz-drop")]
    assert await world.scalar("SELECT count(*) FROM quizzes") == 0
    await owner.press(t("button-quiz-drop"))
    assert owner.last.content == t("quiz-dropped")
    assert await world.scalar("SELECT count(*) FROM quizzes") == 0


async def test_members_answer_once_and_the_close_credits_once_and_ranks_by_time(
    world: World,
) -> None:
    sara = world.emu.user(world.telegram, first_name="سارا", phone="+989121234567")
    await sign_up(sara, name="سارا محمدی")
    ali = world.emu.user(world.bale, first_name="علی", phone="+989121234568")
    await sign_up(ali, name="علی رضایی")
    reza = world.emu.user(world.telegram, first_name="رضا", phone="+989121234569")
    await sign_up(reza, name="رضا")
    owner = owner_of(world)
    await publish(world, owner)
    quiz_id = int(await world.scalar("SELECT id FROM quizzes"))
    assert await world.scalar("SELECT action FROM audit WHERE action = 'quiz_created'")
    for member in (sara, ali, reza):
        await announced(world, member)

    # Sara answers both right in 3 seconds each; Ali both right but slower; Reza one right.
    start = world.clock.now
    await sara.press(t("button-quiz-go"))
    first = sara.last
    assert first.content == t(
        "quiz-question", title=TITLE, number=1, questions=2, question=QUESTIONS[0][0]
    )
    assert sara.buttons() == ["یلدا", "نوروز", "مهرگان"]
    pressable = [str(b["callback_data"]) for b in first.inline_buttons()]
    world.clock.now = start + timedelta(seconds=3)
    await sara.press("یلدا")
    assert sara.callback_answers[-1] == t("quiz-answer-saved")
    world.clock.now = start + timedelta(seconds=6)
    await sara.press("هندوانه")
    assert sara.last.content == t("quiz-all-answered", closes=await _closes(world, quiz_id))
    # No change after an answer: the old question's other choice keeps the first answer.
    await press_data(sara, first, pressable[1])
    assert sara.callback_answers[-1] == t("quiz-answer-already")

    await ali.press(t("button-quiz-go"))
    world.clock.now = start + timedelta(seconds=20)
    await ali.press("یلدا")
    world.clock.now = start + timedelta(seconds=30)
    await ali.press("هندوانه")
    await answer(reza, "نوروز", "هندوانه")

    world.clock.now = start + timedelta(days=1, minutes=1)
    assert await quizzes.close_due(world.club) == [quiz_id]
    assert await quizzes.close_due(world.club) == []  # the next tick: nothing twice
    rows = await world.rows(
        "SELECT idempotency_key, delta FROM ledger WHERE kind = 'quiz' ORDER BY member_id"
    )
    assert [r[1] for r in rows] == [20, 20, 10]
    board = "\n".join(
        [
            t("quiz-board-line", rank=1, name="سارا م.", correct=2, seconds="۶٫۰"),
            t("quiz-board-line", rank=2, name="علی ر.", correct=2, seconds="۲۴٫۰"),
            t("quiz-board-line", rank=3, name="رضا", correct=1, seconds="۰٫۰"),
        ]
    )
    await world.emu.settle()

    def notice(rank: int, correct: int, points: int) -> str:
        return t(
            "quiz-result-notice",
            title=TITLE,
            correct=correct,
            questions=2,
            points=points,
            rank=rank,
            participants=3,
            board=board,
        )

    for member, rank, correct, points in ((sara, 1, 2, 20), (ali, 2, 2, 20), (reza, 3, 1, 10)):
        text = notice(rank, correct, points)

        async def told(member: SimUser = member, text: str = text) -> bool:
            return [m.content for m in member.inbox].count(text) == 1

        await until(told, "the result notice")

    # After the close: an old question's button is refused politely and changes nothing.
    await press_data(sara, first, pressable[2])
    assert sara.callback_answers[-1] == t("quiz-closed")
    await ali.press(t("button-quiz-go"))
    assert ali.callback_answers[-1] == t("quiz-closed")


async def _closes(world: World, quiz_id: int) -> str:
    from bot.i18n import load_texts

    async with world.club.db.read() as conn:
        found = await quizzes.get(conn, quiz_id)
    assert found is not None
    return load_texts("fa", "Asia/Tehran").datetime(found.closes_at)


async def test_a_stranger_or_another_member_pressing_a_forwarded_button_changes_nothing(
    world: World,
) -> None:
    sara = world.emu.user(world.telegram, first_name="سارا", phone="+989121234567")
    await sign_up(sara)
    owner = owner_of(world)
    await publish(world, owner)
    await announced(world, sara)
    await sara.press(t("button-quiz-go"))
    question = sara.last
    data = str(question.inline_buttons()[0]["callback_data"])
    stranger = world.emu.user(world.telegram, user_id=5_555, first_name="Stranger")
    await press_data(stranger, question, data)
    assert stranger.callback_answers[-1] == t("hint-start")
    nima = world.emu.user(world.bale, first_name="نیما", phone="+989121234560")
    await sign_up(nima, name="نیما کریمی")
    await press_data(nima, question, data)
    assert nima.callback_answers[-1] == t("quiz-answer-not-yours")
    await press_data(nima, question, "quiz:a:1:0:99999999999")
    assert nima.callback_answers[-1] == t("hint-stale-button")
    assert await world.scalar("SELECT count(*) FROM quiz_answers WHERE choice IS NOT NULL") == 0
    assert on_screen(sara, question).inline_buttons()


async def test_the_admin_sees_the_board_and_each_questions_right_rate(world: World) -> None:
    sara = world.emu.user(world.telegram, first_name="سارا", phone="+989121234567")
    await sign_up(sara)
    owner = owner_of(world)
    await publish(world, owner)
    await announced(world, sara)
    await answer(sara, "یلدا", "سیب")
    await delivery_reported(owner)
    await owner.send("/quizzes")
    await owner.press(t("button-quiz-item", title=TITLE, status=t("quiz-status-open")))
    said = owner.last.content or ""
    assert t("quiz-results-rate", number=1, right=1, answers=1, percent=100) in said
    assert t("quiz-results-rate", number=2, right=0, answers=1, percent=0) in said
    assert "سارا م." in said


async def test_the_members_menu_lists_open_quizzes(world: World) -> None:
    sara = world.emu.user(world.bale, first_name="سارا", phone="+989121234567")
    await sign_up(sara)
    await sara.press(t("button-quizzes"))
    assert sara.last.content == t("quizzes-member-none")
    await publish(world, owner_of(world))
    await sara.press(t("button-quizzes"))
    # The quiz's announcement (a broadcast) may land at any moment: look at the reply.
    assert t("quizzes-member-list") in [m.content for m in sara.replies()]


async def test_an_answer_committing_during_the_close_is_credited_on_postgresql(
    emu: Emulator, postgres_url: str
) -> None:
    """PostgreSQL: an answer whose transaction is still open when the close starts is counted
    (the close waits for it), never stored and left uncredited."""
    world = World(emu, world_settings(emu, postgres_url), Clock())
    await world.start()
    try:
        sara = world.emu.user(world.telegram, first_name="سارا", phone="+989121234567")
        await sign_up(sara)
        await publish(world, owner_of(world))
        await announced(world, sara)
        await sara.press(t("button-quiz-go"))  # the first question is shown
        member = int(await world.scalar("SELECT id FROM members"))
        answering, release = asyncio.Event(), asyncio.Event()

        async def answer_slowly() -> str:
            async with world.club.db.write() as conn:
                quiz = await quizzes.get(conn, 1)
                assert quiz is not None
                said = await quizzes.answer(conn, quiz, 0, 0, member_id=member, now=world.clock.now)
                answering.set()
                await release.wait()
                return said

        slow = asyncio.create_task(answer_slowly())
        await answering.wait()
        world.clock.now += timedelta(days=1, minutes=1)
        closing = asyncio.create_task(quizzes.close_due(world.club))
        await asyncio.sleep(0.5)
        assert not closing.done()  # the close waits for the answer's transaction
        release.set()
        assert await slow == quizzes.ACCEPTED
        assert await closing == [1]
        credited = await world.rows("SELECT delta FROM ledger WHERE kind = 'quiz'")
        assert [row[0] for row in credited] == [10]
    finally:
        await world.stop()
