"""CSV export: one row per diary entry with all nutrients, and one row per day."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from magcoach.foods.model import NUTRIENT_KEYS
from magcoach.intake import DaySummary
from magcoach.store.service import food_entries, supplement_intakes

ENTRY_COLUMNS = (
    "id",
    "kind",
    "at",
    "text",
    "food_id",
    "food",
    "food_source",
    "grams",
    "magnesium_source",
    *NUTRIENT_KEYS,
    "supplement_elemental_mg",
)
DAY_COLUMNS = (
    "date",
    "food_mg",
    "supplement_mg",
    "total_mg",
    "rda_mg",
    "ear_mg",
    "supplemental_ul_mg",
    "energy_kcal",
    "food_entries",
    "unknown_magnesium_entries",
    "top_contributor",
)


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.4g}" if abs(value) < 1 else f"{value:.2f}"


def write_entries(session: Session, person_id: int, start: date, end: date, out: Path) -> int:
    rows = 0
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(ENTRY_COLUMNS)
        for row in food_entries(session, person_id, start, end):
            nutrients = row.nutrients or {}
            writer.writerow(
                [
                    f"F{row.id}",
                    "food",
                    row.eaten_at.isoformat(),
                    row.text,
                    row.food_id or "",
                    row.food_description or "",
                    row.food_source or "",
                    _fmt(row.grams),
                    row.magnesium_source,
                    *(_fmt(nutrients.get(k)) for k in NUTRIENT_KEYS),
                    "",
                ]
            )
            rows += 1
        for item in supplement_intakes(session, person_id, start, end):
            writer.writerow(
                [
                    item.entry_id,
                    "supplement",
                    item.taken_at.isoformat(),
                    f"{item.units:g} × {item.product_name}",
                    *([""] * (len(ENTRY_COLUMNS) - 5)),
                    _fmt(item.elemental_mg),
                ]
            )
            rows += 1
    return rows


def write_days(days: Sequence[DaySummary], out: Path) -> int:
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(DAY_COLUMNS)
        for d in days:
            if not d.logged:
                continue
            writer.writerow(
                [
                    d.date.isoformat(),
                    _fmt(d.food_mg),
                    _fmt(d.supplement_mg),
                    _fmt(d.total_mg),
                    _fmt(d.rda_mg),
                    _fmt(d.ear_mg),
                    _fmt(d.supplemental_ul_mg),
                    _fmt(d.energy_kcal),
                    d.food_entries,
                    len(d.unknown_entries),
                    d.contributors[0].food if d.contributors else "",
                ]
            )
    return sum(1 for d in days if d.logged)
