"""Platform profiles: what the emulator does differently for Telegram and Bale.

Bale speaks (most of) the Telegram Bot API but differs in ways the project must survive.
The emulator reproduces exactly these differences when a bot is added with
``platform="bale"``:

1. ``setMyCommands``, ``getMyCommands``, ``deleteMyCommands`` and ``setChatMenuButton``
   answer ``{"ok": false, "error_code": 404, "description": "Not Found"}`` (PTB turns that
   into ``telegram.error.InvalidToken("Not Found")``), so the bot must treat them as
   best-effort.
2. ``parse_mode`` is ignored: the text is stored raw, markup and all, and no entity
   validation happens (Telegram mode validates HTML and stores the rendered plain text).
3. ``setWebhook``'s ``secret_token`` is ignored: neither stored nor reported.
4. Shared contacts are not vouched for: unless the bot was added with
   ``vouch_contacts=True`` the ``contact`` object arrives WITHOUT ``user_id``, even when
   the user shared their own phone via a ``request_contact`` button.
5. User ids are large: the driver's default ids are ``1_000_000_000 + n`` (Telegram:
   ``5_000 + n``).
6. Callback queries come without ``chat_instance``, which python-telegram-bot requires:
   ``Bot.get_updates`` raises TypeError on them, so the project parses raw updates itself
   (``bot.incoming``).
7. Users come without ``language_code``.
8. There are no ``my_chat_member`` updates: a user who blocks or unblocks the bot is never
   announced. The update id is used up and counts as handled at once (like an update the
   bot opted out of), and sends to a blocked chat still fail with 403.

Sources for 6-8 are the Bale documentation as its client libraries quote it:
ErfanVahabpour/Bale-Bot-SDK src/Objects/{CallbackQuery,User,Update}.php,
python-bale-bot/python-bale-bot bale/_callbackquery.py, _user.py and _update.py, and
Balethon/Balethon balethon/objects/update.py. ``bot.incoming`` sums them up.

Any bot, on either platform, can also be fed a raw update of any shape
(``bot.emulator.raw``), so that tests can cover updates the bot cannot parse.
"""

from __future__ import annotations

from typing import Literal, get_args

Platform = Literal["telegram", "bale"]
PLATFORMS: tuple[str, ...] = get_args(Platform)

BALE_UNSUPPORTED_METHODS: frozenset[str] = frozenset(
    {"setmycommands", "getmycommands", "deletemycommands", "setchatmenubutton"}
)

DEFAULT_USER_ID_BASE: dict[str, int] = {"telegram": 5_000, "bale": 1_000_000_000}

# Update types delivered when a bot never set allowed_updates (Bot API default).
DEFAULT_ALLOWED_UPDATES: frozenset[str] = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "business_connection",
        "business_message",
        "edited_business_message",
        "deleted_business_messages",
        "inline_query",
        "chosen_inline_result",
        "callback_query",
        "shipping_query",
        "pre_checkout_query",
        "purchased_paid_media",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_join_request",
        "chat_boost",
        "removed_chat_boost",
    }
)


def check_platform(platform: str) -> Platform:
    if platform == "telegram":
        return "telegram"
    if platform == "bale":
        return "bale"
    raise ValueError(f"unknown platform {platform!r}; expected one of {PLATFORMS}")


def default_vouch_contacts(platform: Platform) -> bool:
    return platform == "telegram"


def parse_mode_honoured(platform: Platform) -> bool:
    return platform == "telegram"


def secret_token_honoured(platform: Platform) -> bool:
    return platform == "telegram"


# Update kinds a platform never creates (the Bale documentation lists none of these).
NEVER_SENT: dict[str, frozenset[str]] = {
    "telegram": frozenset(),
    "bale": frozenset({"my_chat_member", "chat_member"}),
}


def sends_update(platform: Platform, kind: str) -> bool:
    return kind not in NEVER_SENT[platform]


def sends_chat_instance(platform: Platform) -> bool:
    return platform == "telegram"


def sends_language_code(platform: Platform) -> bool:
    return platform == "telegram"
