## The till: /purchase and /void (bot/handlers/staff.py)

purchase-error-self = You cannot record a purchase for your own member account. Please ask a colleague to record it.
purchase-error-unverified-phone = This member's phone number is not verified. Please ask them for their member code or member card QR.
purchase-already-recorded = This purchase is already recorded (purchase number { $number }): { $points } points, balance { $balance }

void-line = Purchase number { $number } · receipt { $receipt } · { $name } · { $amount } toman · { $points } points
void-line-no-receipt = Purchase number { $number } · no receipt · { $name } · { $amount } toman · { $points } points
void-member-gone = deleted member
void-confirm =
    Void this purchase and take its points back?
    { $purchase }
void-confirm-choose =
    This number is both a purchase number and a receipt number. Which purchase should be voided?
    { $purchases }
button-void-yes = Yes, void it
button-void-number = Void purchase { $number }
void-cancelled = The purchase was not voided and stays recorded.
void-already-done = This purchase is already voided (purchase number { $number }): { $reclaimed } points were taken back, balance { $balance }
void-notice = Your { $amount } toman purchase at { $club } was voided and its { $points } points were taken back. Your balance: { $balance }
