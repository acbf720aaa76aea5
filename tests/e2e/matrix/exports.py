"""Sample button data of the export screen and the action each needs (the authorization
matrix test). An allowed press writes the export and sends its file."""

from bot.club.permissions import Action

BUTTONS: dict[str, Action] = {
    "exp:members": Action.EXPORT,
    "exp:ledger": Action.EXPORT,
    "exp:purchases": Action.EXPORT,
    "exp:surveys": Action.EXPORT,
    # Forged data: refused for whoever may not export, the stale-button hint for the rest.
    "exp:nonsense": Action.EXPORT,
}
