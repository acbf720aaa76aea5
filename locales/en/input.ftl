## Reading typed input: phones, member codes, receipt ids (see bot/club/phones.py, codes.py, receipts.py)

## Phone step of signup: what was typed decides the hint; the button is the only way in
error-phone-typed-valid = No need to type your number. Please press «Share my phone number» so it can be verified.
error-phone-typed-invalid = This is not a valid mobile number. Instead of typing, please press «Share my phone number».

## A phone number typed at the till
error-phone-number-invalid = This phone number is not valid. Please check it and type it again.
error-phone-number-length = This number has the wrong number of digits. A mobile number has eleven digits, like 09121234567.
error-phone-number-landline = This is a landline number. Please type the member's mobile number, like 09121234567.

## Member codes
error-member-code-mistyped = The member code was mistyped. Please type it again from the member card.

## Receipt ids
error-receipt-too-long = The receipt number is longer than 64 characters. Please type only the receipt number.
error-receipt-invalid = This receipt number is not valid. Please type it again without spaces.
