"""End-to-end tests: a real python-telegram-bot Application against the Bot API emulator."""

from __future__ import annotations

import asyncio
import contextlib
import io
import struct
import time
from collections.abc import AsyncIterator

import aiohttp
import pytest
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, RetryAfter
from telegram.ext import (
    Application,
    BaseHandler,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.emulator import Emulator
from bot.emulator.__main__ import parse_bot
from bot.emulator.terminal import normalize_phone, run_terminal

TG = "111:AAA"
BALE = "222:BBB"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + struct.pack(">II", 40, 30) + b"\x08\x02\x00\x00\x00"
Ctx = ContextTypes.DEFAULT_TYPE


async def on_start(update: Update, context: Ctx) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text("start:" + " ".join(context.args or []))


async def on_menu(update: Update, context: Ctx) -> None:
    assert update.effective_message is not None
    keyboard = [
        [InlineKeyboardButton("A", callback_data="a"), InlineKeyboardButton("B", callback_data="b")]
    ]
    markup = InlineKeyboardMarkup(keyboard)
    await update.effective_message.reply_text("pick one", reply_markup=markup)


async def on_button(update: Update, context: Ctx) -> None:
    query = update.callback_query
    assert query is not None and query.message is not None
    await query.answer(f"got {query.data}")
    await query.edit_message_text(f"chose {query.data}")


async def on_phone(update: Update, context: Ctx) -> None:
    assert update.effective_message is not None
    markup = ReplyKeyboardMarkup(
        [[KeyboardButton("Share phone", request_contact=True)], ["Cancel"]],
        resize_keyboard=True,
    )
    await update.effective_message.reply_text("send your phone", reply_markup=markup)


async def on_contact(update: Update, context: Ctx) -> None:
    message = update.effective_message
    assert message is not None and message.contact is not None
    contact = message.contact
    await message.reply_text(
        f"contact {contact.phone_number} uid={contact.user_id}", reply_markup=ReplyKeyboardRemove()
    )


async def on_photo(update: Update, context: Ctx) -> None:
    assert update.effective_chat is not None
    await context.bot.send_photo(update.effective_chat.id, PNG, caption="a card")


async def on_doc(update: Update, context: Ctx) -> None:
    assert update.effective_chat is not None
    await context.bot.send_document(
        update.effective_chat.id, b'{"points": 10}', filename="data.json", caption="export"
    )


async def on_html(update: Update, context: Ctx) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_html("<b>Points:</b> 10 &amp; more")


async def on_sticker(update: Update, context: Ctx) -> None:
    assert update.effective_message is not None and update.effective_message.sticker
    await update.effective_message.reply_text("nice sticker")


async def on_echo(update: Update, context: Ctx) -> None:
    assert update.effective_message is not None and update.effective_message.text
    await update.effective_message.reply_text("echo: " + update.effective_message.text)


MEMBER_EVENTS: list[tuple[str, str]] = []


async def on_member(update: Update, context: Ctx) -> None:
    change = update.my_chat_member
    assert change is not None
    MEMBER_EVENTS.append((change.old_chat_member.status, change.new_chat_member.status))


def handlers() -> list[BaseHandler[Update, Ctx, None]]:
    return [
        CommandHandler("start", on_start),
        CommandHandler("menu", on_menu),
        CommandHandler("phone", on_phone),
        CommandHandler("photo", on_photo),
        CommandHandler("doc", on_doc),
        CommandHandler("html", on_html),
        CallbackQueryHandler(on_button),
        MessageHandler(filters.CONTACT, on_contact),
        MessageHandler(filters.Sticker.ALL, on_sticker),
        MessageHandler(filters.TEXT & ~filters.COMMAND, on_echo),
        ChatMemberHandler(on_member, ChatMemberHandler.MY_CHAT_MEMBER),
    ]


def build(emu: Emulator, token: str) -> Application:
    app = (
        Application.builder()
        .token(token)
        .base_url(emu.base_url)
        .base_file_url(emu.base_file_url)
        .updater(None)
        .build()
    )
    app.add_handlers(handlers())
    return app


async def poll(app: Application, seen: list[int]) -> None:
    """Mirror of the project's loop: handle each update, then advance the offset."""
    offset = 0
    while True:
        for update in await app.bot.get_updates(offset=offset, timeout=1):
            seen.append(update.update_id)
            await app.process_update(update)
            offset = update.update_id + 1


@contextlib.asynccontextmanager
async def running(emu: Emulator, token: str) -> AsyncIterator[tuple[Application, list[int]]]:
    app = build(emu, token)
    await app.initialize()
    seen: list[int] = []
    task = asyncio.create_task(poll(app, seen))
    try:
        yield app, seen
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await app.shutdown()


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    emulator = await Emulator().start()
    emulator.add_bot(TG, "vafa_test_bot", platform="telegram")
    emulator.add_bot(BALE, "vafa_bale_bot", platform="bale")
    yield emulator
    await emulator.stop()


async def test_echo_and_start_with_args(emu: Emulator) -> None:
    user = emu.user(TG, user_id=5001, first_name="Sara")
    async with running(emu, TG):
        await user.send("hello")
        assert [m.text for m in user.replies()] == ["echo: hello"]
        await user.send("/start r_123")
        assert [m.text for m in user.replies()] == ["start:r_123"]
        await user.send("42")  # form-encoded str params must not be JSON-decoded
        assert user.last.text == "echo: 42"
    ids = [m.message_id for m in user.inbox]
    assert ids == sorted(ids) and len(set(ids)) == 3
    assert user.inbox[0].message_id == 2  # the user's own message took id 1


async def test_inline_press_edits_message(emu: Emulator) -> None:
    user = emu.user(TG, user_id=5001, first_name="Sara")
    async with running(emu, TG):
        await user.send("/menu")
        assert user.buttons() == ["A", "B"]
        with pytest.raises(AssertionError, match=r"'C'.*\['A', 'B'\]"):
            await user.press("C")
        await user.press("B")
        replies = user.replies()
    assert len(replies) == 1 and replies[0].edited and replies[0].text == "chose b"
    assert user.last.text == "chose b" and user.last.history == ["pick one"]
    assert user.buttons() == []  # editMessageText without reply_markup drops the keyboard
    assert user.callback_answers == ["got b"]
    assert len(user.inbox) == 1


@pytest.mark.parametrize(("token", "uid"), [(TG, 5001), (BALE, None)])
async def test_request_contact_vouching(emu: Emulator, token: str, uid: int | None) -> None:
    user = emu.user(token, user_id=5001, first_name="Sara", phone="+989121234567")
    async with running(emu, token):
        await user.send("/phone")
        assert user.keyboard() == ["Share phone", "Cancel"]
        await user.press("Share phone")
        assert user.last.text == f"contact +989121234567 uid={uid}"
        assert user.keyboard() == []
        await user.share_contact(phone="+989350000000", user_id=999)
        other = 999 if token == TG else None
        assert user.last.text == f"contact +989350000000 uid={other}"


async def test_bale_default_user_ids_and_html(emu: Emulator) -> None:
    bale_user = emu.user(BALE)
    tg_user = emu.user(TG)
    assert bale_user.id > 1_000_000_000 and tg_user.id < 1_000_000
    async with running(emu, TG), running(emu, BALE):
        await tg_user.send("/html")
        await bale_user.send("/html")
    assert tg_user.last.text == "Points: 10 & more" and tg_user.last.parse_mode == "HTML"
    assert bale_user.last.text == "<b>Points:</b> 10 &amp; more"
    assert bale_user.last.parse_mode is None


async def test_photo_and_document_bytes(emu: Emulator) -> None:
    user = emu.user(TG, user_id=5001)
    async with running(emu, TG) as (app, _):
        await user.send("/photo")
        await user.send("/doc")
        photo, doc = user.inbox
        assert photo.kind == "photo" and photo.photo == PNG and photo.caption == "a card"
        assert photo.attachment[-1]["width"] == 40 and photo.attachment[-1]["height"] == 30
        assert doc.document == b'{"points": 10}' and doc.filename == "data.json"
        assert doc.mime_type == "application/json"
        file = await app.bot.get_file(doc.attachment["file_id"])
        assert bytes(await file.download_as_bytearray()) == b'{"points": 10}'


async def test_sticker(emu: Emulator) -> None:
    user = emu.user(TG)
    async with running(emu, TG):
        await user.send_sticker()
    assert user.last.text == "nice sticker"


# PTB 22 warns that RetryAfter.retry_after will become a timedelta; not our concern here.
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_429_fault_then_success(emu: Emulator) -> None:
    emu.add_bot("333:CCC", "plain_bot")
    user = emu.user("333:CCC", user_id=7)
    app = build(emu, "333:CCC")
    async with app:
        emu.faults.add(method="sendMessage", kind="429", retry_after=1, times=1)
        with pytest.raises(RetryAfter):
            await app.bot.send_message(user.id, "hi")
        await app.bot.send_message(user.id, "hi")
        emu.faults.add(method="sendMessage", kind="500", chat_id=user.id)
        with pytest.raises(Exception, match="Internal Server Error"):
            await app.bot.send_message(user.id, "again")
    assert [m.text for m in user.inbox] == ["hi"]
    assert [m for _, m, _ in emu.calls].count("sendMessage") == 3


async def test_block_gives_403_and_my_chat_member(emu: Emulator) -> None:
    MEMBER_EVENTS.clear()
    user = emu.user(TG, user_id=5001)
    async with running(emu, TG) as (app, _):
        await user.block()
        assert MEMBER_EVENTS == [("member", "kicked")]
        with pytest.raises(Forbidden, match="bot was blocked by the user"):
            await app.bot.send_message(user.id, "still there?")
        await user.unblock()
        assert MEMBER_EVENTS[-1] == ("kicked", "member")
        await app.bot.send_message(user.id, "welcome back")
    assert user.last.text == "welcome back"


async def test_long_poll_returns_promptly(emu: Emulator) -> None:
    user = emu.user(TG)
    async with build(emu, TG) as app:
        poll_task = asyncio.create_task(app.bot.get_updates(timeout=5))
        await asyncio.sleep(0.2)
        assert not poll_task.done()
        sent = time.perf_counter()
        await user.send("ping", wait=False)
        updates = await asyncio.wait_for(poll_task, 2)
        assert time.perf_counter() - sent < 0.5
        assert updates[0].message is not None and updates[0].message.text == "ping"


async def test_offset_confirmation_and_wait_handled(emu: Emulator) -> None:
    user = emu.user(TG)
    async with build(emu, TG) as app:
        ids = [await user.send(f"m{i}", wait=False) for i in range(3)]
        assert emu.updates_pending(TG) == 3
        assert [u.update_id for u in await app.bot.get_updates()] == ids
        assert [u.update_id for u in await app.bot.get_updates()] == ids  # unconfirmed
        updates = await app.bot.get_updates(offset=ids[1], limit=1)
        assert [u.update_id for u in updates] == [ids[1]]
        assert emu.updates_pending(TG) == 2
        await emu.wait_handled(TG, ids[0], timeout=0.1)
        with pytest.raises(TimeoutError, match="not handled"):
            await emu.wait_handled(TG, ids[2], timeout=0.1)
        await app.bot.get_updates(offset=ids[2] + 1)
        await emu.wait_handled(TG, ids[2], timeout=0.1)
        assert emu.updates_pending(TG) == 0


async def test_allowed_updates_filter_and_conflict(emu: Emulator) -> None:
    user = emu.user(TG)
    async with build(emu, TG) as app, build(emu, TG) as second_instance:
        await app.bot.get_updates(allowed_updates=["message"])
        await user.block(timeout=0.5)  # dropped by the filter: counts as handled at once
        text_id = await user.send("hi", wait=False)
        assert [u.update_id for u in await app.bot.get_updates()] == [text_id]
        first = asyncio.create_task(app.bot.get_updates(offset=text_id + 1, timeout=5))
        await asyncio.sleep(0.1)
        await second_instance.bot.get_updates(offset=text_id + 1)
        with pytest.raises(Conflict, match="terminated by other getUpdates"):
            await first


async def test_redeliver_same_update_id(emu: Emulator) -> None:
    user = emu.user(TG)
    async with running(emu, TG) as (_, seen):
        update_id = await user.send("once")
    # The bot "restarts": a fresh poller (offset 0) must see the same update again.
    emu.redeliver(TG, update_id)
    assert emu.updates_pending(TG) == 1
    async with running(emu, TG) as (_, seen_again):
        await emu.wait_handled(TG, update_id, timeout=5)
    assert seen == seen_again == [update_id]
    assert [m.text for m in user.inbox] == ["echo: once", "echo: once"]


async def test_set_my_commands_telegram_vs_bale(emu: Emulator) -> None:
    async with build(emu, TG) as tg, build(emu, BALE) as bale:
        assert await tg.bot.set_my_commands([("start", "Start")])
        assert [c.command for c in await tg.bot.get_my_commands()] == ["start"]
        with pytest.raises(InvalidToken, match="Not Found"):
            await bale.bot.set_my_commands([("start", "Start")])
        with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
            await tg.bot.send_message(emu.user(TG).id, "<b>oops", parse_mode="HTML")
    assert [t for t, m, _ in emu.calls if m == "setMyCommands"] == [TG, BALE]


async def test_edit_not_modified_and_raw_protocol(emu: Emulator) -> None:
    user = emu.user(TG)
    async with build(emu, TG) as app:
        msg = await app.bot.send_message(user.id, "same")
        with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
            await app.bot.edit_message_text("same", user.id, msg.message_id)
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{emu.base_url}999:NOPE/getMe") as resp:
            assert resp.status == 401 and (await resp.json())["description"] == "Unauthorized"
        async with http.get(f"{emu.base_url}{TG}/noSuchMethod") as resp:
            assert resp.status == 404 and not (await resp.json())["ok"]
        async with http.post(
            f"{emu.base_url}{TG}/SENDMESSAGE", json={"chat_id": user.id, "text": "json body"}
        ) as resp:
            assert (await resp.json())["result"]["text"] == "json body"
        async with http.get(f"{emu.base_url}{TG}/getme") as resp:
            assert (await resp.json())["result"]["id"] == 111


async def test_control_api(emu: Emulator) -> None:
    assert parse_bot("222:BBB:vafa_bale:bale") == ("222:BBB", "vafa_bale", "bale")
    base = f"{emu.url}/_emulator"
    async with running(emu, TG), aiohttp.ClientSession() as http:
        body = {"token": TG, "user_id": 42, "first_name": "Ali", "text": "/start x"}
        async with http.post(f"{base}/send", json=body) as resp:
            update_id = (await resp.json())["update_id"]
        params = {"token": TG, "update_id": str(update_id), "timeout": "5"}
        async with http.get(f"{base}/handled", params=params) as resp:
            assert (await resp.json())["handled"] is True
        async with http.get(f"{base}/inbox", params={"token": TG, "chat_id": "42"}) as resp:
            inbox = await resp.json()
        assert [m["text"] for m in inbox["messages"]] == ["start:x"] and inbox["next"] == 1
        async with http.post(
            f"{base}/contact", json={"token": TG, "user_id": 42, "phone": "+989121111111"}
        ) as resp:
            contact_id = (await resp.json())["update_id"]
        async with http.get(f"{base}/handled", params={**params, "update_id": str(contact_id)}):
            pass
        async with http.get(f"{base}/stats", params={"token": TG}) as resp:
            stats = await resp.json()
        async with http.post(f"{base}/send", json={"token": "x:y", "text": "a"}) as resp:
            assert resp.status == 400
    first = stats["updates"][0]
    assert first["update_id"] == update_id and first["replies"] == 1
    assert first["queued_at"] <= first["last_reply_at"] <= first["handled_at"]
    assert emu.user(TG, user_id=42).last.text == "contact +989121111111 uid=42"


async def test_terminal_client(emu: Emulator) -> None:
    assert normalize_phone("0912 123 4567") == "+989121234567"
    assert normalize_phone("hello") is None
    lines = [
        "hello",
        "/menu",
        "2",
        "/phone",
        "1",
        "09121234567",
        "//start t1",
        "/platform bale",
        "/help",
        "/contact",
        "/user 2",
        "/contact",
        "+98 935 000 0000",
        "/quit",
        "never read",
    ]
    stdin, stdout = io.StringIO("\n".join(lines) + "\n"), io.StringIO()
    bots = {"telegram": emu.bot(TG), "bale": emu.bot(BALE)}
    async with running(emu, TG), running(emu, BALE):
        await asyncio.wait_for(run_terminal(emu, bots, stdin, stdout, reply_timeout=5), 10)
    out = stdout.getvalue()
    assert "@vafa_test_bot> echo: hello" in out
    assert "buttons: [1] A  [2] B" in out
    assert "@vafa_test_bot (edited)> chose b" in out
    assert "keyboard: [1] Share phone (shares your phone)  [2] Cancel" in out
    assert "contact +989121234567 uid=5001" in out
    assert "start:t1" in out
    assert "/platform NAME" in out
    assert "contact +989121234567 uid=None" in out  # bale: same person, phone not vouched
    assert "as Reza (id 1000000002)" in out
    assert "Phone number for Reza" in out and "contact +989350000000 uid=None" in out
    assert out.rstrip().endswith("Bye.")
