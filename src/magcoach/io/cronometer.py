"""Cronometer exports: "Food & Recipe Entries" (servings.csv) and "Daily Nutrition"
(dailysummary.csv).

Columns are found by name (Cronometer's columns vary with the user's settings). Cronometer's own
nutrient numbers are kept as reported, and the entry says so (`magnesium_source` =
"cronometer (as reported)"). Where a matcher is given, each food is also matched to the USDA
database: the match names the food and fills nutrients Cronometer did not report.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from magcoach.errors import BadFile
from magcoach.io.csvread import cell, column, read_csv
from magcoach.io.importing import (
    ImportedFood,
    Item,
    KeyMaker,
    Progress,
    RowError,
    RowProblem,
    clean_text,
    number,
)

SERVINGS = "cronometer"
DAILY = "cronometer-daily"
AS_REPORTED = "cronometer (as reported)"
DAILY_AS_REPORTED = "cronometer daily summary (as reported)"

# Our nutrient key → the Cronometer column names that carry it.
COLUMNS: dict[str, tuple[str, ...]] = {
    "energy_kcal": ("Energy (kcal)",),
    "protein_g": ("Protein (g)",),
    "fat_g": ("Fat (g)",),
    "carbohydrate_g": ("Carbs (g)", "Carbohydrates (g)"),
    "fiber_g": ("Fiber (g)", "Fibre (g)"),
    "sugars_g": ("Sugars (g)",),
    "magnesium_mg": ("Magnesium (mg)",),
    "calcium_mg": ("Calcium (mg)",),
    "potassium_mg": ("Potassium (mg)",),
    "sodium_mg": ("Sodium (mg)",),
}
MAXIMA = {"energy_kcal": 50_000.0, "magnesium_mg": 20_000.0}
MEAL_TIMES = {
    "breakfast": time(8, 0),
    "lunch": time(12, 30),
    "dinner": time(19, 0),
    "snacks": time(15, 0),
}
GRAMS_PER_UNIT = {"g": 1.0, "kg": 1000.0, "mg": 0.001, "oz": 28.3495, "lb": 453.592}
# A number (scientific notation too, so "1e3 g" is 1000 g, not 1 g of "e3 g"), then the unit.
_AMOUNT = re.compile(r"^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*(.*?)\s*$")


@dataclass(frozen=True)
class FoodMatch:
    """A USDA food matched to an imported name, with grams when they could be worked out."""

    food_id: str
    description: str
    source: str
    grams: float | None
    nutrients: dict[str, float | None]  # for those grams (empty when grams unknown)


Matcher = Callable[[str, float | None, str | None, float | None], FoodMatch | None]
# (food name, quantity, unit, grams if known) → match


def parse_day(text: str | None) -> date:
    if text is None or not text.strip():
        raise RowProblem("the date is empty")
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise RowProblem(f"date {text.strip()[:30]!r} is not YYYY-MM-DD") from None


def parse_clock(text: str | None) -> time | None:
    if text is None or not text.strip():
        return None
    cleaned = text.strip().upper()
    for fmt in ("%I:%M %p", "%I:%M%p", "%H:%M", "%H:%M:%S", "%I %p"):
        try:
            return datetime.strptime(cleaned, fmt).time()
        except ValueError:
            continue
    raise RowProblem(f"time {text.strip()[:30]!r} is not like 9:00 AM or 13:05")


def _nutrients(header: list[str], cells: list[str]) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for key, names in COLUMNS.items():
        index = column(header, *names)
        out[key] = number(cell(cells, index), names[0], maximum=MAXIMA.get(key, 10_000.0))
    return out


def detect(header: list[str]) -> str:
    if column(header, "Food Name") is not None and column(header, "Day") is not None:
        return SERVINGS
    if column(header, "Date") is not None and column(header, "Magnesium (mg)", "Energy (kcal)"):
        return DAILY
    raise BadFile(
        "This does not look like a Cronometer export: expected the columns 'Day' and "
        "'Food Name' (Food & Recipe Entries, servings.csv) or 'Date' and 'Magnesium (mg)' "
        "(Daily Nutrition, dailysummary.csv).",
        hint="In Cronometer: More → Account → Export Data, then choose one of those files.",
    )


def read(
    path: Path, matcher: Matcher | None = None, progress: Progress | None = None
) -> tuple[str, Iterator[Item]]:
    """(source, items). The source tells servings from daily summaries."""
    header, rows = read_csv(path)
    kind = detect(header)
    if kind == SERVINGS:
        return kind, _servings(header, rows, matcher, progress)
    return kind, _daily(header, rows, progress)


def _servings(
    header: list[str],
    rows: list[tuple[int, list[str]]],
    matcher: Matcher | None,
    progress: Progress | None,
) -> Iterator[Item]:
    keys = KeyMaker()
    i_day, i_time, i_group = column(header, "Day"), column(header, "Time"), column(header, "Group")
    i_name, i_amount = column(header, "Food Name"), column(header, "Amount")
    cache: dict[tuple[str, float | None, str | None, float | None], FoodMatch | None] = {}
    for done, (line, cells) in enumerate(rows, start=1):
        if progress is not None:
            progress(done, len(rows))
        try:
            day = parse_day(cell(cells, i_day))
            clock = parse_clock(cell(cells, i_time))
            group = clean_text(cell(cells, i_group) or "", 60)
            if clock is None:
                clock = MEAL_TIMES.get(group.lower(), time(12, 0))
            name = clean_text(cell(cells, i_name) or "", 300)
            if not name:
                raise RowProblem("the food name is empty")
            amount = clean_text(cell(cells, i_amount) or "", 60)
            quantity: float | None = None
            unit: str | None = None
            if amount:
                match = _AMOUNT.match(amount)
                if not match:
                    raise RowProblem(f"amount {amount!r} is not like '150.00 g' or '1.00 tsp'")
                quantity = number(match.group(1), "amount", maximum=100_000)
                unit = match.group(2) or None
            grams = None
            if quantity is not None and unit is not None and unit.lower() in GRAMS_PER_UNIT:
                grams = quantity * GRAMS_PER_UNIT[unit.lower()]
            nutrients = _nutrients(header, cells)
        except RowProblem as exc:
            yield RowError(line, str(exc))
            continue
        found = None
        if matcher is not None:
            cache_key = (name, quantity, unit, grams)
            if cache_key not in cache:
                cache[cache_key] = matcher(name, quantity, unit, grams)
            found = cache[cache_key]
        if found is not None:
            grams = grams if grams is not None else found.grams
            for key, value in found.nutrients.items():
                if nutrients.get(key) is None and value is not None:
                    nutrients[key] = value
        mg_source = AS_REPORTED
        if nutrients.get("magnesium_mg") is not None and found is not None:
            mg_source = AS_REPORTED if _reported_mg(header, cells) else "usda (matched)"
        yield ImportedFood(
            line=line,
            key=keys(day, clock, group, name, amount, nutrients.get("magnesium_mg")),
            eaten_at=datetime.combine(day, clock),
            text=f"{amount} {name}".strip(),
            nutrients=nutrients,
            magnesium_source=mg_source,
            food_id=found.food_id if found else None,
            food_description=found.description if found else name,
            food_source=found.source if found else "cronometer",
            quantity=quantity,
            unit=unit,
            grams=grams,
        )


def _reported_mg(header: list[str], cells: list[str]) -> bool:
    value = cell(cells, column(header, "Magnesium (mg)"))
    return value is not None and bool(value.strip())


def _daily(
    header: list[str], rows: list[tuple[int, list[str]]], progress: Progress | None
) -> Iterator[Item]:
    keys = KeyMaker()
    i_date, i_done = column(header, "Date"), column(header, "Completed")
    for done, (line, cells) in enumerate(rows, start=1):
        if progress is not None:
            progress(done, len(rows))
        try:
            day = parse_day(cell(cells, i_date))
            nutrients = _nutrients(header, cells)
        except RowProblem as exc:
            yield RowError(line, str(exc))
            continue
        completed = (cell(cells, i_done) or "").strip().lower()
        text = "Cronometer daily total"
        if completed == "false":
            text += " (day marked not complete in Cronometer)"
        yield ImportedFood(
            line=line,
            key=keys(day),
            eaten_at=datetime.combine(day, time(12, 0)),
            text=text,
            nutrients=nutrients,
            magnesium_source=DAILY_AS_REPORTED,
            food_description="Cronometer daily total",
            food_source="cronometer",
        )
