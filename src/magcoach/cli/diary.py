"""The diary commands: logging food, pain, symptoms, events and serum results, supplements
(`supp add/take/list`), and listing, fixing, deleting and bringing back entries: parse, call
`magcoach.app.diary`, render its view."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from magcoach.cli._diary_common import AT_OPTION, PERSON_OPTION, _day, _esc, _mg
from magcoach.cli.apps import PANEL_MEASURE, PANEL_SCREEN, PANEL_TRACK, app, entry_app, supp_app
from magcoach.cli.common import JSON_OPTION, app_context, console, emit_view, now, settings

if TYPE_CHECKING:
    from magcoach.app.diary import LoggedFoodView

# ---------------------------------------------------------------- logging


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
    from magcoach.app import diary

    with app_context() as ctx:
        view = diary.log_food(ctx, text, at=at, pick=pick, grams=grams, person=person)
    if as_json:
        emit_view(view)
        return
    for entry in view.entries:
        _print_logged(entry)


def _print_logged(entry: LoggedFoodView) -> None:
    out = console()
    out.print(
        f"Logged {entry.id} at {entry.eaten_at:%Y-%m-%d %H:%M}: {_esc(entry.text)} → "
        f"[bold]{_esc(entry.food.description)}[/] ({entry.grams:g} g): "
        f"magnesium {_mg(entry.magnesium_mg)}"
    )
    if entry.confidence != "high":
        out.print(f"  [bold]Not sure of this match ({entry.confidence}):[/]")
    for note in entry.notes:
        out.print(f"  {_esc(note)}")
    if entry.magnesium_mg is None:
        out.print(
            "  This food has no magnesium value in USDA data: it is listed, not counted as 0."
        )
    if entry.alternatives:
        out.print(
            f"  Not right? Log again with --pick N, or `magcoach entry fix {entry.id} --pick N`:"
        )
        for i, food in enumerate(entry.alternatives, start=1):
            out.print(f"    {i}. {_esc(food.description)} ({food.id})")


# ignore_unknown_options: `pain -1` reaches the 0-10 check instead of "No such option: -1"
@app.command("pain", rich_help_panel=PANEL_TRACK, context_settings={"ignore_unknown_options": True})
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
    if not as_json:  # the quick path answers before pydantic and SQLAlchemy have loaded
        from magcoach.app.quick import log_pain_quickly
        from magcoach.io.when import parse_when

        when = parse_when(at, now())
        entry_id = log_pain_quickly(
            settings(), person=person, at=when, score=score, activity=activity, sleep=sleep,
            where=where, note=note, now=now(),
        )  # fmt: skip
        if entry_id is not None:
            typer.echo(f"Recorded {entry_id} at {when:%Y-%m-%d %H:%M}: pain {score:g}/10.")
            return
    from magcoach.app import diary

    entry = diary.PainInput(
        score=score, activity=activity, sleep=sleep, where=where, note=note, at=at
    )
    with app_context() as ctx:
        view = diary.log_pain(ctx, entry, person=person)
    if as_json:
        emit_view(view)
        return
    console().print(f"Recorded {view.id} at {view.at:%Y-%m-%d %H:%M}: pain {view.pain:g}/10.")


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
    from magcoach.app import diary

    entry = diary.CheckinInput(
        cramps=cramps,
        spasms=spasms,
        twitches=twitches,
        sleep_quality=sleep_quality,
        fatigue=fatigue,
        note=note,
        at=at,
    )
    with app_context() as ctx:
        view = diary.log_symptoms(ctx, entry, person=person)
    if as_json:
        emit_view(view)
        return
    console().print(f"Recorded check-in {view.id} at {view.at:%Y-%m-%d %H:%M}.")


@app.command("event", rich_help_panel=PANEL_TRACK)
def log_event(
    text: str = typer.Argument(..., help="What happened, e.g. 'started physio'."),
    kind: str = typer.Option("note", "--kind", help="treatment, medicine, life or note."),
    at: str = AT_OPTION,
    person: str = PERSON_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Note a treatment or event ("started physio") to mark on charts and reports."""
    from magcoach.app import diary

    with app_context() as ctx:
        view = diary.log_event(ctx, text, kind=kind, at=at, person=person)
    if as_json:
        emit_view(view)
        return
    console().print(f"Noted {view.id} on {view.at:%Y-%m-%d}: {_esc(view.text)}")


