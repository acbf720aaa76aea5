## CSV exports (bot/handlers/exports.py, bot/club/exports.py)

button-admin-export = خروجی
help-cmd-export =
    /export: فایل اکسل (CSV) اعضا، تراکنش‌های امتیاز، خریدها و پاسخ نظرسنجی‌ها، مثل
    /export
exports-menu = از کدام بخش خروجی می‌خواهید؟ فایل‌ها CSV هستند و در اکسل باز می‌شوند.
button-exports-members = اعضا
button-exports-ledger = تراکنش‌های امتیاز
button-exports-purchases = خریدها
button-exports-surveys = پاسخ نظرسنجی‌ها
exports-preparing = خروجی «{ $what }» در حال آماده شدن است. فایل‌ها همین‌جا فرستاده می‌شوند؛ برای داده‌های زیاد ممکن است چند دقیقه طول بکشد.
exports-busy = یک خروجی دیگر در حال آماده شدن است. لطفاً پس از رسیدن فایل‌ها دوباره امتحان کنید.
exports-failed = آماده کردن خروجی انجام نشد. لطفاً کمی بعد دوباره امتحان کنید.
exports-revoked = خروجی «{ $what }» فرستاده نشد، چون نقش شما دیگر اجازه‌ی گرفتن خروجی ندارد. اگر هنوز لازم است، از مالک فروشگاه بخواهید.
exports-not-sent = فرستادن خروجی «{ $what }» انجام نشد. لطفاً کمی بعد دوباره آن را بخواهید.
exports-part-not-sent = از خروجی «{ $what }»، بخش { $part } از { $parts } فرستاده نشد. لطفاً کمی بعد خروجی را دوباره بخواهید.
audit-action-export = گرفتن خروجی
audit-action-export_refused = خروجی فرستاده نشد (نقش گرفته شده بود)
audit-action-export_not_sent = فایل‌های خروجی نرسید
exports-caption = خروجی «{ $what }»: { $rows } ردیف
exports-caption-part = خروجی «{ $what }»، بخش { $part } از { $parts } ({ $rows } ردیف در کل). هر بخش یک فایل CSV کامل با سرستون‌هاست.

## Column headers: a date or time is two columns, Jalali then Gregorian (ISO)

exports-col-jalali = { $column } (شمسی)
exports-col-iso = { $column } (میلادی)
exports-col-id = شناسه
exports-col-member = کد عضویت
exports-col-name = نام
exports-col-phone = تلفن
exports-col-phone-verified = تلفن تأییدشده
exports-col-birth-date = تاریخ تولد
exports-col-balance = موجودی امتیاز
exports-col-tier = سطح
exports-col-referrer = کد عضویت معرف
exports-col-campaign = کمپین
exports-col-messengers = پیام‌رسان‌ها
exports-col-joined = تاریخ عضویت
exports-col-last-active = آخرین فعالیت
exports-col-promo = دریافت پیام تبلیغاتی
exports-col-status = وضعیت
exports-col-erased = تاریخ حذف حساب
exports-col-points = امتیاز
exports-col-kind = نوع
exports-col-ref = مرجع
exports-col-date = تاریخ
exports-col-purchase = شماره‌ی خرید
exports-col-amount = مبلغ پرداختی (تومان)
exports-col-discount = تخفیف (تومان)
exports-col-points-paid = امتیاز پرداختی
exports-col-points-paid-toman = ارزش امتیاز پرداختی (تومان)
exports-col-points-earned = امتیاز دریافتی
exports-col-receipt = شماره‌ی رسید
exports-col-source = روش ثبت
exports-col-staff = ثبت‌کننده
exports-col-voided = تاریخ ابطال
exports-col-survey-id = شماره‌ی نظرسنجی
exports-col-survey = نظرسنجی
exports-col-response = شماره‌ی پاسخ
exports-col-started = شروع
exports-col-completed = پایان
exports-col-question-number = شماره‌ی پرسش
exports-col-question = پرسش
exports-col-answer = پاسخ
exports-col-answered = زمان پاسخ

## Cell values

exports-yes = بله
exports-no = خیر
exports-status-active = فعال
exports-status-erased = حذف‌شده
exports-status-valid = معتبر
exports-status-voided = باطل‌شده
