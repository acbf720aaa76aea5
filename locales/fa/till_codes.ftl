## The cashier's codes: /code, «اعمال کد», «پرداخت با امتیاز» (bot/handlers/code_check.py, points_pay.py)

button-admin-code = بررسی کد تخفیف
help-cmd-code =
    /code: بررسی کد تخفیف مشتری و ثبت مصرف آن، مثل
    /code ABCDE-FGHJK
code-usage = شکل دستور: /code کد-تخفیف، مثل /code ABCDE-FGHJK
code-wait = کدهای نادرست زیادی پشت سر هم وارد شد. لطفاً { $minutes } دقیقه‌ی دیگر دوباره امتحان کنید.
code-mistyped = یکی از حروف این کد اشتباه است. لطفاً کد را دوباره با دقت بخوانید و بنویسید.
code-unknown = کدی با این مشخصات پیدا نشد. لطفاً کد را از مشتری دوباره بپرسید.
code-discount-percent = { $value } درصد تخفیف
code-discount-amount = { $value } تومان تخفیف
code-discount-item = { $reward } رایگان
code-someone = یکی از همکاران
code-screen =
    کد تخفیف { $code }
    عضو: { $owner }
    جایزه: { $reward }
    تخفیف: { $discount }
    اعتبار تا: { $expiry }
code-min-purchase = حداقل خرید: { $amount } تومان
code-active = وضعیت: فعال، هنوز مصرف نشده است.
code-used = این کد { $at } به دست { $who } مصرف شده است.
code-expired = اعتبار این کد { $expiry } تمام شده است و دیگر قابل استفاده نیست.
code-returned = عضو این کد را پس داده و امتیازش را برگردانده است؛ دیگر قابل استفاده نیست.
code-cancelled = این کد از طرف فروشگاه لغو شده است و دیگر قابل استفاده نیست.
button-code-use = مصرف شد
button-code-cancel = لغو کد
button-code-cancel-yes = بله، کد لغو شود
code-consumed = کد { $code } برای { $owner } مصرف شد.
code-used-notice = کد تخفیف «{ $reward }» شما در فروشگاه استفاده شد. ممنون که از { $club } خرید می‌کنید!
code-cancel-confirm =
    کد { $code } متعلق به { $owner } لغو شود؟
    امتیاز آن به عضو برمی‌گردد.
code-cancel-done = کد { $code } لغو شد و { $points } امتیاز به عضو برگشت.
code-cancelled-notice = کد تخفیف «{ $reward }» شما از طرف فروشگاه لغو شد و { $points } امتیاز آن به موجودی شما برگشت.
code-promo-screen =
    کد کمپین { $code }
    تخفیف: { $discount }
code-promo-until = اعتبار تا: { $date }
code-promo-left = دفعات باقی‌مانده: { $left }
code-promo-how = این کد با ثبت خرید اعمال می‌شود: در پیش‌نمایش خرید دکمه‌ی «اعمال کد» را بزنید.

## A code applied to a purchase quote
button-till-apply-code = اعمال کد
till-code-ask = کد تخفیف مشتری را بنویسید (یا /cancel برای ثبت خرید بدون کد).
till-code-again = کد دیگری بنویسید، یا با /cancel خرید را بدون کد ثبت کنید.
till-code-cancelled = کدی اعمال نشد. پیش‌نمایش خرید بالا را می‌توانید بدون کد تأیید کنید.
till-code-quote-gone = این پیش‌نمایش خرید دیگر معتبر نیست. لطفاً خرید را دوباره با /purchase وارد کنید.
till-code-applied = کد اعمال شد.
till-code-not-theirs = این کد متعلق به عضو دیگری است و فقط صاحب کد می‌تواند از آن استفاده کند.
till-code-below-minimum = این کد برای خرید حداقل { $amount } تومان است.
till-code-gone = کد تخفیف در این فاصله مصرف یا باطل شده است و خرید ثبت نشد. پیش‌نمایش اول را می‌توانید بدون کد تأیید کنید.
till-code-too-much = تخفیف و امتیاز از مبلغ خرید بیشتر است. لطفاً مبلغ را بررسی کنید.
till-code-used-notice = کد تخفیف شما با این خرید استفاده شد.
purchase-confirm-code =
    ثبت خرید برای { $name } (کد { $code })
    مبلغ: { $amount } تومان
    کد تخفیف { $discount_code }: { $discount } تومان تخفیف
    مبلغ پس از تخفیف: { $net } تومان
    امتیاز: { $points } (سطح { $tier })
    درست است؟
till-recorded-discount = تخفیف کد: { $discount } تومان
till-recorded-points = پرداخت با امتیاز: { $points } امتیاز ({ $toman } تومان)

## Paying with points
button-till-pay-points = پرداخت با امتیاز
points-pay-none = این عضو امتیاز کافی برای پرداخت بخشی از این خرید ندارد.
points-pay-ask =
    فروشگاه { $club } می‌خواهد { $points } امتیاز شما را به ارزش { $toman } تومان از خرید { $amount } تومانی‌تان کم کند.
    مبلغ قابل پرداخت: { $net } تومان
    موافقید؟
button-points-pay-yes = تأیید
button-points-pay-no = نه
points-pay-waiting = درخواست پرداخت { $points } امتیاز ({ $toman } تومان) برای { $name } فرستاده شد. منتظر تأیید عضو در گفتگوی خودش هستیم.
points-pay-not-yours = این درخواست برای شما نیست.
points-pay-answered = به این درخواست قبلاً پاسخ داده شده است.
points-pay-declined-member = باشد، امتیازی از شما کم نشد.
points-pay-declined = عضو پرداخت با امتیاز را نپذیرفت. پیش‌نمایش خرید را می‌توانید بدون امتیاز تأیید کنید.
points-pay-refused-member = این پرداخت انجام نشد و امتیازی از شما کم نشد.
points-pay-short = موجودی امتیاز عضو در این فاصله کم شده است و خرید ثبت نشد. پیش‌نمایش خرید را می‌توانید بدون امتیاز تأیید کنید.
points-pay-done = { $points } امتیاز از شما کم شد و خرید { $amount } تومانی ثبت شد (شماره‌ی خرید { $number }).
ledger-points-pay = پرداخت با امتیاز
ledger-points-pay-void = برگشت امتیاز خرید لغوشده

## Void of a purchase with a code or points
void-points-refunded = { $points } امتیازی که عضو با آن پرداخته بود به او برگشت.
void-points-refunded-notice = { $points } امتیازی که با آن پرداخته بودید به موجودی شما برگشت.
void-code-kept = کد تخفیفی که با این خرید استفاده شد مصرف‌شده می‌ماند.
