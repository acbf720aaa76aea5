"""JSON control API under /_emulator/ so another process (a benchmark) can play the users.

``POST /_emulator/load`` plays many scripted members here in the emulator's own process (see
``bot.emulator.load``); the other routes act one user, one update at a time. ``POST
/_emulator/raw`` queues ``update`` (any JSON) for the bot as it is (``bot.emulator.raw``).
``POST /_emulator/ratecap`` sets Telegram-style send caps (``bot.emulator.ratecap``):
``per_second``, ``retry_after``, ``per_chat``, optional ``token`` (else every bot) and
``reset_stats``; ``GET /_emulator/stats`` reports the bot's ``rate`` (``rate_times=1`` adds
the admission times).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from bot.emulator.models import BotState, ChatState, JSONDict
from bot.emulator.raw import enqueue_raw
from bot.emulator.state import EmulatorState

Route = Callable[[web.Request], Awaitable[JSONDict]]


def _user(state: EmulatorState, bot: BotState, data: JSONDict) -> ChatState:
    user_id = int(data["user_id"])
    existing = bot.chats.get(user_id)
    return state.register_user(
        bot,
        user_id,
        first_name=str(
            data.get("first_name") or (existing.user.first_name if existing else "User")
        ),
        last_name=data.get("last_name"),
        username=data.get("username"),
        phone=data.get("phone"),
    )


def _flag(value: Any) -> bool:
    return value not in (None, False, "false", "0", 0, "")


def add_control_routes(app: web.Application, state: EmulatorState) -> None:
    async def body(request: web.Request) -> JSONDict:
        if request.method == "GET":
            return dict(request.query)
        data = await request.json() if request.body_exists else {}
        if not isinstance(data, dict):
            raise ValueError("the request body must be a JSON object")
        return {**request.query, **data}

    def route(handler: Callable[[JSONDict], Awaitable[JSONDict]]) -> Route:
        async def wrapped(request: web.Request) -> JSONDict:
            return await handler(await body(request))

        return wrapped

    async def send(data: JSONDict) -> JSONDict:
        bot = state.get_bot(str(data["token"]))
        return {"update_id": state.user_text(bot, _user(state, bot, data), str(data["text"]))}

    async def contact(data: JSONDict) -> JSONDict:
        bot = state.get_bot(str(data["token"]))
        chat = _user(state, bot, data)
        other = data.get("contact_user_id")
        if other is not None:
            update_id = state.user_contact(bot, chat, str(data["phone"]), int(other))
        else:
            update_id = state.user_contact(bot, chat)
        return {"update_id": update_id}

    async def press(data: JSONDict) -> JSONDict:
        bot = state.get_bot(str(data["token"]))
        return {"update_id": state.press(bot, _user(state, bot, data), str(data["label"]))}

    async def block(data: JSONDict) -> JSONDict:
        bot = state.get_bot(str(data["token"]))
        blocked = data.get("blocked", True) not in (False, "false", "0", 0)
        return {"update_id": state.user_block(bot, _user(state, bot, data), blocked)}

    async def handled(data: JSONDict) -> JSONDict:
        bot = state.get_bot(str(data["token"]))
        update_id = int(data["update_id"])
        ok = await state.wait_handled(bot, update_id, float(data.get("timeout", 0)))
        return {"handled": ok, "update_id": update_id}

    async def inbox(data: JSONDict) -> JSONDict:
        bot = state.get_bot(str(data["token"]))
        chat = bot.chats.get(int(data["chat_id"]))
        log = chat.log if chat else []
        since = int(data.get("since", 0))
        return {"messages": [m.summary() for m in log[since:]], "next": len(log)}

    async def stats(data: JSONDict) -> JSONDict:
        bot = state.get_bot(str(data["token"]))
        return {
            "now": time.perf_counter(),
            "pending": len(bot.pending),
            "updates": [s.as_json() for s in bot.stats.values()],
            "method_counts": dict(state.method_counts),
            "rate": state.ratecap.stats(bot.token).as_json(times=_flag(data.get("rate_times"))),
            "rate_cap": state.ratecap.config(bot.token).as_json(),
        }

    async def ratecap(data: JSONDict) -> JSONDict:
        token = data.get("token")
        if token is not None:
            token = state.get_bot(str(token)).token
        if _flag(data.get("reset_stats")):
            state.ratecap.reset(token)
        per_second, per_chat = data.get("per_second"), data.get("per_chat")
        config = state.ratecap.set(
            None if per_second is None else float(per_second),
            int(data.get("retry_after", 1)),
            token,
            per_chat=None if per_chat is None else float(per_chat),
        )
        return {"rate_cap": config.as_json(), "token": token}

    async def fault(data: JSONDict) -> JSONDict:
        added = state.faults.add(
            method=data.get("method"),
            kind=str(data.get("kind", "500")),
            retry_after=int(data.get("retry_after", 1)),
            times=int(data.get("times", 1)),
            chat_id=data.get("chat_id"),
            token=data.get("token"),
        )
        return {"fault": added.__dict__}

    async def raw(data: JSONDict) -> JSONDict:
        bot = state.get_bot(str(data["token"]))
        keep_id = data.get("include_update_id", True) not in (False, "false", "0", 0)
        return {"update_id": enqueue_raw(bot, data.get("update"), include_update_id=keep_id)}

    async def redeliver(data: JSONDict) -> JSONDict:
        state.redeliver(state.get_bot(str(data["token"])), int(data["update_id"]))
        return {}

    async def load(data: JSONDict) -> JSONDict:
        # Imported here: bot.emulator.load needs the driver, which imports this module.
        from bot.emulator.load import LoadSpec, run_load

        return await run_load(state, LoadSpec.parse(data))

    async def bots(data: JSONDict) -> JSONDict:
        return {
            "bots": [
                {
                    "token": b.token,
                    "username": b.username,
                    "platform": b.platform,
                    "pending": len(b.pending),
                }
                for b in state.bots.values()
            ]
        }

    def endpoint(route_fn: Route) -> Callable[[web.Request], Awaitable[web.Response]]:
        async def handler(request: web.Request) -> web.Response:
            try:
                result: Any = await route_fn(request)
            except (KeyError, ValueError, TypeError, AssertionError) as exc:
                return web.json_response(
                    {"ok": False, "error": f"{type(exc).__name__}: {exc}"}, status=400
                )
            return web.json_response({"ok": True, **result})

        return handler

    posts = {
        "send": send,
        "contact": contact,
        "press": press,
        "block": block,
        "fault": fault,
        "ratecap": ratecap,
        "redeliver": redeliver,
        "raw": raw,
        "load": load,
    }
    gets = {"handled": handled, "inbox": inbox, "stats": stats, "bots": bots}
    for name, fn in posts.items():
        app.router.add_post(f"/_emulator/{name}", endpoint(route(fn)))
    for name, fn in gets.items():
        app.router.add_get(f"/_emulator/{name}", endpoint(route(fn)))
