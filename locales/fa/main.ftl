## Vafa — Persian texts (the club's voice: warm, brief, respectful; see shared/GLOSSARY.md)

## Formats
date-format = { $day } { $month } { $year }
datetime-format = { $date }، ساعت { $time }
month-1 = فروردین
month-2 = اردیبهشت
month-3 = خرداد
month-4 = تیر
month-5 = مرداد
month-6 = شهریور
month-7 = مهر
month-8 = آبان
month-9 = آذر
month-10 = دی
month-11 = بهمن
month-12 = اسفند
platform-telegram = تلگرام
platform-bale = بله
tier-bronze = برنزی
tier-silver = نقره‌ای
tier-gold = طلایی
tier-diamond = الماسی

## Commands menu
command-start = شروع و منوی اصلی
command-help = راهنما
command-cancel = انصراف از کار فعلی

## Buttons
button-points = امتیاز من
button-history = تاریخچه
button-card = کارت عضویت
button-invite = دعوت از دوستان
button-profile = پروفایل
button-help = راهنما
button-privacy = حریم خصوصی
button-cancel = انصراف
button-skip = رد شدن
button-confirm = تأیید
button-consent-yes = موافقم
button-consent-no = موافق نیستم
button-share-phone = ارسال شماره‌ی من
button-history-more = موارد قبلی
button-edit-name = ویرایش نام
button-edit-birthdate = ویرایش تاریخ تولد
button-export = دریافت اطلاعات من
button-delete = حذف حساب
button-delete-yes = بله، حذف شود
button-delete-no = نه، بماند
button-link-yes = بله، خودم هستم
button-link-no = نه، من نیستم

## Signup
signup-welcome =
    سلام! به باشگاه مشتریان { $club } خوش آمدید.
    با هر خرید امتیاز می‌گیرید و امتیازها را به جایزه و کد تخفیف تبدیل می‌کنید.
signup-consent =
    برای عضویت، نام، شماره‌ی تلفن و (اگر بخواهید) تاریخ تولدتان را نگه می‌داریم تا امتیازهایتان را ثبت کنیم. این اطلاعات به کسی داده نمی‌شود و هر وقت بخواهید می‌توانید آن را دریافت یا حذف کنید.
    با شرایط حریم خصوصی موافقید؟
signup-declined = اشکالی ندارد. اطلاعاتی از شما ثبت نشد. هر وقت خواستید، دوباره /start را بفرستید.
signup-ask-name = نام خود را بنویسید.
signup-ask-phone = لطفاً با دکمه‌ی «ارسال شماره‌ی من» شماره‌ی تلفن خود را بفرستید.
signup-ask-birthdate =
    تاریخ تولد خود را به شکل ۱۳۷۰/۰۵/۱۲ بنویسید تا روز تولدتان هدیه بگیرید.
    اگر نمی‌خواهید، «رد شدن» را بزنید.
signup-cancelled = ثبت‌نام لغو شد. هر وقت خواستید، /start را بفرستید.
signup-done = { $name } عزیز، عضویت شما کامل شد. کد عضویت شما: { $code }
signup-points-welcome = هدیه‌ی عضویت: { $points } امتیاز
signup-points-profile = هدیه‌ی تکمیل پروفایل: { $points } امتیاز
signup-points-referral = هدیه‌ی دعوت دوست: { $points } امتیاز
signup-balance = موجودی امتیاز شما: { $balance }

## Cross-messenger link
link-waiting = این شماره در باشگاه عضو است. برای امنیت حساب، از صاحب این حساب تأیید خواستیم. پس از تأیید، حساب اینجا هم فعال می‌شود.
link-confirm-ask = کسی در { $platform } می‌خواهد با شماره‌ی شما به حساب باشگاه وصل شود. خودتان هستید؟
link-confirmed-owner = تأیید شد. حساب شما در هر دو پیام‌رسان یکی است.
link-declined-owner = درخواست رد شد و حساب شما دست‌نخورده ماند.
link-expired = این درخواست دیگر معتبر نیست.
link-done = { $name } عزیز، حساب شما وصل شد. موجودی امتیاز شما: { $balance }
link-detached = شماره‌ی این حساب در پیام‌رسان دیگری به نام صاحب آن تأیید شد و این گفتگو دیگر به حساب وصل نیست. اگر خودتان هستید، /start را بفرستید و اتصال را از آنجا تأیید کنید.
link-busy = برای این حساب همین حالا یک درخواست اتصال در انتظار تأیید است. لطفاً چند دقیقه بعد دوباره امتحان کنید یا شماره‌ی تلفن خودتان را با دکمه‌ی «ارسال شماره‌ی من» بفرستید.

