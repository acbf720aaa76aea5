## Birthdays (bot/club/birthdays.py): the daily greeting, on time or late after downtime

ledger-birthday = Birthday gift
birthday-greeting =
    Happy birthday, dear { $name }! 🎂
    Everyone at { $club } wishes you a year full of joy and good health.
birthday-greeting-late =
    Happy birthday, dear { $name }! 🎂
    Your birthday was on { $date }, and this message reaches you a little late; please forgive us. Everyone at { $club } wishes you a year full of joy and good health.
birthday-gift = To celebrate, { $points } points have been added to your account as a gift. 🎁
birthday-gift-next-year = Your birth date was saved only recently, so the birthday points gift starts from your next birthday.
