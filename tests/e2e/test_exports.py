"""CSV exports: what each file holds, who may take one, and how a big one is split."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import random
import re
import shutil
import string
import tempfile
import time
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from bot.club import exports as club_exports
from bot.club.csv_parts import FOLDER_PREFIX, MB, new_folder
from bot.club.permissions import Role
from bot.emulator.models import SentMessage
from bot.storage.tables import ledger
from bot.storage.tables_surveys import (
    survey_answers,
    survey_questions,
    survey_responses,
    surveys,
)
from tests.e2e.test_purchases import buy, join, owner_of, void
from tests.e2e.test_team import join_team
from tests.e2e.test_till import press_data
from tests.e2e.world import World, sign_up, t

PERSIAN = re.compile("[\u0600-\u06ff]")
# 1 Farvardin 1404, 00:30 in Tehran: a Jalali new year that starts on another UTC day.
NOWRUZ = datetime(2025, 3, 20, 21, 0, tzinfo=UTC)
NOWRUZ_JALALI, NOWRUZ_ISO = "1404/01/01 00:30", "2025-03-21T00:30:00+03:30"


def both(key: str) -> list[str]:
    """The two headers of a date column: Jalali, then ISO."""
    name = t(key)
    return [t("exports-col-jalali", column=name), t("exports-col-iso", column=name)]


def table(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "no BOM: Excel would garble Persian"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def export_folders(*, everyone: bool = False) -> set[Path]:
    """This process's export folders (tests in other processes export at the same time)."""
    mine = "" if everyone else f"{os.getpid()}-"
    return set(Path(tempfile.gettempdir()).glob(f"{FOLDER_PREFIX}{mine}*"))


def documents(messages: list[SentMessage]) -> list[SentMessage]:
    return [m for m in messages if m.kind == "document"]


async def take(user: Any, kind: str) -> list[SentMessage]:
    """/export, then the export's button: the documents that came."""
    await user.send("/export")
    assert user.last.content == t("exports-menu")
    await user.press(t(f"button-exports-{kind}"))
    said = user.replies()
    assert said[0].content == t("exports-preparing", what=t(f"button-exports-{kind}"))
    return documents(said)


def single(found: list[SentMessage], kind: str) -> list[list[str]]:
    assert len(found) == 1
    doc = found[0]
    assert doc.filename is not None and doc.filename.endswith(".csv")
    assert doc.document is not None
    rows = table(doc.document)
    assert doc.caption == t("exports-caption", what=t(f"button-exports-{kind}"), rows=len(rows) - 1)
    return rows


async def test_members_export_has_persian_headers_both_calendars_and_no_erased_personal_data(
    world: World,
) -> None:
    world.clock.now = NOWRUZ
    user, code = await join(world)
    gone = world.emu.user(world.telegram, user_id=4_321, phone="+989351110000")
    await sign_up(gone)
    gone_id = await world.scalar("SELECT id FROM members WHERE phone = '+989351110000'")
    await world.club.privacy.erase(member_id=gone_id)
    owner = owner_of(world)

    rows = single(await take(owner, "members"), "members")

    head = rows[0]
    assert head[:4] == [t(f"exports-col-{c}") for c in ("id", "member", "name", "phone")]
    at = head.index(both("exports-col-joined")[0])
    assert head[at : at + 2] == both("exports-col-joined")
    by_code = {row[1]: dict(zip(head, row, strict=True)) for row in rows[1:]}
    member = by_code[code]
    name, phone = (await world.rows("SELECT name, phone FROM members WHERE id = 1"))[0]
    assert PERSIAN.search(name) and member[t("exports-col-name")] == name
    assert member[t("exports-col-phone")] == phone
    assert [member[h] for h in both("exports-col-joined")] == [NOWRUZ_JALALI, NOWRUZ_ISO]
    born = [member[h] for h in both("exports-col-birth-date")]
    assert born == ["1370/05/12", "1991-08-03"]
    assert member[t("exports-col-status")] == t("exports-status-active")
    assert member[t("exports-col-messengers")] == t("platform-telegram")
    erased = by_code[str(await world.scalar("SELECT code FROM members WHERE id = :i", i=gone_id))]
    assert erased[t("exports-col-status")] == t("exports-status-erased")
    for key in ("name", "phone", "phone-verified", "messengers", "promo"):
        assert erased[t(f"exports-col-{key}")] == ""
    assert [erased[h] for h in both("exports-col-birth-date")] == ["", ""]
    assert [erased[h] for h in both("exports-col-erased")] == [NOWRUZ_JALALI, NOWRUZ_ISO]
    audited = "SELECT actor, role, target, details FROM audit WHERE action = 'export'"
    assert [(*row[:3], json.loads(row[3])) for row in await world.rows(audited)] == [
        ("telegram:9000", "owner", "members", {"rows": 2, "files": 1, "zipped": False})
    ]
    del user


