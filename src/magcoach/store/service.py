"""Service functions over the store: what the CLI, plan, outcomes and web app call.

Every function takes an open `Session` (from `Store.session()`, which commits on success and
rolls back on error) and returns plain values. Times are naive local date-times; `now` is passed
in by the caller (core code never reads the clock).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from magcoach.errors import Conflict, InvalidInput, NotFound
from magcoach.foods.model import NUTRIENT_KEYS
from magcoach.intake import (
    DaySummary,
    FoodItem,
    SupplementItem,
    day_summary,
)
from magcoach.person import Person, age_on
from magcoach.requirements import Requirements, requirements
from magcoach.store.models import (
    EventRow,
    FoodEntryRow,
    MedicineRow,
    PainEntryRow,
    PersonRow,
    ScreeningRow,
    SerumResultRow,
    SupplementIntakeRow,
    SupplementProductRow,
    SymptomCheckinRow,
)
from magcoach.store.rules import PAIN_LOCATIONS, check_score

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement

    from magcoach.screening import Answers

NO_PERSON = "No person yet. Add one with: magcoach person add NAME --age N --sex female"

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


def _day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return datetime.combine(start, time.min), datetime.combine(end + timedelta(days=1), time.min)


def _live(model: Any, person_id: int) -> tuple[ColumnElement[bool], ...]:
    """WHERE terms: the person's rows that are not deleted."""
    return (model.person_id == person_id, model.deleted_at.is_(None))


def _live_between(
    model: Any, column: Any, person_id: int, start: date, end: date
) -> tuple[ColumnElement[bool], ...]:
    """WHERE terms: the person's rows, not deleted, with `column` between two days (inclusive)."""
    lo, hi = _day_bounds(start, end)
    return (*_live(model, person_id), column >= lo, column < hi)


_Row = TypeVar("_Row")


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


def _added(session: Session, row: _Row) -> _Row:
    """Adds a new row and flushes, so that its id is known. Text that does not fit its column
    is refused first (PostgreSQL would refuse it; SQLite would store it)."""
    from magcoach.validation import check_lengths

    table = row.__table__  # type: ignore[attr-defined]
    check_lengths(table, {c.key: getattr(row, c.key, None) for c in table.columns})
    session.add(row)
    session.flush()
    return row


# ---------------------------------------------------------------- people

PERSON_FIELDS = tuple(Person.model_fields)


def person_from_row(row: PersonRow, today: date | None = None) -> Person:
    data: dict[str, Any] = {name: getattr(row, name) for name in PERSON_FIELDS}
    for key in ("medicines", "conditions", "allergies"):
        data[key] = tuple(data[key] or ())
    if row.birth_date is not None and today is not None:
        data["age"] = age_on(row.birth_date, today)
    from magcoach.validation import parse_model

    return parse_model(Person, data, what="stored person (fix it with `magcoach person edit`)")


