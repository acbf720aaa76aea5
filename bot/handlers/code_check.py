"""/code: the cashier checks a discount code and marks it used; the Apply code button
applies one to a purchase quote. Every press asks the permission matrix again.

Buttons: `tcode:use:<lookup>` (CODE_CHECK), `tcode:cancel:<lookup>` asks and
`tcode:cancely:<lookup>` cancels with a refund (REWARDS), where <lookup> is a pending token of
the /code that showed the code, `tcode:apply:<quote token>`
(PURCHASE) starts the code step of a quote.

```mermaid
stateDiagram-v2
    [*] --> CODE: the Apply code button on a quote
    CODE --> CODE: unknown, mistyped, not this member's, below minimum, used (its reason)
    CODE --> [*]: a code that applies: the quote again with the discount; /cancel at any time
```
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from telegram import CallbackQuery, ReplyKeyboardRemove, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot import keyboards
from bot.club import audit, discount_codes, promo_codes, till_codes
from bot.club.discounts import discount_toman
from bot.club.permissions import Action
from bot.club.till_codes import CodeView, Lookup
from bot.context import ClubContext
from bot.handlers import points_pay
from bot.handlers.authority import permitted, require, role_for
from bot.handlers.flows import TeamFlow, register_flow
from bot.handlers.staff import KIND as QUOTE_KIND
from bot.handlers.staff import send_quote
from bot.handlers.till import stale
from bot.storage.conversations import Conversation
from bot.storage.outbox import MessageClass
from bot.storage.tables import promo_codes as promo_codes_table

FLOW = "till-code"
CODE = "CODE"
# The pending action a /code lookup leaves for its buttons.
CODE_LOOKUP = "tcode"


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    """/code, its buttons, and the till's code and points buttons (bot/handlers/__init__.py)."""
    return [
        CommandHandler("code", code),
        CallbackQueryHandler(on_button, pattern=r"^tcode:"),
        *points_pay.handlers(),
    ]


async def code(update: Update, context: ClubContext) -> None:
    """/code <CODE>: what the code is worth, whose it is, and whether it can still be used."""
    texts = context.texts
    if not await require(context, Action.CODE_CHECK):
        return
    if not context.args:
        context.reply(texts("code-usage"))
        return
    found = await _look_up(context, " ".join(context.args))
    if found.promo is not None:
        context.reply(await _promo_screen(context, found.promo))
    elif found.kind == "redemption":
        assert found.code is not None
        text, markup = await _code_screen(context, found.code)
        context.reply(text, markup=markup)
    else:
        context.reply(_miss_text(context, found))


async def _look_up(context: ClubContext, text: str) -> Lookup:
    club = context.club
    async with club.db.write() as conn:
        return await till_codes.look_up(
            conn, text, actor=context.actor, now=club.now(), settings=club.settings
        )


def _miss_text(context: ClubContext, found: Lookup) -> str:
    texts = context.texts
    if found.kind == "wait":
        return texts("code-wait", minutes=found.wait_minutes)
    return texts("code-mistyped" if found.kind == "mistyped" else "code-unknown")


# Screens


def _discount_text(context: ClubContext, kind: str, value: int, reward: str = "") -> str:
    texts = context.texts
    if kind == "percent":
        return texts("code-discount-percent", value=value)
    if kind == "amount":
        return texts("code-discount-amount", value=value)
    return texts("code-discount-item", reward=reward)


async def _who(context: ClubContext, actor: str | None) -> str:
    """A cashier by their member name; a neutral word when the team does not know them."""
    platform, _, user_id = (actor or "").partition(":")
    known = await context.club.team.name_of(platform, int(user_id)) if user_id.isdigit() else None
    return known or context.texts("code-someone")


async def status_text(context: ClubContext, view: CodeView) -> str:
    """Why a code cannot be used now, each case in its own words."""
    texts = context.texts
    if view.status == till_codes.USED and view.used_at is not None:
        return texts("code-used", at=view.used_at, who=await _who(context, view.used_by))
    if view.status == till_codes.EXPIRED:
        return texts("code-expired", expiry=view.expires_at)
    return texts(f"code-{view.status}")


