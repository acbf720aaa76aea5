## Birthdays (bot/club/birthdays.py): the daily greeting, on time or late after downtime

ledger-birthday = هدیه‌ی تولد
birthday-greeting =
    { $name } عزیز، تولدتان مبارک! 🎂
    باشگاه مشتریان { $club } سالی پر از شادی و تندرستی برایتان آرزو می‌کند.
birthday-greeting-late =
    { $name } عزیز، تولدتان مبارک! 🎂
    تولد شما { $date } بود و این پیام با کمی تأخیر به دستتان می‌رسد؛ پوزش ما را بپذیرید. باشگاه مشتریان { $club } سالی پر از شادی و تندرستی برایتان آرزو می‌کند.
birthday-gift = به همین مناسبت، { $points } امتیاز هدیه به حساب شما افزوده شد. 🎁
birthday-gift-next-year = تاریخ تولد شما به‌تازگی ثبت شده است؛ هدیه‌ی امتیاز تولد از تولد سال آینده‌تان به شما می‌رسد.
