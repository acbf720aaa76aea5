"""Sample button data of the till's code and points buttons and the action each needs (the
authorization matrix test). Redemption 1 and the quote token need not exist: each button asks
the role before anything else."""

from bot.club.permissions import Action

BUTTONS: dict[str, Action] = {
    "tcode:use:1": Action.CODE_CHECK,
    "tcode:cancel:1": Action.REWARDS,
    "tcode:cancely:1": Action.REWARDS,
    "tcode:apply:no-such-quote": Action.PURCHASE,
    "ppay:ask:no-such-quote": Action.PURCHASE,
}
