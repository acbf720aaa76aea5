"""Sample button data of this screen and the action each needs (the authorization matrix test)."""

from bot.club.permissions import Action

BUTTONS: dict[str, Action] = {
    data: Action.BROADCAST
    for data in (
        "bc:new",
        "bc:btn:none",
        "bc:aud:all",
        "bc:when:now",
        "bc:send:0a1b2c3d",
        "bc:drop:0a1b2c3d",
        "bc:open:1",
        "bc:pause:1",
        "bc:resume:1",
        "bc:cancel:1",
    )
}
