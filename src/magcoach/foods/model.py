"""The food values the rest of magcoach works with: foods, portions, search hits."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

# Nutrients kept per 100 g, in this order. A missing value is None, never 0.
NUTRIENT_KEYS: Final[tuple[str, ...]] = (
    "energy_kcal",
    "protein_g",
    "fat_g",
    "carbohydrate_g",
    "fiber_g",
    "sugars_g",
    "magnesium_mg",
    "calcium_mg",
    "potassium_mg",
    "sodium_mg",
)


@dataclass(frozen=True)
class Portion:
    """A household measure of one food: `amount` `unit` weighs `grams`."""

    description: str
    grams: float
    amount: float
    unit: str
    key: str = ""  # the normalised unit word used for matching ("cup", "slice", "medium")

    @property
    def grams_per_unit(self) -> float:
        return self.grams / self.amount if self.amount > 0 else self.grams


@dataclass(frozen=True)
class Food:
    """One food, grouped across the USDA datasets it appears in."""

    id: str
    source: str
    source_id: str
    description: str
    group: str
    nutrients_per_100g: Mapping[str, float | None] = field(hash=False, compare=True)
    portions: tuple[Portion, ...] = ()
    provenance: tuple[str, ...] = ()
    value_note: str = ""  # which release a disputed value came from, and why

    @property
    def magnesium_mg_per_100g(self) -> float | None:
        return self.nutrients_per_100g.get("magnesium_mg")

    def nutrients_for(self, grams: float) -> dict[str, float | None]:
        """Nutrients in `grams` of this food (missing values stay None)."""
        factor = grams / 100.0
        out: dict[str, float | None] = {}
        for key in NUTRIENT_KEYS:
            value = self.nutrients_per_100g.get(key)
            out[key] = None if value is None else round(value * factor, 4)
        return out


@dataclass(frozen=True)
class FoodHit:
    """One search result: the food and how well it matched (higher is better)."""

    food: Food
    score: float

    @property
    def id(self) -> str:
        return self.food.id

    @property
    def description(self) -> str:
        return self.food.description
