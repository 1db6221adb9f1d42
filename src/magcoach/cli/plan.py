"""`magcoach foods rich`, `magcoach plan` and `magcoach plan foods`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from magcoach.cli.apps import foods_app, plan_app
from magcoach.cli.common import JSON_OPTION, console, emit_json, settings, today

if TYPE_CHECKING:
    from magcoach.foods.db import FoodDB
    from magcoach.person import Person
    from magcoach.planner import PoolFood

PERSON_OPTION = typer.Option(
    None, "--person", "-p", help="Whose plan (default: the default person)."
)
ANSWERS_OPTION = typer.Option(
    None,
    "--answers",
    help="A TOML/JSON file with the person's profile (a [person] table or top-level Person "
    "fields) and screening answers; used instead of the diary's profile.",
)
INTAKE_OPTION = typer.Option(
    None, "--intake-mg", help="Your usual daily magnesium (mg), e.g. from another app."
)
DAYS_OPTION = typer.Option(14, "--days", help="Average the diary over this many recent days.")
KCAL_OPTION = typer.Option(
    None, "--kcal-budget", help="Most energy the food plan may add (kcal/day; default 300)."
)
GOAL_OPTION = typer.Option(
    None,
    "--goal",
    help="What you want a supplement for: muscle_tension, nerve_pain, muscle_pain, fatigue, "
    "constipation, sleep, targeted_relief, general (repeatable).",
)


# --- inputs --------------------------------------------------------------------------------


PLAN_KEYS = ("intake_mg", "too_much_magnesium_signs")


def _load_answers(path: Path) -> tuple[Person, Any, dict[str, Any]]:
    """(Person, screening Answers, plan extras) from a `screen --answers` file.

    The file is the screening answers file (Person fields + symptoms, risk_factors, red_flags,
    serum values); a `[person]` table is accepted too, and two plan keys: `intake_mg` and
    `too_much_magnesium_signs`.
    """
    from magcoach.screening import read_answers_file, split_answers

    raw = dict(read_answers_file(path))
    extras = {key: raw.pop(key) for key in PLAN_KEYS if key in raw}
    nested = raw.pop("person", None)
    if isinstance(nested, dict):
        raw = {**nested, **raw}
    person, answers = split_answers(
        raw, what=f"answers file {path.name}", default_region=settings().region, today=today()
    )
    return person, answers, extras


def _from_file(
    answers: Path, intake_mg: float | None, days: int, kcal_budget: float | None
) -> tuple[Person, float, str, Any]:
    """(person, intake, intake source, ScreeningInput) from an answers file."""
    from magcoach.errors import InvalidInput
    from magcoach.services import ScreeningInput, check_plan_options

    check_plan_options(intake_mg, days, kcal_budget)
    person, screening_answers, data = _load_answers(answers)
    excess = data.get("too_much_magnesium_signs") or data.get("excess_signs") or []
    if not isinstance(excess, list):
        raise InvalidInput("too_much_magnesium_signs in the answers file must be a list.")
    screening = ScreeningInput(
        screening_answers,
        excess_signs=tuple(str(s) for s in excess),
        source=f"answers file {answers.name}",
    )
    if intake_mg is not None:
        return person, float(intake_mg), "entered with --intake-mg", screening
    if "intake_mg" in data:
        try:
            from_file = float(data["intake_mg"])
        except (TypeError, ValueError):
            raise InvalidInput("intake_mg in the answers file must be a number (mg/day).") from None
        return person, from_file, "from the answers file", screening
    from magcoach.services import UNKNOWN_INTAKE, needs_doctor_now

    if needs_doctor_now(person, screening):  # red flags come first, intake or not
        return person, 0.0, UNKNOWN_INTAKE, screening
    raise InvalidInput(
        f"magcoach does not know your magnesium intake: no diary days in the last {days} days.",
        hint="Log a few days of food (`magcoach log ...`) or give --intake-mg N.",
    )


def _from_diary(
    name: str | None, intake_mg: float | None, days: int, kcal_budget: float | None
) -> tuple[Person, float, str, Any]:
    """(person, intake, intake source, ScreeningInput) from the diary: the latest stored
    screening answers (`magcoach screen`) come with the profile."""
    from magcoach.services import check_plan_options, diary_plan_inputs
    from magcoach.store.db import open_store

    check_plan_options(intake_mg, days, kcal_budget)
    store = open_store(settings())
    try:
        with store.session() as session:
            inputs = diary_plan_inputs(session, name, today=today(), intake_mg=intake_mg, days=days)
    finally:
        store.close()
    return inputs.person, inputs.intake_mg, inputs.intake_source, inputs.screening


def _pool() -> list[PoolFood]:
    from magcoach.services import food_pool

    return food_pool(settings())


def _open_foods() -> FoodDB:
    from magcoach.foods.db import open_food_db

    return open_food_db(settings())


# --- foods rich ----------------------------------------------------------------------------


@foods_app.command("rich")
def foods_rich(
    per: str = typer.Option("serving", "--per", help="Rank per serving, 100kcal or 100g."),
    diet: str = typer.Option("omnivore", "--diet", help="vegan, vegetarian, pescatarian."),
    exclude: str = typer.Option(
        "", "--exclude", help="Comma-separated: nuts, peanuts, seeds, gluten, fish, dairy, ..."
    ),
    max_sodium_mg: float = typer.Option(
        400.0, "--max-sodium-mg", help="Leave out foods with more sodium per serving."
    ),
    limit: int = typer.Option(20, "--limit", help="How many foods to show."),
    show_all: bool = typer.Option(
        False,
        "--all",
        help="Every USDA food that is a serving, brands, restaurant foods and every variant "
        "included (default: common foods, one row per food).",
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Magnesium-rich foods ranked per realistic serving (USDA portions)."""
    from magcoach.errors import InvalidInput
    from magcoach.planner import DIET_EXCLUDES, FoodFacts, exclusions_for, rank_foods
    from magcoach.reference.plan_data import food_pool

    if per not in {"serving", "100kcal", "100g"}:
        raise InvalidInput(f"--per {per!r} is not known.", hint="Use serving, 100kcal or 100g.")
    if diet not in DIET_EXCLUDES:
        raise InvalidInput(
            f"--diet {diet!r} is not known.", hint="Use vegan, vegetarian or pescatarian."
        )
    if not 1 <= limit <= 500:
        raise InvalidInput(f"--limit {limit} is out of range.", hint="Use 1 to 500.")
    if max_sodium_mg < 0:
        raise InvalidInput("--max-sodium-mg cannot be negative.")
    exclusions = exclusions_for(diet, extra=[w for w in exclude.split(",") if w.strip()])
    sr = ("SR Legacy", "SR28")
    with _open_foods() as db:
        foods = db.foods_from(sr, with_magnesium=True)
        # commonly eaten: the food's head words appear in FNDDS (what people report eating)
        common = None if show_all else db.named_in(sr)
    facts = [
        FoodFacts(
            food_id=food.id,
            description=food.description,
            group=food.group,
            magnesium_mg=food.nutrients_per_100g.get("magnesium_mg"),
            kcal=food.nutrients_per_100g.get("energy_kcal"),
            sugars_g=food.nutrients_per_100g.get("sugars_g"),
            sodium_mg=food.nutrients_per_100g.get("sodium_mg"),
            portions=tuple((p.description, p.grams) for p in food.portions),
            common=common is None or food.id in common,
        )
        for food in foods
    ]
    ranked = rank_foods(
        facts,
        per=per,  # type: ignore[arg-type]
        exclusions=exclusions,
        max_sodium_mg=max_sodium_mg,
        limit=limit,
        scope="all" if show_all else "common",
        pool={entry.food_id: (entry.serving, entry.grams) for entry in food_pool()},
    )
    scope_note = (
        "every USDA food that is a serving (brands, restaurant foods and variants included)"
        if show_all
        else "common foods, one row per food, no brands or restaurant foods; "
        "--all for every USDA food"
    )
    if as_json:
        emit_json(
            {
                "per": per,
                "max_sodium_mg": max_sodium_mg,
                "scope": "all" if show_all else "common",
                "scope_note": scope_note,
                "foods": ranked,
            }
        )
        return
    from rich.table import Table

    table = Table(title=f"Magnesium-rich foods, per {per} (★ = a food the plan recommends)")
    for column in ("", "food", "serving", "Mg mg", "kcal", "sugars g", "sodium mg"):
        table.add_column(
            column, justify="right" if column.endswith(("mg", "kcal", "g")) else "left"
        )
    for r in ranked:
        table.add_row(
            "★" if r.seed_food or r.in_pool else "",
            r.description,
            f"{r.serving} ({r.grams:g} g)",
            f"{r.magnesium_mg:.0f}",
            "?" if r.kcal is None else f"{r.kcal:.0f}",
            "?" if r.sugars_g is None else f"{r.sugars_g:.1f}",
            "?" if r.sodium_mg is None else f"{r.sodium_mg:.0f}",
        )
    console().print(table)
    console().print(
        f"USDA SR Legacy values; {scope_note}; sodium capped at {max_sodium_mg:g} mg per "
        "serving; '?' = not in the USDA data (missing is not zero)."
    )


