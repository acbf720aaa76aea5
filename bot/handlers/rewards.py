"""The member spends points: the rewards catalog, taking one, "my codes", giving one back.

Every button is `reward:<action>[:<args>]` and is read without trusting the client: an unknown
reward, someone else's code, a mangled number or token is a stale button and changes nothing.
Taking a reward is a pending action (`reward:y:<reward id>:<token>`) completed in the
redemption's own transaction, so a double tap issues one code and the second tap is answered
with the code the first one issued. Giving back needs no token: the code's own status is the
guard (one conditional UPDATE closes it once).
"""

from __future__ import annotations

import io
import re
from collections.abc import Awaitable, Callable
from datetime import datetime

import segno
from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.ext import CallbackQueryHandler

from bot import keyboards
from bot.club import discount_codes, redemptions
from bot.club import rewards as catalog
from bot.club.callback_data import parse_callback_int
from bot.club.model import Member
from bot.club.permissions import Action
from bot.club.phones import isolate_ltr
from bot.club.redemptions import GiveBackRefused, Redeemed, RedeemRefused
from bot.club.rewards import Reward
from bot.context import ClubContext
from bot.handlers.till import settle, stale
from bot.i18n import Texts

PREFIX = "reward"
KIND = "redeem"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{8,32}", re.ASCII)

Button = Callable[[ClubContext, CallbackQuery, Message, Member, str], Awaitable[bool]]


def handlers() -> list[CallbackQueryHandler[ClubContext, None]]:
    return [CallbackQueryHandler(on_button, pattern=rf"^{PREFIX}:")]


# Rendering shared by the screens


def gives(texts: Texts, kind: str, value: int, min_purchase: int) -> str:
    """What a reward or a code takes off (or hands over), with its minimum purchase."""
    text = texts(f"reward-gives-{kind}", value=value)
    if min_purchase > 0:
        text = texts("reward-gives-min", gives=text, amount=min_purchase)
    return text


def code_shown(code: str) -> str:
    """A code in two groups of five, kept left to right inside Persian text."""
    return isolate_ltr(discount_codes.shown(code))


def qr_png(code: str) -> bytes:
    image = io.BytesIO()
    # make_qr, not make: never a Micro QR, which many phone cameras and scanners cannot read.
    segno.make_qr(code, error="m").save(image, kind="png", scale=10, border=4)
    return image.getvalue()


def _say_code(context: ClubContext, code: str, expires: datetime) -> None:
    context.reply_photo(
        qr_png(code),
        caption=context.texts("reward-qr-caption", code=code_shown(code), expires=expires),
    )


# The catalog


async def show_catalog(message: Message, context: ClubContext) -> None:
    """The menu's rewards item: the first page, as a new message."""
    text, markup = await _catalog_page(context, 0)
    context.reply(text, markup=markup)


async def _catalog_page(context: ClubContext, page: int) -> tuple[str, InlineKeyboardMarkup | None]:
    club, texts, member = context.club, context.texts, context.member
    assert member is not None
    async with club.db.read() as conn:
        offered = await catalog.available(
            conn, member_id=member.id, now=club.now(), today=club.today(), settings=club.settings
        )
    balance = member.balance
    lines = [texts("rewards-balance", balance=balance)]
    if not offered:
        lines.append(texts("rewards-empty"))
        return "\n".join(lines), _catalog_markup(context, [], page, 1)
    size = club.settings.rewards_page_size
    pages = (len(offered) + size - 1) // size
    page = min(page, pages - 1)
    shown = offered[page * size : (page + 1) * size]
    lines.append(texts("rewards-title"))
    lines.extend(_catalog_line(texts, reward, balance) for reward in shown)
    if pages > 1:
        lines.append(texts("rewards-page", page=page + 1, pages=pages))
    return "\n".join(lines), _catalog_markup(context, shown, page, pages)


