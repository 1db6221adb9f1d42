"""Quick paths for the writes a person makes several times a day, for shells that must answer
at once (`magcoach pain`): no pydantic or SQLAlchemy import. Each returns None when the
ordinary use case must take the write (another database, an unusual value, an error to word):
the same rules apply either way, and only the use case words the errors."""

from __future__ import annotations

from datetime import datetime

from magcoach.settings import Settings


def log_pain_quickly(
    settings: Settings,
    *,
    person: str | None,
    at: datetime,
    score: float,
    activity: float | None,
    sleep: float | None,
    where: str | None,
    note: str | None,
    now: datetime,
) -> str | None:
    """The new pain entry's id ("P12"), or None: then call `app.diary.log_pain`."""
    from magcoach.store.quick import add_pain_quickly

    if settings.shared:  # no default person there: the use case decides whose diary it is
        return None
    entry = add_pain_quickly(
        settings.database_url,
        person=person,
        at=at,
        pain=score,
        activity=activity,
        sleep=sleep,
        location=where.strip().lower() if where else None,
        note=note,
        now=now,
    )
    return None if entry is None else f"P{entry}"
