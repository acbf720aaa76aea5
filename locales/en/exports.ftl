## CSV exports (bot/handlers/exports.py, bot/club/exports.py)

button-admin-export = Export
help-cmd-export =
    /export: spreadsheet (CSV) files of members, points transactions, purchases and survey responses, e.g.
    /export
exports-menu = What would you like to export? The files are CSV and open in Excel.
button-exports-members = Members
button-exports-ledger = Points transactions
button-exports-purchases = Purchases
button-exports-surveys = Survey responses
exports-preparing = The “{ $what }” export is being prepared. The files will arrive here; with a lot of data this may take a few minutes.
exports-busy = Another export is being prepared. Please try again once its files arrive.
exports-failed = The export could not be prepared. Please try again a little later.
exports-revoked = The “{ $what }” export was not sent: your role no longer includes exports. If you still need it, please ask the shop's owner.
exports-not-sent = The “{ $what }” export could not be sent. Please ask for it again a little later.
exports-part-not-sent = Part { $part } of { $parts } of the “{ $what }” export could not be sent. Please ask for the export again a little later.
audit-action-export = Data exported
audit-action-export_refused = Export not sent (role taken away)
audit-action-export_not_sent = Export files not delivered
exports-caption = “{ $what }” export: { $rows } rows
exports-caption-part = “{ $what }” export, part { $part } of { $parts } ({ $rows } rows in all). Each part is a whole CSV file with its headers.

## Column headers: a date or time is two columns, Jalali then Gregorian (ISO)

exports-col-jalali = { $column } (Jalali)
exports-col-iso = { $column } (ISO)
exports-col-id = ID
exports-col-member = Member code
exports-col-name = Name
exports-col-phone = Phone
exports-col-phone-verified = Phone verified
exports-col-birth-date = Birth date
exports-col-balance = Points balance
exports-col-tier = Tier
exports-col-referrer = Referrer's member code
exports-col-campaign = Campaign
exports-col-messengers = Messengers
exports-col-joined = Joined
exports-col-last-active = Last active
exports-col-promo = Receives promotions
exports-col-status = Status
exports-col-erased = Account deleted
exports-col-points = Points
exports-col-kind = Kind
exports-col-ref = Reference
exports-col-date = Date
exports-col-purchase = Purchase number
exports-col-amount = Amount paid (toman)
exports-col-discount = Discount (toman)
exports-col-points-paid = Points paid
exports-col-points-paid-toman = Value of points paid (toman)
exports-col-points-earned = Points earned
exports-col-receipt = Receipt number
exports-col-source = Recorded by way of
exports-col-staff = Recorded by
exports-col-voided = Voided
exports-col-survey-id = Survey number
exports-col-survey = Survey
exports-col-response = Response number
exports-col-started = Started
exports-col-completed = Completed
exports-col-question-number = Question number
exports-col-question = Question
exports-col-answer = Answer
exports-col-answered = Answered

## Cell values

exports-yes = Yes
exports-no = No
exports-status-active = Active
exports-status-erased = Deleted
exports-status-valid = Valid
exports-status-voided = Voided
