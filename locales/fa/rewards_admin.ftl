## The rewards catalog for admins (bot/handlers/rewards_admin.py, bot/club/rewards.py,
## bot/club/partner_pool.py)

button-admin-rewards = جوایز باشگاه
help-cmd-rewards =
    /rewards: ساختن، ویرایش، توقف و بایگانی جوایزی که اعضا با امتیاز می‌گیرند، مثل
    /rewards

rwa-list-title = جوایز باشگاه:
rwa-list-empty = هنوز جایزه‌ای ساخته نشده است. با دکمه‌ی زیر اولین جایزه را بسازید.
rwa-list-line = • { $title } ({ $status })، { $cost } امتیاز، { $issued }
rwa-list-pool = ، کدهای همکار باقی‌مانده: { $free }
rwa-list-button = { $title } ({ $status })
button-rwa-new = جایزه‌ی جدید
button-rwa-back = بازگشت
button-rwa-edit = ویرایش
button-rwa-pause = توقف
button-rwa-resume = ادامه
button-rwa-archive = بایگانی
button-rwa-archive-yes = بله، بایگانی شود
button-rwa-upload = بارگذاری کدها
button-rwa-save = ذخیره
button-rwa-drop = انصراف
button-rwa-unlimited = نامحدود
button-rwa-no-limit = بدون محدودیت
button-rwa-pooled-yes = بله، از کدهای فروشگاه همکار
button-rwa-pooled-no = نه، کد خود باشگاه

rwa-status-active = فعال
rwa-status-paused = متوقف
rwa-status-archived = بایگانی‌شده
rwa-status-pool-empty = متوقف، کدهای همکار تمام شد
rwa-issued-of = { $issued } از { $stock } داده شده
rwa-issued-unlimited = { $issued } داده شده، موجودی نامحدود

rwa-kind-percent = درصد تخفیف
rwa-kind-amount = مبلغ تخفیف
rwa-kind-item = کالای رایگان
rwa-benefit-percent = { $value }٪ تخفیف
rwa-benefit-amount = { $value } تومان تخفیف
rwa-benefit-item = یک کالای رایگان

rwa-card-title = 🎁 { $title }
rwa-card-min = برای خرید از { $amount } تومان به بالا
rwa-card-cost = هزینه: { $cost } امتیاز
rwa-card-valid = کد تخفیف تا { $days } روز پس از دریافت اعتبار دارد.
rwa-card-partner = همراه آن کد تخفیف فروشگاه همکار هم داده می‌شود.
rwa-card-until = تا { $date } می‌توانید این جایزه را بگیرید.

rwa-screen-status = وضعیت: { $status }
rwa-screen-issued = تعداد: { $issued }
rwa-screen-pool = کدهای همکار باقی‌مانده: { $free }
rwa-detail-kind = نوع جایزه: { $kind }
rwa-detail-stock = موجودی: { $stock }
rwa-detail-stock-unlimited = موجودی: نامحدود
rwa-detail-per-member = برای هر عضو: حداکثر { $count } بار
rwa-detail-per-member-none = برای هر عضو: بدون محدودیت
rwa-detail-audience = چه کسانی: { $audience }
rwa-detail-window = زمان: { $window }
rwa-audience-all = همه‌ی اعضا
rwa-audience-tier = سطح { $tier } و بالاتر
rwa-audience-segment = گروه «{ $name }»
rwa-window-open = بدون محدودیت زمانی
rwa-window-from = از { $start }
rwa-window-until = تا { $end }
rwa-window-between = از { $start } تا { $end }

rwa-ask-title = نام جایزه را بنویسید (حداکثر ۶۴ حرف)؛ مثلاً «قهوه‌ی رایگان».
rwa-ask-description = توضیح کوتاهی برای اعضا بنویسید، یا «رد شدن» را بزنید.
rwa-ask-kind = این جایزه چه چیزی به عضو می‌دهد؟
rwa-ask-value-percent = چند درصد تخفیف؟ یک عدد از ۱ تا ۱۰۰ بنویسید.
rwa-ask-value-amount = مبلغ تخفیف چند تومان است؟
rwa-ask-cost = این جایزه چند امتیاز هزینه دارد؟
rwa-ask-min-purchase = حداقل مبلغ خرید برای این تخفیف چند تومان است؟ اگر حداقلی ندارد، «رد شدن» را بزنید.
rwa-ask-stock = چند عدد از این جایزه داده شود؟ اگر محدودیتی ندارد، «نامحدود» را بزنید.
rwa-ask-per-member = هر عضو حداکثر چند بار می‌تواند این جایزه را بگیرد؟ یا «بدون محدودیت» را بزنید.
rwa-ask-valid-days = کد تخفیف چند روز پس از دریافت اعتبار داشته باشد؟
rwa-ask-audience = چه کسانی می‌توانند این جایزه را بگیرند؟
rwa-ask-starts = این جایزه از چه روزی در دسترس باشد؟ تاریخ را به شکل ۱۴۰۵/۰۱/۱۵ بنویسید، یا اگر محدودیت زمانی ندارد «رد شدن» را بزنید.
rwa-ask-ends = تا چه روزی در دسترس باشد؟ تاریخ را به شکل ۱۴۰۵/۰۱/۳۰ بنویسید، یا اگر پایانی ندارد «رد شدن» را بزنید.
rwa-ask-pooled = کد این جایزه از کدهای یک فروشگاه همکار داده شود؟ (کدها را بعد از ذخیره به صورت فایل CSV می‌فرستید.)
rwa-ask-file = فایل CSV کدهای فروشگاه همکار را بفرستید: در هر سطر یک کد در ستون اول، حداکثر { $rows } سطر.
rwa-use-buttons = لطفاً یکی از دکمه‌های پیام بالا را بزنید.
rwa-file-expected = لطفاً کدها را به صورت فایل CSV بفرستید، نه متن.
rwa-file-not-now = الان فایلی لازم نیست.

