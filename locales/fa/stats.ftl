## The club's numbers (bot/handlers/stats.py, bot/render/stats.py, bot/club/weekly_report.py)

button-admin-stats = آمار
help-cmd-stats =
    /stats: آمار باشگاه برای امروز، ۷ روز یا ۳۰ روز گذشته، با نمودارها، مثل
    /stats
button-stats-today = امروز
button-stats-7d = ۷ روز
button-stats-30d = ۳۰ روز
button-stats-chosen = ✓ { $label }
button-stats-charts = نمودارها

stats-period-today = امروز
stats-period-7d = ۷ روز گذشته
stats-period-30d = ۳۰ روز گذشته
stats-head =
    آمار باشگاه مشتریان { $club }، { $period }
    از { $start } تا { $end }
    در پرانتز: تغییر نسبت به دوره‌ی هم‌اندازه‌ی پیش از آن.
weekly-report-head =
    گزارش هفتگی باشگاه مشتریان { $club }
    از { $start } تا { $end }
    در پرانتز: تغییر نسبت به هفته‌ی پیش از آن.

stats-section-members = اعضا
stats-members = • همه‌ی اعضا: { $value } { $change }
stats-new-members = • عضو جدید: { $value } { $change }
stats-messengers = • پیام‌رسان آخر: { $list }
stats-messenger = { $platform } { $value }
stats-active = • فعال در ۳۰ روز گذشته: { $value }
stats-tiers = • سطح‌ها: { $list }
stats-tier = { $tier } { $value }

stats-section-purchases = خرید
stats-purchases = • خریدهای ثبت‌شده: { $value } { $change }
stats-average = • میانگین خرید: { $value } { $change }
stats-repeat = • نرخ خرید دوباره: { $value } { $change }

stats-section-points = امتیاز
stats-issued = • امتیاز داده‌شده: { $value } { $change }
stats-redeemed = • امتیاز استفاده‌شده: { $value } { $change }
stats-expired = • امتیاز منقضی‌شده: { $value } { $change }
stats-redemption-rate = • نرخ استفاده از امتیاز: { $value } { $change }
stats-outstanding = • امتیاز در دست اعضا: { $value }، به ارزش { $toman } { $change }

stats-section-growth = جذب عضو
stats-referrals = • عضو جدید با دعوت دوستان: { $value }، با خرید: { $bought } ({ $rate }) { $change }
stats-campaigns = • عضو جدید از کمپین‌ها: { $value }، با خرید: { $bought } ({ $rate }) { $change }

stats-section-feedback = نظر اعضا
stats-survey-rate = • نرخ پاسخ به نظرسنجی‌ها: { $value } { $change }
stats-nps = • امتیاز خالص پیشنهاد (NPS): { $value } ({ $answers } پاسخ) { $change }
stats-open-tickets = • پیام‌های باز اعضا: { $value } { $change }
stats-first-response = • میانه‌ی زمان اولین پاسخ: { $value } { $change }

stats-none = —
stats-separator = {"، "}
stats-toman = { $value } تومان
stats-percent = { $value }٪
stats-minutes = { $value } دقیقه
stats-hours = { $hours } ساعت و { $minutes } دقیقه
stats-percent-points = { $value } واحد درصد
stats-change-up = (▲ { $value })
stats-change-down = (▼ { $value })
stats-change-same = (بدون تغییر)

stats-chart-growth = تعداد اعضا در ۳۰ روز گذشته
stats-chart-tiers = اعضا به تفکیک سطح
stats-chart-points = امتیاز داده‌شده و استفاده‌شده در هر هفته
stats-chart-issued = داده‌شده
stats-chart-redeemed = استفاده‌شده
stats-chart-day = { $day } { $month }
stats-chart-note = { $count } ({ $percent }٪)
