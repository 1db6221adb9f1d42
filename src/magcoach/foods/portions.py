"""Grams of an amount of one food: mass units directly, volume through the food's own USDA
portions, portion words ("slice", "medium") through its USDA names, and household measures
(`household.py`) where USDA lists nothing. Unit factors come from the `units` table the build
computed, so this never imports pint.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING, Final

from magcoach.foods.household import FIRST, HouseholdMeasure, measure_for
from magcoach.foods.items import (
    _A_CUT,
    _A_POUNDS_YIELD,
    SHARED_DISH_G,
    _a_serving_of_meat,
    _candy,
    _cooked_for_several,
    _counts_the_noun,
    _is_a_cut,
    _one_of_a_stated_count,
    _yields,
    a_helping,
    dish_by_another_name,
    other_nouns,
)
from magcoach.foods.model import Food, Portion
from magcoach.foods.numbers import number_token as _number_token
from magcoach.foods.units import (
    CANONICAL_UNITS,
    COUNT_PORTION_WORDS,
    DRINK_CONTAINERS,
    ITEM_PIECE_NAMES,
    MASS,
    PORTION_ALIASES,
    PORTION_WORDS,
    UNIT_ALIASES,
    VOLUME,
)
from magcoach.foods.wording import word_forms as _word_forms
from magcoach.foods.wording import word_set

if TYPE_CHECKING:
    from magcoach.foods.model import FoodHit

SCORE_BAND: Final = 1.0  # hits this close to the best count as the same guess


def _cut(food: Food) -> bool:
    return any(_A_CUT.search(p.unit) for p in food.portions)


class _NoPortion(Exception):
    pass


_STATED_VOLUME: Final = re.compile(r"(\d+/\d+|\d+(?:\.\d+)?)\s*(cups?|fl oz|tbsp|tsp|ml)\b")


def _volume_ml(portion: Portion, units: dict[str, tuple[str, float]]) -> float | None:
    hit = units.get(portion.key)
    if hit is not None and hit[0] == VOLUME:
        return portion.amount * hit[1]
    # "1 serving 1/2 cup", "1 can (12 fl oz)": the volume stated inside the portion's name
    stated = _STATED_VOLUME.search(portion.unit.lower())
    if stated is None:
        return None
    amount = _number_token(stated.group(1))
    unit = units.get(stated.group(2).rstrip("s") if stated.group(2) != "fl oz" else "fl oz")
    if amount is None or unit is None or unit[0] != VOLUME:
        return None
    return amount * portion.amount * unit[1]


def _plain(portion: Portion) -> int:
    """Lower is a plainer portion (no 'yields', 'dry', 'packed' or similar qualifiers)."""
    text = portion.unit.lower()
    odd = ("yield", "dry", "frozen", "canned", "cooked", "not eaten", "snack")
    packed = "packed" in text and "not packed" not in text
    return sum(w in text for w in odd) + packed


_PACKAGE: Final = re.compile(r"\b(?:bag|package|container|box|carton)\b")
# words of a food's name that are no count of it ("Cheese, cottage, small curd": not 1 small)
_NOT_COUNTS: Final = frozenset(
    {"small", "medium", "large", "mini", "miniature", "cup", "oz", "slice", "extra", "jumbo"}
)
_CATEGORY_WORDS: Final = frozenset({"nuts", "seeds", "fish", "beverages", "cereals", "candies"})


def _head_words(food: Food) -> set[str]:
    segments = food.description.lower().split(",")
    head = re.findall(r"[a-z]+", segments[0])
    if set(head) <= _CATEGORY_WORDS and len(segments) > 1:
        head = re.findall(r"[a-z]+", segments[1])
    words = _forms(head)  # "cookies" -> cookie, "candies" -> candy, "potatoes" -> potato
    words.update(w.rstrip("s") for w in head)
    return words


def _names_an_item(key: str, head: set[str]) -> bool:
    """Whether a portion's word is one of the food its name says: "1 potato" of "Potatoes,
    baked"; "50 berries" of "Blueberries, raw" (the end of its name)."""
    forms = _forms((key,))
    return bool(forms & head) or any(
        len(f) > 3 and len(h) > len(f) and h.endswith(f) for f in forms for h in head
    )


