## Points expiry (bot/club/expiry.py): the history line, the warnings, the notice

## History lines
ledger-expiry = Points expired

## Notices
# $date: the last day the points are valid (a Jalali date).
expiry-warning = { $points ->
        [one] One point of your balance is valid until the end of { $date } and expires after that. Until then you can use it for a reward.
       *[other] { $points } points of your balance are valid until the end of { $date } and expire after that. Until then you can use them for a reward.
    }
expiry-done = { $points ->
        [one] One of your points expired: it was earned
       *[other] { $points } of your points expired: they were earned
    } more than { $months ->
        [one] a month
       *[other] { $months } months
    } ago. Your points balance is now { $balance }.
