"""Sample button data of the lotteries' admin screens and the action each needs (the
authorization matrix test)."""

from bot.club.permissions import Action

BUTTONS: dict[str, Action] = {
    "lta:list": Action.LOTTERIES,
    # Lottery 1 need not exist: every `lta:` press asks the role before anything else.
    "lta:show:1": Action.LOTTERIES,
    "lta:draw:1": Action.LOTTERIES,
    "lta:drawy:1": Action.LOTTERIES,
    "lta:cancel:1": Action.LOTTERIES,
    "lta:cancely:1": Action.LOTTERIES,
    "lta:a:all": Action.LOTTERIES,
    "lta:save:00000000": Action.LOTTERIES,
    "lta:drop:00000000": Action.LOTTERIES,
    # Last: an allowed press starts a conversation (the builder).
    "lta:new": Action.LOTTERIES,
}
