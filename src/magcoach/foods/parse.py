"""Free-text amounts: "1 cup cooked spinach", "30g almonds", "half an avocado" -> grams ->
nutrients.

An entry is a quantity (number, decimal, fraction, unicode fraction, scientific notation or
word; non-finite and absurd amounts are refused), an optional unit (mass, volume, one of the
food's own USDA portions such as slice or medium, or a household measure such as a handful,
a glass or a grande) and a food, with the amount before or after the food ("glass of OJ" and
"pizza slice" mean one). Volume units resolve through the food's own USDA portions; unit
factors come from the `units` table the build computed with pint, so parsing never imports
pint. Portion words map to the food's own USDA names (a slice of pizza is its "piece");
household measures (`household.py`) cover what USDA does not list. Amount words that need
the food data are read by `amount_words.py`: a slip in a unit word ("a handfull of"), a
portion word after the food ("2 sausage links", unless USDA names the pair: "fish sticks"),
"big" as a size, "double" as two shots of a drink served by the shot.

The result says how sure the match is (`confidence`, `notes`): typed words the food does not
hold, a typo fix, or another food that fits as well and changes the magnesium. Several foods
in one line are `meal.parse_meal`'s job.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Final

from magcoach.errors import InvalidInput, NotFound
from magcoach.foods.amount_words import (
    by_dimension,
    fraction_in_a_name,
    implied_unit,
    in_container_form,
    names_a_record,
    names_the_food,
    read_amount_words,
    takes_shots,
    unknown_word,
    words_to_match,
)
from magcoach.foods.choose import USUAL_MEASURE, choose, with_portion
from magcoach.foods.confidence import _LINKERS, MEDIUM, _confidence, _same_food
from magcoach.foods.confidence import LOW as LOW  # imported from here by meal.py
from magcoach.foods.model import Food
from magcoach.foods.numbers import _NUMBER, take_dimension
from magcoach.foods.numbers import clean as _clean
from magcoach.foods.numbers import number_token as _number_token
from magcoach.foods.numbers import parse_quantity as parse_quantity  # used by tests
from magcoach.foods.numbers import split_words as _tokens
from magcoach.foods.numbers import take_quantity as _take_quantity
from magcoach.foods.numbers import take_unit as _take_unit
from magcoach.foods.portions import _SIZES, _is_drink
from magcoach.foods.portions import grams_for as grams_for  # imported from here by app/
from magcoach.foods.survey import SEARCH_DEPTH
from magcoach.foods.units import (
    CANONICAL_UNITS,
    FOOD_NAMED_CUTS,
    FOOD_NAMED_PORTIONS,
    IMPLICIT_ONE,
    MASS,
    MEASURE_QUALIFIERS,
    PORTION_WORDS,
    SHOT_COUNTS,
    TRAILING_UNITS,
    UNITS_BEFORE_OF,
    WHOLE_MEASURE,
)

if TYPE_CHECKING:
    from magcoach.foods.db import FoodDB
    from magcoach.foods.model import FoodHit

MAX_GRAMS: Final = 5000.0
MAX_TEXT: Final = 300
SMALL_ITEM_G: Final = 10.0  # one of a food this light (a raisin, a chip) is not a helping
_JOINED: Final = frozenset({"and", "with", "&", "+", "plus"})  # words joining two foods
NEXT_TO_NOTHING_G: Final = 0.5  # shown as 0 g: a count or measure this light was misread


@dataclass(frozen=True)
class ParsedEntry:
    """One diary line turned into a food, grams and the nutrients in those grams."""

    text: str
    quantity: float
    unit: str | None
    grams: float
    food: Food
    nutrients: dict[str, float | None]
    alternatives: list[Food] = field(default_factory=list)
    portion_used: str | None = None
    confidence: str = "high"  # high, medium or low: how sure the food match is
    notes: tuple[str, ...] = ()  # why it is less than high, in words a person reads

    @property
    def weak_match(self) -> bool:
        return self.confidence == LOW

    @property
    def magnesium_mg(self) -> float | None:
        return self.nutrients.get("magnesium_mg")

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "quantity": self.quantity,
            "unit": self.unit,
            "grams": round(self.grams, 2),
            "food": {
                "id": self.food.id,
                "description": self.food.description,
                "source": self.food.source,
            },
            "value_note": self.food.value_note,
            "portion_used": self.portion_used,
            "confidence": self.confidence,
            "notes": list(self.notes),
            "nutrients": {
                k: (None if v is None else round(v, 2)) for k, v in self.nutrients.items()
            },
            "alternatives": [
                {"id": f.id, "description": f.description, "source": f.source}
                for f in self.alternatives
            ],
        }


def _size_of_a_measure(
    unit: str | None, food: list[str]
) -> tuple[str | None, list[str], str | None]:
    """'small handful of almonds', 'large glass of milk', 'medium pizza slice': the size
    words describe the measure or the whole food; the measure (handful, glass, slice) is
    the unit, and the size is kept to pick among its portions ("1 piece, medium pizza").
    A size of an order is the order's size ("a medium order of fries")."""
    if unit not in _SIZES or not food:
        return unit, food, None
    inner = _take_unit(food, 0)
    if inner is not None and (inner[0] in IMPLICIT_ONE or inner[0] == "bag"):
        rest = food[inner[1] :]
        while rest and rest[0] in _LINKERS:
            rest = rest[1:]
        if rest and inner[0] in ("bag", "order"):
            # "small bag of chips": USDA sizes the bag ("1 small single serving bag")
            return unit, rest, None
        if rest:
            return inner[0], rest, unit
    last = PORTION_WORDS.get(food[-1])
    if len(food) > 1 and last in ("slice", "piece", "wedge", "square", "scoop"):
        return last, food[:-1], unit
    return unit, food, None


