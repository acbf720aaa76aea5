## Earning rules (bot/club/earning.py): caps, the referral milestone, the repeat bonus

## History lines
ledger-purchase-capped = Purchase (daily purchase points cap reached)
ledger-referral-capped = Friend invited (monthly invitation points cap reached)
ledger-referral-milestone = Friend's first purchase gift
ledger-referral-milestone-void = Friend's first purchase voided
ledger-repeat-bonus = Repeat purchase gift
ledger-repeat-bonus-void = Repeat purchase gift voided

## Notices
purchase-capped-staff = This member has reached today's cap of { $cap } purchases that earn points; this purchase is recorded but earns none.
earning-purchase-capped = Your purchase was recorded, but you have had { $cap } purchases with points today, so this one earned no points. Your purchases earn points again from tomorrow.
earning-referral-capped = Your friend { $name } was recorded as invited by you, but this month's invitation points reached their cap of { $cap } invitations, so this one earned no points. Invitations earn points again next month.
earning-milestone = Your friend { $name } made their first purchase, and you got a gift of { $points } points!
earning-milestone-reversed = Your friend { $name }'s first purchase was voided, so its gift of { $points } points was taken back.
earning-repeat-bonus = You shopped again within { $days } days, so you got a gift of { $points } points. Thank you for staying with us!
earning-repeat-reversed = The purchase that brought your repeat purchase gift was voided, so its { $points } points were taken back.
