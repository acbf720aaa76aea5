## Set-up: texts that depend on how the shop configured Vafa

# The shop's name in texts ({ $club }) while CLUB_NAME is empty.
club-default-name = our shop
