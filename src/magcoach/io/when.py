"""The one date parser behind every date option, and the one rule for plausible diary dates.

Pure: the caller passes `now`. Accepted, for example:
`2026-06-14`, `2026-6-4 9:00`, `2026-06-14T19:00`, `19:00`, `7pm`, `now`, `today`,
`today 8am`, `yesterday 19:00`, `last night`, `this morning`, `2 days ago`, `3 hours ago`,
`monday 12:30`, `yesterday lunch`, `2 Nov 9am`, `Nov 2`, `2 November 2026`, `13/02/2026`.
A date without a time means 12:00 (noon), except `today`/`now` alone, which mean now.
A day month name without a year is the latest such day that is not in the future.
Slashed dates whose day and month could be swapped (11/02/2026) are refused with both readings.
A bare time later than now ("23:00" typed at 05:15) means yesterday; "today 8am" typed at
05:15 is refused, since the diary records what already happened.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta

from magcoach.errors import InvalidInput

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
MEALS = {
    "breakfast": time(8, 0),
    "morning": time(9, 0),
    "noon": time(12, 0),
    "lunch": time(12, 30),
    "afternoon": time(15, 0),
    "dinner": time(19, 0),
    "evening": time(19, 0),
    "night": time(22, 0),
    "midnight": time(0, 0),
}
# Phrases that name a day and a time of day together.
PHRASES = {
    "last night": (1, time(22, 0)),
    "this morning": (0, time(9, 0)),
    "this afternoon": (0, time(15, 0)),
    "this evening": (0, time(19, 0)),
    "tonight": (0, time(22, 0)),
}
NOON = time(12, 0)
HINT = (
    "Use a date and time like 2026-06-14 19:00, or words like 'yesterday 19:00', "
    "'today 8am', 'last night', '2 Nov 9am', '2 days ago', 'monday lunch'."
)
# No diary entry is older than this, whatever the birth date says (typos like 0001 or 1900
# would otherwise make every diary-wide view span centuries).
DIARY_FLOOR = date(1900, 1, 1)
# Days asked about (`day`, `--from`/`--to`) may lie ahead, but not past arithmetic's reach.
QUERY_YEARS_AHEAD = 100

_TIME = re.compile(r"^(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$")
_AGO = re.compile(r"^(\d{1,6})\s*(day|days|d|hour|hours|h|week|weeks|w)\s+ago$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_SLASHED = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_DAY_MONTH = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3,9})\.?(?:\s+(\d{4}))?$")
_MONTH_DAY = re.compile(r"^([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:\s+(\d{4}))?$")


def _parse_time(text: str) -> time | None:
    text = text.strip().lower()
    if text in MEALS:
        return MEALS[text]
    match = _TIME.match(text.replace(" ", ""))
    if not match:
        return None
    hour = int(match.group(1))
    minute = int(match.group(2) or 0)
    suffix = (match.group(4) or "").replace(".", "")
    if match.group(2) is None and not suffix:
        return None  # a bare number is not a time
    if suffix:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return time(hour, minute)


def _month(word: str) -> int | None:
    for number, name in enumerate(MONTHS, start=1):
        if len(word) >= 3 and name.startswith(word):
            return number
    return None


def _dated(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _named_day(day: int, month: int, year: int | None, today: date) -> date | None:
    """`2 Nov` without a year: the latest 2 November that is not after today."""
    if year is not None:
        return _dated(year, month, day)
    for back in range(0, 8):  # 29 February may be a few years back
        found = _dated(today.year - back, month, day)
        if found is not None and found <= today:
            return found
    return None


def _slashed(text: str, day_first: int, second: int, year: int) -> date:
    as_dmy = _dated(year, second, day_first)
    as_mdy = _dated(year, day_first, second)
    if as_dmy and as_mdy and as_dmy != as_mdy:
        raise InvalidInput(
            f"{text!r} could be {as_dmy:%d %B %Y} or {as_mdy:%d %B %Y}.",
            hint=f"Write it as {as_dmy.isoformat()} or {as_mdy.isoformat()}.",
        )
    found = as_dmy or as_mdy
    if found is None:
        raise InvalidInput(f"{text!r} is not a date in the calendar.", hint=HINT)
    return found


def _parse_day_word(text: str, today: date) -> date | None:
    """A day on its own: today, yesterday, a weekday, an ISO or slashed date, `2 Nov`."""
    text = text.strip().lower().rstrip(",")
    if text == "today":
        return today
    if text == "yesterday":
        return today - timedelta(days=1)
    if text in WEEKDAYS:
        back = (today.weekday() - WEEKDAYS.index(text)) % 7
        return today - timedelta(days=back)
    if match := _ISO.match(text):
        return _dated(*(int(g) for g in match.groups()))
    if match := _SLASHED.match(text):
        first, second, year = (int(g) for g in match.groups())
        return _slashed(text, first, second, year)
    for pattern, day_group, month_group in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
        if match := pattern.match(text):
            month = _month(match.group(month_group))
            if month is None:
                return None
            given = int(match.group(3)) if match.group(3) else None
            return _named_day(int(match.group(day_group)), month, given, today)
    return None


def _ago(text: str, now: datetime) -> datetime | None:
    match = _AGO.match(text)
    if not match:
        return None
    n, unit = int(match.group(1)), match.group(2)[0]
    days = {"d": n, "h": n / 24, "w": 7 * n}[unit]
    if days > 366 * 150:  # more than any lifetime: refuse before timedelta overflows
        raise InvalidInput(f"{text!r} is further back than any diary goes.", hint=HINT)
    return (now - timedelta(days=days)).replace(microsecond=0, second=0)


def parse_day(text: str | None, today: date) -> date:
    """A day argument: ISO date, `today`, `yesterday`, a weekday, `2 Nov`, or `N days ago`."""
    if text is None or not text.strip():
        return today
    cleaned = " ".join(text.strip().lower().replace(",", " ").split())
    ago = _ago(cleaned, datetime.combine(today, NOON))
    if ago is not None:
        return ago.date()
    found = _parse_day_word(cleaned, today)
    if found is None and cleaned in PHRASES:
        found = today - timedelta(days=PHRASES[cleaned][0])
    if found is None:
        raise InvalidInput(f"Cannot read {text!r} as a date.", hint=HINT)
    last = date(today.year + QUERY_YEARS_AHEAD, 12, 31)
    if not DIARY_FLOOR <= found <= last:
        raise InvalidInput(
            f"{found.isoformat()} is outside the dates magcoach works with "
            f"({DIARY_FLOOR.isoformat()} to {last.isoformat()}).",
            hint="Check the year.",
        )
    return found


def parse_when(text: str | None, now: datetime) -> datetime:
    """A moment for `--at`. Refuses moments after now (a diary records what happened)."""
    now = now.replace(microsecond=0)
    if text is None or not text.strip() or text.strip().lower() == "now":
        return now
    cleaned = " ".join(text.strip().lower().replace(",", " ").split())
    result = _parse_moment(cleaned, now)
    if result is None:
        raise InvalidInput(f"Cannot read {text!r} as a date and time.", hint=HINT)
    if result > now + timedelta(minutes=1):
        raise InvalidInput(
            f"{text!r} is in the future ({result:%Y-%m-%d %H:%M}; it is now {now:%H:%M}); the "
            "diary records what already happened.",
            hint=HINT,
        )
    return result


def _parse_moment(text: str, now: datetime) -> datetime | None:
    today = now.date()
    ago = _ago(text, now)
    if ago is not None:
        return ago
    if text in PHRASES:
        back, at = PHRASES[text]
        return datetime.combine(today - timedelta(days=back), at)
    only_time = _parse_time(text)
    if only_time is not None:
        moment = datetime.combine(today, only_time)
        # "23:00" typed at 05:15 is last night, not tonight
        return moment - timedelta(days=1) if moment > now + timedelta(minutes=1) else moment
    iso_t = text.split("t", 1) if re.match(r"^\d{4}-\d{1,2}-\d{1,2}t", text) else None
    if iso_t is not None:
        text = " ".join(iso_t)
    return _day_and_time(text, now)


def _day_and_time(text: str, now: datetime) -> datetime | None:
    """A day (one or more words) optionally followed by a time: try every split point."""
    words = text.split(" ")
    for cut in range(len(words), 0, -1):
        day_text, time_text = " ".join(words[:cut]), " ".join(words[cut:])
        if day_text == "today" and not time_text:
            return now
        day = _parse_day_word(day_text, now.date())
        if day is None:
            continue
        if not time_text:
            return datetime.combine(day, NOON)
        at = _parse_time(time_text)
        if at is None:
            at = _parse_time(time_text.split("+")[0].split("z")[0])  # ISO seconds/offsets
        return None if at is None else datetime.combine(day, at)
    return None


# ---------------------------------------------------------------- plausible dates


def earliest_day(birth_date: date | None, age: float | None, today: date) -> date:
    """The first day a diary entry of this person can be on: birth, and never before 1900."""
    if birth_date is not None:
        born = birth_date
    elif age is not None and math.isfinite(age):
        born = date(max(today.year - math.ceil(age) - 1, DIARY_FLOOR.year), 1, 1)
    else:
        born = DIARY_FLOOR
    return max(born, DIARY_FLOOR)


def implausible(day: date, *, today: date, earliest: date) -> str | None:
    """Why `day` cannot be on this person's diary (None when it can): one rule for log, fix,
    imports and restore. Tomorrow is allowed (time zones: it may already be tomorrow there)."""
    if day > today + timedelta(days=1):
        return f"{day.isoformat()} is in the future"
    if day < earliest:
        reason = "before 1900" if earliest == DIARY_FLOOR else f"before {earliest.isoformat()}"
        return f"{day.isoformat()} is {reason}, earlier than this diary can go"
    return None


def check_plausible(day: date, *, today: date, earliest: date, what: str) -> None:
    """Raise InvalidInput naming `what` when `day` is implausible for the diary."""
    reason = implausible(day, today=today, earliest=earliest)
    if reason is not None:
        raise InvalidInput(
            f"{what}: {reason}.",
            hint="Check the year. Diary dates run from the person's birth to today.",
        )
