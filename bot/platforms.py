"""The messengers Vafa speaks to, and what differs between them.

Bale implements a Telegram-compatible Bot API, with differences this project assumes and the
emulator's Bale mode reproduces:

1. setMyCommands / getMyCommands / deleteMyCommands / setChatMenuButton may be missing:
   treated as best-effort (logged, never fatal).
2. parse_mode may be ignored: every text is sent plain, no Markdown/HTML.
3. setWebhook's secret_token may be ignored: webhooks must not rely on it alone.
4. The messenger does not vouch that a shared contact's phone belongs to the sender (user_id
   may be missing, and proves nothing when present), so linking it to an existing account
   needs a confirmation from that account's other identity.
5. Deep links are https://ble.ir/<bot>?start=<payload>; user ids are large integers.
6. Updates have fewer fields than Telegram's. A callback query has no chat_instance, a user
   may have no language_code (and at times no is_bot), and a callback's message may lack its
   date when it is old. python-telegram-bot requires chat_instance and raises inside
   Bot.get_updates, losing the whole batch. So updates are fetched raw and parsed one at a
   time, with these fields filled in (bot/incoming.py).
7. There are no my_chat_member updates. A member who blocks the bot on Bale only shows up as
   a 403 on the next send.
8. setWebhook is documented with a url only (no secret_token, see 3), and
   editMessageReplyMarkup only appears in recent documentation.

Sources for 6 to 8 are docs.bale.ai as its client libraries quote it:
ErfanVahabpour/Bale-Bot-SDK (src/Objects/CallbackQuery.php, User.php, Update.php, Contact.php;
src/Methods/Update.php, EditMessage.php), python-bale-bot/python-bale-bot (bale/_callbackquery.py,
_user.py, _update.py, attachments/_contact.py) and Balethon/Balethon
(balethon/objects/update.py). bot/incoming.py has the details.
"""

from __future__ import annotations

from enum import StrEnum


class Platform(StrEnum):
    TELEGRAM = "telegram"
    BALE = "bale"

    def file_url_for(self, api_url: str) -> str:
        """The file base URL that goes with an API base URL (`.../bot` -> `.../file/bot`)."""
        base = api_url.rstrip("/")
        if base.endswith("/bot"):
            return base[: -len("/bot")] + "/file/bot"
        return base + "/file/bot"

    def deep_link(self, bot_username: str, payload: str) -> str:
        host = "https://t.me" if self is Platform.TELEGRAM else "https://ble.ir"
        return f"{host}/{bot_username}?start={payload}"

    @property
    def vouches_contacts(self) -> bool:
        """Whether a contact carrying the sender's user_id proves the phone is theirs."""
        return self is Platform.TELEGRAM
