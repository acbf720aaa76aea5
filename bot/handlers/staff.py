"""The till's /purchase with a confirmation step, and the one callback for every till button.
Who may use them is the permission matrix's answer (bot/club/permissions.py), asked again
at every press.

Every till button is `purchase:<y|n>:<token>[:<choice>]`: a plain token is a purchase quote,
a `v.` token a void (bot/handlers/staff_void.py). A button pressed after its action was
applied (a double tap, a second device, a cancel after a confirm) answers with what was
recorded, never an error or silence.
"""

from __future__ import annotations

from typing import Any

from telegram import CallbackQuery, Update

from bot import keyboards
from bot.club.codes import classify_member_code
from bot.club.digits import parse_int
from bot.club.model import Member, MemberNotFound
from bot.club.permissions import Action
from bot.club.phones import InvalidPhone, phone_from_typed
from bot.club.purchases import MESSAGE, RECEIPT, PurchaseRefused, Recorded
from bot.club.receipts import ReceiptRefused, normalize_receipt
from bot.club.till_codes import Spend, points_to_pay
from bot.context import ClubContext
from bot.handlers import tickets
from bot.handlers.authority import require
from bot.handlers.staff_void import VOID_PREFIX, on_void_answer
from bot.handlers.staff_void import void as void
from bot.handlers.till import (
    audit_till,
    balance_of,
    number_shown,
    settle,
    shown,
    staff_of,
    stale,
)
from bot.storage.outbox import MessageClass

KIND = "purchase"


async def member_named(context: ClubContext, text: str) -> Member | None:
    """The member a cashier's first word names (a code or a verified phone), else says why."""
    texts, club = context.texts, context.club
    reading = classify_member_code(text)
    if reading.kind == "mistyped":
        context.reply(texts("error-member-code-mistyped"))
        return None
    try:
        if reading.code is not None:
            return await club.members.find(code=reading.code)
        member = await club.members.find(phone=phone_from_typed(text))
    except InvalidPhone as invalid:
        context.reply(texts(invalid.key))
        return None
    except MemberNotFound:
        context.reply(texts("purchase-error-member"))
        return None
    # A phone only a member claimed (Bale does not vouch for contacts) could be anyone's:
    # the card's code proves the person at the till is the member.
    if not await club.purchases.phone_verified(member.id):
        context.reply(texts("purchase-error-unverified-phone"))
        return None
    return member


async def purchase(update: Update, context: ClubContext) -> None:
    """/purchase <member code or phone> <amount in toman> [receipt id]: quote, then confirm."""
    message = update.effective_message
    assert message is not None
    texts, club = context.texts, context.club
    if not await require(context, Action.PURCHASE):
        return
    args = context.args or []
    if len(args) not in (2, 3):
        context.reply(texts("purchase-usage"))
        return
    member = await member_named(context, args[0])
    if member is None:
        return
    own = context.member
    if own is not None and own.id == member.id and not club.settings.purchase_self_allowed:
        context.reply(texts("purchase-error-self"))
        return
    amount = parse_int(args[1])
    if amount is None:
        context.reply(texts("purchase-error-amount"))
        return
    if len(args) == 3:
        try:
            source, receipt = RECEIPT, normalize_receipt(args[2])
        except ReceiptRefused as refused:
            context.reply(texts(refused.key))
            return
        if await club.purchases.exists(source=source, receipt_id=receipt):
            context.reply(texts("purchase-duplicate", receipt=shown(context, receipt)))
            return
    else:
        # No receipt: the command message itself is the purchase's identity.
        source, receipt = (
            MESSAGE,
            club.purchases.message_receipt(
                bot_id=context.bot.id, chat_id=message.chat_id, message_id=message.message_id
            ),
        )
    data = {"member_id": member.id, "amount": amount, "source": source, "receipt": receipt}
    await send_quote(context, member, data | {"staff": staff_of(update, context)})


def spend_of(data: dict[str, Any]) -> Spend:
    """What a quote's data says comes off its bill (a code applied to it)."""
    return Spend(**data.get("spend", {}))


async def send_quote(context: ClubContext, member: Member, data: dict[str, Any]) -> None:
    """A quote the cashier confirms, with a code to apply and points to pay where they may."""
    texts, club = context.texts, context.club
    spend = spend_of(data)
    try:
        quote = await club.purchases.quote(member, data["amount"], spend)
    except PurchaseRefused as refused:
        context.reply(texts(refused.key, limit=club.settings.purchase_max_toman))
        return
    token = await club.pending.create(KIND, data, member_id=member.id)
    values: dict[str, str | int] = {
        "name": member.name,
        "code": texts.digits(member.code),
        "amount": data["amount"],
        "points": quote.points,
        "tier": texts(f"tier-{quote.tier}"),
    }
    if spend.redemption_id is not None or spend.promo_code is not None:
        text = texts(
            "purchase-confirm-code",
            discount=spend.discount,
            net=data["amount"] - spend.off,
            discount_code=data.get("code_shown", ""),
            **values,
        )
    else:
        text = texts("purchase-confirm", **values)
    if quote.capped:
        text += "\n" + texts("purchase-capped-staff", cap=club.settings.purchase_credits_per_day)
    rows: list[tuple[tuple[str, str], ...]] = [
        (
            (texts("button-confirm"), f"purchase:y:{token}"),
            (texts("button-cancel"), f"purchase:n:{token}"),
        )
    ]
    extras: list[tuple[str, str]] = []
    if "spend" not in data:
        extras.append((texts("button-till-apply-code"), f"tcode:apply:{token}"))
    net = data["amount"] - spend.off
    if points_to_pay(balance=member.balance, net=net, settings=club.settings):
        extras.append((texts("button-till-pay-points"), f"ppay:ask:{token}"))
    if extras:
        rows.append(tuple(extras))
    context.reply(text, markup=keyboards.inline(*rows))


