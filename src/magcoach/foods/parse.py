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
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from magcoach.errors import InvalidInput, NotFound
from magcoach.foods.household import FIRST, measure_for
from magcoach.foods.model import Food, Portion
from magcoach.foods.search import implied_portion
from magcoach.foods.units import (
    COUNT_PORTION_WORDS,
    DRINK_CONTAINERS,
    FOOD_NAMED_PORTIONS,
    IMPLICIT_ONE,
    MASS,
    PORTION_ALIASES,
    PORTION_WORDS,
    UNIT_ALIASES,
    VOLUME,
)

if TYPE_CHECKING:
    from magcoach.foods.db import FoodDB
    from magcoach.foods.model import FoodHit

MAX_GRAMS: Final = 5000.0
MAX_TEXT: Final = 300
MAX_QUANTITY: Final = 100_000.0  # more of anything than this is a typo, whatever the unit
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
_NUMBER: Final = re.compile(r"^\d+(?:\.\d+)?$|^\.\d+$")
_FRACTION: Final = re.compile(r"^(\d+)/(\d+)$")
_RANGE: Final = re.compile(r"^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$")
_LINKERS: Final = frozenset({"of", "a", "an", "the"})
SEARCH_DEPTH: Final = 10  # hits looked at: the best few, then a record that has portions
SCORE_BAND: Final = 1.0  # hits this close to the best count as the same guess
HIGH, MEDIUM, LOW = "high", "medium", "low"
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


def _check_amount(value: float, text: str) -> None:
    if not math.isfinite(value) or value > MAX_QUANTITY:
        raise InvalidInput(
            f"The amount {text} is not a plausible amount of food.",
            hint="Write the amount as a plain number, e.g. '30 g' or '1000 g'.",
        )


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


def _number_token(token: str) -> float | None:
    if _NUMBER.match(token):
        value = float(token)
        _check_amount(value, token)
        return value
    frac = _FRACTION.match(token)
    if frac:
        den = float(frac.group(2))
        if den == 0:
            raise InvalidInput(f"{token!r} divides by zero; write the amount as e.g. 1/2.")
        return float(frac.group(1)) / den
    rng = _RANGE.match(token)
    if rng:
        return (float(rng.group(1)) + float(rng.group(2))) / 2
    return None


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
    if inner is not None and inner[0] in IMPLICIT_ONE and inner[0] not in _SIZES:
        rest = food[inner[1] :]
        while rest and rest[0] in _LINKERS:
            rest = rest[1:]
        if rest:
            return inner[0], rest
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
    if quantity is None:
        quantity = 1.0
    return _Split(quantity, unit, " ".join(food).strip(" ,.-"), odd_unit)


# ---------------------------------------------------------------- grams


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


_CATEGORY_WORDS: Final = frozenset({"nuts", "seeds", "fish", "beverages", "cereals", "candies"})


def _head_words(food: Food) -> set[str]:
    segments = food.description.lower().split(",")
    head = re.findall(r"[a-z]+", segments[0])
    if set(head) <= _CATEGORY_WORDS and len(segments) > 1:
        head = re.findall(r"[a-z]+", segments[1])
    words = set(head)
    for w in head:
        words.add(w[:-3] + "y" if w.endswith("ies") else w.rstrip("s"))
    return words


def _yields(portion: Portion) -> bool:
    """'1 fruit yields', '1 medium, raw, yields': what a raw item becomes, not one of the
    food ('1 medium slice (yield after cooking)' is a slice of cooked bacon, and counts)."""
    return re.search(r"\byields\b", portion.unit.lower()) is not None


def _count_portion(food: Food) -> Portion | None:
    head = _head_words(food)
    by_key: dict[str, Portion] = {}
    for p in food.portions:
        if not _yields(p):
            by_key.setdefault(p.key, p)
    for word in ("medium", "regular", *sorted(head)):
        if word in by_key:
            return by_key[word]
    for word in COUNT_PORTION_WORDS:
        if word in by_key:
            return by_key[word]
    for p in food.portions:
        if p.key.rstrip("s") in head and not _yields(p):
            return p
    # USDA's own typical amount of a food named without a unit ("Quantity not specified")
    for word in ("quantity", "nlea serving", "slice"):
        if word in by_key:
            return by_key[word]
    return None


