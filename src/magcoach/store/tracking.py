"""Pain, symptom check-ins, serum results and events."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from magcoach.errors import InvalidInput
from magcoach.store.models import (
    EventRow,
    PainEntryRow,
    SerumResultRow,
    SymptomCheckinRow,
)
from magcoach.store.rules import PAIN_LOCATIONS, check_score

if TYPE_CHECKING:
    pass
from magcoach.store.base import added, check_entry_day, live, live_between

# ---------------------------------------------------------------- pain, symptoms, labs, events


def _score(value: float | None, what: str) -> float | None:
    return check_score(value, what)


def add_pain(
    session: Session,
    person_id: int,
    *,
    at: datetime,
    pain: float,
    now: datetime,
    activity: float | None = None,
    sleep: float | None = None,
    location: str | None = None,
    note: str | None = None,
    batch_id: int | None = None,
) -> PainEntryRow:
    if location is not None and location not in PAIN_LOCATIONS:
        raise InvalidInput(
            f"Unknown place {location!r}.", hint=f"Use one of: {', '.join(PAIN_LOCATIONS)}."
        )
    check_entry_day(session, person_id, at, now=now, what="The time of the pain entry")
    return added(
        session,
        PainEntryRow(
            person_id=person_id,
            at=at,
            pain=_score(pain, "Pain"),
            activity_interference=_score(activity, "Activity"),
            sleep_interference=_score(sleep, "Sleep"),
            location=location,
            note=note,
            batch_id=batch_id,
            created_at=now,
            updated_at=now,
        ),
    )


@dataclass(frozen=True)
class PainPoint:
    entry_id: str
    at: datetime
    pain: float
    activity_interference: float | None
    sleep_interference: float | None
    location: str | None
    note: str | None


def pain_series(session: Session, person_id: int, start: date, end: date) -> list[PainPoint]:
    """Every pain entry between two days (inclusive), oldest first."""
    rows = session.scalars(
        select(PainEntryRow)
        .where(*live_between(PainEntryRow, PainEntryRow.at, person_id, start, end))
        .order_by(PainEntryRow.at, PainEntryRow.id)
    )
    return [
        PainPoint(
            f"P{r.id}",
            r.at,
            r.pain,
            r.activity_interference,
            r.sleep_interference,
            r.location,
            r.note,
        )
        for r in rows
    ]


def daily_pain(session: Session, person_id: int, start: date, end: date) -> dict[date, float]:
    """Mean pain per day (days without an entry are absent)."""
    by_day: dict[date, list[float]] = defaultdict(list)
    for point in pain_series(session, person_id, start, end):
        by_day[point.at.date()].append(point.pain)
    return {day: sum(v) / len(v) for day, v in sorted(by_day.items())}


SYMPTOMS = ("cramps", "spasms", "twitches", "sleep_quality", "fatigue")


def add_checkin(
    session: Session,
    person_id: int,
    *,
    at: datetime,
    scores: Mapping[str, float | None],
    now: datetime,
    note: str | None = None,
) -> SymptomCheckinRow:
    values = {k: _score(scores.get(k), k.replace("_", " ")) for k in SYMPTOMS}
    if all(v is None for v in values.values()):
        raise InvalidInput(
            "Give at least one score, e.g. cramps 3 and sleep quality 6 (each 0 to 10).",
            field="cramps",
        )
    check_entry_day(session, person_id, at, now=now, what="The time of the check-in")
    return added(
        session,
        SymptomCheckinRow(
            person_id=person_id, at=at, note=note, created_at=now, updated_at=now, **values
        ),
    )


def checkins(session: Session, person_id: int, start: date, end: date) -> list[SymptomCheckinRow]:
    return list(
        session.scalars(
            select(SymptomCheckinRow)
            .where(*live_between(SymptomCheckinRow, SymptomCheckinRow.at, person_id, start, end))
            .order_by(SymptomCheckinRow.at)
        )
    )


def add_serum_result(
    session: Session,
    person_id: int,
    *,
    measured_on: date,
    mmol_per_l: float,
    now: datetime,
    note: str | None = None,
) -> SerumResultRow:
    if not 0.1 <= mmol_per_l <= 5:
        raise InvalidInput(
            f"{mmol_per_l:g} mmol/L is not a plausible serum magnesium value.",
            hint="Serum magnesium is usually 0.6-1.1 mmol/L. A value in mg/dL ÷ 2.431 = mmol/L.",
        )
    check_entry_day(session, person_id, measured_on, now=now, what="The day measured")
    return added(
        session,
        SerumResultRow(
            person_id=person_id,
            measured_on=measured_on,
            mmol_per_l=mmol_per_l,
            note=note,
            created_at=now,
            updated_at=now,
        ),
    )


def serum_results(session: Session, person_id: int) -> list[SerumResultRow]:
    return list(
        session.scalars(
            select(SerumResultRow)
            .where(*live(SerumResultRow, person_id))
            .order_by(SerumResultRow.measured_on)
        )
    )


def add_event(
    session: Session,
    person_id: int,
    *,
    at: datetime,
    text: str,
    now: datetime,
    kind: str = "note",
) -> EventRow:
    if not text.strip():
        raise InvalidInput("Say what happened, e.g. 'started physio'.")
    check_entry_day(session, person_id, at, now=now, what="The time of the event")
    return added(
        session,
        EventRow(
            person_id=person_id, at=at, text=text.strip(), kind=kind, created_at=now, updated_at=now
        ),
    )


@dataclass(frozen=True)
class Event:
    entry_id: str
    at: datetime
    text: str
    kind: str


def events(
    session: Session, person_id: int, start: date | None = None, end: date | None = None
) -> list[Event]:
    """Treatment and life events ("started physio", "started magnesium") for chart markers."""
    query = select(EventRow).where(*live(EventRow, person_id))
    if start is not None:
        query = query.where(EventRow.at >= datetime.combine(start, time.min))
    if end is not None:
        query = query.where(EventRow.at < datetime.combine(end + timedelta(days=1), time.min))
    return [
        Event(f"E{r.id}", r.at, r.text, r.kind)
        for r in session.scalars(query.order_by(EventRow.at))
    ]
