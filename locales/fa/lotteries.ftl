## Lotteries (bot/handlers/lotteries.py, bot/club/lotteries.py)

button-admin-lotteries = قرعه‌کشی‌ها
help-cmd-lotteries =
    /lotteries: ساختن قرعه‌کشی، دیدن بلیت‌های فروخته‌شده، قرعه‌کشی یا لغو آن، مثل
    /lotteries

## Members
button-lotteries = قرعه‌کشی‌ها
button-lottery-item = 🎟 { $title }
button-lottery-mine = بلیت‌های من
button-lottery-back = بازگشت
button-lottery-buy = خرید { $count } بلیت
button-lottery-yes = بله، می‌خرم
button-lottery-open = دیدن قرعه‌کشی و خرید بلیت
lottery-list-title = قرعه‌کشی‌هایی که می‌توانید در آن‌ها شرکت کنید:
lottery-list-empty = فعلاً قرعه‌کشی بازی برای شما نیست.
lottery-card =
    🎟 قرعه‌کشی «{ $title }»
    جایزه‌ها:
    { $prizes }
    { $price }
    مهلت خرید بلیت: { $deadline }
lottery-prize-line = { $prize }. { $text }
lottery-prize-points = { $prize }. { $text } (و { $points } امتیاز)
lottery-price = قیمت هر بلیت: { $price } امتیاز
lottery-free = شرکت رایگان است (یک بلیت برای هر عضو).
lottery-cap = هر عضو حداکثر { $cap } بلیت.
lottery-commitment = کد تعهد قرعه‌کشی (SHA-256): { $commitment }
lottery-yours = بلیت‌های شما: { $tickets }
lottery-balance = موجودی امتیاز شما: { $balance } امتیاز
lottery-confirm =
    خرید { $count } بلیت برای «{ $title }»
    هزینه: { $cost } امتیاز
    موجودی فعلی شما: { $balance } امتیاز
    می‌خرید؟
lottery-too-few-points = این خرید { $cost } امتیاز لازم دارد و موجودی شما { $balance } امتیاز است. با خریدهای بعدی امتیاز جمع کنید و دوباره سر بزنید.
lottery-too-few-points-short = موجودی امتیاز شما برای این خرید کافی نیست.
lottery-bought = بلیت شما ثبت شد. موفق باشید!
lottery-already-bought = این خرید قبلاً انجام شده است؛ دوباره امتیازی کم نشد.
lottery-cap-reached = به سقف بلیت این قرعه‌کشی رسیده‌اید.
lottery-closed = مهلت خرید بلیت این قرعه‌کشی تمام شده است.
lottery-unknown = این قرعه‌کشی پیدا نشد یا برای شما نیست.
lottery-not-for-you = این قرعه‌کشی برای گروه دیگری از اعضاست.
lottery-mine-title = بلیت‌های شما:
lottery-mine-empty = هنوز در قرعه‌کشی‌ای شرکت نکرده‌اید.
lottery-mine-line = «{ $title }»: { $tickets } بلیت، { $state }
lottery-mine-won = برنده‌ی «{ $prize }» شدید 🎉
lottery-mine-drawn = قرعه‌کشی انجام شد
lottery-status-open = باز
lottery-status-drawing = در حال قرعه‌کشی
lottery-status-drawn = قرعه‌کشی انجام شد
lottery-status-cancelled = لغو شد

## Notices the club sends by itself
lottery-you-won = 🎉 تبریک! در قرعه‌کشی «{ $title }» برنده‌ی «{ $prize }» شدید.
lottery-result =
    قرعه‌کشی «{ $title }» انجام شد.
    برندگان:
    { $winners }
    کد مخفی قرعه‌کشی: { $seed }
    کد تعهدی که از ابتدا اعلام شد: { $commitment }
    هر کسی می‌تواند نتیجه را با این کد دوباره حساب کند (python -m bot verify-draw { $lottery }).
lottery-result-line = { $prize }. { $text }: { $name }
lottery-result-nobody = کسی بلیت نخریده بود.
lottery-winner-anonymous = یکی از اعضا
lottery-cancelled-refund = قرعه‌کشی «{ $title }» لغو شد و { $points } امتیازی که برای بلیت‌ها داده بودید به موجودی شما برگشت.
lottery-cancelled-free = قرعه‌کشی «{ $title }» لغو شد.
ledger-lottery = خرید بلیت قرعه‌کشی
ledger-lottery-refund = بازگشت امتیاز بلیت قرعه‌کشی
ledger-lottery-prize = جایزه‌ی قرعه‌کشی

