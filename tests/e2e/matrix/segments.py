"""Sample button data of this screen and the action each needs (the authorization matrix test)."""

from bot.club.permissions import Action

# In this order an allowed person opens a builder, uses it, and ends it; `promo:off` is a
# member's button (no role), so it is not here.
BUTTONS: dict[str, Action] = {
    "seg:list": Action.SEGMENTS,
    "seg:new": Action.SEGMENTS,
    "seg:k:tiers": Action.SEGMENTS,
    "seg:t:tiers:gold": Action.SEGMENTS,
    "seg:k:birth_month": Action.SEGMENTS,
    "seg:v:birth_month:7": Action.SEGMENTS,
    "seg:v:referred:1": Action.SEGMENTS,
    "seg:k:campaign_id": Action.SEGMENTS,
    "seg:v:campaign_id:1": Action.SEGMENTS,
    "seg:rm": Action.SEGMENTS,
    "seg:rm:tiers": Action.SEGMENTS,
    "seg:back": Action.SEGMENTS,
    "seg:k:purchase": Action.SEGMENTS,
    "seg:save": Action.SEGMENTS,
    "seg:quit": Action.SEGMENTS,
    "seg:open:1": Action.SEGMENTS,
    "seg:edit:1": Action.SEGMENTS,
    "seg:del:1": Action.SEGMENTS,
    "seg:delyes:1": Action.SEGMENTS,
}
