"""How sure a food match is, in words a person reads: typed words the food does not hold, a
typo fix, or another food that fits as well and changes the magnesium."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

from magcoach.foods.model import Food
from magcoach.foods.query_words import apply_synonyms, named_by_synonyms, words
from magcoach.foods.units import UNIT_ALIASES as UNITS
from magcoach.foods.wording import STOPWORDS, word_forms

if TYPE_CHECKING:
    from magcoach.foods.db import FoodDB
    from magcoach.foods.model import FoodHit
    from magcoach.foods.search import Searcher

HIGH, MEDIUM, LOW = "high", "medium", "low"
_LINKERS: Final = frozenset({"of", "a", "an", "the"})


def _head(food: Food) -> str:
    words = re.findall(r"[a-z]+", food.description.lower())
    return words[0].rstrip("s") if words else ""


def _same_food(a: Food, b: Food) -> bool:
    """Records that name the same food first ("Burrito, with beans, cheese" / "Burrito with
    beans, meatless"): FNDDS 2019-2020 codes new in that release have no portions, and the
    nearest record of the same food that has them is a better answer than a refusal."""
    return _head(a) == _head(b)


def _same_word(a: str, b: str) -> bool:
    """The same word up to a plural ending (berry/berries, tomato/tomatoes, apple/apples)."""
    return bool(word_forms(a) & word_forms(b))


def _held(term: str, name: set[str], searcher: Searcher) -> bool:
    """Whether a record's name holds a typed word, or the word naming what its common name
    means ("coke": cola in "Rum and cola")."""
    return searcher.stem(term) in name or searcher.stem(apply_synonyms([term])[-1]) in name


def _magnesium_differs(a: Food, b: Food) -> bool:
    """Whether picking one over the other changes the answer (magnesium apart by > 20%)."""
    x, y = a.magnesium_mg_per_100g, b.magnesium_mg_per_100g
    if x is None or y is None:
        return x is not y
    return abs(x - y) > 0.2 * max(x, y, 1.0)


def _confidence(
    food_text: str, food: Food, hits: list[FoodHit], db: FoodDB
) -> tuple[str, list[str]]:
    """How sure the match is, and why not sure: typed words the food does not contain (a typo
    fix or a loose match), or another food that fits as well."""
    searcher = db.searcher
    # numbers too: "85% dark chocolate" is named by "Chocolate, dark, 70-85% cacao solids"
    name = {searcher.stem(w) for w in re.findall(r"[a-z0-9]+", food.description.lower())}
    # the words as rewritten by synonyms, or as typed, whichever the food holds better
    # a unit word kept as the food's name ("peanut butter cups") is no word the food must hold
    missing = [
        t for t in searcher.plan(food_text)[0] if searcher.stem(t) not in name and t not in UNITS
    ]
    if missing:  # the words as typed may fit better than their synonyms ("whiskey and cola")
        typed_terms = searcher.plan(food_text, synonyms=False)[0]
        missing = min(
            missing,
            [t for t in typed_terms if not _held(t, name, searcher) and t not in UNITS],
            key=len,
        )
    typed = [w for w in re.findall(r"[a-z]+", food_text.lower()) if w not in _LINKERS]
    named = named_by_synonyms([w for w in words(food_text) if w not in STOPWORDS])
    fixed = [
        f"{w!r} as {c!r}"
        for w in typed
        if (c := searcher.correct(w)) is not None
        and " " not in c
        and not _same_word(w, c)
        and w not in named  # a common name ("moscato", "pain au chocolat") is no typo
    ]
    notes: list[str] = []
    level = HIGH
    if food.magnesium_mg_per_100g is None:
        level = LOW  # never a silent 0 mg
        notes.append(
            f"USDA gives no magnesium value for {food.description}; magnesium is not counted "
            "for this entry. Pick an alternative that has one."
        )
    if fixed:
        level = MEDIUM
        notes.append("Read " + ", ".join(fixed) + ".")
    if missing:
        level = LOW
        notes.append(
            f"{food.description} does not match the word(s) "
            + ", ".join(repr(w) for w in missing)
            + "; check the alternatives."
        )
    elif len(hits) > 1:
        runner = hits[1]
        if (
            hits[0].score - runner.score < 0.05
            and not _same_food(runner.food, food)
            and _magnesium_differs(runner.food, food)
        ):
            level = LOW if level == MEDIUM else MEDIUM
            notes.append(f"{runner.food.description} fits as well; check the alternatives.")
    return level, notes
