"""Referrals: `/start r_<member code>` pays the referrer and the friend once, and only once."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from bot.club.codes import make_member_code
from bot.emulator.driver import SimUser
from tests.e2e.world import OWNER_TELEGRAM_ID, Factory, World, sign_up, t, texts_of

SARA, REZA, NEGAR = "+989121234567", "+989351112233", "+989197654321"


def said(user: SimUser) -> list[str]:
    """The messages the bot sent since the user's last action (edits left out)."""
    return texts_of([m for m in user.replies() if not m.edited])


async def member(world: World, phone: str) -> tuple[int, str, int]:
    """id, code and balance of the live member with this phone."""
    row = (
        await world.rows(
            "SELECT id, code, balance FROM members WHERE phone = :p AND deleted_at IS NULL", p=phone
        )
    )[0]
    return row[0], row[1], row[2]


async def invite_link(user: SimUser) -> str:
    """The link the member's «دعوت از دوستان» gives them to forward."""
    await user.press(t("button-invite"))
    forward = said(user)[1]
    return forward.rsplit("\n", 1)[-1].strip()


async def referrer(world: World, *, platform: str = "telegram") -> SimUser:
    bot = world.telegram if platform == "telegram" else world.bale
    user = world.emu.user(bot, first_name="سارا", phone=SARA)
    await sign_up(user)  # 100: welcome and profile
    said(user)
    return user


async def referral_ledger(world: World) -> list[tuple[object, ...]]:
    rows = await world.rows(
        "SELECT member_id, delta, idempotency_key FROM ledger WHERE kind = 'referral' ORDER BY id"
    )
    return [tuple(r) for r in rows]


# --- The happy path -----------------------------------------------------------------------


async def test_a_friend_joining_through_the_invite_link_earns_both_their_referral_points(
    world: World,
) -> None:
    sara = await referrer(world)
    link = await invite_link(sara)
    sara_id, sara_code, _ = await member(world, SARA)
    assert link == f"https://t.me/vafa_test_bot?start=r_{sara_code}"
    reza = world.emu.user(world.telegram, first_name="رضا", phone=REZA)
    journey = await sign_up(reza, name="رضا کریمی", start="/start " + link.split("=", 1)[1])
    assert t("signup-points-referral", points=50) in journey[-1]
    assert t("signup-balance", balance=150) in journey[-1]
    reza_id, _, reza_balance = await member(world, REZA)
    assert reza_balance == 150
    assert (await member(world, SARA))[2] == 200
    assert await referral_ledger(world) == [
        (sara_id, 100, f"referral:{reza_id}:referrer"),
        (reza_id, 50, f"referral:{reza_id}:referee"),
    ]
    rows = await world.rows("SELECT referee_id, referrer_id, credited_at FROM referrals")
    assert [(r[0], r[1]) for r in rows] == [(reza_id, sara_id)]
    assert rows[0][2] is not None
    assert await world.rows("SELECT referrer_id FROM members WHERE id = :i", i=reza_id) == [
        (sara_id,)
    ]
    # The referrer learns the friend's first name only (the privacy text says so).
    assert said(sara) == [t("referral-credited", name="رضا", points=100)]
    await sara.press(t("button-invite"))
    stats = said(sara)[2]
    assert stats == t("invite-stats", friends=1, points=100)
    assert "عضو شده است" in stats and "شده‌اند" not in stats  # one friend, singular verb


async def test_nothing_is_credited_before_the_friend_completes_signup(world: World) -> None:
    await referrer(world)
    _, code, _ = await member(world, SARA)
    reza = world.emu.user(world.telegram, first_name="رضا", phone=REZA)
    await reza.send(f"/start r_{code}")
    await reza.press(t("button-consent-yes"))
    await reza.send("رضا")
    await reza.share_contact()
    assert await world.scalar("SELECT count(*) FROM referrals") == 0
    assert (await member(world, SARA))[2] == 100
    await reza.send("/cancel")
    assert await world.scalar("SELECT count(*) FROM referrals") == 0
    assert await referral_ledger(world) == []


