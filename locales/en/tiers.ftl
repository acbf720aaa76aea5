# Tiers: the nightly review's notices (bot/club/tier_review.py) and the points screen during a
# grace (bot/handlers/menu.py). Tier names are tier-<key> in main.ftl.
tier-warning =
    A reminder from the customer club of { $club }: your tier counts the purchase points of the last { $window } days.
    To stay { $tier }, you need { $points } more purchase points by the end of { $date }.
tier-grace =
    Your purchase points over the last { $window } days are below the { $tier } tier, but you keep { $tier } until the end of { $date }.
    Earn { $points } more purchase points by then to keep it.
tier-down =
    Your tier in the customer club of { $club } is now { $tier }.
    { $points } more purchase points bring you back to { $previous }. We look forward to seeing you.
tier-grace-status = You keep { $tier } until the end of { $date }; { $points } more purchase points keep it.
