# Tiers: the nightly review's notices (bot/club/tier_review.py) and the points screen during a
# grace (bot/handlers/menu.py). Tier names are tier-<key> in main.ftl.
tier-warning =
    یادآوری باشگاه مشتریان { $club }: سطح شما بر پایه‌ی امتیاز خریدهای { $window } روز گذشته است.
    برای ماندن در سطح { $tier }، تا پایان { $date } به { $points } امتیاز خرید دیگر نیاز دارید.
tier-grace =
    امتیاز خریدهای { $window } روز گذشته‌ی شما به حد سطح { $tier } نمی‌رسد، اما این سطح تا پایان { $date } برای شما می‌ماند.
    برای حفظ آن، تا آن روز { $points } امتیاز خرید دیگر کسب کنید.
tier-down =
    سطح شما در باشگاه مشتریان { $club } اکنون { $tier } است.
    با { $points } امتیاز خرید دیگر دوباره به سطح { $previous } برمی‌گردید؛ منتظر دیدارتان هستیم.
tier-grace-status = سطح { $tier } تا پایان { $date } برای شما می‌ماند؛ برای حفظ آن { $points } امتیاز خرید دیگر لازم است.
