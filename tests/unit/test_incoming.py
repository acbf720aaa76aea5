"""Parsing a getUpdates batch item by item: Bale's shapes parse, a bad item costs only itself."""

from __future__ import annotations

import copy
import logging
from typing import Any

import pytest
from telegram import Bot

from bot.incoming import Incoming, next_offset, parse_updates
from bot.platforms import Platform

BOT = Bot("123456:test-token")
NAME, PHONE, TEXT = "Sara-Secret-Name", "+989121234567", "my-private-words"
SARA = 1_000_000_001


def bale_user(user_id: int = SARA) -> dict[str, Any]:
    # As Bale documents a user: no language_code.
    return {"id": user_id, "is_bot": False, "first_name": NAME}


def chat(user_id: int = SARA) -> dict[str, Any]:
    return {"id": user_id, "type": "private", "first_name": NAME}


def text_update(update_id: int, text: str = TEXT) -> dict[str, Any]:
    message = {"message_id": 7, "from": bale_user(), "chat": chat(), "date": 1_700_000_000}
    return {"update_id": update_id, "message": {**message, "text": text}}


def bale_callback(update_id: int, **message_extra: Any) -> dict[str, Any]:
    bot_user = {"id": 222222, "is_bot": True, "first_name": "Vafa", "username": "vafa_bot"}
    message = {"message_id": 8, "from": bot_user, "chat": chat(), "date": 1_700_000_000}
    return {
        "update_id": update_id,
        "callback_query": {
            "id": "q1",
            "from": bale_user(),
            "message": {**message, "text": "pick", **message_extra},
            "data": "consent:yes",
        },
    }


def parse(*items: object, platform: Platform = Platform.BALE) -> list[Incoming]:
    return parse_updates(list(items), BOT, platform)


def only(*items: object) -> Incoming:
    [result] = parse(*items)
    return result


def test_a_bale_callback_without_chat_instance_parses_with_its_data_and_sender() -> None:
    result = only(bale_callback(5))
    assert result.reason is None and result.update is not None
    query = result.update.callback_query
    assert query is not None
    assert (query.data, query.from_user.id, query.chat_instance) == ("consent:yes", SARA, str(SARA))
    assert result.update.effective_chat is not None
    assert result.update.effective_chat.id == SARA


def test_a_callback_on_a_message_without_its_date_parses_marked_inaccessible() -> None:
    item = bale_callback(5)
    del item["callback_query"]["message"]["date"]
    result = only(item)
    assert result.update is not None and result.update.callback_query is not None
    message = result.update.callback_query.message
    assert message is not None and not message.is_accessible
    assert result.update.callback_query.data == "consent:yes"


def test_a_user_without_language_code_is_bot_or_first_name_parses() -> None:
    item = text_update(3)
    item["message"]["from"] = {"id": SARA}
    result = only(item)
    assert result.update is not None and result.update.effective_user is not None
    user = result.update.effective_user
    assert (user.id, user.is_bot, user.first_name, user.language_code) == (SARA, False, "", None)


def test_a_private_chat_without_type_is_the_senders_private_chat() -> None:
    item = text_update(3)
    del item["message"]["chat"]["type"]
    result = only(item)
    assert result.update is not None and result.update.effective_chat is not None
    assert result.update.effective_chat.type == "private"


def test_a_chat_without_type_that_is_not_the_senders_is_skipped() -> None:
    item = text_update(3)
    item["message"]["chat"] = {"id": -100}
    result = only(item)
    assert (result.update_id, result.update) == (3, None)
    assert result.reason == "TypeError: missing type"


