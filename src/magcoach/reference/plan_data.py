"""Loaders for the plan's reference data: the curated food pool and the back-care advice.

`food_pool.csv` names foods by their USDA id with a realistic serving; it never holds nutrient
values — those come from the food database at run time, so the figures always agree with USDA.
`lifestyle.csv` holds the rest of back care (NICE NG59, ACP 2017), each row with its strength.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from magcoach.errors import BadFile

DATA_PACKAGE = "magcoach.reference.data"

#: Tags a pool food may carry: what it is (for diet patterns) and common allergens.
KNOWN_TAGS = frozenset(
    {
        "animal",
        "fish",
        "shellfish",
        "dairy",
        "egg",
        "nuts",
        "peanuts",
        "seeds",
        "sesame",
        "gluten",
        "soy",
        "swap",
    }
)
FOOD_GROUPS = frozenset(
    {
        "leafy_greens",
        "vegetables",
        "fruit",
        "nuts_seeds",
        "legumes",
        "soy",
        "grains",
        "dairy",
        "fish",
        "sweets",
    }
)
SLOTS = ("breakfast", "lunch", "dinner", "snack")


@dataclass(frozen=True)
class PoolEntry:
    """One curated serving: a USDA food in an amount a person would eat at once."""

    food_id: str
    serving: str
    grams: float
    max_servings_per_day: int
    group: str
    tags: frozenset[str]
    slot: str
    replaces_food_id: str | None
    replaces_serving: str | None
    replaces_grams: float | None
    source: tuple[str, ...]


@dataclass(frozen=True)
class LifestyleAdvice:
    id: str
    topic: str
    advice: str
    why: str
    strength: str
    source: tuple[str, ...]


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files(DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def _float(value: str, where: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise BadFile(f"{where}: {value!r} is not a number.") from None
    if number <= 0:
        raise BadFile(f"{where}: {value!r} must be above zero.")
    return number


def _sources(value: str, where: str) -> tuple[str, ...]:
    ids = tuple(part.strip() for part in value.split(";") if part.strip())
    if not ids:
        raise BadFile(f"{where}: every row needs a source (evidence ids separated by ';').")
    return ids


@cache
def food_pool() -> tuple[PoolEntry, ...]:
    """The curated food pool, validated (unknown tags/groups/slots are a packaging error)."""
    entries: list[PoolEntry] = []
    seen: set[str] = set()
    for number, row in enumerate(_rows("food_pool.csv"), start=2):
        where = f"food_pool.csv line {number}"
        tags = frozenset(tag.strip() for tag in row["tags"].split(";") if tag.strip())
        if tags - KNOWN_TAGS:
            raise BadFile(f"{where}: unknown tag(s) {sorted(tags - KNOWN_TAGS)}.")
        if row["group"] not in FOOD_GROUPS:
            raise BadFile(f"{where}: unknown group {row['group']!r}.")
        if row["slot"] not in SLOTS:
            raise BadFile(f"{where}: unknown slot {row['slot']!r}.")
        key = row["food_id"]
        if key in seen:
            raise BadFile(f"{where}: {key} is listed twice.")
        seen.add(key)
        replaces = row["replaces_food_id"].strip() or None
        entries.append(
            PoolEntry(
                food_id=key,
                serving=row["serving"],
                grams=_float(row["grams"], where),
                max_servings_per_day=int(_float(row["max_servings_per_day"], where)),
                group=row["group"],
                tags=tags,
                slot=row["slot"],
                replaces_food_id=replaces,
                replaces_serving=row["replaces_serving"].strip() or None,
                replaces_grams=_float(row["replaces_grams"], where) if replaces else None,
                source=_sources(row["source"], where),
            )
        )
    return tuple(entries)


@cache
def lifestyle_advice() -> tuple[LifestyleAdvice, ...]:
    """The rest of back care, in the order the plan shows it."""
    items = []
    for number, row in enumerate(_rows("lifestyle.csv"), start=2):
        where = f"lifestyle.csv line {number}"
        items.append(
            LifestyleAdvice(
                id=row["id"],
                topic=row["topic"],
                advice=row["advice"],
                why=row["why"],
                strength=row["strength"],
                source=_sources(row["source"], where),
            )
        )
    return tuple(items)
