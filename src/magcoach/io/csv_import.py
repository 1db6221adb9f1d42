"""A plain CSV diary for everything else: `date,time,text` or `date,food,amount,unit`.

- `date` is YYYY-MM-DD; `time` (optional column or cell) is like 08:00 or 8:00 AM; empty → 12:00.
- `text` is what you would type to `magcoach log` ("1 cup cooked spinach").
- or `food`, `amount`, `unit` ("spinach, cooked", "1", "cup").
- optional `magnesium_mg` column: kept as reported instead of the USDA value.
Every row is matched to the food database by the same parser `magcoach log` uses.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from datetime import datetime, time
from pathlib import Path
from typing import Any

from magcoach.errors import BadFile, MagcoachError
from magcoach.io.cronometer import parse_clock, parse_day
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

SOURCE = "csv"
AS_REPORTED = "csv (as reported)"
Parser = Callable[[str], Any]  # text → magcoach.foods.parse.ParsedEntry (raises MagcoachError)


def read(path: Path, parse: Parser, progress: Progress | None = None) -> Iterator[Item]:
    header, rows = read_csv(path)
    i_date, i_time = column(header, "date", "day"), column(header, "time")
    i_text = column(header, "text", "entry")
    i_food, i_amount, i_unit = (
        column(header, "food"),
        column(header, "amount"),
        column(header, "unit"),
    )
    i_mg = column(header, "magnesium_mg", "magnesium (mg)")
    if i_date is None or (i_text is None and (i_food is None or i_amount is None)):
        raise BadFile(
            f"{path.name} needs the columns date,time,text or date,food,amount,unit "
            f"(found: {', '.join(header) or 'nothing'}).",
            hint="Example first lines:\ndate,time,text\n2026-06-01,08:00,1 cup cooked oatmeal",
        )
    return _rows(rows, parse, progress, i_date, i_time, i_text, i_food, i_amount, i_unit, i_mg)


def _amount(text: str) -> str:
    """The amount cell as the food parser should read it: a number is checked (finite, more
    than 0, at most 100,000) and written out plainly ("1e3" → "1000"); words and fractions
    ("1/2", "one") are left for the parser."""
    try:
        value = float(text)
    except ValueError:
        return text
    if not math.isfinite(value) or not 0 < value <= 100_000:
        raise RowProblem(f"amount {text!r} is not a number from 0 to 100,000")
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _rows(
    rows: list[tuple[int, list[str]]],
    parse: Parser,
    progress: Progress | None,
    i_date: int,
    i_time: int | None,
    i_text: int | None,
    i_food: int | None,
    i_amount: int | None,
    i_unit: int | None,
    i_mg: int | None,
) -> Iterator[Item]:
    keys = KeyMaker()
    cache: dict[str, Any] = {}
    for done, (line, cells) in enumerate(rows, start=1):
        if progress is not None:
            progress(done, len(rows))
        try:
            day = parse_day(cell(cells, i_date))
            clock = parse_clock(cell(cells, i_time)) or time(12, 0)
            if i_text is not None and (cell(cells, i_text) or "").strip():
                text = clean_text(cell(cells, i_text) or "", 300)
            else:
                food = clean_text(cell(cells, i_food) or "", 300)
                amount = _amount(clean_text(cell(cells, i_amount) or "", 30))
                unit = clean_text(cell(cells, i_unit) or "", 30)
                if not food:
                    raise RowProblem("the food is empty")
                text = " ".join(part for part in (amount, unit, food) if part)
            if not text:
                raise RowProblem("the text is empty")
            reported_mg = number(cell(cells, i_mg), "magnesium_mg", maximum=20_000)
            if text not in cache:
                try:
                    cache[text] = parse(text)
                except MagcoachError as exc:
                    cache[text] = RowProblem(exc.message)
            parsed = cache[text]
            if isinstance(parsed, RowProblem):
                raise parsed
        except RowProblem as exc:
            yield RowError(line, str(exc))
            continue
        nutrients = dict(parsed.nutrients)
        source = str(parsed.food.source).split(":")[0] or "usda"
        if reported_mg is not None:
            nutrients["magnesium_mg"] = reported_mg
            source = AS_REPORTED
        yield ImportedFood(
            line=line,
            key=keys(day, clock, text, reported_mg),
            eaten_at=datetime.combine(day, clock),
            text=text,
            nutrients=nutrients,
            magnesium_source=source,
            food_id=parsed.food.id,
            food_description=parsed.food.description,
            food_source=parsed.food.source,
            quantity=parsed.quantity,
            unit=parsed.unit,
            grams=parsed.grams,
        )
