## Lotteries (bot/handlers/lotteries.py, bot/club/lotteries.py)

button-admin-lotteries = Lotteries
help-cmd-lotteries =
    /lotteries: create a lottery, see tickets sold, draw or cancel it, e.g.
    /lotteries

## Members
button-lotteries = Lotteries
button-lottery-item = 🎟 { $title }
button-lottery-mine = My tickets
button-lottery-back = Back
button-lottery-buy = Buy { $count } ticket(s)
button-lottery-yes = Yes, buy
button-lottery-open = See the lottery and buy tickets
lottery-list-title = Lotteries you can take part in:
lottery-list-empty = There is no open lottery for you right now.
lottery-card =
    🎟 Lottery "{ $title }"
    Prizes:
    { $prizes }
    { $price }
    Tickets on sale until: { $deadline }
lottery-prize-line = { $prize }. { $text }
lottery-prize-points = { $prize }. { $text } (and { $points } points)
lottery-price = Price of a ticket: { $price } points
lottery-free = Taking part is free (one ticket per member).
lottery-cap = At most { $cap } tickets per member.
lottery-commitment = The draw's commitment (SHA-256): { $commitment }
lottery-yours = Your tickets: { $tickets }
lottery-balance = Your balance: { $balance } points
lottery-confirm =
    Buy { $count } ticket(s) for "{ $title }"
    Cost: { $cost } points
    Your balance now: { $balance } points
    Buy?
lottery-too-few-points = This purchase needs { $cost } points and your balance is { $balance } points. Collect points with your next purchases and come back.
lottery-too-few-points-short = Your balance does not cover this purchase.
lottery-bought = Your ticket is in. Good luck!
lottery-already-bought = This purchase was already made; no points were taken again.
lottery-cap-reached = You have reached this lottery's ticket limit.
lottery-closed = Ticket sales for this lottery have ended.
lottery-unknown = This lottery was not found or is not for you.
lottery-not-for-you = This lottery is for another group of members.
lottery-mine-title = Your tickets:
lottery-mine-empty = You have not taken part in a lottery yet.
lottery-mine-line = "{ $title }": { $tickets } ticket(s), { $state }
lottery-mine-won = you won "{ $prize }" 🎉
lottery-mine-drawn = drawn
lottery-status-open = open
lottery-status-drawing = drawing
lottery-status-drawn = drawn
lottery-status-cancelled = cancelled

## Notices the club sends by itself
lottery-you-won = 🎉 Congratulations! You won "{ $prize }" in the lottery "{ $title }".
lottery-result =
    The lottery "{ $title }" was drawn.
    Winners:
    { $winners }
    The secret seed: { $seed }
    The commitment published at the start: { $commitment }
    Anyone can recompute the result with it (python -m bot verify-draw { $lottery }).
lottery-result-line = { $prize }. { $text }: { $name }
lottery-result-nobody = Nobody had bought a ticket.
lottery-winner-anonymous = a member
lottery-cancelled-refund = The lottery "{ $title }" was cancelled and the { $points } points you paid for tickets are back in your balance.
lottery-cancelled-free = The lottery "{ $title }" was cancelled.
ledger-lottery = Lottery tickets
ledger-lottery-refund = Lottery tickets refunded
ledger-lottery-prize = Lottery prize

## Admins
button-lta-item = { $title } · { $status }
button-lta-new = New lottery
button-lta-draw = Draw now
button-lta-cancel = Cancel the lottery
button-lta-draw-yes = Yes, draw
button-lta-cancel-yes = Yes, cancel
button-lta-save = Save and announce
button-lta-drop = Discard
lta-list-title = Lotteries:
lta-list-empty = No lottery yet. Create the first one with the button below.
lta-status = Status: { $status }
lta-audience = Audience: { $audience }
lta-audience-all = All members
lta-sold = { $tickets } tickets sold to { $people } members
lta-winner-line = Winner of prize { $prize } ("{ $text }"): { $name }
lta-seed =
    Secret seed (revealed): { $seed }
    Check: python -m bot verify-draw { $lottery }
lta-draw-confirm = Draw "{ $title }" now? No ticket can be bought after that.
lta-cancel-confirm = Cancel "{ $title }"? Every ticket's points go back to its buyer.
lta-drawn = The lottery was drawn.
lta-cancelled = The lottery was cancelled and the tickets refunded.
lta-not-open = This lottery is no longer open; nothing was done.
lta-ask-title = Write the lottery's name (up to 64 characters).
lta-ask-prizes =
    Write the prizes, one a line (at most { $most }, in order: the first prize first).
    If a prize also gives points, write them after a +, like:
    Wireless headphones
    Gift points + 500
lta-ask-price = How many points does a ticket cost? Write 0 for free entry (one ticket per member).
lta-ask-per-member = At most how many tickets may a member buy?
lta-ask-audience = Who is this lottery for?
lta-ask-deadline = Write when ticket sales end and the draw happens, in the Jalali calendar, like 1405/09/10 18:30
lta-error-title = The name must be 1 to { $most } characters. Please write it again.
lta-error-prizes = Those prizes were not understood. One prize a line, up to { $length } characters, at most { $most } prizes; points only as a number after +.
lta-error-price = Write the price as a number, like 50 (or 0 for free).
lta-error-per-member = Write the number of tickets as a number from 1 to { $most }.
lta-error-deadline = That date and time were not understood. Please write it like 1405/09/10 18:30
lta-error-deadline-past = That time has passed (it is { $now } now). Please write a time in the future.
lta-error-deadline-far = That is more than a year ahead. Please write a time within the next year.
lta-use-buttons = Please press one of the buttons.
lta-preview-intro = This is how members see the lottery. Saving announces it to the audience:
lta-preview-gone = This preview is no longer valid.
lta-segment-gone = That audience segment no longer exists. Please choose another.
lta-dropped = The lottery was discarded.
lta-saved = The lottery "{ $title }" was created and is being announced to its audience.
lta-flow-cancelled = Creating the lottery was cancelled.
