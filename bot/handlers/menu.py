"""The main menu: points, history, rewards, my codes, member card, invite, profile, help,
privacy; the features' own items come from bot/handlers/member_items.py."""

from __future__ import annotations

import io
import json
from zoneinfo import ZoneInfo

import segno
from telegram import Message, ReplyKeyboardRemove, Update

from bot import keyboards
from bot.club import ledger
from bot.club.callback_data import parse_callback_field
from bot.club.export import export_member
from bot.club.permissions import COMMANDS, allows
from bot.club.referrals import referral_payload
from bot.context import ClubContext
from bot.conversations import profile
from bot.handlers import member_items, rewards, segments


async def open_item(key: str, message: Message, context: ClubContext) -> None:
    """A menu button: this module's screens, else the one a feature registered
    (bot/handlers/member_items.py: surveys, lotteries, quizzes, feedback)."""
    screen = {
        "button-points": show_points,
        "button-history": show_history,
        "button-card": show_card,
        "button-invite": show_invite,
        "button-profile": profile.show,
        "button-help": show_help,
        "button-rewards": rewards.show_catalog,
        "button-my-codes": rewards.show_mine,
        "button-privacy": show_privacy,
    }.get(key) or member_items.ITEMS[key]
    await screen(message, context)


async def show_points(message: Message, context: ClubContext) -> None:
    member, texts = context.member, context.texts
    assert member is not None
    standing = await context.club.tiers.standing(member_id=member.id)
    lines = [
        texts("points-balance", balance=standing.balance),
        texts("points-tier", tier=texts(f"tier-{standing.tier.key}")),
    ]
    if standing.kept_until is not None:  # in its grace: until when, and what keeps it
        lines.append(
            texts(
                "tier-grace-status",
                date=standing.kept_until,
                points=standing.keep_needed,
                tier=texts(f"tier-{standing.tier.key}"),
            )
        )
    if standing.next is not None:
        lines.append(
            texts("points-next", points=standing.needed, tier=texts(f"tier-{standing.next.key}"))
        )
    else:
        lines.append(texts("points-top-tier"))
    context.reply("\n".join(lines))


async def show_history(
    message: Message, context: ClubContext, before_id: int | None = None
) -> None:
    member, texts = context.member, context.texts
    assert member is not None
    size = context.club.settings.history_page_size
    async with context.club.db.read() as conn:
        entries = await ledger.history(
            conn, member_id=member.id, limit=size + 1, before_id=before_id
        )
    if not entries:
        context.reply(texts("history-empty" if before_id is None else "history-end"))
        return
    # Ledger times are UTC; the day shown is the member's own day (Tehran by default).
    zone = ZoneInfo(context.club.settings.timezone)
    lines = [texts("history-title")]
    for entry in entries[:size]:
        sign = "+" if entry.delta > 0 else "-" if entry.delta < 0 else ""
        lines.append(
            texts(
                "history-line",
                date=entry.created_at.astimezone(zone).date(),
                reason=texts(f"ledger-{entry.kind}"),
                amount=f"{sign}{texts.number(abs(entry.delta))}",
            )
        )
    markup = None
    if len(entries) > size:
        oldest_shown = entries[size - 1].id
        markup = keyboards.inline(((texts("button-history-more"), f"history:{oldest_shown}"),))
    context.reply("\n".join(lines), markup=markup)


async def on_history_more(update: Update, context: ClubContext) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    message = await keyboards.pressed_message(query, context)
    if message is None:
        return
    before_id = parse_callback_field(query.data, "history")
    if before_id is None:  # forged or mangled: treated as the stale button it pretends to be
        context.answer(query, context.texts("hint-stale-button"))
        context.edit_markup(query.message)
        return
    context.answer(query)
    context.edit_markup(query.message)
    if context.member is not None:
        await show_history(message, context, before_id=before_id)


async def show_card(message: Message, context: ClubContext) -> None:
    member, texts = context.member, context.texts
    assert member is not None
    # The stored tier (kept during a grace), as on the points screen: bot/club/tiers.py.
    standing = await context.club.tiers.standing(member_id=member.id)
    image = io.BytesIO()
    # make_qr, not make: segno.make picks a Micro QR for short digit strings, which most
    # phone cameras and shop scanners cannot read.
    segno.make_qr(member.code, error="m").save(image, kind="png", scale=10, border=4)
    context.reply_photo(
        image.getvalue(),
        caption=texts(
            "card-caption",
            name=member.name,
            code=texts.digits(member.code),
            tier=texts(f"tier-{standing.tier.key}"),
        ),
    )


async def show_invite(message: Message, context: ClubContext) -> None:
    member, texts = context.member, context.texts
    assert member is not None
    link = context.platform.deep_link(context.bot.username, referral_payload(member.code))
    stats = await context.club.referrals.stats(member_id=member.id)
    context.reply(
        texts(
            "invite-intro",
            points=context.club.settings.points_referrer,
            friend_points=context.club.settings.points_referee,
        )
    )
    context.reply(texts("invite-forward", link=link))
    context.reply(texts("invite-stats", friends=stats.friends, points=stats.points))


async def show_help(message: Message, context: ClubContext) -> None:
    """The member help; the team also get the commands their roles allow, each with an example."""
    texts, roles = context.texts, await context.roles()
    lines = [
        texts(f"help-cmd-{command}")
        for command, action in COMMANDS.items()
        if allows(roles, action)
    ]
    if lines:
        context.reply(texts("help") + "\n\n" + texts("help-team-title") + "\n" + "\n".join(lines))
    else:
        context.reply(texts("help"))


async def show_privacy(message: Message, context: ClubContext) -> None:
    member = context.member
    assert member is not None
    # Export, delete, and the promotional messages switch (bot/handlers/segments.py).
    markup = await segments.show_privacy_markup(context, member.id)
    context.reply(context.texts("privacy"), markup=markup)


async def on_privacy(update: Update, context: ClubContext) -> None:
    """Export my data, delete my account (with a confirmation step).

    The confirmation names the account it was asked for (`privacy:delete-yes:<code>`), so a
    confirmation left on screen can never erase an account opened later by the same person.
    """
    query = update.callback_query
    assert query is not None and query.data is not None
    member, texts = context.member, context.texts
    message = await keyboards.pressed_message(query, context)
    if message is None:
        return
    _, action, *bound = query.data.split(":", 2)
    code = bound[0] if bound else None
    if member is None or (action in ("delete-yes", "delete-no") and code != member.code):
        context.answer(query, texts("hint-stale-button"))
        context.edit_markup(query.message)
        return
    if action in ("promo-on", "promo-off"):
        await segments.on_privacy_switch(query, context, off=action == "promo-off")
        return
    context.answer(query)
    if action == "export":
        data = await export_member(context.club, member.id)
        payload = json.dumps(data, ensure_ascii=False, indent=2).encode()
        context.reply_document(payload, f"vafa-{member.code}.json", texts("export-caption"))
    elif action == "delete":
        context.reply(
            texts("delete-confirm"),
            markup=keyboards.inline(
                (
                    (texts("button-delete-yes"), f"privacy:delete-yes:{member.code}"),
                    (texts("button-delete-no"), f"privacy:delete-no:{member.code}"),
                ),
            ),
        )
    elif action == "delete-yes":
        context.edit_markup(query.message)
        await context.club.privacy.erase(member_id=member.id)
        context.member = None
        context.reply(texts("delete-done"), markup=ReplyKeyboardRemove())
    else:
        context.edit(query.message, texts("delete-kept"))