async def test_ledger_and_purchases_exports_name_the_kind_and_mark_a_voided_purchase(
    world: World,
) -> None:
    world.clock.now = NOWRUZ
    _, code = await join(world)
    owner = owner_of(world)
    await buy(owner, f"{code} 250000 R-1")
    await buy(owner, f"{code} 90000 R-2")
    await void(owner, "R-2")

    rows = single(await take(owner, "purchases"), "purchases")
    head = rows[0]
    bought = [dict(zip(head, row, strict=True)) for row in rows[1:]]
    assert [(p[t("exports-col-amount")], p[t("exports-col-receipt")]) for p in bought] == [
        ("250000", "r-1"),  # receipts are kept in lower case
        ("90000", "r-2"),
    ]
    kept, voided = bought
    assert kept[t("exports-col-status")] == t("exports-status-valid")
    assert [kept[h] for h in both("exports-col-voided")] == ["", ""]
    assert voided[t("exports-col-status")] == t("exports-status-voided")
    assert [voided[h] for h in both("exports-col-voided")] == [NOWRUZ_JALALI, NOWRUZ_ISO]
    assert [kept[h] for h in both("exports-col-date")] == [NOWRUZ_JALALI, NOWRUZ_ISO]

    rows = single(await take(owner, "ledger"), "ledger")
    head = rows[0]
    entries = [dict(zip(head, row, strict=True)) for row in rows[1:]]
    stored = await world.rows("SELECT id, delta FROM ledger ORDER BY id")
    assert [(int(e[t("exports-col-id")]), int(e[t("exports-col-points")])) for e in entries] == [
        tuple(row) for row in stored
    ]
    kinds = [e[t("exports-col-kind")] for e in entries]
    assert kinds[0] == t("ledger-signup") and t("ledger-reversal") in kinds
    assert {e[t("exports-col-member")] for e in entries} == {code}
    assert [entries[0][h] for h in both("exports-col-date")] == [NOWRUZ_JALALI, NOWRUZ_ISO]


async def test_survey_responses_export_has_a_row_per_answer_in_words(world: World) -> None:
    world.clock.now = NOWRUZ
    _, code = await join(world)
    now = world.clock.now
    async with world.club.db.write() as conn:
        survey_id = (
            await conn.execute(
                sa.insert(surveys)
                .values(
                    title="Service",
                    opens_at=now,
                    closes_at=now + timedelta(days=7),
                    status="open",
                    created_by="telegram:9000",
                    created_at=now,
                )
                .returning(surveys.c.id)
            )
        ).scalar_one()
        asked = []
        for position, (kind, text) in enumerate((("yesno", "Again?"), ("text", "Why?")), 1):
            asked.append(
                (
                    await conn.execute(
                        sa.insert(survey_questions)
                        .values(survey_id=survey_id, position=position, kind=kind, text=text)
                        .returning(survey_questions.c.id)
                    )
                ).scalar_one()
            )
        response = (
            await conn.execute(
                sa.insert(survey_responses)
                .values(survey_id=survey_id, member_id=1, started_at=now, completed_at=now)
                .returning(survey_responses.c.id)
            )
        ).scalar_one()
        answer = {"response_id": response, "answered_at": now, "value": None, "text": None}
        await conn.execute(
            sa.insert(survey_answers),
            [
                answer | {"question_id": asked[0], "value": 1},
                # A spreadsheet formula typed as an answer is shown, never run.
                answer | {"question_id": asked[1], "text": "=1+2"},
            ],
        )

    rows = single(await take(owner_of(world), "surveys"), "surveys")
    head = rows[0]
    answers = [dict(zip(head, row, strict=True)) for row in rows[1:]]
    assert [
        (a[t("exports-col-member")], a[t("exports-col-question")], a[t("exports-col-answer")])
        for a in answers
    ] == [(code, "Again?", t("button-survey-yes")), (code, "Why?", "'=1+2")]
    assert [answers[0][h] for h in both("exports-col-completed")] == [NOWRUZ_JALALI, NOWRUZ_ISO]


