"""Marketer campaigns end to end: a link and a poster per messenger, the funnel counted exactly
after scripted opens, consents, signups, purchases and a void, attribution that never moves,
and marketers who see only their own campaigns' figures."""

from __future__ import annotations

import io
import re
from zoneinfo import ZoneInfo

from PIL import Image

from bot.club.digits import to_persian_digits
from bot.club.permissions import Role
from bot.emulator.driver import SimUser
from bot.i18n import load_texts
from bot.render.poster import HEIGHT, WIDTH
from tests.e2e.test_purchases import buy, owner_of, void
from tests.e2e.test_team import join_team, refusal_for
from tests.e2e.test_till import press_data
from tests.e2e.world import World, sign_up, t, texts_of

LINK = re.compile(r"https://(t\.me|ble\.ir)/(\w+)\?start=(c_[a-z0-9]+)")
NAME = "جشنواره‌ی یلدا ۱۴۰۵"


async def marketer(world: World, user_id: int = 6_001, role: Role = Role.MARKETER) -> SimUser:
    user = world.emu.user(world.telegram, user_id=user_id, first_name="Mina")
    await join_team(world, user, role)
    return user


async def create(user: SimUser, name: str = NAME) -> str:
    """The person makes a campaign through /campaign; returns its payload (`c_<slug>`)."""
    await user.send("/campaign")
    await user.press(t("button-campaign-new"))
    await user.send(name)
    found = LINK.search(next(m.content or "" for m in user.replies() if m.kind == "text"))
    assert found is not None
    return found.group(3)


async def campaign_id(world: World, payload: str) -> int:
    slug = payload.removeprefix("c_")
    return int(await world.scalar("SELECT id FROM campaigns WHERE slug = :s", s=slug))


async def code_of(world: World, user: SimUser) -> str:
    return str(
        await world.scalar(
            "SELECT m.code FROM members m JOIN identities i ON i.member_id = m.id"
            " WHERE i.platform_user_id = :u",
            u=user.id,
        )
    )


def screen(name: str, date: str, **figures: int) -> str:
    return t("campaign-screen", name=name, date=date, **figures)


def today(world: World) -> str:
    """Today's Jalali date as the bot writes it, in the club's timezone."""
    zone = ZoneInfo("Asia/Tehran")
    return load_texts("fa", "Asia/Tehran").date(world.clock.now.astimezone(zone).date())


async def test_a_marketer_names_a_campaign_and_gets_a_link_and_poster_per_messenger(
    world: World,
) -> None:
    mina = await marketer(world)
    await mina.send("/campaign")
    assert mina.last.content == t("campaigns-none")
    assert mina.buttons() == [t("button-campaign-new")]
    await mina.press(t("button-campaign-new"))
    assert mina.last.content == t("campaign-ask-name")
    wrongs = (("   ", "campaign-error-name-empty"), ("ی" * 65, "campaign-error-name-long"))
    for wrong, key in wrongs:
        await mina.send(wrong)
        assert texts_of(mina.replies()) == [t(key, limit=64)]
    assert await world.scalar("SELECT count(*) FROM campaigns") == 0
    assert await world.scalar("SELECT step FROM conversations") == "NAME"  # the same step
    await mina.send(NAME)
    said = mina.replies()
    created = said[0].content or ""
    links = {m.group(1): m for m in LINK.finditer(created)}
    assert links["t.me"].group(2) == "vafa_test_bot"
    assert links["ble.ir"].group(2) == "vafa_test_bale_bot"
    payload = links["t.me"].group(3)
    assert links["ble.ir"].group(3) == payload
    assert re.fullmatch(r"c_[a-z0-9]{10}", payload)
    photos = [m for m in said if m.kind == "photo"]
    assert [m.caption for m in photos] == [
        t("campaign-poster-caption", name=NAME, platform=t(f"platform-{p}"))
        for p in ("telegram", "bale")
    ]
    for photo in photos:
        assert photo.photo is not None
        assert Image.open(io.BytesIO(photo.photo)).size == (WIDTH, HEIGHT)
    assert mina.buttons() == [
        t("button-campaign-poster"),
        t("button-campaign-archive"),
        t("button-campaign-back"),
    ]
    rows = await world.rows("SELECT actor, role, action FROM audit WHERE action LIKE 'campaign%'")
    assert [tuple(r) for r in rows] == [(f"telegram:{mina.id}", "marketer", "campaign_created")]
    assert await world.scalar("SELECT count(*) FROM conversations") == 0
    await mina.press(t("button-campaign-poster"))
    assert [m.kind for m in mina.replies() if not m.edited] == ["photo", "photo"]


