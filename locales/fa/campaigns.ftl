## Marketer campaigns (bot/handlers/campaigns.py, bot/club/campaigns.py)

button-admin-campaign = کمپین‌ها
help-cmd-campaign =
    /campaign: ساختن لینک و پوستر کمپین و دیدن آمار کسانی که با آن آمدند، مثل
    /campaign

campaigns-own-title = کمپین‌های شما:
campaigns-all-title = همه‌ی کمپین‌ها:
campaigns-none = هنوز کمپینی ساخته نشده است. با دکمه‌ی زیر اولین کمپین را بسازید.
button-campaign-new = کمپین جدید
button-campaign-open = { $name }
button-campaign-archived = { $name } (بایگانی‌شده)
button-campaign-board = رتبه‌بندی بازاریاب‌ها
button-campaign-poster = پوستر کمپین
button-campaign-archive = بایگانی کمپین
button-campaign-archive-yes = بله، بایگانی شود
button-campaign-back = بازگشت

campaign-ask-name = نام کمپین را بنویسید (حداکثر ۶۴ حرف)؛ مثلاً «جشنواره‌ی یلدا». این نام روی پوستر چاپ می‌شود.
campaign-error-name-empty = نام کمپین خالی است. لطفاً یک نام کوتاه بنویسید.
campaign-error-name-long = نام کمپین حداکثر { $limit } حرف است. لطفاً نام کوتاه‌تری بنویسید.
campaign-cancelled = ساختن کمپین لغو شد و چیزی ذخیره نشد.
campaign-created =
    کمپین «{ $name }» ساخته شد. هر کس با این لینک‌ها عضو شود، به حساب این کمپین ثبت می‌شود:
    { $links }
    پوستر هر لینک را در ادامه می‌فرستم.
campaign-link-line = { $platform }: { $link }
campaign-poster-club = باشگاه مشتریان { $club }
campaign-poster-cta = کد را با دوربین گوشی اسکن کنید و در { $platform } عضو باشگاه شوید.
campaign-poster-caption = پوستر کمپین «{ $name }» برای { $platform }؛ برای چاپ آماده است.

campaign-screen =
    کمپین «{ $name }»، ساخته‌شده در { $date }
    باز کردن لینک: { $opens } نفر
    موافقت با شرایط: { $consents } نفر
    عضویت کامل: { $signups } نفر
    اولین خرید: { $buyers } نفر
    امتیاز داده‌شده به این اعضا: { $points } امتیاز
    مبلغ خریدهای ثبت‌شده: { $amount } تومان
campaign-screen-by = سازنده: { $by }
campaign-screen-archived = این کمپین بایگانی شده است؛ لینک آن دیگر بازدید تازه‌ای نمی‌شمارد.
campaign-screen-links =
    لینک‌ها:
    { $links }
campaign-unknown = این کمپین در فهرست شما نیست.
campaign-archive-confirm = کمپین «{ $name }» بایگانی شود؟ آمار آن می‌ماند، ولی باز کردن لینکش دیگر شمرده نمی‌شود.
campaign-archived = کمپین بایگانی شد.
campaign-archived-already = این کمپین قبلاً بایگانی شده بود.

campaign-board-title = رتبه‌بندی بازاریاب‌ها (بر اساس عضویت کامل):
campaign-board-line = { $rank }. { $name } · { $campaigns } کمپین · { $signups } عضو · { $buyers } اولین خرید
campaign-board-empty = هنوز کمپینی ساخته نشده است.

campaign-link-member = { $name } عزیز، شما عضو باشگاه هستید و همه‌چیز سر جای خودش است. از منو یکی را انتخاب کنید.
referral-link-member = { $name } عزیز، شما عضو باشگاه هستید؛ لینک دعوت برای کسانی است که تازه عضو می‌شوند. از منو یکی را انتخاب کنید.

audit-action-campaign_created = ساختن کمپین
audit-action-campaign_archived = بایگانی کمپین
