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
