## Set-up: texts that depend on how the shop configured Vafa

# The shop's name in texts ({ $club }) while CLUB_NAME is empty: "our", so that
# "the customer club of { $club }" reads as "our customer club".
club-default-name = ما
