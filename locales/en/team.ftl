## The team: roles, invites, /admin, /team, /audit (bot/handlers/team.py, team_invite.py)

role-owner = owner
role-admin = admin
role-staff = cashier
role-marketer = marketer

team-not-allowed = Your role ({ $roles }) does not include this, and nothing was changed. Ask the shop's manager if you need it.
team-owner-fixed = The owner role changes only in the bot's settings (ADMIN_IDS), not in chat.
team-role-not-yours = Only the shop's owner can give or take the { $role } role.

admin-menu = What would you like to do?
admin-menu-empty = Your role has nothing in this menu yet; new tasks will appear here when they are added.
button-admin-purchase = Record a purchase
button-admin-void = Void a purchase
button-admin-team = Team
button-admin-audit = Team activity log

team-title = The shop's team:
team-line = { $name } · { $roles } · { $platform } · since { $since }
team-line-owner = { $name } · { $roles } · { $platform }
button-team-add = Add a team member
button-team-revoke = Take { $role } from { $name }
team-choose-role = Which role should the new team member have?
team-invite-links =
    An invite link for the { $role } role is ready. Send it only to that person; it works once, for 24 hours:
    { $links }
team-invite-link-line = { $platform }: { $link }
team-revoked = { $name } no longer has the { $role } role.
team-revoke-gone = { $name } does not have the { $role } role; nothing was changed.

team-invite-confirm = You are invited to the { $club } team as { $role }. Do you accept?
button-team-accept = Yes, I accept
button-team-decline = No
team-invite-accepted = You now have the { $role } role. Send /admin to see what you can do.
team-invite-declined = You did not accept the invite; nothing was changed.
team-invite-unknown = This invite link is not valid. Please ask the shop's manager for a new one.
team-invite-used = This invite link has already been used and does not work again. Please ask the shop's manager for a new one.
team-invite-expired = This invite link's 24 hours are over. Please ask the shop's manager for a new one.
team-invite-held = You already have the { $role } role; the invite link was not used.

audit-title = The team's latest actions:
audit-empty = Nothing has been logged yet.
audit-line = { $when } · { $actor } ({ $role }) · { $action } · { $target }
audit-no-role = no role
audit-action-role_granted = role accepted
audit-action-role_revoked = role taken away
audit-action-invite_created = invite link created
audit-action-purchase = purchase recorded
audit-action-void = purchase voided

help-team-title = What you can do on the shop's team:
help-cmd-purchase =
    /purchase member-code-or-phone amount-in-toman [receipt-id]: record a purchase, like
    /purchase 09121234567 250000 R-1001
help-cmd-void =
    /void purchase-number-or-receipt-id: void a purchase, like
    /void #123
help-cmd-admin =
    /admin: a button for everything your role allows, like
    /admin
help-cmd-team =
    /team: the team, adding someone with an invite link, taking a role away, like
    /team
help-cmd-audit =
    /audit: the team's last twenty actions, like
    /audit

## Member lookup and corrections (bot/handlers/member.py)

button-admin-member = Look up a member
help-cmd-member =
    /member member-code-or-phone: a member's name, tier, points balance and last purchases, e.g.
    /member 09121234567
member-usage = Please write the member code or phone number after the command, e.g. /member 09121234567
member-card =
    { $name } (code { $code })
    Tier: { $tier } · Points balance: { $balance }
    Phone: { $phone }
member-card-birthdate = Birth date: { $birthdate }
member-purchases-title = Last purchases:
member-no-purchases = No purchases recorded yet.
member-purchase-line = Purchase no. { $number } · { $amount } toman · { $date }
member-purchase-line-voided = Purchase no. { $number } · { $amount } toman · { $date } (voided)
button-member-fix-birthdate = Correct the birth date
member-gone = This member is no longer in the club; nothing was changed.
member-fix-ask = Write { $name }'s correct birth date as 1370/05/12.
member-fix-confirm = Correct { $name }'s birth date to { $date }?
member-fix-saved = { $name }'s birth date was corrected to { $date }, and they have been told.
member-fix-cancelled = The birth date correction was cancelled; nothing was changed.
member-birthdate-corrected = At the shop's request, your birth date in the club was corrected to { $date }. If it is not right, please tell the shop.
audit-action-member_lookup = Member looked up
audit-action-birth_date_corrected = Birth date corrected