## Input errors
error-name-empty = نام نمی‌تواند خالی باشد. لطفاً نام خود را بنویسید.
error-name-length = نام باید بین ۲ تا ۶۰ حرف باشد. لطفاً دوباره بنویسید.
error-name-letters = نام فقط می‌تواند حرف داشته باشد، بدون عدد یا نماد. لطفاً دوباره بنویسید.
error-name-link = نام نمی‌تواند لینک یا نام کاربری باشد. لطفاً نام خود را بنویسید.
error-phone-typed = برای امنیت حساب، شماره را تایپ نکنید؛ لطفاً دکمه‌ی «ارسال شماره‌ی من» را بزنید.
error-phone-not-own = فقط شماره‌ی خودتان پذیرفته می‌شود. لطفاً دکمه‌ی «ارسال شماره‌ی من» را بزنید.
error-phone-invalid = این شماره معتبر نیست. لطفاً با دکمه‌ی «ارسال شماره‌ی من» دوباره بفرستید.
error-phone-taken = این شماره پیش‌تر در باشگاه ثبت شده است. لطفاً شماره‌ی خودتان را بفرستید.
error-birthdate-format = این تاریخ معتبر نیست. لطفاً تاریخ تولد را به شکل ۱۳۷۰/۰۵/۱۲ بنویسید.
error-birthdate-impossible = چنین روزی در تقویم وجود ندارد. لطفاً تاریخ را بررسی کنید و دوباره بنویسید.
error-birthdate-future = این تاریخ هنوز نرسیده است. لطفاً تاریخ تولد را به سال شمسی بنویسید، مثل ۱۳۷۰/۰۵/۱۲.
error-birthdate-too-young = عضویت در باشگاه از ۷ سالگی است. لطفاً تاریخ تولد را بررسی کنید.
error-birthdate-too-old = این تاریخ بیش از ۱۱۰ سال پیش است. لطفاً تاریخ تولد را بررسی کنید.
error-birthdate-locked = تاریخ تولد را دیگر نمی‌توان تغییر داد. اگر اشتباهی پیش آمده، به فروشگاه بگویید.
error-sorry = متأسفیم، مشکلی پیش آمد. لطفاً چند لحظه بعد دوباره امتحان کنید.
error-owner-report = خطا در { $platform }: { $error } (به‌روزرسانی { $update }). جزئیات در گزارش سرور است.
flood-slow-down = پیام‌ها خیلی سریع می‌رسند. لطفاً کمی صبر کنید و دوباره بفرستید.

## Menu and hints
menu-welcome-back = { $name } عزیز، خوش آمدید. از منو یکی را انتخاب کنید.
cancelled = لغو شد. از منو یکی را انتخاب کنید.
hint-start = برای عضویت در باشگاه مشتریان، /start را بفرستید.
hint-not-understood = متوجه نشدم. لطفاً یکی از دکمه‌های منو را بزنید.
hint-answer-step = لطفاً به همین پرسش پاسخ دهید یا «انصراف» را بزنید.
hint-stale-button = این دکمه دیگر کار نمی‌کند.
help =
    راهنمای باشگاه مشتریان { $club }:
    «امتیاز من»: موجودی، سطح و امتیاز لازم تا سطح بعد
    «تاریخچه»: امتیازهایی که گرفته‌اید یا خرج کرده‌اید
    «کارت عضویت»: کد و QR برای نشان دادن به صندوق‌دار
    «دعوت از دوستان»: لینک دعوت شما
    «حریم خصوصی»: دریافت یا حذف اطلاعات شما
    هر وقت خواستید کاری را نیمه‌کاره رها کنید، /cancel را بفرستید.

## Points and history
points-balance = موجودی امتیاز: { $balance }
points-tier = سطح شما: { $tier }
points-next = { $points } امتیاز خرید دیگر تا سطح { $tier }
points-top-tier = شما در بالاترین سطح باشگاه هستید.
history-title = تاریخچه‌ی امتیاز:
history-line = { $date } · { $reason } · { $amount }
history-empty = هنوز امتیازی ثبت نشده است.
history-end = مورد قبلی دیگری نیست.
ledger-signup = هدیه‌ی عضویت
ledger-profile = تکمیل پروفایل
ledger-referral = دعوت دوست
ledger-purchase = خرید
ledger-reversal = لغو خرید

## Member card, invite, profile
card-caption =
    کارت عضویت { $name }
    باشگاه مشتریان { $club }
    کد عضویت: { $code }
    سطح: { $tier }
