## The cashier's codes: /code, apply a code, pay with points (bot/handlers/code_check.py, points_pay.py)

button-admin-code = Check a discount code
help-cmd-code =
    /code: check a customer's discount code and mark it used, e.g.
    /code ABCDE-FGHJK
code-usage = Usage: /code discount-code, e.g. /code ABCDE-FGHJK
code-wait = Too many wrong codes in a row. Please try again in { $minutes } minutes.
code-mistyped = One character of this code is wrong. Please read the code again carefully and retype it.
code-unknown = No such code was found. Please ask the customer for the code again.
code-discount-percent = { $value } percent off
code-discount-amount = { $value } toman off
code-discount-item = { $reward } free
code-someone = a colleague
code-screen =
    Discount code { $code }
    Member: { $owner }
    Reward: { $reward }
    Discount: { $discount }
    Valid until: { $expiry }
code-min-purchase = Minimum purchase: { $amount } toman
code-active = Status: active, not used yet.
code-used = This code was used on { $at } by { $who }.
code-expired = This code expired on { $expiry } and can no longer be used.
code-returned = The member gave this code back for their points; it can no longer be used.
code-cancelled = The shop cancelled this code; it can no longer be used.
button-code-use = Used
button-code-cancel = Cancel code
button-code-cancel-yes = Yes, cancel the code
code-consumed = Code { $code } of { $owner } is marked used.
code-used-notice = Your discount code "{ $reward }" was used at the shop. Thank you for shopping at { $club }!
code-cancel-confirm =
    Cancel code { $code } of { $owner }?
    Its points go back to the member.
code-cancel-done = Code { $code } was cancelled and { $points } points went back to the member.
code-cancelled-notice = The shop cancelled your discount code "{ $reward }" and its { $points } points are back in your balance.
code-promo-screen =
    Campaign code { $code }
    Discount: { $discount }
code-promo-until = Valid until: { $date }
code-promo-left = Uses left: { $left }
code-promo-how = This code is applied with a purchase: press "Apply code" on the purchase quote.

## A code applied to a purchase quote
button-till-apply-code = Apply code
till-code-ask = Type the customer's discount code (or /cancel to record the purchase without one).
till-code-again = Type another code, or /cancel to record the purchase without one.
till-code-cancelled = No code applied. You can confirm the quote above without a code.
till-code-quote-gone = This quote is no longer valid. Please enter the purchase again with /purchase.
till-code-applied = Code applied.
till-code-not-theirs = This code belongs to another member; only its owner may use it.
till-code-below-minimum = This code needs a purchase of at least { $amount } toman.
till-code-gone = The discount code was used or voided meanwhile, and the purchase was not recorded. You can confirm the first quote without the code.
till-code-too-much = The discount and points exceed the bill. Please check the amount.
till-code-used-notice = Your discount code was used with this purchase.
purchase-confirm-code =
    Purchase for { $name } (code { $code })
    Amount: { $amount } toman
    Discount code { $discount_code }: { $discount } toman off
    Amount after discount: { $net } toman
    Points: { $points } ({ $tier } tier)
    Correct?
till-recorded-discount = Code discount: { $discount } toman
till-recorded-points = Paid with points: { $points } points ({ $toman } toman)

## Paying with points
button-till-pay-points = Pay with points
points-pay-none = This member does not have enough points to pay part of this purchase.
points-pay-ask =
    { $club } would like to take { $points } of your points, worth { $toman } toman, off your { $amount } toman purchase.
    To pay: { $net } toman
    Do you agree?
button-points-pay-yes = Confirm
button-points-pay-no = No
points-pay-waiting = A request to pay { $points } points ({ $toman } toman) was sent to { $name }. Waiting for the member to confirm in their own chat.
points-pay-not-yours = This request is not for you.
points-pay-answered = This request was already answered.
points-pay-declined-member = All right, no points were taken.
points-pay-declined = The member declined paying with points. You can confirm the quote without points.
points-pay-refused-member = This payment did not go through, and no points were taken.
points-pay-short = The member's balance dropped meanwhile and the purchase was not recorded. You can confirm the quote without points.
points-pay-done = { $points } points were taken and the { $amount } toman purchase is recorded (purchase number { $number }).
ledger-points-pay = Paid with points
ledger-points-pay-void = Points back from a voided purchase

## Void of a purchase with a code or points
void-points-refunded = The { $points } points the member paid with went back to them.
void-points-refunded-notice = The { $points } points you paid with are back in your balance.
void-code-kept = The discount code used with this purchase stays used.