def _description_words(food: Food) -> set[str]:
    """The words of the food's name, also without a plural s (not sizes or measures)."""
    found = re.findall(r"[a-z]+", food.description.lower())
    return ({w.rstrip("s") for w in found} | set(found)) - _NOT_COUNTS


def _count_portion(food: Food, last_word: str = "") -> Portion | None:
    head = _head_words(food)
    by_key: dict[str, Portion] = {}
    for p in food.portions:
        if not _yields(p) and not _PACKAGE.search(p.unit.lower()):
            by_key.setdefault(p.key, p)  # "1 medium single serving bag" is no medium chip
            cut = by_key[p.key]
            if _is_a_cut(cut) and not _is_a_cut(p) and p.grams_per_unit > cut.grams_per_unit:
                # "a cantaloupe": its "1 medium melon", not "wedge/slice"; a whole weighs
                # more than its cut ("a meatloaf" is no "medium meatball" of the loaf)
                by_key[p.key] = p
    # a drink named without a measure is USDA's amount for it reported without one, not its
    # medium (a 32 fl oz fruit smoothie) nor a fluid ounce
    usual: tuple[str, ...] = ("quantity",) if _is_drink(food) else ()
    # one candy is a piece, else its bar (a Kit Kat, not a bite): USDA's sizes of a candy are
    # its molded figures and bars ("1 medium hollow" chocolate rabbit, "1 medium egg (4 oz)")
    usual = ("piece", "bar") if _candy(food) else usual
    for word in (*usual, "medium", "regular"):
        if word in by_key:
            return by_key[word]
    # the word typed last names the item first: "5 chicken tenders" are of "1 tender, strip,
    # or finger" (by its name, else within it: "3 chicken strips"), not of "1 chicken fry"
    typed_noun = _word_forms(last_word) & head
    typed_noun |= {n for w in typed_noun for n in ITEM_PIECE_NAMES.get(w, ())}  # a drummette
    # of the noun, not cut from it: "1 wedge (1/8 of one lemon)", "10 watermelon balls"
    of_it = [p for p in food.portions if not _yields(p) and _counts_the_noun(p, typed_noun)]
    by_noun = [p for p in of_it if p.key in typed_noun]
    if not by_noun:
        by_noun = [p for p in of_it if typed_noun & _portion_words(p)]
    if by_noun:
        return _best(by_noun, frozenset({"medium"}))
    # an omelet is no "1 egg" of it (what it is made of): then USDA's usual amount of it
    other = other_nouns(food, typed_noun, head)
    for word in sorted(head - CANONICAL_UNITS.keys() - other):  # "1 potato medium" of the potatoes
        same = [
            p
            for p in food.portions
            if p.key == word and not _yields(p) and _counts_the_noun(p, _word_forms(word))
        ]
        if same:
            return _best(same, frozenset({"medium"}))
    # one of what the name says it is ("Cookie, chocolate sandwich": 1 sandwich) before a
    # sized one ("1 large sandwich")
    named = _description_words(food) - other
    for p in food.portions:
        if p.key in named and not _yields(p) and _counts_the_noun(p, _word_forms(p.key)):
            return p
    for word in COUNT_PORTION_WORDS:
        if word in by_key:
            return by_key[word]
    for p in food.portions:
        if _names_an_item(p.key, head - other) and not _yields(p):
            return p
    stated = _one_of_a_stated_count(food, last_word)
    if stated is not None:  # "12 cashews": "1 oz (18 kernels)" holds 18 of them
        return stated
    # USDA's own typical amount of a food named without a unit ("Quantity not specified")
    for word in ("quantity", "nlea serving", "slice"):
        if word in by_key:
            return by_key[word]
    return None


