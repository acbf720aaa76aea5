"""Sample button data of this screen and the action each needs (the authorization matrix test)."""

from bot.club.permissions import Action

BUTTONS: dict[str, Action] = {
    "camp:list": Action.CAMPAIGN,
    # Campaign 1 need not exist: a campaign's buttons ask the role before anything else.
    "camp:show:1": Action.CAMPAIGN,
    "camp:poster:1": Action.CAMPAIGN,
    "camp:arch:1": Action.CAMPAIGN,
    "camp:archy:1": Action.CAMPAIGN,
    "camp:board": Action.CAMPAIGN_ALL,
    # Last: an allowed press starts a conversation (naming the campaign).
    "camp:new": Action.CAMPAIGN,
}
