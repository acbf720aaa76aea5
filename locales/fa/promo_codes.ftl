## Multi-use campaign codes (bot/handlers/promo_codes.py, bot/club/promo_codes.py)

button-admin-codes = کدهای تخفیف کمپین
help-cmd-codes =
    /codes: کدهای تخفیف چندبارمصرف کمپین (مثل NOWRUZ1405): ساختن، توقف و بایگانی، مثل
    /codes
button-enter-code = ثبت کد

# Why a campaign code does not apply (the cashier's till shows these too).
promo-refused-paused = این کد فعلاً متوقف شده است.
promo-refused-archived = این کد دیگر اعتبار ندارد.
promo-refused-not-started = اعتبار این کد هنوز شروع نشده است.
promo-refused-ended = اعتبار این کد تمام شده است.
promo-refused-used-up = ظرفیت استفاده از این کد تمام شده است.
promo-refused-minimum = مبلغ خرید از حداقل خرید این کد کمتر است.
promo-refused-member-limit = این عضو به اندازه‌ی مجاز از این کد استفاده کرده است.
promo-refused-audience = این کد برای سطح یا گروه این عضو نیست.

# The admin's list and a code's screen
promo-list-title = کدهای تخفیف کمپین (استفاده / ظرفیت):
promo-list-empty = هنوز کد کمپینی ساخته نشده است. با دکمه‌ی زیر اولین کد را بسازید.
button-promo-line = { $code } · { $uses }/{ $total } · { $status }
promo-unlimited = نامحدود
promo-status-active = فعال
promo-status-paused = متوقف
promo-status-archived = بایگانی‌شده
button-promo-new = کد جدید
button-promo-pause = توقف
button-promo-resume = ادامه
button-promo-archive = بایگانی
button-promo-archive-yes = بله، بایگانی شود
button-promo-back = بازگشت
promo-screen =
    کد { $code } ({ $status })
    { $terms }
    استفاده: { $uses } بار، به دست { $members } عضو
promo-unknown = این کد در فهرست نیست.
promo-archive-confirm = کد { $code } بایگانی شود؟ پس از آن دیگر قابل استفاده نیست و این کار برگشت ندارد.
promo-paused = کد متوقف شد؛ تا وقتی ادامه ندهید، اعضا نمی‌توانند از آن استفاده کنند.
promo-resumed = کد دوباره قابل استفاده است.
promo-archived = کد بایگانی شد.
promo-status-unchanged = چیزی تغییر نکرد؛ کد از قبل همین وضعیت را داشت.

# Terms, one per line (the preview, the code's screen, the member's answer)
promo-term-percent = تخفیف: { $value } درصد مبلغ خرید
promo-term-amount = تخفیف: { $value } تومان از مبلغ خرید
promo-term-item = یک کالای رایگان
promo-term-total = ظرفیت کل: { $total } بار
promo-term-total-unlimited = ظرفیت کل: نامحدود
promo-term-per-member = برای هر عضو: { $count } بار
promo-term-from = از { $date }
promo-term-until = تا { $date } اعتبار دارد
promo-term-no-window = بدون محدودیت زمانی
promo-term-minimum = حداقل خرید: { $amount } تومان
promo-term-no-minimum = بدون حداقل خرید
promo-term-all = برای همه‌ی اعضا
promo-term-tier = برای اعضای سطح { $tier } و بالاتر
promo-term-segment = برای گروه مخاطبان «{ $name }»
promo-term-segment-gone = برای گروهی که حذف شده است (هیچ‌کس)

