"""/void: a purchase named by its number or receipt is shown, then reversed on confirm.

`/void #123` always means purchase number 123. `/void 123` (digits only) means the purchase
numbered 123 or the one with receipt "123"; when both exist the cashier picks one by its
button. Anything else is a receipt id. The reversal is a new ledger row (Purchases.void) and
the member is told, in the same transaction as the void.
"""

from __future__ import annotations

from telegram import CallbackQuery, Update

from bot import keyboards
from bot.club.callback_data import parse_callback_int
from bot.club.model import MemberNotFound
from bot.club.permissions import Action
from bot.club.purchases import MAX_NUMBER, RECEIPT, PurchaseRefused, PurchaseView
from bot.club.receipts import ReceiptRefused, normalize_receipt
from bot.context import ClubContext
from bot.handlers.authority import require
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

VOID_KIND = "void"
# Void buttons share the till's `purchase:` callback namespace; this marks their token.
VOID_PREFIX = "v."
NUMBER_SIGN = "#"


def _void_target(text: str) -> tuple[int | None, str | None]:
    """(purchase number, receipt id) a normalised /void argument may name."""
    if text.startswith(NUMBER_SIGN):
        return parse_callback_int(text.removeprefix(NUMBER_SIGN), max_value=MAX_NUMBER), None
    return parse_callback_int(text, max_value=MAX_NUMBER), text


async def _describe(context: ClubContext, view: PurchaseView) -> str:
    texts = context.texts
    try:
        name = (await context.club.members.get(member_id=view.member_id)).name
    except MemberNotFound:
        name = texts("void-member-gone")
    values: dict[str, str | int] = {
        "number": number_shown(context, view.number),
        "name": name,
        "amount": view.amount,
        "points": view.points,
    }
    if view.source == RECEIPT:
        return texts("void-line", receipt=shown(context, view.receipt_id), **values)
    return texts("void-line-no-receipt", **values)


async def void(update: Update, context: ClubContext) -> None:
    """/void <purchase number or receipt id>: shows the purchase, reverses it on confirm."""
    texts, club = context.texts, context.club
    if not await require(context, Action.VOID):
        return
    if not context.args or len(context.args) != 1:
        context.reply(texts("void-usage"))
        return
    try:
        typed = normalize_receipt(context.args[0])
    except ReceiptRefused as refused:
        context.reply(texts(refused.key))
        return
    number, receipt = _void_target(typed)
    found = await club.purchases.find(number=number, receipt_id=receipt)
    if not found:
        context.reply(texts("void-error-unknown", receipt=shown(context, typed)))
        return
    live = [view for view in found if not view.voided]
    if not live:
        context.reply(texts("void-error-already", number=number_shown(context, found[0].number)))
        return
    token = VOID_PREFIX + await club.pending.create(
        VOID_KIND,
        {"numbers": [view.number for view in live], "staff": staff_of(update, context)},
        member_id=live[0].member_id,
    )
    lines = [await _describe(context, view) for view in live]
    cancel = (texts("button-cancel"), f"purchase:n:{token}")
    if len(live) == 1:
        context.reply(
            texts("void-confirm", purchase=lines[0]),
            markup=keyboards.inline(((texts("button-void-yes"), f"purchase:y:{token}:0"), cancel)),
        )
        return
    choices = tuple(
        (
            (
                texts("button-void-number", number=number_shown(context, v.number)),
                f"purchase:y:{token}:{i}",
            ),
        )
        for i, v in enumerate(live)
    )
    context.reply(
        texts("void-confirm-choose", purchases="\n".join(lines)),
        markup=keyboards.inline(*choices, (cancel,)),
    )


async def _void_outcome(context: ClubContext, numbers: list[int]) -> str:
    for number in numbers:
        view = await context.club.purchases.view(number=number)
        if view is not None and view.voided:
            return context.texts(
                "void-already-done",
                number=number_shown(context, view.number),
                reclaimed=view.reclaimed or 0,
                balance=await balance_of(context, view.member_id),
            )
    return context.texts("void-cancelled")


async def on_void_answer(
    context: ClubContext, query: CallbackQuery, answer: str, token: str, choice: list[str]
) -> None:
    texts, club = context.texts, context.club
    pending = await club.pending.get(token, VOID_KIND)
    if pending is None:
        stale(context, query)
        return
    numbers: list[int] = list(pending.data["numbers"])
    index = parse_callback_int(choice[0], max_value=len(numbers) - 1) if choice else None
    if answer == "y" and index is None:
        stale(context, query)
        return
    # Completing the token and the reversal share the update's one transaction.
    if pending.done or not await club.pending.complete(token):
        settle(context, query, await _void_outcome(context, numbers))
        return
    context.answer(query)
    if answer == "n" or index is None:
        context.edit(query.message, texts("void-cancelled"))
        return
    try:
        voided = await club.purchases.void(number=numbers[index])
    except PurchaseRefused:
        # Voided meanwhile by another /void: say what that one did.
        context.edit(query.message, await _void_outcome(context, [numbers[index]]))
        return
    await audit_till(
        context,
        Action.VOID,
        voided.member_id,
        number=voided.number,
        amount=voided.amount,
        reclaimed=voided.reclaimed,
        refunded=voided.refunded or None,
    )
    key = "void-done" if voided.reclaimed == voided.points else "void-done-partial"
    number = number_shown(context, voided.number)
    lines = [texts(key, number=number, points=voided.points, reclaimed=voided.reclaimed)]
    notice = [
        texts(
            "void-notice",
            amount=voided.amount,
            points=voided.reclaimed,
            balance=await balance_of(context, voided.member_id),
        )
    ]
    # Points paid with come back; a code used with the purchase stays used.
    if voided.refunded:
        lines.append(texts("void-points-refunded", points=voided.refunded))
        notice.append(texts("void-points-refunded-notice", points=voided.refunded))
    if voided.code_kept:
        lines.append(texts("void-code-kept"))
    context.edit(query.message, "\n".join(lines))
    context.notify(voided.member_id, "\n".join(notice), klass=MessageClass.TRANSACTIONAL)
