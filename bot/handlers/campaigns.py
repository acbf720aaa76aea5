"""/campaign: marketers make campaign links and posters, and follow who came through them.

Every screen and every press asks the permission matrix again (Action.CAMPAIGN); a campaign's
own screens also ask that it is the presser's own, unless they may see all (CAMPAIGN_ALL).
A campaign that is not theirs is answered exactly like one that does not exist. Marketers see
figures only, never a member. Buttons: `camp:list`, `camp:new`, `camp:show:<id>`,
`camp:poster:<id>`, `camp:arch:<id>` (asks), `camp:archy:<id>` (archives), `camp:board`.

```mermaid
stateDiagram-v2
    [*] --> NAME: camp:new button
    NAME --> NAME: empty or longer than 64 characters (its own reason)
    NAME --> [*]: a valid name: links and a poster per messenger; /cancel at any time
```
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from telegram import CallbackQuery, InlineKeyboardMarkup, ReplyKeyboardRemove, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot import keyboards
from bot.club import campaigns
from bot.club.callback_data import parse_callback_int
from bot.club.campaigns import Campaign, CampaignNameError
from bot.club.permissions import Action
from bot.context import ClubContext
from bot.handlers.authority import permitted, require, role_for
from bot.handlers.flows import TeamFlow, register_flow
from bot.platforms import Platform
from bot.render.poster import poster
from bot.storage.conversations import Conversation

FLOW = "campaign"
NAME = "NAME"
MAX_CAMPAIGN_ID = 2**31 - 1


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    """This module's commands and buttons, registered in bot/handlers/__init__.py."""
    return [
        CommandHandler("campaign", campaign),
        CallbackQueryHandler(on_button, pattern=r"^camp:"),
    ]


async def campaign(update: Update, context: ClubContext) -> None:
    """/campaign: a new campaign, and the campaigns this person may follow."""
    if await require(context, Action.CAMPAIGN):
        text, markup = await _list_screen(context)
        context.reply(text, markup=markup)


async def open_from_admin(context: ClubContext) -> None:
    """The /admin menu's button for this screen (the role was asked by the menu)."""
    text, markup = await _list_screen(context)
    context.reply(text, markup=markup)


# Deep links: `/start c_<slug>` (bot/handlers/common.py dispatches them here).


async def record_open(update: Update, context: ClubContext, payload: str) -> Campaign | None:
    """Counts the open of a campaign link (anyone's, members' too); None when the campaign is
    unknown or archived, which then starts as if the link had no payload."""
    user = update.effective_user
    assert user is not None
    member_id = context.member.id if context.member is not None else None
    async with context.club.db.write() as conn:
        return await campaigns.record_open(
            conn,
            payload=payload,
            platform=context.platform.value,
            user_id=user.id,
            member_id=member_id,
            now=context.club.now(),
        )


# Screens


def _mine(context: ClubContext) -> str:
    return context.actor


async def _may_see(context: ClubContext, found: Campaign | None) -> bool:
    """Whether this person may open this campaign: their own, or all (CAMPAIGN_ALL)."""
    if found is None:
        return False
    return found.created_by == _mine(context) or await permitted(context, Action.CAMPAIGN_ALL)


async def _list_screen(context: ClubContext) -> tuple[str, InlineKeyboardMarkup]:
    texts = context.texts
    every = await permitted(context, Action.CAMPAIGN_ALL)
    found = await campaigns.listed(context.club.db, created_by=None if every else _mine(context))
    rows: list[tuple[tuple[str, str], ...]] = [((texts("button-campaign-new"), "camp:new"),)]
    for item in found:
        key = "button-campaign-archived" if item.archived else "button-campaign-open"
        rows.append(((texts(key, name=texts.digits(item.name)), f"camp:show:{item.id}"),))
    if every:
        rows.append(((texts("button-campaign-board"), "camp:board"),))
    if found:
        title = texts("campaigns-all-title" if every else "campaigns-own-title")
    else:
        title = texts("campaigns-none")
    return title, keyboards.inline(*rows)


