"""`magcoach foods rich`, `magcoach plan` and `magcoach plan foods`: parse, call
`magcoach.app.plan` / `magcoach.app.foods`, render their views."""

from __future__ import annotations

from pathlib import Path

import typer

from magcoach.cli.apps import foods_app, plan_app
from magcoach.cli.common import JSON_OPTION, app_context, console, emit_view

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
    max_kcal: float = typer.Option(
        None, "--max-kcal", help="Leave out foods with more energy per serving."
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
    from magcoach.app import foods

    with app_context() as ctx:
        view = foods.rich(
            ctx,
            per=per,
            diet=diet,
            exclude=tuple(exclude.split(",")),
            max_sodium_mg=max_sodium_mg,
            max_kcal=max_kcal,
            limit=limit,
            show_all=show_all,
        )
    if as_json:
        emit_view(view)
        return
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=f"Magnesium-rich foods, per {view.per} (★ = a food the plan recommends)")
    for column in ("", "food", "serving", "Mg mg", "kcal", "sugars g", "sodium mg"):
        table.add_column(
            column, justify="right" if column.endswith(("mg", "kcal", "g")) else "left"
        )
    for r in view.foods:
        table.add_row(
            "★" if r.recommended else "",
            escape(r.description),
            f"{escape(r.serving)} ({r.grams:g} g)",
            f"{r.magnesium_mg:.0f}",
            "?" if r.kcal is None else f"{r.kcal:.0f}",
            "?" if r.sugars_g is None else f"{r.sugars_g:.1f}",
            "?" if r.sodium_mg is None else f"{r.sodium_mg:.0f}",
        )
    console().print(table)
    more = "" if view.scope == "all" else "; --all for every USDA food"
    console().print(
        f"USDA SR Legacy values; {view.scope_note}{more}; sodium capped at "
        f"{view.max_sodium_mg:g} mg per serving; '?' = not in the USDA data (missing is not zero)."
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

    from magcoach.app import plan

    request = plan.PlanRequest(
        person=person, answers=answers, intake_mg=intake_mg, days=days, kcal_budget=kcal_budget
    )
    with app_context() as ctx:
        view = plan.plan_foods(ctx, request)
    if as_json:
        emit_view(view)
        return
    out = console()
    doctor_now = view.urgency in {"urgent", "emergency"}
    for note in view.notes:
        out.print(f"[{'bold red' if doctor_now else 'yellow'}]{escape(note)}[/]")
    fp = view.food_plan
    source = escape(view.intake_source)
    out.print(
        f"{escape(view.person)}: about {view.intake_mg:.0f} mg a day ({source}); "
        f"you need {view.requirement_mg:.0f} mg."
    )
    if fp.note:
        out.print(f"[bold]{escape(fp.note)}[/]")
        return
    if fp.infeasible is not None:
        out.print(escape(fp.infeasible.message))
        for suggestion in fp.infeasible.suggestions:
            out.print(f"  - {escape(suggestion)}")
        return
    if not fp.items:
        out.print("You already reach your requirement: nothing to add.")
        return
    for item in fp.items:
        count = f"{item.servings} × " if item.servings > 1 else ""
        out.print(
            f"  + {count}{escape(item.food)}: {item.magnesium_mg:.0f} mg, {item.kcal:+.0f} kcal"
        )
    out.print(
        f"Adds {fp.magnesium_mg_added:.0f} mg ({fp.magnesium_mg_after:.0f} mg a day in all) for "
        f"{fp.added_kcal:+.0f} kcal (budget {fp.kcal_budget or 0:g}); "
        f"solved in {fp.solve_ms or 0:.0f} ms."
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
    from magcoach.app import plan
    from magcoach.errors import BadFile

    request = plan.PlanRequest(
        person=person,
        answers=answers,
        intake_mg=intake_mg,
        days=days,
        kcal_budget=kcal_budget,
        goals=tuple(goal or ()),
    )
    with app_context() as app_ctx:
        view = plan.plan(app_ctx, request)
    if markdown is not None:
        try:
            markdown.write_text(view.markdown, encoding="utf-8")
        except OSError as exc:
            raise BadFile(f"Cannot write {markdown}: {exc.strerror}.") from None
    if as_json:
        emit_view(view)
        return
    from rich.markdown import Markdown

    console().print(Markdown(view.markdown))
    if not view.screening.answered:
        console().print("[bold]To answer the warning-sign questions, run magcoach screen[/]")
    if markdown is not None:
        console().print(f"Plan written to {markdown}")
