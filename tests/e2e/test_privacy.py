"""Privacy end to end: export my data, delete my account, rejoin without a second bonus."""

from __future__ import annotations

import json
from datetime import timedelta

import sqlalchemy as sa

from bot.club import discount_codes, rewards
from bot.storage.tables import members, redemptions
from bot.storage.tables import rewards as rewards_table
from tests.e2e.test_purchases import NAME, PHONE, buy, join, owner_of
from tests.e2e.world import World, sign_up, t


async def test_privacy_offers_export_and_delete(world: World) -> None:
    member, _ = await join(world)
    await member.press(t("button-privacy"))
    assert member.last.content == t("privacy")
    assert member.buttons() == [t("button-export"), t("button-delete"), t("button-promo-state-on")]


async def test_export_sends_a_json_document_with_my_profile_and_ledger(world: World) -> None:
    member, code = await join(world)
    await buy(owner_of(world), f"{code} 250000 R-1")
    await member.press(t("button-privacy"))
    await member.press(t("button-export"))
    document = member.last
    assert document.kind == "document" and document.document is not None
    assert document.caption == t("export-caption")
    assert (document.filename or "").endswith(".json")
    data = json.loads(document.document.decode("utf-8"))
    profile = data["member"]
    assert (profile["name"], profile["phone"], profile["code"]) == (NAME, PHONE, code)
    assert profile["birth_date"] == "1991-08-03" and profile["balance"] == 125
    assert [(e["kind"], e["delta"]) for e in data["ledger"]] == [
        ("signup", 50),
        ("profile", 50),
        ("purchase", 25),
    ]
    assert [(p["amount_toman"], p["points"], p["receipt_id"]) for p in data["purchases"]] == [
        (250_000, 25, "r-1"),  # receipt ids are stored case-folded
    ]
    assert [(i["platform"], i["platform_user_id"]) for i in data["identities"]] == [
        ("telegram", member.id),
    ]
    assert "idempotency_key" not in json.dumps(data)
    assert await world.scalar("SELECT count(*) FROM ledger") == 3  # exporting wrote nothing


async def test_keeping_the_account_changes_nothing(world: World) -> None:
    member, _ = await join(world)
    await member.press(t("button-privacy"))
    await member.press(t("button-delete"))
    assert member.last.content == t("delete-confirm")
    assert member.buttons() == [t("button-delete-yes"), t("button-delete-no")]
    await member.press(t("button-delete-no"))
    assert member.last.content == t("delete-kept")
    # The privacy message's buttons.
    assert member.buttons() == [t("button-export"), t("button-delete"), t("button-promo-state-on")]
    rows = await world.rows("SELECT name, phone, deleted_at FROM members")
    assert [tuple(r) for r in rows] == [(NAME, PHONE, None)]


async def test_deleting_my_account_erases_personal_data_but_keeps_the_ledger(
    world: World,
) -> None:
    member, code = await join(world)
    await buy(owner_of(world), f"{code} 250000 R-1")
    await member.press(t("button-privacy"))
    await member.press(t("button-delete"))
    await member.press(t("button-delete-yes"))
    assert member.last.content == t("delete-done")
    assert member.keyboard() == []
    rows = await world.rows(
        "SELECT name, phone, birth_date, birth_jmonth, birth_jday, deleted_at IS NOT NULL"
        " FROM members"
    )
    assert [tuple(r) for r in rows] == [(None, None, None, None, None, 1)]
    assert await world.scalar("SELECT count(*) FROM identities") == 0
    ledger = await world.rows("SELECT kind, delta FROM ledger ORDER BY id")
    assert [tuple(r) for r in ledger] == [("signup", 50), ("profile", 50), ("purchase", 25)]
    assert await world.scalar("SELECT sum(delta) FROM ledger") == 125

    await member.send(t("button-points"))  # an old menu label: they are a stranger now
    assert member.last.content == t("hint-start")

    owner = owner_of(world)
    await owner.send(f"/purchase {code} 250000 R-2")
    assert owner.last.content == t("purchase-error-member")


