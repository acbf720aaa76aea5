"""Sample button data of the feedback threads' team screens and the action each needs (the
authorization matrix test). Member buttons (`tkm:`, `notmine:`) belong to no action: they
ask that the presser is the ticket's or purchase's own member (tests/e2e/test_tickets.py)."""

from bot.club.permissions import Action

BUTTONS: dict[str, Action] = {
    "tk:list": Action.TICKETS,
    # Ticket 1 need not exist: a ticket's buttons ask the role before anything else.
    "tk:show:1": Action.TICKETS,
    "tk:close:1": Action.TICKETS,
    # The void buttons ask Action.VOID too, whose roles include every TICKETS role.
    "tk:void:1": Action.TICKETS,
    "tk:voidy:1": Action.TICKETS,
    # Last: an allowed press on a live ticket starts a conversation (the answer).
    "tk:ans:1": Action.TICKETS,
}
