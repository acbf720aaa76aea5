"""Sample button data of the survey screens and the action each needs (the authorization
matrix test). Members' `sv:` buttons need no team role and are not listed."""

from bot.club.permissions import Action

BUTTONS: dict[str, Action] = {
    "sva:list": Action.SURVEYS,
    # Survey 1 need not exist: the buttons ask the role before anything else.
    "sva:show:1": Action.SURVEYS,
    "sva:chart:1": Action.SURVEYS,
    "sva:csv:1": Action.SURVEYS,
    "sva:close:1": Action.SURVEYS,
    "sva:closey:1": Action.SURVEYS,
    "svb:inert": Action.SURVEYS,
    "svb:req:1": Action.SURVEYS,
    # Last: an allowed press starts a conversation (the builder).
    "svb:new": Action.SURVEYS,
}