def _catalog_line(texts: Texts, reward: Reward, balance: int) -> str:
    standing = (
        texts("rewards-covered")
        if balance >= reward.cost
        else texts("rewards-missing", missing=reward.cost - balance)
    )
    line = texts("rewards-line", title=reward.title, cost=reward.cost, standing=standing)
    if reward.left is not None:
        line = texts("rewards-line-left", line=line, left=reward.left)
    return line


def _catalog_markup(
    context: ClubContext, shown: list[Reward], page: int, pages: int
) -> InlineKeyboardMarkup:
    texts = context.texts
    rows: list[tuple[tuple[str, str], ...]] = [
        ((texts("button-reward-item", title=r.title, cost=r.cost), f"{PREFIX}:show:{r.id}"),)
        for r in shown
    ]
    nav = []
    if page > 0:
        nav.append((texts("button-rewards-prev"), f"{PREFIX}:page:{page - 1}"))
    if page + 1 < pages:
        nav.append((texts("button-rewards-next"), f"{PREFIX}:page:{page + 1}"))
    if nav:
        rows.append(tuple(nav))
    footer = [(texts("button-my-codes"), f"{PREFIX}:mine")]
    # The campaign-code entry belongs to bot/handlers/promo_codes.py, which defines its label.
    if texts.has("button-enter-code"):
        footer.insert(0, (texts("button-enter-code"), "pcode:enter"))
    rows.append(tuple(footer))
    return keyboards.inline(*rows)


async def _on_page(
    context: ClubContext, query: CallbackQuery, message: Message, member: Member, arg: str
) -> bool:
    page = parse_callback_int(arg, max_value=10_000)
    if page is None:
        return False
    context.answer(query)
    text, markup = await _catalog_page(context, page)
    context.edit(message, text, markup)
    return True


# One reward, and taking it


async def _on_show(
    context: ClubContext, query: CallbackQuery, message: Message, member: Member, arg: str
) -> bool:
    reward_id = parse_callback_int(arg)
    if reward_id is None:
        return False
    club, texts = context.club, context.texts
    async with club.db.read() as conn:
        reward = await catalog.get_in(conn, reward_id)
        if reward is None:
            return False
        is_offered = await redemptions.offered(conn, club, reward, member.id, club.now())
    if not is_offered:
        context.answer(query, texts("reward-refused-gone"))
        return True
    context.answer(query)
    lines = [texts("reward-detail-title", title=reward.title)]
    if reward.description:
        lines.append(reward.description)
    lines += [
        gives(texts, reward.kind, reward.value, reward.min_purchase),
        texts("reward-detail-cost", cost=reward.cost),
        texts("reward-detail-validity", days=reward.valid_days),
    ]
    if reward.left is not None:
        lines.append(texts("reward-detail-left", left=reward.left))
    if member.balance < reward.cost:
        lines.append(texts("reward-detail-missing", missing=reward.cost - member.balance))
        context.reply("\n".join(lines))
        return True
    lines += [
        texts("reward-detail-after", balance=member.balance - reward.cost),
        texts("reward-detail-confirm"),
    ]
    # The code is chosen now and kept with the token: a second tap finds what the first issued.
    data = {"reward_id": reward.id, "code": discount_codes.new_code()}
    token = await club.pending.create(KIND, data, member_id=member.id)
    markup = keyboards.inline(
        (
            (texts("button-reward-take"), f"{PREFIX}:y:{reward.id}:{token}"),
            (texts("button-cancel"), f"{PREFIX}:n:{reward.id}:{token}"),
        ),
    )
    context.reply("\n".join(lines), markup=markup)
    return True


async def _on_yes(
    context: ClubContext, query: CallbackQuery, message: Message, member: Member, arg: str
) -> bool:
    return await _on_answer(context, query, message, member, arg, "y")


async def _on_no(
    context: ClubContext, query: CallbackQuery, message: Message, member: Member, arg: str
) -> bool:
    return await _on_answer(context, query, message, member, arg, "n")


