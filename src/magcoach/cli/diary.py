"""The diary commands: logging food, pain, symptoms, events and serum results, supplements
(`supp add/take/list`), and listing, fixing, deleting and bringing back entries. A thin shell
over `magcoach.store.service` and `magcoach.foods`; heavy modules are imported inside the
commands."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

import typer

from magcoach.cli._diary_common import (
    AT_OPTION,
    PERSON_OPTION,
    _day,
    _diary,
    _esc,
    _food_db,
    _mg,
    _when,
)
from magcoach.cli.apps import PANEL_MEASURE, PANEL_SCREEN, PANEL_TRACK, app, entry_app, supp_app
from magcoach.cli.common import JSON_OPTION, console, emit_json, now, today

if TYPE_CHECKING:
    from magcoach.foods.db import FoodDB
    from magcoach.foods.model import Food
    from magcoach.foods.parse import ParsedEntry


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


@app.command("log", rich_help_panel=PANEL_MEASURE)
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
    from magcoach.foods import parse_meal
    from magcoach.store import service

    eaten_at = _when(at)
    with _food_db() as db:
        foods = parse_meal(text, db)  # one entry per food the line names, never one dropped
        if len(foods) > 1 and (pick is not None or grams is not None):
            raise InvalidInput(
                f"{text!r} names {len(foods)} foods; --pick and --grams work on one.",
                hint="Log the foods one per line, or fix each with `magcoach entry fix`.",
            )
        parsed = foods[0]
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
        foods[0] = parsed
    logged = []
    with _diary(person) as (s, person_id, _):
        for parsed in foods:
            row = service.log_parsed_food(s, person_id, parsed, eaten_at=eaten_at, now=now())
            logged.append((f"F{row.id}", parsed))
    views = [_logged_json(entry_id, eaten_at, parsed) for entry_id, parsed in logged]
    if as_json:
        emit_json(views[0] if len(views) == 1 else {"entries": views})
        return
    for entry_id, parsed in logged:
        _print_logged(entry_id, eaten_at, parsed)


def _logged_json(entry_id: str, eaten_at: Any, parsed: ParsedEntry) -> dict[str, Any]:
    return {
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
        "confidence": parsed.confidence,
        "notes": list(parsed.notes),
        "alternatives": [
            {"pick": i, "id": f.id, "description": f.description}
            for i, f in enumerate(parsed.alternatives, start=1)
        ],
    }


def _print_logged(entry_id: str, eaten_at: Any, parsed: ParsedEntry) -> None:
    mg = parsed.nutrients.get("magnesium_mg")
    out = console()
    out.print(
        f"Logged {entry_id} at {eaten_at:%Y-%m-%d %H:%M}: {_esc(parsed.text)} → "
        f"[bold]{_esc(parsed.food.description)}[/] ({parsed.grams:g} g): "
        f"magnesium {_mg(mg)}"
    )
    if parsed.confidence != "high":
        out.print(f"  [bold]Not sure of this match ({parsed.confidence}):[/]")
    for note in (*parsed.notes, parsed.food.value_note):
        if note:
            out.print(f"  {_esc(note)}")
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


@app.command("pain", rich_help_panel=PANEL_TRACK)
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
    with _diary(person) as (s, person_id, _):
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


@app.command("symptoms", rich_help_panel=PANEL_TRACK)
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
    with _diary(person) as (s, person_id, _):
        row = service.add_checkin(s, person_id, at=when, scores=scores, note=note, now=now())
        entry_id = f"C{row.id}"
    if as_json:
        emit_json({"id": entry_id, "at": when.isoformat(), **scores, "note": note})
        return
    console().print(f"Recorded check-in {entry_id} at {when:%Y-%m-%d %H:%M}.")


@app.command("event", rich_help_panel=PANEL_TRACK)
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
    with _diary(person) as (s, person_id, _):
        row = service.add_event(s, person_id, at=when, text=text, kind=kind, now=now())
        entry_id = f"E{row.id}"
    if as_json:
        emit_json({"id": entry_id, "at": when.isoformat(), "text": text, "kind": kind})
        return
    console().print(f"Noted {entry_id} on {when:%Y-%m-%d}: {_esc(text)}")


@app.command("serum", rich_help_panel=PANEL_SCREEN)
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
    with _diary(person) as (s, person_id, _):
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
    with _diary(person) as (s, person_id, _):
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
    with _diary(person) as (s, person_id, _):
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
    with _diary(person) as (s, person_id, _):
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


@app.command("entries", rich_help_panel=PANEL_MEASURE)
def entries(
    day: str = typer.Argument(None, help="Which day (default today): 2026-06-14, yesterday..."),
    person: str = PERSON_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """List the day's entries of every kind, with their ids."""
    from magcoach.store import service

    which = _day(day)
    with _diary(person) as (s, person_id, _):
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

    with _diary(person) as (s, person_id, _):
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

    with _diary(person) as (s, person_id, _):
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

    with _diary(person) as (s, person_id, _):
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
