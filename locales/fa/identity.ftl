## Identity: a phone number is not a person (bot/club/links.py, bot/conversations/link.py)

## A newcomer whose link request ended without a link chooses
button-join-separately = عضویت جداگانه
identity-ended-declined = صاحب این حساب درخواست اتصال را تأیید نکرد. می‌توانید جداگانه عضو شوید یا انصراف دهید.
identity-ended-expired = درخواست اتصال تا { $minutes } دقیقه پاسخی نگرفت. می‌توانید جداگانه عضو شوید یا انصراف دهید.
identity-ended-declined-recently = صاحب این حساب درخواست شما را به‌تازگی رد کرده است و تا ۲۴ ساعت دوباره از او پرسیده نمی‌شود. می‌توانید جداگانه عضو شوید یا انصراف دهید.
identity-ended-asked-often = امروز چند بار درباره‌ی شما از صاحب این حساب پرسیده‌ایم و تا ۲۴ ساعت دوباره از او پرسیده نمی‌شود. می‌توانید جداگانه عضو شوید یا انصراف دهید.
identity-ended-unreachable = پیام تأیید به صاحب این شماره نرسید. می‌توانید جداگانه عضو شوید یا انصراف دهید.
identity-ended-gone = حسابی که از آن تأیید خواسته بودیم دیگر وجود ندارد. می‌توانید جداگانه عضو شوید یا انصراف دهید.

## An account's phone went to someone the messenger vouched for
identity-phone-released = شماره‌ی تلفن این حساب را کس دیگری با تأیید پیام‌رسان ثبت کرد. نام، امتیازها و تاریخچه‌ی شما سر جایش است، اما این شماره دیگر به حساب شما وصل نیست.
identity-joined-without-phone = این شماره به نام عضو دیگری است، برای همین حساب شما بدون شماره‌ی تلفن باز شد.
profile-no-phone = ثبت نشده

## Joining again, and a friend's first purchase
signup-rejoined = شما پیش‌تر عضو باشگاه بوده‌اید، برای همین هدیه‌های عضویت دوباره داده نمی‌شود.
referral-credited-purchase = دوست شما { $name } اولین خریدش را انجام داد و { $points } امتیاز دعوت به شما رسید!
referral-reversed = خرید دوست شما { $name } لغو شد، برای همین { $points } امتیاز دعوت از موجودی شما کم شد.
ledger-referral-void = لغو خرید دوست