_USUAL_SIZE: Final = frozenset({"nfs", "regular"})
_SIZES: Final = frozenset({"small", "medium", "large", "extra large", "jumbo", "extra small"})
_OTHER_SIZE: Final = frozenset(
    {"mini", "miniature", "small", "large", "jumbo", "extra", "snack", "bite", "thin", "thick"}
)


def _best(portions: list[Portion], hints: frozenset[str]) -> Portion:
    """The portion whose wording matches the entry ("ground" flaxseed), else the plainest."""

    def rank(p: Portion) -> tuple[int, int, int]:
        words = set(re.findall(r"[a-z]+", p.unit.lower()))
        # then the plainest, then the usual size: "1 piece, NFS" before "1 piece, small
        # pizza", "1 regular ear" before "1 mini ear"; then USDA's own order
        size = 0 if words & _USUAL_SIZE else 2 if words & _OTHER_SIZE else 1
        return (-len(words & hints), _plain(p), size)

    return min(portions, key=rank)


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


def _household_grams(
    food: Food, quantity: float, unit: str, units: dict[str, tuple[str, float]]
) -> tuple[float, str] | None:
    row = measure_for(unit, food)
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
        # "1 chicken thigh", "2 pork chops": the last food word names one of its portions
        # ("string cheese" is cheese, not a 4.7 g string of it)
        named = (
            [p for p in food.portions if p.key and p.key in (last_word, last_word.rstrip("s"))]
            if last_word in PORTION_WORDS  # "thigh", "chop", "egg"; never "sandwich"
            else []
        )
        portion = _best(named, hints) if named else _count_portion(food)
        if portion is None:
            raise _NoPortion("a unit")
        return quantity * portion.grams_per_unit, portion.description
    row = measure_for(unit, food)
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
    for word in (unit, *PORTION_ALIASES.get(unit, ())):
        # "1 bottle (12 fl oz)" first; then "1 can or bottle (12 fl oz)", which names it later
        matches = [p for p in own if p.key == word]
        if word not in _SIZES:  # "1 medium or regular slice" names a slice too; but "10
            # rings, small" is no small order
            pattern = rf"\b{re.escape(word)}\b"
            matches += [p for p in own if p.key != word and re.search(pattern, p.unit.lower())]
        if matches:
            portion = _best(matches, hints)
            return quantity * portion.grams_per_unit, portion.description
    if unit == "serving":
        matches = [p for p in food.portions if p.key in ("nlea serving", "quantity")]
        if matches:
            portion = _best(matches, hints)
            return quantity * portion.grams_per_unit, portion.description
    if unit in ("medium", "whole", "each", "item", "piece"):
        # "1 medium avocado" when USDA lists only "1 avocado": that is the one
        count = _count_portion(food)
        if count is not None and count.key not in ("large", "small", "extra large", "quantity"):
            return quantity * count.grams_per_unit, count.description
    household = _household_grams(food, quantity, unit, units)
    if household is not None:
        return household
    if unit in DRINK_CONTAINERS:
        cup = units.get(DRINK_CONTAINERS[unit])
        if cup is not None:
            grams = _by_volume(food, cup[1], units, liquid=False)
            if grams is not None:
                return quantity * grams, f"1 {unit} taken as 1 cup (volume converted)"
    raise _NoPortion(unit)


def _portion_list(food: Food) -> str:
    if not food.portions:
        return "it has no household portions in USDA data, so give grams or ounces"
    shown = "; ".join(f"{p.description} = {p.grams:g} g" for p in food.portions[:8])
    more = f" (and {len(food.portions) - 8} more)" if len(food.portions) > 8 else ""
    return f"its portions are: {shown}{more}"


