"""Sample button data of this screen and the action each needs (the authorization matrix test)."""

from bot.club.permissions import Action

# Code 1 need not exist: every press asks the role before anything else. In this order an
# allowed person opens the builder, presses its buttons (stale at its first step) and ends it;
# `pcode:enter` is a member's button (no role), so it is not here.
BUTTONS: dict[str, Action] = {
    "codes:list": Action.PROMO_CODES,
    "codes:show:1": Action.PROMO_CODES,
    "codes:pause:1": Action.PROMO_CODES,
    "codes:resume:1": Action.PROMO_CODES,
    "codes:arch:1": Action.PROMO_CODES,
    "codes:archy:1": Action.PROMO_CODES,
    "codes:new": Action.PROMO_CODES,
    "codes:k:percent": Action.PROMO_CODES,
    "codes:skip:total": Action.PROMO_CODES,
    "codes:aud:all": Action.PROMO_CODES,
    "codes:aud:t:gold": Action.PROMO_CODES,
    "codes:save": Action.PROMO_CODES,
    "codes:quit": Action.PROMO_CODES,
}
