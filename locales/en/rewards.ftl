## Members spend points: rewards, my codes, giving a code back (bot/handlers/rewards.py)

button-rewards = Rewards
button-my-codes = My codes
ledger-redeem = Reward taken
ledger-redeem-refund = Reward code given back

## The catalog
rewards-balance = Your balance: { $balance } points
rewards-title = Rewards you can take:
rewards-empty = There is no reward for you right now. Collect points with your next purchases and come back.
rewards-page = Page { $page } of { $pages }
rewards-line = { $title } · { $cost } points · { $standing }
rewards-line-left = { $line } · { $left } left
rewards-covered = your balance covers it
rewards-missing = { $missing } points short
button-reward-item = { $title } · { $cost } points
button-rewards-next = Next
button-rewards-prev = Previous

## One reward
reward-detail-title = 🎁 “{ $title }”
reward-gives-percent = { $value }% off
reward-gives-amount = { $value } toman off
reward-gives-item = a free item
reward-gives-min = { $gives }, on a purchase of at least { $amount } toman
reward-detail-cost = Cost: { $cost } points
reward-detail-after = Your balance after taking it: { $balance } points
reward-detail-missing = You need { $missing } more points for this reward.
reward-detail-validity = The discount code is valid for { $days } days after you take it.
reward-detail-left = { $left } left.
reward-detail-confirm = Take it?
button-reward-take = Take it

## Taken
reward-taken =
    Your discount code for “{ $title }”:
    { $code }
    { $gives }
    Valid until { $expires }.
    Your balance: { $balance } points
    Show this code to the cashier when you buy.
reward-taken-partner = Partner shop's code: { $code }
reward-qr-caption = Code { $code } · valid until { $expires }
reward-not-taken = The reward was not taken; your points are untouched.
reward-already-taken = This reward was taken once. Your code: { $code }
reward-pool-empty-team = The partner codes of the reward “{ $title }” ran out and the reward paused itself. Upload new codes to resume it.

## Refusals
reward-refused-points = Your points do not cover this reward; you need { $missing } more.
reward-refused-stock = Sorry, this reward is gone. See the other rewards under “Rewards”.
reward-refused-limit = You have taken your share of this reward ({ $limit } per member).
reward-refused-gone = This reward is no longer available to you.

## My codes
codes-empty = You have no codes yet. Pick one under “Rewards”.
codes-title-active = Codes you can use:
codes-title-closed = Earlier codes:
codes-line-active = { $code } · “{ $title }” · { $gives } · until { $expires }
codes-line-partner = Partner shop's code: { $code }
codes-line-closed = { $code } · “{ $title }” · { $status }
code-status-used = used
code-status-expired = expired
code-status-returned = given back
code-status-cancelled = cancelled
code-not-usable = This code can no longer be used ({ $status }).
button-code-qr = QR { $code }
button-code-giveback = Give back { $code }

## Giving a code back
giveback-confirm = Give back the code { $code } (“{ $title }”)? { $cost } points come back to your balance and the code stops working.
button-giveback-yes = Yes, give it back
button-giveback-no = No, keep it
giveback-done = The code { $code } was given back and { $cost } points returned to your balance. Your balance: { $balance } points
giveback-kept = Your code stays and is still valid.
reward-giveback-used = This code was used and cannot be given back.
reward-giveback-expired = This code has expired and cannot be given back.
reward-giveback-returned = This code was already given back and its points returned.
reward-giveback-cancelled = The shop cancelled this code and its points were returned.
reward-giveback-pooled = A partner shop's code cannot be given back: it was already shown to you.
