## Earning rules (bot/club/earning.py): caps, the referral milestone, the repeat bonus

## History lines
ledger-purchase-capped = خرید (سقف روزانه‌ی امتیاز خرید پر بود)
ledger-referral-capped = دعوت دوست (سقف ماهانه‌ی امتیاز دعوت پر بود)
ledger-referral-milestone = هدیه‌ی اولین خرید دوست
ledger-referral-milestone-void = لغو اولین خرید دوست
ledger-repeat-bonus = هدیه‌ی خرید دوباره
ledger-repeat-bonus-void = لغو هدیه‌ی خرید دوباره

## Notices
purchase-capped-staff = این عضو امروز به سقف { $cap } خرید امتیازدار رسیده است؛ این خرید ثبت می‌شود ولی امتیاز نمی‌گیرد.
earning-purchase-capped = خرید شما ثبت شد، اما امروز { $cap } خرید امتیازدار داشته‌اید و این خرید امتیازی نگرفت. از فردا خریدهایتان دوباره امتیاز می‌گیرند.
earning-referral-capped = دعوت دوست شما { $name } ثبت شد، اما امتیاز دعوت این ماه شما به سقف { $cap } دعوت رسیده است و این دعوت امتیازی نداشت. ماه بعد دعوت‌هایتان دوباره امتیاز می‌گیرند.
earning-milestone = دوست شما { $name } اولین خریدش را انجام داد و { $points } امتیاز هدیه به شما رسید!
earning-milestone-reversed = اولین خرید دوست شما { $name } لغو شد، برای همین { $points } امتیاز هدیه‌ی آن از موجودی شما کم شد.
earning-repeat-bonus = چون ظرف { $days } روز دوباره خرید کردید، { $points } امتیاز هدیه گرفتید. ممنون از همراهی‌تان!
earning-repeat-reversed = خریدی که هدیه‌ی خرید دوباره را آورده بود لغو شد، برای همین { $points } امتیاز آن هدیه از موجودی شما کم شد.
