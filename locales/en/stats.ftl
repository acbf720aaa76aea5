## The club's numbers (bot/handlers/stats.py, bot/render/stats.py, bot/club/weekly_report.py)

button-admin-stats = Statistics
help-cmd-stats =
    /stats: the club's numbers for today, the last 7 or 30 days, with charts, like
    /stats
button-stats-today = Today
button-stats-7d = 7 days
button-stats-30d = 30 days
button-stats-chosen = ✓ { $label }
button-stats-charts = Charts

stats-period-today = today
stats-period-7d = the last 7 days
stats-period-30d = the last 30 days
stats-head =
    { $club } customer club: { $period }
    from { $start } to { $end }
    In brackets: the change against the period of the same length before it.
weekly-report-head =
    { $club } customer club: weekly report
    from { $start } to { $end }
    In brackets: the change against the week before it.

stats-section-members = Members
stats-members = • All members: { $value } { $change }
stats-new-members = • New members: { $value } { $change }
stats-messengers = • Last messenger: { $list }
stats-messenger = { $platform } { $value }
stats-active = • Active in the last 30 days: { $value }
stats-tiers = • Tiers: { $list }
stats-tier = { $tier } { $value }

stats-section-purchases = Purchases
stats-purchases = • Purchases recorded: { $value } { $change }
stats-average = • Average purchase: { $value } { $change }
stats-repeat = • Repeat-purchase rate: { $value } { $change }

stats-section-points = Points
stats-issued = • Points issued: { $value } { $change }
stats-redeemed = • Points redeemed: { $value } { $change }
stats-expired = • Points expired: { $value } { $change }
stats-redemption-rate = • Redemption rate: { $value } { $change }
stats-outstanding = • Points held by members: { $value }, worth { $toman } { $change }

stats-section-growth = New members' sources
stats-referrals = • New members invited by friends: { $value }, who bought: { $bought } ({ $rate }) { $change }
stats-campaigns = • New members from campaigns: { $value }, who bought: { $bought } ({ $rate }) { $change }

stats-section-feedback = Members' views
stats-survey-rate = • Survey response rate: { $value } { $change }
stats-nps = • Net promoter score (NPS): { $value } ({ $answers } answers) { $change }
stats-open-tickets = • Members' open messages: { $value } { $change }
stats-first-response = • Median time to first answer: { $value } { $change }

stats-none = -
stats-separator = {", "}
stats-toman = { $value } toman
stats-percent = { $value }%
stats-minutes = { $value } min
stats-hours = { $hours } h { $minutes } min
stats-percent-points = { $value } percentage points
stats-change-up = (▲ { $value })
stats-change-down = (▼ { $value })
stats-change-same = (no change)

stats-chart-growth = Members over the last 30 days
stats-chart-tiers = Members by tier
stats-chart-points = Points issued and redeemed each week
stats-chart-issued = Issued
stats-chart-redeemed = Redeemed
stats-chart-day = { $month } { $day }
stats-chart-note = { $count } ({ $percent }%)
