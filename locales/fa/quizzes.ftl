## Quizzes (bot/handlers/quizzes.py, bot/club/quizzes.py)

button-admin-quizzes = مسابقه‌ها
help-cmd-quizzes =
    /quizzes: ساختن مسابقه، اعلام آن به اعضا و دیدن نتیجه‌ها، مثل
    /quizzes
button-quizzes = مسابقه‌ها
ledger-quiz = جایزه‌ی مسابقه

quizzes-home = مسابقه‌های اخیر را ببینید یا مسابقه‌ی تازه‌ای بسازید:
quizzes-none = هنوز مسابقه‌ای ساخته نشده است. با دکمه‌ی زیر اولین مسابقه را بسازید.
button-quiz-new = مسابقه‌ی جدید
button-quiz-item = { $title } ({ $status })
quiz-status-open = باز
quiz-status-closed = بسته‌شده
button-quiz-back = بازگشت

quiz-ask-title = عنوان مسابقه را بنویسید (حداکثر { $most } حرف)؛ مثلاً «مسابقه‌ی یلدا».
quiz-title-wrong = عنوان مسابقه باید بین ۱ و { $most } حرف باشد. لطفاً دوباره بنویسید.
quiz-ask-question = متن پرسش { $number } را بنویسید.
quiz-ask-next-question = پرسش ذخیره شد. متن پرسش { $number } را بنویسید، یا اگر پرسش‌ها تمام است «پایان پرسش‌ها» را بزنید.
button-quiz-done = پایان پرسش‌ها
quiz-question-wrong = متن پرسش خالی است یا از { $most } حرف بیشتر است. لطفاً دوباره بنویسید.
quiz-ask-choices = گزینه‌های این پرسش را بنویسید، هر گزینه در یک خط (۲ تا { $most } گزینه).
quiz-choices-count = هر پرسش { $least } تا { $top } گزینه دارد. لطفاً هر گزینه را در یک خط بنویسید.
quiz-choice-long = هر گزینه حداکثر { $length } حرف است. لطفاً گزینه‌ها را کوتاه‌تر بنویسید.
quiz-choices-same = دو گزینه یکسان است. لطفاً گزینه‌های متفاوت بنویسید.
quiz-ask-correct =
    کدام گزینه درست است؟ شماره‌ی آن را بفرستید:
    { $choices }
quiz-choice-line = { $number }. { $choice }
quiz-correct-wrong = لطفاً فقط شماره‌ی گزینه‌ی درست را از فهرست بالا بفرستید.
quiz-ask-points = برای هر پاسخ درست چند امتیاز داده شود؟ عددی از ۰ تا { $most } بفرستید.
quiz-points-wrong = لطفاً عددی از ۰ تا { $points } بفرستید.
quiz-ask-opens = مسابقه کی شروع شود؟ «همین حالا» را بزنید یا تاریخ و ساعت را به شمسی بنویسید، مثل ۱۴۰۵/۰۹/۱۰ ۱۸:۳۰
button-quiz-now = همین حالا
quiz-ask-closes = مسابقه کی تمام شود؟ تاریخ و ساعت را به شمسی بنویسید، مثل ۱۴۰۵/۰۹/۱۲ ۲۱:۰۰
quiz-time-wrong = این تاریخ و ساعت را نشناختیم. لطفاً مثل ۱۴۰۵/۰۹/۱۰ ۱۸:۳۰ بنویسید.
quiz-time-past = این زمان گذشته است (الان { $now } است). لطفاً زمانی در آینده بنویسید.
quiz-time-far = این زمان بیش از یک سال بعد است. لطفاً تاریخ را به شمسی و در یک سال آینده بنویسید.
quiz-close-before-open = پایان مسابقه باید بعد از شروع آن باشد. لطفاً زمان دیرتری بنویسید.
quiz-ask-audience = این مسابقه برای چه کسانی است؟
button-quiz-everyone = همه‌ی اعضا
quiz-audience-everyone = همه‌ی اعضا
quiz-segment-gone = این گروه مخاطبان دیگر وجود ندارد. لطفاً دوباره انتخاب کنید.

quiz-announcement =
    مسابقه‌ی «{ $title }»
    { $questions } پرسش؛ برای هر پاسخ درست { $points } امتیاز.
    از { $opens } تا { $closes }
    رتبه‌ی اول با بیشترین پاسخ درست است و اگر برابر باشد، با زمان کمتر.
button-quiz-go = شرکت در مسابقه
quiz-preview-question = پرسش { $number }: { $question }
quiz-preview-choice = ▫️ { $choice }
quiz-preview-right = ✅ { $choice }
quiz-preview-summary = مخاطبان: { $audience } ({ $count } نفر که پیام تبلیغاتی می‌گیرند). منتشر شود؟
button-quiz-publish = انتشار
button-quiz-drop = دور انداختن
quiz-published = مسابقه منتشر شد. اعلام آن برای اعضا فرستاده می‌شود.
quiz-dropped = پیش‌نویس مسابقه دور انداخته شد.
quiz-cancelled = ساختن مسابقه لغو شد و چیزی ذخیره نشد.

quiz-results =
    نتیجه‌ی مسابقه‌ی «{ $title }» ({ $status })
    از { $opens } تا { $closes }
    شرکت‌کنندگان: { $participants } نفر
quiz-results-rate = پرسش { $number }: { $right } پاسخ درست از { $answers } ({ $percent } درصد)
quiz-board-line = { $rank }. { $name }: { $correct } پاسخ درست در { $seconds } ثانیه
quiz-board-someone = یک عضو

quizzes-member-list = مسابقه‌های باز برای شما:
quizzes-member-none = الان مسابقه‌ی بازی برای شما نیست. مسابقه‌های تازه را به شما خبر می‌دهیم.
button-quiz-open = { $title } (تا { $closes })
quiz-question =
    { $title }، پرسش { $number } از { $questions }:
    { $question }
quiz-your-answer = پاسخ شما: { $choice }
quiz-answer-saved = پاسخ شما ثبت شد.
quiz-answer-already = به این پرسش پاسخ داده‌اید و پاسخ قابل تغییر نیست.
quiz-answer-not-yours = این پرسش برای شما باز نشده است. مسابقه را از «مسابقه‌ها» در منو باز کنید.
quiz-all-answered = به همه‌ی پرسش‌ها پاسخ داده‌اید. نتیجه و رتبه‌ی شما { $closes } اعلام می‌شود.
quiz-closed = این مسابقه تمام شده است و پاسخ تازه پذیرفته نمی‌شود.
quiz-not-yet = این مسابقه هنوز شروع نشده است.
quiz-not-for-you = این مسابقه برای گروه دیگری از اعضاست.
quiz-result-notice =
    مسابقه‌ی «{ $title }» تمام شد.
    شما به { $correct } پرسش از { $questions } پرسش پاسخ درست دادید و { $points } امتیاز گرفتید.
    رتبه‌ی شما: { $rank } از { $participants } نفر
    برترین‌ها:
    { $board }
