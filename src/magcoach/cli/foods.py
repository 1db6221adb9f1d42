"""`magcoach foods build | search | parse`: the food database from the command line.

Only typer, the standard library and magcoach.cli.* are imported at the top; the food
modules load inside the commands so that `magcoach` starts fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from magcoach.cli.apps import foods_app
from magcoach.cli.common import JSON_OPTION, app_context, console, emit_json, emit_view, settings

if TYPE_CHECKING:
    from magcoach.app.foods import FoodSearchView


def _mg(value: float | None, digits: int = 0) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


@foods_app.command("build")
def build(
    usda_dir: Path | None = typer.Option(
        None,
        "--usda-dir",
        help="Folder with the USDA files (default: MAGCOACH_USDA_DIR or ../shared/data/usda).",
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Build the food database from the USDA files (SR28, SR Legacy, Foundation, FNDDS)."""
    from magcoach.foods.build import build_database

    cfg = settings()
    source = usda_dir if usda_dir is not None else cfg.usda_dir
    report = build_database(source, cfg.food_db, progress=not as_json)
    if as_json:
        emit_json(
            {
                "db_path": str(report.db_path),
                "foods": report.foods,
                "portions": report.portions,
                "foods_by_source": report.foods_by_source,
                "missing_magnesium": report.missing_magnesium,
                "seconds": report.seconds,
                "schema_version": report.schema_version,
            }
        )
        return
    from rich.table import Table

    table = Table(title=f"Food database built in {report.seconds:.1f} s", title_justify="left")
    table.add_column("Source")
    table.add_column("Foods", justify="right")
    for name, count in sorted(report.foods_by_source.items()):
        table.add_row(name, f"{count:,}")
    table.add_row("[bold]Total (grouped)[/]", f"[bold]{report.foods:,}[/]")
    out = console()
    out.print(table)
    out.print(
        f"{report.portions:,} household portions. {report.missing_magnesium:,} foods have no "
        "magnesium value in USDA data; they stay unknown, never zero."
    )
    out.print(f"Saved to {report.db_path}")


@foods_app.command("search")
def search(
    query: str = typer.Argument(..., help="Food words, e.g. 'cooked spinach' or 'pumpkin seeds'."),
    limit: int = typer.Option(10, "--limit", "-n", min=1, max=100, help="How many results."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Search foods; shows magnesium per 100 g and per common portions."""
    from magcoach.app import foods

    with app_context() as ctx:
        view = foods.search(ctx, query, limit=limit)
    if as_json:
        emit_view(view)
        return
    _print_hits(view)


def _print_hits(view: FoodSearchView) -> None:
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=f"Foods matching {escape(view.query)!r}", title_justify="left")
    table.add_column("#", justify="right", style="dim")
    table.add_column("Food")
    table.add_column("Mg /100 g", justify="right", style="bold green")
    table.add_column("Mg per portion")
    table.add_column("Id", style="dim")
    for n, food in enumerate(view.foods, start=1):
        per_portion = (
            "\n".join(
                f"{escape(p.description)} ({p.grams:g} g): "
                + (f"[bold]{p.magnesium_mg:.0f} mg[/]" if p.magnesium_mg is not None else "n/a")
                for p in food.portions
            )
            or "-"
        )
        table.add_row(
            str(n),
            f"{escape(food.description)}\n[dim]{escape(food.source)}[/]",
            _mg(food.magnesium_mg_per_100g),
            per_portion,
            food.id,
        )
    console().print(table)
    console().print("[dim]n/a = USDA has no magnesium value for this food (unknown, not zero).[/]")


@foods_app.command("parse")
def parse(
    text: str = typer.Argument(..., help="What you ate, e.g. '1 cup cooked spinach'."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Turn a free-text amount into food, grams and nutrients (magnesium first)."""
    from magcoach.app import foods

    with app_context() as ctx:
        entry = foods.parse(ctx, text)
    if as_json:
        emit_view(entry)
        return
    from rich.markup import escape
    from rich.table import Table

    out = console()
    mg = entry.magnesium_mg
    unit = f" {entry.unit}" if entry.unit else ""
    out.print(
        f"[bold]{escape(entry.text)}[/] → {entry.quantity:g}{escape(unit)} = "
        f"[bold]{entry.grams:.0f} g[/] of {escape(entry.food.description)} "
        f"[dim]({escape(entry.food.source)}, {entry.food.id})[/]"
    )
    if entry.portion_used:
        out.print(f"[dim]USDA portion used: {escape(entry.portion_used)}[/]")
    out.print(
        f"Magnesium: [bold green]{_mg(mg, 1)} mg[/]"
        + ("" if mg is not None else " (USDA has no value for this food)")
    )
    if entry.confidence != "high":
        out.print(f"[bold]Not sure of this match ({entry.confidence}):[/]")
    for note in entry.notes:
        out.print(f"  {escape(note)}")
    table = Table(show_header=True, title_justify="left")
    table.add_column("Nutrient")
    table.add_column("Amount", justify="right")
    labels = {
        "energy_kcal": ("Energy", "kcal"),
        "protein_g": ("Protein", "g"),
        "fat_g": ("Fat", "g"),
        "carbohydrate_g": ("Carbohydrate", "g"),
        "fiber_g": ("Fiber", "g"),
        "sugars_g": ("Sugars", "g"),
        "calcium_mg": ("Calcium", "mg"),
        "potassium_mg": ("Potassium", "mg"),
        "sodium_mg": ("Sodium", "mg"),
    }
    for key, (label, unit_name) in labels.items():
        value = entry.nutrients.get(key)
        table.add_row(label, "n/a" if value is None else f"{value:.1f} {unit_name}")
    out.print(table)
    if entry.alternatives:
        out.print("Not the right food? Close matches:")
        for alt in entry.alternatives[:4]:
            out.print(
                f"  • {escape(alt.description)} [dim]({alt.id}, Mg "
                f"{_mg(alt.magnesium_mg_per_100g)} mg/100 g)[/]"
            )