def parse_entry(text: str, db: FoodDB) -> ParsedEntry:
    """Turn one diary line into food, grams and nutrients (see the module docstring)."""
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
    search_text = split.food_text
    _terms, unknown = db.searcher.plan(search_text)
    unknown = [w for w in unknown if w.isalpha() and len(w) > 2]
    if unknown:
        suggestions = db.suggestions(search_text, 3)
        raise NotFound(
            f"No food matches {split.food_text!r}: magcoach does not know the word(s) "
            + ", ".join(repr(w) for w in unknown)
            + ".",
            hint=("Did you mean: " + "; ".join(suggestions) + "?")
            if suggestions
            else "Try a simpler name, e.g. 'spinach', 'almonds' or 'black beans'.",
        )
    hits = db.search(search_text, limit=SEARCH_DEPTH)
    if split.unit == "can" and "canned" not in search_text and not _has_can(hits, db):
        canned = db.search(search_text + " canned", limit=SEARCH_DEPTH)
        hits = canned or hits  # "1 can tuna" means canned tuna; "a can of cola" does not
    words_typed = re.findall(r"[a-z]+", split.food_text.lower())
    hints = frozenset(words_typed)
    last_word = words_typed[-1] if words_typed else ""
    unit = split.unit
    if unit is None:
        unit = implied_portion(search_text)  # "string cheese" is one stick
    if not hits:
        suggestions = db.suggestions(split.food_text, 3)
        hint = (
            "Did you mean: " + "; ".join(suggestions) + "?"
            if suggestions
            else "Try a simpler name, e.g. 'spinach', 'almonds' or 'black beans'."
        )
        raise NotFound(f"No food matches {split.food_text!r}.", hint=hint)
    units = db.units()
    best = hits[0]
    chosen: tuple[Food, float, str | None] | None = None
    notes: list[str] = []
    if unit in DRINK_UNITS:
        hits = _drinks_first(hits, best.score)
    for batch in _batches(hits, search_text, db):
        for hit in batch:
            if hit.score < best.score - SCORE_BAND and not _same_food(hit.food, best.food):
                # past the close guesses only a record of the same food will do: the
                # next-best record that has a portion, said plainly, rather than a refusal
                continue
            try:
                grams, portion = grams_for(
                    hit.food, split.quantity, unit, units, _own_hints(hints, hit.food), last_word
                )
            except _NoPortion:
                continue
            chosen = (hit.food, grams, portion)
            if hit.score < best.score - SCORE_BAND:
                notes.append(
                    f"{best.food.description} has no portion for this amount in USDA data; "
                    f"used {hit.food.description}."
                )
            break
        if chosen is not None:
            break
    if chosen is None and unit in ("slice", "square", "bar"):
        # "a slice of brownie": no close record is sold by the slice, so one of the food
        chosen = _one_of(hits, best.score, split.quantity)
    if chosen is None and split.unit is None:
        chosen = _usual_measure(best.food, split.quantity)
    if chosen is None:
        food = best.food
        what = f"'{split.unit}'" if split.unit else "a count without a unit"
        raise InvalidInput(
            f"Cannot tell how much {what} of {food.description} weighs: {_portion_list(food)}.",
            hint=f"Use one of those portions, or grams (e.g. '100 g {split.food_text}').",
        )
    food, grams, portion = chosen
    if grams > MAX_GRAMS or not math.isfinite(grams):
        raise InvalidInput(
            f"{original!r} is {grams / 1000:.1f} kg of {food.description}; magcoach refuses "
            f"more than {MAX_GRAMS / 1000:g} kg of one food in one entry.",
            hint="Check the amount and unit (g, not kg?), or split it into several entries.",
        )
    if grams <= 0:
        raise InvalidInput(f"The amount in {original!r} weighs nothing.")
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


def _own_hints(hints: frozenset[str], food: Food) -> frozenset[str]:
    """Typed words that say which portion ("ground" flaxseed), not the food's own name: "1 piece,
    small pizza" must not win a "cheese pizza" slice for holding the word "pizza"."""
    return hints - set(re.findall(r"[a-z]+", food.description.lower()))


