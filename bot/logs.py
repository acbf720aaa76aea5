"""Logging set-up: one format, quiet HTTP clients, no personal data from database errors.

Invariant: every record that reaches the handler installed here has passed `Scrub`, so the
values PostgreSQL quotes in its DETAIL lines (`Key (phone)=(+98...) already exists.`), which
SQLAlchemy's hide_parameters does not cover, phone-like digit runs and bot tokens never reach
the output, whether they sit in the message, its arguments or the traceback.
"""

from __future__ import annotations

import logging
import re
import sys
from typing import TextIO

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# httpx and httpcore log every request URL, and Bot API URLs carry the token.
# matplotlib says at INFO that it built its font cache (the first chart on a new machine).
QUIET = (
    "httpx",
    "httpcore",
    "apscheduler",
    "aiohttp.access",
    "alembic.runtime.plugins",
    "matplotlib",
)

# Latin, Persian and Arabic-Indic digits (phones may be typed in any of them).
_D = "[0-9\u06f0-\u06f9\u0660-\u0669]"
_ZERO, _EIGHT, _NINE = "[0\u06f0\u0660]", "[8\u06f8\u0668]", "[9\u06f9\u0669]"
_SCRUBS = (
    # PostgreSQL's detail line quotes the row that clashed; nothing in it is safe to keep.
    (re.compile(r"DETAIL:[^\n]*"), "DETAIL: <hidden>"),
    (re.compile(r"Key \(([^)]*)\)=\([^\n]*?\)"), r"Key (\1)=(<hidden>)"),
    # A bot token: the bot id, a colon and the secret.
    (re.compile(r"\b\d{5,}:[A-Za-z0-9_-]{20,}"), "<token>"),
    # E.164 (+98...) or 0098..., then Iranian mobiles: 09xxxxxxxxx, 989xxxxxxxxx, 9xxxxxxxxx.
    (re.compile(rf"(?:\+|(?<!{_D})00){_D}{{8,15}}(?!{_D})"), "<phone>"),
    (re.compile(rf"(?<!{_D})(?:{_NINE}{_EIGHT}|{_ZERO})?{_NINE}{_D}{{9}}(?!{_D})"), "<phone>"),
)


def scrub(text: str) -> str:
    for pattern, replacement in _SCRUBS:
        text = pattern.sub(replacement, text)
    return text


class Scrub(logging.Filter):
    """Renders a record's message and traceback once, scrubbed, so no handler or formatter
    after it can bring the raw text back."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = scrub(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True


class _Handler(logging.StreamHandler):
    """Vafa's own handler, so configuring twice replaces it instead of doubling lines."""


def configure_logging(level: str = "INFO", stream: TextIO | None = None) -> logging.Handler:
    """Logs at `level` to stderr (or `stream`), scrubbed; the handler, for tests."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _Handler)]:
        root.removeHandler(old)
    handler = _Handler(stream if stream is not None else sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(Scrub())
    root.addHandler(handler)
    root.setLevel(level.upper())
    for noisy in QUIET:
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return handler