async def test_a_friend_joining_on_bale_credits_the_referrer_at_the_friends_first_purchase(
    world: World,
) -> None:
    """Bale does not vouch for the friend's phone: the referrer waits for a real purchase."""
    sara = await referrer(world)
    sara_id, code, _ = await member(world, SARA)
    reza = world.emu.user(world.bale, first_name="رضا", phone=REZA)
    await sign_up(reza, name="رضا کریمی", birth_date=None, start=f"/start r_{code}")
    reza_id, reza_code, reza_balance = await member(world, REZA)
    assert reza_balance == 100  # the friend's own gifts: welcome and invitation
    assert (await member(world, SARA))[2] == 100
    assert said(sara) == []
    assert await world.rows("SELECT credited_at FROM referrals") == [(None,)]
    owner = world.emu.user(world.telegram, OWNER_TELEGRAM_ID, first_name="Owner")
    for receipt in ("R-1", "R-2"):  # the second purchase pays nobody again
        await owner.send(f"/purchase {reza_code} 250000 {receipt}")
        await owner.press(t("button-confirm"))
    assert (await member(world, SARA))[2] == 200
    assert said(sara) == [t("referral-credited-purchase", name="رضا", points=100)]
    assert await referral_ledger(world) == [
        (reza_id, 50, f"referral:{reza_id}:referee"),
        # Keyed by the purchase that paid it, so voiding that purchase can take it back.
        (sara_id, 100, f"referral:{reza_id}:purchase:1:referrer"),
    ]
    assert (await world.rows("SELECT credited_at FROM referrals"))[0][0] is not None


@pytest.mark.parametrize("last_used", ["telegram", "bale"])
async def test_the_referrer_hears_about_it_on_the_messenger_they_used_last(
    world: World, last_used: str
) -> None:
    on_telegram = await referrer(world)
    on_bale = world.emu.user(world.bale, first_name="سارا", phone=SARA)
    await on_bale.send("/start")
    await on_bale.press(t("button-consent-yes"))
    await on_bale.send("سارا")
    await on_bale.share_contact()
    await on_telegram.press(t("button-link-yes"))
    latest = on_telegram if last_used == "telegram" else on_bale
    other = on_bale if latest is on_telegram else on_telegram
    await latest.press(t("button-points"))
    said(on_telegram)
    said(on_bale)
    _, code, _ = await member(world, SARA)
    reza = world.emu.user(world.telegram, first_name="رضا", phone=REZA)
    await sign_up(reza, name="رضا", start=f"/start r_{code}")
    assert said(latest) == [t("referral-credited", name="رضا", points=100)]
    assert said(other) == []


# --- What earns nothing ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [
        "r_12345678",  # wrong check digit
        f"r_{make_member_code(4242)}",  # a well-formed code nobody has
        "r_",
        "r_abc",
        "campaign_nowruz",
        "<script>",
        "r_" + "9" * 80,
    ],
)
async def test_an_invalid_referral_payload_is_ignored_and_signup_proceeds(
    world: World, payload: str
) -> None:
    await referrer(world)
    reza = world.emu.user(world.telegram, first_name="رضا", phone=REZA)
    await reza.send(f"/start {payload}")
    assert said(reza) == [t("signup-welcome"), t("signup-consent")]
    await reza.press(t("button-consent-yes"))
    await reza.send("رضا")
    await reza.share_contact()
    await reza.send("1370/05/12")
    assert t("signup-balance", balance=100) in said(reza)[-1]
    assert await world.scalar("SELECT count(*) FROM referrals") == 0
    assert await referral_ledger(world) == []
    assert (await member(world, SARA))[2] == 100


async def test_a_members_own_link_earns_them_nothing(world: World) -> None:
    sara = await referrer(world)
    _, code, _ = await member(world, SARA)
    await sara.send(f"/start r_{code}")
    assert said(sara) == [t("referral-link-member", name="سارا محمدی")]
    assert await referral_ledger(world) == []
    assert (await member(world, SARA))[2] == 100


