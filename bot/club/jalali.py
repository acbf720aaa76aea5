"""Birth-date parsing in the Jalali (Solar Hijri) calendar.

Members give birth dates the way Iranians write them (year first, Jalali); everything
downstream works with Gregorian ``datetime.date``.
"""

import datetime
import re
from zoneinfo import ZoneInfo

import jdatetime

from bot.club.digits import to_latin_digits, without_bidi_marks

JALALI_MONTH_KEYS: tuple[str, ...] = tuple(f"month-{m}" for m in range(1, 13))

_SEP = r"(?:\s*[/\\\-.\u066b\u060c_]\s*|\s+)"
_DATE = re.compile(rf"([0-9]{{4}}){_SEP}([0-9]{{1,2}}){_SEP}([0-9]{{1,2}})")
# Eight bare digits are unambiguous once the year must have four digits, and till-style
# keypads make people type dates that way.
_COMPACT = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})")


class BirthDateError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def is_leap(jyear: int) -> bool:
    return bool(jdatetime.date(jyear, 1, 1).isleap())


def _days_in_month(jyear: int, jmonth: int) -> int:
    if jmonth <= 6:
        return 31
    if jmonth <= 11:
        return 30
    return 30 if is_leap(jyear) else 29


def _exists(jyear: int, jmonth: int, jday: int) -> bool:
    return (
        jyear >= jdatetime.MINYEAR
        and 1 <= jmonth <= 12
        and 1 <= jday <= _days_in_month(jyear, jmonth)
    )


def to_jalali(d: datetime.date) -> tuple[int, int, int]:
    j = jdatetime.date.fromgregorian(date=d)
    return j.year, j.month, j.day


def _split(text: str) -> tuple[int, int, int]:
    cleaned = without_bidi_marks(to_latin_digits(text)).strip()
    match = _DATE.fullmatch(cleaned) or _COMPACT.fullmatch(cleaned)
    if match is None:
        raise BirthDateError("error-birthdate-format")
    year, month, day = (int(part) for part in match.groups())
    return year, month, day


def _age(birth: tuple[int, int, int], today: tuple[int, int, int]) -> int:
    # Counted on the Jalali calendar because that is when members celebrate birthdays.
    had_birthday = (today[1], today[2]) >= (birth[1], birth[2])
    return today[0] - birth[0] - (0 if had_birthday else 1)


def parse_birth_date(
    text: str, *, today: datetime.date, min_age: int = 7, max_age: int = 110
) -> datetime.date:
    year, month, day = _split(text)
    # jdatetime cannot represent years past MAXYEAR; any such year is in the future anyway.
    if year > jdatetime.MAXYEAR:
        raise BirthDateError("error-birthdate-future")
    if not _exists(year, month, day):
        raise BirthDateError("error-birthdate-impossible")
    birth: datetime.date = jdatetime.date(year, month, day).togregorian()
    if birth > today:
        raise BirthDateError("error-birthdate-future")
    age = _age((year, month, day), to_jalali(today))
    if age < min_age:
        raise BirthDateError("error-birthdate-too-young")
    if age > max_age:
        raise BirthDateError("error-birthdate-too-old")
    return birth


# 1405/09/10 18:30, typed in any digits (made Latin first); any date separator, any space;
# the time's colon may be a Latin or an Arabic decimal point as phone keyboards give it.
_MOMENT = re.compile(
    r"(\d{4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s+(\d{1,2})\s*[:\u066b.]\s*(\d{2})"
)
# A time typed for a send, a close or a deadline further ahead than this is a typo (a
# Gregorian year read as Jalali).
MAX_LEAD = datetime.timedelta(days=366)


def parse_moment(text: str, timezone: str) -> datetime.datetime | None:
    """`1405/09/10 18:30` (in any digits) in the club's timezone, or None when it is not a
    real moment."""
    found = _MOMENT.fullmatch(without_bidi_marks(to_latin_digits(text)).strip())
    if found is None:
        return None
    year, month, day, hour, minute = (int(part) for part in found.groups())
    try:
        local = jdatetime.datetime(year, month, day, hour, minute).togregorian()
    except ValueError:
        return None
    return local.replace(tzinfo=ZoneInfo(timezone))
