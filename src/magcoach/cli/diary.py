"""The diary commands: people, logging food/supplements/pain/symptoms, the daily picture,
imports, exports and restore. A thin shell over `magcoach.store.service`, `magcoach.intake`
and `magcoach.io`; heavy modules are imported inside the commands."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from magcoach.cli.apps import app, entry_app, export_app, import_app, person_app, supp_app
from magcoach.cli.common import JSON_OPTION, console, emit_json, now, settings, today

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from magcoach.foods.db import FoodDB
    from magcoach.foods.model import Food
    from magcoach.foods.parse import ParsedEntry
    from magcoach.intake import DaySummary, PeriodSummary
    from magcoach.io.importing import ImportReport
    from magcoach.person import Person

PERSON_OPTION = typer.Option(
    None, "--person", "-p", help="Whose diary (default: the default person)."
)
AT_OPTION = typer.Option(
    None, "--at", help="When: '2026-06-14 19:00', 'yesterday 19:00', 'today 8am', '2 days ago'."
)
SKIP_BAD_OPTION = typer.Option(
    False, "--skip-bad", help="Import the good rows and list the bad ones instead of stopping."
)


# ---------------------------------------------------------------- helpers


@contextmanager
def _session() -> Iterator[Session]:
    from magcoach.store import open_store

    store = open_store(settings())
    try:
        with store.session() as session:
            yield session
    finally:
        store.close()


def _when(text: str | None) -> datetime:
    from magcoach.io.when import parse_when

    return parse_when(text, now())


def _day(text: str | None) -> date:
    from magcoach.io.when import parse_day

    return parse_day(text, today())


def _food_db() -> FoodDB:
    from magcoach.foods.db import open_food_db

    return open_food_db(settings())


def _esc(text: object) -> str:
    from rich.markup import escape

    return escape(str(text))


def _mg(value: float | None) -> str:
    return "unknown" if value is None else f"{value:.0f} mg"


# ---------------------------------------------------------------- people


def _person_data(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


MEDICINE_OPTION = typer.Option(
    None, "--medicine", "--medicines", help="A medicine you take (repeat the option, or a, b)."
)
CONDITION_OPTION = typer.Option(
    None,
    "--condition",
    "--conditions",
    help="A condition, e.g. crohns, celiac, type2_diabetes, heart_block (repeat, or a, b).",
)
ALLERGY_OPTION = typer.Option(
    None, "--allergy", "--allergies", help="A food allergy, e.g. nuts, fish (repeat, or a, b)."
)


def _listed(values: list[str] | None) -> tuple[str, ...] | None:
    """Repeated options and comma-separated text alike become one tuple."""
    if values is None:
        return None
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


@person_app.command("add")
def person_add(
    name: str = typer.Argument(..., help="A name for this profile."),
    age: float = typer.Option(None, "--age", help="Age in years (fractions for infants)."),
    sex: str = typer.Option(..., "--sex", help="female or male (sets the requirement)."),
    birth_date: str = typer.Option(None, "--birth-date", help="YYYY-MM-DD (instead of --age)."),
    pregnant: bool = typer.Option(False, "--pregnant", help="Pregnant now."),
    lactating: bool = typer.Option(False, "--lactating", help="Breastfeeding now."),
    region: str = typer.Option(
        None, "--region", help="us (IOM) or eu (EFSA); default from settings."
    ),
    weight_kg: float = typer.Option(None, "--weight-kg", help="Body weight in kg."),
    height_cm: float = typer.Option(None, "--height-cm", help="Height in cm."),
    egfr: float = typer.Option(None, "--egfr", help="Kidney function (eGFR, mL/min/1.73 m²)."),
    kidney_disease: bool = typer.Option(False, "--kidney-disease", help="Known kidney disease."),
    medicines: list[str] = MEDICINE_OPTION,
    conditions: list[str] = CONDITION_OPTION,
    drinks_per_day: float = typer.Option(None, "--drinks-per-day", help="Alcoholic drinks a day."),
    diet: str = typer.Option(None, "--diet", help="omnivore, pescatarian, vegetarian or vegan."),
    allergies: list[str] = ALLERGY_OPTION,
    wants_weight_loss: bool = typer.Option(
        False, "--wants-weight-loss", help="Wants to lose weight."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Add a person (the first one becomes the default)."""
    from magcoach.errors import InvalidInput
    from magcoach.person import Person, age_on
    from magcoach.store import service
    from magcoach.validation import parse_model

    born = None
    if birth_date is not None:
        try:
            born = date.fromisoformat(birth_date)
        except ValueError:
            raise InvalidInput(f"--birth-date {birth_date!r} is not YYYY-MM-DD.") from None
        if age is None:
            age = age_on(born, today())
    if age is None:
        raise InvalidInput("Give --age N (years) or --birth-date YYYY-MM-DD.")
    data = _person_data(
        name=name,
        age=age,
        birth_date=born,
        sex=sex.strip().lower(),
        pregnant=pregnant,
        lactating=lactating,
        region=(region or settings().region).lower(),
        weight_kg=weight_kg,
        height_cm=height_cm,
        egfr=egfr,
        kidney_disease=kidney_disease,
        medicines=_listed(medicines),
        conditions=_listed(conditions),
        drinks_per_day=drinks_per_day,
        diet=diet.lower() if diet else None,
        allergies=_listed(allergies),
        wants_weight_loss=wants_weight_loss,
    )
    person = parse_model(Person, data, what="person")
    with _session() as s:
        person_id = service.add_person(s, person, now=now())
        is_default = service.get_person(s, None)[0] == person_id
    if as_json:
        emit_json({"id": person_id, "default": is_default, "person": person})
        return
    console().print(
        f"Added {_esc(person.name)}" + (" (the default person)." if is_default else ".")
    )
    _print_requirement(person)


