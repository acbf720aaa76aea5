## Quizzes (bot/handlers/quizzes.py, bot/club/quizzes.py)

button-admin-quizzes = Quizzes
help-cmd-quizzes =
    /quizzes: build a quiz, announce it to members and see the results, like
    /quizzes
button-quizzes = Quizzes
ledger-quiz = Quiz prize

quizzes-home = See recent quizzes or build a new one:
quizzes-none = No quiz yet. Build the first one with the button below.
button-quiz-new = New quiz
button-quiz-item = { $title } ({ $status })
quiz-status-open = open
quiz-status-closed = closed
button-quiz-back = Back

quiz-ask-title = Write the quiz's title (at most { $most } characters), e.g. "Yalda quiz".
quiz-title-wrong = The title must be 1 to { $most } characters. Please write it again.
quiz-ask-question = Write question { $number }.
quiz-ask-next-question = Question saved. Write question { $number }, or press "Done with questions".
button-quiz-done = Done with questions
quiz-question-wrong = The question is empty or longer than { $most } characters. Please write it again.
quiz-ask-choices = Write this question's choices, one a line (2 to { $most } choices).
quiz-choices-count = A question has { $least } to { $top } choices. Please write one choice a line.
quiz-choice-long = A choice is at most { $length } characters. Please write shorter choices.
quiz-choices-same = Two choices are the same. Please write different choices.
quiz-ask-correct =
    Which choice is right? Send its number:
    { $choices }
quiz-choice-line = { $number }. { $choice }
quiz-correct-wrong = Please send only the number of the right choice from the list above.
quiz-ask-points = How many points for each right answer? Send a number from 0 to { $most }.
quiz-points-wrong = Please send a number from 0 to { $points }.
quiz-ask-opens = When does the quiz start? Press "Now" or write a Jalali date and time, like 1405/09/10 18:30
button-quiz-now = Now
quiz-ask-closes = When does the quiz end? Write a Jalali date and time, like 1405/09/12 21:00
quiz-time-wrong = That date and time was not recognised. Please write it like 1405/09/10 18:30.
quiz-time-past = That time has passed (it is { $now } now). Please write a time in the future.
quiz-time-far = That is more than a year ahead. Please write a Jalali date within the next year.
quiz-close-before-open = The quiz must end after it starts. Please write a later time.
quiz-ask-audience = Who is this quiz for?
button-quiz-everyone = All members
quiz-audience-everyone = all members
quiz-segment-gone = That segment no longer exists. Please choose again.

quiz-announcement =
    Quiz "{ $title }"
    { $questions } questions; { $points } points for each right answer.
    From { $opens } to { $closes }
    The most right answers wins; a tie goes to the faster.
button-quiz-go = Take the quiz
quiz-preview-question = Question { $number }: { $question }
quiz-preview-choice = ▫️ { $choice }
quiz-preview-right = ✅ { $choice }
quiz-preview-summary = Audience: { $audience } ({ $count } members who take promotions). Publish?
button-quiz-publish = Publish
button-quiz-drop = Discard
quiz-published = The quiz is published. Its announcement is on its way to members.
quiz-dropped = The quiz draft was discarded.
quiz-cancelled = Building the quiz was cancelled; nothing was saved.

quiz-results =
    Results of "{ $title }" ({ $status })
    From { $opens } to { $closes }
    Participants: { $participants }
quiz-results-rate = Question { $number }: { $right } right of { $answers } ({ $percent }%)
quiz-board-line = { $rank }. { $name }: { $correct } right in { $seconds } s
quiz-board-someone = a member

quizzes-member-list = Quizzes open for you:
quizzes-member-none = No quiz is open for you right now. We will let you know about new ones.
button-quiz-open = { $title } (until { $closes })
quiz-question =
    { $title }, question { $number } of { $questions }:
    { $question }
quiz-your-answer = Your answer: { $choice }
quiz-answer-saved = Your answer is saved.
quiz-answer-already = You answered this question already; an answer cannot be changed.
quiz-answer-not-yours = This question was not opened for you. Open the quiz from "Quizzes" in the menu.
quiz-all-answered = You answered every question. Your result and rank come { $closes }.
quiz-closed = This quiz has ended; new answers are not accepted.
quiz-not-yet = This quiz has not started yet.
quiz-not-for-you = This quiz is for another group of members.
quiz-result-notice =
    The quiz "{ $title }" has ended.
    You answered { $correct } of { $questions } questions right and got { $points } points.
    Your rank: { $rank } of { $participants }
    Top of the board:
    { $board }
