## Surveys (bot/handlers/surveys.py, survey_builder.py, survey_answer.py; bot/club/surveys.py)

button-admin-surveys = نظرسنجی‌ها
help-cmd-surveys =
    /surveys: ساختن نظرسنجی، دیدن نتیجه‌ها، نمودارها و فایل پاسخ‌ها، مثل
    /surveys
button-surveys = نظرسنجی‌ها
ledger-survey = جایزه‌ی نظرسنجی

## Members

surveys-none = فعلاً نظرسنجی بازی برای شما نیست. از اینکه همراه ما هستید سپاسگزاریم.
surveys-list = نظرسنجی‌های باز برای شما:
surveys-list-item = • «{ $title }» تا { $closes } (جایزه: { $reward } امتیاز)
surveys-list-item-started = • «{ $title }» تا { $closes } (جایزه: { $reward } امتیاز)، نیمه‌کاره
button-survey-open = { $title }
button-survey-resume = ادامه‌ی { $title }
button-survey-start = شرکت در نظرسنجی
survey-invitation =
    از خرید شما سپاسگزاریم. لطفاً در نظرسنجی کوتاه «{ $title }» شرکت کنید؛ نظر شما به ما کمک می‌کند بهتر شویم.
survey-intro =
    «{ $title }»
    { $intro }
survey-question =
    پرسش { $number } از { $total }:
    { $text }
survey-hint-multi = هر چند گزینه که می‌خواهید انتخاب کنید و سپس «تمام» را بزنید.
survey-hint-text = پاسخ خود را بنویسید و بفرستید (حداکثر { $most } نویسه).
survey-hint-optional = پاسخ به این پرسش اختیاری است.
button-survey-yes = بله
button-survey-no = خیر
button-survey-picked = ✓ { $choice }
button-survey-done = تمام
button-survey-skip = رد شدن
button-survey-stop = بعداً ادامه می‌دهم
survey-members-only = این نظرسنجی برای اعضای باشگاه است. برای عضویت، /start را بفرستید.
survey-stopped = پاسخ‌هایتان ذخیره شد. هر وقت خواستید از «نظرسنجی‌ها» در منو ادامه دهید.
survey-closed = این نظرسنجی بسته شده است. از توجه شما سپاسگزاریم.
survey-done = شما قبلاً به این نظرسنجی پاسخ داده‌اید. سپاسگزاریم.
survey-not-for-you = این نظرسنجی برای شما نیست.
survey-already-recorded = این پاسخ قبلاً ثبت شده است.
survey-answer-current = لطفاً به پرسش فعلی پاسخ دهید.
survey-thanks = از اینکه در نظرسنجی «{ $title }» شرکت کردید سپاسگزاریم.
survey-rewarded = { $points } امتیاز به موجودی شما اضافه شد.
survey-text-empty = لطفاً پاسخ خود را بنویسید.
survey-text-too-long = پاسخ شما { $length } نویسه است؛ حداکثر { $most } نویسه می‌توانید بنویسید. لطفاً کوتاه‌ترش کنید.
survey-text-prompt = لطفاً پاسخ خود را بنویسید، یا «بعداً ادامه می‌دهم» را بزنید.
survey-text-cancelled = پاسخ‌هایتان ذخیره شد. هر وقت خواستید از «نظرسنجی‌ها» در منو ادامه دهید.
survey-low-line = • { $question }: { $score }
survey-low-ticket =
    امتیاز پایین در نظرسنجی «{ $title }»:
    { $scores }
survey-nps-question = چقدر احتمال دارد ما را به دوستانتان پیشنهاد کنید؟

## Admins: the builder