# --- plan foods ----------------------------------------------------------------------------


@plan_app.command("foods")
def plan_foods_command(
    person: str | None = PERSON_OPTION,
    days: int = DAYS_OPTION,
    kcal_budget: float | None = KCAL_OPTION,
    intake_mg: float | None = INTAKE_OPTION,
    answers: Path | None = ANSWERS_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """A food plan that closes your magnesium gap (whole servings, within an energy budget)."""
    from rich.markup import escape

    from magcoach.errors import InvalidInput
    from magcoach.plan import food_plan_for
    from magcoach.planner import FoodPlan
    from magcoach.requirements import requirements
    from magcoach.screening import assess
    from magcoach.services import NO_SCREENING_NOTE, UNKNOWN_INTAKE

    if answers is not None:
        who, intake, source, screening = _from_file(answers, intake_mg, days, kcal_budget)
    else:
        who, intake, source, screening = _from_diary(person, intake_mg, days, kcal_budget)
    flags = assess(who, screening.answers).red_flags
    urgency = str(flags.urgency) if screening.answered else "unknown"
    warning = None
    if urgency in {"urgent", "emergency"}:
        warning = (
            f"See a doctor first: {flags.message} "
            + "; ".join(f"{f.text} — {f.instruction}" for f in flags.findings)
            + " Food changes can wait until a doctor has seen you."
        )
    elif not screening.answered:
        warning = NO_SCREENING_NOTE
    if warning and urgency in {"urgent", "emergency"} and source == UNKNOWN_INTAKE:
        if as_json:
            emit_json({"person": who.name, "urgency": urgency, "notes": [warning], "items": []})
        else:
            console().print(f"[bold red]{escape(warning)}[/]")
        return
    req = requirements(who)
    gap = max(0.0, req.rda_mg - intake)
    pool = _pool()
    result = food_plan_for(who, pool, gap, kcal_budget)
    if not isinstance(result, FoodPlan):
        raise InvalidInput(result.message, hint="\n".join(result.suggestions))
    if as_json:
        emit_json(
            {
                "person": who.name,
                "urgency": urgency,
                "screening": {"answered": screening.answered, "source": screening.source or None},
                "notes": [warning] if warning else [],
                "requirement_mg": req.rda_mg,
                "intake_mg": round(intake, 1),
                "intake_source": source,
                "magnesium_mg_needed": result.magnesium_mg_needed,
                "items": result.items,
                "magnesium_mg_after": round(intake + result.magnesium_mg_added, 1),
                "added_kcal": result.added_kcal,
                "added_sugars_g": result.added_sugars_g,
                "added_sodium_mg": result.added_sodium_mg,
                "kcal_budget": result.limits.kcal_budget,
                "solve_ms": result.solve_ms,
            }
        )
        return
    out = console()
    if warning:
        style = "bold red" if urgency in {"urgent", "emergency"} else "yellow"
        out.print(f"[{style}]{escape(warning)}[/]")
    out.print(f"{who.name}: about {intake:.0f} mg a day ({source}); you need {req.rda_mg:.0f} mg.")
    if not result.items:
        out.print("You already reach your requirement: nothing to add.")
        return
    for item in result.items:
        count = f"{item.servings} × " if item.servings > 1 else ""
        out.print(f"  + {count}{item.food}: {item.magnesium_mg:.0f} mg, {item.kcal:+.0f} kcal")
    out.print(
        f"Adds {result.magnesium_mg_added:.0f} mg ({intake + result.magnesium_mg_added:.0f} mg a "
        f"day in all) for {result.added_kcal:+.0f} kcal (budget {result.limits.kcal_budget:g}); "
        f"solved in {result.solve_ms:.0f} ms."
    )


# --- plan ----------------------------------------------------------------------------------


@plan_app.callback(invoke_without_command=True)
def plan_command(
    ctx: typer.Context,
    person: str | None = PERSON_OPTION,
    intake_mg: float | None = INTAKE_OPTION,
    days: int = DAYS_OPTION,
    answers: Path | None = ANSWERS_OPTION,
    kcal_budget: float | None = KCAL_OPTION,
    goal: list[str] | None = GOAL_OPTION,
    markdown: Path | None = typer.Option(
        None, "--markdown", help="Also write the plan as Markdown to this file."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Your whole plan: red flags, intake, diet or supplement, food plan, back care, evidence."""
    if ctx.invoked_subcommand is not None:
        return
    from magcoach.errors import BadFile, InvalidInput
    from magcoach.plan import to_json, to_markdown
    from magcoach.reference import GOALS
    from magcoach.services import plan_for, plan_for_person

    goals = tuple(goal or ())
    unknown = [g for g in goals if g not in GOALS]
    if unknown:
        raise InvalidInput(
            f"Unknown goal(s): {', '.join(unknown)}.", hint=f"Use: {', '.join(GOALS)}."
        )
    if answers is not None:
        who, intake, source, screening = _from_file(answers, intake_mg, days, kcal_budget)
        pool = _pool()
        plan = plan_for(
            who, intake, pool, screening, today=today(), goals=goals,
            kcal_budget=kcal_budget, intake_source=source,
        )  # fmt: skip
    else:
        from magcoach.store.db import open_store

        store = open_store(settings())
        try:
            with store.session() as session:
                plan = plan_for_person(
                    session, person, settings(), today=today(), intake_mg=intake_mg,
                    days=days, goals=goals, kcal_budget=kcal_budget,
                )  # fmt: skip
        finally:
            store.close()
    text = to_markdown(plan)
    if markdown is not None:
        try:
            markdown.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise BadFile(f"Cannot write {markdown}: {exc.strerror}.") from None
    if as_json:
        emit_json(to_json(plan))
        return
    from rich.markdown import Markdown

    console().print(Markdown(text))
    if markdown is not None:
        console().print(f"Plan written to {markdown}")
