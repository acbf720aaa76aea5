"""Pay with points: the member pays part of a bill with points, confirmed in their own chat.

The cashier's press (`ppay:ask:<quote token>`, PURCHASE) debits nothing: it asks the member,
in their chat, with `ppay:y|n:<token>` whose pending action names the member, so only their
press counts. Their Confirm records the purchase in one transaction (the points debited,
the purchase on the net, its points earned, the cashier's quote consumed) and the cashier is
told in their own chat; No tells the cashier, whose quote still confirms without points.
"""

from __future__ import annotations

from typing import Any

from telegram import CallbackQuery, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot import keyboards
from bot.club import audit
from bot.club.permissions import Action, Role, allows
from bot.club.purchases import PurchaseRefused
from bot.club.till_codes import Spend, points_to_pay
from bot.context import ClubContext
from bot.handlers.authority import require, role_for
from bot.handlers.staff import KIND as QUOTE_KIND
from bot.handlers.staff import announce, recorded_text, spend_of
from bot.handlers.till import number_shown, stale
from bot.outgoing import text_message
from bot.storage.db import current_scope
from bot.storage.outbox import MessageClass

KIND = "points-pay"


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    return [
        CallbackQueryHandler(on_ask, pattern=r"^ppay:ask:"),
        CallbackQueryHandler(on_answer, pattern=r"^ppay:[yn]:"),
    ]


async def on_ask(update: Update, context: ClubContext) -> None:
    """The cashier's press: the member is asked; nothing is debited yet."""
    query = update.callback_query
    assert query is not None and query.data is not None and update.effective_chat is not None
    if not await require(context, Action.PURCHASE, query):
        return
    club, texts = context.club, context.texts
    quote_token = query.data.removeprefix("ppay:ask:")
    pending = await club.pending.get(quote_token, QUOTE_KIND)
    if pending is None or pending.done:
        stale(context, query)
        return
    data = pending.data
    member = await club.members.get(member_id=data["member_id"])
    spend = spend_of(data)
    net = int(data["amount"]) - spend.off
    points = points_to_pay(balance=member.balance, net=net, settings=club.settings)
    if not points:
        context.answer(query, texts("points-pay-none"))
        return
    toman = points * club.settings.point_value_toman
    role = await role_for(context, Action.PURCHASE)
    token = await club.pending.create(
        KIND,
        data
        | {
            "quote": quote_token,
            "spend": {**data.get("spend", {}), "points": points, "points_toman": toman},
            "staff": context.actor,
            "staff_role": role.value if role else None,
            "staff_chat": [context.platform.value, update.effective_chat.id],
        },
        member_id=member.id,
    )
    context.answer(query)
    context.notify(
        member.id,
        texts("points-pay-ask", points=points, toman=toman, amount=net, net=net - toman),
        keyboards.inline(
            (
                (texts("button-points-pay-yes"), f"ppay:y:{token}"),
                (texts("button-points-pay-no"), f"ppay:n:{token}"),
            )
        ),
        klass=MessageClass.TRANSACTIONAL,
    )
    context.reply(texts("points-pay-waiting", name=member.name, points=points, toman=toman))


def _tell_cashier(data: dict[str, Any], text: str) -> None:
    """A message to the cashier's chat named in the request (an outbox row in this update)."""
    scope = current_scope.get()
    assert scope is not None
    message = text_message(text)
    message.platform, message.chat_id = str(data["staff_chat"][0]), int(data["staff_chat"][1])
    scope.outgoing.append(message)


async def on_answer(update: Update, context: ClubContext) -> None:
    """The member's Confirm or No; anyone else's press is refused, a second press is told."""
    query = update.callback_query
    assert query is not None and query.data is not None
    club, texts = context.club, context.texts
    answer, token = query.data[len("ppay:")], query.data[len("ppay:y:") :]
    pending = await club.pending.get(token, KIND)
    if pending is None:
        stale(context, query)
        return
    if context.member is None or context.member.id != pending.member_id:
        context.answer(query, texts("points-pay-not-yours"))
        return
    if pending.done:
        context.answer(query, texts("points-pay-answered"))
        return
    if answer == "n":
        await _decline(context, query, token, pending.data)
    else:
        await _confirm(context, query, token, pending.data)


async def _decline(
    context: ClubContext, query: CallbackQuery, token: str, data: dict[str, Any]
) -> None:
    texts = context.texts
    if not await context.club.pending.complete(token):
        context.answer(query, texts("points-pay-answered"))
        return
    context.answer(query)
    context.edit(query.message, texts("points-pay-declined-member"))
    _tell_cashier(data, texts("points-pay-declined"))


async def _confirm(
    context: ClubContext, query: CallbackQuery, token: str, data: dict[str, Any]
) -> None:
    club, texts = context.club, context.texts
    spend = Spend(**data["spend"])
    # The cashier asked; their role is asked again now (it may have been revoked meanwhile).
    if not allows(await club.team.roles_of(data["staff"]), Action.PURCHASE):
        await club.pending.complete(token)
        context.answer(query)
        context.edit(query.message, texts("points-pay-refused-member"))
        return
    try:
        result = await club.purchases.record(
            member_id=data["member_id"],
            amount=data["amount"],
            source=data["source"],
            receipt_id=data["receipt"],
            staff=data["staff"],
            quote_token=data["quote"],
            confirm_token=token,
            spend=spend,
        )
    except PurchaseRefused as refused:
        await club.pending.complete(token)
        context.answer(query)
        context.edit(query.message, texts("points-pay-refused-member"))
        _tell_cashier(data, texts(refused.key, limit=club.settings.purchase_max_toman))
        return
    if result.quote_used or result.duplicate or result.number is None:
        said = texts("points-pay-answered")
        context.answer(query, said)
        context.edit(query.message, said)
        return
    member = await club.members.get(member_id=data["member_id"])
    context.answer(query)
    context.edit(
        query.message,
        texts(
            "points-pay-done",
            points=spend.points,
            amount=result.net,
            number=number_shown(context, result.number),
        ),
    )
    _tell_cashier(data, recorded_text(context, member, result, spend))
    await _audit(context, data, result.number, result.net, result.points, spend)
    announce(context, result, member.id, spend)


async def _audit(
    context: ClubContext,
    data: dict[str, Any],
    number: int,
    amount: int,
    points: int,
    spend: Spend,
) -> None:
    """The purchase's audit row names the cashier who asked (the member only confirmed)."""
    role = data.get("staff_role")
    await context.club.team.record(
        actor=str(data["staff"]),
        role=Role(role) if role else None,
        action=Action.PURCHASE.value,
        target=audit.member_target(int(data["member_id"])),
        number=number,
        amount=amount,
        points=points,
        receipt=data["receipt"],
        points_paid=spend.points,
        discount=spend.discount or None,
    )