@pytest.mark.parametrize("other", ["bale"])
async def test_a_members_own_link_on_the_other_messenger_only_links_the_account(
    world: World, other: str
) -> None:
    # (Bale first, then Telegram, splits the account instead: see test_identity.py.)
    first = "bale" if other == "telegram" else "telegram"
    original = await referrer(world, platform=first)
    _, code, _ = await member(world, SARA)
    bot = world.telegram if other == "telegram" else world.bale
    second = world.emu.user(bot, first_name="سارا", phone=SARA)
    await second.send(f"/start r_{code}")
    await second.press(t("button-consent-yes"))
    await second.send("سارا")
    await second.share_contact()
    if other == "bale":
        await original.press(t("button-link-yes"))
    assert said(second)[-1] == t("link-done", name="سارا محمدی", balance=100)
    assert await world.scalar("SELECT count(*) FROM members") == 1
    assert await world.scalar("SELECT count(*) FROM referrals") == 0
    assert await referral_ledger(world) == []


async def test_an_existing_member_following_a_link_earns_nobody_anything(
    world: World,
) -> None:
    sara = await referrer(world)
    reza = world.emu.user(world.telegram, first_name="رضا", phone=REZA)
    await sign_up(reza, name="رضا")
    _, code, _ = await member(world, SARA)
    await reza.send(f"/start r_{code}")
    assert said(reza) == [t("referral-link-member", name="رضا")]
    assert await world.scalar("SELECT count(*) FROM referrals") == 0
    assert await referral_ledger(world) == []
    assert said(sara) == []


async def test_following_the_link_again_mid_signup_credits_once(world: World) -> None:
    sara = await referrer(world)
    _, code, _ = await member(world, SARA)
    reza = world.emu.user(world.telegram, first_name="رضا", phone=REZA)
    await reza.send(f"/start r_{code}")
    await reza.press(t("button-consent-yes"))
    await reza.send(f"/start r_{code}")
    await reza.send("رضا")
    await reza.send(f"/start r_{code}")
    await reza.share_contact()
    await reza.send(f"/start r_{code}")
    await reza.press(t("button-skip"))
    await reza.send(f"/start r_{code}")
    assert said(reza) == [t("referral-link-member", name="رضا")]
    assert (await member(world, SARA))[2] == 200
    assert (await member(world, REZA))[2] == 100
    assert len(await referral_ledger(world)) == 2
    assert said(sara) == [t("referral-credited", name="رضا", points=100)]


async def test_the_first_referrer_stays_the_only_one(world: World) -> None:
    await referrer(world)
    negar = world.emu.user(world.telegram, first_name="نگار", phone=NEGAR)
    await sign_up(negar, name="نگار")
    said(negar)
    sara_id, sara_code, _ = await member(world, SARA)
    _, negar_code, _ = await member(world, NEGAR)
    reza = world.emu.user(world.telegram, first_name="رضا", phone=REZA)
    await reza.send(f"/start r_{sara_code}")
    await reza.press(t("button-consent-yes"))
    await reza.send(f"/start r_{negar_code}")
    await reza.send("رضا")
    await reza.share_contact()
    await reza.press(t("button-skip"))
    reza_id, _, _ = await member(world, REZA)
    assert [
        tuple(r) for r in await world.rows("SELECT referee_id, referrer_id FROM referrals")
    ] == [(reza_id, sara_id)]
    assert (await member(world, SARA))[2] == 200
    assert (await member(world, NEGAR))[2] == 100
    assert said(negar) == []


async def test_a_deleted_members_link_earns_nobody_anything(world: World) -> None:
    sara = await referrer(world)
    _, code, _ = await member(world, SARA)
    await sara.press(t("button-privacy"))
    await sara.press(t("button-delete"))
    await sara.press(t("button-delete-yes"))
    said(sara)
    reza = world.emu.user(world.telegram, first_name="رضا", phone=REZA)
    await sign_up(reza, name="رضا", start=f"/start r_{code}")
    assert await world.scalar("SELECT count(*) FROM referrals") == 0
    assert await referral_ledger(world) == []
    assert said(sara) == []