async def _on_answer(
    context: ClubContext,
    query: CallbackQuery,
    message: Message,
    member: Member,
    arg: str,
    answer: str,
) -> bool:
    """`y`/`n` on a reward's confirmation: `<reward id>:<token>`."""
    reward_text, _, token = arg.partition(":")
    reward_id = parse_callback_int(reward_text)
    if reward_id is None or not _TOKEN.fullmatch(token):
        return False
    club, texts = context.club, context.texts
    pending = await club.pending.get(token, KIND)
    if pending is None or pending.member_id != member.id:
        return False
    if pending.data.get("reward_id") != reward_id:
        return False
    if pending.done or (answer == "n" and not await club.pending.complete(token)):
        await _settle_taken(context, query, member, str(pending.data.get("code")))
        return True
    if answer == "n":
        context.answer(query)
        context.edit(message, texts("reward-not-taken"))
        return True
    try:
        redeemed = await redemptions.redeem(
            club,
            member_id=member.id,
            reward_id=reward_id,
            token=token,
            code=str(pending.data.get("code")),
        )
    except RedeemRefused as refused:
        context.answer(query)
        context.edit(message, texts(refused.key, **refused.values))
        return True
    if redeemed is None:  # a tap racing this one completed the token first
        await _settle_taken(context, query, member, str(pending.data.get("code")))
        return True
    context.answer(query)
    await _tell_taken(context, message, redeemed)
    return True


async def _tell_taken(context: ClubContext, message: Message, redeemed: Redeemed) -> None:
    """The code as text and as a QR, in the redemption's own transaction (the outbox)."""
    texts, reward = context.texts, redeemed.reward
    text = texts(
        "reward-taken",
        title=reward.title,
        code=code_shown(redeemed.code),
        gives=gives(texts, reward.kind, reward.value, reward.min_purchase),
        expires=redeemed.expires_at,
        balance=redeemed.balance,
    )
    if redeemed.partner_code is not None:
        text += "\n" + texts("reward-taken-partner", code=isolate_ltr(redeemed.partner_code))
    context.edit(message, text)
    _say_code(context, redeemed.code, redeemed.expires_at)
    if redeemed.pool_emptied:
        await context.tell_team(Action.REWARDS, texts("reward-pool-empty-team", title=reward.title))


async def _settle_taken(
    context: ClubContext, query: CallbackQuery, member: Member, code: str
) -> None:
    """A confirmation pressed after it was answered: the code it issued, or "not taken"."""
    issued = await redemptions.issued_by_code(context.club, member_id=member.id, code=code)
    if issued is None:
        settle(context, query, context.texts("reward-not-taken"))
    else:
        settle(context, query, context.texts("reward-already-taken", code=code_shown(code)))


# My codes


async def show_mine(message: Message, context: ClubContext) -> None:
    """Usable codes first, each with its QR and a give-back button; then earlier ones."""
    member, texts, club = context.member, context.texts, context.club
    assert member is not None
    codes = await redemptions.mine(club, member.id)
    if not codes:
        context.reply(texts("codes-empty"))
        return
    usable = [c for c in codes if c.usable]
    closed = [c for c in codes if not c.usable]
    lines: list[str] = []
    rows: list[tuple[tuple[str, str], ...]] = []
    if usable:
        lines.append(texts("codes-title-active"))
    for code in usable:
        shown = code_shown(code.code)
        lines.append(
            texts(
                "codes-line-active",
                code=shown,
                title=code.title,
                gives=gives(texts, code.kind, code.value, code.min_purchase),
                expires=code.expires_at,
            )
        )
        if code.partner_code is not None:
            lines.append(texts("codes-line-partner", code=isolate_ltr(code.partner_code)))
        # Labels carry the bare code: isolation marks show as boxes on some clients' buttons.
        plain = discount_codes.shown(code.code)
        row = [(texts("button-code-qr", code=plain), f"{PREFIX}:qr:{code.id}")]
        if not code.pooled:
            row.append((texts("button-code-giveback", code=plain), f"{PREFIX}:back:{code.id}"))
        rows.append(tuple(row))
    if closed:
        lines.append(texts("codes-title-closed"))
    for code in closed:
        status = texts(f"code-status-{code.status}")
        lines.append(
            texts("codes-line-closed", code=code_shown(code.code), title=code.title, status=status)
        )
    context.reply("\n".join(lines), markup=keyboards.inline(*rows) if rows else None)


