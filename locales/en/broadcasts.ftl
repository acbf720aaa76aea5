## Broadcasts (bot/handlers/broadcast.py, bot/club/broadcasts.py)

button-admin-broadcast = Broadcast
help-cmd-broadcast =
    /broadcast: write to every member or a segment, follow the sending, pause or resume it, like
    /broadcast

broadcast-home = Broadcasts: write a new message or see how earlier ones went.
button-broadcast-new = New message
broadcast-list-item = Message { $number }, { $status }, { $when }
broadcast-status-scheduled = scheduled
broadcast-status-sending = sending
broadcast-status-paused = paused
broadcast-status-cancelled = cancelled
broadcast-status-done = sent

broadcast-ask-text =
    Send the message's text, or a photo with a caption.
    A text may be up to 4,096 characters and a caption up to 1,024.
broadcast-empty = The message is empty. Please write its text.
broadcast-too-long = This text is { $length } characters and the most is { $most }. Please shorten it and send it again.
broadcast-photo-not-now = A photo is not expected now.
broadcast-ask-button = Add a link button under the message?
button-broadcast-add-link = Add a link button
button-broadcast-no-link = No button
broadcast-ask-url = Send the link, like https://example.com
broadcast-url-wrong = That link is not right. Please send the whole address, starting with https://
broadcast-ask-label = Send the button's words (up to { $most } characters).
broadcast-label-wrong = The button's words must be 1 to { $most } characters.
broadcast-ask-audience = Who should get this message?
button-broadcast-everyone = Everyone
broadcast-audience-everyone = every member
broadcast-segment-gone = That segment no longer exists. Please choose another.
broadcast-ask-when = This message reaches { $count } members. When should it go?
button-broadcast-now = Now
button-broadcast-later = Schedule
broadcast-ask-time = Write the date and time in the Jalali calendar, like 1405/09/10 18:30
broadcast-time-wrong = That date and time were not understood. Please write it like 1405/09/10 18:30
broadcast-time-past = That time has passed (it is { $now } now). Please write a time in the future.
broadcast-time-far = That is more than a year ahead. Please write a Jalali date within the next year, like 1405/09/10 18:30
broadcast-when-now = now
broadcast-summary =
    The preview above is exactly what members will see.
    To: { $audience }, { $count } members
    When: { $when }
broadcast-quiet-note = Nothing is sent in quiet hours ({ $hours }); sending goes on after them.
button-broadcast-send = Send
button-broadcast-drop = Discard
broadcast-dropped = The broadcast draft was discarded.
button-promo-off = No promotional messages

broadcast-scheduled = Message { $number } will go to { $count } members at { $when }.
broadcast-started = Sending message { $number } to { $count } members has started.
broadcast-progress-sending =
    Sending message { $number }: { $sent } of { $total } delivered.
    Failed: { $failed }, unreachable: { $unreachable }, unknown: { $unknown }
    Left: { $left }
broadcast-progress-paused =
    Message { $number } is paused: { $sent } of { $total } delivered.
    Failed: { $failed }, unreachable: { $unreachable }, unknown: { $unknown }
    Left: { $left }
broadcast-progress-cancelled = Message { $number } was cancelled. { $sent } had been delivered before.
broadcast-progress-done = Message { $number } reached { $sent } members.
broadcast-eta = About { $minutes } min left
broadcast-quiet-now = These are quiet hours; sending goes on after them.
button-broadcast-pause = Pause
button-broadcast-resume = Resume
button-broadcast-cancel = Cancel sending
broadcast-paused = Sending paused.
broadcast-resumed = Sending resumed.
broadcast-cancelled = Sending cancelled.
broadcast-not-now = That is not possible now; the message's state has changed.
broadcast-report-done =
    Report for message { $number }: sending finished.
    Delivered: { $sent } of { $total }
    Failed: { $failed }, unreachable: { $unreachable }, unknown: { $unknown }, not sent: { $skipped }
    Took { $minutes } min { $seconds } s, { $rate } messages a second (limit { $limit })
broadcast-report-cancelled =
    Report for message { $number }: sending cancelled.
    Delivered: { $sent } of { $total }
    Failed: { $failed }, unreachable: { $unreachable }, unknown: { $unknown }, not sent: { $skipped }
    Took { $minutes } min { $seconds } s, { $rate } messages a second (limit { $limit })
