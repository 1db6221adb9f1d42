"""The diary: log food, pain, symptoms, events, serum results and supplements; list, fix,
delete and bring back entries. Times arrive as the person typed them ("yesterday 19:00",
"2026-06-14T08:00") and are read by the one date parser."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from magcoach.app.context import Context
from magcoach.app.days import day_of, moment
from magcoach.app.foods import ParsedFoodView, check_grams, read_entry, read_meal, with_food
from magcoach.app.views import View
from magcoach.errors import InvalidInput
from magcoach.store.rules import PAIN_LOCATIONS as _pain_locations

if TYPE_CHECKING:
    from magcoach.foods.model import Food
    from magcoach.foods.parse import ParsedEntry


MAX_SUPPLEMENT_UNITS = 50
#: Where pain can be, as a form offers it.
PAIN_LOCATIONS = _pain_locations


# ---------------------------------------------------------------- food


class LoggedFoodView(ParsedFoodView):
    id: str
    eaten_at: datetime

    @classmethod
    def logged(cls, entry_id: str, eaten_at: datetime, parsed: ParsedEntry) -> LoggedFoodView:
        return cls(id=entry_id, eaten_at=eaten_at, **ParsedFoodView.of(parsed).model_dump())


class LoggedMealView(View):
    """What one diary line logged: one entry per food it names, each correctable."""

    text: str
    entries: list[LoggedFoodView]


def log_food(
    ctx: Context,
    text: str,
    *,
    at: str | None = None,
    pick: int | None = None,
    grams: float | None = None,
    person: str | None = None,
) -> LoggedMealView:
    """Read the line, store each food it names with a snapshot of its nutrients, and show
    what was matched, how sure the match is, and the alternatives (pick one to correct it)."""
    from magcoach.store import service

    eaten_at = moment(ctx, at)
    foods = read_meal(ctx, text, pick=pick, grams=grams)
    with ctx.diary(person) as (s, person_id, _):
        logged = []
        for parsed in foods:
            row = service.log_parsed_food(
                s, person_id, parsed, eaten_at=eaten_at, now=ctx.clock.now()
            )
            logged.append(LoggedFoodView.logged(f"F{row.id}", eaten_at, parsed))
    return LoggedMealView(text=text, entries=logged)


# ---------------------------------------------------------------- pain, symptoms, events, labs


class PainInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    score: float
    activity: float | None = None
    sleep: float | None = None
    where: str | None = None
    note: str | None = None
    at: str | None = None


class PainEntryView(View):
    id: str
    at: datetime
    pain: float
    activity: float | None
    sleep: float | None
    where: str | None
    note: str | None


def log_pain(ctx: Context, entry: PainInput, *, person: str | None = None) -> PainEntryView:
    """Pain now (0-10) and how much it got in the way of activity and sleep."""
    from magcoach.store import service

    when = moment(ctx, entry.at)
    where = entry.where.strip().lower() if entry.where else None
    with ctx.diary(person) as (s, person_id, _):
        row = service.add_pain(
            s,
            person_id,
            at=when,
            pain=entry.score,
            activity=entry.activity,
            sleep=entry.sleep,
            location=where,
            note=entry.note,
            now=ctx.clock.now(),
        )
        return PainEntryView(
            id=f"P{row.id}",
            at=when,
            pain=entry.score,
            activity=entry.activity,
            sleep=entry.sleep,
            where=where,
            note=entry.note,
        )


class CheckinInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    cramps: float | None = None
    spasms: float | None = None
    twitches: float | None = None
    sleep_quality: float | None = None
    fatigue: float | None = None
    note: str | None = None
    at: str | None = None

    def scores(self) -> dict[str, float | None]:
        return self.model_dump(exclude={"note", "at"})


class CheckinView(View):
    id: str
    at: datetime
    cramps: float | None
    spasms: float | None
    twitches: float | None
    sleep_quality: float | None
    fatigue: float | None
    note: str | None


def log_symptoms(ctx: Context, entry: CheckinInput, *, person: str | None = None) -> CheckinView:
    """A symptom check-in: cramps, spasms, twitches, sleep quality, fatigue (each 0-10)."""
    from magcoach.store import service

    when = moment(ctx, entry.at)
    with ctx.diary(person) as (s, person_id, _):
        row = service.add_checkin(
            s, person_id, at=when, scores=entry.scores(), note=entry.note, now=ctx.clock.now()
        )
        return CheckinView(id=f"C{row.id}", at=when, note=entry.note, **entry.scores())


class EventView(View):
    id: str
    at: datetime
    text: str
    kind: str


def log_event(
    ctx: Context, text: str, *, kind: str = "note", at: str | None = None, person: str | None = None
) -> EventView:
    """A treatment or event ("started physio") to mark on charts and reports."""
    from magcoach.store import service

    when = moment(ctx, at)
    with ctx.diary(person) as (s, person_id, _):
        row = service.add_event(s, person_id, at=when, text=text, kind=kind, now=ctx.clock.now())
        return EventView(id=f"E{row.id}", at=when, text=row.text, kind=row.kind)


class SerumView(View):
    id: str
    date: date
    mmol_per_l: float
    note: str | None


def log_serum(
    ctx: Context,
    mmol_per_l: float,
    *,
    on: str | None = None,
    note: str | None = None,
    person: str | None = None,
) -> SerumView:
    """A serum magnesium result from a blood test (mmol/L)."""
    from magcoach.store import service

    day = day_of(ctx, on)
    with ctx.diary(person) as (s, person_id, _):
        row = service.add_serum_result(
            s, person_id, measured_on=day, mmol_per_l=mmol_per_l, note=note, now=ctx.clock.now()
        )
        return SerumView(id=f"L{row.id}", date=day, mmol_per_l=mmol_per_l, note=note)


# ---------------------------------------------------------------- supplements


class SupplementProductInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    form: str | None = None
    elemental_mg: float | None = None  # per unit, from the label
    salt_mg: float | None = None  # weight of the compound per unit
    hydrate: bool = False
    unit: str = "capsule"


class SupplementProductView(View):
    id: int
    name: str
    form: str | None
    unit: str
    elemental_mg_per_unit: float
    basis: str  # "label" or "computed"
    explanation: str


def _product_view(row: Any) -> SupplementProductView:
    return SupplementProductView(
        id=row.id,
        name=row.name,
        form=row.form_id,
        unit=row.unit_name,
        elemental_mg_per_unit=row.elemental_mg_per_unit,
        basis=row.elemental_basis,
        explanation=row.explanation,
    )


def add_supplement(
    ctx: Context, product: SupplementProductInput, *, person: str | None = None
) -> SupplementProductView:
    """A supplement product: elemental magnesium per unit from the label, or computed from the
    compound's weight and the form's elemental share."""
    from magcoach.products import form_elemental_pct, product_dose
    from magcoach.store import service

    form_name, pct, form_id = None, None, None
    if product.form:
        form_name, pct = form_elemental_pct(product.form, product.hydrate)
        form_id = product.form.strip().lower()
    dose = product_dose(
        form_id=form_id,
        form_name=form_name,
        elemental_pct=pct,
        label_elemental_mg=product.elemental_mg,
        salt_mg=product.salt_mg,
    )
    with ctx.diary(person) as (s, person_id, _):
        row = service.add_supplement_product(
            s,
            person_id,
            name=product.name,
            dose=dose,
            form_id=form_id,
            salt_mg=product.salt_mg,
            label_elemental_mg=product.elemental_mg,
            unit_name=product.unit,
            now=ctx.clock.now(),
        )
        return _product_view(row)


class SupplementTakenView(View):
    id: str
    product: str
    taken_at: datetime
    units: float
    elemental_mg: float
    supplement_mg_that_day: float
    supplemental_ul_mg: float | None
    above_ul: bool
    warnings: list[str]


def take_supplement(
    ctx: Context,
    name: str,
    *,
    units: float = 1.0,
    at: str | None = None,
    person: str | None = None,
) -> SupplementTakenView:
    """A dose taken, with the day's supplements against the upper limit and the standing
    safety warnings."""
    from magcoach.store import service

    when = moment(ctx, at)
    with ctx.diary(person) as (s, person_id, who):
        row = service.take_supplement(
            s, person_id, name, units=units, taken_at=when, now=ctx.clock.now()
        )
        summary = service.daily_intake(s, person_id, when.date(), service.requirement_for(who))
        ul = summary.supplemental_ul_mg
        return SupplementTakenView(
            id=f"S{row.id}",
            product=name.strip(),
            taken_at=when,
            units=units,
            elemental_mg=round(row.elemental_mg, 1),
            supplement_mg_that_day=round(summary.supplement_mg, 1),
            supplemental_ul_mg=ul,
            above_ul=ul is not None and summary.supplement_mg > ul,
            warnings=list(summary.warnings),
        )


class SupplementIntakeView(View):
    id: str | None
    taken_at: datetime
    product: str
    units: float
    elemental_mg: float


class SupplementsView(View):
    products: list[SupplementProductView]
    intakes: list[SupplementIntakeView]
    days: int


def supplements(ctx: Context, *, days: int = 7, person: str | None = None) -> SupplementsView:
    """The person's supplement products and the doses taken in the last `days` days."""
    from magcoach.store import service

    days = max(days, 1)
    end = ctx.clock.today()
    start = end - timedelta(days=days - 1)
    with ctx.diary(person) as (s, person_id, _):
        return SupplementsView(
            products=[_product_view(p) for p in service.supplement_products(s, person_id)],
            intakes=[
                SupplementIntakeView(
                    id=i.entry_id,
                    taken_at=i.taken_at,
                    product=i.product_name,
                    units=i.units,
                    elemental_mg=i.elemental_mg,
                )
                for i in service.supplement_intakes(s, person_id, start, end)
            ],
            days=days,
        )