async def _code_screen(context: ClubContext, view: CodeView) -> tuple[str, Any]:
    texts = context.texts
    text = texts(
        "code-screen",
        code=discount_codes.shown(view.code),
        owner=view.owner,
        reward=view.reward,
        discount=_discount_text(context, view.kind, view.value, view.reward),
        expiry=view.expires_at,
    )
    if view.min_purchase:
        text += "\n" + texts("code-min-purchase", amount=view.min_purchase)
    if view.status != till_codes.ACTIVE:
        return text + "\n" + await status_text(context, view), None
    # The buttons carry a token of this lookup, never the code's row id: a press can only
    # act on a code someone typed (and so was throttled for guessing), not on row 1, 2, 3...
    token = await context.club.pending.create(
        CODE_LOOKUP, {"redemption_id": view.redemption_id}, member_id=view.member_id
    )
    rows = [((texts("button-code-use"), f"tcode:use:{token}"),)]
    # A partner's code was shown to the member: the shop cannot take it back with a refund.
    if view.partner_code is None and await permitted(context, Action.REWARDS):
        rows.append(((texts("button-code-cancel"), f"tcode:cancel:{token}"),))
    return text + "\n" + texts("code-active"), keyboards.inline(*rows)


async def _promo_screen(context: ClubContext, promo: promo_codes.PromoCode) -> str:
    """A campaign code's terms; it is used with a purchase (the Apply code button), never here."""
    texts = context.texts
    async with context.club.db.read() as conn:
        row = (
            await conn.execute(
                sa.select(promo_codes_table).where(promo_codes_table.c.id == promo.id)
            )
        ).first()
    assert row is not None
    lines = [
        texts(
            "code-promo-screen",
            code=row.code,
            discount=_discount_text(context, row.kind, int(row.value)),
        )
    ]
    if row.min_purchase:
        lines.append(texts("code-min-purchase", amount=int(row.min_purchase)))
    if row.ends_on is not None:
        lines.append(texts("code-promo-until", date=row.ends_on))
    if row.total_uses is not None:
        lines.append(texts("code-promo-left", left=max(row.total_uses - row.uses, 0)))
    lines.append(texts("code-promo-how"))
    return "\n".join(lines)


# Buttons


async def on_button(update: Update, context: ClubContext) -> None:
    """Every `tcode:` press: the role asked again, then what the data names."""
    query = update.callback_query
    assert query is not None and query.data is not None
    _, verb, *rest = query.data.split(":")
    needs = {
        "use": Action.CODE_CHECK,
        "cancel": Action.REWARDS,
        "cancely": Action.REWARDS,
        "apply": Action.PURCHASE,
    }.get(verb)
    if needs is None or len(rest) != 1:
        stale(context, query)
        return
    if not await require(context, needs, query):
        return
    if verb == "apply":
        await _ask_code(update, context, query, rest[0])
        return
    lookup = await context.club.pending.get(rest[0], CODE_LOOKUP) if len(rest[0]) <= 32 else None
    if lookup is None:
        stale(context, query)
        return
    redemption_id = int(lookup.data["redemption_id"])
    async with context.club.db.read() as conn:
        view = await till_codes.view_in(conn, redemption_id=redemption_id, now=context.club.now())
    if view is None:
        context.answer(query, context.texts("code-unknown"))
        return
    if verb == "use":
        await _use(context, query, view)
    elif verb == "cancel":
        _ask_cancel(context, query, view, rest[0])
    else:
        await _cancel(context, query, view)


async def _use(context: ClubContext, query: CallbackQuery, view: CodeView) -> None:
    """The Used button: one conditional UPDATE; a code used meanwhile says by whom and when."""
    club, texts = context.club, context.texts
    now = club.now()
    async with club.db.write() as conn:
        used = await till_codes.consume(
            conn, redemption_id=view.redemption_id, actor=context.actor, now=now
        )
        fresh = await till_codes.view_in(conn, redemption_id=view.redemption_id, now=now)
    assert fresh is not None
    if not used:
        said = await status_text(context, fresh)
        context.answer(query, said)
        context.edit(query.message, said)
        return
    await _audit(context, Action.CODE_CHECK, "code_used", fresh)
    context.notify(
        fresh.member_id,
        texts("code-used-notice", reward=fresh.reward),
        klass=MessageClass.TRANSACTIONAL,
    )
    said = texts("code-consumed", code=discount_codes.shown(fresh.code), owner=fresh.owner)
    context.answer(query, said)
    context.edit(query.message, said)


def _ask_cancel(context: ClubContext, query: CallbackQuery, view: CodeView, token: str) -> None:
    texts = context.texts
    context.answer(query)
    context.edit(
        query.message,
        texts("code-cancel-confirm", code=discount_codes.shown(view.code), owner=view.owner),
        keyboards.inline(((texts("button-code-cancel-yes"), f"tcode:cancely:{token}"),)),
    )