def _implicit_unit(tokens: list[str]) -> tuple[str, int] | None:
    """A measure that starts the entry without a number ("bowl of", "the glass of", "grande"):
    (unit, index where the food starts), or None."""
    start = 1 if tokens and tokens[0] in ("the", "my") else 0
    hit = _take_unit(tokens, start)
    if hit is None or (hit[0] not in IMPLICIT_ONE and not _before_of(hit, tokens, start)):
        return None
    rest = tokens[start + hit[1] :]
    if not [t for t in rest if t not in _LINKERS]:
        return None  # "medium" alone, "a slice": no food
    return hit[0], start + hit[1]


def _before_of(hit: tuple[str, int], tokens: list[str], start: int) -> bool:
    """Whether a unit that is one only before "of" is ("a side of fries", not "a side salad")."""
    return hit[0] in UNITS_BEFORE_OF and tokens[start + hit[1] : start + hit[1] + 1] == ["of"]


def _trailing_unit(tokens: list[str]) -> str | None:
    """'pizza slice', 'watermelon wedge': a piece word after the food, no number anywhere."""
    if len(tokens) < 2 or any(_number_token(t) is not None for t in tokens):
        return None
    unit = PORTION_WORDS.get(tokens[-1])
    # "apple slices", "orange wedges": pieces in the plural, no count, are not one of them
    if unit != tokens[-1]:
        return None
    if unit in ("slice", "piece", "wedge", "square", "scoop", "handful", "bowl", "glass", "mug"):
        return unit
    return None


def is_amount_only(text: str) -> bool:
    """Whether `text` is an amount and unit with no food ("1 oz", "2 cups")."""
    tokens = _tokens(_clean(text))
    taken = _take_quantity(tokens, 0) if tokens else None
    if taken is None:
        return False
    rest = tokens[taken[1] :]
    unit = _take_unit(rest, 0)
    return not rest or (unit is not None and unit[1] == len(rest))


