"""Household measures people type that USDA does not list for every food: a handful of nuts, a
glass of wine, a bowl of cereal, a square of chocolate, a grande latte.

The measures are cited data (`reference/data/household_measures.csv`, each row with a source in
`evidence.csv`), read with the csv module so parsing an entry stays cheap. A measure applies to
a food when one of its `matches` words is a word of the food's description or group and none of
its `excludes` words is a word of its description (a group says what a food is filed with:
"Fruits and Fruit Juices" holds grapes). `first` rows win over the food's own USDA portion of
the same name (a glass of wine is a 5 fl oz standard drink, not FNDDS's 180 g glass);
`fallback` rows are used only when the food has no portion of that name.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Final

from magcoach.foods.model import Food

# read through the top package: importing magcoach.reference would load pydantic at parse time
DATA_PACKAGE: Final = "magcoach"
FILENAME: Final = "reference/data/household_measures.csv"
FIRST: Final = "first"
FALLBACK: Final = "fallback"


@dataclass(frozen=True)
class HouseholdMeasure:
    """`measure` of a food of `food_class` is `amount` `unit` (g, fl oz or cup)."""

    measure: str
    food_class: str
    matches: tuple[str, ...]
    excludes: tuple[str, ...]
    amount: float
    unit: str
    priority: str
    sources: tuple[str, ...]
    note: str

    def applies_to(self, food: Food) -> bool:
        # a group names what a food is filed with ("Fruits and Fruit Juices" holds grapes), so
        # only the food's own name says what excludes it (grape juice)
        text = _food_words(food.description, food.group)
        own = _food_words(food.description, "")
        return any(_has(text, w) for w in self.matches) and not any(
            _has(own, w) for w in self.excludes
        )

    def describe(self) -> str:
        return f"1 {self.measure} = {self.amount:g} {self.unit} ({self.food_class})"


def _split(text: str) -> tuple[str, ...]:
    return tuple(w.strip().lower() for w in text.split(";") if w.strip())


@lru_cache(maxsize=1)
def household_measures() -> tuple[HouseholdMeasure, ...]:
    """Every household measure, in file order (the first row that applies wins)."""
    text = resources.files(DATA_PACKAGE).joinpath(FILENAME).read_text(encoding="utf-8")
    rows: list[HouseholdMeasure] = []
    for row in csv.DictReader(text.splitlines()):
        rows.append(
            HouseholdMeasure(
                measure=row["measure"].strip().lower(),
                food_class=row["food_class"].strip(),
                matches=_split(row["matches"]),
                excludes=_split(row["excludes"]),
                amount=float(row["amount"]),
                unit=row["unit"].strip(),
                priority=row["priority"].strip(),
                sources=_split(row["source"]),
                note=row["note"].strip(),
            )
        )
    return tuple(rows)


@lru_cache(maxsize=1)
def measure_words() -> frozenset[str]:
    """The words of the household measures ('handful', 'glass', 'grande', ...)."""
    return frozenset(m.measure for m in household_measures())


@lru_cache(maxsize=4096)
def _food_words(description: str, group: str) -> str:
    """The record's words, each also without a plural s ("Ice creams" holds "ice cream")."""
    found = re.findall(r"[a-z]+", f"{description} {group}".lower())
    singular = [w[:-1] if w.endswith("s") and len(w) > 3 else w for w in found]
    return " " + " ".join(found) + " | " + " ".join(singular) + " "


def _has(text: str, phrase: str) -> bool:
    return f" {phrase} " in text


def measure_for(measure: str, food: Food) -> HouseholdMeasure | None:
    """The household measure `measure` ('glass') of this food, or None if none applies."""
    for row in household_measures():
        if row.measure == measure and row.applies_to(food):
            return row
    return None
