"""Checks the real API performs on message text and keyboards, so project bugs surface here."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from bot.emulator.models import ApiError, JSONDict

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64

_HTML_TAGS = frozenset(
    {
        "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler",
        "a", "tg-emoji", "code", "pre", "blockquote",
    }
)  # fmt: skip
_INLINE_ACTIONS = frozenset(
    {
        "url", "callback_data", "web_app", "login_url", "switch_inline_query",
        "switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text",
        "callback_game", "pay",
    }
)  # fmt: skip


def _unsupported(tag: str) -> ApiError:
    return ApiError(400, f'Bad Request: can\'t parse entities: Unsupported start tag "{tag}"')


class _TelegramHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _HTML_TAGS:
            raise _unsupported(tag)
        self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raise _unsupported(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            expected = f"</{self.stack[-1]}>" if self.stack else "nothing"
            raise ApiError(
                400,
                "Bad Request: can't parse entities: Unmatched end tag, "
                f'expected "{expected}", found "</{tag}>"',
            )
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_plain(text: str) -> str:
    """Validate Telegram-flavoured HTML and return the text a user would see."""
    parser = _TelegramHtml()
    parser.feed(text)
    parser.close()
    if parser.stack:
        raise ApiError(
            400,
            "Bad Request: can't parse entities: Can't find end tag corresponding to start tag "
            f'"{parser.stack[-1]}"',
        )
    return "".join(parser.parts)


def render_text(text: str, parse_mode: str | None, honour_parse_mode: bool) -> str:
    if honour_parse_mode and parse_mode and parse_mode.lower() == "html":
        return html_to_plain(text)
    return text


def check_text(text: Any, *, caption: bool = False) -> str | None:
    if text is None:
        return None
    text = str(text)
    limit = MAX_CAPTION if caption else MAX_TEXT
    if len(text) > limit:
        what = "message caption" if caption else "message"
        raise ApiError(400, f"Bad Request: {what} is too long")
    return text


def check_reply_markup(markup: Any) -> JSONDict | None:
    """Validate and normalise reply_markup the way the real API would accept it."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        rows = _rows(markup["inline_keyboard"])
        for row in rows:
            for button in row:
                _check_inline_button(button)
        return {**markup, "inline_keyboard": rows}
    if "keyboard" in markup:
        rows = [
            [b if isinstance(b, dict) else {"text": str(b)} for b in row]
            for row in _rows(markup["keyboard"])
        ]
        for row in rows:
            for button in row:
                if not isinstance(button.get("text"), str) or not button["text"]:
                    raise ApiError(400, "Bad Request: keyboard button text must be non-empty")
        return {**markup, "keyboard": rows}
    if markup.get("remove_keyboard") or markup.get("force_reply"):
        return markup
    raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")


def _rows(rows: Any) -> list[list[Any]]:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise ApiError(400, 'Bad Request: field "keyboard" must be an Array of Arrays')
    return rows


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise ApiError(400, "Bad Request: can't parse inline keyboard button: Text is missing")
    if not _INLINE_ACTIONS & button.keys():
        raise ApiError(
            400,
            "Bad Request: can't parse inline keyboard button: "
            "Text buttons are unallowed in the inline keyboard",
        )
    data = button.get("callback_data")
    if data is not None:
        size = len(str(data).encode("utf-8"))
        if not 1 <= size <= MAX_CALLBACK_DATA:
            raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")


def inline_labels(markup: JSONDict | None) -> list[str]:
    if not markup or "inline_keyboard" not in markup:
        return []
    return [str(b.get("text")) for row in markup["inline_keyboard"] for b in row]


def keyboard_buttons(markup: JSONDict | None) -> list[JSONDict]:
    if not markup or "keyboard" not in markup:
        return []
    return [b for row in markup["keyboard"] for b in row]
