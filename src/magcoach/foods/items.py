"""One item of a food, as the names of its USDA portions tell it: a cut of the food (a
wedge, "1/8 of" it), what a raw food yields, a portion that says how many items it holds
("1 oz (18 kernels)"), and a whole cooked for several (a roast, a bird) that no one eats as
one. Used by `portions.py` to find what one of a counted food weighs.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import replace
from typing import TYPE_CHECKING, Final

from magcoach.foods.query_words import synonym_words
from magcoach.foods.wording import word_forms as _word_forms

if TYPE_CHECKING:
    from magcoach.foods.model import Food, Portion

_Weighed = tuple["Food", float, str]

_A_CUT: Final = re.compile(r"\b1/\d+ of\b")  # "1 piece (1/8 of 9" dia)": USDA cuts the whole
# what a pound of raw meat yields (SR's "1 piece, cooked, excluding refuse (yield from 1 lb raw
# meat with refuse)"): a whole roast, never a slice of it
_A_POUNDS_YIELD: Final = re.compile(r"\byield from\b")
# one of a food heavier than this that USDA cuts in pieces is a dish for several (a 9" pie, an
# 8" quiche): named without a unit it is one helping, USDA's "Quantity not specified"
SHARED_DISH_G: Final = 500.0


def _yields(portion: Portion) -> bool:
    """'1 fruit yields', '1 medium, raw, yields': what a raw item becomes, not one of the
    food ('1 medium slice (yield after cooking)' is a slice of cooked bacon, and counts)."""
    return _YIELDS.search(portion.unit) is not None


_YIELDS: Final = re.compile(r"\byields\b", re.IGNORECASE)


# words naming a part cut from the food, not one of it ("1 medium wedge/slice" of cantaloupe)
_CUT_WORDS: Final = frozenset({"wedge", "slice", "section", "ball", "balls", "cube", "chunk"})


def _is_a_cut(portion: Portion) -> bool:
    return bool(_A_CUT.search(portion.unit)) or bool(
        set(re.findall(r"[a-z]+", portion.unit.lower())) & _CUT_WORDS
    )


def _counts_the_noun(portion: Portion, nouns: AbstractSet[str]) -> bool:
    """Whether the portion is a count of the noun typed: not a cut of it ("1 wedge (1/8 of
    one lemon)"), and several of it only when the noun ends its name ("10 grapes", not "10
    watermelon balls")."""
    if _A_CUT.search(portion.unit):
        return False
    if portion.amount <= 1:
        return True
    named = re.findall(r"[a-z]+", re.split(r"[,(]", portion.unit.lower())[0])
    return bool(named) and bool(_word_forms(named[-1]) & nouns)


# a portion that says how many items it holds: "1 oz (18 kernels)", "1 oz (14 halves)",
# "1 cup shelled (50 halves)", "1 oz (10-12 kernels)"
_STATED_COUNT: Final = re.compile(r"\((?:about )?(\d+)(?:-(\d+))? (?:whole )?([a-z]+)\)")
_ITEM_WORDS: Final = frozenset({"kernels", "nuts", "halves", "pieces"})


def _one_of_a_stated_count(food: Food, last_word: str) -> Portion | None:
    """One item of a portion that says how many it holds, the item named as typed ("5
    walnut halves") or a kernel, nut, half or piece of a food counted by its name."""
    typed = _word_forms(last_word)
    found: list[tuple[bool, Portion]] = []
    for p in food.portions:
        stated = _STATED_COUNT.search(p.unit.lower())
        if stated is None or _yields(p):
            continue
        word = stated.group(3)
        if word not in _ITEM_WORDS and not _word_forms(word) & typed:
            continue
        low, high = int(stated.group(1)), int(stated.group(2) or stated.group(1))
        one = replace(p, amount=p.amount * (low + high) / 2, key=word)
        found.append((not _word_forms(word) & typed, one))
    return min(found, key=lambda pair: pair[0])[1] if found else None


# a whole cooked for several: a roast, a bird, a loaf
_FOR_SEVERAL: Final = frozenset({"roast", "chicken", "turkey", "duck", "goose", "ham", "loaf"})


def _a_serving_of_meat(food: Food) -> Portion | None:
    """SR's "3 oz" of a cooked meat: the FDA's reference amount of cooked meat or poultry
    (21 CFR 101.12(b), 85 g), which SR lists for its meats."""
    return next((p for p in food.portions if p.key == "oz" and p.amount == 3), None)


_HELPING_FOR: Final = "; taken for "


def a_helping(helping: Portion, whole: str) -> str:
    """The portion said when USDA's usual amount stands for one whole ("a pie", "chicken",
    "a california roll"): read back by `a_helping_of_a_whole`."""
    return f"{helping.description}{_HELPING_FOR}{whole}"


def a_helping_of_a_whole(used: str | None) -> bool:
    """Whether the portion used is the helping taken for a whole one ("a pie", "chicken"):
    a usual amount, no item of the food to weigh by another record's item."""
    return used is not None and _HELPING_FOR in used


def _cooked_for_several(portion: Portion) -> bool:
    """Whether USDA's one is a whole cooked for several: a roast ("1 roast", 714 g), the
    piece a raw pound yields ("1 piece ... (yield from 1 lb raw meat)"), a bird; a steak or
    a chop, however big, is one."""
    if portion.key == "piece" and _A_POUNDS_YIELD.search(portion.unit.lower()):
        return portion.grams_per_unit > SHARED_DISH_G / 4
    if portion.key == "roast":  # SR's roasts: 300 to 700 g cooked
        return portion.grams_per_unit > SHARED_DISH_G / 4
    # what USDA gives by the half ("0.5 breast, bone removed" of a turkey) is carved
    by_the_half = portion.amount < 1 and portion.grams > SHARED_DISH_G / 4
    return (portion.key in _FOR_SEVERAL or by_the_half) and portion.grams_per_unit > SHARED_DISH_G


def a_helping_of_meat(foods: list[Food], quantity: float, unit: str | None) -> _Weighed | None:
    """'a serving of salmon', 'a piece of roast beef' where no close record gives one: SR's
    3 oz of the meat or fish, a piece of one only of a record USDA weighs as a whole roast."""
    if unit not in ("serving", "piece"):
        return None
    for food in foods:
        meat = _a_serving_of_meat(food)
        if meat is None or (unit == "piece" and not any(map(_cooked_for_several, food.portions))):
            continue
        carved = "; a piece of a roast as a helping" if unit == "piece" else ""
        return food, quantity * meat.grams, f"{meat.description}{carved}"
    return None


def other_nouns(food: Food, typed_noun: AbstractSet[str], head: AbstractSet[str]) -> set[str]:
    """The nouns of a dish's name other than the one typed ("egg" of "Egg omelet" when an
    omelet was typed), when USDA counts none of the dish itself: a portion by them counts
    what the dish was made of."""
    if not typed_noun or any(p.key in typed_noun for p in food.portions):
        return set()
    return {w for w in head if w not in typed_noun}


def dish_by_another_name(noun: str, description: str) -> bool:
    """Whether the typed noun is of a common name (synonyms.csv) that the USDA record does
    not use: "bowl" of "a poke bowl" taken as "Sushi, NFS" names the dish, not its piece."""
    return noun in synonym_words() and noun not in re.findall(r"[a-z]+", description.lower())


def _candy(food: Food) -> bool:
    """FNDDS files candy as "Candy containing chocolate" or "... not containing chocolate";
    SR names it "Candies, ..."."""
    return "candy" in food.group.lower() or food.description.startswith("Candies")
