"""Reading a partner's codes file: encodings, the header, blanks, duplicates, the limits."""

from __future__ import annotations

import pytest

from bot.club.partner_pool import MAX_CODE, PoolFileError, looks_like_csv, max_bytes, parse


def test_a_bom_a_header_blank_rows_spaces_and_duplicates_are_read_as_people_mean_them() -> None:
    data = "\ufeffCode,Note\r\n  A1 ,x\r\n\r\n B2\r\nA1\r\n,\r\nC3;D\r\n".encode()
    found = parse(data, max_rows=10)
    assert found.codes == ["A1", "B2", "C3;D"]
    assert found.duplicates == 1


def test_without_a_header_the_first_row_is_a_code() -> None:
    assert parse(b"X-100\nY-200", max_rows=10).codes == ["X-100", "Y-200"]


def test_a_persian_title_in_the_first_row_is_a_header() -> None:
    assert parse("\u06a9\u062f\nX-1\n".encode(), max_rows=10).codes == ["X-1"]


def test_quoted_cells_and_other_columns_are_read_by_the_csv_rules() -> None:
    assert parse(b'"Q,1",ignored\n"R 2"\n', max_rows=10).codes == ["Q,1", "R 2"]


@pytest.mark.parametrize(
    ("data", "reason", "line"),
    [
        ("codes\n".encode("utf-16"), "not-text", 0),
        (b"\xff\xfe\xfa", "not-text", 0),
        (b"A\x00B", "not-text", 0),
        (b"\n \n", "empty", 0),
        (b"code\n", "empty", 0),
        (b"A\nB\nC\nD\n", "too-many-rows", 0),
        (b"A\n" + b"Z" * (MAX_CODE + 1), "code-too-long", 2),
    ],
)
def test_files_that_cannot_become_codes_say_why(data: bytes, reason: str, line: int) -> None:
    with pytest.raises(PoolFileError) as raised:
        parse(data, max_rows=3)
    assert (raised.value.reason, raised.value.line) == (reason, line)


def test_the_row_limit_counts_rows_not_distinct_codes_and_a_code_of_128_chars_is_kept() -> None:
    assert parse(b"A\nA\nA\n", max_rows=3).duplicates == 2
    assert parse(b"Z" * MAX_CODE, max_rows=1).codes == ["Z" * MAX_CODE]


def test_a_csv_is_known_by_its_name_or_type() -> None:
    assert looks_like_csv("codes.CSV", None)
    assert looks_like_csv(None, "text/csv; charset=utf-8")
    assert looks_like_csv("export", "application/vnd.ms-excel")
    assert not looks_like_csv("codes.xlsx", "application/octet-stream")
    assert not looks_like_csv(None, None)


def test_the_size_limit_follows_the_row_limit_and_stops_at_what_a_bot_may_download() -> None:
    assert max_bytes(3) == 3 * (MAX_CODE + 4) + 1024
    assert max_bytes(10**9) == 20 * 1024 * 1024
