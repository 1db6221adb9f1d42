"""Dates people type, and the one plausibility rule every way into the diary follows."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from magcoach.errors import InvalidInput
from magcoach.io.when import check_plausible, earliest_day, implausible, parse_day, parse_when

NOW = datetime(2026, 11, 20, 14, 30)
EARLY = datetime(2026, 11, 20, 5, 15)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-2 09:00", datetime(2026, 11, 2, 9, 0)),
        ("2026-11-02T09:00", datetime(2026, 11, 2, 9, 0)),
        ("2026-11-02 09:00:30", datetime(2026, 11, 2, 9, 0)),
        ("2 Nov 9am", datetime(2026, 11, 2, 9, 0)),
        ("Nov 2, 9:30 pm", datetime(2026, 11, 2, 21, 30)),
        ("2nd November 2025", datetime(2025, 11, 2, 12, 0)),
        ("25 Dec", datetime(2025, 12, 25, 12, 0)),  # no year: the latest one not in the future
        ("last night", datetime(2026, 11, 19, 22, 0)),
        ("this morning", datetime(2026, 11, 20, 9, 0)),
        ("today 8 am", datetime(2026, 11, 20, 8, 0)),
        ("13/02/2026 08:00", datetime(2026, 2, 13, 8, 0)),
        ("3 hours ago", datetime(2026, 11, 20, 11, 30)),
    ],
)
def test_dates_people_type(text: str, expected: datetime) -> None:
    assert parse_when(text, NOW) == expected


def test_today_8am_typed_before_8_is_refused_not_stored_in_the_future() -> None:
    with pytest.raises(InvalidInput, match=r"in the future \(2026-11-20 08:00; it is now 05:15\)"):
        parse_when("today 8am", EARLY)
    with pytest.raises(InvalidInput, match="future"):
        parse_when("tonight", EARLY)


def test_a_bare_time_later_than_now_is_last_night() -> None:
    assert parse_when("23:00", EARLY) == datetime(2026, 11, 19, 23, 0)


def test_ambiguous_slashed_date_is_refused_showing_both_readings() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_when("11/02/2026", NOW)
    text = str(caught.value)
    assert "11 February 2026" in text and "02 November 2026" in text
    assert "2026-02-11" in text and "2026-11-02" in text
    with pytest.raises(InvalidInput, match="could be"):
        parse_day("11/02/2026", NOW.date())


@pytest.mark.parametrize("text", ["100000 days ago", "9999999 days ago", "31/02/2026", "2 Smarch"])
def test_absurd_or_impossible_dates_are_refused_quickly(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_when(text, NOW)


def test_parse_day_understands_the_same_words() -> None:
    today = NOW.date()
    assert parse_day("2 Nov", today) == date(2026, 11, 2)
    assert parse_day("last night", today) == date(2026, 11, 19)
    assert parse_day("2026-1-5", today) == date(2026, 1, 5)


def test_one_plausibility_rule() -> None:
    today = date(2026, 11, 20)
    earliest = earliest_day(date(1980, 5, 1), 46, today)
    assert earliest == date(1980, 5, 1)
    assert implausible(date(2026, 11, 21), today=today, earliest=earliest) is None  # tomorrow
    assert "future" in (implausible(date(2026, 11, 22), today=today, earliest=earliest) or "")
    before = implausible(date(1979, 1, 1), today=today, earliest=earliest) or ""
    assert "before 1980-05-01" in before
    # no birth date: the age bounds it; nothing is ever before 1900
    assert earliest_day(None, 46, today) == date(1979, 1, 1)
    assert earliest_day(None, None, today) == date(1900, 1, 1)
    assert earliest_day(date(1850, 1, 1), None, today) == date(1900, 1, 1)
    with pytest.raises(InvalidInput, match="The time eaten: 9999-12-31 is in the future"):
        check_plausible(date(9999, 12, 31), today=today, earliest=earliest, what="The time eaten")


@pytest.mark.parametrize("text", ["0001-01-01", "9999-12-31", "1899-12-31"])
def test_days_asked_about_stay_where_date_arithmetic_works(text: str) -> None:
    with pytest.raises(InvalidInput, match="outside the dates magcoach works with"):
        parse_day(text, NOW.date())
    assert parse_day("2027-01-01", NOW.date()) == date(2027, 1, 1)  # ahead is fine to ask about