invite-intro = دوستانتان را به باشگاه دعوت کنید: با عضویت هر دوست { $points } امتیاز می‌گیرید و دوستتان هم { $friend_points } امتیاز هدیه می‌گیرد. پیام بعدی را برایشان بفرستید.
invite-forward =
    به باشگاه مشتریان { $club } بپیوندید و هدیه‌ی عضویت بگیرید:
    { $link }
invite-stats =
    { $friends ->
        [zero] هنوز دوستی با لینک شما عضو نشده است.
        [one] تا امروز یک دوست با لینک شما عضو شده است و { $points } امتیاز برایتان آورده است.
       *[other] تا امروز { $friends } دوست با لینک شما عضو شده‌اند و { $points } امتیاز برایتان آورده‌اند.
    }
profile-summary =
    نام: { $name }
    تلفن: { $phone }
    تاریخ تولد: { $birthdate }
    کد عضویت: { $code }
profile-no-birthdate = ثبت نشده
profile-ask-name = نام جدید را بنویسید.
profile-ask-birthdate = تاریخ تولد را به شکل ۱۳۷۰/۰۵/۱۲ بنویسید.
profile-name-saved = نام شما به «{ $name }» تغییر کرد.
profile-birthdate-saved = تاریخ تولد شما ثبت شد: { $date }
profile-birthdate-saved-points = تاریخ تولد شما ثبت شد: { $date }. هدیه‌ی تکمیل پروفایل: { $points } امتیاز

## Privacy
privacy = اطلاعات شما فقط برای باشگاه مشتریان همین فروشگاه نگه داشته می‌شود. اگر با لینک دعوت دوستی عضو شده باشید، آن دوست فقط نام کوچک شما را می‌بیند، نه تلفن یا خریدهایتان را. می‌توانید نسخه‌ای از اطلاعاتتان را بگیرید یا حساب خود را حذف کنید.
export-caption = اطلاعات شما در باشگاه مشتریان
delete-confirm = با حذف حساب، نام، تلفن و تاریخ تولد شما پاک می‌شود و امتیازهایتان از دست می‌رود. مطمئن هستید؟
delete-done = حساب شما حذف شد. هر وقت خواستید، با /start دوباره عضو شوید.
delete-kept = حساب شما حذف نشد.

## Notices
referral-credited = دوست شما { $name } با لینک دعوت شما در باشگاه مشتریان { $club } عضو شد و { $points } امتیاز گرفتید!
purchase-earned = از خرید امروزتان { $points } امتیاز گرفتید. ممنون که از { $club } خرید می‌کنید!
purchase-noted = خریدی به مبلغ { $amount } تومان به نام شما در { $club } ثبت شد. این خرید امتیازی نداشت.
tier-up = تبریک! سطح شما در باشگاه مشتریان { $club } به { $tier } رسید.

## Staff
staff-only = این دستور فقط برای همکاران فروشگاه است.
purchase-usage = شکل دستور: /purchase کد-عضویت-یا-تلفن مبلغ-به-تومان [شماره-رسید]
purchase-error-member = عضوی با این کد یا شماره پیدا نشد.
purchase-error-amount = مبلغ باید عددی بزرگ‌تر از صفر به تومان باشد.
purchase-error-too-large = مبلغ از سقف { $limit } تومان بیشتر است. لطفاً مبلغ را بررسی کنید.
purchase-duplicate = رسید { $receipt } قبلاً ثبت شده است و دوباره امتیاز نمی‌گیرد.
purchase-duplicate-no-receipt = این خرید قبلاً ثبت شده است و دوباره امتیاز نمی‌گیرد.
purchase-confirm =
    ثبت خرید برای { $name } (کد { $code })
    مبلغ: { $amount } تومان
    امتیاز: { $points } (سطح { $tier })
    درست است؟
purchase-cancelled = ثبت خرید لغو شد.
purchase-recorded =
    خرید { $amount } تومانی { $name } ثبت شد: { $points } امتیاز. موجودی: { $balance }
    شماره‌ی خرید { $number }
void-usage = شکل دستور: /void شماره-خرید-یا-رسید، مثل /void #۱۲۳ یا /void R-۱۰۰۱
void-error-unknown = خریدی با شماره یا رسید { $receipt } پیدا نشد.
void-error-already = خرید شماره‌ی { $number } قبلاً لغو شده است.
void-done = خرید شماره‌ی { $number } لغو شد و { $points } امتیاز آن برگشت خورد.
void-done-partial = خرید شماره‌ی { $number } لغو شد. از { $points } امتیاز آن، { $reclaimed } امتیاز برگشت خورد؛ بقیه پیش‌تر خرج شده بود.