async def test_a_replayed_final_update_after_a_restart_credits_once(world: World) -> None:
    await referrer(world)
    _, code, _ = await member(world, SARA)
    reza = world.emu.user(world.telegram, first_name="رضا", phone=REZA)
    await reza.send(f"/start r_{code}")
    await reza.press(t("button-consent-yes"))
    await reza.send("رضا")
    await reza.share_contact()
    last = await reza.press(t("button-skip"))
    await world.restart()
    world.emu.redeliver(world.telegram, last)
    await world.emu.wait_handled(world.telegram, last)
    await reza.send("/start")  # handled after the replay, in order
    assert (await member(world, SARA))[2] == 200
    assert (await member(world, REZA))[2] == 100
    assert len(await referral_ledger(world)) == 2
    assert await world.scalar("SELECT count(*) FROM members") == 2


async def test_rejoining_after_deleting_the_account_pays_no_referrer_again(
    make_world: Factory,
) -> None:
    world = await make_world(flood_messages=100)  # one user, many quick steps
    sara = await referrer(world)
    negar = world.emu.user(world.telegram, first_name="نگار", phone=NEGAR)
    await sign_up(negar, name="نگار")
    said(negar)
    _, sara_code, _ = await member(world, SARA)
    _, negar_code, _ = await member(world, NEGAR)
    reza = world.emu.user(world.telegram, first_name="رضا", phone=REZA)
    await sign_up(reza, name="رضا", start=f"/start r_{sara_code}")
    assert said(sara) == [t("referral-credited", name="رضا", points=100)]
    before = await referral_ledger(world)
    await reza.press(t("button-privacy"))
    await reza.press(t("button-delete"))
    await reza.press(t("button-delete-yes"))
    for code, friend in ((sara_code, sara), (negar_code, negar)):
        journey = await sign_up(reza, name="رضا", start=f"/start r_{code}")
        assert t("signup-points-welcome", points=50) not in journey[-1]
        assert t("signup-points-referral", points=50) not in journey[-1]
        assert t("signup-points-profile", points=50) not in journey[-1]
        assert (await member(world, REZA))[2] == 0
        assert await referral_ledger(world) == before
        assert said(friend) == []
        await reza.press(t("button-privacy"))
        await reza.press(t("button-delete"))
        await reza.press(t("button-delete-yes"))
    assert (await member(world, SARA))[2] == 200
    assert (await member(world, NEGAR))[2] == 100
    assert await world.scalar("SELECT count(*) FROM referrals") == 1


async def test_a_referrer_who_blocked_the_bot_still_earns_and_the_friend_still_joins(
    world: World,
) -> None:
    sara = await referrer(world)
    await sara.block()
    _, code, _ = await member(world, SARA)
    reza = world.emu.user(world.telegram, first_name="رضا", phone=REZA)
    journey = await sign_up(reza, name="رضا", start=f"/start r_{code}")
    assert t("signup-balance", balance=150) in journey[-1]
    assert reza.keyboard()[:2] == [t("button-points"), t("button-history")]
    assert (await member(world, SARA))[2] == 200
    assert said(sara) == []


async def test_a_bale_chat_cannot_farm_referrals_with_invented_phones(
    make_world: Factory,
) -> None:
    world = await make_world(flood_messages=100)
    sara = await referrer(world)
    _, code, _ = await member(world, SARA)
    farmer = world.emu.user(world.bale, first_name="رضا")
    for n, phone in enumerate(("+989350000001", "+989350000002", "+989350000003")):
        farmer.phone = phone  # Bale does not vouch: any number can be shared
        journey = await sign_up(farmer, name="رضا", start=f"/start r_{code}")
        assert (t("signup-points-welcome", points=50) in journey[-1]) is (n == 0)
        await farmer.press(t("button-privacy"))
        await farmer.press(t("button-delete"))
        await farmer.press(t("button-delete-yes"))
        farmer.replies()
    # Unvouched phones pay the referrer only at a first purchase, which never came.
    assert (await member(world, SARA))[2] == 100
    assert await world.scalar("SELECT count(*) FROM referrals") == 1
    assert said(sara) == []


# --- The deferred referral and the till ------------------------------------------------------