## Admins
button-lta-item = { $title } · { $status }
button-lta-new = قرعه‌کشی جدید
button-lta-draw = قرعه‌کشی کن
button-lta-cancel = لغو قرعه‌کشی
button-lta-draw-yes = بله، قرعه‌کشی کن
button-lta-cancel-yes = بله، لغو کن
button-lta-save = ذخیره و اعلام
button-lta-drop = دور انداختن
lta-list-title = قرعه‌کشی‌ها:
lta-list-empty = هنوز قرعه‌کشی‌ای ساخته نشده است. با دکمه‌ی زیر اولی را بسازید.
lta-status = وضعیت: { $status }
lta-audience = مخاطبان: { $audience }
lta-audience-all = همه‌ی اعضا
lta-sold = { $tickets } بلیت فروخته شده به { $people } عضو
lta-winner-line = برنده‌ی جایزه‌ی { $prize } («{ $text }»): { $name }
lta-seed =
    کد مخفی (آشکار شده): { $seed }
    بررسی: python -m bot verify-draw { $lottery }
lta-draw-confirm = قرعه‌کشی «{ $title }» همین حالا انجام شود؟ بعد از آن بلیتی فروخته نمی‌شود.
lta-cancel-confirm = قرعه‌کشی «{ $title }» لغو شود؟ امتیاز همه‌ی بلیت‌ها به خریداران برمی‌گردد.
lta-drawn = قرعه‌کشی انجام شد.
lta-cancelled = قرعه‌کشی لغو شد و امتیاز بلیت‌ها برگشت.
lta-not-open = این قرعه‌کشی دیگر باز نیست؛ کاری انجام نشد.
lta-ask-title = نام قرعه‌کشی را بنویسید (حداکثر ۶۴ حرف).
lta-ask-prizes =
    جایزه‌ها را بنویسید، هر جایزه در یک خط (حداکثر { $most } جایزه، به ترتیب: اول جایزه‌ی اول).
    اگر جایزه امتیاز هم دارد، امتیاز را بعد از علامت + بنویسید، مثل:
    هدفون بی‌سیم
    امتیاز هدیه + ۵۰۰
lta-ask-price = قیمت هر بلیت چند امتیاز باشد؟ برای شرکت رایگان (یک بلیت برای هر عضو) ۰ بنویسید.
lta-ask-per-member = هر عضو حداکثر چند بلیت بخرد؟
lta-ask-audience = این قرعه‌کشی برای چه کسانی باشد؟
lta-ask-deadline = مهلت خرید بلیت و زمان قرعه‌کشی را به تاریخ شمسی بنویسید، مثل ۱۴۰۵/۰۹/۱۰ ۱۸:۳۰
lta-error-title = نام قرعه‌کشی باید بین ۱ و { $most } حرف باشد. لطفاً دوباره بنویسید.
lta-error-prizes = جایزه‌ها را نشناختیم. هر جایزه در یک خط و حداکثر { $length } حرف، حداکثر { $most } جایزه؛ امتیاز فقط به شکل عدد بعد از + بیاید.
lta-error-price = قیمت را به شکل یک عدد بنویسید، مثل ۵۰ (یا ۰ برای رایگان).
lta-error-per-member = تعداد بلیت را به شکل عددی بین ۱ و { $most } بنویسید.
lta-error-deadline = این تاریخ و ساعت را نشناختیم. لطفاً مثل ۱۴۰۵/۰۹/۱۰ ۱۸:۳۰ بنویسید.
lta-error-deadline-past = این زمان گذشته است (الان { $now } است). لطفاً زمانی در آینده بنویسید.
lta-error-deadline-far = این زمان بیش از یک سال بعد است. لطفاً زمانی در یک سال آینده بنویسید.
lta-use-buttons = لطفاً یکی از دکمه‌ها را بزنید.
lta-preview-intro = اعضا قرعه‌کشی را این‌طور می‌بینند. با ذخیره، برای مخاطبان اعلام می‌شود:
lta-preview-gone = این پیش‌نمایش دیگر معتبر نیست.
lta-segment-gone = این گروه مخاطبان دیگر وجود ندارد. لطفاً گروه دیگری انتخاب کنید.
lta-dropped = قرعه‌کشی دور انداخته شد.
lta-saved = قرعه‌کشی «{ $title }» ساخته شد و برای مخاطبان اعلام می‌شود.
lta-flow-cancelled = ساختن قرعه‌کشی لغو شد.