@dataclass(frozen=True)
class _Split:
    quantity: float
    unit: str | None
    food_text: str
    unit_token: str | None  # the word in the unit position when it is not a known unit
    counted: bool = True  # False when no amount was typed ("raisins", "oatmeal with raisins")
    size: str | None = None  # a size said of the measure ("medium pizza slice"): a hint
    container: str | None = None  # named with a stated weight ("a 5 oz can of"): not the unit
    inches: float | None = None  # a size stated in inches ("a 12 inch pizza")


def split_entry(text: str) -> _Split:
    """Quantity, unit and food words of an entry, without looking anything up."""
    return split_tokens(_tokens(_clean(text)))


def split_tokens(tokens: list[str]) -> _Split:
    """Quantity, unit and food words of an entry's words (see `split_entry`)."""
    if not tokens:
        raise InvalidInput(
            "The entry is empty.", hint="Write what you ate, e.g. '1 cup cooked spinach'."
        )
    tokens, inches = take_dimension(tokens)
    quantity: float | None = None
    unit: str | None = None
    food: list[str] = tokens
    odd_unit: str | None = None
    lead = _take_quantity(tokens, 0)
    qualifier: str | None = None
    container: str | None = None  # "a 5 oz can of tuna": the can says the food is canned
    if lead is not None:
        quantity, used = lead
        rest = tokens[used:]
        qualifier, rest = _measure_qualifier(rest)
        quantity, rest = _pieces_in_an_order(quantity, rest)
        stated = _stated_measure(rest)
        if stated is not None:  # "a 12 oz can of coke": 12 oz of coke
            quantity, unit, food = quantity * stated[0], stated[1], stated[2]
            container = stated[3]
        else:
            unit, food, odd_unit = _unit_after_amount(rest)
    elif (implicit := _implicit_unit(tokens)) is not None:
        # "glass of OJ", "slice of pizza", "grande latte": one of that measure
        quantity, unit, food = 1.0, implicit[0], tokens[implicit[1] :]
    elif (trailing_unit := _trailing_unit(tokens)) is not None:
        # "cheese pizza slice": the measure after the food
        quantity, unit, food = 1.0, trailing_unit, tokens[:-1]
    else:
        # amount after the food: "almonds 30 g", "banana x 2", "milk, 1 cup"
        for cut in range(1, len(tokens)):
            trailing = _take_quantity(tokens, cut)
            if trailing is None:
                continue
            value, used = trailing
            after = tokens[cut + used :]
            unit_hit = _take_unit(after, 0)
            if unit_hit is not None and unit_hit[1] == len(after):
                quantity, unit, food = value, unit_hit[0], tokens[:cut]
                break
            if not after and _NUMBER.match(tokens[cut]):
                quantity, food = value, tokens[:cut]
                break
    if unit is not None and quantity is not None and food[:3] == ["and", "a", "half"]:
        quantity, food = quantity + 0.5, food[3:]  # "a cup and a half of rice"
    while food and food[0] in _LINKERS:
        food = food[1:]
    unit, food, size = _size_of_a_measure(unit, food)
    counted = quantity is not None or inches is not None  # "12 inch pizza": one pizza
    if quantity is None:
        quantity = 1.0
    size = size or qualifier
    text = " ".join(food).strip(" ,.-")
    return _Split(quantity, unit, text, odd_unit, counted, size, container, inches)


_PIECE_COUNTS: Final = frozenset({"piece", "pieces", "pc", "pcs", "count", "ct"})


def _pieces_in_an_order(quantity: float, rest: list[str]) -> tuple[float, list[str]]:
    """'a 10 piece nuggets', 'a 6 pc chicken tenders': an order of that many pieces, so that
    many of the food (not one nugget)."""
    if quantity == 1 and len(rest) > 2 and rest[1] in _PIECE_COUNTS:
        pieces = _number_token(rest[0]) if rest[0][:1].isdigit() else None
        if pieces is not None and pieces >= 1:
            return pieces, rest[2:]
    return quantity, rest