button-survey-new = نظرسنجی جدید
button-survey-item = { $title } ({ $status })
surveys-home = نظرسنجی‌ها:
surveys-home-empty = هنوز نظرسنجی‌ای ساخته نشده است. با دکمه‌ی زیر اولین نظرسنجی را بسازید.
survey-status-open = باز
survey-status-scheduled = در انتظار شروع
survey-status-closed = بسته
survey-ask-title = عنوان نظرسنجی را بنویسید (حداکثر { $most } نویسه).
survey-ask-intro = یک معرفی کوتاه برای اعضا بنویسید (حداکثر { $most } نویسه)، یا «بدون معرفی» را بزنید.
button-survey-no-intro = بدون معرفی
survey-ask-kind = { $count } پرسش اضافه شده است. نوع پرسش بعدی را انتخاب کنید:
survey-kind-yesno = بله / خیر
survey-kind-single = یک گزینه از چند
survey-kind-multi = چند گزینه از چند
survey-kind-rating = امتیاز ۱ تا ۵
survey-kind-nps = پیشنهاد به دوستان (۰ تا ۱۰)
survey-kind-text = پاسخ متنی
button-survey-questions-done = پایان پرسش‌ها
survey-ask-question = متن پرسش را بنویسید (حداکثر { $most } نویسه).
survey-ask-choices = گزینه‌ها را هر کدام در یک خط بنویسید: { $least } تا { $most } گزینه، هر کدام حداکثر { $longest } نویسه.
survey-ask-limit = پاسخ متنی حداکثر چند نویسه باشد؟ عددی از { $least } تا { $most } بنویسید.
survey-ask-required = پاسخ به این پرسش الزامی باشد یا اختیاری؟
button-survey-required = الزامی
button-survey-optional = اختیاری
survey-ask-reward = چند امتیاز به کسی که نظرسنجی را کامل کند داده شود؟ عددی از ۰ تا { $most } بنویسید (۰ یعنی بدون جایزه).
survey-ask-audience = نظرسنجی برای چه کسانی باشد؟
button-survey-everyone = همه‌ی اعضا
survey-audience-all = همه‌ی اعضا
survey-ask-opens = نظرسنجی از چه زمانی باز شود؟ «همین حالا» را بزنید، یا تاریخ و ساعت را مثل ۱۴۰۵/۰۹/۱۰ ۱۸:۳۰ بنویسید.
button-survey-open-now = همین حالا
survey-ask-closes = نظرسنجی چه زمانی بسته شود؟ تاریخ و ساعت را مثل ۱۴۰۵/۰۹/۲۰ ۲۰:۰۰ بنویسید.
survey-ask-trigger = نظرسنجی چطور به اعضا برسد؟
button-survey-announce = اعلام به مخاطبان
button-survey-after-purchase = پس از هر خرید
survey-ask-hours = چند ساعت پس از خرید فرستاده شود؟ عددی از ۱ تا { $most } بنویسید.
survey-error-title = عنوان باید بین ۱ تا { $most } نویسه باشد. لطفاً دوباره بنویسید.
survey-error-intro = معرفی { $length } نویسه است؛ باید بین ۱ تا { $most } نویسه باشد.
survey-error-question = متن پرسش باید بین ۱ تا { $most } نویسه باشد. لطفاً دوباره بنویسید.
survey-error-choices-count = باید { $least } تا { $most } گزینه بنویسید، هر کدام در یک خط.
survey-error-choice-long = هر گزینه حداکثر { $longest } نویسه می‌تواند باشد. لطفاً کوتاه‌ترشان کنید.
survey-error-choice-repeated = دو گزینه یکسان‌اند. لطفاً گزینه‌های متفاوت بنویسید.
survey-error-limit = لطفاً عددی از { $least } تا { $most } بنویسید.
survey-error-reward = لطفاً عددی از ۰ تا { $most } بنویسید.
survey-error-hours = لطفاً عددی از ۱ تا { $most } بنویسید.
survey-error-time = این تاریخ و ساعت معتبر نیست. لطفاً آن را مثل ۱۴۰۵/۰۹/۱۰ ۱۸:۳۰ بنویسید.
survey-error-time-past = این زمان گذشته است (اکنون { $now }). لطفاً زمانی در آینده بنویسید.
survey-error-close-before-open = زمان بسته شدن باید پس از زمان شروع ({ $opens }) باشد.
survey-error-time-far = این زمان بیش از یک سال بعد است. لطفاً تاریخ را بررسی کنید.
survey-error-closes-passed = زمان بسته شدن گذشته است. لطفاً زمان تازه‌ای بنویسید.
survey-segment-gone = این گروه مخاطبان حذف شده است. لطفاً مخاطبان را دوباره انتخاب کنید.
survey-preview-head = پیش‌نمایش نظرسنجی، همان‌طور که اعضا می‌بینند:
survey-preview-inert = این فقط پیش‌نمایش است.
survey-trigger-announce = اعلام به مخاطبان هنگام شروع
survey-trigger-purchase = { $hours } ساعت پس از هر خرید
survey-preview-summary =
    «{ $title }»
    پرسش‌ها: { $questions }
    جایزه: { $reward } امتیاز
    مخاطبان: { $audience }
    از { $opens } تا { $closes }
    فرستادن: { $trigger }
button-survey-publish = انتشار
button-survey-discard = دور انداختن
survey-dropped = پیش‌نویس نظرسنجی دور انداخته شد.
survey-build-cancelled = ساختن نظرسنجی لغو شد.
survey-announcement = نظرسنجی تازه: «{ $title }». نظر شما برای ما مهم است؛ تا { $closes } فرصت پاسخ دادن دارید.
survey-announcement-reward = با کامل کردن آن { $points } امتیاز می‌گیرید.
survey-published = نظرسنجی «{ $title }» منتشر شد و برای { $audience } عضو اعلام می‌شود.
survey-published-after-purchase = نظرسنجی «{ $title }» منتشر شد و { $hours } ساعت پس از هر خرید برای خریدار فرستاده می‌شود.

## Admins: results

survey-unknown = این نظرسنجی پیدا نشد.
survey-results-head =
    «{ $title }» ({ $status })
    پاسخ کامل: { $completed } از { $audience } مخاطب ({ $rate }٪)
    پاسخ نیمه‌کاره: { $partial }
survey-results-question = { $number }. { $text } ({ $answered } پاسخ)
survey-results-option = • { $label }: { $count } ({ $percent }٪)
survey-results-nps = امتیاز خالص پیشنهاد (NPS): { $score }
survey-results-text = • «{ $text }»
survey-chart-note = { $count } ({ $percent }٪)
button-survey-charts = نمودارها
button-survey-csv = فایل پاسخ‌ها
button-survey-close = بستن نظرسنجی
button-survey-close-yes = بله، بسته شود
button-survey-back = بازگشت
survey-close-confirm = نظرسنجی «{ $title }» بسته شود؟ پس از آن پاسخ تازه‌ای پذیرفته نمی‌شود.
survey-closed-now = نظرسنجی بسته شد.
survey-closed-already = این نظرسنجی قبلاً بسته شده بود.
survey-csv-caption = همه‌ی پاسخ‌های نظرسنجی «{ $title }»
survey-csv-response = شماره‌ی پاسخ
survey-csv-member = کد عضویت
survey-csv-started = شروع
survey-csv-done = پایان
survey-csv-skipped = (رد شد)
