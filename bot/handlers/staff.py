"""Staff: /purchase with a confirmation step, /void. Owners (ADMIN_IDS) only, for now."""

from __future__ import annotations

from telegram import Message, Update

from bot import keyboards
from bot.club.codes import parse_member_code
from bot.club.digits import parse_int, to_latin_digits
from bot.club.model import MemberNotFound
from bot.club.phones import InvalidPhone, normalize_phone
from bot.club.purchases import MESSAGE, RECEIPT, PurchaseRefused, Recorded
from bot.context import ClubContext

KIND = "purchase"


def _shown(context: ClubContext, receipt: str) -> str:
    """A receipt number in the language's digits; an identifier with letters stays as typed."""
    return context.texts.digits(receipt) if receipt.isdigit() else receipt


async def _refuse_non_owner(message: Message, context: ClubContext) -> bool:
    if context.is_owner:
        return False
    await message.reply_text(context.texts("staff-only"))
    return True


async def purchase(update: Update, context: ClubContext) -> None:
    """/purchase <member code or phone> <amount in toman> [receipt id]: quote, then confirm."""
    message = update.effective_message
    assert message is not None and update.effective_user is not None
    texts, club = context.texts, context.club
    if await _refuse_non_owner(message, context):
        return
    args = context.args or []
    if len(args) not in (2, 3):
        await message.reply_text(texts("purchase-usage"))
        return
    who = to_latin_digits(args[0])
    try:
        code = parse_member_code(who)
        member = await (
            club.members.find(code=code) if code else club.members.find(phone=normalize_phone(who))
        )
    except (MemberNotFound, InvalidPhone):
        await message.reply_text(texts("purchase-error-member"))
        return
    amount = parse_int(args[1])
    if amount is None:
        await message.reply_text(texts("purchase-error-amount"))
        return
    if len(args) == 3:
        source, receipt = RECEIPT, to_latin_digits(args[2])[:100]
        if await club.purchases.exists(source=source, receipt_id=receipt):
            await message.reply_text(texts("purchase-duplicate", receipt=_shown(context, receipt)))
            return
    else:
        # No receipt: the command message itself is the purchase's identity.
        source, receipt = MESSAGE, f"{context.bot.id}:{message.chat_id}:{message.message_id}"
    try:
        quote = await club.purchases.quote(member, amount)
    except PurchaseRefused as refused:
        await message.reply_text(texts(refused.key, limit=club.settings.purchase_max_toman))
        return
    token = await club.pending.create(
        KIND,
        {
            "member_id": member.id,
            "amount": amount,
            "source": source,
            "receipt": receipt,
            "staff": f"{context.platform.value}:{update.effective_user.id}",
        },
        member_id=member.id,
    )
    await message.reply_text(
        texts(
            "purchase-confirm",
            name=member.name,
            code=texts.digits(member.code),
            amount=amount,
            points=quote.points,
            tier=texts(f"tier-{quote.tier}"),
        ),
        reply_markup=keyboards.inline(
            (
                (texts("button-confirm"), f"purchase:y:{token}"),
                (texts("button-cancel"), f"purchase:n:{token}"),
            ),
        ),
    )


async def on_confirm(update: Update, context: ClubContext) -> None:
    """The cashier's confirm/cancel on a purchase quote."""
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    texts, club = context.texts, context.club
    if not context.is_owner:
        await query.edit_message_text(texts("staff-only"))
        return
    _, answer, token = query.data.split(":", 2)
    pending = await club.pending.get(token, KIND)
    if pending is None or pending.done:
        await query.edit_message_reply_markup(None)
        return
    if answer == "n":
        if await club.pending.complete(token):
            await query.edit_message_text(texts("purchase-cancelled"))
        else:
            await query.edit_message_reply_markup(None)
        return
    data = pending.data
    try:
        # The quote is consumed in the purchase's own transaction: a recorded purchase can
        # never show as cancelled, and two taps record it once.
        result = await club.purchases.record(
            member_id=data["member_id"],
            amount=data["amount"],
            source=data["source"],
            receipt_id=data["receipt"],
            staff=data["staff"],
            quote_token=token,
        )
    except PurchaseRefused as refused:
        await club.pending.complete(token)
        await query.edit_message_text(texts(refused.key, limit=club.settings.purchase_max_toman))
        return
    if result.quote_used:
        await query.edit_message_reply_markup(None)
        return
    if result.duplicate:
        text = (
            texts("purchase-duplicate", receipt=_shown(context, data["receipt"]))
            if data["source"] == RECEIPT
            else texts("purchase-duplicate-no-receipt")
        )
        await query.edit_message_text(text)
        return
    member = await club.members.get(member_id=data["member_id"])
    await query.edit_message_text(
        texts(
            "purchase-recorded",
            name=member.name,
            amount=data["amount"],
            points=result.points,
            balance=member.balance,
        )
    )
    await _announce(context, result, member.id)


async def _announce(context: ClubContext, result: Recorded, member_id: int) -> None:
    texts = context.texts
    if result.points:
        await context.messengers.notify(member_id, texts("purchase-earned", points=result.points))
    if result.change is not None and context.club.tiers.is_upgrade(result.change):
        await context.messengers.notify(
            member_id, texts("tier-up", tier=texts(f"tier-{result.change.after}"))
        )


async def void(update: Update, context: ClubContext) -> None:
    """/void <receipt id>: a reversal row; the ledger is never edited."""
    message = update.effective_message
    assert message is not None
    texts = context.texts
    if await _refuse_non_owner(message, context):
        return
    if not context.args or len(context.args) != 1:
        await message.reply_text(texts("void-usage"))
        return
    receipt = to_latin_digits(context.args[0])
    shown = _shown(context, receipt)
    try:
        voided = await context.club.purchases.void(receipt_id=receipt)
    except PurchaseRefused as refused:
        await message.reply_text(texts(refused.key, receipt=shown))
        return
    key = "void-done" if voided.reclaimed == voided.points else "void-done-partial"
    await message.reply_text(
        texts(key, receipt=shown, points=voided.points, reclaimed=voided.reclaimed)
    )
