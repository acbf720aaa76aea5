"""Sample button data of the /stats screen and the action each needs (the authorization
matrix test)."""

from bot.club.permissions import Action

BUTTONS: dict[str, Action] = {
    "st:p:today": Action.STATS,
    "st:p:30d": Action.STATS,
    "st:charts": Action.STATS,
}