def check_birth_date(person: Person, today: date) -> None:
    """A birth date on the diary's own terms: not in the future, not before 1900, not more
    than 120 years ago (the age it gives must be one a person can have)."""
    from magcoach.io.when import DIARY_FLOOR

    born = person.birth_date
    if born is None:
        return
    if born > today:
        raise InvalidInput(f"The birth date {born} is in the future.")
    if born < DIARY_FLOOR or age_on(born, today) > 120:
        raise InvalidInput(
            f"The birth date {born} would make {person.name} older than 120.",
            hint="Check the year, e.g. --birth-date 1974-03-02.",
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
            hint=f"Change them with: magcoach person edit {person.name} ...",
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
    rows = session.scalars(select(PersonRow).order_by(PersonRow.name)).all()
    return [(r.id, person_from_row(r, today), r.is_default) for r in rows]


def _person_row(session: Session, name: str | None) -> PersonRow:
    if name is not None:
        row = session.scalar(select(PersonRow).where(PersonRow.name == name.strip()))
        if row is None:
            names = session.scalars(select(PersonRow.name).order_by(PersonRow.name)).all()
            raise NotFound(
                f"No person called {name!r}.",
                hint=f"People: {', '.join(names)}." if names else NO_PERSON,
            )
        return row
    rows = session.scalars(select(PersonRow).order_by(PersonRow.id)).all()
    if not rows:
        raise NotFound(NO_PERSON)
    for row in rows:
        if row.is_default:
            return row
    return rows[0]


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


# ---------------------------------------------------------------- food


def clean_nutrients(values: Mapping[str, Any]) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for key in NUTRIENT_KEYS:
        value = values.get(key)
        out[key] = None if value is None else round(float(value), 4)
    return out


def add_food_entry(
    session: Session,
    person_id: int,
    *,
    eaten_at: datetime,
    text: str,
    nutrients: Mapping[str, Any],
    now: datetime,
    food_id: str | None = None,
    food_description: str | None = None,
    food_source: str | None = None,
    quantity: float | None = None,
    unit: str | None = None,
    grams: float | None = None,
    magnesium_source: str = "usda",
    batch_id: int | None = None,
) -> FoodEntryRow:
    check_entry_day(session, person_id, eaten_at, now=now, what="The time eaten")
    return _added(
        session,
        FoodEntryRow(
            person_id=person_id,
            eaten_at=eaten_at,
            text=text,
            food_id=food_id,
            food_description=food_description,
            food_source=food_source,
            quantity=quantity,
            unit=unit,
            grams=grams,
            nutrients=clean_nutrients(nutrients),
            magnesium_source=magnesium_source,
            batch_id=batch_id,
            created_at=now,
            updated_at=now,
        ),
    )


def log_parsed_food(
    session: Session, person_id: int, parsed: Any, *, eaten_at: datetime, now: datetime
) -> FoodEntryRow:
    """Store a `magcoach.foods.parse.ParsedEntry` with a snapshot of its nutrients."""
    food = parsed.food
    return add_food_entry(
        session,
        person_id,
        eaten_at=eaten_at,
        text=parsed.text,
        nutrients=parsed.nutrients,
        now=now,
        food_id=food.id,
        food_description=food.description,
        food_source=food.source,
        quantity=parsed.quantity,
        unit=parsed.unit,
        grams=parsed.grams,
        magnesium_source=str(food.source).split(":")[0] or "usda",
    )


def food_entries(
    session: Session, person_id: int, start: date, end: date, *, include_deleted: bool = False
) -> list[FoodEntryRow]:
    lo, hi = _day_bounds(start, end)
    query = select(FoodEntryRow).where(
        FoodEntryRow.person_id == person_id,
        FoodEntryRow.eaten_at >= lo,
        FoodEntryRow.eaten_at < hi,
    )
    if not include_deleted:
        query = query.where(FoodEntryRow.deleted_at.is_(None))
    return list(session.scalars(query.order_by(FoodEntryRow.eaten_at, FoodEntryRow.id)))


def food_entry_days(
    session: Session, person_id: int, magnesium_sources: Iterable[str]
) -> set[date]:
    """The days with a food entry whose magnesium came from one of these sources."""
    rows = session.scalars(
        select(FoodEntryRow.eaten_at).where(
            *_live(FoodEntryRow, person_id),
            FoodEntryRow.magnesium_source.in_(list(magnesium_sources)),
        )
    )
    return {r.date() for r in rows}


def food_item(row: FoodEntryRow) -> FoodItem:
    return FoodItem(
        eaten_at=row.eaten_at,
        text=row.text,
        nutrients=dict(row.nutrients or {}),
        description=row.food_description,
        grams=row.grams,
        magnesium_source=row.magnesium_source,
        entry_id=f"F{row.id}",
    )


# ---------------------------------------------------------------- supplements


@dataclass(frozen=True)
class ElementalDose:
    elemental_mg_per_unit: float
    basis: str  # "label" | "computed"
    computed_mg: float | None
    explanation: str


def elemental_dose(
    *,
    form_id: str | None,
    form_name: str | None,
    elemental_pct: float | None,
    label_elemental_mg: float | None,
    salt_mg: float | None,
) -> ElementalDose:
    """Elemental magnesium per unit from the label, or the salt weight × the form's elemental %.

    Pure. With both, the label wins and the explanation says how far the computed value is off.
    """
    if label_elemental_mg is None and salt_mg is None:
        raise InvalidInput(
            "Give the elemental magnesium per unit from the label (--elemental-mg) or the "
            "weight of the magnesium compound (--salt-mg with --form).",
            hint="Labels usually say 'Magnesium (as magnesium glycinate) 100 mg': that is "
            "the elemental amount.",
        )
    for value, flag in ((label_elemental_mg, "--elemental-mg"), (salt_mg, "--salt-mg")):
        if value is not None and not 0 < value <= 5000:
            raise InvalidInput(f"{flag} must be between 0 and 5000 mg per unit.")
    what = form_name or form_id or "magnesium compound"
    computed = None
    if salt_mg is not None:
        if elemental_pct is None:
            raise InvalidInput(
                f"To compute elemental magnesium from {salt_mg:g} mg, magcoach needs the form "
                "(--form, e.g. glycinate, citrate, oxide).",
                hint="Or give the label's elemental amount with --elemental-mg.",
            )
        computed = salt_mg * elemental_pct / 100
    if label_elemental_mg is not None:
        explanation = f"{label_elemental_mg:g} mg elemental magnesium per unit (from the label)"
        if computed is not None:
            diff = label_elemental_mg - computed
            explanation += (
                f"; {salt_mg:g} mg {what} at {elemental_pct:g} % would give ≈{computed:.0f} mg"
                f" ({diff:+.0f} mg vs the label) - the label figure is used"
            )
        return ElementalDose(label_elemental_mg, "label", computed, explanation)
    assert computed is not None and salt_mg is not None
    explanation = (
        f"{salt_mg:g} mg {what} ≈ {computed:.0f} mg magnesium "
        f"({elemental_pct:g} % elemental magnesium by weight)"
    )
    return ElementalDose(computed, "computed", computed, explanation)


def form_elemental_pct(form_id: str, hydrate: bool = False) -> tuple[str, float | None]:
    """(display name, elemental %) of a supplement form from the reference data."""
    from magcoach.reference import supplement_forms

    forms: Mapping[str, Any] = supplement_forms()
    key = form_id.strip().lower().replace(" ", "-")
    form = forms.get(key) or forms.get(f"magnesium-{key}") or forms.get(key.replace("-", "_"))
    if form is None:
        raise NotFound(
            f"Unknown supplement form {form_id!r}.",
            hint=f"Known forms: {', '.join(sorted(forms))}.",
        )
    pct = getattr(form, "elemental_pct_hydrate" if hydrate else "elemental_pct_anhydrous", None)
    if pct is None:
        pct = getattr(form, "elemental_pct_anhydrous", None) or getattr(
            form, "elemental_pct_hydrate", None
        )
    name = getattr(form, "name", None) or key
    return str(name), (None if pct is None else float(pct))


def add_supplement_product(
    session: Session,
    person_id: int,
    *,
    name: str,
    dose: ElementalDose,
    form_id: str | None,
    salt_mg: float | None,
    label_elemental_mg: float | None,
    unit_name: str,
    now: datetime,
) -> SupplementProductRow:
    if _product(session, person_id, name, required=False) is not None:
        raise Conflict(f"A supplement called {name!r} already exists.")
    return _added(
        session,
        SupplementProductRow(
            person_id=person_id,
            name=name.strip(),
            form_id=form_id,
            unit_name=unit_name,
            elemental_mg_per_unit=dose.elemental_mg_per_unit,
            label_elemental_mg_per_unit=label_elemental_mg,
            salt_mg_per_unit=salt_mg,
            computed_elemental_mg_per_unit=dose.computed_mg,
            elemental_basis=dose.basis,
            explanation=dose.explanation,
            created_at=now,
            updated_at=now,
        ),
    )


def _product(
    session: Session, person_id: int, name: str, *, required: bool = True
) -> SupplementProductRow | None:
    rows = session.scalars(
        select(SupplementProductRow).where(*_live(SupplementProductRow, person_id))
    ).all()
    for row in rows:
        if row.name.lower() == name.strip().lower():
            return row
    if required:
        raise NotFound(
            f"No supplement called {name!r}.",
            hint=(
                f"Your supplements: {', '.join(r.name for r in rows)}."
                if rows
                else "Add it first: magcoach supp add NAME --form glycinate --elemental-mg 100"
            ),
        )
    return None


def supplement_products(session: Session, person_id: int) -> list[SupplementProductRow]:
    return list(
        session.scalars(
            select(SupplementProductRow)
            .where(*_live(SupplementProductRow, person_id))
            .order_by(SupplementProductRow.name)
        )
    )


def take_supplement(
    session: Session,
    person_id: int,
    product_name: str,
    *,
    units: float,
    taken_at: datetime,
    now: datetime,
) -> SupplementIntakeRow:
    if not 0 < units <= 50:
        raise InvalidInput("--units must be more than 0 and at most 50.")
    check_entry_day(session, person_id, taken_at, now=now, what="The time taken")
    product = _product(session, person_id, product_name)
    assert product is not None
    return _added(
        session,
        SupplementIntakeRow(
            person_id=person_id,
            product_id=product.id,
            taken_at=taken_at,
            units=units,
            elemental_mg=units * product.elemental_mg_per_unit,
            created_at=now,
            updated_at=now,
        ),
    )


def supplement_intakes(
    session: Session, person_id: int, start: date, end: date
) -> list[SupplementItem]:
    """Supplements taken between two days (inclusive), oldest first."""
    rows = session.execute(
        select(SupplementIntakeRow, SupplementProductRow.name)
        .join(SupplementProductRow, SupplementProductRow.id == SupplementIntakeRow.product_id)
        .where(
            *_live_between(SupplementIntakeRow, SupplementIntakeRow.taken_at, person_id, start, end)
        )
        .order_by(SupplementIntakeRow.taken_at, SupplementIntakeRow.id)
    ).all()
    return [
        SupplementItem(row.taken_at, name, row.units, row.elemental_mg, f"S{row.id}")
        for row, name in rows
    ]


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
    return _added(
        session,
        PainEntryRow(
            person_id=person_id,
            at=at,
            pain=_score(pain, "Pain"),
            activity_interference=_score(activity, "--activity"),
            sleep_interference=_score(sleep, "--sleep"),
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
        .where(*_live_between(PainEntryRow, PainEntryRow.at, person_id, start, end))
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
            "Give at least one score, e.g. --cramps 3 --sleep-quality 6 (each 0 to 10)."
        )
    check_entry_day(session, person_id, at, now=now, what="The time of the check-in")
    return _added(
        session,
        SymptomCheckinRow(
            person_id=person_id, at=at, note=note, created_at=now, updated_at=now, **values
        ),
    )


def checkins(session: Session, person_id: int, start: date, end: date) -> list[SymptomCheckinRow]:
    return list(
        session.scalars(
            select(SymptomCheckinRow)
            .where(*_live_between(SymptomCheckinRow, SymptomCheckinRow.at, person_id, start, end))
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
    return _added(
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
            .where(*_live(SerumResultRow, person_id))
            .order_by(SerumResultRow.measured_on)
        )
    )


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
    return _added(
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
        .where(*_live(ScreeningRow, person_id))
        .order_by(ScreeningRow.taken_at.desc(), ScreeningRow.id.desc())
        .limit(1)
    ).first()
    return None if row is None else stored_screening(row)


def screenings(session: Session, person_id: int, start: date, end: date) -> list[ScreeningRow]:
    return list(
        session.scalars(
            select(ScreeningRow)
            .where(*_live_between(ScreeningRow, ScreeningRow.taken_at, person_id, start, end))
            .order_by(ScreeningRow.taken_at, ScreeningRow.id)
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
    return _added(
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
    query = select(EventRow).where(*_live(EventRow, person_id))
    if start is not None:
        query = query.where(EventRow.at >= datetime.combine(start, time.min))
    if end is not None:
        query = query.where(EventRow.at < datetime.combine(end + timedelta(days=1), time.min))
    return [
        Event(f"E{r.id}", r.at, r.text, r.kind)
        for r in session.scalars(query.order_by(EventRow.at))
    ]


# ---------------------------------------------------------------- the daily picture


def daily_series(
    session: Session,
    person_id: int,
    start: date,
    end: date,
    requirement: Requirements | None = None,
) -> list[DaySummary]:
    """One DaySummary per day from `start` to `end` inclusive (days with nothing included)."""
    if end < start:
        raise InvalidInput(f"The end date {end} is before the start date {start}.")
    if requirement is None:
        _, person = get_person_by_id(session, person_id, today=end)
        requirement = requirement_for(person)
    foods: dict[date, list[FoodItem]] = defaultdict(list)
    for row in food_entries(session, person_id, start, end):
        foods[row.eaten_at.date()].append(food_item(row))
    supps: dict[date, list[SupplementItem]] = defaultdict(list)
    for item in supplement_intakes(session, person_id, start, end):
        supps[item.taken_at.date()].append(item)
    out = []
    day = start
    while day <= end:
        out.append(day_summary(day, foods.get(day, []), supps.get(day, []), requirement))
        day += timedelta(days=1)
    return out


def daily_intake(
    session: Session, person_id: int, day: date, requirement: Requirements | None = None
) -> DaySummary:
    """One day's picture. On a day with supplements it also carries the person's standing
    safety warnings (kidneys, heart block, interacting medicines...), so nobody taking
    magnesium misses them because they never ran `magcoach plan`."""
    from dataclasses import replace

    from magcoach.reference import match_medicines
    from magcoach.supplements import medicine_rules, self_supplement_warnings

    summary = daily_series(session, person_id, day, day, requirement)[0]
    if summary.supplement_mg <= 0:
        return summary
    _, person = get_person_by_id(session, person_id, today=day)
    rules = medicine_rules(match_medicines(person.medicines, allow_unknown=True))
    safety = self_supplement_warnings(person, rules)
    return replace(summary, warnings=(*summary.warnings, *safety))


@dataclass(frozen=True)
class RecentIntake:
    """Average magnesium a day over the logged days of a recent window, food and supplements
    apart: the plan works from food and treats supplements separately."""

    food_mg: float
    supplement_mg: float
    days_logged: int

    @property
    def total_mg(self) -> float:
        return self.food_mg + self.supplement_mg


def recent_average_intake(
    session: Session, person_id: int, days: int, today: date
) -> RecentIntake | None:
    """Average magnesium (mg/day) over the logged days among the last `days` days up to
    `today`; None when nothing is logged. A food whose magnesium is unknown adds nothing, so
    the average is a floor where coverage is incomplete."""
    start = today - timedelta(days=days - 1)
    food = 0.0
    supplements = 0.0
    logged: set[date] = set()
    for row in food_entries(session, person_id, start, today):
        logged.add(row.eaten_at.date())
        food += float((row.nutrients or {}).get("magnesium_mg") or 0.0)
    for item in supplement_intakes(session, person_id, start, today):
        logged.add(item.taken_at.date())
        supplements += item.elemental_mg
    if not logged:
        return None
    return RecentIntake(food / len(logged), supplements / len(logged), len(logged))


def diary_span(session: Session, person_id: int) -> tuple[date, date] | None:
    """The first and last day with an entry of any kind (deleted ones do not count); None for
    an empty diary."""
    lows: list[date] = []
    highs: list[date] = []
    for _kind, model, column in ENTRY_KINDS.values():
        col = getattr(model, column)
        lo, hi = session.execute(
            select(func.min(col), func.max(col)).where(*_live(model, person_id))
        ).one()
        if lo is not None:
            lows.append(lo.date() if isinstance(lo, datetime) else lo)
            highs.append(hi.date() if isinstance(hi, datetime) else hi)
    return (min(lows), max(highs)) if lows else None


def get_person_by_id(
    session: Session, person_id: int, today: date | None = None
) -> tuple[int, Person]:
    row = session.get(PersonRow, person_id)
    if row is None:
        raise NotFound(NO_PERSON)
    return row.id, person_from_row(row, today)


# ---------------------------------------------------------------- entries (any kind)


def parse_entry_id(text: str) -> tuple[str, int]:
    """'F12' → ('F', 12); a bare number means a food entry."""
    cleaned = text.strip().upper()
    letter, digits = (cleaned[0], cleaned[1:]) if cleaned[:1].isalpha() else ("F", cleaned)
    if letter not in ENTRY_KINDS or not digits.isdigit():
        raise InvalidInput(
            f"{text!r} is not an entry id.",
            hint="Entry ids look like F12 (food), S3 (supplement), P5 (pain), C2 (check-in), "
            "E1 (event), L1 (lab result), Q1 (screening); `magcoach entries` lists them.",
        )
    return letter, int(digits)


def get_entry(session: Session, person_id: int, entry_id: str) -> tuple[str, Any]:
    letter, number = parse_entry_id(entry_id)
    model = ENTRY_KINDS[letter][1]
    row = session.get(model, number)
    if row is None or row.person_id != person_id or row.deleted_at is not None:
        raise NotFound(
            f"No entry {letter}{number}.", hint="`magcoach entries DATE` lists the entries."
        )
    return letter, row


def delete_entry(session: Session, person_id: int, entry_id: str, *, now: datetime) -> str:
    """Soft-delete one entry; `undo_delete` brings it back. Returns the entry id."""
    letter, row = get_entry(session, person_id, entry_id)
    row.deleted_at = now
    row.updated_at = now
    return f"{letter}{row.id}"


def undo_delete(session: Session, person_id: int, *, now: datetime) -> str:
    """Restore the most recently deleted entry of this person."""
    latest: tuple[datetime, str, Any] | None = None
    for letter, (_, model, _col) in ENTRY_KINDS.items():
        row = session.scalars(
            select(model)
            .where(model.person_id == person_id, model.deleted_at.is_not(None))
            .order_by(model.deleted_at.desc(), model.id.desc())
            .limit(1)
        ).first()
        if row is not None and (latest is None or row.deleted_at > latest[0]):
            latest = (row.deleted_at, letter, row)
    if latest is None:
        raise NotFound("There is no deleted entry to bring back.")
    _, letter, row = latest
    row.deleted_at = None
    row.updated_at = now
    return f"{letter}{row.id}"


@dataclass(frozen=True)
class EntryView:
    entry_id: str
    kind: str
    at: datetime
    summary: str
    magnesium_mg: float | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.entry_id,
            "kind": self.kind,
            "at": self.at.isoformat(),
            "summary": self.summary,
            "magnesium_mg": None if self.magnesium_mg is None else round(self.magnesium_mg, 1),
        }


def list_entries(session: Session, person_id: int, start: date, end: date) -> list[EntryView]:
    """Every entry of every kind between two days, in time order."""
    views: list[EntryView] = []
    for row in food_entries(session, person_id, start, end):
        mg = (row.nutrients or {}).get("magnesium_mg")
        what = row.food_description or "no food matched"
        grams = f", {row.grams:.0f} g" if row.grams is not None else ""
        views.append(
            EntryView(f"F{row.id}", "food", row.eaten_at, f"{row.text} → {what}{grams}", mg)
        )
    for item in supplement_intakes(session, person_id, start, end):
        views.append(
            EntryView(
                item.entry_id or "",
                "supplement",
                item.taken_at,
                f"{item.units:g} × {item.product_name}",
                item.elemental_mg,
            )
        )
    for p in pain_series(session, person_id, start, end):
        parts = [f"pain {p.pain:g}/10"]
        if p.activity_interference is not None:
            parts.append(f"activity {p.activity_interference:g}")
        if p.sleep_interference is not None:
            parts.append(f"sleep {p.sleep_interference:g}")
        if p.location:
            parts.append(p.location)
        if p.note:
            parts.append(repr(p.note))
        views.append(EntryView(p.entry_id, "pain", p.at, ", ".join(parts), None))
    for c in checkins(session, person_id, start, end):
        scores = ", ".join(
            f"{k.replace('_', ' ')} {getattr(c, k):g}"
            for k in SYMPTOMS
            if getattr(c, k) is not None
        )
        views.append(EntryView(f"C{c.id}", "check-in", c.at, scores, None))
    for e in events(session, person_id, start, end):
        views.append(EntryView(e.entry_id, "event", e.at, e.text, None))
    for q in screenings(session, person_id, start, end):
        flags = (q.answers or {}).get("red_flags") or []
        summary = f"screening: level {q.level or '?'}, red flags: " + (
            f"{', '.join(flags)} ({q.urgency})" if flags else "none answered yes"
        )
        views.append(EntryView(f"Q{q.id}", "screening", q.taken_at, summary, None))
    return sorted(views, key=lambda v: (v.at, v.entry_id))
