"""Sample button data of the rewards catalog and the action each needs (the matrix test)."""

from bot.club.permissions import Action

BUTTONS: dict[str, Action] = {
    "rwa:list": Action.REWARDS,
    # Reward 1 need not exist: every press asks the role before anything else.
    "rwa:show:1": Action.REWARDS,
    "rwa:edit:1": Action.REWARDS,
    "rwa:pause:1": Action.REWARDS,
    "rwa:resume:1": Action.REWARDS,
    "rwa:arch:1": Action.REWARDS,
    "rwa:archy:1": Action.REWARDS,
    "rwa:up:1": Action.REWARDS,
    "rwa:f:1:stock": Action.REWARDS,
    # The builder's buttons: without a builder in progress they are stale, never a crash.
    "rwa:k:percent": Action.REWARDS,
    "rwa:a:all": Action.REWARDS,
    "rwa:p:1": Action.REWARDS,
    "rwa:save:00000000": Action.REWARDS,
    "rwa:drop:00000000": Action.REWARDS,
    # Last: an allowed press starts a conversation (the new reward's title).
    "rwa:new": Action.REWARDS,
}
