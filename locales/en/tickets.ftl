## Feedback threads (bot/handlers/tickets.py, bot/club/tickets.py)

button-admin-tickets = Members' messages
help-cmd-tickets =
    /tickets: members' open messages (suggestions, complaints, questions), oldest first, to answer or close, like
    /tickets
button-contact = Contact us

ticket-kind-suggestion = Suggestion
ticket-kind-complaint = Complaint
ticket-kind-question = Question
ticket-kind-purchase = Not my purchase
ticket-kind-survey = Survey
ticket-status-open = waiting for an answer
ticket-status-answered = answered
ticket-status-closed = closed

## The member's side
ticket-ask-kind = What is your message about?
ticket-ask-message =
    Topic: { $kind }
    Write your message. You may also send a photo with a caption.
ticket-ask-follow = Write your message and it is added to message number { $number }.
ticket-live =
    Your message number { $number } is still open. Anything you write here is added to it.
    For another topic, press "New message".
button-ticket-new = New message
ticket-opened =
    We got your message. Tracking number: { $number }
    Our team will answer soon. To add something, just write here.
ticket-added = Added to message number { $number }.
ticket-closed-new = Message number { $number } is closed. For a new message, press "Contact us".
ticket-error-empty = The message is empty. Please write a few words.
ticket-error-too-long = A message is at most { $limit } characters. Please write less or send several messages.
ticket-error-closed = This conversation is closed.
ticket-cancelled = All right. Press "Contact us" whenever you like.
ticket-reply-member =
    Our team's answer to your message number { $number }:
    { $text }
button-ticket-reply = Answer
ticket-closed-member = Conversation number { $number } is closed. Thank you for telling us.

## Not my purchase
button-ticket-not-mine = This was not my purchase
ticket-notmine-opened =
    Your report about purchase number { $purchase } is recorded. Tracking number: { $number }
    Our team will check it. If you want to explain, write here.
ticket-notmine-already = Purchase number { $purchase } was already reported. Tracking number: { $number }
ticket-notmine-unknown = This purchase was not found.

## The team's side
ticket-team-new = New message number { $number } ({ $kind }) from { $name }
ticket-team-more = Another message in conversation number { $number } ({ $kind }) from { $name }
ticket-member-gone = erased member
ticket-purchase = Purchase number { $purchase }, { $amount } toman, { $date }
ticket-purchase-voided = Purchase number { $purchase }, { $amount } toman, { $date } (voided)
ticket-from-member = Member
ticket-from-team = Team
ticket-entry = { $who } ({ $at }): { $text }
ticket-entry-photo = (with a photo, sent on { $platform })
ticket-photo-caption = Photo of conversation number { $number }
button-ticket-answer = Answer
button-ticket-close = Close
button-ticket-void = Void the purchase
button-ticket-thread = See the conversation
button-ticket-list = Open messages
ticket-list-empty = No open messages.
ticket-list-title = Open messages ({ $count }), oldest first:
ticket-list-more = and { $count } more.
button-ticket-row = { $number }: { $kind }, { $age }
ticket-age-minutes = { $count } min
ticket-age-hours = { $count } h
ticket-age-days = { $count } d
ticket-thread-head =
    Conversation number { $number }: { $kind } ({ $status })
    from { $name }, member code { $code }
    opened { $opened } ({ $age } ago)
ticket-thread-phone = Phone: { $phone }
ticket-ask-answer = Write the answer to message number { $number }. This text is sent to the member.
ticket-answer-sent = Your answer to message number { $number } was sent.
ticket-answer-cancelled = The answer was not sent.
ticket-closed-team = Conversation number { $number } is closed.
ticket-already-closed = Conversation number { $number } was already closed.
ticket-void-nothing = There is no purchase to void.
ticket-void-confirm =
    Void this purchase? Its points are taken back from the member.
    { $line }
button-ticket-void-yes = Yes, void it
button-ticket-void-no = Cancel
ticket-void-already = Purchase number { $purchase } was already voided.
ticket-void-note = Purchase number { $purchase } was voided.
ticket-void-done = Purchase number { $purchase } was voided and its { $points } points taken back.
ticket-void-member =
    Your report (tracking number { $number }) was checked and purchase number { $purchase } was removed from your account; its { $points } points were taken back.
    Your balance: { $balance }
ticket-attachment-title = With the answers to the survey "{ $title }":
ticket-attachment-line = { $question }: { $answer }
audit-action-ticket_answered = answered a member's message
audit-action-ticket_closed = closed a member's conversation
