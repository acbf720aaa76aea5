"""Conversations of the team's own screens (a broadcast being composed, a segment being built,
a campaign being named), registered by their modules so the text dispatcher needs no list.

A team flow comes before the member's menu: the person may be a member too, and a menu
button they press ends the flow instead of becoming its answer (bot/handlers/common.py).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from telegram import Update

from bot.context import ClubContext
from bot.storage.conversations import Conversation

Step = Callable[[Update, ClubContext, Conversation], Awaitable[None]]


@dataclass(frozen=True)
class TeamFlow:
    on_text: Step
    # Shows the current step again (after a sticker or anything the step cannot take).
    prompt: Step
    # The text key said when the flow is cancelled.
    cancelled: str
    # A photo sent during the flow (a broadcast's picture); None: the step is prompted again.
    on_photo: Step | None = None
    # A file sent during the flow (a partner's codes as CSV); None: the step is prompted again.
    on_document: Step | None = None


FLOWS: dict[str, TeamFlow] = {}


def register_flow(name: str, flow: TeamFlow) -> None:
    assert name not in FLOWS, f"two team flows named {name}"
    FLOWS[name] = flow


def team_flow(state: Conversation | None) -> TeamFlow | None:
    return FLOWS.get(state.flow) if state is not None else None
