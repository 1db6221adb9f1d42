"""People and their medicines: add, find, change, choose the default."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from magcoach.errors import Conflict, InvalidInput, NotFound
from magcoach.person import Person, age_on
from magcoach.requirements import Requirements, requirements
from magcoach.store.models import (
    MedicineRow,
    PersonRow,
)

if TYPE_CHECKING:
    pass
from magcoach.store.base import NO_PERSON

# ---------------------------------------------------------------- people

PERSON_FIELDS = tuple(Person.model_fields)


def person_from_row(row: PersonRow, today: date | None = None) -> Person:
    data: dict[str, Any] = {name: getattr(row, name) for name in PERSON_FIELDS}
    for key in ("medicines", "conditions", "allergies"):
        data[key] = tuple(data[key] or ())
    if row.birth_date is not None and today is not None:
        data["age"] = age_on(row.birth_date, today)
    from magcoach.validation import parse_model

    return parse_model(Person, data, what="stored person (change the profile to fix it)")


def check_birth_date(person: Person, today: date) -> None:
    """A birth date on the diary's own terms: not in the future, not before 1900, not more
    than 120 years ago (the age it gives must be one a person can have)."""
    from magcoach.io.when import DIARY_FLOOR

    born = person.birth_date
    if born is None:
        return
    if born > today:
        raise InvalidInput(f"The birth date {born} is in the future.", field="birth_date")
    if born < DIARY_FLOOR or age_on(born, today) > 120:
        raise InvalidInput(
            f"The birth date {born} would make {person.name} older than 120.",
            hint="Check the year, e.g. 1974-03-02.",
            field="birth_date",
        )


def _apply_person(row: PersonRow, person: Person) -> None:
    for name in PERSON_FIELDS:
        value = getattr(person, name)
        setattr(row, name, list(value) if isinstance(value, tuple) else value)


def _sync_medicines(session: Session, person_id: int, names: Sequence[str], now: datetime) -> None:
    """Keep the medicines table in step with the person's list, matched to interaction data."""
    existing = {
        m.name: m
        for m in session.scalars(select(MedicineRow).where(MedicineRow.person_id == person_id))
    }
    for name in set(existing) - set(names):
        session.delete(existing[name])
    for name in names:
        if name in existing:
            continue
        matched_class, matched_name = match_medicine_class(name)
        session.add(
            MedicineRow(
                person_id=person_id,
                name=name,
                matched_class=matched_class,
                matched_name=matched_name,
                created_at=now,
                updated_at=now,
            )
        )


def match_medicine_class(name: str) -> tuple[str | None, str | None]:
    """(class id, matched name) from the reference interaction data, or (None, None)."""
    from magcoach.errors import MagcoachError
    from magcoach.reference import match_medicine

    try:
        found = match_medicine(name)
    except MagcoachError:  # not in the interaction data (NotFound with suggestions)
        return None, None
    return found.class_id, found.name


def add_person(session: Session, person: Person, *, now: datetime) -> int:
    if session.scalar(select(PersonRow.id).where(PersonRow.name == person.name)) is not None:
        raise Conflict(
            f"A person called {person.name!r} already exists.",
            hint="Change that person's profile instead, or choose another name.",
            field="name",
        )
    check_birth_date(person, now.date())
    first = session.scalar(select(func.count(PersonRow.id))) == 0
    row = PersonRow(is_default=first, created_at=now, updated_at=now)
    _apply_person(row, person)
    session.add(row)
    session.flush()
    _sync_medicines(session, row.id, person.medicines, now)
    return row.id


def list_people(session: Session, today: date | None = None) -> list[tuple[int, Person, bool]]:
    bound = _bound_row(session)
    if bound is not None:
        return [(bound.id, person_from_row(bound, today), True)]
    if session.info.get("shared"):
        return []  # an account's people come from its own list (store.accounts.owned_people)
    rows = session.scalars(select(PersonRow).order_by(PersonRow.name)).all()
    return [(r.id, person_from_row(r, today), r.is_default) for r in rows]