# The builder
promo-ask-code = کدی را که اعضا به صندوق‌دار می‌گویند بنویسید: ۳ تا ۳۲ حرف لاتین و رقم، مثلاً NOWRUZ1405.
promo-error-code-length = کد باید ۳ تا ۳۲ حرف و رقم باشد. لطفاً کد دیگری بنویسید.
promo-error-code-chars = کد فقط از حروف لاتین (A تا Z) و رقم تشکیل می‌شود. لطفاً کد دیگری بنویسید.
promo-error-code-single-use = این متن شبیه کد یک‌بار مصرف جوایز است و صندوق‌دار نمی‌تواند آن‌ها را از هم تشخیص دهد. لطفاً کد دیگری انتخاب کنید، مثلاً همراه با سال.
promo-error-code-taken = کد { $code } از قبل وجود دارد. لطفاً کد دیگری انتخاب کنید.
promo-ask-kind = کد { $code } چه چیزی می‌دهد؟
button-promo-kind-percent = درصد
button-promo-kind-amount = مبلغ
button-promo-kind-item = کالای رایگان
promo-ask-percent = چند درصد تخفیف؟ عددی از ۱ تا ۱۰۰ بنویسید.
promo-ask-amount = چند تومان تخفیف؟ مبلغ را بنویسید، مثلاً ۵۰۰۰۰.
promo-error-percent = لطفاً عدد صحیحی از ۱ تا ۱۰۰ بنویسید.
promo-error-amount = لطفاً مبلغی بیشتر از صفر به تومان بنویسید، مثلاً ۵۰۰۰۰.
promo-ask-total = این کد روی هم چند بار قابل استفاده است؟ عدد را بنویسید یا «نامحدود» را بزنید.
button-promo-unlimited = نامحدود
promo-ask-per-member = هر عضو چند بار می‌تواند از آن استفاده کند؟ عدد را بنویسید یا «یک بار» را بزنید.
button-promo-once = یک بار
promo-error-count = لطفاً عدد صحیحی از ۱ تا { $max } بنویسید.
promo-ask-from = کد از چه روزی اعتبار دارد؟ تاریخ شمسی را مثل ۱۴۰۵/۰۱/۰۱ بنویسید یا «بدون محدودیت زمانی» را بزنید.
button-promo-no-window = بدون محدودیت زمانی
promo-ask-until = تا چه روزی (خود آن روز هم حساب است)؟ تاریخ شمسی را مثل ۱۴۰۵/۰۱/۱۳ بنویسید یا «بدون تاریخ پایان» را بزنید.
button-promo-no-end = بدون تاریخ پایان
promo-error-date = این تاریخ خوانده نشد. لطفاً تاریخ شمسی را مثل ۱۴۰۵/۰۱/۱۳ بنویسید.
promo-error-date-order = روز پایان نمی‌تواند پیش از روز شروع ({ $date }) باشد. لطفاً تاریخ دیگری بنویسید.
promo-ask-minimum = حداقل خرید برای این کد چند تومان است؟ مبلغ را بنویسید یا «بدون حداقل» را بزنید.
button-promo-no-minimum = بدون حداقل
promo-error-minimum = لطفاً مبلغ را به تومان بنویسید (صفر یا بیشتر)، مثلاً ۲۰۰۰۰۰.
promo-ask-audience = چه کسانی می‌توانند از این کد استفاده کنند؟ همه‌ی اعضا، از یک سطح به بالا، یا یک گروه مخاطبان ذخیره‌شده را انتخاب کنید.
button-promo-aud-all = همه‌ی اعضا
button-promo-aud-tier = سطح { $tier } و بالاتر
button-promo-aud-segment = گروه: { $name }
promo-preview =
    کد { $code }
    { $terms }

    ذخیره شود؟ اعضا از همین حالا می‌توانند از آن استفاده کنند.
button-promo-save = ذخیره
promo-use-buttons = لطفاً با دکمه‌های بالا انتخاب کنید یا /cancel را بزنید.
promo-saved = کد { $code } ذخیره شد و از همین حالا قابل استفاده است.
promo-nothing-to-save = این کد قبلاً ذخیره شده یا ساختن آن لغو شده است.
promo-cancelled = ساختن کد کمپین لغو شد و چیزی ذخیره نشد.

# The member's "Enter a code"
promo-member-ask = کدی را که دارید بنویسید (مثلاً NOWRUZ1405) تا بگویم برای شما معتبر است یا نه. برای خروج، یکی از دکمه‌های منو یا /cancel را بزنید.
promo-member-applies =
    کد { $code } برای شما معتبر است:
    { $terms }
    { $mine }
    هنگام خرید، پیش از پرداخت این کد را به صندوق‌دار بگویید.
promo-member-left = { $count } بار دیگر می‌توانید از آن استفاده کنید.
promo-member-not-for-you =
    کد { $code } فعلاً برای شما قابل استفاده نیست.
    { $reason }
promo-member-unknown = کد کمپینی با عنوان { $code } وجود ندارد. لطفاً آن را بررسی کنید و دوباره بنویسید.
promo-member-single-use = این یک کد یک‌بار مصرف جایزه است، نه کد کمپین. آن را هنگام خرید به صندوق‌دار نشان دهید؛ کدهای شما در «کدهای من» هست.
promo-member-too-many = چند کد نادرست پشت سر هم وارد شد. لطفاً { $minutes } دقیقه‌ی دیگر دوباره امتحان کنید.
promo-member-cancelled = بررسی کد لغو شد.
promo-members-only = بررسی کد برای اعضای باشگاه است.

# Member-facing reasons (the code's own reasons above are said to the cashier)
promo-you-paused = این کد فعلاً متوقف شده است؛ لطفاً بعداً دوباره امتحان کنید.
promo-you-archived = این کد دیگر اعتبار ندارد.
promo-you-not-started = اعتبار این کد از { $date } شروع می‌شود.
promo-you-ended = اعتبار این کد در { $date } تمام شد.
promo-you-used-up = ظرفیت استفاده از این کد تمام شده است.
promo-you-member-limit = شما به اندازه‌ی مجاز از این کد استفاده کرده‌اید.
promo-you-audience = این کد برای سطح یا گروه دیگری از اعضاست.

audit-action-promo_code_created = ساخت کد کمپین
audit-action-promo_code_paused = توقف کد کمپین
audit-action-promo_code_resumed = ادامه‌ی کد کمپین
audit-action-promo_code_archived = بایگانی کد کمپین
