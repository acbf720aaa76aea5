"""Conversation flows and their states (CAPS), shared so flows can hand over to each other."""

SIGNUP = "signup"
CONSENT, NAME, PHONE, BIRTHDATE, LINK_WAIT = "CONSENT", "NAME", "PHONE", "BIRTHDATE", "LINK_WAIT"

PROFILE = "profile"
EDIT_NAME, EDIT_BIRTHDATE = "EDIT_NAME", "EDIT_BIRTHDATE"