async def _on_mine(
    context: ClubContext, query: CallbackQuery, message: Message, member: Member, arg: str
) -> bool:
    if arg:
        return False
    context.answer(query)
    await show_mine(message, context)
    return True


async def _own_code(context: ClubContext, member: Member, arg: str) -> redemptions.Code | None:
    redemption_id = parse_callback_int(arg)
    if redemption_id is None:
        return None
    return await redemptions.get(context.club, member_id=member.id, redemption_id=redemption_id)


async def _on_qr(
    context: ClubContext, query: CallbackQuery, message: Message, member: Member, arg: str
) -> bool:
    code = await _own_code(context, member, arg)
    if code is None:
        return False
    texts = context.texts
    if not code.usable:
        status = texts(f"code-status-{code.status}")
        context.answer(query, texts("code-not-usable", status=status))
        return True
    context.answer(query)
    _say_code(context, code.code, code.expires_at)
    return True


async def _on_give_back(
    context: ClubContext, query: CallbackQuery, message: Message, member: Member, arg: str
) -> bool:
    """The confirmation step: what comes back, and that the code stops working."""
    code = await _own_code(context, member, arg)
    if code is None:
        return False
    texts = context.texts
    if code.pooled or not code.usable:
        context.answer(query, texts(f"reward-giveback-{'pooled' if code.pooled else code.status}"))
        return True
    context.answer(query)
    context.reply(
        texts("giveback-confirm", code=code_shown(code.code), title=code.title, cost=code.cost),
        markup=keyboards.inline(
            (
                (texts("button-giveback-yes"), f"{PREFIX}:backy:{code.id}"),
                (texts("button-giveback-no"), f"{PREFIX}:keep:{code.id}"),
            ),
        ),
    )
    return True


async def _on_give_back_yes(
    context: ClubContext, query: CallbackQuery, message: Message, member: Member, arg: str
) -> bool:
    redemption_id = parse_callback_int(arg)
    if redemption_id is None:
        return False
    texts = context.texts
    try:
        closed = await redemptions.give_back(
            context.club, member_id=member.id, redemption_id=redemption_id
        )
    except GiveBackRefused as refused:
        if refused.key == "hint-stale-button":
            return False
        settle(context, query, texts(refused.key))
        return True
    context.answer(query)
    context.edit(
        message,
        texts(
            "giveback-done",
            code=code_shown(closed.code),
            cost=closed.cost,
            balance=closed.balance,
        ),
    )
    return True


async def _on_keep(
    context: ClubContext, query: CallbackQuery, message: Message, member: Member, arg: str
) -> bool:
    if await _own_code(context, member, arg) is None:
        return False
    context.answer(query)
    context.edit(message, context.texts("giveback-kept"))
    return True


_BUTTONS: dict[str, Button] = {
    "page": _on_page,
    "show": _on_show,
    "y": _on_yes,
    "n": _on_no,
    "mine": _on_mine,
    "qr": _on_qr,
    "back": _on_give_back,
    "backy": _on_give_back_yes,
    "keep": _on_keep,
}


async def on_button(update: Update, context: ClubContext) -> None:
    """Every `reward:` button; members only (anyone else is told how to join)."""
    query = update.callback_query
    assert query is not None and query.data is not None
    message = await keyboards.pressed_message(query, context)
    if message is None:
        return
    member = context.member
    if member is None:
        context.answer(query, context.texts("hint-start"))
        return
    action, _, arg = query.data.removeprefix(f"{PREFIX}:").partition(":")
    button = _BUTTONS.get(action)
    if button is None or not await button(context, query, message, member, arg):
        stale(context, query)