async def test_staff_and_marketers_are_refused_exports(world: World) -> None:
    await join(world)
    for user_id, role in ((5_001, Role.STAFF), (5_002, Role.MARKETER)):
        user = world.emu.user(world.telegram, user_id=user_id, first_name="Sam")
        await join_team(world, user, role)
        refused = t("team-not-allowed", roles=t(f"role-{role.value}"))
        await user.send("/export")
        assert [m.content for m in user.replies()] == [refused]
        await press_data(user, user.last, "exp:members")
        assert user.callback_answers[-1] == refused
        assert documents(user.inbox) == []
    assert await world.rows("SELECT * FROM audit WHERE action = 'export'") == []


async def test_an_export_past_the_part_size_comes_as_zip_parts_each_a_whole_csv(
    make_world: Any,
) -> None:
    world: World = await make_world(export_part_mb=1)
    await join(world)
    # Random references deflate poorly: ~25,000 rows make more than two megabytes zipped.
    rng = random.Random(7)
    letters = string.ascii_letters + string.digits
    now = world.clock.now
    async with world.club.db.write() as conn:
        await conn.execute(
            sa.insert(ledger),
            [
                {
                    "member_id": 1,
                    "delta": 1,
                    "kind": "survey",
                    "ref": "".join(rng.choices(letters, k=110)),
                    "idempotency_key": f"bulk:{n}",
                    "created_at": now,
                }
                for n in range(25_000)
            ],
        )
    stored = [row[0] for row in await world.rows("SELECT id FROM ledger ORDER BY id")]
    before = export_folders()

    parts = await take(owner_of(world), "ledger")

    assert len(parts) >= 3
    seen: list[int] = []
    for number, part in enumerate(parts, start=1):
        assert part.filename is not None and part.document is not None
        assert part.filename.endswith(f"-part{number}-of-{len(parts)}.zip")
        assert len(part.document) <= 1 * MB
        assert part.caption == t(
            "exports-caption-part",
            what=t("button-exports-ledger"),
            part=number,
            parts=len(parts),
            rows=len(stored),
        )
        with zipfile.ZipFile(io.BytesIO(part.document)) as archive:
            [name] = archive.namelist()
            rows = table(archive.read(name))
        assert rows[0][0] == t("exports-col-id") and len(rows) > 1
        seen += [int(row[0]) for row in rows[1:]]
    assert seen == stored  # every row once, in order
    # The sender removed the files once sent.
    assert export_folders() == before


async def wait_for(check: Any, seconds: float = 10.0) -> None:
    """Until `check()` holds (something the sender does beside the update)."""
    for _ in range(int(seconds / 0.02)):
        if check():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("not within the time")


def document_tries(world: World) -> int:
    return sum(1 for _, method, _ in world.emu.faults.triggered if method == "sendDocument")


