## Surveys (bot/handlers/surveys.py, survey_builder.py, survey_answer.py; bot/club/surveys.py)

button-admin-surveys = Surveys
help-cmd-surveys =
    /surveys: build a survey, see its results, charts and the responses file, e.g.
    /surveys
button-surveys = Surveys
ledger-survey = Survey reward

## Members

surveys-none = There is no open survey for you right now. Thank you for being with us.
surveys-list = Open surveys for you:
surveys-list-item = • "{ $title }" until { $closes } (reward: { $reward } points)
surveys-list-item-started = • "{ $title }" until { $closes } (reward: { $reward } points), half done
button-survey-open = { $title }
button-survey-resume = Continue { $title }
button-survey-start = Take the survey
survey-invitation =
    Thank you for your purchase. Please take our short survey "{ $title }"; your opinion helps us do better.
survey-intro =
    "{ $title }"
    { $intro }
survey-question =
    Question { $number } of { $total }:
    { $text }
survey-hint-multi = Pick as many as you like, then press "Done".
survey-hint-text = Write your answer and send it (at most { $most } characters).
survey-hint-optional = This question is optional.
button-survey-yes = Yes
button-survey-no = No
button-survey-picked = ✓ { $choice }
button-survey-done = Done
button-survey-skip = Skip
button-survey-stop = Continue later
survey-members-only = This survey is for club members. Send /start to join.
survey-stopped = Your answers are saved. Continue any time from "Surveys" in the menu.
survey-closed = This survey is closed. Thank you for your interest.
survey-done = You have already answered this survey. Thank you.
survey-not-for-you = This survey is not for you.
survey-already-recorded = This answer was already recorded.
survey-answer-current = Please answer the current question.
survey-thanks = Thank you for taking the survey "{ $title }".
survey-rewarded = { $points } points were added to your balance.
survey-text-empty = Please write your answer.
survey-text-too-long = Your answer has { $length } characters; at most { $most } are allowed. Please shorten it.
survey-text-prompt = Please write your answer, or press "Continue later".
survey-text-cancelled = Your answers are saved. Continue any time from "Surveys" in the menu.
survey-low-line = • { $question }: { $score }
survey-low-ticket =
    A low score in the survey "{ $title }":
    { $scores }
survey-nps-question = How likely are you to recommend us to your friends?

## Admins: the builder

button-survey-new = New survey
button-survey-item = { $title } ({ $status })
surveys-home = Surveys:
surveys-home-empty = No survey yet. Build the first one with the button below.
survey-status-open = open
survey-status-scheduled = waiting to open
survey-status-closed = closed
survey-ask-title = Write the survey's title (at most { $most } characters).
survey-ask-intro = Write a short introduction for members (at most { $most } characters), or press "No introduction".
button-survey-no-intro = No introduction
survey-ask-kind = { $count } questions so far. Choose the next question's kind:
survey-kind-yesno = Yes / no
survey-kind-single = One choice
survey-kind-multi = Several choices
survey-kind-rating = Rating 1 to 5
survey-kind-nps = Recommend to friends (0 to 10)
survey-kind-text = Written answer
button-survey-questions-done = No more questions
survey-ask-question = Write the question (at most { $most } characters).
survey-ask-choices = Write the choices, one per line: { $least } to { $most } choices, each at most { $longest } characters.
survey-ask-limit = At most how many characters may the answer have? Write a number from { $least } to { $most }.
survey-ask-required = Is an answer to this question required or optional?
button-survey-required = Required
button-survey-optional = Optional
survey-ask-reward = How many points for completing the survey? Write a number from 0 to { $most } (0: no reward).
survey-ask-audience = Who is the survey for?
button-survey-everyone = All members
survey-audience-all = All members
survey-ask-opens = When does the survey open? Press "Now", or write a date and time like 1405/09/10 18:30.
button-survey-open-now = Now
survey-ask-closes = When does the survey close? Write a date and time like 1405/09/20 20:00.
survey-ask-trigger = How does the survey reach members?
button-survey-announce = Announce to the audience
button-survey-after-purchase = After each purchase
survey-ask-hours = How many hours after a purchase is it sent? Write a number from 1 to { $most }.
survey-error-title = The title must have 1 to { $most } characters. Please write it again.
survey-error-intro = The introduction has { $length } characters; it must have 1 to { $most }.
survey-error-question = The question must have 1 to { $most } characters. Please write it again.
survey-error-choices-count = Write { $least } to { $most } choices, one per line.
survey-error-choice-long = A choice may have at most { $longest } characters. Please shorten them.
survey-error-choice-repeated = Two choices are the same. Please write different choices.
survey-error-limit = Please write a number from { $least } to { $most }.
survey-error-reward = Please write a number from 0 to { $most }.
survey-error-hours = Please write a number from 1 to { $most }.
survey-error-time = This date and time is not valid. Please write it like 1405/09/10 18:30.
survey-error-time-past = This time has passed (it is { $now } now). Please write a time in the future.
survey-error-close-before-open = The closing time must be after the opening ({ $opens }).
survey-error-time-far = This time is more than a year away. Please check the date.
survey-error-closes-passed = The closing time has passed. Please write a new one.
survey-segment-gone = This audience segment was deleted. Please choose the audience again.
survey-preview-head = The survey's preview, as members see it:
survey-preview-inert = This is only a preview.
survey-trigger-announce = announced to the audience when it opens
survey-trigger-purchase = { $hours } hours after each purchase
survey-preview-summary =
    "{ $title }"
    Questions: { $questions }
    Reward: { $reward } points
    Audience: { $audience }
    From { $opens } to { $closes }
    Sent: { $trigger }
button-survey-publish = Publish
button-survey-discard = Discard
survey-dropped = The survey's draft was discarded.
survey-build-cancelled = Building the survey was cancelled.
survey-announcement = A new survey: "{ $title }". Your opinion matters to us; you can answer until { $closes }.
survey-announcement-reward = Completing it earns you { $points } points.
survey-published = The survey "{ $title }" is published and announced to { $audience } members.
survey-published-after-purchase = The survey "{ $title }" is published and is sent to each buyer { $hours } hours after a purchase.

## Admins: results

survey-unknown = This survey was not found.
survey-results-head =
    "{ $title }" ({ $status })
    Complete responses: { $completed } of { $audience } in the audience ({ $rate }%)
    Half-done responses: { $partial }
survey-results-question = { $number }. { $text } ({ $answered } answers)
survey-results-option = • { $label }: { $count } ({ $percent }%)
survey-results-nps = Net Promoter Score (NPS): { $score }
survey-results-text = • "{ $text }"
survey-chart-note = { $count } ({ $percent }%)
button-survey-charts = Charts
button-survey-csv = Responses file
button-survey-close = Close the survey
button-survey-close-yes = Yes, close it
button-survey-back = Back
survey-close-confirm = Close the survey "{ $title }"? No new answers are taken after that.
survey-closed-now = The survey is closed.
survey-closed-already = This survey was already closed.
survey-csv-caption = Every response to the survey "{ $title }"
survey-csv-response = Response
survey-csv-member = Member code
survey-csv-started = Started
survey-csv-done = Completed
survey-csv-skipped = (skipped)
