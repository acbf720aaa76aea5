## Vafa — English texts (mirror of locales/fa; same keys and placeholders)

## Formats
date-format = { $day } { $month } { $year }
datetime-format = { $date }, { $time }
month-1 = Farvardin
month-2 = Ordibehesht
month-3 = Khordad
month-4 = Tir
month-5 = Mordad
month-6 = Shahrivar
month-7 = Mehr
month-8 = Aban
month-9 = Azar
month-10 = Dey
month-11 = Bahman
month-12 = Esfand
platform-telegram = Telegram
platform-bale = Bale
tier-bronze = Bronze
tier-silver = Silver
tier-gold = Gold
tier-diamond = Diamond

## Commands menu
command-start = Start and main menu
command-help = Help
command-cancel = Cancel the current step

## Buttons
button-points = My points
button-history = History
button-card = Member card
button-invite = Invite friends
button-profile = Profile
button-help = Help
button-privacy = Privacy
button-cancel = Cancel
button-skip = Skip
button-confirm = Confirm
button-consent-yes = I agree
button-consent-no = I don't agree
button-share-phone = Share my phone number
button-history-more = Earlier entries
button-edit-name = Edit name
button-edit-birthdate = Edit birth date
button-export = Get my data
button-delete = Delete account
button-delete-yes = Yes, delete it
button-delete-no = No, keep it
button-link-yes = Yes, it's me
button-link-no = No, it's not me

## Signup
signup-welcome =
    Hello! Welcome to the customer club of { $club }.
    Every purchase earns points, and points turn into rewards and discount codes.
signup-consent =
    To join, we keep your name, phone number and (if you wish) your birth date to record your points. We share them with no one, and you can get or delete them any time.
    Do you agree to the privacy terms?
signup-declined = That's fine. Nothing about you was stored. Send /start whenever you like.
signup-ask-name = Please write your name.
signup-ask-phone = Please send your phone number with the «Share my phone number» button.
signup-ask-birthdate =
    Write your birth date like 1370/05/12 to get a birthday gift.
    If you'd rather not, press «Skip».
signup-cancelled = Signup cancelled. Send /start whenever you like.
signup-done = Dear { $name }, you are now a member. Your member code: { $code }
signup-points-welcome = Welcome gift: { $points } points
signup-points-profile = Profile gift: { $points } points
signup-points-referral = Invitation gift: { $points } points
signup-balance = Your points balance: { $balance }

## Cross-messenger link
link-waiting = This number is already a club member. To keep the account safe, we asked the account holder to confirm. Once confirmed, the account works here too.
link-confirm-ask = Someone on { $platform } wants to connect to your club account with your phone number. Is it you?
link-confirmed-owner = Confirmed. Your account is now the same on both messengers.
link-declined-owner = Request declined; your account is unchanged.
link-expired = This request is no longer valid.
link-done = Dear { $name }, your account is connected. Your points balance: { $balance }
link-detached = This account's phone number was confirmed as its owner's on another messenger, and this chat is no longer connected to the account. If it is you, send /start and confirm the connection from there.
link-busy = A connection request for this account is already waiting for confirmation. Please try again in a few minutes, or share your own phone number with «Share my phone number».

## Input errors
error-name-empty = The name cannot be empty. Please write your name.
error-name-length = The name must be 2 to 60 letters. Please write it again.
error-name-letters = The name may contain letters only, no digits or symbols. Please write it again.
error-name-link = The name cannot be a link or a username. Please write your name.
error-phone-typed = For your account's safety, don't type the number; please press «Share my phone number».
error-phone-not-own = Only your own number is accepted. Please press «Share my phone number».
error-phone-invalid = This number is not valid. Please send it again with «Share my phone number».
error-phone-taken = This number is already registered in the club. Please share your own number.
error-birthdate-format = This is not a valid date. Please write your birth date like 1370/05/12.
error-birthdate-impossible = That day does not exist in the calendar. Please check the date and write it again.
error-birthdate-future = That date has not come yet. Please write the birth date in the Solar Hijri calendar, like 1370/05/12.
error-birthdate-too-young = Members must be at least 7 years old. Please check the birth date.
error-birthdate-too-old = That date is more than 110 years ago. Please check the birth date.
error-birthdate-locked = The birth date can no longer be changed. If there is a mistake, please tell the shop.
error-sorry = Sorry, something went wrong. Please try again in a moment.
error-owner-report = Error on { $platform }: { $error } (update { $update }). Details are in the server log.
flood-slow-down = Messages are arriving too fast. Please wait a little and send again.

