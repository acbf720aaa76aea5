# /whoami: the numeric id an owner puts in ADMIN_IDS (Bale shows it nowhere else).
whoami = شناسه‌ی شما در { $platform }: { $id }
    برای مدیریت باشگاه، مالک فروشگاه این را در تنظیم ADMIN_IDS به شکل { $setting } می‌نویسد.
