"""Stored screenings: the answers a person gave, for the plan and the report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from magcoach.errors import InvalidInput
from magcoach.store.models import (
    ScreeningRow,
)

if TYPE_CHECKING:
    from magcoach.screening import Answers
from magcoach.store.base import added, check_entry_day, live, live_between

# ---------------------------------------------------------------- screenings

EXCESS_KEY = "too_much_magnesium_signs"
URGENCIES = ("none", "urgent", "emergency")


@dataclass(frozen=True)
class StoredScreening:
    """A person's answered screening, as `magcoach screen` saved it."""

    entry_id: str  # "Q3"
    taken_at: datetime
    answers: Answers
    too_much_magnesium_signs: tuple[str, ...]
    level: str | None
    urgency: str


def save_screening(
    session: Session,
    person_id: int,
    answers: Answers,
    *,
    at: datetime,
    now: datetime,
    level: str | None,
    urgency: str,
    too_much_magnesium_signs: Sequence[str] = (),
) -> ScreeningRow:
    """Keep the answers of one screening; the newest (by `at`) is the one the plan uses."""
    if urgency not in URGENCIES:
        raise InvalidInput(f"Unknown red-flag urgency {urgency!r}; use {', '.join(URGENCIES)}.")
    check_entry_day(session, person_id, at, now=now, what="The time of the screening")
    data: dict[str, Any] = answers.model_dump(mode="json")
    data[EXCESS_KEY] = list(too_much_magnesium_signs)
    return added(
        session,
        ScreeningRow(
            person_id=person_id,
            taken_at=at,
            answers=data,
            level=level,
            urgency=urgency,
            created_at=now,
            updated_at=now,
        ),
    )


def stored_screening(row: ScreeningRow) -> StoredScreening:
    """The row's answers, validated again against today's reference data."""
    from magcoach.screening import Answers
    from magcoach.validation import parse_model

    data = dict(row.answers or {})
    excess = tuple(str(s) for s in data.pop(EXCESS_KEY, None) or ())
    answers = parse_model(Answers, data, what=f"the stored screening Q{row.id}")
    return StoredScreening(f"Q{row.id}", row.taken_at, answers, excess, row.level, row.urgency)


def latest_screening(session: Session, person_id: int) -> StoredScreening | None:
    """The person's most recent screening (not deleted), or None when none was answered."""
    row = session.scalars(
        select(ScreeningRow)
        .where(*live(ScreeningRow, person_id))
        .order_by(ScreeningRow.taken_at.desc(), ScreeningRow.id.desc())
        .limit(1)
    ).first()
    return None if row is None else stored_screening(row)


def screenings(session: Session, person_id: int, start: date, end: date) -> list[ScreeningRow]:
    return list(
        session.scalars(
            select(ScreeningRow)
            .where(*live_between(ScreeningRow, ScreeningRow.taken_at, person_id, start, end))
            .order_by(ScreeningRow.taken_at, ScreeningRow.id)
        )
    )