async def on_confirm(update: Update, context: ClubContext) -> None:
    """Every till button: a purchase quote's or a void's confirm/cancel."""
    query = update.callback_query
    assert query is not None and query.data is not None
    _, answer, token, *choice = query.data.split(":", 3)
    action = Action.VOID if token.startswith(VOID_PREFIX) else Action.PURCHASE
    if not await require(context, action, query):
        return
    if token.startswith(VOID_PREFIX):
        await on_void_answer(context, query, answer, token.removeprefix(VOID_PREFIX), choice)
    else:
        await _on_quote_answer(context, query, answer, token)


async def _quote_outcome(context: ClubContext, data: dict[str, str]) -> str:
    view = await context.club.purchases.view(source=data["source"], receipt_id=data["receipt"])
    if view is None:
        return context.texts("purchase-cancelled")
    return context.texts(
        "purchase-already-recorded",
        number=number_shown(context, view.number),
        points=view.points,
        balance=await balance_of(context, view.member_id),
    )


async def _on_quote_answer(
    context: ClubContext, query: CallbackQuery, answer: str, token: str
) -> None:
    texts, club = context.texts, context.club
    pending = await club.pending.get(token, KIND)
    if pending is None:
        stale(context, query)
        return
    data = pending.data
    if pending.done or (answer == "n" and not await club.pending.complete(token)):
        settle(context, query, await _quote_outcome(context, data))
        return
    if answer == "n":
        context.answer(query)
        context.edit(query.message, texts("purchase-cancelled"))
        return
    try:
        # The quote is consumed in the purchase's own transaction: a recorded purchase can
        # never show as cancelled, and two taps record it once.
        result = await club.purchases.record(
            member_id=data["member_id"],
            amount=data["amount"],
            source=data["source"],
            receipt_id=data["receipt"],
            # Whoever confirms records the purchase (a forwarded quote pressed by another
            # cashier is theirs, as the audit row says), not whoever asked for the quote.
            staff=context.actor,
            quote_token=token,
            spend=spend_of(data),
        )
    except PurchaseRefused as refused:
        await club.pending.complete(token)
        context.answer(query)
        context.edit(query.message, texts(refused.key, limit=club.settings.purchase_max_toman))
        return
    if result.quote_used:
        settle(context, query, await _quote_outcome(context, data))
        return
    context.answer(query)
    if result.duplicate or result.number is None:
        text = (
            texts("purchase-duplicate", receipt=shown(context, data["receipt"]))
            if data["source"] == RECEIPT
            else texts("purchase-duplicate-no-receipt")
        )
        context.edit(query.message, text)
        return
    member = await club.members.get(member_id=data["member_id"])
    context.edit(query.message, recorded_text(context, member, result, spend_of(data)))
    await audit_till(
        context,
        Action.PURCHASE,
        member.id,
        number=result.number,
        amount=result.net,
        points=result.points,
        receipt=data["receipt"],
        **spend_details(spend_of(data)),
    )
    announce(context, result, member.id, spend_of(data))


def spend_details(spend: Spend) -> dict[str, int | str | None]:
    """What came off the bill, for the purchase's audit row (only what there was)."""
    values = {
        "discount": spend.discount,
        "redemption": spend.redemption_id,
        "promo_code": spend.promo_code,
        "points_paid": spend.points,
    }
    return {key: value for key, value in values.items() if value}


def recorded_text(context: ClubContext, member: Member, result: Recorded, spend: Spend) -> str:
    """The cashier's confirmation: the net amount, and what came off the bill before it."""
    texts, club = context.texts, context.club
    assert result.number is not None
    lines = [
        texts(
            "purchase-recorded",
            name=member.name,
            amount=result.net,
            points=result.points,
            balance=member.balance,
            number=number_shown(context, result.number),
        )
    ]
    if spend.discount or spend.redemption_id is not None or spend.promo_code is not None:
        lines.append(texts("till-recorded-discount", discount=spend.discount))
    if spend.points:
        lines.append(texts("till-recorded-points", points=spend.points, toman=spend.points_toman))
    if result.capped:  # the cashier can tell the member why it earned nothing
        lines.append(texts("purchase-capped-staff", cap=club.settings.purchase_credits_per_day))
    return "\n".join(lines)


def announce(
    context: ClubContext, result: Recorded, member_id: int, spend: Spend | None = None
) -> None:
    """The member's notices of a recorded purchase, in its transaction."""
    texts = context.texts
    if spend is not None and spend.redemption_id is not None:
        context.notify(member_id, texts("till-code-used-notice"), klass=MessageClass.TRANSACTIONAL)
    # Every purchase in the member's name reaches them with «this was not my purchase», so a
    # member can check the till (a purchase that earned nothing included).
    mine = (
        keyboards.inline((tickets.not_mine_button(context, result.number),))
        if result.number is not None
        else None
    )
    context.notify(
        member_id,
        texts("purchase-earned", points=result.points)
        if result.points
        else texts("purchase-noted", amount=result.net),
        mine,
        klass=MessageClass.TRANSACTIONAL,
    )
    if result.change is not None and context.club.tiers.is_upgrade(result.change):
        context.notify(member_id, texts("tier-up", tier=texts(f"tier-{result.change.after}")))
