## Points expiry (bot/club/expiry.py): the history line, the warnings, the notice

## History lines
ledger-expiry = انقضای امتیاز

## Notices
# $date: the last day the points are valid (a Jalali date).
expiry-warning = { $points } امتیاز از موجودی شما تا پایان { $date } اعتبار دارد و پس از آن منقضی می‌شود. تا آن روز می‌توانید با این امتیازها جایزه بگیرید.
expiry-done = { $points } امتیاز شما منقضی شد، چون بیش از { $months } ماه از گرفتن آن گذشته بود. موجودی امتیاز شما اکنون { $balance } است.