def _measure_qualifier(rest: list[str]) -> tuple[str | None, list[str]]:
    """'a heaping tablespoon of', 'a tall glass of': the word saying how full or big the
    measure is, apart (said in a note, not a food word), and the words after it."""
    if len(rest) > 1 and (rest[0] in MEASURE_QUALIFIERS or rest[0] in WHOLE_MEASURE):
        unit = _take_unit(rest, 1)
        if unit is not None and unit[0] not in _SIZES and unit[0] not in ("tall", "grande"):
            # "a whole bag of chips" is one bag, nothing to say
            return (None if rest[0] in WHOLE_MEASURE else rest[0]), rest[1:]
    return None, rest


def _unit_after_amount(rest: list[str]) -> tuple[str | None, list[str], str | None]:
    """The unit after the amount, the food words, and the word in the unit's place when it is
    no unit ("2 cups rice": cup; "2 eggs": none, the portion word is the food itself)."""
    # "half a cup of", "half of an avocado": articles between the amount and the unit
    skip = 0
    while skip < len(rest) - 1 and rest[skip] in _LINKERS:
        skip += 1
    if skip and _take_unit(rest, skip) is not None:
        rest = rest[skip:]
    unit_hit = _take_unit(rest, 0)
    if unit_hit is not None and unit_hit[0] in FOOD_NAMED_PORTIONS and len(rest) > 1:
        unit_hit = None  # "an egg salad sandwich", "2 cookie dough bites": part of the name
    if unit_hit is not None and unit_hit[0] in UNITS_BEFORE_OF:
        unit_hit = unit_hit if _before_of(unit_hit, rest, 0) else None  # "a side salad"
    if unit_hit is not None:
        food = rest[unit_hit[1] :]
        if [t for t in food if t not in _LINKERS]:
            return unit_hit[0], food, None
        return None, rest, None  # "2 eggs", "1 muffin": the portion word is the food itself
    odd = rest[0] if rest and rest[0].isalpha() and len(rest) > 1 else None
    return None, rest, odd if odd not in _LINKERS else None


def _stated_measure(rest: list[str]) -> tuple[float, str, list[str], str | None] | None:
    """A weight or volume stated after the count ("a 12 oz can of coke", "a 6 oz yogurt"):
    (that amount, its unit, the food words without the container named with it)."""
    if rest and rest[0].startswith("-") and _number_token(rest[0][1:]) is not None:
        raise InvalidInput(
            f"The amount {rest[0]} is negative.", hint="Give an amount above zero, e.g. '30 g'."
        )
    if not rest or not rest[0][:1].isdigit():
        return None
    inner = _take_quantity(rest, 0)
    measure = _take_unit(rest, inner[1]) if inner is not None else None
    if inner is None or measure is None or measure[0] not in CANONICAL_UNITS:
        return None
    food = rest[inner[1] + measure[1] :]
    container = _take_unit(food, 0)
    if container is not None and container[0] not in CANONICAL_UNITS:
        after = food[container[1] :]
        if [t for t in after if t not in _LINKERS]:
            return inner[0], measure[0], after, container[0]
    return inner[0], measure[0], food, None