async def bale_friend(world: World) -> tuple[SimUser, SimUser, int, str]:
    """سارا invited رضا, who joined on Bale (unvouched): her credit waits for his purchase."""
    sara = await referrer(world)
    _, code, _ = await member(world, SARA)
    reza = world.emu.user(world.bale, first_name="رضا", phone=REZA)
    await sign_up(reza, name="رضا کریمی", birth_date=None, start=f"/start r_{code}")
    reza_id, reza_code, _ = await member(world, REZA)
    return (
        sara,
        world.emu.user(world.telegram, OWNER_TELEGRAM_ID, first_name="Owner"),
        reza_id,
        reza_code,
    )


async def test_a_purchase_that_earns_no_points_does_not_pay_the_deferred_referral(
    world: World,
) -> None:
    sara, owner, _, reza_code = await bale_friend(world)
    await owner.send(f"/purchase {reza_code} 1000 R-1")  # below one point
    await owner.press(t("button-confirm"))
    assert (await member(world, SARA))[2] == 100
    assert said(sara) == []
    assert await world.rows("SELECT credited_at FROM referrals") == [(None,)]
    await owner.send(f"/purchase {reza_code} 250000 R-2")
    await owner.press(t("button-confirm"))
    assert (await member(world, SARA))[2] == 200
    assert said(sara) == [t("referral-credited-purchase", name="رضا", points=100)]


async def test_voiding_the_purchase_that_paid_the_referral_takes_it_back_and_the_next_pays(
    world: World,
) -> None:
    sara, owner, reza_id, reza_code = await bale_friend(world)
    sara_id = (await member(world, SARA))[0]
    await owner.send(f"/purchase {reza_code} 250000 R-1")
    await owner.press(t("button-confirm"))
    assert (await member(world, SARA))[2] == 200
    said(sara)
    for _ in range(2):  # a second void is refused and reverses nothing again
        await owner.send("/void R-1")
        if t("button-void-yes") in [b["text"] for b in owner.last.inline_buttons()]:
            await owner.press(t("button-void-yes"))
    assert (await member(world, SARA))[2] == 100
    assert said(sara) == [t("referral-reversed", name="رضا", points=100)]
    assert await world.rows("SELECT credited_at FROM referrals") == [(None,)]
    await sara.press(t("button-invite"))
    assert said(sara)[2] == t("invite-stats", friends=1, points=0)
    await sara.press(t("button-history"))
    assert t("ledger-referral-void") in said(sara)[0]
    # A real purchase later pays the invitation after all, once.
    await owner.send(f"/purchase {reza_code} 250000 R-2")
    await owner.press(t("button-confirm"))
    assert (await member(world, SARA))[2] == 200
    assert said(sara) == [t("referral-credited-purchase", name="رضا", points=100)]
    rows = await world.rows(
        "SELECT member_id, delta, kind, idempotency_key FROM ledger"
        " WHERE idempotency_key LIKE :pattern ORDER BY id",
        pattern="referral:%:referrer",
    )
    assert [tuple(r) for r in rows] == [
        (sara_id, 100, "referral", f"referral:{reza_id}:purchase:1:referrer"),
        (sara_id, -100, "referral-void", f"referral:{reza_id}:void:1:referrer"),
        (sara_id, 100, "referral", f"referral:{reza_id}:purchase:2:referrer"),
    ]


async def test_a_referral_credit_already_spent_when_its_purchase_is_voided_is_not_paid_again(
    world: World,
) -> None:
    """Record, spend, void, repeat must not mint points: what was spent stays spent, and the
    referral then counts as paid."""
    sara, owner, _, reza_code = await bale_friend(world)
    await owner.send(f"/purchase {reza_code} 250000 R-1")
    await owner.press(t("button-confirm"))
    said(sara)
    # Points spent (no rewards catalogue yet: the balance is lowered as a redemption would).
    async with world.club.db.write() as conn:
        await conn.execute(sa.text("UPDATE members SET balance = 30 WHERE phone = :p"), {"p": SARA})
    await owner.send("/void R-1")
    await owner.press(t("button-void-yes"))
    assert (await member(world, SARA))[2] == 0
    assert said(sara) == [t("referral-reversed", name="رضا", points=30)]
    await owner.send(f"/purchase {reza_code} 250000 R-2")
    await owner.press(t("button-confirm"))
    assert (await member(world, SARA))[2] == 0
    assert said(sara) == []
