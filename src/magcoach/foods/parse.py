"""Free-text amounts: "1 cup cooked spinach", "30g almonds", "half an avocado" -> grams ->
nutrients.

An entry is a quantity (number, decimal, fraction, unicode fraction, scientific notation or
word; non-finite and absurd amounts are refused), an optional unit (mass, volume, one of the
food's own USDA portions such as slice or medium, or a household measure such as a handful,
a glass or a grande) and a food, with the amount before or after the food ("glass of OJ" and
"pizza slice" mean one). Volume units resolve through the food's own USDA portions; unit
factors come from the `units` table the build computed with pint, so parsing never imports
pint. Portion words map to the food's own USDA names (a slice of pizza is its "piece");
household measures (`household.py`) cover what USDA does not list.

The result says how sure the match is (`confidence`, `notes`): typed words the food does not
hold, a typo fix, or another food that fits as well and changes the magnesium. Several foods
in one line are `meal.parse_meal`'s job.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from magcoach.errors import InvalidInput, NotFound
from magcoach.foods.choose import SEARCH_DEPTH, choose, with_portion
from magcoach.foods.confidence import _LINKERS, MEDIUM, _confidence
from magcoach.foods.confidence import LOW as LOW  # imported from here by meal.py
from magcoach.foods.household import measure_for
from magcoach.foods.model import Food
from magcoach.foods.numbers import _FRACTION, _NUMBER
from magcoach.foods.numbers import check_amount as _check_amount
from magcoach.foods.numbers import number_token as _number_token
from magcoach.foods.portions import (
    _SIZES,
)
from magcoach.foods.portions import grams_for as grams_for  # imported from here by app/
from magcoach.foods.search import implied_portion
from magcoach.foods.units import (
    FOOD_NAMED_PORTIONS,
    IMPLICIT_ONE,
    PORTION_WORDS,
    UNIT_ALIASES,
)

if TYPE_CHECKING:
    from magcoach.foods.db import FoodDB
    from magcoach.foods.model import FoodHit

MAX_GRAMS: Final = 5000.0
MAX_TEXT: Final = 300
# Words float() reads as numbers but that are not amounts a person means.
NOT_AMOUNTS: Final = frozenset({"nan", "inf", "infinity"})

WORD_NUMBERS: Final[dict[str, float]] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "half": 0.5,
    "quarter": 0.25,
    "third": 1 / 3,
    "dozen": 12,
    "couple": 2,
    "zero": 0,
    "none": 0,
}
UNICODE_FRACTIONS: Final[dict[str, str]] = {
    "½": "1/2",
    "⅓": "1/3",
    "⅔": "2/3",
    "¼": "1/4",
    "¾": "3/4",
    "⅕": "1/5",
    "⅖": "2/5",
    "⅗": "3/5",
    "⅘": "4/5",
    "⅙": "1/6",
    "⅚": "5/6",
    "⅛": "1/8",
    "⅜": "3/8",
    "⅝": "5/8",
    "⅞": "7/8",
}
SMALL_ITEM_G: Final = 10.0  # one of a food this light (a raisin, a chip) is not a helping
_SCIENTIFIC: Final = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?|\.\d+)e([+-]?\d+)(?![\w.])")


def _plain_number(match: re.Match[str]) -> str:
    """'1e3' -> '1000'; refuses what is infinite or absurd ('1e308')."""
    text = match.group(0)
    try:
        value = float(text)
    except ValueError:  # pragma: no cover - the pattern only matches numbers
        return text
    _check_amount(value, text)
    return f"{value:.6f}".rstrip("0").rstrip(".")


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


# ---------------------------------------------------------------- text clean-up


def _clean(text: str) -> str:
    for char, repl in UNICODE_FRACTIONS.items():
        text = text.replace(char, f" {repl} ")
    text = unicodedata.normalize("NFKC", text).replace("\u2044", "/")
    text = text.lower().strip()
    text = _SCIENTIFIC.sub(_plain_number, text)  # 1e3 g -> 1000 g
    text = re.sub(r"(\d),(\d{1,2})(?!\d)", r"\1.\2", text)  # 1,5 cups -> 1.5
    text = re.sub(r"(\d),(\d{3})(?!\d)", r"\1\2", text)  # 1,000 g -> 1000
    text = re.sub(r"(\d)\s*/\s*(\d)", r"\1/\2", text)
    text = re.sub(r"(\d)([a-z])", r"\1 \2", text)  # 30g -> 30 g
    text = re.sub(r"\b(fl)\.?\s*(oz)\b", r"\1_\2", text)
    text = re.sub(r"\bfluid\s+ounces?\b", "fl_oz", text)
    text = re.sub(r"\b(tbsp|tsp|oz|lbs?|g|kg|ml)\.", r"\1", text)
    text = re.sub(r"[()\[\]{};:]", " , ", text)
    return text


def _tokens(text: str) -> list[str]:
    return [t for t in re.split(r"[\s,]+", text) if t]


# ---------------------------------------------------------------- quantities


def _take_quantity(tokens: list[str], start: int) -> tuple[float, int] | None:
    """Read a quantity at tokens[start:]; returns (value, tokens used) or None."""
    i = start
    n = len(tokens)
    if i >= n:
        return None
    tok = tokens[i]
    if tok.lstrip("+-") in NOT_AMOUNTS and (
        len(tokens) == start + 1 or _take_unit(tokens, start + 1) is not None
    ):
        raise InvalidInput(
            f"{tok!r} is not a number.", hint="Write the amount as a number, e.g. '30 g'."
        )
    if tok.startswith("-") and _number_token(tok[1:]) is not None:
        raise InvalidInput(
            f"The amount {tok} is negative.", hint="Give an amount above zero, e.g. '30 g'."
        )
    value = _number_token(tok)
    if value is not None:
        i += 1
        # "1 1/2" (mixed number)
        if i < n and _FRACTION.match(tokens[i]) and float(value).is_integer():
            extra = _number_token(tokens[i])
            if extra is not None and extra < 1:
                value += extra
                i += 1
        return value, i - start
    if tok in WORD_NUMBERS:
        value = WORD_NUMBERS[tok]
        i += 1
        # "a half", "a quarter", "a dozen", "a couple (of)"
        if tok in ("a", "an") and i < n and tokens[i] in ("half", "quarter", "third", "dozen"):
            value = WORD_NUMBERS[tokens[i]]
            i += 1
        # "one and a half", "two and a half"
        if i + 2 < n + 1 and tokens[i : i + 3] == ["and", "a", "half"]:
            value += 0.5
            i += 3
        elif i < n and tokens[i] in ("half", "quarter", "third") and tok not in ("a", "an"):
            # "two thirds", "three quarters"
            value *= WORD_NUMBERS[tokens[i]]
            i += 1
        elif i < n and tokens[i] in ("quarters", "thirds", "halves"):
            value *= WORD_NUMBERS[tokens[i].rstrip("s").replace("halve", "half")]
            i += 1
        return value, i - start
    return None


def parse_quantity(text: str) -> float:
    """The number in `text`: '2', '1.5', '1/2', '1 1/2', '½', '1½', 'a', 'half', 'two'.

    Raises InvalidInput when `text` is not a quantity on its own.
    """
    if not isinstance(text, str):
        raise InvalidInput("The amount must be text such as '1/2' or '2'.")
    tokens = _tokens(_clean(text))
    if not tokens:
        raise InvalidInput("The amount is empty.", hint="Write a number such as 2, 1/2 or 1.5.")
    taken = _take_quantity(tokens, 0)
    if taken is None or taken[1] != len(tokens):
        raise InvalidInput(
            f"{text.strip()!r} is not an amount.", hint="Write a number such as 2, 1/2 or 1.5."
        )
    return taken[0]


# ---------------------------------------------------------------- units


def _take_unit(tokens: list[str], start: int) -> tuple[str, int] | None:
    """Read a unit at tokens[start:]: (canonical unit or portion word, tokens used)."""
    if start >= len(tokens):
        return None
    tok = tokens[start]
    if tok == "fl_oz":
        return "fl oz", 1
    if start + 1 < len(tokens):
        pair = f"{tok} {tokens[start + 1]}"
        if pair in UNIT_ALIASES:
            return UNIT_ALIASES[pair], 2
        if pair in PORTION_WORDS:
            return PORTION_WORDS[pair], 2
    if tok in UNIT_ALIASES:
        return UNIT_ALIASES[tok], 1
    if tok in PORTION_WORDS:
        return PORTION_WORDS[tok], 1
    return None


def _size_of_a_measure(unit: str | None, food: list[str]) -> tuple[str | None, list[str]]:
    """'small handful of almonds', 'large glass of milk', 'medium pizza slice': the size
    words describe the measure or the whole food; the measure (handful, glass, slice) is
    the unit."""
    if unit not in _SIZES or not food:
        return unit, food
    inner = _take_unit(food, 0)
    if inner is not None and (inner[0] in IMPLICIT_ONE or inner[0] == "bag"):
        rest = food[inner[1] :]
        while rest and rest[0] in _LINKERS:
            rest = rest[1:]
        if rest:
            # "small bag of chips": USDA sizes the bag ("1 small single serving bag")
            return (unit if inner[0] == "bag" else inner[0]), rest
    last = PORTION_WORDS.get(food[-1])
    if len(food) > 1 and last in ("slice", "piece", "wedge", "square", "scoop"):
        return last, food[:-1]
    return unit, food


def _implicit_unit(tokens: list[str]) -> tuple[str, int] | None:
    """A measure that starts the entry without a number ("bowl of", "the glass of", "grande"):
    (unit, index where the food starts), or None."""
    start = 1 if tokens and tokens[0] in ("the", "my") else 0
    hit = _take_unit(tokens, start)
    if hit is None or hit[0] not in IMPLICIT_ONE:
        return None
    rest = tokens[start + hit[1] :]
    if not [t for t in rest if t not in _LINKERS]:
        return None  # "medium" alone, "a slice": no food
    return hit[0], start + hit[1]


def _trailing_unit(tokens: list[str]) -> str | None:
    """'pizza slice', 'watermelon wedge': a piece word after the food, no number anywhere."""
    if len(tokens) < 2 or any(_number_token(t) is not None for t in tokens):
        return None
    unit = PORTION_WORDS.get(tokens[-1])
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


def split_entry(text: str) -> _Split:
    """Quantity, unit and food words of an entry, without looking anything up."""
    tokens = _tokens(_clean(text))
    if not tokens:
        raise InvalidInput(
            "The entry is empty.", hint="Write what you ate, e.g. '1 cup cooked spinach'."
        )
    quantity: float | None = None
    unit: str | None = None
    food: list[str] = tokens
    odd_unit: str | None = None
    lead = _take_quantity(tokens, 0)
    if lead is not None:
        quantity, used = lead
        rest = tokens[used:]
        # "half a cup of", "half of an avocado": articles between the amount and the unit
        skip = 0
        while skip < len(rest) - 1 and rest[skip] in _LINKERS:
            skip += 1
        if skip and _take_unit(rest, skip) is not None:
            rest = rest[skip:]
        unit_hit = _take_unit(rest, 0)
        if unit_hit is not None and unit_hit[0] in FOOD_NAMED_PORTIONS and len(rest) > 1:
            unit_hit = None  # "an egg salad sandwich", "2 cookie dough bites": part of the name
        if unit_hit is not None:
            unit, used_unit = unit_hit
            food = rest[used_unit:]
            if not [t for t in food if t not in _LINKERS]:
                # "2 eggs", "1 muffin": the portion word is the food itself
                unit, food = None, rest
        else:
            food = rest
            if rest and rest[0].isalpha() and len(rest) > 1 and rest[0] not in _LINKERS:
                odd_unit = rest[0]
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
    while food and food[0] in _LINKERS:
        food = food[1:]
    unit, food = _size_of_a_measure(unit, food)
    counted = quantity is not None
    if quantity is None:
        quantity = 1.0
    return _Split(quantity, unit, " ".join(food).strip(" ,.-"), odd_unit, counted)


def parse_entry(text: str, db: FoodDB) -> ParsedEntry:
    """Turn one diary line into food, grams and nutrients (see the module docstring)."""
    original = _entry_text(text)
    split = _checked_split(original, db)
    hits = _hits(split, db)
    unit = split.unit if split.unit is not None else implied_portion(split.food_text)
    # ("string cheese" is one stick when no unit is typed)
    hits, chosen, notes = choose(split, unit, hits, db)
    if unit is None and not split.counted and chosen[1] < SMALL_ITEM_G:
        # "raisins", "with raisins": no count was typed, so not one raisin but USDA's
        # amount for a food reported without one ("Quantity not specified")
        typical = with_portion(split, "serving", hits, db, [])
        chosen = typical if typical is not None and typical[0] == chosen[0] else chosen
    food, grams, portion = chosen
    _check_grams(original, food, grams)
    alternatives = [h.food for h in hits if h.food.id != food.id][:5]
    confidence, why = _confidence(split.food_text, food, hits, db)
    notes.extend(why)
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


def _checked_split(original: str, db: FoodDB) -> _Split:
    """The entry's amount, unit and food words, refused when one of them cannot be used."""
    split = split_entry(original)
    if split.quantity <= 0:
        raise InvalidInput(
            f"The amount in {original!r} is zero.", hint="Give an amount above zero, e.g. '30 g'."
        )
    if not split.food_text:
        raise InvalidInput(
            f"{original!r} has an amount but no food.",
            hint="Add the food, e.g. '30 g almonds'.",
        )
    if split.unit_token is not None and db.searcher.correct(split.unit_token) is None:
        raise InvalidInput(
            f"Unknown unit {split.unit_token!r} in {original!r}.",
            hint="Use g, kg, mg, oz, lb, ml, l, cup, tbsp, tsp, fl oz, or a portion such as "
            "slice, piece, small, medium or large.",
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
    unknown = [w for w in unknown if w.isalpha() and len(w) > 2]
    if unknown:
        raise NotFound(
            f"No food matches {food_text!r}: magcoach does not know the word(s) "
            + ", ".join(repr(w) for w in unknown)
            + ".",
            hint=_did_you_mean(food_text, db),
        )


def _hits(split: _Split, db: FoodDB) -> list[FoodHit]:
    """The closest foods; "1 can tuna" means canned tuna, "a can of cola" does not."""
    search_text = split.food_text
    hits = db.search(search_text, limit=SEARCH_DEPTH)
    if split.unit == "can" and "canned" not in search_text and not _has_can(hits, db):
        canned = db.search(search_text + " canned", limit=SEARCH_DEPTH)
        hits = canned or hits
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


def _has_can(hits: list[FoodHit], db: FoodDB) -> bool:
    """Whether the best match is sold by the can (a drink): then "can" is its size."""
    if not hits:
        return False
    food = hits[0].food
    return any(p.key == "can" for p in food.portions) or measure_for("can", food) is not None
