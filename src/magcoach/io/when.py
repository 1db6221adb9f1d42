"""Parse `--at` values and day arguments: ISO dates/times and a few plain words.

Pure: the caller passes `now`. Accepted, for example:
`2026-06-14`, `2026-06-14 19:00`, `2026-06-14T19:00`, `19:00`, `7pm`, `now`, `today`,
`today 8am`, `yesterday 19:00`, `2 days ago`, `3 hours ago`, `monday 12:30`, `yesterday lunch`.
A date without a time means 12:00 (noon), except `today`/`now` alone, which mean now.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from magcoach.errors import InvalidInput

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
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
NOON = time(12, 0)
HINT = (
    "Use a date and time like 2026-06-14 19:00, or words like 'yesterday 19:00', "
    "'today 8am', '2 days ago', 'monday lunch'."
)

_TIME = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$")
_AGO = re.compile(r"^(\d+)\s*(day|days|d|hour|hours|h|week|weeks|w)\s+ago$")


def _parse_time(text: str) -> time | None:
    text = text.strip().lower()
    if text in MEALS:
        return MEALS[text]
    match = _TIME.match(text)
    if not match:
        return None
    hour = int(match.group(1))
    minute = int(match.group(2) or 0)
    suffix = match.group(3)
    if match.group(2) is None and suffix is None:
        return None  # a bare number is not a time
    if suffix:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return time(hour, minute)


def _parse_day_word(text: str, today: date) -> date | None:
    text = text.strip().lower()
    if text == "today":
        return today
    if text == "yesterday":
        return today - timedelta(days=1)
    if text in WEEKDAYS:
        back = (today.weekday() - WEEKDAYS.index(text)) % 7
        return today - timedelta(days=back)
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def parse_day(text: str | None, today: date) -> date:
    """A day argument: ISO date, `today`, `yesterday`, a weekday, or `N days ago`."""
    if text is None or not text.strip():
        return today
    cleaned = text.strip().lower()
    ago = _AGO.match(cleaned)
    if ago:
        n, unit = int(ago.group(1)), ago.group(2)
        if unit.startswith("w"):
            return today - timedelta(weeks=n)
        if unit.startswith("d"):
            return today - timedelta(days=n)
    found = _parse_day_word(cleaned, today)
    if found is None:
        raise InvalidInput(f"Cannot read {text!r} as a date.", hint=HINT)
    return found


def parse_when(text: str | None, now: datetime) -> datetime:
    """A moment for `--at`. Refuses days after today (a diary records what happened)."""
    if text is None or not text.strip() or text.strip().lower() == "now":
        return now.replace(microsecond=0)
    cleaned = " ".join(text.strip().lower().replace(",", " ").split())
    result = _parse_moment(cleaned, now)
    if result is None:
        raise InvalidInput(f"Cannot read {text!r} as a date and time.", hint=HINT)
    if result.date() > now.date():
        raise InvalidInput(
            f"{text!r} is in the future ({result:%Y-%m-%d %H:%M}); the diary records what "
            "already happened.",
            hint=HINT,
        )
    return result


def _parse_moment(text: str, now: datetime) -> datetime | None:
    today = now.date()
    ago = _AGO.match(text)
    if ago:
        n, unit = int(ago.group(1)), ago.group(2)
        delta = {"d": timedelta(days=n), "h": timedelta(hours=n), "w": timedelta(weeks=n)}[unit[0]]
        return (now - delta).replace(microsecond=0, second=0)
    try:
        parsed = datetime.fromisoformat(text.upper().replace(" ", "T", 1))
        if "t" in text or " " in text or ":" in text:
            return parsed.replace(tzinfo=None)
    except ValueError:
        pass
    only_time = _parse_time(text)
    if only_time is not None:
        return datetime.combine(today, only_time)
    parts = text.split(" ", 1)
    day = _parse_day_word(parts[0], today)
    if day is None:
        return None
    if len(parts) == 1:
        return now.replace(microsecond=0) if parts[0] == "today" else datetime.combine(day, NOON)
    at = _parse_time(parts[1].replace(" ", "") if parts[1][-2:] in ("am", "pm") else parts[1])
    if at is None:
        return None
    return datetime.combine(day, at)
