"""Bot API methods about the bot itself: identity, polling, webhook, commands, chats."""

from __future__ import annotations

import json
from typing import Any

from bot.emulator import payloads
from bot.emulator.api_common import Call, registry
from bot.emulator.models import ApiError, JSONDict
from bot.emulator.platforms import secret_token_honoured


async def get_me(call: Call) -> JSONDict:
    return {
        **call.bot.user_json(),
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


async def get_updates(call: Call) -> list[JSONDict]:
    offset = call.get("offset")
    allowed = call.params.get("allowed_updates")
    if allowed is not None and not isinstance(allowed, list):
        raise ApiError(400, "Bad Request: can't parse allowed updates")
    return await call.state.get_updates(
        call.bot,
        offset=int(offset) if offset is not None else None,
        limit=call.int_param("limit", 100),
        wait_seconds=float(call.get("timeout", 0)),
        allowed_updates=allowed,
    )


async def set_webhook(call: Call) -> bool:
    url = str(call.get("url", ""))
    if url and not url.startswith("https://"):
        raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
    call.bot.webhook_url = url
    honoured = secret_token_honoured(call.bot.platform)
    call.bot.webhook_secret = call.get("secret_token") if honoured else None
    if call.get("drop_pending_updates"):
        call.state.confirm(call.bot, call.bot.next_update_id)
    return True


async def delete_webhook(call: Call) -> bool:
    call.bot.webhook_url = ""
    call.bot.webhook_secret = None
    if call.get("drop_pending_updates"):
        call.state.confirm(call.bot, call.bot.next_update_id)
    return True


async def get_webhook_info(call: Call) -> JSONDict:
    info: JSONDict = {
        "url": call.bot.webhook_url,
        "has_custom_certificate": False,
        "pending_update_count": len(call.bot.pending),
    }
    if call.bot.allowed_updates:
        info["allowed_updates"] = call.bot.allowed_updates
    return info


async def log_out(call: Call) -> bool:
    return True


async def close(call: Call) -> bool:
    return True


def _commands_key(call: Call) -> str:
    scope: Any = call.get("scope") or {"type": "default"}
    return json.dumps([scope, call.get("language_code", "")], sort_keys=True)


async def set_my_commands(call: Call) -> bool:
    commands = call.get("commands")
    if not isinstance(commands, list):
        raise ApiError(400, "Bad Request: can't parse commands JSON object")
    for command in commands:
        name = command.get("command", "") if isinstance(command, dict) else ""
        valid = 1 <= len(name) <= 32 and all(c.islower() or c.isdigit() or c == "_" for c in name)
        if not valid or not command.get("description"):
            raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
    call.bot.commands[_commands_key(call)] = commands
    return True


async def get_my_commands(call: Call) -> list[JSONDict]:
    return call.bot.commands.get(_commands_key(call), [])


async def delete_my_commands(call: Call) -> bool:
    call.bot.commands.pop(_commands_key(call), None)
    return True


async def set_chat_menu_button(call: Call) -> bool:
    if call.get("chat_id") is not None:
        call.chat(writable=False)
    call.bot.menu_button = call.get("menu_button") or {"type": "default"}
    return True


async def get_chat_menu_button(call: Call) -> JSONDict:
    return call.bot.menu_button or {"type": "default"}


async def set_my_description(call: Call) -> bool:
    return True


async def set_my_short_description(call: Call) -> bool:
    return True


async def set_my_name(call: Call) -> bool:
    return True


async def get_chat(call: Call) -> JSONDict:
    return payloads.full_chat_json(call.chat(writable=False).user)


async def answer_callback_query(call: Call) -> bool:
    chat_id = call.bot.callback_queries.pop(str(call.get("callback_query_id", "")), None)
    if chat_id is None:
        raise ApiError(
            400,
            "Bad Request: query is too old and response timeout expired or query ID is invalid",
        )
    text = call.get("text")
    call.bot.chats[chat_id].callback_answers.append(None if text is None else str(text))
    return True


HANDLERS = registry(
    get_me,
    get_updates,
    set_webhook,
    delete_webhook,
    get_webhook_info,
    log_out,
    close,
    set_my_commands,
    get_my_commands,
    delete_my_commands,
    set_chat_menu_button,
    get_chat_menu_button,
    set_my_description,
    set_my_short_description,
    set_my_name,
    get_chat,
    answer_callback_query,
)