# ---------------------------------------------------------------- entries


class EntryView(View):
    id: str
    kind: str
    at: datetime
    summary: str
    magnesium_mg: float | None = None


class EntriesView(View):
    date: date
    entries: list[EntryView]


def entries(ctx: Context, *, on: date | None = None, person: str | None = None) -> EntriesView:
    """Every entry of every kind on one day, in time order, with its id."""
    which = on or ctx.clock.today()
    with ctx.diary(person) as (s, person_id, _):
        return EntriesView(date=which, entries=entry_views(s, person_id, which, which))


def entry_views(session: Any, person_id: int, start: date, end: date) -> list[EntryView]:
    """Every entry of every kind between two days, in time order, as a person reads them."""
    from magcoach.store import service

    views = [_food_view(row) for row in service.food_entries(session, person_id, start, end)]
    views += [
        EntryView(
            id=item.entry_id or "",
            kind="supplement",
            at=item.taken_at,
            summary=f"{item.units:g} × {item.product_name}",
            magnesium_mg=round(item.elemental_mg, 1),
        )
        for item in service.supplement_intakes(session, person_id, start, end)
    ]
    views += [_pain_view(p) for p in service.pain_series(session, person_id, start, end)]
    views += [
        EntryView(
            id=f"C{c.id}",
            kind="check-in",
            at=c.at,
            summary=", ".join(
                f"{k.replace('_', ' ')} {getattr(c, k):g}"
                for k in service.SYMPTOMS
                if getattr(c, k) is not None
            ),
        )
        for c in service.checkins(session, person_id, start, end)
    ]
    views += [
        EntryView(id=e.entry_id, kind="event", at=e.at, summary=e.text)
        for e in service.events(session, person_id, start, end)
    ]
    views += [_screening_view(q) for q in service.screenings(session, person_id, start, end)]
    return sorted(views, key=lambda v: (v.at, v.id))