_USUAL_SIZE: Final = frozenset({"nfs", "regular", "ns"})  # "1 pretzel, NS as to size"
_STANDARD_SIZES: Final = frozenset(
    {"small", "medium", "large", "extra large", "jumbo", "extra small"}
)
# sizes of a menu or a wrapper ("kids", "fun size", "king size"): USDA names them for some foods
MENU_SIZES: Final = frozenset({"kids", "snack", "fun", "king", "personal"})
_SIZES: Final = _STANDARD_SIZES | MENU_SIZES
# a size of a wrapper is another size too: "a bar" is USDA's "1 bar", not its "1 fun size bar"
_OTHER_SIZE: Final = word_set(
    "mini miniature small large jumbo extra snack bite thin thick fun king"
)


def _forms(words: Iterable[str]) -> set[str]:
    """The words and their singulars, so "newtons" meets "1 Newton bar" and "cherries" meets
    "1 cherry"."""
    found: set[str] = set()
    for w in words:
        found |= _word_forms(w)
    return found


def _portion_words(portion: Portion) -> frozenset[str]:
    return _unit_forms(portion.unit)


@lru_cache(maxsize=8192)
def _unit_forms(unit: str) -> frozenset[str]:
    return frozenset(_forms(re.findall(r"[a-z]+", unit.lower())))


def _best(portions: list[Portion], hints: frozenset[str]) -> Portion:
    """The portion whose wording matches the entry ("ground" flaxseed), else the plainest."""
    wanted = _forms(hints)

    def rank(p: Portion) -> tuple[int, int, int]:
        words = _portion_words(p)
        # then the plainest, then the usual size: "1 piece, NFS" before "1 piece, small
        # pizza", "1 regular ear" before "1 mini ear"; then USDA's own order
        size = 0 if words & _USUAL_SIZE else 2 if words & _OTHER_SIZE else 1
        return (-len(words & wanted), _plain(p), size)

    return min(portions, key=rank)


# words of an entry that say nothing of which portion ("2 eggs with cheese", "fun size": a
# "king size bar" is no fun size)
# measures, not items: "a belgian waffle" is no "1 surface inch, Belgian waffle" (3.7 g)
_MEASURES: Final = CANONICAL_UNITS.keys() | {"surface", "cubic"}
_NOT_HINTS: Final = frozenset(
    {"of", "a", "an", "the", "with", "and", "or", "in", "on", "no", "size", "sized"}
)


def portion_named(food: Food, hints: Iterable[str]) -> Portion | None:
    """The food's portion that a typed word names, the word not in the food's own name: "2
    fig newtons" is 2 of "1 Newton bar" of "Cookie, fig bar", "10 cherry tomatoes" 10 of
    "1 cherry" of "Tomatoes, raw"."""
    wanted = _forms(w for w in hints if len(w) > 2 and w not in _NOT_HINTS)
    if not wanted:
        return None
    named = [
        p
        for p in food.portions
        if not _yields(p) and p.key not in _MEASURES and _portion_words(p) & wanted
    ]  # a count of cherry tomatoes is of "1 cherry", never of "1 cup cherry tomatoes"
    return _best(named, frozenset(wanted)) if named else None


def _grams_per_ml(food: Food, units: dict[str, tuple[str, float]]) -> float | None:
    for p in sorted(food.portions, key=_plain):
        ml = _volume_ml(p, units)
        if ml:
            return p.grams / ml
    return None


def _by_volume(
    food: Food, ml: float, units: dict[str, tuple[str, float]], *, liquid: bool
) -> float | None:
    """Grams in `ml` of this food: through its own volume portions, or as water for a drink."""
    density = _grams_per_ml(food, units)
    if density is None and liquid:
        density = 1.0
    return None if density is None else ml * density