@app.command("serum", rich_help_panel=PANEL_SCREEN)
def log_serum(
    mmol_per_l: float = typer.Argument(..., help="Serum magnesium in mmol/L (mg/dL ÷ 2.431)."),
    on: str = typer.Option(None, "--on", help="Date of the blood test (default today)."),
    note: str = typer.Option(None, "--note", help="Lab name, fasting, anything else."),
    person: str = PERSON_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Record a serum magnesium result from a blood test."""
    from magcoach.app import diary

    with app_context() as ctx:
        view = diary.log_serum(ctx, mmol_per_l, on=on, note=note, person=person)
    if as_json:
        emit_view(view)
        return
    console().print(
        f"Recorded {view.id}: serum magnesium {view.mmol_per_l:g} mmol/L on {view.date}."
    )


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
    from magcoach.app import diary

    product = diary.SupplementProductInput(
        name=name, form=form, elemental_mg=elemental_mg, salt_mg=salt_mg, hydrate=hydrate, unit=unit
    )
    with app_context() as ctx:
        view = diary.add_supplement(ctx, product, person=person)
    if as_json:
        emit_view(view)
        return
    console().print(f"Added {_esc(view.name)}: {_esc(view.explanation)}.")


@supp_app.command("take")
def supp_take(
    name: str = typer.Argument(..., help="The supplement's name (see `magcoach supp list`)."),
    units: float = typer.Option(1.0, "--units", "-n", help="How many units (capsules...)."),
    at: str = AT_OPTION,
    person: str = PERSON_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Record a dose taken."""
    from magcoach.app import diary

    with app_context() as ctx:
        view = diary.take_supplement(ctx, name, units=units, at=at, person=person)
    if as_json:
        emit_view(view)
        return
    out = console()
    out.print(
        f"Recorded {view.id}: {view.units:g} × {_esc(view.product)} = "
        f"{view.elemental_mg:.0f} mg magnesium."
    )
    if view.supplemental_ul_mg is not None:
        out.print(
            f"Supplements that day: {view.supplement_mg_that_day:.0f} of "
            f"{view.supplemental_ul_mg:g} mg upper limit."
        )
    for warning in view.warnings:
        out.print(f"[bold red]Warning:[/] {_esc(warning)}")


@supp_app.command("list")
def supp_list(
    days: int = typer.Option(7, "--days", help="Show doses taken in the last N days."),
    person: str = PERSON_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Your supplement products and recent doses."""
    from magcoach.app import diary

    with app_context() as ctx:
        view = diary.supplements(ctx, days=days, person=person)
    if as_json:
        emit_view(view)
        return
    out = console()
    if not view.products:
        out.print(
            "No supplements yet. Add one: magcoach supp add NAME --form glycinate "
            "--elemental-mg 100"
        )
        return
    for p in view.products:
        out.print(f"{_esc(p.name)}: {_esc(p.explanation)} per {_esc(p.unit)}")
    if view.intakes:
        out.print(f"\nTaken in the last {view.days} days:")
        for i in view.intakes:
            out.print(
                f"  {i.id} {i.taken_at:%Y-%m-%d %H:%M} {i.units:g} × "
                f"{_esc(i.product)} = {i.elemental_mg:.0f} mg"
            )


# ---------------------------------------------------------------- entries


@app.command("entries", rich_help_panel=PANEL_MEASURE)
def entries(
    day: str = typer.Argument(None, help="Which day (default today): 2026-06-14, yesterday..."),
    person: str = PERSON_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """List the day's entries of every kind, with their ids."""
    from magcoach.app import diary

    with app_context() as ctx:
        view = diary.entries(ctx, on=_day(day), person=person)
    if as_json:
        emit_view(view)
        return
    out = console()
    if not view.entries:
        out.print(f"No entries on {view.date}.")
        return
    out.print(f"[bold]Entries on {view.date:%A %d %B %Y}[/]")
    for v in view.entries:
        mg = f"  [{_mg(v.magnesium_mg)}]" if v.kind in ("food", "supplement") else ""
        out.print(f"  {v.id:>6} {v.at:%H:%M} {v.kind:<10} {_esc(v.summary)}{mg}")


@entry_app.command("delete")
def entry_delete(
    entry_id: str = typer.Argument(..., help="The entry id, e.g. F12 (see `magcoach entries`)."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
    person: str = PERSON_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Delete an entry (after confirmation; `magcoach entry undo` brings it back)."""
    from magcoach.app import diary
    from magcoach.errors import Cancelled

    with app_context() as ctx:
        found = diary.check_entry(ctx, entry_id, person=person)
        if not yes and not as_json and not typer.confirm(f"Delete {found}?"):
            raise Cancelled("Nothing was deleted.")
        view = diary.delete_entry(ctx, entry_id, person=person)
    if as_json:
        emit_view(view)
        return
    console().print(f"Deleted {view.id}. `magcoach entry undo` brings it back.")


@entry_app.command("undo")
def entry_undo(person: str = PERSON_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Bring back the most recently deleted entry."""
    from magcoach.app import diary

    with app_context() as ctx:
        view = diary.undo_delete(ctx, person=person)
    if as_json:
        emit_view(view)
        return
    console().print(f"Brought back {view.id}.")


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
    from magcoach.app import diary

    fix = diary.EntryFix(
        at=at,
        pick=pick,
        food=food,
        grams=grams,
        text=text,
        pain=pain,
        activity=activity,
        sleep=sleep,
        units=units,
    )
    with app_context() as ctx:
        view = diary.fix_entry(ctx, entry_id, fix, person=person)
    if as_json:
        emit_view(view)
        return
    extra = ""
    if view.food is not None:
        extra = f": {view.food} ({view.grams or 0:g} g), magnesium " + _mg(view.magnesium_mg)
    console().print(f"Fixed {view.id}{_esc(extra)}.")
