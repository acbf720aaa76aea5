## The till: /purchase and /void (bot/handlers/staff.py)

purchase-error-self = نمی‌توانید برای حساب عضویت خودتان خرید ثبت کنید. لطفاً از همکار دیگری بخواهید آن را ثبت کند.
purchase-error-unverified-phone = شماره‌ی تلفن این عضو تأیید نشده است. لطفاً کد عضویت یا QR کارت عضویت را از او بخواهید.
purchase-already-recorded = این خرید قبلاً ثبت شده است (شماره‌ی خرید { $number }): { $points } امتیاز، موجودی { $balance }

void-line = شماره‌ی خرید { $number } · رسید { $receipt } · { $name } · { $amount } تومان · { $points } امتیاز
void-line-no-receipt = شماره‌ی خرید { $number } · بدون رسید · { $name } · { $amount } تومان · { $points } امتیاز
void-member-gone = عضو حذف‌شده
void-confirm =
    این خرید لغو شود و امتیازش برگردد؟
    { $purchase }
void-confirm-choose =
    این عدد هم شماره‌ی خرید است و هم شماره‌ی رسید. کدام خرید لغو شود؟
    { $purchases }
button-void-yes = بله، لغو شود
button-void-number = لغو خرید { $number }
void-cancelled = خرید لغو نشد و همچنان ثبت است.
void-already-done = این خرید قبلاً لغو شده است (شماره‌ی خرید { $number }): { $reclaimed } امتیاز برگشت خورد، موجودی { $balance }
void-notice = خرید { $amount } تومانی شما در { $club } لغو شد و { $points } امتیاز آن برگشت خورد. موجودی امتیاز شما: { $balance }
