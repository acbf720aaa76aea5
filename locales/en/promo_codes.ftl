## Multi-use campaign codes (bot/handlers/promo_codes.py, bot/club/promo_codes.py)

button-admin-codes = Campaign codes
help-cmd-codes =
    /codes: campaign discount codes many members may use (like NOWRUZ1405): make, pause, archive, like
    /codes
button-enter-code = Enter a code

# Why a campaign code does not apply (the cashier's till shows these too).
promo-refused-paused = This code is paused for now.
promo-refused-archived = This code is no longer valid.
promo-refused-not-started = This code is not valid yet.
promo-refused-ended = This code has expired.
promo-refused-used-up = This code's uses have run out.
promo-refused-member-limit = This member has already used this code as many times as it allows.
promo-refused-minimum = The purchase is below this code's minimum purchase.
promo-refused-audience = This code is not for this member's level or group.

# The admin's list and a code's screen
promo-list-title = Campaign codes (uses / total):
promo-list-empty = No campaign code yet. Make the first one with the button below.
button-promo-line = { $code } · { $uses }/{ $total } · { $status }
promo-unlimited = unlimited
promo-status-active = active
promo-status-paused = paused
promo-status-archived = archived
button-promo-new = New code
button-promo-pause = Pause
button-promo-resume = Resume
button-promo-archive = Archive
button-promo-archive-yes = Yes, archive it
button-promo-back = Back
promo-screen =
    Code { $code } ({ $status })
    { $terms }
    Used: { $uses } times by { $members } members
promo-unknown = This code is not in the list.
promo-archive-confirm = Archive code { $code }? It can no longer be used, and this cannot be undone.
promo-paused = The code was paused; members cannot use it until it is resumed.
promo-resumed = The code can be used again.
promo-archived = The code was archived.
promo-status-unchanged = Nothing changed: the code already was so.

# Terms, one per line (the preview, the code's screen, the member's answer)
promo-term-percent = Discount: { $value } percent of the bill
promo-term-amount = Discount: { $value } toman off the bill
promo-term-item = A free item
promo-term-total = Total uses: { $total }
promo-term-total-unlimited = Total uses: unlimited
promo-term-per-member = Uses per member: { $count }
promo-term-from = From { $date }
promo-term-until = Until { $date }
promo-term-no-window = Valid with no date limit
promo-term-minimum = Minimum purchase: { $amount } toman
promo-term-no-minimum = No minimum purchase
promo-term-all = For all members
promo-term-tier = For members of level { $tier } or higher
promo-term-segment = For the group "{ $name }"
promo-term-segment-gone = For a group that was deleted (nobody)

# The builder
promo-ask-code = Type the code members will tell the cashier: 3 to 32 Latin letters and digits, e.g. NOWRUZ1405.
promo-error-code-length = A code has 3 to 32 letters and digits. Please type another.
promo-error-code-chars = A code has only Latin letters (A to Z) and digits. Please type another.
promo-error-code-single-use = This text looks like a reward's single-use code, so the cashier could not tell them apart. Please choose another, e.g. with a year in it.
promo-error-code-taken = Code { $code } already exists. Please choose another.
promo-ask-kind = What does code { $code } give?
button-promo-kind-percent = Percent off
button-promo-kind-amount = Toman off
button-promo-kind-item = A free item
promo-ask-percent = How many percent off? Type a number from 1 to 100.
promo-ask-amount = How many toman off? Type the amount, e.g. 50000.
promo-error-percent = Please type a whole number from 1 to 100.
promo-error-amount = Please type an amount in toman greater than zero, e.g. 50000.
promo-ask-total = How many times may the code be used in total? Type a number, or press "Unlimited".
button-promo-unlimited = Unlimited
promo-ask-per-member = How many times may one member use it? Type a number, or press "Once".
button-promo-once = Once
promo-error-count = Please type a whole number from 1 to { $max }.
promo-ask-from = From which day is the code valid? Type a Jalali date like 1405/01/01, or press "No date limit".
button-promo-no-window = No date limit
promo-ask-until = Until which day (inclusive)? Type a Jalali date like 1405/01/13, or press "No end date".
button-promo-no-end = No end date
promo-error-date = This date does not read. Please type a Jalali date like 1405/01/13.
promo-error-date-order = The last day cannot be before the first day ({ $date }). Please type another date.
promo-ask-minimum = Minimum purchase for the code, in toman? Type the amount, or press "No minimum".
button-promo-no-minimum = No minimum
promo-error-minimum = Please type an amount in toman (0 or more), e.g. 200000.
promo-ask-audience = Who may use the code? Choose all members, a minimum level, or a saved group.
button-promo-aud-all = All members
button-promo-aud-tier = Level { $tier } and higher
button-promo-aud-segment = Group: { $name }
promo-preview =
    Code { $code }
    { $terms }

    Save it? Members can use it at once.
button-promo-save = Save
promo-use-buttons = Please choose with the buttons above, or /cancel.
promo-saved = Code { $code } was saved and can be used now.
promo-nothing-to-save = This code was already saved, or making it was cancelled.
promo-cancelled = Making the campaign code was cancelled; nothing was saved.

# The member's "Enter a code"
promo-member-ask = Type the code you have (e.g. NOWRUZ1405); I will tell you whether it applies to you. To leave, press a menu button or /cancel.
promo-member-applies =
    Code { $code } applies to you:
    { $terms }
    { $mine }
    At the till, tell the cashier this code before paying.
promo-member-left = You may use it { $count } more times.
promo-member-not-for-you =
    Code { $code } cannot be used by you now.
    { $reason }
promo-member-unknown = There is no campaign code { $code }. Please check it and type it again.
promo-member-single-use = This is a reward's single-use code, not a campaign code. Show it to the cashier at the till; your own codes are in "My codes".
promo-member-too-many = That was several wrong codes in a row. Please try again in { $minutes } minutes.
promo-member-cancelled = Checking a code was cancelled.
promo-members-only = Checking a code is for club members.

# Member-facing reasons (the code's own reasons above are said to the cashier)
promo-you-paused = This code is paused for now; please try again later.
promo-you-archived = This code is no longer valid.
promo-you-not-started = This code is valid from { $date }.
promo-you-ended = This code expired on { $date }.
promo-you-used-up = This code's uses have run out.
promo-you-member-limit = You have already used this code as many times as it allows.
promo-you-audience = This code is for other members' levels or groups.

audit-action-promo_code_created = Campaign code created
audit-action-promo_code_paused = Campaign code paused
audit-action-promo_code_resumed = Campaign code resumed
audit-action-promo_code_archived = Campaign code archived
