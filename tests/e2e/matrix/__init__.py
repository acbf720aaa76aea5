"""Each team screen's sample buttons, one module per screen, each a `BUTTONS` dict of button
data to the action it needs; the authorization matrix test (tests/e2e/test_team.py) presses
them all as every role. A new screen's module is picked up without a list to keep."""

from __future__ import annotations

import importlib
import pkgutil

from bot.club.permissions import Action


def _collect() -> dict[str, Action]:
    buttons: dict[str, Action] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for data, action in module.BUTTONS.items():
            assert data not in buttons, f"button {data} sampled twice"
            buttons[data] = action
    return buttons


SCREEN_BUTTONS = _collect()