rwa-error-title = نام جایزه باید بین ۱ تا { $limit } حرف باشد. لطفاً دوباره بنویسید.
rwa-error-description = توضیح باید حداکثر { $limit } حرف باشد. لطفاً کوتاه‌تر بنویسید، یا «رد شدن» را بزنید.
rwa-error-value-percent = درصد تخفیف باید عددی از ۱ تا ۱۰۰ باشد؛ مثلاً ۱۵.
rwa-error-value-amount = مبلغ تخفیف باید عددی بزرگ‌تر از صفر باشد؛ مثلاً ۵۰۰۰۰.
rwa-error-toman = مبلغ باید عددی بزرگ‌تر از صفر باشد؛ مثلاً ۲۰۰۰۰۰. اگر حداقلی ندارد، «رد شدن» را بزنید.
rwa-error-count = لطفاً یک عدد بزرگ‌تر از صفر بنویسید؛ مثلاً ۱۰.
rwa-error-days = تعداد روز باید عددی از ۱ تا { $limit } باشد؛ مثلاً ۳۰.
rwa-error-date = این تاریخ معتبر نیست. لطفاً آن را به شکل ۱۴۰۵/۰۱/۱۵ بنویسید.
rwa-error-end-before-start = تاریخ پایان نمی‌تواند پیش از { $start } باشد. لطفاً تاریخ دیگری بنویسید.
rwa-error-end-past = این تاریخ گذشته است. لطفاً تاریخی از امروز به بعد بنویسید.
rwa-error-stock-below-issued = تا حالا { $issued } عدد از این جایزه داده شده است؛ موجودی نمی‌تواند کمتر از آن باشد. لطفاً عدد دیگری بنویسید.

rwa-preview-intro = اعضا این جایزه را این‌طور می‌بینند:
rwa-preview-details = جزئیات برای مدیران:
rwa-preview-gone = این پیش‌نمایش قبلاً ذخیره یا کنار گذاشته شده است.
rwa-saved = جایزه‌ی «{ $title }» ذخیره شد و اعضا از همین حالا آن را می‌بینند.
rwa-saved-pooled = پیش از اولین دریافت، کدهای فروشگاه همکار را با «بارگذاری کدها» بفرستید.
rwa-dropped = پیش‌نمایش کنار گذاشته شد و جایزه‌ای ذخیره نشد.
rwa-cancelled = کار روی جایزه لغو شد و چیزی ذخیره نشد.
rwa-unknown = این جایزه پیدا نشد یا بایگانی شده است.
rwa-audience-gone = این گروه دیگر وجود ندارد. لطفاً گزینه‌ی دیگری را انتخاب کنید.

rwa-edit-which = کدام بخش جایزه‌ی «{ $title }» را تغییر می‌دهید؟
rwa-field-title = نام
rwa-field-description = توضیح
rwa-field-value = مقدار تخفیف
rwa-field-cost = هزینه‌ی امتیاز
rwa-field-min-purchase = حداقل خرید
rwa-field-stock = موجودی
rwa-field-per-member = سقف هر عضو
rwa-field-valid-days = مدت اعتبار کد
rwa-field-audience = چه کسانی
rwa-field-window = زمان در دسترس بودن
rwa-updated = «{ $field }» تغییر کرد.

rwa-now-paused = جایزه متوقف شد؛ اعضا دیگر آن را نمی‌بینند.
rwa-now-active = جایزه دوباره فعال شد.
rwa-now-archived = جایزه بایگانی شد.
rwa-already-paused = این جایزه از قبل متوقف بود.
rwa-already-active = این جایزه از قبل فعال بود.
rwa-already-archived = این جایزه از قبل بایگانی شده بود.
rwa-archived-already = این جایزه بایگانی شده است و دیگر تغییر نمی‌کند.
rwa-archive-confirm = جایزه‌ی «{ $title }» بایگانی شود؟ اعضا دیگر آن را نمی‌بینند و نمی‌توان آن را دوباره فعال کرد. کدهایی که قبلاً گرفته شده‌اند معتبر می‌مانند.
rwa-resume-pool-empty = کدهای همکار این جایزه تمام شده است؛ اول با «بارگذاری کدها» کد بفرستید.

rwa-file-not-csv = این فایل CSV نیست. لطفاً کدها را در یک فایل CSV بفرستید.
rwa-file-too-big = این فایل بزرگ‌تر از حد مجاز است. هر فایل حداکثر { $size } کیلوبایت و { $rows } سطر می‌تواند باشد.
rwa-file-unreadable = این فایل خوانده نشد. لطفاً آن را با کدگذاری UTF-8 ذخیره کنید و دوباره بفرستید.
rwa-file-not-text = { rwa-file-unreadable }
rwa-file-empty = در این فایل کدی پیدا نشد. لطفاً در هر سطر یک کد در ستون اول بگذارید.
rwa-file-too-many-rows = این فایل بیشتر از { $rows } سطر دارد. لطفاً کدها را در چند فایل کوچک‌تر بفرستید.
rwa-file-code-too-long = کد سطر { $line } بیشتر از { $limit } حرف است. لطفاً فایل را درست کنید و دوباره بفرستید.
rwa-pool-added =
    کدهای فایل ثبت شد.
    اضافه شد: { $added }
    تکراری، کنار گذاشته شد: { $skipped }
    کدهای آزاد این جایزه: { $free }
rwa-pool-resumed = جایزه‌ی «{ $title }» که با تمام شدن کدها متوقف شده بود، دوباره فعال شد.
