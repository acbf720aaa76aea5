## Marketer campaigns (bot/handlers/campaigns.py, bot/club/campaigns.py)

button-admin-campaign = Campaigns
help-cmd-campaign =
    /campaign: create a campaign link and poster, and see who came through it, like
    /campaign

campaigns-own-title = Your campaigns:
campaigns-all-title = All campaigns:
campaigns-none = No campaign yet. Create the first one with the button below.
button-campaign-new = New campaign
button-campaign-open = { $name }
button-campaign-archived = { $name } (archived)
button-campaign-board = Marketers' ranking
button-campaign-poster = Campaign poster
button-campaign-archive = Archive campaign
button-campaign-archive-yes = Yes, archive it
button-campaign-back = Back

campaign-ask-name = Type the campaign's name (at most 64 characters), e.g. "Yalda festival". It is printed on the poster.
campaign-error-name-empty = The campaign's name is empty. Please type a short name.
campaign-error-name-long = A campaign's name has at most { $limit } characters. Please type a shorter one.
campaign-cancelled = Creating the campaign was cancelled; nothing was saved.
campaign-created =
    Campaign "{ $name }" is ready. Whoever joins through these links counts for this campaign:
    { $links }
    A poster of each link follows.
campaign-link-line = { $platform }: { $link }
campaign-poster-club = The customer club of { $club }
campaign-poster-cta = Scan the code with your phone's camera and join the club on { $platform }.
campaign-poster-caption = Poster of campaign "{ $name }" for { $platform }, ready to print.

campaign-screen =
    Campaign "{ $name }", created { $date }
    Link opened: { $opens } people
    Agreed to the terms: { $consents } people
    Completed signup: { $signups } people
    First purchase: { $buyers } people
    Points given to these members: { $points } points
    Purchases recorded: { $amount } toman
campaign-screen-by = Created by: { $by }
campaign-screen-archived = This campaign is archived; its link no longer counts new opens.
campaign-screen-links =
    Links:
    { $links }
campaign-unknown = This campaign is not in your list.
campaign-archive-confirm = Archive campaign "{ $name }"? Its figures stay, but opening its link no longer counts.
campaign-archived = The campaign was archived.
campaign-archived-already = This campaign was already archived.

campaign-board-title = Marketers' ranking (by completed signups):
campaign-board-line = { $rank }. { $name } · { $campaigns } campaigns · { $signups } members · { $buyers } first purchases
campaign-board-empty = No campaign yet.

campaign-link-member = { $name }, you are already a member of the club and everything is as it was. Choose from the menu.
referral-link-member = { $name }, you are already a member of the club; invitation links are for people joining for the first time. Choose from the menu.

audit-action-campaign_created = Campaign created
audit-action-campaign_archived = Campaign archived