async def test_the_funnel_counts_opens_consents_signups_first_purchases_points_and_amount(
    world: World,
) -> None:
    mina = await marketer(world)
    payload = await create(mina)
    link = f"/start {payload}"
    owner = owner_of(world)

    arash = world.emu.user(world.telegram, first_name="آرش", phone="+989121110001")
    await arash.send(link)  # opened twice: one open
    await sign_up(arash, name="آرش", start=link)
    bahar = world.emu.user(world.bale, first_name="بهار", phone="+989121110002")
    await sign_up(bahar, name="بهار", start=link)
    cyrus = world.emu.user(world.telegram, first_name="کوروش", phone="+989121110003")
    await cyrus.send(link)
    await cyrus.press(t("button-consent-yes"))  # agrees, never finishes
    dara = world.emu.user(world.telegram, first_name="دارا", phone="+989121110004")
    await dara.send(link)
    await dara.press(t("button-consent-no"))
    farah = world.emu.user(world.telegram, first_name="فرح", phone="+989121110005")
    await sign_up(farah, name="فرح", birth_date=None, start=link)
    elsewhere = world.emu.user(world.telegram, first_name="نیما", phone="+989121110006")
    await sign_up(elsewhere, name="نیما")  # no link: nobody's

    await buy(owner, f"{await code_of(world, arash)} 250000 R-1")
    await buy(owner, f"{await code_of(world, arash)} 100000 R-2")
    await buy(owner, f"{await code_of(world, bahar)} 300000 R-3")
    await void(owner, "R-3")
    await buy(owner, f"{await code_of(world, elsewhere)} 900000 R-4")

    # Welcome 50 + profile 50 for Arash and Bahar, welcome 50 for Farah (no birth date);
    # purchases 25 + 10 for Arash and 30 for Bahar (issued, though voided later).
    expected = {
        "opens": 5,
        "consents": 4,
        "signups": 3,
        "buyers": 1,
        "points": 100 + 100 + 50 + 25 + 10 + 30,
        "amount": 350_000,
    }
    await mina.send("/campaign")
    assert mina.last.content == t("campaigns-own-title")
    await mina.press(t("button-campaign-open", name=NAME))
    shown = mina.last.content or ""
    assert shown.startswith(screen(NAME, today(world), **expected) + "\n")
    for name in ("آرش", "بهار", "فرح", "کوروش", "+98", "۰۹۱۲"):
        assert name not in shown  # figures only, never a member
    members = await world.rows(
        "SELECT name FROM members WHERE campaign_id = :c ORDER BY id",
        c=await campaign_id(world, payload),
    )
    assert [r[0] for r in members] == ["آرش", "بهار", "فرح"]


async def test_a_member_opening_a_campaign_link_is_counted_once_and_keeps_attribution(
    world: World,
) -> None:
    mina = await marketer(world)
    first = await create(mina, "کمپین اول")
    second = await create(mina, "کمپین دوم")
    sara = world.emu.user(world.telegram, first_name="سارا", phone="+989121110010")
    await sign_up(sara, name="سارا محمدی", start=f"/start {first}")
    await sara.send(f"/start {second}")
    assert texts_of(sara.replies()) == [t("campaign-link-member", name="سارا محمدی")]
    await sara.send(f"/start {second}")
    events = await world.rows(
        "SELECT kind, count(*) FROM campaign_events WHERE campaign_id = :c GROUP BY kind",
        c=await campaign_id(world, second),
    )
    assert [tuple(r) for r in events] == [("open", 1)]
    owned = await world.scalar("SELECT campaign_id FROM members WHERE name = 'سارا محمدی'")
    assert owned == await campaign_id(world, first)


async def test_a_referral_link_then_a_campaign_link_before_consent_credits_the_campaign_only(
    world: World,
) -> None:
    mina = await marketer(world)
    payload = await create(mina)
    sara = world.emu.user(world.telegram, first_name="سارا", phone="+989121110020")
    await sign_up(sara, name="سارا محمدی")
    sara.replies()
    referral = f"r_{await code_of(world, sara)}"
    reza = world.emu.user(world.telegram, first_name="رضا", phone="+989121110021")
    await reza.send(f"/start {referral}")
    await sign_up(reza, name="رضا", start=f"/start {payload}")  # the last link opened wins
    assert await world.scalar("SELECT campaign_id FROM members WHERE name = 'رضا'") == (
        await campaign_id(world, payload)
    )
    assert await world.scalar("SELECT count(*) FROM referrals") == 0
    assert await world.scalar("SELECT balance FROM members WHERE name = 'سارا محمدی'") == 100
    assert texts_of(sara.replies()) == []
    # Once the terms are agreed to, the signup's link is fixed: a later link only counts.
    negar = world.emu.user(world.telegram, first_name="نگار", phone="+989121110022")
    await negar.send(f"/start {payload}")
    await negar.press(t("button-consent-yes"))
    await negar.send(f"/start {referral}")
    await negar.send("نگار")
    await negar.share_contact()
    await negar.press(t("button-skip"))
    assert await world.scalar("SELECT count(*) FROM members WHERE campaign_id IS NOT NULL") == 2
    assert await world.scalar("SELECT count(*) FROM referrals") == 0
    # A member opening an invitation link is told so, not silently shown the menu.
    await reza.send(f"/start {referral}")
    assert texts_of(reza.replies()) == [t("referral-link-member", name="رضا")]


