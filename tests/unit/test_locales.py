"""Every text the code uses exists in every locale, with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fluent.syntax import ast, parse
from fluent.syntax.visitor import Visitor

from bot.club.earning import KINDS as EARNING_KINDS
from bot.club.permissions import COMMANDS, Role
from bot.club.rules import DEFAULT_TIERS
from bot.handlers.team import ADMIN_ITEMS
from bot.i18n import LOCALES
from bot.platforms import Platform

ROOT = Path(__file__).resolve().parents[2]
# A key passed to texts(...), or an error key carried by a domain exception.
TEXTS_CALL = re.compile(r"""texts\(\s*["']([a-z][a-z0-9-]+)["']""")
ERROR_KEY = re.compile(r"""["']((?:[a-z]+-)?error-[a-z0-9-]+)["']""")
LEDGER_KINDS = (
    "signup",
    "profile",
    "referral",
    "purchase",
    "reversal",
    "referral-void",
    *EARNING_KINDS,
    # Spending points, and what members take part in.
    "redeem",
    "redeem-refund",
    "points-pay",
    "points-pay-void",
    "survey",
    "quiz",
    "lottery",
    "lottery-refund",
    "lottery-prize",
    "birthday",
    # Taken by the clock.
    "expiry",
)


class _Variables(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.names.add(node.id.name)


def placeholders(locale: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in sorted((LOCALES / locale).glob("*.ftl")):
        resource = parse(path.read_text(encoding="utf-8"))
        junk = [entry for entry in resource.body if isinstance(entry, ast.Junk)]
        assert not junk, f"{path}: unparsable entries {[j.content[:40] for j in junk]}"
        for entry in resource.body:
            if isinstance(entry, ast.Message):
                collector = _Variables()
                collector.visit(entry)
                names = collector.names
                assert entry.id.name not in found, f"{locale}: duplicate key {entry.id.name}"
                found[entry.id.name] = names
    return found


FA = placeholders("fa")


def keys_used_in_code() -> set[str]:
    used: set[str] = set()
    for path in [*ROOT.joinpath("bot").rglob("*.py"), *ROOT.joinpath("scheduler").rglob("*.py")]:
        if "emulator" in path.parts or "migrations" in path.parts:
            continue
        source = path.read_text(encoding="utf-8")
        used |= set(TEXTS_CALL.findall(source)) | set(ERROR_KEY.findall(source))
    used |= {f"tier-{t.key}" for t in DEFAULT_TIERS}
    used |= {f"ledger-{kind}" for kind in LEDGER_KINDS}
    used |= {f"platform-{p.value}" for p in Platform}
    used |= {f"command-{name}" for name in ("start", "help", "cancel")}
    used |= {f"month-{n}" for n in range(1, 13)}
    used |= {f"role-{role.value}" for role in Role}
    used |= {f"help-cmd-{command}" for command in COMMANDS}
    used |= {f"button-admin-{item}" for item in ADMIN_ITEMS}
    return used


@pytest.mark.parametrize("locale", ["fa", "en"])
def test_every_key_the_code_uses_exists_in_the_locale(locale: str) -> None:
    missing = sorted(keys_used_in_code() - set(placeholders(locale)))
    assert not missing, f"{locale} lacks {missing}"


def test_english_has_the_same_keys_and_placeholders_as_persian() -> None:
    assert placeholders("en") == FA


def test_persian_texts_use_persian_punctuation_and_no_latin_digits() -> None:
    text = (LOCALES / "fa" / "main.ftl").read_text(encoding="utf-8")
    values = [line for line in text.splitlines() if not line.startswith("#")]
    body = "\n".join(line.split("=", 1)[-1] for line in values)
    assert not re.search(r"[0-9]", re.sub(r"\{[^}]*\}|/[a-z_]+", "", body))
    assert "?" not in body and "؟" in body