def links_of(context: ClubContext, payload: str) -> list[tuple[Platform, str]]:
    """The payload's deep link on every configured messenger (as team invites build them)."""
    usernames = context.club.usernames or {context.platform: context.bot.username}
    return [(p, p.deep_link(usernames[p], payload)) for p in Platform if p in usernames]


def _links_text(context: ClubContext, found: Campaign) -> str:
    texts = context.texts
    return "\n".join(
        texts("campaign-link-line", platform=texts(f"platform-{platform.value}"), link=link)
        for platform, link in links_of(context, found.payload)
    )


async def _campaign_screen(
    context: ClubContext, found: Campaign
) -> tuple[str, InlineKeyboardMarkup]:
    texts = context.texts
    figures = await campaigns.funnel(context.club.db, found.id)
    zone = ZoneInfo(context.club.settings.timezone)
    lines = [
        texts(
            "campaign-screen",
            name=texts.digits(found.name),
            date=texts.date(found.created_at.astimezone(zone).date()),
            opens=figures.opens,
            consents=figures.consents,
            signups=figures.signups,
            buyers=figures.first_purchases,
            points=figures.points,
            amount=figures.amount,
        )
    ]
    if found.created_by != _mine(context):
        lines.append(texts("campaign-screen-by", by=await _who(context, found.created_by)))
    if found.archived:
        lines.append(texts("campaign-screen-archived"))
    lines.append(texts("campaign-screen-links", links=_links_text(context, found)))
    rows = [((texts("button-campaign-poster"), f"camp:poster:{found.id}"),)]
    if not found.archived:
        rows.append(((texts("button-campaign-archive"), f"camp:arch:{found.id}"),))
    rows.append(((texts("button-campaign-back"), "camp:list"),))
    return "\n".join(lines), keyboards.inline(*rows)


async def _who(context: ClubContext, actor: str) -> str:
    """A marketer as the team knows them: their member name, else their messenger id."""
    name, _, user_id = actor.partition(":")
    known = await context.club.team.name_of(name, int(user_id)) if user_id.isdigit() else None
    return known or context.texts.digits(actor)


def _send_posters(context: ClubContext, found: Campaign) -> None:
    texts = context.texts
    for platform, link in links_of(context, found.payload):
        messenger = texts(f"platform-{platform.value}")
        image = poster(
            campaign_name=texts.digits(found.name),
            club_name=texts("campaign-poster-club"),
            link=link,
            messenger_label=messenger,
            call_to_action=texts("campaign-poster-cta", platform=messenger),
        )
        caption = texts(
            "campaign-poster-caption", name=texts.digits(found.name), platform=messenger
        )
        context.reply_photo(image, caption=caption)


async def _leaderboard(context: ClubContext) -> tuple[str, InlineKeyboardMarkup]:
    texts = context.texts
    standings = await campaigns.leaderboard(context.club.db)
    back = keyboards.inline(((texts("button-campaign-back"), "camp:list"),))
    if not standings:
        return texts("campaign-board-empty"), back
    lines = [texts("campaign-board-title")]
    for rank, row in enumerate(standings, start=1):
        lines.append(
            texts(
                "campaign-board-line",
                rank=rank,
                name=await _who(context, row.created_by),
                campaigns=row.campaigns,
                signups=row.signups,
                buyers=row.first_purchases,
            )
        )
    return "\n".join(lines), back


# Buttons