async def test_a_marketer_sees_only_their_own_campaigns_even_with_forged_buttons(
    world: World,
) -> None:
    mina = await marketer(world)
    payload = await create(mina)
    theirs = await campaign_id(world, payload)
    omid = await marketer(world, user_id=6_002)
    await omid.send("/campaign")
    assert omid.last.content == t("campaigns-none")
    assert NAME not in omid.buttons()
    before = omid.last.content
    for data in (f"camp:show:{theirs}", f"camp:poster:{theirs}", f"camp:archy:{theirs}"):
        await press_data(omid, omid.last, data)
        assert omid.callback_answers[-1] == t("campaign-unknown")
        assert [m.kind for m in omid.replies()] == []
    for data in ("camp:show:x", "camp:show:01", f"camp:show:{theirs}:1", "camp:what"):
        await press_data(omid, omid.last, data)
        assert omid.callback_answers[-1] == t("hint-stale-button")
    assert omid.last.content == before
    assert await world.scalar("SELECT archived_at FROM campaigns") is None
    await press_data(omid, omid.last, "camp:board")
    assert omid.callback_answers[-1] == refusal_for(frozenset({Role.MARKETER}))
    # An admin sees everyone's campaigns, who made them, and the marketers' ranking.
    admin = await marketer(world, user_id=6_003, role=Role.ADMIN)
    await admin.send("/campaign")
    assert admin.last.content == t("campaigns-all-title")
    assert admin.buttons() == [
        t("button-campaign-new"),
        t("button-campaign-open", name=NAME),
        t("button-campaign-board"),
    ]
    await admin.press(t("button-campaign-board"))
    assert admin.last.content == "\n".join(
        [
            t("campaign-board-title"),
            t(
                "campaign-board-line",
                rank=1,
                name=to_persian_digits(f"telegram:{mina.id}"),
                campaigns=1,
                signups=0,
                buyers=0,
            ),
        ]
    )


async def test_staff_are_refused_campaigns_and_nothing_is_left_behind(world: World) -> None:
    cashier = world.emu.user(world.telegram, user_id=6_010, first_name="Kian")
    await join_team(world, cashier, Role.STAFF)
    await cashier.send("/campaign")
    refused = refusal_for(frozenset({Role.STAFF}))
    assert texts_of(cashier.replies()) == [refused]
    await press_data(cashier, cashier.last, "camp:new")
    assert cashier.callback_answers[-1] == refused
    assert await world.scalar("SELECT count(*) FROM conversations") == 0
    assert await world.scalar("SELECT count(*) FROM campaigns") == 0


async def test_an_archived_or_unknown_campaign_link_starts_as_a_plain_start(world: World) -> None:
    mina = await marketer(world)
    payload = await create(mina)
    await mina.send("/campaign")
    await mina.press(t("button-campaign-open", name=NAME))
    await mina.press(t("button-campaign-archive"))
    assert mina.last.content == t("campaign-archive-confirm", name=NAME)
    await mina.press(t("button-campaign-archive-yes"))
    assert mina.callback_answers[-1] == t("campaign-archived")
    assert t("campaign-screen-archived") in (mina.last.content or "")
    assert t("button-campaign-archive") not in mina.buttons()
    actions = await world.rows("SELECT role, action FROM audit WHERE action LIKE 'campaign%'")
    assert [tuple(r) for r in actions] == [
        ("marketer", "campaign_created"),
        ("marketer", "campaign_archived"),
    ]
    for start in (f"/start {payload}", "/start c_nosuchcampaign"):
        newcomer = world.emu.user(world.telegram, first_name="Ali")
        await newcomer.send(start)
        assert texts_of(newcomer.replies()) == [t("signup-welcome"), t("signup-consent")]
        payload_kept = await world.scalar(
            "SELECT data FROM conversations WHERE platform_user_id = :u", u=newcomer.id
        )
        assert '"payload": null' in str(payload_kept)
    assert await world.scalar("SELECT count(*) FROM campaign_events") == 0
