"""Counts that Fluent selectors can choose on, shown the way Texts shows numbers.

Texts renders numbers itself (Persian digits and separators), so Fluent receives strings and
a selector such as `{ $friends -> [one] ... *[other] ... }` could never match. A `Count` is
what Texts hands Fluent instead: it prints as the rendered text, and it equals the selector
keys `zero` (exactly 0), `one` (exactly 1) and `other`. Exact values, not CLDR categories:
Persian CLDR puts 0 under "one", and "0 friends joined" wants its own wording anyway.
"""

from __future__ import annotations

from typing import Any

from fluent.runtime.types import FluentType


class Count(FluentType):
    def __init__(self, value: int, shown: str) -> None:
        self.value, self.shown = value, shown

    @property
    def category(self) -> str:
        return {0: "zero", 1: "one"}.get(self.value, "other")

    def format(self, locale: Any) -> str:
        return self.shown

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str):
            return other == self.category
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.value)