def household_measure(unit: str, food: Food) -> HouseholdMeasure | None:
    """The household measure of this food by that name; the household can (FNDDS's 12 fl oz)
    is a drink's: a can of food weighs what its label says (a can of pumpkin, of coconut
    milk), which USDA gives where it knows it."""
    row = measure_for(unit, food)
    return None if row is not None and unit == "can" and not _is_drink(food) else row


def _household_grams(
    food: Food, quantity: float, unit: str, units: dict[str, tuple[str, float]]
) -> tuple[float, str] | None:
    row = household_measure(unit, food)
    if row is None:
        return None
    hit = units.get(row.unit)
    if hit is None:
        return None
    kind, factor = hit
    if kind == MASS:
        grams: float | None = row.amount * factor
    else:
        grams = _by_volume(food, row.amount * factor, units, liquid=row.unit == "fl oz")
    if grams is None:
        return None
    return (
        quantity * grams,
        f"1 {unit} = {row.amount:g} {row.unit} ({row.food_class}; household measure)",
    )


def _household_size(
    portions: list[Portion], unit: str, food: Food, units: dict[str, tuple[str, float]]
) -> list[Portion]:
    """Of several sizes of one container ("1 can or bottle (8 fl oz)", "(12 fl oz)", "(16 fl
    oz)"), the one the household measure names (a can is 12 fl oz); all of them otherwise."""
    row = household_measure(unit, food)
    if len({p.grams_per_unit for p in portions}) < 2 or row is None:
        return portions
    per_unit = units.get(row.unit)
    if per_unit is None or per_unit[0] != VOLUME:
        return portions
    wanted = row.amount * per_unit[1]
    sized = [(abs((_volume_ml(p, units) or 0.0) / p.amount - wanted), p) for p in portions]
    gap, nearest = min(sized, key=lambda pair: pair[0])
    return [nearest] if gap <= 0.1 * wanted else portions


# cuts of a food that are thin: never what a pound of raw meat yields
_THIN_CUTS: Final = frozenset({"slice", "strip", "wedge", "cube"})
_CUT_FROM_A_DISH: Final = frozenset({"slice", "piece", "square", "wedge"})


def _portion_by_name(
    food: Food,
    unit: str,
    own: list[Portion],
    hints: frozenset[str],
    units: dict[str, tuple[str, float]],
) -> Portion | None:
    """The food's portion named by the unit, else by another name for it (a slice of cake is
    its "piece"): one item of another name before several ("1 wedge" of melon for a slice,
    not "10 pieces, balls")."""
    if unit in _THIN_CUTS:  # a slice of roast beef is no piece "yield from 1 lb raw meat"
        own = [p for p in own if not _A_POUNDS_YIELD.search(p.unit.lower())]
    if unit == "piece":  # nor is a piece of pork the roast a raw pound of it yields
        own = [p for p in own if not _cooked_for_several(p)]
    if unit in _CUT_FROM_A_DISH:  # "1 square cornbread (8\" pan)" is the pan, not a square
        own = [p for p in own if p.grams_per_unit <= SHARED_DISH_G] or own
    if unit == "piece" and not any(p.key == "piece" for p in own):
        item = _count_portion(food)  # "a piece of steak" is a steak, not a slice of London Broil
        if item is not None and item.amount >= 1 and _head_words(food) & _portion_words(item):
            return None if _cooked_for_several(item) else item
    found = [
        (word, _named_by(word, unit, food, own, units))
        for word in (unit, *PORTION_ALIASES.get(unit, ()))
    ]
    for single in (True, False):
        for word, matches in found:
            if single and word != unit:
                matches = [p for p in matches if p.amount <= 1]
            if matches:
                best = _best(matches, hints)
                # "a piece of salmon" is USDA's "0.5 fillet" as listed, not a whole fillet
                listed = single and word != unit and unit == "piece"
                return replace(best, amount=1.0) if listed else best
    return None


