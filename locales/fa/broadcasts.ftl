## Broadcasts (bot/handlers/broadcast.py, bot/club/broadcasts.py)

button-admin-broadcast = پیام همگانی
help-cmd-broadcast =
    /broadcast: نوشتن پیام برای همه یا یک گروه از اعضا، دیدن پیشرفت ارسال و توقف یا ادامه‌ی آن، مثل
    /broadcast

broadcast-home = پیام همگانی: پیام تازه بنویسید یا وضعیت پیام‌های قبلی را ببینید.
button-broadcast-new = پیام جدید
broadcast-list-item = پیام { $number }، { $status }، { $when }
broadcast-status-scheduled = زمان‌بندی‌شده
broadcast-status-sending = در حال ارسال
broadcast-status-paused = متوقف
broadcast-status-cancelled = لغوشده
broadcast-status-done = ارسال‌شده

broadcast-ask-text =
    متن پیام را بفرستید، یا یک عکس با توضیح زیر آن.
    متن تا ۴۰۹۶ نویسه و توضیح عکس تا ۱۰۲۴ نویسه می‌تواند باشد.
broadcast-empty = پیام خالی است. لطفاً متن پیام را بنویسید.
broadcast-too-long = این متن { $length } نویسه است و بیشترین اندازه { $most } نویسه است. لطفاً کوتاه‌ترش کنید و دوباره بفرستید.
broadcast-photo-not-now = الان منتظر عکس نیستیم.
broadcast-ask-button = دکمه‌ی لینک هم زیر پیام باشد؟
button-broadcast-add-link = افزودن دکمه‌ی لینک
button-broadcast-no-link = بدون دکمه
broadcast-ask-url = نشانی لینک را بفرستید، مثل https://example.com
broadcast-url-wrong = این نشانی درست نیست. لطفاً نشانی کامل را با https:// بفرستید.
broadcast-ask-label = نوشته‌ی روی دکمه را بفرستید (تا { $most } نویسه).
broadcast-label-wrong = نوشته‌ی دکمه باید بین ۱ تا { $most } نویسه باشد.
broadcast-ask-audience = این پیام برای چه کسانی فرستاده شود؟
button-broadcast-everyone = همه
broadcast-audience-everyone = همه‌ی اعضا
broadcast-segment-gone = این گروه دیگر وجود ندارد. لطفاً گروه دیگری انتخاب کنید.
broadcast-ask-when = این پیام به { $count } عضو می‌رسد. کی فرستاده شود؟
button-broadcast-now = همین حالا
button-broadcast-later = زمان‌بندی
broadcast-ask-time = تاریخ و ساعت ارسال را به تاریخ شمسی بنویسید، مثل ۱۴۰۵/۰۹/۱۰ ۱۸:۳۰
broadcast-time-wrong = این تاریخ و ساعت را نشناختیم. لطفاً مثل ۱۴۰۵/۰۹/۱۰ ۱۸:۳۰ بنویسید.
broadcast-time-past = این زمان گذشته است (الان { $now } است). لطفاً زمانی در آینده بنویسید.
broadcast-time-far = این زمان بیش از یک سال بعد است. لطفاً تاریخ را به شمسی و در یک سال آینده بنویسید، مثل ۱۴۰۵/۰۹/۱۰ ۱۸:۳۰
broadcast-when-now = همین حالا
broadcast-summary =
    پیش‌نمایش بالا دقیقاً همان چیزی است که اعضا می‌بینند.
    گیرندگان: { $audience }، { $count } عضو
    زمان ارسال: { $when }
broadcast-quiet-note = در ساعت‌های آرام ({ $hours }) پیامی فرستاده نمی‌شود و ارسال بعد از آن ادامه پیدا می‌کند.
button-broadcast-send = ارسال
button-broadcast-drop = انصراف
broadcast-dropped = پیش‌نویس پیام همگانی کنار گذاشته شد.
button-promo-off = پیام تبلیغاتی نمی‌خواهم

broadcast-scheduled = پیام { $number } برای { $count } عضو در زمان { $when } فرستاده می‌شود.
broadcast-started = ارسال پیام { $number } به { $count } عضو شروع شد.
broadcast-progress-sending =
    ارسال پیام { $number }: { $sent } از { $total } رسید.
    ناموفق: { $failed }، در دسترس نبودند: { $unreachable }، نامعلوم: { $unknown }
    مانده: { $left }
broadcast-progress-paused =
    پیام { $number } متوقف است: { $sent } از { $total } رسیده است.
    ناموفق: { $failed }، در دسترس نبودند: { $unreachable }، نامعلوم: { $unknown }
    مانده: { $left }
broadcast-progress-cancelled = پیام { $number } لغو شد. پیش از لغو { $sent } پیام رسیده بود.
broadcast-progress-done = پیام { $number } به { $sent } عضو رسید.
broadcast-eta = زمان تقریبی باقی‌مانده: { $minutes } دقیقه
broadcast-quiet-now = اکنون ساعت آرام است؛ ارسال بعد از آن ادامه پیدا می‌کند.
button-broadcast-pause = توقف
button-broadcast-resume = ادامه
button-broadcast-cancel = لغو ارسال
broadcast-paused = ارسال متوقف شد.
broadcast-resumed = ارسال ادامه پیدا کرد.
broadcast-cancelled = ارسال لغو شد.
broadcast-not-now = این کار الان ممکن نیست؛ وضعیت پیام تغییر کرده است.
broadcast-report-done =
    گزارش پیام { $number }: ارسال تمام شد.
    رسید: { $sent } از { $total }
    ناموفق: { $failed }، در دسترس نبودند: { $unreachable }، نامعلوم: { $unknown }، نفرستادیم: { $skipped }
    مدت: { $minutes } دقیقه و { $seconds } ثانیه، سرعت { $rate } پیام در ثانیه (سقف { $limit })
broadcast-report-cancelled =
    گزارش پیام { $number }: ارسال لغو شد.
    رسید: { $sent } از { $total }
    ناموفق: { $failed }، در دسترس نبودند: { $unreachable }، نامعلوم: { $unknown }، نفرستادیم: { $skipped }
    مدت: { $minutes } دقیقه و { $seconds } ثانیه، سرعت { $rate } پیام در ثانیه (سقف { $limit })