async def _cancel(context: ClubContext, query: CallbackQuery, view: CodeView) -> None:
    """The shop takes the code back: the member's points return, and they are told."""
    club, texts = context.club, context.texts
    async with club.db.write() as conn:
        closed = await till_codes.cancel_with_refund(
            conn, redemption_id=view.redemption_id, now=club.now()
        )
        fresh = await till_codes.view_in(conn, redemption_id=view.redemption_id, now=club.now())
    assert fresh is not None
    if closed is None:
        said = await status_text(context, fresh)
        context.answer(query, said)
        context.edit(query.message, said)
        return
    await _audit(context, Action.REWARDS, "code_cancelled", fresh)
    context.notify(
        fresh.member_id,
        texts("code-cancelled-notice", reward=fresh.reward, points=fresh.cost),
        klass=MessageClass.TRANSACTIONAL,
    )
    said = texts("code-cancel-done", code=discount_codes.shown(fresh.code), points=fresh.cost)
    context.answer(query, said)
    context.edit(query.message, said)


async def _audit(context: ClubContext, action: Action, name: str, view: CodeView) -> None:
    await context.club.team.record(
        actor=context.actor,
        role=await role_for(context, action),
        action=name,
        target=audit.member_target(view.member_id),
        redemption=view.redemption_id,
        reward=view.reward,
    )


# Applying a code to a purchase quote (a team flow: the cashier's conversation row)


async def _ask_code(update: Update, context: ClubContext, query: CallbackQuery, token: str) -> None:
    pending = await context.club.pending.get(token, QUOTE_KIND)
    if pending is None or pending.done or "spend" in pending.data:
        stale(context, query)
        return
    context.answer(query)
    state = Conversation(FLOW, CODE, {"token": token})
    await context.save_conversation(state)
    await _prompt(update, context, state)


async def _prompt(update: Update, context: ClubContext, state: Conversation) -> None:
    context.reply(
        context.texts("till-code-ask"),
        markup=keyboards.reply(context.texts, ("button-cancel",)),
    )


async def _on_code(update: Update, context: ClubContext, state: Conversation) -> None:
    """The typed code: its reason (the step stays), or the quote again with the discount."""
    message = update.effective_message
    assert message is not None and message.text is not None
    club, texts = context.club, context.texts
    if not await require(context, Action.PURCHASE):
        await context.clear_conversation()
        return
    pending = await club.pending.get(str(state.data.get("token")), QUOTE_KIND)
    if pending is None or pending.done:
        await context.clear_conversation()
        context.reply(texts("till-code-quote-gone"))
        return
    data = pending.data
    found = await _look_up(context, message.text)
    refusal, spend = await _applies(context, found, data)
    if refusal is not None:
        context.reply(refusal + "\n" + texts("till-code-again"))
        return
    await context.clear_conversation()
    member = await club.members.get(member_id=data["member_id"])
    context.reply(texts("till-code-applied"), markup=_after_flow(context))
    await send_quote(context, member, data | spend)


def _after_flow(context: ClubContext) -> Any:
    return keyboards.main_menu(context.texts) if context.member else ReplyKeyboardRemove()


async def _applies(
    context: ClubContext, found: Lookup, data: dict[str, Any]
) -> tuple[str | None, dict[str, Any]]:
    """(why not, None) or (None, the quote data's spend and the code as shown)."""
    texts = context.texts
    amount, member_id = int(data["amount"]), int(data["member_id"])
    if found.promo is not None:
        return await _promo_applies(context, found.promo, amount, member_id)
    if found.kind != "redemption":
        return _miss_text(context, found), {}
    view = found.code
    assert view is not None
    if view.member_id != member_id:
        return texts("till-code-not-theirs"), {}
    if view.status != till_codes.ACTIVE:
        return await status_text(context, view), {}
    discount = view.discount(amount)
    if discount is None:
        return texts("till-code-below-minimum", amount=view.min_purchase), {}
    spend = {"discount": discount, "redemption_id": view.redemption_id}
    return None, {"spend": spend, "code_shown": discount_codes.shown(view.code)}


async def _promo_applies(
    context: ClubContext, promo: promo_codes.PromoCode, amount: int, member_id: int
) -> tuple[str | None, dict[str, Any]]:
    club = context.club
    async with club.db.read() as conn:
        key = await promo_codes.refusal_in(
            conn,
            promo,
            member_id=member_id,
            amount=amount,
            now=club.now(),
            today=club.today(),
            settings=club.settings,
        )
    if key is not None:
        return context.texts(key), {}
    discount = discount_toman(promo.kind, promo.value, amount, min_purchase=promo.min_purchase)
    if discount is None:
        return context.texts("till-code-below-minimum", amount=promo.min_purchase), {}
    spend = {"discount": discount, "promo_code": promo.code}
    return None, {"spend": spend, "code_shown": promo.code}


register_flow(FLOW, TeamFlow(on_text=_on_code, prompt=_prompt, cancelled="till-code-cancelled"))
