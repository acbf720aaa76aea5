## Reading typed input: phones, member codes, receipt ids (see bot/club/phones.py, codes.py, receipts.py)

## Phone step of signup: what was typed decides the hint; the button is the only way in
error-phone-typed-valid = نیازی به تایپ شماره نیست. لطفاً دکمه‌ی «ارسال شماره‌ی من» را بزنید تا شماره‌تان تأیید شود.
error-phone-typed-invalid = این شماره‌ی همراه معتبر نیست. لطفاً به‌جای تایپ، دکمه‌ی «ارسال شماره‌ی من» را بزنید.

## A phone number typed at the till
error-phone-number-invalid = این شماره‌ی تلفن معتبر نیست. لطفاً آن را بررسی کنید و دوباره بنویسید.
error-phone-number-length = تعداد رقم‌های این شماره درست نیست. شماره‌ی همراه یازده رقم دارد، مثل ۰۹۱۲۱۲۳۴۵۶۷.
error-phone-number-landline = این شماره‌ی تلفن ثابت است. لطفاً شماره‌ی همراه عضو را بنویسید، مثل ۰۹۱۲۱۲۳۴۵۶۷.

## Member codes
error-member-code-mistyped = کد عضویت اشتباه تایپ شده است. لطفاً آن را از روی کارت عضویت دوباره بنویسید.

## Receipt ids
error-receipt-too-long = شماره‌ی رسید بیش از ۶۴ نویسه است. لطفاً فقط شماره‌ی رسید را بنویسید.
error-receipt-invalid = این شماره‌ی رسید معتبر نیست. لطفاً آن را بدون فاصله دوباره بنویسید.
