"""What a counted item weighs: the FNDDS record of the food (USDA's survey of what people
eat, with the sizes they eat) where SR's analysed record weighs its market unit otherwise."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Final

from magcoach.foods.household import measure_words
from magcoach.foods.portions import _NoPortion, _own_hints, grams_for
from magcoach.foods.query_words import words as name_words
from magcoach.foods.wording import alternatives, serial_or, word_forms, word_set

if TYPE_CHECKING:
    from magcoach.foods.choose import _Choice
    from magcoach.foods.db import FoodDB
    from magcoach.foods.model import Food, FoodHit
    from magcoach.foods.parse import _Split
    from magcoach.foods.search import Searcher

SEARCH_DEPTH: Final = 10  # hits looked at: the best few, then a record that has portions
DISAGREE: Final = 4.0  # two records of one food this far apart on one item: one is no item


def words_of(portion: str | None) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z]+", (portion or "").lower()))


def typed_stems(food_text: str, searcher: Searcher) -> frozenset[str]:
    return frozenset(searcher.stem(w) for w in re.findall(r"[a-z]+", food_text.lower()))


@lru_cache(maxsize=4096)
def name_stems(description: str, searcher: Searcher) -> frozenset[str]:
    return frozenset(searcher.stem(w) for w in name_words(description))


def item_counted(split: _Split, unit: str | None, db: FoodDB) -> bool:
    """Whether the amount counts whole items ("3 clementines", "2 slices of cheddar", "a
    medium potato"), not a measure (cup, gram) nor a household measure (handful, glass)."""
    return split.counted and unit not in db.units() and unit not in measure_words()


def as_eaten(
    split: _Split, unit: str | None, hits: list[FoodHit], chosen: _Choice, db: FoodDB
) -> _Choice:
    """A counted item weighs what FNDDS, USDA's survey of what people eat, says one weighs
    (a mango 210 g, an avocado 150 g, a slice of cheddar 21 g), with its values, where SR's
    market unit is another size (336 g, 201 g, 28 g): the FNDDS record of the same food that
    keeps the words typed and names nothing else. SR stays first for measures, and where
    the two weigh the item alike (within the 20% that changes no answer)."""
    if chosen[0].id.startswith("fndds:"):
        return chosen
    searcher = db.searcher
    words_typed = re.findall(r"[a-z]+", split.food_text.lower())
    # "2 chicken breasts" holds the breast SR's record names
    typed = frozenset(searcher.stem(f) for w in words_typed for f in word_forms(w))
    analysed = name_stems(chosen[0].description, searcher)
    hints = frozenset(words_typed) | ({split.size} if split.size else set())
    for food in _survey_records(hits, words_typed, analysed, db):
        if food.magnesium_mg_per_100g is None:
            continue
        named = name_stems(food.description, searcher)
        if not typed & analysed <= named or _says_more(food.description, typed | analysed, db):
            continue  # "a bar of milk chocolate" is no generic chocolate candy
        try:
            grams, portion = grams_for(
                food, split.quantity, unit, db.units(), _own_hints(hints, food), words_typed[-1]
            )
        except _NoPortion:
            continue
        if _names_an_item(food, portion, unit, db) and _another_size(grams, chosen[1]):
            return food, grams, portion
    return chosen


def _says_more(description: str, known: frozenset[str], db: FoodDB) -> bool:
    """Whether the record names a food, part or kind beyond the `known` words; of a list of
    ways it may be made ("baked, broiled, or roasted") one known way is enough."""
    searcher = db.searcher
    said = name_stems(_NS_CLAUSE.sub("", description), searcher) - _nothing(searcher)
    segments = description.split(",")
    options = {w for item in serial_or(segments) for w in name_stems(item, searcher)}
    options |= set(alternatives(segments, searcher.stem)[0].split())  # "baked or broiled"
    if options & known:
        said -= options
    return not said <= known


def _survey_records(
    hits: list[FoodHit], words_typed: list[str], analysed: frozenset[str], db: FoodDB
) -> Iterator[Food]:
    """The FNDDS records among the close matches, then (SR's many chicken breasts crowd
    them out) those whose name holds the typed words the analysed record holds."""
    close = [h.food for h in hits[:SEARCH_DEPTH] if h.food.id.startswith("fndds:")]
    yield from close
    held = [w for w in words_typed if {db.searcher.stem(f) for f in word_forms(w)} & analysed]
    yield from (f for f in db.survey_foods(held) if f not in close)


# what a generic FNDDS record leaves open, or says of how it is eaten: no food words
_NS_CLAUSE: Final = re.compile(r"\bns as to [^,]*|\bskin (?:not )?eaten\b", re.IGNORECASE)
# words that name no other food, part or kind ("whole grain white" bread is another bread)
_SAYS_NOTHING: Final = (
    "raw nfs cooked prepared plain regular fresh meat only flesh edible portion all "
    "commercially varieties from eaten or not"
)


@lru_cache(maxsize=4)
def _nothing(searcher: Searcher) -> frozenset[str]:
    return frozenset(searcher.stem(w) for w in _SAYS_NOTHING.split())


# a part of one item: "a sliced tomato" is a tomato, not the 8 g slice FNDDS weighs
_PART_WORDS: Final = word_set(
    "slice section chunk piece wedge strip spear floret leaf leave ring cube"
)


_SAME_SIZE: Final = 1.2  # weights this close give the same answer within the tolerance


def _another_size(grams: float, other: float) -> bool:
    """Whether two records weigh one item differently enough to matter, yet not so apart
    that one is another item (a grape tomato's 8 g against a tomato's 123 g)."""
    low, high = min(grams, other), max(grams, other)
    return _SAME_SIZE * low < high <= DISAGREE * low


def _names_an_item(food: Food, used: str | None, unit: str | None, db: FoodDB) -> bool:
    """Whether the portion used is one item ("1 fruit", "1 slice" when a slice was typed,
    "1 medium fillet" when a fillet was), or the usual amount where that is one item's
    weight (FNDDS's baked potato: a medium one)."""
    units = db.units()
    items = [p for p in food.portions if p.key not in units and p.key != "quantity"]
    portion = next((p for p in food.portions if p.description == used), None)
    if portion is None or portion.key in units:
        return False
    named_by = {w.rstrip("s") for w in words_of(portion.unit)} | {portion.key}
    if unit is None and named_by & _PART_WORDS:
        return False
    if unit not in (None, "whole") and unit not in named_by:
        return False  # "a piece of salmon" is no FNDDS medium fillet
    if portion.key == "quantity":
        return any(abs(p.grams - portion.grams) < 0.5 for p in items)
    return True