def _food_view(row: Any) -> EntryView:
    mg = (row.nutrients or {}).get("magnesium_mg")
    what = row.food_description or "no food matched"
    grams = f", {row.grams:.0f} g" if row.grams is not None else ""
    return EntryView(
        id=f"F{row.id}",
        kind="food",
        at=row.eaten_at,
        summary=f"{row.text} → {what}{grams}",
        magnesium_mg=None if mg is None else round(mg, 1),
    )


def _pain_view(p: Any) -> EntryView:
    parts = [f"pain {p.pain:g}/10"]
    if p.activity_interference is not None:
        parts.append(f"activity {p.activity_interference:g}")
    if p.sleep_interference is not None:
        parts.append(f"sleep {p.sleep_interference:g}")
    if p.location:
        parts.append(p.location)
    if p.note:
        parts.append(repr(p.note))
    return EntryView(id=p.entry_id, kind="pain", at=p.at, summary=", ".join(parts))


def _screening_view(q: Any) -> EntryView:
    flags = (q.answers or {}).get("red_flags") or []
    summary = f"screening: level {q.level or '?'}, red flags: " + (
        f"{', '.join(flags)} ({q.urgency})" if flags else "none answered yes"
    )
    return EntryView(id=f"Q{q.id}", kind="screening", at=q.taken_at, summary=summary)


