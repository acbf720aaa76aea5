## The rewards catalog for admins (bot/handlers/rewards_admin.py, bot/club/rewards.py,
## bot/club/partner_pool.py)

button-admin-rewards = Club rewards
help-cmd-rewards =
    /rewards: create, edit, pause and archive the rewards members take for points, like
    /rewards

rwa-list-title = The club's rewards:
rwa-list-empty = No reward yet. Make the first one with the button below.
rwa-list-line = • { $title } ({ $status }), { $cost } points, { $issued }
rwa-list-pool = , partner codes left: { $free }
rwa-list-button = { $title } ({ $status })
button-rwa-new = New reward
button-rwa-back = Back
button-rwa-edit = Edit
button-rwa-pause = Pause
button-rwa-resume = Resume
button-rwa-archive = Archive
button-rwa-archive-yes = Yes, archive it
button-rwa-upload = Upload codes
button-rwa-save = Save
button-rwa-drop = Discard
button-rwa-unlimited = Unlimited
button-rwa-no-limit = No limit
button-rwa-pooled-yes = Yes, from a partner shop's codes
button-rwa-pooled-no = No, the club's own code

rwa-status-active = active
rwa-status-paused = paused
rwa-status-archived = archived
rwa-status-pool-empty = paused, partner codes ran out
rwa-issued-of = { $issued } of { $stock } handed out
rwa-issued-unlimited = { $issued } handed out, unlimited stock

rwa-kind-percent = Percent off
rwa-kind-amount = Amount off
rwa-kind-item = Free item
rwa-benefit-percent = { $value }% off
rwa-benefit-amount = { $value } toman off
rwa-benefit-item = A free item

rwa-card-title = 🎁 { $title }
rwa-card-min = On purchases of { $amount } toman or more
rwa-card-cost = Cost: { $cost } points
rwa-card-valid = The discount code is valid for { $days } days after you take it.
rwa-card-partner = A partner shop's discount code comes with it.
rwa-card-until = You can take this reward until { $date }.

rwa-screen-status = Status: { $status }
rwa-screen-issued = Count: { $issued }
rwa-screen-pool = Partner codes left: { $free }
rwa-detail-kind = Kind: { $kind }
rwa-detail-stock = Stock: { $stock }
rwa-detail-stock-unlimited = Stock: unlimited
rwa-detail-per-member = Per member: at most { $count } times
rwa-detail-per-member-none = Per member: no limit
rwa-detail-audience = Who: { $audience }
rwa-detail-window = When: { $window }
rwa-audience-all = All members
rwa-audience-tier = Tier { $tier } and above
rwa-audience-segment = Segment “{ $name }”
rwa-window-open = No time limit
rwa-window-from = From { $start }
rwa-window-until = Until { $end }
rwa-window-between = From { $start } to { $end }

rwa-ask-title = Write the reward's name (at most 64 characters), e.g. “Free coffee”.
rwa-ask-description = Write a short description for members, or press “Skip”.
rwa-ask-kind = What does this reward give the member?
rwa-ask-value-percent = How many percent off? Write a number from 1 to 100.
rwa-ask-value-amount = How many toman off?
rwa-ask-cost = How many points does this reward cost?
rwa-ask-min-purchase = What is the minimum purchase for this discount, in toman? If there is none, press “Skip”.
rwa-ask-stock = How many of this reward can be handed out? If there is no limit, press “Unlimited”.
rwa-ask-per-member = How many times may one member take it? Or press “No limit”.
rwa-ask-valid-days = For how many days after it is taken is the code valid?
rwa-ask-audience = Who may take this reward?
rwa-ask-starts = From which day is this reward available? Write the date like 1405/01/15, or press “Skip” if it has no time limit.
rwa-ask-ends = Until which day is it available? Write the date like 1405/01/30, or press “Skip” if it has no end.
rwa-ask-pooled = Does this reward hand out codes from a partner shop? (You send the codes as a CSV file after saving.)
rwa-ask-file = Send the partner shop's codes as a CSV file: one code per row in the first column, at most { $rows } rows.
rwa-use-buttons = Please press one of the buttons of the message above.
rwa-file-expected = Please send the codes as a CSV file, not as text.
rwa-file-not-now = No file is needed now.

rwa-error-title = The reward's name must be 1 to { $limit } characters. Please write it again.
rwa-error-description = The description can be at most { $limit } characters. Please write a shorter one, or press “Skip”.
rwa-error-value-percent = The percent off must be a number from 1 to 100, e.g. 15.
rwa-error-value-amount = The amount off must be a number above zero, e.g. 50000.
rwa-error-toman = The amount must be a number above zero, e.g. 200000. If there is no minimum, press “Skip”.
rwa-error-count = Please write a number above zero, e.g. 10.
rwa-error-days = The number of days must be from 1 to { $limit }, e.g. 30.
rwa-error-date = That date is not valid. Please write it like 1405/01/15.
rwa-error-end-before-start = The end cannot be before { $start }. Please write another date.
rwa-error-end-past = That date has passed. Please write today or a later date.
rwa-error-stock-below-issued = { $issued } of this reward were already handed out; the stock cannot be less. Please write another number.

rwa-preview-intro = Members see this reward like this:
rwa-preview-details = Details for the admins:
rwa-preview-gone = This preview was already saved or discarded.
rwa-saved = The reward “{ $title }” is saved; members see it from now on.
rwa-saved-pooled = Before the first member takes it, send the partner shop's codes with “Upload codes”.
rwa-dropped = The preview was discarded; no reward was saved.
rwa-cancelled = Work on the reward was cancelled; nothing was saved.
rwa-unknown = This reward was not found or is archived.
rwa-audience-gone = That segment no longer exists. Please choose another option.

rwa-edit-which = Which part of the reward “{ $title }” do you change?
rwa-field-title = Name
rwa-field-description = Description
rwa-field-value = Discount value
rwa-field-cost = Cost in points
rwa-field-min-purchase = Minimum purchase
rwa-field-stock = Stock
rwa-field-per-member = Limit per member
rwa-field-valid-days = Code validity
rwa-field-audience = Who
rwa-field-window = When available
rwa-updated = “{ $field }” changed.

rwa-now-paused = The reward is paused; members no longer see it.
rwa-now-active = The reward is active again.
rwa-now-archived = The reward is archived.
rwa-already-paused = This reward was already paused.
rwa-already-active = This reward was already active.
rwa-already-archived = This reward was already archived.
rwa-archived-already = This reward is archived and no longer changes.
rwa-archive-confirm = Archive the reward “{ $title }”? Members will no longer see it and it cannot be resumed. Codes already taken stay valid.
rwa-resume-pool-empty = This reward's partner codes ran out; send codes first with “Upload codes”.

rwa-file-not-csv = This file is not a CSV. Please send the codes in a .csv file.
rwa-file-too-big = This file is too big. A file may have at most { $size } KB and { $rows } rows.
rwa-file-unreadable = This file could not be read. Please save it as UTF-8 and send it again.
rwa-file-not-text = { rwa-file-unreadable }
rwa-file-empty = No code was found in this file. Please put one code per row in the first column.
rwa-file-too-many-rows = This file has more than { $rows } rows. Please send the codes in several smaller files.
rwa-file-code-too-long = The code on row { $line } is longer than { $limit } characters. Please fix the file and send it again.
rwa-pool-added =
    The file's codes are in.
    Added: { $added }
    Duplicates skipped: { $skipped }
    Free codes of this reward: { $free }
rwa-pool-resumed = The reward “{ $title }”, paused when its codes ran out, is active again.