async def test_an_admin_whose_role_is_taken_away_while_the_export_is_written_gets_no_file(
    world: World, monkeypatch: Any
) -> None:
    await join(world)
    admin = world.emu.user(world.telegram, user_id=5_003, first_name="Ad")
    await join_team(world, admin, Role.ADMIN)
    written = club_exports.export

    async def revoked_meanwhile(*args: Any, **kwargs: Any) -> Any:
        # The owner takes the role away while the files are being written.
        assert await world.club.team.revoke(
            "telegram", 5_003, Role.ADMIN, by="telegram:9000", by_role=Role.OWNER
        )
        return await written(*args, **kwargs)

    monkeypatch.setattr(club_exports, "export", revoked_meanwhile)
    before = export_folders()

    await admin.send("/export")
    await admin.press(t("button-exports-members"))

    what = t("button-exports-members")
    assert [m.content for m in admin.replies()] == [
        t("exports-preparing", what=what),
        t("exports-revoked", what=what),
    ]
    assert documents(admin.inbox) == []
    assert export_folders() == before
    audited = "SELECT actor, action, target FROM audit WHERE action LIKE 'export%'"
    assert [tuple(row) for row in await world.rows(audited)] == [
        ("telegram:5003", "export_refused", "members")
    ]


async def test_a_file_the_messenger_refuses_is_named_in_the_chat_and_in_the_audit(
    world: World,
) -> None:
    await join(world)
    owner = owner_of(world)
    world.emu.faults.add("sendDocument", "400", times=1)
    before = export_folders()

    assert await take(owner, "members") == []

    what = t("button-exports-members")
    assert owner.inbox[-1].content == t("exports-not-sent", what=what)
    actions = "SELECT action, details FROM audit WHERE action LIKE 'export%' ORDER BY id"
    assert [(row[0], json.loads(row[1])) for row in await world.rows(actions)] == [
        ("export", {"rows": 1, "files": 1, "zipped": False}),
        ("export_not_sent", {"parts": [1], "files": 1}),
    ]
    assert export_folders() == before
    # Asked again, it comes.
    assert len(await take(owner, "members")) == 1


async def test_the_chat_stays_busy_until_its_last_file_is_sent(world: World) -> None:
    await join(world)
    owner = owner_of(world)
    await owner.send("/export")
    menu = owner.last
    # The upload waits three seconds for the messenger: the export is written, not sent.
    world.emu.faults.add("sendDocument", "429", retry_after=3, times=1)
    owner._start()
    owner.emu.state.user_callback(owner.bot, owner.chat, menu, "exp:members")
    await wait_for(lambda: document_tries(world) == 1)

    await press_data(owner, menu, "exp:members")

    assert t("exports-busy") in owner.callback_answers
    assert len(documents(owner.inbox)) == 1  # the first export's file, once it could go
    assert len(await world.rows("SELECT id FROM audit WHERE action = 'export'")) == 1
    # Its file sent, the chat is free again.
    await press_data(owner, menu, "exp:members")
    assert len(documents(owner.inbox)) == 2


async def test_a_stop_with_a_file_still_queued_leaves_no_file_on_disk(world: World) -> None:
    await join(world)
    owner = owner_of(world)
    await owner.send("/export")
    before = export_folders()
    world.emu.faults.add("sendDocument", "429", retry_after=60, times=1)
    owner._start()
    owner.emu.state.user_callback(owner.bot, owner.chat, owner.last, "exp:members")
    await wait_for(lambda: document_tries(world) == 1)
    assert len(export_folders() - before) == 1  # written, waiting for the messenger

    await world.stop()

    assert export_folders() == before
    assert documents(owner.inbox) == []


async def test_the_start_removes_export_folders_a_stopped_process_left(world: World) -> None:
    root = Path(tempfile.gettempdir())
    # Left by a process that is gone (an older name, with no process in it), an hour ago.
    left = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX, dir=root))
    (left / "members-2025-08-03.csv").write_text("+989121234567")
    # This process's own folder (an export of it may be uploading): kept.
    mine = new_folder(root)
    hour_ago = time.time() - 3_700
    for folder in (left, mine):
        os.utime(folder, (hour_ago, hour_ago))
    try:
        await world.restart()

        assert export_folders() == {mine}
        assert left not in export_folders(everyone=True)
    finally:
        shutil.rmtree(left, ignore_errors=True)
        shutil.rmtree(mine, ignore_errors=True)