## Menu and hints
menu-welcome-back = Welcome, dear { $name }. Please choose from the menu.
cancelled = Cancelled. Please choose from the menu.
hint-start = To join the customer club, send /start.
hint-not-understood = I didn't understand. Please press one of the menu buttons.
hint-answer-step = Please answer this question or press «Cancel».
hint-stale-button = This button no longer works.
help =
    Help for the customer club of { $club }:
    «My points»: balance, tier and points needed for the next tier
    «History»: points you earned or spent
    «Member card»: code and QR to show the cashier
    «Invite friends»: your invitation link
    «Privacy»: get or delete your data
    Send /cancel any time to leave what you're doing.

## Points and history
points-balance = Points balance: { $balance }
points-tier = Your tier: { $tier }
points-next = { $points } more purchase points to reach { $tier }
points-top-tier = You are in the club's highest tier.
history-title = Points history:
history-line = { $date } · { $reason } · { $amount }
history-empty = No points recorded yet.
history-end = There are no earlier entries.
ledger-signup = Welcome gift
ledger-profile = Profile completed
ledger-referral = Friend invited
ledger-purchase = Purchase
ledger-reversal = Purchase voided

## Member card, invite, profile
card-caption =
    Member card of { $name }
    Customer club of { $club }
    Member code: { $code }
    Tier: { $tier }
invite-intro = Invite your friends: you get { $points } points for each friend who joins, and your friend gets { $friend_points } points as a gift. Forward them the next message.
invite-forward =
    Join the customer club of { $club } and get a welcome gift:
    { $link }
invite-stats =
    { $friends ->
        [zero] No friend has joined through your link yet.
        [one] So far one friend joined through your link and brought you { $points } points.
       *[other] So far { $friends } friends joined through your link and brought you { $points } points.
    }
profile-summary =
    Name: { $name }
    Phone: { $phone }
    Birth date: { $birthdate }
    Member code: { $code }
profile-no-birthdate = not set
profile-ask-name = Write the new name.
profile-ask-birthdate = Write your birth date like 1370/05/12.
profile-name-saved = Your name is now «{ $name }».
profile-birthdate-saved = Your birth date is saved: { $date }
profile-birthdate-saved-points = Your birth date is saved: { $date }. Profile gift: { $points } points

## Privacy
privacy = Your data is kept only for this shop's customer club. If you joined with a friend's invitation link, that friend sees only your first name, never your phone or purchases. You can get a copy of your data or delete your account.
export-caption = Your data in the customer club
delete-confirm = Deleting the account erases your name, phone and birth date, and your points are lost. Are you sure?
delete-done = Your account was deleted. Send /start whenever you want to join again.
delete-kept = Your account was not deleted.

## Notices
referral-credited = Your friend { $name } joined the customer club of { $club } with your link and you got { $points } points!
purchase-earned = Today's purchase earned you { $points } points. Thank you for shopping at { $club }!
purchase-noted = A purchase of { $amount } toman was recorded in your name at { $club }. It earned no points.
tier-up = Congratulations! Your tier in the customer club of { $club } is now { $tier }.

## Staff
staff-only = This command is for shop staff only.
purchase-usage = Usage: /purchase member-code-or-phone amount-in-toman [receipt-id]
purchase-error-member = No member found with this code or number.
purchase-error-amount = The amount must be a number of toman greater than zero.
purchase-error-too-large = The amount is above the { $limit } toman limit. Please check it.
purchase-duplicate = Receipt { $receipt } is already recorded and earns no points again.
purchase-duplicate-no-receipt = This purchase is already recorded and earns no points again.
purchase-confirm =
    Record a purchase for { $name } (code { $code })
    Amount: { $amount } toman
    Points: { $points } (tier { $tier })
    Is this right?
purchase-cancelled = Purchase not recorded.
purchase-recorded =
    Recorded a { $amount } toman purchase for { $name }: { $points } points. Balance: { $balance }
    Purchase number { $number }
void-usage = Usage: /void purchase-number-or-receipt-id, like /void #123 or /void R-1001
void-error-unknown = No purchase found with number or receipt { $receipt }.
void-error-already = Purchase number { $number } is already voided.
void-done = Purchase number { $number } is voided and its { $points } points were taken back.
void-done-partial = Purchase number { $number } is voided. Of its { $points } points, { $reclaimed } were taken back; the rest had already been spent.