def _cups_of(food: Food, last_word: str) -> list[Portion]:
    """ "2 peanut butter cups": a measure word that names the food ("Reese's Peanut Butter
    Cup") counts its items ("1 fun size cup"), never the measure ("1 cup" of 162 g)."""
    if last_word not in UNIT_ALIASES or not _forms((last_word,)) & _name_forms(food.description):
        return []
    word = _forms((last_word,))
    return [
        p
        for p in food.portions
        if p.key not in CANONICAL_UNITS and _portion_words(p) & word and not _yields(p)
    ]


def _named_by(
    word: str, unit: str, food: Food, own: list[Portion], units: dict[str, tuple[str, float]]
) -> list[Portion]:
    """The food's portions named by `word`: by their first word ("1 bottle (12 fl oz)")
    first, then anywhere ("1 can or bottle"); a size only of one item ("1 potato large")."""
    matches = _household_size([p for p in own if p.key == word], unit, food, units)
    if word in _SIZES:  # "1 potato large (3" to 4-1/4" dia)": one item of that size
        head = _head_words(food)
        return matches + [p for p in own if p.amount == 1 and p.key in head and _says(p.unit, word)]
    # "1 medium or regular slice" names a slice too (a size in "10 rings, small" is the size
    # of a ring, not of an order)
    said = [p for p in own if p.key != word and _says(p.unit, word)]
    # "1 can or bottle (12 fl oz)", "(16.9 fl oz)": the size the household measure names too
    return matches + (_household_size(said, unit, food, units) if not matches else said)


def _says(unit: str, word: str) -> bool:
    """Whether the portion's name holds the word as written ("1 cup slices" holds no slice)."""
    if " " in word:
        return re.search(rf"\b{re.escape(word)}\b", unit.lower()) is not None
    return word in _unit_word_set(unit)


@lru_cache(maxsize=8192)
def _unit_word_set(unit: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z0-9]+", unit.lower()))


def _counted(food: Food, hints: frozenset[str], last_word: str) -> Portion:
    """One of the food, named without a unit: "1 chicken thigh", "2 pork chops" (the last food
    word names one of its portions; "string cheese" is cheese, not a 4.7 g string of it), else
    its count portion."""
    typed = portion_named(food, hints)  # "2 mini muffins", "2 fig newtons"
    if typed is not None:
        return typed
    named = (
        [p for p in food.portions if p.key and p.key in (last_word, last_word.rstrip("s"))]
        if last_word in PORTION_WORDS  # "thigh", "chop", "egg"; never "sandwich"
        else _cups_of(food, last_word)
    )
    if named:
        portion: Portion | None = _best(named, hints)
    else:
        portion = _count_portion(food, last_word)
    if portion is None:
        raise _NoPortion("a unit")
    medium = next((p for p in food.portions if p.key == "medium"), None)
    if named and medium is not None and portion.grams_per_unit < medium.grams_per_unit / 2:
        portion = medium  # "a blueberry muffin" is no SR "1 muffin" of 31 g (a mini)
    return portion


_PIECES_IN_A_WHOLE: Final = 4  # a piece this small beside the usual amount is a cut of it


def _a_piece_of_the_named(food: Food, portion: Portion, helping: Portion, last_word: str) -> bool:
    """Whether the count portion is a piece cut from what the typed word names: the word is
    the food's own noun ("Sushi roll, California"), USDA gives no portion by that noun, and
    its usual amount is several pieces (a roll of sushi, not one of its 30 g pieces); also
    a dish's common name USDA does not use ("a poke bowl" of "Sushi, NFS")."""
    noun = last_word.rstrip("s")
    named = noun in _head_words(food) or dish_by_another_name(noun, food.description)
    if portion.key != "piece" or not named or any(noun in _forms((p.key,)) for p in food.portions):
        return False
    return helping.grams >= _PIECES_IN_A_WHOLE * portion.grams_per_unit