def _one_of(
    hits: list[FoodHit], best_score: float, quantity: float
) -> tuple[Food, float, str | None] | None:
    """One whole item of the closest record counted in items (a brownie), never a typical
    amount of something that is not cut in slices (raw spinach)."""
    for hit in hits:
        if hit.score < best_score - SCORE_BAND:
            break
        portion = _count_portion(hit.food)
        if portion is not None and portion.key not in ("quantity", "nlea serving"):
            return hit.food, quantity * portion.grams_per_unit, portion.description
    return None


def _usual_measure(food: Food, quantity: float) -> tuple[Food, float, str] | None:
    """A food named without a unit that USDA gives no count or typical amount for: its first
    listed measure, the one USDA puts first ("2 tbsp" peanut butter, "3 oz" salmon)."""
    usual = [p for p in food.portions if not _yields(p)]
    if not usual:
        return None
    return food, quantity * usual[0].grams, f"{usual[0].description} (usual measure)"


DRINK_UNITS: Final = frozenset({"glass", "mug", "can", "bottle", "shot"})


def _is_drink(food: Food) -> bool:
    text = food.description.lower()
    if re.search(r"\b(?:powder|dry|mix|concentrate|condensed)\b", text) and not re.search(
        r"\b(?:prepared|reconstituted)\b", text
    ):
        return False  # lemonade powder is not what fills a glass
    return "beverage" in food.group.lower() or any(p.key == "fl oz" for p in food.portions)


def _drinks_first(hits: list[FoodHit], best_score: float) -> list[FoodHit]:
    """A glass or a mug holds a drink: among the close matches, drinks come first ("a glass
    of chocolate milk" is not milk chocolate candy)."""
    close = [h for h in hits if h.score >= best_score - SCORE_BAND]
    rest = hits[len(close) :]
    return sorted(close, key=lambda h: not _is_drink(h.food)) + rest


def _batches(hits: list[FoodHit], search_text: str, db: FoodDB) -> Iterator[list[FoodHit]]:
    """The first matches, then (searched only if none of those has a usable portion) more."""
    yield hits
    seen = {h.food.id for h in hits}
    yield [h for h in db.search(search_text, limit=60) if h.food.id not in seen]


def _has_can(hits: list[FoodHit], db: FoodDB) -> bool:
    """Whether the best match is sold by the can (a drink): then "can" is its size."""
    if not hits:
        return False
    food = hits[0].food
    return any(p.key == "can" for p in food.portions) or measure_for("can", food) is not None


def _head(food: Food) -> str:
    words = re.findall(r"[a-z]+", food.description.lower())
    return words[0].rstrip("s") if words else ""


def _same_food(a: Food, b: Food) -> bool:
    """Records that name the same food first ("Burrito, with beans, cheese" / "Burrito with
    beans, meatless"): FNDDS 2019-2020 codes new in that release have no portions, and the
    nearest record of the same food that has them is a better answer than a refusal."""
    return _head(a) == _head(b)


def _same_word(a: str, b: str) -> bool:
    """The same word up to a plural ending (berry/berries, tomato/tomatoes)."""

    def base(w: str) -> str:
        if w.endswith("ies"):
            return w[:-3] + "y"
        if w.endswith("es"):
            return w[:-2]
        return w.rstrip("s")

    return a == b or base(a) == base(b) or base(a) == b or a == base(b)


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
    name = {searcher.stem(w) for w in re.findall(r"[a-z]+", food.description.lower())}
    # the words as rewritten by synonyms, or as typed, whichever the food holds better
    missing = [t for t in searcher.plan(food_text)[0] if searcher.stem(t) not in name]
    if missing:  # the words as typed may fit better than their synonyms ("whiskey and cola")
        typed_terms = searcher.plan(food_text, synonyms=False)[0]
        missing = min(missing, [t for t in typed_terms if searcher.stem(t) not in name], key=len)
    typed = [w for w in re.findall(r"[a-z]+", food_text.lower()) if w not in _LINKERS]
    fixed = [
        f"{w!r} as {c!r}"
        for w in typed
        if (c := searcher.correct(w)) is not None and " " not in c and not _same_word(w, c)
    ]
    notes: list[str] = []
    level = HIGH
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