def _bound_row(session: Session) -> PersonRow | None:
    """The person a bound unit of work is for (app.context.PersonScope), else None."""
    scope = session.info.get("scope")
    if scope is None:
        return None
    row = session.get(PersonRow, scope.person_id)
    if row is None:
        raise NotFound("There is no such person.", field="person")
    return row


def _person_row(session: Session, name: str | None) -> PersonRow:
    """The named person, or the default one. Bound to a person (shared mode, a web request),
    only that person is found; in shared mode there is no default person, and an unknown
    name never lists the others."""
    bound = _bound_row(session)
    if bound is not None:
        if name is not None and name.strip() != bound.name:
            raise NotFound("There is no such person.", field="person")
        return bound
    shared = bool(session.info.get("shared"))
    if shared and name is None:
        raise NotFound("Choose whose diary to open first.", field="person")
    if name is not None:
        row = session.scalar(select(PersonRow).where(PersonRow.name == name.strip()))
        if row is None:
            names = (
                []
                if shared
                else session.scalars(select(PersonRow.name).order_by(PersonRow.name)).all()
            )
            raise NotFound(
                f"No person called {name!r}.",
                hint=f"People: {', '.join(names)}." if names else NO_PERSON,
                field="person",
            )
        return row
    rows = session.scalars(select(PersonRow).order_by(PersonRow.id)).all()
    if not rows:
        raise NotFound(NO_PERSON, field="person")
    for row in rows:
        if row.is_default:
            return row
    return rows[0]


def default_person_id(session: Session) -> int | None:
    """The default person's id; None in shared mode, where nobody is the default."""
    if session.info.get("shared") or session.info.get("scope") is not None:
        return None
    rows = session.scalars(select(PersonRow).order_by(PersonRow.id)).all()
    return next((r.id for r in rows if r.is_default), rows[0].id if rows else None)


def get_person(
    session: Session, name: str | None = None, today: date | None = None
) -> tuple[int, Person]:
    """The named person, or the default one. No person at all → NotFound saying how to add one."""
    row = _person_row(session, name)
    return row.id, person_from_row(row, today)


def update_person(
    session: Session, name: str | None, changes: Mapping[str, Any], *, now: datetime
) -> Person:
    from magcoach.validation import parse_model

    row = _person_row(session, name)
    current = person_from_row(row).model_dump()
    current.update({k: v for k, v in changes.items() if v is not None})
    new_name = current.get("name")
    if new_name != row.name and session.scalar(
        select(PersonRow.id).where(PersonRow.name == new_name)
    ):
        raise Conflict(f"A person called {new_name!r} already exists.")
    person = parse_model(Person, current, what="person")
    check_birth_date(person, now.date())
    _apply_person(row, person)
    row.updated_at = now
    _sync_medicines(session, row.id, person.medicines, now)
    return person


def set_default_person(session: Session, name: str, *, now: datetime) -> int:
    row = _person_row(session, name)
    for other in session.scalars(select(PersonRow).where(PersonRow.is_default.is_(True))):
        other.is_default = False
    row.is_default = True
    row.updated_at = now
    return row.id


def medicines(session: Session, person_id: int) -> list[MedicineRow]:
    return list(
        session.scalars(
            select(MedicineRow).where(MedicineRow.person_id == person_id).order_by(MedicineRow.name)
        )
    )


# ---------------------------------------------------------------- requirement


def requirement_for(person: Person) -> Requirements:
    """The person's requirement from the reference data (RDA/EAR/UL by life stage, region)."""
    return requirements(person)


def get_person_by_id(
    session: Session, person_id: int, today: date | None = None
) -> tuple[int, Person]:
    row = session.get(PersonRow, person_id)
    if row is None:
        raise NotFound(NO_PERSON, field="person")
    return row.id, person_from_row(row, today)
