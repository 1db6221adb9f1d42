"""What every store module shares: the person's live rows, day bounds, the one date rule,
and adding a row after its lengths are checked."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy.orm import Session

from magcoach.store.models import (
    EventRow,
    FoodEntryRow,
    PainEntryRow,
    PersonRow,
    ScreeningRow,
    SerumResultRow,
    SupplementIntakeRow,
    SymptomCheckinRow,
)

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement


NO_PERSON = "No person yet: add the person first (a name, age and sex set the requirement)."

# Entry ids shown to people carry a letter for their kind: F12 is food entry 12.
ENTRY_KINDS: dict[str, tuple[str, type[Any], str]] = {
    "F": ("food", FoodEntryRow, "eaten_at"),
    "S": ("supplement", SupplementIntakeRow, "taken_at"),
    "P": ("pain", PainEntryRow, "at"),
    "C": ("check-in", SymptomCheckinRow, "at"),
    "E": ("event", EventRow, "at"),
    "L": ("serum result", SerumResultRow, "measured_on"),
    "Q": ("screening", ScreeningRow, "taken_at"),
}


def day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return datetime.combine(start, time.min), datetime.combine(end + timedelta(days=1), time.min)


def live(model: Any, person_id: int) -> tuple[ColumnElement[bool], ...]:
    """WHERE terms: the person's rows that are not deleted."""
    return (model.person_id == person_id, model.deleted_at.is_(None))


def live_between(
    model: Any, column: Any, person_id: int, start: date, end: date
) -> tuple[ColumnElement[bool], ...]:
    """WHERE terms: the person's rows, not deleted, with `column` between two days (inclusive)."""
    lo, hi = day_bounds(start, end)
    return (*live(model, person_id), column >= lo, column < hi)


Row = TypeVar("Row")


def check_entry_day(
    session: Session, person_id: int, moment: date | datetime, *, now: datetime, what: str
) -> None:
    """The one date rule (magcoach.io.when.implausible) for an entry of this person: not
    before their birth or 1900, not after tomorrow. Raises InvalidInput naming `what`."""
    from magcoach.io.when import DIARY_FLOOR, check_plausible, earliest_day

    row = session.get(PersonRow, person_id)
    today = now.date()
    earliest = DIARY_FLOOR if row is None else earliest_day(row.birth_date, row.age, today)
    day = moment.date() if isinstance(moment, datetime) else moment
    check_plausible(day, today=today, earliest=earliest, what=what)


def added(session: Session, row: Row) -> Row:
    """Adds a new row and flushes, so that its id is known. Text that does not fit its column
    is refused first (PostgreSQL would refuse it; SQLite would store it)."""
    from magcoach.validation import check_lengths

    table = row.__table__  # type: ignore[attr-defined]
    check_lengths(table, {c.key: getattr(row, c.key, None) for c in table.columns})
    session.add(row)
    session.flush()
    return row
