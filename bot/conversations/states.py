"""Conversation flows and their states (CAPS), shared so flows can hand over to each other."""

SIGNUP = "signup"
CONSENT, NAME, PHONE, BIRTHDATE, LINK_WAIT = "CONSENT", "NAME", "PHONE", "BIRTHDATE", "LINK_WAIT"

PROFILE = "profile"
EDIT_NAME, EDIT_BIRTHDATE = "EDIT_NAME", "EDIT_BIRTHDATE"

# An admin correcting a member's birth date (bot/handlers/member.py).
MEMBER_FIX = "member_fix"
FIX_BIRTHDATE, FIX_CONFIRM = "FIX_BIRTHDATE", "FIX_CONFIRM"