def test_a_contact_without_user_id_parses_and_proves_nothing() -> None:
    item = text_update(4)
    del item["message"]["text"]
    item["message"]["contact"] = {"phone_number": PHONE, "first_name": NAME}
    result = only(item)
    assert result.update is not None and result.update.message is not None
    contact = result.update.message.contact
    assert contact is not None
    assert (contact.phone_number, contact.user_id) == (PHONE, None)


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [
        (lambda u: u.update(message="just a string"), "message is not an object"),
        (lambda u: u["message"].pop("chat"), "message.chat is missing"),
        (lambda u: u["message"].update(chat={"id": "12"}), "message.chat.id is not an integer"),
        (lambda u: u["message"].update(message_id=None), "message.message_id is not an integer"),
        (lambda u: u["message"].update(**{"from": [1, 2]}), "message.from is missing"),
        (lambda u: u["message"].pop("date"), "KeyError"),
        (lambda u: u["message"].update(entities="oops"), "AttributeError"),
        (lambda u: u.update(callback_query=[NAME]), "callback_query is not an object"),
    ],
)
def test_an_update_with_garbage_inside_is_skipped_with_its_id(mutate: Any, reason: str) -> None:
    item = text_update(9)
    mutate(item)
    result = only(item)
    assert (result.update_id, result.update, result.reason) == (9, None, reason)


@pytest.mark.parametrize("item", [None, "text", 42, [text_update(1)], {"message": {}}])
def test_an_item_without_an_integer_update_id_is_kept_with_no_id(item: object) -> None:
    result = only(item)
    assert (result.update_id, result.update) == (None, None)
    assert result.reason in ("not an object", "no integer update_id")


def test_a_string_update_id_is_not_an_id() -> None:
    item = text_update(1)
    item["update_id"] = "1"
    assert only(item).update_id is None


def test_valid_updates_around_malformed_ones_are_all_parsed_in_order() -> None:
    bad = text_update(11)
    bad["message"] = "garbage"
    batch = parse(text_update(10), bad, "junk", bale_callback(12), text_update(13, "second"))
    assert [r.update_id for r in batch] == [10, 11, None, 12, 13]
    assert [r.update is not None for r in batch] == [True, False, False, True, True]
    last = batch[-1].update
    assert last is not None and last.message is not None and last.message.text == "second"
    assert next_offset(batch, None) == 14


def test_the_raw_batch_is_left_as_the_server_sent_it() -> None:
    batch = [bale_callback(5), text_update(6)]
    before = copy.deepcopy(batch)
    parse(*batch)
    assert batch == before


def test_a_response_that_is_not_a_list_gives_nothing() -> None:
    assert parse_updates({"update_id": 1}, BOT, Platform.BALE) == []


def test_telegram_updates_parse_unchanged() -> None:
    item = bale_callback(5)
    item["callback_query"]["chat_instance"] = "-7654321"
    result = only(item)
    assert result.update is not None and result.update.callback_query is not None
    assert result.update.callback_query.chat_instance == "-7654321"


def test_next_offset_never_moves_back_and_ignores_items_without_an_id() -> None:
    skipped = Incoming(None, None, "not an object")
    assert next_offset([skipped], 7) == 7
    assert next_offset([], None) is None
    assert next_offset([Incoming(3, None, "x")], 10) == 10
    assert next_offset([Incoming(3, None, "x"), skipped], None) == 4


def test_the_log_names_ids_keys_and_reasons_but_no_personal_data(
    caplog: pytest.LogCaptureFixture,
) -> None:
    no_chat = text_update(21)
    del no_chat["message"]["chat"]
    wrong = text_update(22)
    wrong["message"]["contact"] = {"phone_number": PHONE}  # no first_name: PTB raises
    odd_key = {"update_id": 23, NAME: {"text": TEXT}, "message": PHONE}
    with caplog.at_level(logging.DEBUG):
        batch = parse(no_chat, wrong, odd_key, [NAME, PHONE], text_update(24))
    assert [r.update is None for r in batch] == [True, True, True, True, False]
    assert batch[1].reason == "TypeError: missing first_name"
    logged = caplog.text
    assert "update 21 skipped (message.chat is missing)" in logged
    assert "['message', 'update_id']" in logged
    for secret in (NAME, PHONE, TEXT, "Secret", "989121234567"):
        assert secret not in logged
    assert all(record.levelno < logging.CRITICAL for record in caplog.records)