def parse_entry(text: str, db: FoodDB) -> ParsedEntry:
    """Turn one diary line into food, grams and nutrients (see the module docstring)."""
    original = _entry_text(text)
    read, notes = read_amount_words(original, db)
    typed = _shots(_checked_split(original, read, db), original, db, notes)
    named = _portion_word_in_name(typed, read)
    pair = tuple(named.food_text.split()[:2]) if named is not None else ()
    if named is not None and all(w.isalpha() for w in pair) and names_a_record(pair, db.searcher):
        typed = named  # "2 cube steaks", "chop suey": a USDA name holds the portion word
    named = named if typed.unit in FOOD_NAMED_CUTS else None
    # "2 hot dog links": no record of the other words has that portion, so as typed; "a steak
    # burrito", "a patty melt": a cut right before a food (no "of") names the dish it is in
    tries = [named, _unit_after_the_food(typed, db), typed]
    split, (hits, unit, chosen, chose_notes) = _first_amount(
        [t for i, t in enumerate(tries) if t is not None and t not in tries[:i]], db
    )
    notes.extend(chose_notes)
    food, grams, portion = chosen
    _check_grams(original, food, grams)
    alternatives = [h.food for h in hits if h.food.id != food.id][:5]
    confidence, why = _confidence(words_to_match(split.food_text, food, portion), food, hits, db)
    notes.extend(why)
    if grams < NEXT_TO_NOTHING_G and (unit is None or db.units().get(unit, ("",))[0] != MASS):
        # a count or a measure that weighs next to nothing was probably misread
        confidence = LOW
        notes.append(
            f"That is under {NEXT_TO_NOTHING_G:g} g of {food.description}; check the amount."
        )
    return ParsedEntry(
        text=original,
        quantity=split.quantity,
        unit=split.unit,
        grams=round(grams, 3),
        food=food,
        nutrients=food.nutrients_for(grams),
        alternatives=alternatives,
        portion_used=portion,
        confidence=confidence if not notes or confidence == LOW else MEDIUM,
        notes=tuple(notes),
    )


def _first_amount(
    splits: list[_Split], db: FoodDB
) -> tuple[_Split, tuple[list[FoodHit], str | None, tuple[Food, float, str | None], list[str]]]:
    """The first reading of the entry whose amount can be weighed; else the last one's
    error (the entry as typed)."""
    for i, split in enumerate(splits):
        try:
            return split, _amount(split, db)
        except (InvalidInput, NotFound):
            if i == len(splits) - 1:
                raise
    raise AssertionError("no reading of the entry")


def _portion_word_in_name(split: _Split, read: list[str]) -> _Split | None:
    """'a steak burrito': the portion word standing as the unit read as part of the food
    instead, when it stands right before the food (never 'a steak of ...'); not a size."""
    if split.unit in CANONICAL_UNITS or split.unit in _SIZES or not split.food_text:
        return None
    at = next((i for i, t in enumerate(read) if PORTION_WORDS.get(t) == split.unit), None)
    if at is None or read[at + 1 : at + 2] == ["of"]:
        return None
    return replace(split, unit=None, food_text=f"{read[at]} {split.food_text}")


def _amount(
    split: _Split, db: FoodDB
) -> tuple[list[FoodHit], str | None, tuple[Food, float, str | None], list[str]]:
    """The matches, the unit read, the food and grams chosen, and notes on the choice."""
    hits = _hits(split, db)
    unit = split.unit if split.unit is not None else implied_unit(split.food_text)
    # ("string cheese" is one stick when no unit is typed)
    sized, split, notes = _by_its_dimension(split, unit, hits)
    if sized is not None:
        return hits, unit, sized, notes
    hits, chosen, chose_notes = choose(split, unit, hits, db)
    notes.extend(chose_notes)
    # a first listed measure is no amount anyone reported ("1 tbsp" almond butter, SR)
    listed = (chosen[2] or "").endswith(USUAL_MEASURE)
    if unit is None and (
        listed or (not split.counted and (chosen[1] < SMALL_ITEM_G or _plural(split)))
    ):
        # "raisins", "strawberries", "with raisins": no count was typed, so not one raisin
        # but USDA's amount for a food reported without one ("Quantity not specified"), in
        # the chosen record or another of the same food; "an espresso" is one such amount
        # (FNDDS's 2 fl oz cup), not the 1 fl oz SR weighs espresso by
        typical = with_portion(split, "serving", hits, db, [])
        if typical is not None and _same_food(typical[0], chosen[0]) and typical[1] > chosen[1]:
            chosen = typical
    return hits, unit, chosen, notes


