## Identity: a phone number is not a person (bot/club/links.py, bot/conversations/link.py)

## A newcomer whose link request ended without a link chooses
button-join-separately = Join separately
identity-ended-declined = The account holder did not confirm the connection. You can join as a separate member, or cancel.
identity-ended-expired = The connection request got no answer within { $minutes } minutes. You can join as a separate member, or cancel.
identity-ended-declined-recently = The account holder declined your request recently and will not be asked again for 24 hours. You can join as a separate member, or cancel.
identity-ended-asked-often = The account holder has been asked about you several times today and will not be asked again for 24 hours. You can join as a separate member, or cancel.
identity-ended-unreachable = The confirmation could not reach the holder of this number. You can join as a separate member, or cancel.
identity-ended-gone = The account we asked to confirm no longer exists. You can join as a separate member, or cancel.

## An account's phone went to someone the messenger vouched for
identity-phone-released = Someone registered this account's phone number with their messenger's confirmation. Your name, points and history are unchanged, but the number is no longer on your account.
identity-joined-without-phone = This number is registered to another member, so your account was opened without a phone number.
profile-no-phone = not set

## Joining again, and a friend's first purchase
signup-rejoined = You were a member before, so the joining gifts are not given again.
referral-credited-purchase = Your friend { $name } made their first purchase, and you got { $points } invitation points!
referral-reversed = Your friend { $name }'s purchase was voided, so { $points } invitation points were taken back.
ledger-referral-void = Friend's purchase voided
