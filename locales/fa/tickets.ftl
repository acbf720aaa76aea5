## Feedback threads (bot/handlers/tickets.py, bot/club/tickets.py)

button-admin-tickets = پیام‌های اعضا
help-cmd-tickets =
    /tickets: پیام‌های باز اعضا (پیشنهاد، انتقاد، پرسش)، قدیمی‌ترها اول، برای پاسخ دادن یا بستن، مثل
    /tickets
button-contact = ارتباط با ما

ticket-kind-suggestion = پیشنهاد
ticket-kind-complaint = انتقاد
ticket-kind-question = پرسش
ticket-kind-purchase = این خرید من نبود
ticket-kind-survey = نظرسنجی
ticket-status-open = در انتظار پاسخ
ticket-status-answered = پاسخ داده شده
ticket-status-closed = بسته

## The member's side
ticket-ask-kind = پیام شما درباره‌ی چیست؟
ticket-ask-message =
    موضوع: { $kind }
    پیامتان را بنویسید. می‌توانید عکسی هم با توضیح بفرستید.
ticket-ask-follow = پیامتان را بنویسید تا به پیام شماره‌ی { $number } اضافه شود.
ticket-live =
    پیام شماره‌ی { $number } شما هنوز باز است. هر چه اینجا بنویسید به همان اضافه می‌شود.
    برای موضوعی دیگر، «پیام تازه» را بزنید.
button-ticket-new = پیام تازه
ticket-opened =
    پیامتان رسید. کد پیگیری: { $number }
    همکاران ما به‌زودی پاسخ می‌دهند. اگر چیزی بخواهید اضافه کنید، همین‌جا بنویسید.
ticket-added = به پیام شماره‌ی { $number } اضافه شد.
ticket-closed-new = پیام شماره‌ی { $number } بسته شده است. برای پیامی تازه، «ارتباط با ما» را بزنید.
ticket-error-empty = پیام خالی است. لطفاً چند کلمه بنویسید.
ticket-error-too-long = پیام حداکثر { $limit } حرف است. لطفاً کوتاه‌تر بنویسید یا در چند پیام بفرستید.
ticket-error-closed = این گفتگو بسته شده است.
ticket-cancelled = باشد. هر وقت خواستید، «ارتباط با ما» را بزنید.
ticket-reply-member =
    پاسخ همکاران ما به پیام شماره‌ی { $number }:
    { $text }
button-ticket-reply = پاسخ
ticket-closed-member = گفتگوی شماره‌ی { $number } بسته شد. از اینکه با ما در میان گذاشتید ممنونیم.

## Not my purchase
button-ticket-not-mine = این خرید من نبود
ticket-notmine-opened =
    گزارش شما درباره‌ی خرید شماره‌ی { $purchase } ثبت شد. کد پیگیری: { $number }
    همکاران ما بررسی می‌کنند. اگر توضیحی دارید، همین‌جا بنویسید.
ticket-notmine-already = گزارش خرید شماره‌ی { $purchase } قبلاً ثبت شده است. کد پیگیری: { $number }
ticket-notmine-unknown = این خرید پیدا نشد.

## The team's side
ticket-team-new = پیام تازه‌ی شماره‌ی { $number } ({ $kind }) از { $name }
ticket-team-more = پیام دیگری در گفتگوی شماره‌ی { $number } ({ $kind }) از { $name }
ticket-member-gone = عضو حذف‌شده
ticket-purchase = خرید شماره‌ی { $purchase }، { $amount } تومان، { $date }
ticket-purchase-voided = خرید شماره‌ی { $purchase }، { $amount } تومان، { $date } (لغو شده)
ticket-from-member = عضو
ticket-from-team = همکاران
ticket-entry = { $who } ({ $at }): { $text }
ticket-entry-photo = (با یک عکس، فرستاده‌شده در { $platform })
ticket-photo-caption = عکس گفتگوی شماره‌ی { $number }
button-ticket-answer = پاسخ
button-ticket-close = بستن
button-ticket-void = ابطال خرید
button-ticket-thread = دیدن گفتگو
button-ticket-list = پیام‌های باز
ticket-list-empty = پیام بازی نیست.
ticket-list-title = پیام‌های باز ({ $count })، قدیمی‌ترها اول:
ticket-list-more = و { $count } پیام دیگر.
button-ticket-row = { $number }: { $kind }، { $age }
ticket-age-minutes = { $count } دقیقه
ticket-age-hours = { $count } ساعت
ticket-age-days = { $count } روز
ticket-thread-head =
    گفتگوی شماره‌ی { $number }: { $kind } ({ $status })
    از { $name }، کد عضویت { $code }
    باز شده در { $opened } ({ $age } پیش)
ticket-thread-phone = شماره‌ی تلفن: { $phone }
ticket-ask-answer = پاسخ پیام شماره‌ی { $number } را بنویسید. همین متن برای عضو فرستاده می‌شود.
ticket-answer-sent = پاسخ شما برای پیام شماره‌ی { $number } فرستاده شد.
ticket-answer-cancelled = پاسخ فرستاده نشد.
ticket-closed-team = گفتگوی شماره‌ی { $number } بسته شد.
ticket-already-closed = گفتگوی شماره‌ی { $number } قبلاً بسته شده است.
ticket-void-nothing = خریدی برای ابطال نیست.
ticket-void-confirm =
    این خرید ابطال شود؟ امتیازش از عضو پس گرفته می‌شود.
    { $line }
button-ticket-void-yes = بله، ابطال شود
button-ticket-void-no = انصراف
ticket-void-already = خرید شماره‌ی { $purchase } قبلاً ابطال شده است.
ticket-void-note = خرید شماره‌ی { $purchase } ابطال شد.
ticket-void-done = خرید شماره‌ی { $purchase } ابطال شد و { $points } امتیاز آن پس گرفته شد.
ticket-void-member =
    گزارش شما (کد پیگیری { $number }) بررسی شد و خرید شماره‌ی { $purchase } از حساب شما حذف شد؛ { $points } امتیاز آن برگشت خورد.
    موجودی امتیاز شما: { $balance }
ticket-attachment-title = همراه با پاسخ‌های نظرسنجی «{ $title }»:
ticket-attachment-line = { $question }: { $answer }
audit-action-ticket_answered = پاسخ به پیام عضو
audit-action-ticket_closed = بستن گفتگوی عضو