def _by_its_dimension(
    split: _Split, unit: str | None, hits: list[FoodHit]
) -> tuple[tuple[Food, float, str | None] | None, _Split, list[str]]:
    """'a 12 inch pizza' is USDA's pizza of that size ("11-12\" diameter"), not 12 of it nor
    a surface inch; '2 slices of a 14 inch pizza' are slices of its size (a hint); a size
    USDA states for no portion of the food is said in a note."""
    if split.inches is None:
        return None, split, []
    found = by_dimension(split.inches, hits)
    if found is None:
        return None, split, [f"No source gives a {split.inches:g}-inch one; size not counted."]
    food, portion = found
    if unit is None:
        return (food, split.quantity * portion.grams_per_unit, portion.description), split, []
    sizes = sorted(_SIZES & set(portion.unit.lower().replace("-", " ").split()))
    return None, replace(split, size=split.size or (sizes[0] if sizes else None)), []


def _plural(split: _Split) -> bool:
    """The food named in the plural ("strawberries", "almonds"), so more than one of it."""
    last = split.food_text.split()[-1] if split.food_text.split() else ""
    return len(last) > 3 and last.endswith("s") and not last.endswith(("ss", "us", "is"))


def _shots(split: _Split, original: str, db: FoodDB, notes: list[str]) -> _Split:
    """'a double espresso' is 2 shots of espresso, 'a triple vodka' 3 shots; 'a double
    cheeseburger' is a food USDA names so; 'a double latte' is a latte (its strength, said in
    a note)."""
    words = split.food_text.split()
    if split.unit is not None or not words or words[0] not in SHOT_COUNTS:
        return split
    rest = words[1:]
    if rest and PORTION_WORDS.get(rest[0]) == "shot":
        rest = rest[1:]
    while rest and rest[0] in _LINKERS:
        rest = rest[1:]
    if not rest:
        raise InvalidInput(
            f"{original!r} does not say what the shot was.",
            hint="Name the drink, e.g. 'a double shot of espresso'.",
        )
    hits = db.search(" ".join(rest), 1)
    if hits and takes_shots(hits[0].food, db.units()):
        shots = split.quantity * SHOT_COUNTS[words[0]]
        return replace(split, quantity=shots, unit="shot", food_text=" ".join(rest))
    if not hits or not _is_drink(hits[0].food) or names_a_record(tuple(words[:2]), db.searcher):
        return split  # "a double cheeseburger", "double chocolate muffin": part of the name
    notes.append(f"Read {' '.join(words[: len(words) - len(rest)])!r} as the drink's strength.")
    return replace(split, food_text=" ".join(rest))


def _unit_after_the_food(split: _Split, db: FoodDB) -> _Split:
    """'2 sausage links' is 2 links of sausage, '6 asparagus spears' 6 spears of asparagus,
    unless a USDA name holds the pair ('2 fish sticks', '3 chicken wings'); a line naming
    several foods is left whole for the meal reader ("eggs and sausage links")."""
    words = split.food_text.split()
    if split.unit is not None or len(words) < 2 or _JOINED & set(words):
        return split
    unit = PORTION_WORDS.get(words[-1])
    if unit not in TRAILING_UNITS or names_a_record(tuple(words[-2:]), db.searcher):
        return split
    if unit in FOOD_NAMED_CUTS and not names_the_food(words[:-1], db):
        return split  # "a grilled steak": the steak is the food, "grilled" how it was cooked
    rest = " ".join(words[:-1])
    if split.counted or words[-1] == unit:  # "2 sausage links", "sausage link": that many
        return replace(split, unit=unit, food_text=rest, counted=True)
    # "with sausage links", "apple slices": no count, so USDA's usual amount of the food
    return replace(split, unit="serving", food_text=rest)