def _print_requirement(person: Person) -> None:
    from magcoach.store.service import requirement_for

    req = requirement_for(person)
    ear = f", EAR {req.ear_mg:g} mg" if req.ear_mg else ""
    ul = (
        f"; upper limit for supplements {req.supplemental_ul_mg:g} mg/day"
        if req.supplemental_ul_mg
        else ""
    )
    kind = "AI" if getattr(req, "is_ai", False) else "RDA"
    console().print(f"Magnesium target: {kind} {req.rda_mg:g} mg/day{ear}{ul}.")


@person_app.command("list")
def person_list(as_json: bool = JSON_OPTION) -> None:
    """List the people in this diary."""
    from magcoach.store import service

    with _session() as s:
        people = service.list_people(s, today())
    if as_json:
        emit_json([{"id": i, "default": d, "person": p} for i, p, d in people])
        return
    if not people:
        console().print(service.NO_PERSON)
        return
    for _, p, is_default in people:
        mark = "*" if is_default else " "
        console().print(f"{mark} {_esc(p.name)}: {p.sex}, {p.age:g} y, region {p.region}")


@person_app.command("show")
def person_show(
    name: str = typer.Argument(None, help="Who (default: the default person)."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Show a person's profile and magnesium target."""
    from magcoach.store import service

    with _session() as s:
        person_id, person = service.get_person(s, name, today())
        meds = [(m.name, m.matched_class) for m in service.medicines(s, person_id)]
    if as_json:
        emit_json(
            {
                "id": person_id,
                "person": person,
                "medicines": [{"name": n, "class": c} for n, c in meds],
            }
        )
        return
    out = console()
    out.print(f"[bold]{_esc(person.name)}[/]")
    for key, value in person.model_dump().items():
        if key != "name" and value not in (None, (), [], False):
            shown = ", ".join(value) if isinstance(value, tuple | list) else value
            out.print(f"  {key.replace('_', ' ')}: {_esc(shown)}")
    for med, cls in meds:
        out.print(f"  medicine {_esc(med)}: {_esc(cls or 'no known magnesium interaction class')}")
    _print_requirement(person)


@person_app.command("edit")
def person_edit(
    name: str = typer.Argument(..., help="Who to change."),
    new_name: str = typer.Option(None, "--name", help="A new name."),
    age: float = typer.Option(None, "--age", help="Age in years."),
    sex: str = typer.Option(None, "--sex", help="female or male."),
    pregnant: bool = typer.Option(None, "--pregnant/--not-pregnant", help="Pregnant now?"),
    lactating: bool = typer.Option(None, "--lactating/--not-lactating", help="Breastfeeding?"),
    region: str = typer.Option(None, "--region", help="us or eu."),
    weight_kg: float = typer.Option(None, "--weight-kg", help="Body weight in kg."),
    height_cm: float = typer.Option(None, "--height-cm", help="Height in cm."),
    egfr: float = typer.Option(None, "--egfr", help="Kidney function (eGFR)."),
    kidney_disease: bool = typer.Option(
        None, "--kidney-disease/--no-kidney-disease", help="Known kidney disease?"
    ),
    medicines: list[str] = MEDICINE_OPTION,
    conditions: list[str] = CONDITION_OPTION,
    drinks_per_day: float = typer.Option(None, "--drinks-per-day", help="Alcoholic drinks a day."),
    diet: str = typer.Option(None, "--diet", help="omnivore, pescatarian, vegetarian or vegan."),
    allergies: list[str] = ALLERGY_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Change a person's profile (only the options given change)."""
    from magcoach.store import service

    changes = _person_data(
        name=new_name,
        age=age,
        sex=sex.lower() if sex else None,
        pregnant=pregnant,
        lactating=lactating,
        region=region.lower() if region else None,
        weight_kg=weight_kg,
        height_cm=height_cm,
        egfr=egfr,
        kidney_disease=kidney_disease,
        medicines=_listed(medicines),
        conditions=_listed(conditions),
        drinks_per_day=drinks_per_day,
        diet=diet.lower() if diet else None,
        allergies=_listed(allergies),
    )
    with _session() as s:
        person = service.update_person(s, name, changes, now=now())
    if as_json:
        emit_json({"person": person})
        return
    console().print(f"Updated {_esc(person.name)}.")
    _print_requirement(person)


@person_app.command("use")
def person_use(name: str = typer.Argument(..., help="Who becomes the default person.")) -> None:
    """Make NAME the default person for every command."""
    from magcoach.store import service

    with _session() as s:
        service.set_default_person(s, name, now=now())
    console().print(f"{_esc(name.strip())} is now the default person.")


# ---------------------------------------------------------------- logging


def _with_food(db: FoodDB, parsed: Any, food: Any) -> Any:
    """The parsed entry re-pointed at another food (same amount, that food's portions)."""
    from dataclasses import replace

    from magcoach.foods.parse import grams_for

    try:
        grams, portion = grams_for(food, parsed.quantity, parsed.unit, db.units())
    except Exception:  # that food has no portion for this unit: keep the grams
        grams, portion = parsed.grams, parsed.portion_used
    return replace(
        parsed,
        food=food,
        grams=round(grams, 3),
        nutrients=food.nutrients_for(grams),
        portion_used=portion,
    )


@app.command("log")
def log_food(
    text: str = typer.Argument(..., help="What you ate, e.g. '1 cup cooked spinach'."),
    at: str = AT_OPTION,
    person: str = PERSON_OPTION,
    pick: int = typer.Option(None, "--pick", help="Use alternative N from the list instead."),
    grams: float = typer.Option(None, "--grams", help="Override the weight in grams."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Log a food; shows what was matched and the alternatives (`--pick N` to choose one)."""
    from dataclasses import replace

    from magcoach.errors import InvalidInput
    from magcoach.foods.parse import parse_entry
    from magcoach.store import service

    eaten_at = _when(at)
    with _food_db() as db:
        parsed = parse_entry(text, db)
        if pick is not None:
            if not 1 <= pick <= len(parsed.alternatives):
                raise InvalidInput(
                    f"--pick {pick}: there are {len(parsed.alternatives)} alternatives.",
                    hint="Run without --pick to see them numbered.",
                )
            parsed = _with_food(db, parsed, parsed.alternatives[pick - 1])
        if grams is not None:
            if not 0 < grams <= 5000:
                raise InvalidInput("--grams must be more than 0 and at most 5000.")
            parsed = replace(parsed, grams=grams, nutrients=parsed.food.nutrients_for(grams))
    with _session() as s:
        person_id, _ = service.get_person(s, person, today())
        row = service.log_parsed_food(s, person_id, parsed, eaten_at=eaten_at, now=now())
        entry_id = f"F{row.id}"
    mg = parsed.nutrients.get("magnesium_mg")
    if as_json:
        emit_json(
            {
                "id": entry_id,
                "eaten_at": eaten_at.isoformat(),
                "text": parsed.text,
                "food": {
                    "id": parsed.food.id,
                    "description": parsed.food.description,
                    "source": parsed.food.source,
                },
                "grams": parsed.grams,
                "portion": parsed.portion_used,
                "nutrients": parsed.nutrients,
                "alternatives": [
                    {"pick": i, "id": f.id, "description": f.description}
                    for i, f in enumerate(parsed.alternatives, start=1)
                ],
            }
        )
        return
    out = console()
    out.print(
        f"Logged {entry_id} at {eaten_at:%Y-%m-%d %H:%M}: {_esc(parsed.text)} → "
        f"[bold]{_esc(parsed.food.description)}[/] ({parsed.grams:g} g): "
        f"magnesium {_mg(mg)}"
    )
    if mg is None:
        out.print(
            "  This food has no magnesium value in USDA data: it is listed, not counted as 0."
        )
    if parsed.alternatives:
        out.print(
            f"  Not right? Log again with --pick N, or `magcoach entry fix {entry_id} --pick N`:"
        )
        for i, food in enumerate(parsed.alternatives, start=1):
            out.print(f"    {i}. {_esc(food.description)} ({food.id})")


@app.command("pain")
def log_pain(
    score: float = typer.Argument(..., help="Pain now, 0 (none) to 10 (worst you can imagine)."),
    activity: float = typer.Option(
        None, "--activity", help="How much pain got in the way of daily activities, 0-10."
    ),
    sleep: float = typer.Option(
        None, "--sleep", help="How much pain got in the way of sleep, 0-10."
    ),
    where: str = typer.Option(
        None, "--where", help="lower-back, upper-back, neck, leg-sciatica or other."
    ),
    note: str = typer.Option(None, "--note", help="Anything worth remembering."),
    at: str = AT_OPTION,
    person: str = PERSON_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Record pain now (0-10) and how much it got in the way of activity and sleep."""
    from magcoach.store import service

    when = _when(at)
    with _session() as s:
        person_id, _ = service.get_person(s, person, today())
        row = service.add_pain(
            s,
            person_id,
            at=when,
            pain=score,
            activity=activity,
            sleep=sleep,
            location=where.strip().lower() if where else None,
            note=note,
            now=now(),
        )
        entry_id = f"P{row.id}"
    if as_json:
        emit_json(
            {
                "id": entry_id,
                "at": when.isoformat(),
                "pain": score,
                "activity": activity,
                "sleep": sleep,
                "where": where,
                "note": note,
            }
        )
        return
    console().print(f"Recorded {entry_id} at {when:%Y-%m-%d %H:%M}: pain {score:g}/10.")


@app.command("symptoms")
def log_symptoms(
    cramps: float = typer.Option(None, "--cramps", help="Muscle cramps, 0 (none) to 10."),
    spasms: float = typer.Option(None, "--spasms", help="Muscle spasms, 0-10."),
    twitches: float = typer.Option(None, "--twitches", help="Twitches (eyelid, muscles), 0-10."),
    sleep_quality: float = typer.Option(
        None, "--sleep-quality", help="How well you slept, 0 (very badly) to 10 (very well)."
    ),
    fatigue: float = typer.Option(None, "--fatigue", help="Tiredness, 0-10."),
    note: str = typer.Option(None, "--note", help="Anything worth remembering."),
    at: str = AT_OPTION,
    person: str = PERSON_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """A symptom check-in: cramps, spasms, twitches, sleep quality, fatigue (each 0-10)."""
    from magcoach.store import service

    when = _when(at)
    scores = {
        "cramps": cramps,
        "spasms": spasms,
        "twitches": twitches,
        "sleep_quality": sleep_quality,
        "fatigue": fatigue,
    }
    with _session() as s:
        person_id, _ = service.get_person(s, person, today())
        row = service.add_checkin(s, person_id, at=when, scores=scores, note=note, now=now())
        entry_id = f"C{row.id}"
    if as_json:
        emit_json({"id": entry_id, "at": when.isoformat(), **scores, "note": note})
        return
    console().print(f"Recorded check-in {entry_id} at {when:%Y-%m-%d %H:%M}.")


@app.command("event")
def log_event(
    text: str = typer.Argument(..., help="What happened, e.g. 'started physio'."),
    kind: str = typer.Option("note", "--kind", help="treatment, medicine, life or note."),
    at: str = AT_OPTION,
    person: str = PERSON_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Note a treatment or event ("started physio") to mark on charts and reports."""
    from magcoach.store import service

    when = _when(at)
    with _session() as s:
        person_id, _ = service.get_person(s, person, today())
        row = service.add_event(s, person_id, at=when, text=text, kind=kind, now=now())
        entry_id = f"E{row.id}"
    if as_json:
        emit_json({"id": entry_id, "at": when.isoformat(), "text": text, "kind": kind})
        return
    console().print(f"Noted {entry_id} on {when:%Y-%m-%d}: {_esc(text)}")


@app.command("serum")
def log_serum(
    mmol_per_l: float = typer.Argument(..., help="Serum magnesium in mmol/L (mg/dL ÷ 2.431)."),
    on: str = typer.Option(None, "--on", help="Date of the blood test (default today)."),
    note: str = typer.Option(None, "--note", help="Lab name, fasting, anything else."),
    person: str = PERSON_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Record a serum magnesium result from a blood test."""
    from magcoach.store import service

    day = _day(on)
    with _session() as s:
        person_id, _ = service.get_person(s, person, today())
        row = service.add_serum_result(
            s, person_id, measured_on=day, mmol_per_l=mmol_per_l, note=note, now=now()
        )
        entry_id = f"L{row.id}"
    if as_json:
        emit_json({"id": entry_id, "date": day.isoformat(), "mmol_per_l": mmol_per_l})
        return
    console().print(f"Recorded {entry_id}: serum magnesium {mmol_per_l:g} mmol/L on {day}.")


# ---------------------------------------------------------------- supplements


@supp_app.command("add")
def supp_add(
    name: str = typer.Argument(..., help="What you call it, e.g. 'Mag glycinate'."),
    form: str = typer.Option(None, "--form", help="glycinate, citrate, oxide, chloride, ..."),
    elemental_mg: float = typer.Option(
        None, "--elemental-mg", help="Elemental magnesium per unit, from the label."
    ),
    salt_mg: float = typer.Option(
        None, "--salt-mg", help="Weight of the magnesium compound per unit (needs --form)."
    ),
    hydrate: bool = typer.Option(False, "--hydrate", help="The compound is the hydrate form."),
    unit: str = typer.Option("capsule", "--unit", help="capsule, tablet, scoop, ml ..."),
    person: str = PERSON_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Add a supplement product: elemental magnesium from the label, or computed from the salt."""
    from magcoach.store import service

    form_name, pct = (None, None)
    form_id = None
    if form is not None:
        form_name, pct = service.form_elemental_pct(form, hydrate)
        form_id = form.strip().lower()
    dose = service.elemental_dose(
        form_id=form_id,
        form_name=form_name,
        elemental_pct=pct,
        label_elemental_mg=elemental_mg,
        salt_mg=salt_mg,
    )
    with _session() as s:
        person_id, _ = service.get_person(s, person, today())
        row = service.add_supplement_product(
            s,
            person_id,
            name=name,
            dose=dose,
            form_id=form_id,
            salt_mg=salt_mg,
            label_elemental_mg=elemental_mg,
            unit_name=unit,
            now=now(),
        )
        product_id = row.id
    if as_json:
        emit_json(
            {
                "id": product_id,
                "name": name,
                "form": form_id,
                "elemental_mg_per_unit": dose.elemental_mg_per_unit,
                "basis": dose.basis,
                "explanation": dose.explanation,
            }
        )
        return
    console().print(f"Added {_esc(name)}: {_esc(dose.explanation)}.")


@supp_app.command("take")
def supp_take(
    name: str = typer.Argument(..., help="The supplement's name (see `magcoach supp list`)."),
    units: float = typer.Option(1.0, "--units", "-n", help="How many units (capsules...)."),
    at: str = AT_OPTION,
    person: str = PERSON_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Record a dose taken."""
    from magcoach.store import service

    when = _when(at)
    with _session() as s:
        person_id, _ = service.get_person(s, person, today())
        row = service.take_supplement(s, person_id, name, units=units, taken_at=when, now=now())
        entry_id, mg = f"S{row.id}", row.elemental_mg
        summary = service.daily_intake(s, person_id, when.date())
    if as_json:
        emit_json(
            {
                "id": entry_id,
                "taken_at": when.isoformat(),
                "units": units,
                "elemental_mg": mg,
                "supplement_mg_that_day": summary.supplement_mg,
                "warnings": list(summary.warnings),
            }
        )
        return
    out = console()
    out.print(f"Recorded {entry_id}: {units:g} × {_esc(name)} = {mg:.0f} mg magnesium.")
    ul = summary.supplemental_ul_mg
    if ul is not None:
        out.print(f"Supplements that day: {summary.supplement_mg:.0f} of {ul:g} mg upper limit.")
    for warning in summary.warnings:
        out.print(f"[bold red]Warning:[/] {_esc(warning)}")


@supp_app.command("list")
def supp_list(
    days: int = typer.Option(7, "--days", help="Show doses taken in the last N days."),
    person: str = PERSON_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Your supplement products and recent doses."""
    from magcoach.store import service

    end = today()
    start = end - timedelta(days=max(days, 1) - 1)
    with _session() as s:
        person_id, _ = service.get_person(s, person, end)
        products = [
            {
                "id": p.id,
                "name": p.name,
                "form": p.form_id,
                "unit": p.unit_name,
                "elemental_mg_per_unit": p.elemental_mg_per_unit,
                "basis": p.elemental_basis,
                "explanation": p.explanation,
            }
            for p in service.supplement_products(s, person_id)
        ]
        intakes = service.supplement_intakes(s, person_id, start, end)
    if as_json:
        emit_json(
            {
                "products": products,
                "intakes": [
                    {
                        "id": i.entry_id,
                        "taken_at": i.taken_at.isoformat(),
                        "product": i.product_name,
                        "units": i.units,
                        "elemental_mg": i.elemental_mg,
                    }
                    for i in intakes
                ],
            }
        )
        return
    out = console()
    if not products:
        out.print(
            "No supplements yet. Add one: magcoach supp add NAME --form glycinate "
            "--elemental-mg 100"
        )
        return
    for p in products:
        out.print(f"{_esc(p['name'])}: {_esc(p['explanation'])} per {_esc(p['unit'])}")
    if intakes:
        out.print(f"\nTaken in the last {days} days:")
        for i in intakes:
            out.print(
                f"  {i.entry_id} {i.taken_at:%Y-%m-%d %H:%M} {i.units:g} × "
                f"{_esc(i.product_name)} = {i.elemental_mg:.0f} mg"
            )


# ---------------------------------------------------------------- entries


@app.command("entries")
def entries(
    day: str = typer.Argument(None, help="Which day (default today): 2026-06-14, yesterday..."),
    person: str = PERSON_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """List the day's entries of every kind, with their ids."""
    from magcoach.store import service

    which = _day(day)
    with _session() as s:
        person_id, _ = service.get_person(s, person, today())
        views = service.list_entries(s, person_id, which, which)
    if as_json:
        emit_json({"date": which.isoformat(), "entries": [v.to_json() for v in views]})
        return
    out = console()
    if not views:
        out.print(f"No entries on {which}.")
        return
    out.print(f"[bold]Entries on {which:%A %d %B %Y}[/]")
    for v in views:
        mg = f"  [{_mg(v.magnesium_mg)}]" if v.kind in ("food", "supplement") else ""
        out.print(f"  {v.entry_id:>6} {v.at:%H:%M} {v.kind:<10} {_esc(v.summary)}{mg}")


@entry_app.command("delete")
def entry_delete(
    entry_id: str = typer.Argument(..., help="The entry id, e.g. F12 (see `magcoach entries`)."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
    person: str = PERSON_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Delete an entry (after confirmation; `magcoach entry undo` brings it back)."""
    from magcoach.errors import Cancelled
    from magcoach.store import service

    with _session() as s:
        person_id, _ = service.get_person(s, person, today())
        service.get_entry(s, person_id, entry_id)
        if not yes and not as_json and not typer.confirm(f"Delete {entry_id.upper()}?"):
            raise Cancelled("Nothing was deleted.")
        deleted = service.delete_entry(s, person_id, entry_id, now=now())
    if as_json:
        emit_json({"deleted": deleted})
        return
    console().print(f"Deleted {deleted}. `magcoach entry undo` brings it back.")


@entry_app.command("undo")
def entry_undo(person: str = PERSON_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Bring back the most recently deleted entry."""
    from magcoach.store import service

    with _session() as s:
        person_id, _ = service.get_person(s, person, today())
        restored = service.undo_delete(s, person_id, now=now())
    if as_json:
        emit_json({"restored": restored})
        return
    console().print(f"Brought back {restored}.")


@entry_app.command("fix")
def entry_fix(
    entry_id: str = typer.Argument(..., help="The entry id, e.g. F12."),
    pick: int = typer.Option(None, "--pick", help="Food entries: use alternative N."),
    food: str = typer.Option(None, "--food", help="Food entries: a food id, e.g. sr:11458."),
    grams: float = typer.Option(None, "--grams", help="Food entries: the weight in grams."),
    text: str = typer.Option(None, "--text", help="Food entries: re-read from new text."),
    pain: float = typer.Option(None, "--pain", help="Pain entries: the score 0-10."),
    activity: float = typer.Option(None, "--activity", help="Pain entries: activity 0-10."),
    sleep: float = typer.Option(None, "--sleep", help="Pain entries: sleep 0-10."),
    units: float = typer.Option(None, "--units", help="Supplement entries: units taken."),
    at: str = AT_OPTION,
    person: str = PERSON_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Correct an entry: another food (--pick/--food), grams, text, time, pain scores, units."""
    from magcoach.errors import InvalidInput
    from magcoach.store import service

    with _session() as s:
        person_id, _ = service.get_person(s, person, today())
        letter, row = service.get_entry(s, person_id, entry_id)
        changed: list[str] = []
        if at is not None:
            moment = _when(at)
            attr = {"F": "eaten_at", "S": "taken_at", "Q": "taken_at"}.get(letter, "at")
            if letter == "L":
                row.measured_on = moment.date()
            else:
                setattr(row, attr, moment)
            changed.append("time")
        if letter == "F" and any(v is not None for v in (pick, food, grams, text)):
            _fix_food(row, pick=pick, food_id=food, grams=grams, text=text)
            changed.append("food")
        elif letter == "P" and any(v is not None for v in (pain, activity, sleep)):
            for value, attr in (
                (pain, "pain"),
                (activity, "activity_interference"),
                (sleep, "sleep_interference"),
            ):
                if value is not None:
                    if not 0 <= value <= 10:
                        raise InvalidInput(f"{attr.replace('_', ' ')} must be 0 to 10.")
                    setattr(row, attr, value)
            changed.append("scores")
        elif letter == "S" and units is not None:
            if not 0 < units <= 50:
                raise InvalidInput("--units must be more than 0 and at most 50.")
            per_unit = row.elemental_mg / row.units if row.units else 0.0
            row.units, row.elemental_mg = units, units * per_unit
            changed.append("units")
        if not changed:
            raise InvalidInput(
                f"Nothing to change for {entry_id.upper()}.",
                hint="Food: --pick N, --food ID, --grams G, --text TEXT; pain: --pain/--activity/"
                "--sleep; supplement: --units; any: --at.",
            )
        row.updated_at = now()
        summary: dict[str, Any] = {"id": f"{letter}{row.id}", "changed": changed}
        if letter == "F":
            summary.update(
                food=row.food_description,
                grams=row.grams,
                magnesium_mg=(row.nutrients or {}).get("magnesium_mg"),
            )
    if as_json:
        emit_json(summary)
        return
    extra = ""
    if letter == "F":
        extra = f": {summary['food']} ({summary['grams']:g} g), magnesium " + _mg(
            summary["magnesium_mg"]
        )
    console().print(f"Fixed {summary['id']}{_esc(extra)}.")


def _fix_food(
    row: Any, *, pick: int | None, food_id: str | None, grams: float | None, text: str | None
) -> None:
    from magcoach.errors import InvalidInput
    from magcoach.foods.parse import parse_entry
    from magcoach.store.service import clean_nutrients

    with _food_db() as db:
        parsed: ParsedEntry | None = None
        if text is not None:
            parsed = parse_entry(text, db)
            row.text = parsed.text
        elif pick is not None:
            parsed = parse_entry(row.text, db)
        if pick is not None:
            assert parsed is not None
            if not 1 <= pick <= len(parsed.alternatives):
                raise InvalidInput(
                    f"--pick {pick}: there are {len(parsed.alternatives)} "
                    "alternatives for this entry."
                )
            parsed = _with_food(db, parsed, parsed.alternatives[pick - 1])
        chosen: Food | None
        weight: float | None
        if parsed is not None:
            chosen, weight = parsed.food, parsed.grams
            row.quantity, row.unit = parsed.quantity, parsed.unit
        else:
            chosen = db.get(food_id) if food_id else (db.get(row.food_id) if row.food_id else None)
            weight = row.grams
        if food_id is not None and parsed is not None:
            chosen = db.get(food_id)
        if grams is not None:
            if not 0 < grams <= 5000:
                raise InvalidInput("--grams must be more than 0 and at most 5000.")
            weight = grams
        if chosen is None or weight is None:
            raise InvalidInput("This entry has no food or weight to recompute; use --text.")
        row.food_id, row.food_description, row.food_source = (
            chosen.id,
            chosen.description,
            chosen.source,
        )
        row.grams = weight
        row.nutrients = clean_nutrients(chosen.nutrients_for(weight))
        row.magnesium_source = str(chosen.source).split(":")[0] or "usda"


# ---------------------------------------------------------------- the daily picture


def _bar(total: float, rda: float, ear: float | None, width: int = 40) -> str:
    """A text bar: filled up to the total, │ at the EAR, ┃ at the RDA."""
    scale = max(rda * 1.25, total, 1.0)
    filled = min(width, round(width * total / scale))
    chars = ["█"] * filled + ["░"] * (width - filled)
    if ear:
        chars[min(width - 1, round(width * ear / scale))] = "│"
    chars[min(width - 1, round(width * rda / scale))] = "┃"
    return "".join(chars)


def _render_day(summary: DaySummary, who: str) -> None:
    out = console()
    d = summary
    out.print(f"[bold]Magnesium on {d.date:%A %d %B %Y}[/] - {_esc(who)}")
    if not d.logged:
        out.print('Nothing logged for this day yet. Try: magcoach log "1 cup cooked spinach"')
        return
    out.print(f"  Food         {d.food_mg:6.0f} mg")
    out.print(f"  Supplements  {d.supplement_mg:6.0f} mg")
    out.print(
        f"  [bold]Total        {d.total_mg:6.0f} mg[/]  ({d.percent_of_rda:.0f} % of "
        f"the RDA {d.rda_mg:g} mg)"
    )
    out.print(f"  {_bar(d.total_mg, d.rda_mg, d.ear_mg)}")
    legend = f"  ┃ RDA {d.rda_mg:g} mg"
    if d.ear_mg:
        state = "reached" if d.total_mg >= d.ear_mg else "not reached"
        legend += f"   │ EAR {d.ear_mg:g} mg ({state})"
    out.print(legend)
    if d.supplemental_ul_mg is not None and d.supplement_mg:
        out.print(
            f"  Supplements vs upper limit: {d.supplement_mg:.0f} of "
            f"{d.supplemental_ul_mg:g} mg (the limit counts supplements and medicines only)"
        )
    if d.contributors:
        out.print("Top foods:")
        for c in d.contributors:
            out.print(f"  {c.magnesium_mg:5.0f} mg  {_esc(c.food)}")
    if d.energy_kcal is not None:
        out.print(f"Energy: {d.energy_kcal:.0f} kcal")
    known = d.food_entries - len(d.unknown_entries)
    out.print(f"Coverage: magnesium known for {known} of {d.food_entries} food entries")
    for u in d.unknown_entries:
        out.print(
            f"  unknown (not counted as 0): {u.entry_id} {u.eaten_at:%H:%M} "
            f"{_esc(u.text)}" + (f" → {_esc(u.food)}" if u.food else "")
        )
    for warning in d.warnings:
        out.print(f"[bold red]Warning:[/] {_esc(warning)}")
    for note in d.notes:
        out.print(f"Note: {_esc(note)}")


@app.command("day")
def day_view(
    day: str = typer.Argument(None, help="Which day (default today): 2026-06-14, yesterday..."),
    person: str = PERSON_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Magnesium for one day: food, supplements, total vs RDA and EAR, top foods, coverage."""
    from magcoach.store import service

    which = _day(day)
    with _session() as s:
        person_id, who = service.get_person(s, person, today())
        summary = service.daily_intake(s, person_id, which, service.requirement_for(who))
    if as_json:
        emit_json(summary.to_json())
        return
    _render_day(summary, who.name)


@app.command("week")
def week_view(
    days: int = typer.Option(7, "--days", help="How many days back (e.g. 28)."),
    end: str = typer.Option(None, "--end", help="Last day (default today)."),
    person: str = PERSON_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Daily magnesium over several days: averages, days below the EAR, the trend, pain."""
    from magcoach.errors import InvalidInput
    from magcoach.intake import period_summary
    from magcoach.store import service

    if not 1 <= days <= 3660:
        raise InvalidInput("--days must be between 1 and 3660.")
    last = _day(end)
    first = last - timedelta(days=days - 1)
    with _session() as s:
        person_id, who = service.get_person(s, person, today())
        series = service.daily_series(s, person_id, first, last, service.requirement_for(who))
        pain = service.daily_pain(s, person_id, first, last)
    period = period_summary(series, pain)
    if as_json:
        emit_json(period.to_json())
        return
    _render_period(period, who.name)


def _render_period(p: PeriodSummary, who: str) -> None:
    out = console()
    out.print(f"[bold]Magnesium {p.start} to {p.end}[/] - {_esc(who)}")
    if not p.logged_days:
        out.print("Nothing logged in these days.")
        return
    rda = p.days[0].rda_mg
    ear = p.days[0].ear_mg
    for d in p.days:
        pain = p.pain_by_day.get(d.date)
        pain_text = f"  pain {pain:.1f}" if pain is not None else ""
        if d.logged:
            flag = " below EAR" if d.below_ear else ""
            out.print(
                f"  {d.date:%a %d %b} {d.total_mg:5.0f} mg {_bar(d.total_mg, rda, ear, 24)}"
                f"{flag}{pain_text}"
            )
        else:
            out.print(f"  {d.date:%a %d %b}     - (nothing logged){pain_text}")
    assert p.average_total_mg is not None
    out.print(
        f"Average on {p.logged_days} logged days: {p.average_total_mg:.0f} mg/day "
        f"(food {p.average_food_mg or 0:.0f}, supplements {p.average_supplement_mg or 0:.0f})"
        f" - RDA {rda:g}" + (f", EAR {ear:g}" if ear else "")
    )
    if ear:
        out.print(f"Days below the EAR: {p.days_below_ear} of {p.logged_days}")
    if p.days_above_ul:
        out.print(f"[bold red]Days with supplements above the upper limit: {p.days_above_ul}[/]")
    if p.trend_mg_per_week is not None:
        direction = (
            "rising"
            if p.trend_mg_per_week > 5
            else ("falling" if p.trend_mg_per_week < -5 else "steady")
        )
        out.print(f"Trend: {direction} ({p.trend_mg_per_week:+.0f} mg/day per week)")
    if p.average_pain is not None:
        out.print(f"Average pain on days with a pain entry: {p.average_pain:.1f}/10")


# ---------------------------------------------------------------- imports


def _progress_runner(label: str) -> tuple[Callable[[int, int], None], Callable[[], None]]:
    """A Rich progress bar (on a terminal, for long files); returns (update, stop)."""
    import sys

    if not sys.stderr.isatty():
        return (lambda done, total: None), (lambda: None)
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(
        TextColumn(label),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeRemainingColumn(),
        transient=True,
    )
    task = bar.add_task(label, total=1)
    bar.start()

    def update(done: int, total: int) -> None:
        bar.update(task, completed=done, total=max(total, 1))

    return update, bar.stop


def _report(report: ImportReport, as_json: bool) -> None:
    if as_json:
        emit_json(report.to_json())
        return
    out = console()
    out.print(
        f"Imported {report.imported} entries from {_esc(Path(report.file).name)} "
        f"({report.duplicates} already imported, {len(report.skipped)} skipped)."
    )
    if report.overlapping:
        out.print(
            f"{report.overlapping} daily totals were left out: those days are already "
            "imported entry by entry."
        )
    for error in report.skipped:
        out.print(f"  skipped {error.label} {error.line}: {_esc(error.reason)}")
    for note in report.notes:
        out.print(f"Note: {_esc(note)}")


def _run_import(
    path: Path,
    person: str | None,
    skip_bad: bool,
    source: str,
    items_for: Callable[[Callable[[int, int], None]], Any],
    overlap: Callable[[Session, int], set[date]] | None = None,
) -> ImportReport:
    from magcoach.io.importing import file_sha256, run_import
    from magcoach.store import service

    update, stop = _progress_runner(f"Importing {path.name}")
    try:
        with _session() as s:
            person_id, _ = service.get_person(s, person, today())
            items = items_for(update)
            return run_import(
                s,
                person_id,
                source=source,
                path=path,
                sha256=file_sha256(path),
                items=items,
                skip_bad=skip_bad,
                now=now(),
                overlap_days=overlap(s, person_id) if overlap else None,
            )
    finally:
        stop()


def _usda_matcher(db: FoodDB) -> Any:
    from magcoach.foods.parse import grams_for
    from magcoach.io.cronometer import FoodMatch

    units = db.units()

    def match(
        name: str, quantity: float | None, unit: str | None, grams: float | None
    ) -> FoodMatch | None:
        hits = db.search(name, limit=1)
        if not hits:
            return None
        food = hits[0].food
        weight = grams
        if weight is None and quantity is not None:
            try:
                weight, _ = grams_for(food, quantity, unit, units)
            except Exception:  # no portion for that unit: grams stay unknown
                weight = None
        nutrients = food.nutrients_for(weight) if weight is not None else {}
        return FoodMatch(food.id, food.description, food.source, weight, nutrients)

    return match


def _cronometer_days(s: Session, person_id: int) -> set[date]:
    from sqlalchemy import select

    from magcoach.io.cronometer import AS_REPORTED
    from magcoach.store.models import FoodEntryRow

    rows = s.scalars(
        select(FoodEntryRow.eaten_at).where(
            FoodEntryRow.person_id == person_id,
            FoodEntryRow.deleted_at.is_(None),
            FoodEntryRow.magnesium_source.in_([AS_REPORTED, "usda (matched)"]),
        )
    )
    return {r.date() for r in rows}


@import_app.command("cronometer")
def import_cronometer(
    file: Path = typer.Argument(..., help="servings.csv or dailysummary.csv from Cronometer."),
    person: str = PERSON_OPTION,
    skip_bad: bool = SKIP_BAD_OPTION,
    no_match: bool = typer.Option(False, "--no-match", help="Do not match foods to USDA data."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Import a Cronometer export (Food & Recipe Entries, or Daily Nutrition)."""
    from contextlib import ExitStack

    from magcoach.errors import SetupError
    from magcoach.io import cronometer

    with ExitStack() as stack:
        matcher = None
        if not no_match:
            try:
                matcher = _usda_matcher(stack.enter_context(_food_db()))
            except SetupError:
                matcher = None  # Cronometer's own numbers are enough to import

        def items(update: Callable[[int, int], None]) -> Any:
            return cronometer.read(file, matcher, update)[1]

        source, _ = cronometer.read(file)  # detect the kind (and fail early on a wrong file)
        report = _run_import(
            file,
            person,
            skip_bad,
            source,
            items,
            overlap=_cronometer_days if source == cronometer.DAILY else None,
        )
    report.notes.append("Magnesium values are Cronometer's own, kept as reported.")
    _report(report, as_json)


@import_app.command("apple-health")
def import_apple_health(
    file: Path = typer.Argument(..., help="export.zip or export.xml from the Health app."),
    person: str = PERSON_OPTION,
    skip_bad: bool = SKIP_BAD_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Import dietary magnesium, energy and lower-back pain from an Apple Health export."""
    from magcoach.io import apple_health

    stats = apple_health.AppleHealthStats()
    report = _run_import(
        file,
        person,
        skip_bad,
        apple_health.SOURCE,
        lambda update: apple_health.read(file, update, stats),
    )
    report.notes.extend(stats.notes)
    report.notes.append(
        "Back pain severity mapped to 0-10: not present 0, mild 2, moderate 5, severe 8."
    )
    _report(report, as_json)


@import_app.command("csv")
def import_csv(
    file: Path = typer.Argument(..., help="CSV with date,time,text or date,food,amount,unit."),
    person: str = PERSON_OPTION,
    skip_bad: bool = SKIP_BAD_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Import a plain CSV food diary (each row read like `magcoach log`)."""
    from magcoach.foods.parse import parse_entry
    from magcoach.io import csv_import

    with _food_db() as db:
        report = _run_import(
            file,
            person,
            skip_bad,
            csv_import.SOURCE,
            lambda update: csv_import.read(file, lambda text: parse_entry(text, db), update),
        )
    _report(report, as_json)


# ---------------------------------------------------------------- exports and restore


def _range(start: str | None, end: str | None) -> tuple[date | None, date | None]:
    return (_day(start) if start else None), (_day(end) if end else None)


def _diary_span(s: Session, person_id: int) -> tuple[date, date] | None:
    from sqlalchemy import func, select

    from magcoach.store.models import FoodEntryRow, PainEntryRow, SupplementIntakeRow

    lows, highs = [], []
    for col in (FoodEntryRow.eaten_at, SupplementIntakeRow.taken_at, PainEntryRow.at):
        table = col.class_
        lo, hi = s.execute(
            select(func.min(col), func.max(col)).where(
                table.person_id == person_id, table.deleted_at.is_(None)
            )
        ).one()
        if lo is not None:
            lows.append(lo.date())
            highs.append(hi.date())
    return (min(lows), max(highs)) if lows else None


def _export_scope(
    s: Session, person: str | None, start: str | None, end: str | None
) -> tuple[int, Person, date, date]:
    from magcoach.errors import InvalidInput
    from magcoach.store import service

    person_id, who = service.get_person(s, person, today())
    lo, hi = _range(start, end)
    span = _diary_span(s, person_id)
    first = lo or (span[0] if span else today())
    last = hi or (span[1] if span else today())
    if last < first:
        raise InvalidInput(f"--to {last} is before --from {first}.")
    return person_id, who, first, last


def _check_out(out: Path) -> None:
    from magcoach.errors import BadFile

    if out.is_dir():
        raise BadFile(f"{out} is a folder; give a file name.")
    if not out.parent.exists():
        raise BadFile(f"The folder {out.parent} does not exist.")


FROM_OPTION = typer.Option(None, "--from", help="First day (default: the first entry).")
TO_OPTION = typer.Option(None, "--to", help="Last day (default: the last entry).")


@export_app.command("csv")
def export_csv(
    out: Path = typer.Argument(..., help="Entries CSV; the per-day CSV goes beside it (-days)."),
    person: str = PERSON_OPTION,
    start: str = FROM_OPTION,
    end: str = TO_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Export every entry with all nutrients, and a per-day summary, as CSV."""
    from magcoach.io import export_csv as exporter
    from magcoach.store import service

    _check_out(out)
    days_out = out.with_name(f"{out.stem}-days{out.suffix or '.csv'}")
    with _session() as s:
        person_id, who, first, last = _export_scope(s, person, start, end)
        n_entries = exporter.write_entries(s, person_id, first, last, out)
        series = service.daily_series(s, person_id, first, last, service.requirement_for(who))
    n_days = exporter.write_days(series, days_out)
    if as_json:
        emit_json(
            {
                "entries_file": str(out),
                "entries": n_entries,
                "days_file": str(days_out),
                "days": n_days,
            }
        )
        return
    console().print(
        f"Wrote {n_entries} entries to {_esc(out)} and {n_days} days to {_esc(days_out)}."
    )


@export_app.command("json")
def export_json(
    out: Path = typer.Argument(..., help="The backup file to write (.json)."),
    as_json: bool = JSON_OPTION,
) -> None:
    """A JSON backup of everything (all people, all entries); `magcoach restore` reads it."""
    from magcoach.io.backup import write_backup

    _check_out(out)
    with _session() as s:
        counts = write_backup(s, out, now=now())
    if as_json:
        emit_json({"file": str(out), "rows": counts})
        return
    console().print(
        f"Backed up {sum(counts.values())} rows to {_esc(out)}. Restore into an "
        "empty database with: magcoach restore FILE"
    )


@export_app.command("fhir")
def export_fhir(
    out: Path = typer.Argument(..., help="The FHIR Bundle to write (.json)."),
    person: str = PERSON_OPTION,
    start: str = FROM_OPTION,
    end: str = TO_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Export pain, serum magnesium and daily dietary magnesium as a FHIR R4 Bundle."""
    import json

    from magcoach.io import fhir
    from magcoach.store import service

    _check_out(out)
    with _session() as s:
        person_id, who, first, last = _export_scope(s, person, start, end)
        bundle = fhir.build_bundle(
            who,
            pain=service.pain_series(s, person_id, first, last),
            serum=[
                r for r in service.serum_results(s, person_id) if first <= r.measured_on <= last
            ],
            days=service.daily_series(s, person_id, first, last, service.requirement_for(who)),
            now=now(),
        )
    fhir.validate(bundle)
    out.write_text(json.dumps(bundle, indent=1, ensure_ascii=False), encoding="utf-8")
    n = len(bundle["entry"]) - 1
    if as_json:
        emit_json({"file": str(out), "observations": n})
        return
    console().print(f"Wrote a FHIR R4 Bundle with {n} observations to {_esc(out)} (validated).")


@app.command("restore")
def restore_backup(
    file: Path = typer.Argument(..., help="A backup made by `magcoach export json`."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Restore a JSON backup into an empty database (a non-empty one is refused)."""
    from magcoach.io.backup import load_backup, restore

    data = load_backup(file)
    with _session() as s:
        counts = restore(s, data)
    if as_json:
        emit_json({"restored": counts})
        return
    console().print(f"Restored {sum(counts.values())} rows from {_esc(file)}.")