class EntryChangeView(View):
    id: str
    action: str  # "deleted", "restored", "fixed"
    changed: list[str] = Field(default_factory=list)
    food: str | None = None
    grams: float | None = None
    magnesium_mg: float | None = None


def check_entry(ctx: Context, entry_id: str, *, person: str | None = None) -> str:
    """The entry's canonical id if it exists for this person (NotFound otherwise)."""
    from magcoach.store import service

    with ctx.diary(person) as (s, person_id, _):
        letter, row = service.get_entry(s, person_id, entry_id)
        return f"{letter}{row.id}"


def delete_entry(ctx: Context, entry_id: str, *, person: str | None = None) -> EntryChangeView:
    """Delete an entry; `undo_delete` brings it back."""
    from magcoach.store import service

    with ctx.diary(person) as (s, person_id, _):
        deleted = service.delete_entry(s, person_id, entry_id, now=ctx.clock.now())
    return EntryChangeView(id=deleted, action="deleted")


def undo_delete(ctx: Context, *, person: str | None = None) -> EntryChangeView:
    """Bring back the most recently deleted entry."""
    from magcoach.store import service

    with ctx.diary(person) as (s, person_id, _):
        restored = service.undo_delete(s, person_id, now=ctx.clock.now())
    return EntryChangeView(id=restored, action="restored")


class EntryFix(BaseModel):
    """What to correct in an entry; fields left None stay as they are."""

    model_config = ConfigDict(extra="forbid")

    at: str | None = None
    pick: int | None = None  # food: alternative N of the entry's text
    food: str | None = None  # food: a food id, e.g. sr:11458
    grams: float | None = None  # food
    text: str | None = None  # food: re-read from new text
    pain: float | None = None
    activity: float | None = None
    sleep: float | None = None
    units: float | None = None  # supplement


_TIME_COLUMN = {"F": "eaten_at", "S": "taken_at", "Q": "taken_at"}