def _entry_text(text: str) -> str:
    """The entry stripped, refused when empty or longer than one food's line."""
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput(
            "The entry is empty.", hint="Write what you ate, e.g. '1 cup cooked spinach'."
        )
    original = text.strip()
    if len(original) > MAX_TEXT:
        raise InvalidInput(
            f"The entry is {len(original)} characters long; one food per entry, please.",
            hint="Split it into one line per food, e.g. '30 g almonds'.",
        )
    return original


def _checked_split(original: str, read: list[str], db: FoodDB) -> _Split:
    """The entry's amount, unit and food words, refused when one of them cannot be used."""
    unread, fraction = fraction_in_a_name(read, db)
    split = split_tokens(unread)
    if fraction is not None and split.food_text.startswith(unread[read.index(fraction)]):
        split = replace(split, food_text=f"{fraction} {split.food_text}")
    if split.quantity <= 0:
        raise InvalidInput(
            f"The amount in {original!r} is zero.", hint="Give an amount above zero, e.g. '30 g'."
        )
    if not split.food_text:
        raise InvalidInput(
            f"{original!r} has an amount but no food.",
            hint="Add the food, e.g. '30 g almonds'.",
        )
    if split.unit_token is not None and unknown_word(split.unit_token, split.food_text, db):
        # "an everything bagel", "3 blorps almonds": the word may be the food's or a unit's,
        # so the foods it may be and the units both
        rest = split.food_text.split(maxsplit=1)[-1]
        raise InvalidInput(
            f"Unknown word {split.unit_token!r} in {original!r}: no unit and no food's name "
            "holds it.",
            hint=_did_you_mean(rest, db) + " For an amount, use g, oz, cup, tbsp, tsp, fl oz, "
            "or a portion such as slice, piece, small, medium or large.",
        )
    _refuse_unknown_words(split.food_text, db)
    return split


def _did_you_mean(food_text: str, db: FoodDB) -> str:
    suggestions = db.suggestions(food_text, 3)
    if suggestions:
        return "Did you mean: " + "; ".join(suggestions) + "?"
    return "Try a simpler name, e.g. 'spinach', 'almonds' or 'black beans'."


def _refuse_unknown_words(food_text: str, db: FoodDB) -> None:
    _terms, unknown = db.searcher.plan(food_text)
    # a portion word after the food is read as its unit ("an applesauce pouch")
    last = food_text.split()[-1] if food_text.split() else ""
    unknown = [
        w
        for w in unknown
        if w.isalpha() and len(w) > 2 and (w != last or PORTION_WORDS.get(w) not in TRAILING_UNITS)
    ]
    if unknown:
        raise NotFound(
            f"No food matches {food_text!r}: magcoach does not know the word(s) "
            + ", ".join(repr(w) for w in unknown)
            + ".",
            hint=_did_you_mean(food_text, db),
        )


def _hits(split: _Split, db: FoodDB) -> list[FoodHit]:
    """The closest foods; "1 can tuna" means canned tuna, "a can of cola" does not; "a bottle
    of water" is bottled water (not tap water in a bottle), "a bottle of wine" wine."""
    found = db.search(split.food_text, SEARCH_DEPTH)
    hits = in_container_form(split.container or split.unit, split.food_text, found, db)
    if not hits:
        raise NotFound(
            f"No food matches {split.food_text!r}.", hint=_did_you_mean(split.food_text, db)
        )
    return hits


def _check_grams(original: str, food: Food, grams: float) -> None:
    if grams > MAX_GRAMS or not math.isfinite(grams):
        raise InvalidInput(
            f"{original!r} is {grams / 1000:.1f} kg of {food.description}; magcoach refuses "
            f"more than {MAX_GRAMS / 1000:g} kg of one food in one entry.",
            hint="Check the amount and unit (g, not kg?), or split it into several entries.",
        )
    if grams <= 0:
        raise InvalidInput(f"The amount in {original!r} weighs nothing.")
