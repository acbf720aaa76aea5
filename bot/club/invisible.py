"""Invisible formatting marks that pasted or RTL-typed text carries.

Persian keyboards and chat apps insert direction marks (LRM, RLM, ALM, isolates) and zero-width
characters around numbers; they are never part of a phone, a code or a receipt id, and two ids
that differ only by them must compare equal.
"""

import re

# U+200B-U+200F zero-width space, non-joiner, joiner, LRM, RLM; U+202A-U+202E embeddings and
# overrides; U+2060 word joiner; U+2066-U+2069 isolates; U+061C Arabic letter mark; U+FEFF BOM.
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\u061c\ufeff]")


def strip_invisible(text: str) -> str:
    return INVISIBLE.sub("", text)