def _count_of(
    food: Food, quantity: float, hints: frozenset[str], last_word: str
) -> tuple[float, str | None]:
    """Grams of a count of the food named without a unit ("2 eggs", "a pie")."""
    portion = _counted(food, hints, last_word)
    helping = next((p for p in food.portions if p.key == "quantity"), None)
    if helping is not None and _a_piece_of_the_named(food, portion, helping, last_word):
        # "a california roll": the roll USDA gives by its pieces is its usual amount
        whole = f"one {last_word.rstrip('s')}, USDA's usual amount"
        return quantity * helping.grams, a_helping(helping, whole)
    if quantity < 1:  # "a quarter of a pie", "half a chicken": a share of the whole one
        return quantity * portion.grams_per_unit, portion.description
    cut = portion.grams_per_unit > SHARED_DISH_G and helping is not None and _cut(food)
    if cut or _cooked_for_several(portion):
        # "a pie" is cut before it is eaten ("a whole pie"); no one eats the whole bird or
        # roast ("chicken", "a pork tenderloin"): USDA's usual amount of the food, here or
        # (raised) in another record of the same food
        helping = helping or _a_serving_of_meat(food)
        if helping is None:
            raise _NoPortion("a helping")
        whole = f"a whole one (USDA's {portion.description} weighs {portion.grams:g} g)"
        return quantity * helping.grams, a_helping(helping, whole)
    return quantity * portion.grams_per_unit, portion.description


def grams_for(
    food: Food,
    quantity: float,
    unit: str | None,
    units: dict[str, tuple[str, float]],
    hints: frozenset[str] = frozenset(),
    last_word: str = "",
) -> tuple[float, str | None]:
    """Grams of `quantity` `unit` of `food`, and the portion used (None for mass units).

    `hints` are the entry's food words; they pick between portions of the same unit
    ("1 tbsp, ground" over "1 tbsp, whole" for "ground flaxseed"). Household measures
    (`household.py`) come first where they override USDA ("a glass of wine") and last where
    the food has no portion of that name ("a handful of almonds").
    """
    if unit is None:
        return _count_of(food, quantity, hints, last_word)
    if unit == "oz" and _is_drink(food):
        unit = "fl oz"  # "8 oz of milk", "a 12 oz can of coke": fluid ounces
    row = household_measure(unit, food)
    if row is not None and row.priority == FIRST:
        first = _household_grams(food, quantity, unit, units)
        if first is not None:
            return first
    hit = units.get(unit)
    if hit is not None and hit[0] == MASS:
        return quantity * hit[1], None
    if hit is not None and hit[0] == VOLUME:
        same = [p for p in food.portions if p.key == unit]
        if same:
            portion = _best(same, hints)
            return quantity * portion.grams_per_unit, portion.description
        for p in sorted(food.portions, key=_plain):
            ml = _volume_ml(p, units)
            if ml:
                grams_per_ml = p.grams / ml
                return quantity * hit[1] * grams_per_ml, f"{p.description} (volume converted)"
        raise _NoPortion(unit)
    # "1 packet, dry, yields" is what a packet makes, so it may serve (after a plain portion of
    # the same name); "1 medium, raw, yields" is a raw potato, never a medium order of fries
    own = [p for p in food.portions if unit not in _SIZES or not _yields(p)]
    named = _portion_by_name(food, unit, own, hints, units)
    if named is not None:
        return quantity * named.grams_per_unit, named.description
    helping = _a_helping(food, quantity, unit, hints)
    if helping is not None:
        return helping
    # (a kids size is no order of any size: its own portion, else the nearest size)
    orders = [p for p in own if unit in _STANDARD_SIZES and re.search(r"\border\b", p.unit.lower())]
    if orders:  # "medium onion rings" where USDA sizes only "1 fast food order"
        portion = _best(orders, hints)
        return quantity * portion.grams_per_unit, portion.description
    if unit in ("medium", "whole", "each", "item", "piece"):
        # "1 medium avocado" when USDA lists only "1 avocado": that is the one
        count = _count_portion(food)
        # a food USDA gives by the half ("0.5 chicken") is too big to be one piece of it
        if (
            count is not None
            and (unit != "piece" or (count.amount >= 1 and not _cooked_for_several(count)))
            and count.key not in ("large", "small", "extra large", "quantity")
        ):
            return quantity * count.grams_per_unit, count.description
    return _by_a_measure_for_it(food, quantity, unit, units)