def fix_entry(
    ctx: Context, entry_id: str, fix: EntryFix, *, person: str | None = None
) -> EntryChangeView:
    """Correct an entry: another food, grams, text, time, pain scores or units taken."""
    from magcoach.store import service

    with ctx.diary(person) as (s, person_id, _):
        letter, row = service.get_entry(s, person_id, entry_id)
        changed: list[str] = []
        if fix.at is not None:
            when = moment(ctx, fix.at)
            service.check_entry_day(s, person_id, when, now=ctx.clock.now(), what="the new time")
            if letter == "L":
                row.measured_on = when.date()
            else:
                setattr(row, _TIME_COLUMN.get(letter, "at"), when)
            changed.append("time")
        if letter == "F" and any(v is not None for v in (fix.pick, fix.food, fix.grams, fix.text)):
            _fix_food(ctx, row, fix)
            changed.append("food")
        elif letter == "P" and any(v is not None for v in (fix.pain, fix.activity, fix.sleep)):
            _fix_pain(row, fix)
            changed.append("scores")
        elif letter == "S" and fix.units is not None:
            check_units(fix.units)
            per_unit = row.elemental_mg / row.units if row.units else 0.0
            row.units, row.elemental_mg = fix.units, fix.units * per_unit
            changed.append("units")
        if not changed:
            raise InvalidInput(
                f"Nothing to change for {letter}{row.id}: give what is wrong (food entries: "
                "another food, grams or text; pain: the scores; supplements: units; any: time).",
                field="entry",
            )
        row.updated_at = ctx.clock.now()
        view = EntryChangeView(id=f"{letter}{row.id}", action="fixed", changed=changed)
        if letter == "F":
            view = view.model_copy(
                update={
                    "food": row.food_description,
                    "grams": row.grams,
                    "magnesium_mg": (row.nutrients or {}).get("magnesium_mg"),
                }
            )
        return view


def check_units(units: float) -> None:
    if not 0 < units <= MAX_SUPPLEMENT_UNITS:
        raise InvalidInput(
            f"The units taken must be more than 0 and at most {MAX_SUPPLEMENT_UNITS}.",
            field="units",
        )


def _fix_pain(row: Any, fix: EntryFix) -> None:
    for value, attr, name in (
        (fix.pain, "pain", "pain"),
        (fix.activity, "activity_interference", "activity"),
        (fix.sleep, "sleep_interference", "sleep"),
    ):
        if value is not None:
            if not 0 <= value <= 10:
                raise InvalidInput(f"The {name} score must be 0 to 10.", field=name)
            setattr(row, attr, value)


def _fix_food(ctx: Context, row: Any, fix: EntryFix) -> None:
    """Point a food entry at another food or weight and re-snapshot its nutrients."""
    from magcoach.store.service import clean_nutrients

    db = ctx.food_db()
    parsed: ParsedEntry | None = None
    if fix.text is not None:
        parsed = read_entry(ctx, fix.text)
        row.text = parsed.text
    elif fix.pick is not None:
        parsed = read_entry(ctx, row.text)
    if fix.pick is not None:
        assert parsed is not None
        if not 1 <= fix.pick <= len(parsed.alternatives):
            raise InvalidInput(
                f"There are {len(parsed.alternatives)} alternatives for this entry; "
                f"{fix.pick} is not one of them.",
                field="pick",
            )
        parsed = with_food(ctx, parsed, parsed.alternatives[fix.pick - 1])
    chosen: Food | None
    weight: float | None
    if parsed is not None:
        chosen, weight = parsed.food, parsed.grams
        row.quantity, row.unit = parsed.quantity, parsed.unit
    else:
        chosen = db.get(fix.food) if fix.food else (db.get(row.food_id) if row.food_id else None)
        weight = row.grams
    if fix.food is not None and parsed is not None:
        chosen = db.get(fix.food)
    if fix.grams is not None:
        check_grams(fix.grams)
        weight = fix.grams
    if chosen is None or weight is None:
        raise InvalidInput(
            "This entry has no food or weight to recompute: give its text again.", field="text"
        )
    row.food_id, row.food_description, row.food_source = (
        chosen.id,
        chosen.description,
        chosen.source,
    )
    row.grams = weight
    row.nutrients = clean_nutrients(chosen.nutrients_for(weight))
    row.magnesium_source = str(chosen.source).split(":")[0] or "usda"