async def test_rejoining_after_deletion_gives_no_second_welcome_bonus(world: World) -> None:
    member, _ = await join(world)
    await member.press(t("button-privacy"))
    await member.press(t("button-delete"))
    await member.press(t("button-delete-yes"))
    said = await sign_up(member, birth_date=None)
    assert t("signup-points-welcome", points=50) not in "\n".join(said[-3:])
    rows = await world.rows("SELECT id, name, phone, balance FROM members ORDER BY id")
    assert [tuple(r)[1:] for r in rows] == [(None, None, 100), (NAME, PHONE, 0)]
    new_id = rows[1][0]
    kinds = await world.rows("SELECT kind FROM ledger WHERE member_id = :m", m=new_id)
    assert kinds == []
    await member.press(t("button-history"))
    assert member.last.content == t("history-empty")


async def test_rejoining_after_deletion_gives_no_second_profile_bonus(world: World) -> None:
    member, _ = await join(world)
    await member.press(t("button-privacy"))
    await member.press(t("button-delete"))
    await member.press(t("button-delete-yes"))
    await sign_up(member)  # with a birth date again
    balance = await world.scalar("SELECT balance FROM members WHERE phone = :p", p=PHONE)
    assert balance == 0


async def test_an_old_delete_confirmation_cannot_delete_the_new_account(world: World) -> None:
    member, _ = await join(world)
    await member.press(t("button-privacy"))
    await member.press(t("button-delete"))
    await member.press(t("button-delete"))  # tapped twice: two confirmations on screen
    await member.press(t("button-delete-yes"))  # the newest one
    assert member.last.content == t("delete-done")
    await sign_up(member)
    await member.press(t("button-delete-yes"))  # the older one, still on screen
    rows = await world.rows("SELECT name FROM members WHERE deleted_at IS NULL")
    assert [tuple(r) for r in rows] == [(NAME,)]
    assert await world.scalar("SELECT count(*) FROM identities") == 1


async def _reward_with_code(world: World, member_code: str) -> tuple[int, str]:
    """A reward with a stock of 3 and one active code of the member's (as a redemption
    leaves it: stock taken, points already debited)."""
    club, now = world.club, world.club.now()
    code = discount_codes.new_code()
    async with club.db.write() as conn:
        reward_id = await rewards.create(
            conn,
            rewards.Draft(title="Coffee", cost=20, kind="item", valid_days=30, stock=3),
            actor="telegram:1",
            role=None,
            now=now,
        )
        member_id = await conn.scalar(sa.select(members.c.id).where(members.c.code == member_code))
        await conn.execute(
            sa.update(rewards_table).where(rewards_table.c.id == reward_id).values(issued=1)
        )
        await conn.execute(
            sa.insert(redemptions).values(
                reward_id=reward_id,
                member_id=member_id,
                code=code,
                cost=20,
                status="active",
                created_at=now,
                expires_at=now + timedelta(days=30),
            )
        )
    return reward_id, code


async def test_the_export_lists_my_discount_codes(world: World) -> None:
    member, code = await join(world)
    _, discount = await _reward_with_code(world, code)
    await member.press(t("button-privacy"))
    await member.press(t("button-export"))
    data = json.loads((member.last.document or b"").decode("utf-8"))
    assert [(c["reward"], c["code"], c["status"], c["cost"]) for c in data["codes"]] == [
        ("Coffee", f"{discount[:5]}-{discount[5:]}", "active", 20)
    ]


async def test_deleting_my_account_cancels_my_unused_codes_and_returns_their_stock(
    world: World,
) -> None:
    member, code = await join(world)
    reward_id, discount = await _reward_with_code(world, code)
    await member.press(t("button-privacy"))
    await member.press(t("button-delete"))
    await member.press(t("button-delete-yes"))
    assert member.last.content == t("delete-done")
    status = await world.scalar("SELECT status FROM redemptions WHERE code = :c", c=discount)
    assert status == "cancelled"
    assert await world.scalar("SELECT issued FROM rewards WHERE id = :r", r=reward_id) == 0