def _a_helping(
    food: Food, quantity: float, unit: str, hints: frozenset[str]
) -> tuple[float, str | None] | None:
    """A serving: USDA's NLEA serving or usual amount."""
    matches = [p for p in food.portions if p.key in ("nlea serving", "quantity")]
    if unit != "serving" or not matches:
        return None
    portion = _best(matches, hints)
    return quantity * portion.grams_per_unit, portion.description


def _by_a_measure_for_it(
    food: Food, quantity: float, unit: str, units: dict[str, tuple[str, float]]
) -> tuple[float, str | None]:
    """A household measure, a drink's container as a cup, a cube as a cubic inch."""
    household = _household_grams(food, quantity, unit, units)
    if household is not None:
        return household
    if unit in DRINK_CONTAINERS:
        cup = units.get(DRINK_CONTAINERS[unit])
        if cup is not None:
            grams = _by_volume(food, cup[1], units, liquid=False)
            if grams is not None:
                return quantity * grams, f"1 {unit} taken as 1 cup (volume converted)"
    if unit == "cube" and "cubic inch" in units:  # a food USDA does not weigh by the cube
        grams = _by_volume(food, units["cubic inch"][1], units, liquid=False)
        if grams is not None:
            return quantity * grams, "1 cube taken as 1 cubic inch (volume converted)"
    raise _NoPortion(unit)


def _own_hints(hints: frozenset[str], food: Food) -> frozenset[str]:
    """Typed words that say which portion ("ground" flaxseed), not the food's own name: "1 piece,
    small pizza" must not win a "cheese pizza" slice for holding the word "pizza"."""
    name = _name_forms(food.description)
    return frozenset(h for h in hints if not _word_forms(h) & name)


@lru_cache(maxsize=4096)
def _name_forms(description: str) -> frozenset[str]:
    # not what a parenthesis says the record also covers ("Muffins, blueberry (Includes
    # mini-muffins)": "2 mini muffins" still asks for the mini)
    named = re.sub(r"\([^)]*\)?", " ", description.lower())
    return frozenset(_forms(re.findall(r"[a-z]+", named)))


def _one_of(
    hits: list[FoodHit], best_score: float, quantity: float
) -> tuple[Food, float, str | None] | None:
    """One whole item of the closest record counted in items (a brownie), never a typical
    amount of something that is not cut in slices (raw spinach)."""
    for hit in hits:
        if hit.score < best_score - SCORE_BAND:
            break
        portion = _count_portion(hit.food)
        if portion is None or _A_POUNDS_YIELD.search(portion.unit.lower()):
            continue  # a whole roast is no slice of it
        if portion.key not in ("quantity", "nlea serving"):
            return hit.food, quantity * portion.grams_per_unit, portion.description
    return None


DRINK_UNITS: Final = frozenset({"glass", "mug", "can", "bottle", "shot"})


def _is_drink(food: Food) -> bool:
    text = food.description.lower()
    if re.search(r"\b(?:powder|dry|mix|concentrate|condensed)\b", text) and not re.search(
        r"\b(?:prepared|reconstituted)\b", text
    ):
        return False  # lemonade powder is not what fills a glass
    return "beverage" in food.group.lower() or any(p.key == "fl oz" for p in food.portions)