async def on_button(update: Update, context: ClubContext) -> None:
    """Every `camp:` press: the role asked again, then what the data names."""
    query = update.callback_query
    assert query is not None and query.data is not None
    _, verb, *rest = query.data.split(":")
    needs = Action.CAMPAIGN_ALL if verb == "board" else Action.CAMPAIGN
    if not await require(context, needs, query):
        return
    texts = context.texts
    if verb in ("list", "new", "board") and not rest:
        context.answer(query)
        if verb == "new":
            await _ask_name(update, context)
        elif verb == "list":
            text, markup = await _list_screen(context)
            context.edit(query.message, text, markup)
        else:
            text, markup = await _leaderboard(context)
            context.edit(query.message, text, markup)
        return
    campaign_id = parse_callback_int(rest[0], max_value=MAX_CAMPAIGN_ID) if len(rest) == 1 else None
    if verb not in ("show", "poster", "arch", "archy") or campaign_id is None:
        context.answer(query, texts("hint-stale-button"))
        return
    found = await campaigns.get(context.club.db, campaign_id=campaign_id)
    if found is None or not await _may_see(context, found):
        context.answer(query, texts("campaign-unknown"))
        return
    if verb == "poster":
        context.answer(query)
        _send_posters(context, found)
    elif verb == "arch":
        context.answer(query)
        _ask_archive(context, query, found)
    elif verb == "archy":
        await _archive(context, query, found)
    else:
        context.answer(query)
        text, markup = await _campaign_screen(context, found)
        context.edit(query.message, text, markup)


def _ask_archive(context: ClubContext, query: CallbackQuery, found: Campaign) -> None:
    texts = context.texts
    context.edit(
        query.message,
        texts("campaign-archive-confirm", name=texts.digits(found.name)),
        keyboards.inline(
            (
                (texts("button-campaign-archive-yes"), f"camp:archy:{found.id}"),
                (texts("button-campaign-back"), f"camp:show:{found.id}"),
            )
        ),
    )


async def _archive(context: ClubContext, query: CallbackQuery, found: Campaign) -> None:
    club, texts = context.club, context.texts
    role = await role_for(context, Action.CAMPAIGN)
    done = await campaigns.archive(
        club.db,
        campaign_id=found.id,
        actor=context.actor,
        role=role.value if role else None,
        now=club.now(),
    )
    said = texts("campaign-archived" if done else "campaign-archived-already")
    context.answer(query, said)
    refreshed = await campaigns.get(club.db, campaign_id=found.id)
    assert refreshed is not None
    text, markup = await _campaign_screen(context, refreshed)
    context.edit(query.message, said + "\n\n" + text, markup)


# Naming a new campaign (a team flow: its state is the presser's conversation row)


async def _ask_name(update: Update, context: ClubContext) -> None:
    user = update.effective_user
    assert user is not None
    state = Conversation(FLOW, NAME, {})
    await context.club.conversations.save(context.platform.value, user.id, state)
    context.conversation = state
    await _prompt(update, context, state)


async def _prompt(update: Update, context: ClubContext, state: Conversation) -> None:
    context.reply(
        context.texts("campaign-ask-name"),
        markup=keyboards.reply(context.texts, ("button-cancel",)),
    )


async def _on_name(update: Update, context: ClubContext, state: Conversation) -> None:
    """The campaign's name: its reason and the same step, or the campaign, links and posters."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and message.text is not None and user is not None
    club, texts = context.club, context.texts
    chat = (context.platform.value, user.id)
    if not await require(context, Action.CAMPAIGN):
        # The role was taken away while naming: the half-done step goes with it.
        await club.conversations.clear(*chat)
        context.conversation = None
        return
    try:
        name = campaigns.validate_name(message.text)
    except CampaignNameError as error:
        context.reply(texts(error.key, limit=campaigns.MAX_NAME))
        return
    role = await role_for(context, Action.CAMPAIGN)
    created = await campaigns.create(
        club.db,
        name=name,
        actor=context.actor,
        role=role.value if role else None,
        now=club.now(),
    )
    await club.conversations.clear(*chat)
    context.conversation = None
    context.reply(
        texts(
            "campaign-created",
            name=texts.digits(created.name),
            links=_links_text(context, created),
        ),
        markup=keyboards.main_menu(texts) if context.member else ReplyKeyboardRemove(),
    )
    _send_posters(context, created)
    text, markup = await _campaign_screen(context, created)
    context.reply(text, markup=markup)


register_flow(FLOW, TeamFlow(on_text=_on_name, prompt=_prompt, cancelled="campaign-cancelled"))
