## The team: roles, invites, /admin, /team, /audit (bot/handlers/team.py, team_invite.py)

role-owner = مالک
role-admin = مدیر
role-staff = صندوق‌دار
role-marketer = بازاریاب

team-not-allowed = این کار در نقش شما ({ $roles }) نیست و چیزی تغییر نکرد. اگر لازم است، از مدیر فروشگاه بخواهید.
team-owner-fixed = نقش مالک فقط در تنظیمات ربات (ADMIN_IDS) تغییر می‌کند، نه در گفتگو.
team-role-not-yours = دادن یا گرفتن نقش «{ $role }» فقط کار مالک فروشگاه است.

admin-menu = چه کاری می‌خواهید انجام دهید؟
admin-menu-empty = نقش شما هنوز کاری در این منو ندارد؛ کارهای تازه که اضافه شوند، اینجا می‌آیند.
button-admin-purchase = ثبت خرید
button-admin-void = لغو خرید
button-admin-team = همکاران
button-admin-audit = گزارش کارهای تیم

team-title = همکاران فروشگاه:
team-line = { $name } · { $roles } · { $platform } · از { $since }
team-line-owner = { $name } · { $roles } · { $platform }
button-team-add = افزودن همکار
button-team-revoke = گرفتن نقش { $role } از { $name }
team-choose-role = همکار تازه چه نقشی داشته باشد؟
team-invite-links =
    لینک دعوت برای نقش «{ $role }» آماده است. آن را فقط برای همان همکار بفرستید؛ یک بار و تا ۲۴ ساعت کار می‌کند:
    { $links }
team-invite-link-line = { $platform }: { $link }
team-revoked = نقش «{ $role }» از { $name } گرفته شد.
team-revoke-gone = { $name } نقش «{ $role }» را ندارد؛ چیزی تغییر نکرد.

team-invite-confirm = شما برای نقش «{ $role }» در تیم { $club } دعوت شده‌اید. می‌پذیرید؟
button-team-accept = بله، می‌پذیرم
button-team-decline = نه
team-invite-accepted = از این به بعد نقش «{ $role }» را دارید. برای دیدن کارهایی که می‌توانید انجام دهید /admin را بفرستید.
team-invite-declined = دعوت را نپذیرفتید و چیزی تغییر نکرد.
team-invite-unknown = این لینک دعوت معتبر نیست. لطفاً از مدیر فروشگاه لینک تازه بخواهید.
team-invite-used = این لینک دعوت قبلاً استفاده شده است و دوباره کار نمی‌کند. لطفاً از مدیر فروشگاه لینک تازه بخواهید.
team-invite-expired = مهلت ۲۴ ساعته‌ی این لینک دعوت تمام شده است. لطفاً از مدیر فروشگاه لینک تازه بخواهید.
team-invite-held = شما همین حالا نقش «{ $role }» را دارید؛ لینک دعوت استفاده نشد.

audit-title = آخرین کارهای تیم:
audit-empty = هنوز کاری در گزارش ثبت نشده است.
audit-line = { $when } · { $actor } ({ $role }) · { $action } · { $target }
audit-no-role = بدون نقش
audit-action-role_granted = گرفتن نقش
audit-action-role_revoked = گرفتن نقش از همکار
audit-action-invite_created = ساختن لینک دعوت
audit-action-purchase = ثبت خرید
audit-action-void = لغو خرید

help-team-title = کارهای شما در تیم فروشگاه:
help-cmd-purchase =
    /purchase کد-عضویت-یا-تلفن مبلغ-به-تومان [شماره-رسید]: ثبت خرید، مثل
    /purchase ۰۹۱۲۱۲۳۴۵۶۷ ۲۵۰۰۰۰ R-۱۰۰۱
help-cmd-void =
    /void شماره-خرید-یا-رسید: لغو خرید، مثل
    /void #۱۲۳
help-cmd-admin =
    /admin: دکمه‌ی همه‌ی کارهایی که نقش شما اجازه می‌دهد، مثل
    /admin
help-cmd-team =
    /team: فهرست همکاران، افزودن همکار با لینک دعوت و گرفتن نقش، مثل
    /team
help-cmd-audit =
    /audit: بیست کار آخر تیم، مثل
    /audit

## Member lookup and corrections (bot/handlers/member.py)

button-admin-member = جستجوی عضو
help-cmd-member =
    /member کد-عضویت-یا-تلفن: نام، سطح، موجودی امتیاز و آخرین خریدهای عضو، مثل
    /member ۰۹۱۲۱۲۳۴۵۶۷
member-usage = لطفاً کد عضویت یا شماره‌ی تلفن عضو را بعد از دستور بنویسید، مثل /member ۰۹۱۲۱۲۳۴۵۶۷
member-card =
    { $name } (کد { $code })
    سطح: { $tier } · موجودی امتیاز: { $balance }
    تلفن: { $phone }
member-card-birthdate = تاریخ تولد: { $birthdate }
member-purchases-title = آخرین خریدها:
member-no-purchases = هنوز خریدی ثبت نشده است.
member-purchase-line = شماره‌ی خرید { $number } · { $amount } تومان · { $date }
member-purchase-line-voided = شماره‌ی خرید { $number } · { $amount } تومان · { $date } (لغو شده)
button-member-fix-birthdate = اصلاح تاریخ تولد
member-gone = این عضو دیگر در باشگاه نیست؛ چیزی تغییر نکرد.
member-fix-ask = تاریخ تولد درست { $name } را به شکل ۱۳۷۰/۰۵/۱۲ بنویسید.
member-fix-confirm = تاریخ تولد { $name } به { $date } اصلاح شود؟
member-fix-saved = تاریخ تولد { $name } به { $date } اصلاح شد و به خود او هم خبر دادیم.
member-fix-cancelled = اصلاح تاریخ تولد لغو شد و چیزی تغییر نکرد.
member-birthdate-corrected = تاریخ تولد شما در باشگاه به درخواست فروشگاه به { $date } اصلاح شد. اگر درست نیست، به فروشگاه بگویید.
audit-action-member_lookup = دیدن اطلاعات عضو
audit-action-birth_date_corrected = اصلاح تاریخ تولد
