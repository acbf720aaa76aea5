## Members spend points: «جوایز»، «کدهای من»، پس دادن کد (bot/handlers/rewards.py)

button-rewards = جوایز
button-my-codes = کدهای من
ledger-redeem = دریافت جایزه
ledger-redeem-refund = پس دادن کد جایزه

## The catalog
rewards-balance = موجودی امتیاز شما: { $balance } امتیاز
rewards-title = جوایزی که می‌توانید بگیرید:
rewards-empty = فعلاً جایزه‌ای برای شما نیست. با خریدهای بعدی امتیاز جمع کنید و دوباره سر بزنید.
rewards-page = صفحه‌ی { $page } از { $pages }
rewards-line = { $title } · { $cost } امتیاز · { $standing }
rewards-line-left = { $line } · { $left } عدد باقی مانده
rewards-covered = موجودی شما کافی است
rewards-missing = { $missing } امتیاز کم دارید
button-reward-item = { $title } · { $cost } امتیاز
button-rewards-next = بعدی
button-rewards-prev = قبلی

## One reward
reward-detail-title = 🎁 «{ $title }»
reward-gives-percent = { $value }٪ تخفیف
reward-gives-amount = { $value } تومان تخفیف
reward-gives-item = یک هدیه‌ی رایگان
reward-gives-min = { $gives }، برای خرید حداقل { $amount } تومان
reward-detail-cost = هزینه: { $cost } امتیاز
reward-detail-after = موجودی شما پس از دریافت: { $balance } امتیاز
reward-detail-missing = برای این جایزه { $missing } امتیاز دیگر لازم دارید.
reward-detail-validity = کد تخفیف تا { $days } روز پس از دریافت اعتبار دارد.
reward-detail-left = { $left } عدد باقی مانده است.
reward-detail-confirm = دریافت می‌کنید؟
button-reward-take = دریافت

## Taken
reward-taken =
    کد تخفیف شما برای «{ $title }»:
    { $code }
    { $gives }
    تا { $expires } اعتبار دارد.
    موجودی امتیاز شما: { $balance }
    این کد را هنگام خرید به صندوق‌دار نشان دهید.
reward-taken-partner = کد فروشگاه همکار: { $code }
reward-qr-caption = کد { $code } · تا { $expires } اعتبار دارد
reward-not-taken = جایزه دریافت نشد و امتیازهای شما دست نخورد.
reward-already-taken = این جایزه یک بار دریافت شد. کد شما: { $code }
reward-pool-empty-team = کدهای فروشگاه همکار برای جایزه‌ی «{ $title }» تمام شد و جایزه متوقف شد. برای ادامه، کدهای تازه بارگذاری کنید.

## Refusals
reward-refused-points = امتیاز شما برای این جایزه کافی نیست؛ { $missing } امتیاز دیگر لازم دارید.
reward-refused-stock = متأسفیم، این جایزه تمام شد. جوایز دیگر را در «جوایز» ببینید.
reward-refused-limit = سهم شما از این جایزه گرفته شده است (هر عضو { $limit } بار).
reward-refused-gone = این جایزه دیگر برای شما در دسترس نیست.

## My codes
codes-empty = هنوز کدی نگرفته‌اید. از «جوایز» یکی را انتخاب کنید.
codes-title-active = کدهای قابل استفاده:
codes-title-closed = کدهای قبلی:
codes-line-active = { $code } · «{ $title }» · { $gives } · تا { $expires }
codes-line-partner = کد فروشگاه همکار: { $code }
codes-line-closed = { $code } · «{ $title }» · { $status }
code-status-used = استفاده شده
code-status-expired = منقضی شده
code-status-returned = پس داده شده
code-status-cancelled = لغو شده
code-not-usable = این کد دیگر قابل استفاده نیست ({ $status }).
button-code-qr = QR { $code }
button-code-giveback = پس دادن { $code }

## Giving a code back
giveback-confirm = کد { $code } («{ $title }») را پس می‌دهید؟ { $cost } امتیاز به موجودی شما برمی‌گردد و این کد دیگر کار نمی‌کند.
button-giveback-yes = بله، پس می‌دهم
button-giveback-no = نه، نگه می‌دارم
giveback-done = کد { $code } پس داده شد و { $cost } امتیاز به موجودی شما برگشت. موجودی امتیاز شما: { $balance }
giveback-kept = کد شما سر جایش است و همچنان اعتبار دارد.
reward-giveback-used = این کد استفاده شده است و پس دادنی نیست.
reward-giveback-expired = این کد منقضی شده است و پس دادنی نیست.
reward-giveback-returned = این کد قبلاً پس داده شده و امتیازش برگشته است.
reward-giveback-cancelled = این کد را فروشگاه لغو کرده و امتیازش برگشته است.
reward-giveback-pooled = کد فروشگاه همکار پس دادنی نیست، چون پیش‌تر به شما نشان داده شده است.
