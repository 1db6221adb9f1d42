"""Amounts as a person types them: one number ("30", "1.5", ".5", "1/2", a range "2-3" for
its middle, "1e3", "½", "two and a half", "a dozen") and the unit word after it.

Shared by the entry reader (`parse.py`), the amount words that need the food data
(`amount_words.py`) and the portion reader (`portions.py`), which finds the volume stated
inside a USDA portion's name ("1 serving 1/2 cup").
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Final

from magcoach.errors import InvalidInput
from magcoach.foods.units import PORTION_WORDS, UNIT_ALIASES

MAX_QUANTITY: Final = 100_000.0  # more of anything than this is a typo, whatever the unit
_NUMBER: Final = re.compile(r"^\d+(?:\.\d+)?$|^\.\d+$")
_FRACTION: Final = re.compile(r"^(\d+)/(\d+)$")
_RANGE: Final = re.compile(r"^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$")
# Words between the two ends of a range ("3 to 4 crackers", "2 or 3 eggs", "2 - 3 cups").
_RANGE_WORDS: Final = frozenset({"to", "or", "-"})
MAX_RANGE_SPREAD: Final = 4.0  # "1 to 2" is a range; "2 or 12" is two amounts, not a range
# Counts that say no number: asked, never guessed ("a few almonds").
VAGUE_COUNTS: Final[dict[str, str]] = {
    "few": "a few",
    "several": "several",
}
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
    "eighth": 1 / 8,  # "an eighth of a cup": a US cup's 2 tbsp
    "dozen": 12,
    "couple": 2,
    "zero": 0,
    "none": 0,
}
PARTS: Final = ("half", "quarter", "third", "eighth")  # a part of one: "an eighth of a cup"
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
_SCIENTIFIC: Final = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?|\.\d+)e([+-]?\d+)(?![\w.])")


def check_amount(value: float, text: str) -> None:
    if not math.isfinite(value) or value > MAX_QUANTITY:
        raise InvalidInput(
            f"The amount {text} is not a plausible amount of food.",
            hint="Write the amount as a plain number, e.g. '30 g' or '1000 g'.",
        )


def number_token(token: str) -> float | None:
    if _NUMBER.match(token):
        value = float(token)
        check_amount(value, token)
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


def _plain_number(match: re.Match[str]) -> str:
    """'1e3' -> '1000'; refuses what is infinite or absurd ('1e308')."""
    text = match.group(0)
    try:
        value = float(text)
    except ValueError:  # pragma: no cover - the pattern only matches numbers
        return text
    check_amount(value, text)
    return f"{value:.6f}".rstrip("0").rstrip(".")


def clean(text: str) -> str:
    for char, repl in UNICODE_FRACTIONS.items():
        text = text.replace(char, f" {repl} ")
    text = unicodedata.normalize("NFKC", text).replace("\u2044", "/")
    text = text.lower().strip()
    text = _SCIENTIFIC.sub(_plain_number, text)  # 1e3 g -> 1000 g
    text = re.sub(r"(\d),(\d{1,2})(?!\d)", r"\1.\2", text)  # 1,5 cups -> 1.5
    text = re.sub(r"(\d),(\d{3})(?!\d)", r"\1\2", text)  # 1,000 g -> 1000
    text = re.sub(r"(\d)\s*/\s*(\d)", r"\1/\2", text)
    text = re.sub(r"(\d)([a-z])", r"\1 \2", text)  # 30g -> 30 g
    text = re.sub(r"\bx(\d)", r"x \1", text)  # "eggs x2" -> "eggs x 2"
    text = re.sub(r"\b(fl)\.?\s*(oz)\b\.?", r"\1_\2", text)  # "16 fl. oz. milk"
    text = re.sub(r"\bfluid\s+ounces?\b", "fl_oz", text)
    text = re.sub(r"\b(tbsp|tsp|oz|lbs?|g|kg|ml|c|pt|qt)\.", r"\1", text)  # "1 c. rice"
    # "one-half cup", "three-quarters of a cup": the number words apart
    text = re.sub(r"\b([a-z]+)-(halfs?|halves|thirds?|quarters?)\b", r"\1 \2", text)
    text = re.sub(r"[()\[\]{};:]", " , ", text)
    return text


def split_words(text: str) -> list[str]:
    return [t for t in re.split(r"[\s,]+", text) if t]


def take_quantity(tokens: list[str], start: int) -> tuple[float, int] | None:
    """Read a quantity at tokens[start:]; returns (value, tokens used) or None."""
    i = start
    n = len(tokens)
    if i >= n:
        return None
    tok = tokens[i]
    if tok.lstrip("+-") in NOT_AMOUNTS and (
        len(tokens) == start + 1 or take_unit(tokens, start + 1) is not None
    ):
        raise InvalidInput(
            f"{tok!r} is not a number.", hint="Write the amount as a number, e.g. '30 g'."
        )
    if tok.startswith("-") and number_token(tok[1:]) is not None:
        raise InvalidInput(
            f"The amount {tok} is negative.", hint="Give an amount above zero, e.g. '30 g'."
        )
    if tok in VAGUE_COUNTS:
        raise InvalidInput(
            f"How many is {VAGUE_COUNTS[tok]!r}? magcoach does not guess a count.",
            hint="Give a number, e.g. '3 crackers' or '10 almonds'.",
        )
    value = number_token(tok)
    if value is not None:
        i += 1
        # "1 1/2" (mixed number)
        if i < n and _FRACTION.match(tokens[i]) and float(value).is_integer():
            extra = number_token(tokens[i])
            if extra is not None and extra < 1:
                value += extra
                i += 1
        value, i = _and_a_part(tokens, value, i)
        value, i = _range_or_dozen(tokens, value, i)
        return value, i - start
    if tok in WORD_NUMBERS:
        value = WORD_NUMBERS[tok]
        i += 1
        # "a half", "a quarter", "a dozen", "a couple (of)"
        if tok in ("a", "an") and i < n and tokens[i] in (*PARTS, "dozen"):
            value = WORD_NUMBERS[tokens[i]]
            i += 1
        if tok in ("a", "an") and i < n and tokens[i] in VAGUE_COUNTS:
            return take_quantity(tokens, i)  # "a few": asked
        if tok in ("a", "an") and tokens[i : i + 1] == ["couple"]:
            value, i = WORD_NUMBERS["couple"], i + 1
            i += 1 if tokens[i : i + 1] == ["of"] else 0
        # "one and a half", "two and a half"
        if i + 2 < n + 1 and tokens[i : i + 3] == ["and", "a", "half"]:
            value += 0.5
            i += 3
        elif i < n and tokens[i] in PARTS and tok not in ("a", "an"):
            # "two thirds", "three quarters"
            value *= WORD_NUMBERS[tokens[i]]
            i += 1
        elif i < n and tokens[i] in ("quarters", "thirds", "halves", "eighths"):
            value *= WORD_NUMBERS[tokens[i].rstrip("s").replace("halve", "half")]
            i += 1
        value, i = _range_or_dozen(tokens, value, i)
        return value, i - start
    return None


def _and_a_part(tokens: list[str], value: float, i: int) -> tuple[float, int]:
    """'1 and 1/2 cups', '2 and a half eggs': a whole number and a part of one."""
    if not float(value).is_integer() or tokens[i : i + 1] != ["and"]:
        return value, i
    if tokens[i + 1 : i + 3] in (["a", "half"], ["a", "quarter"], ["a", "third"]):
        return value + WORD_NUMBERS[tokens[i + 2]], i + 3
    if i + 1 < len(tokens) and _FRACTION.match(tokens[i + 1]):
        part = number_token(tokens[i + 1])
        if part is not None and part < 1:
            return value + part, i + 2
    return value, i


def _range_or_dozen(tokens: list[str], value: float, i: int) -> tuple[float, int]:
    """After a number: "half a dozen", "two dozen" are that many dozens (6, 24); "3 to 4",
    "2 or 3", "2 - 3" a range, read as its middle like "2-3"."""
    rest = tokens[i : i + 2]
    if rest[:1] == ["dozen"] or rest == ["a", "dozen"]:
        step = rest.index("dozen") + 1
        return value * WORD_NUMBERS["dozen"], i + step
    if len(rest) == 2 and rest[0] in _RANGE_WORDS:
        upper = number_token(rest[1]) if _NUMBER.match(rest[1]) else WORD_NUMBERS.get(rest[1])
        if upper is not None and value < upper <= MAX_RANGE_SPREAD * value:
            return (value + upper) / 2, i + 2
    return value, i


_DIMENSION: Final = re.compile(r'^(\d+(?:\.\d+)?)(?:"|-?inch(?:es)?)$')
INCH_WORDS: Final = frozenset({"inch", "inches", "in", '"'})
_DIMENSION_AT_MOST: Final = 3  # where a dimension may stand: "2 slices of a 14 inch pizza"


_A_FOOT_LONG: Final = frozenset({"footlong", "foot-long"})


def take_dimension(tokens: list[str]) -> tuple[list[str], float | None]:
    """'a 12 inch pizza', 'a 6" sub', 'a 10-inch tortilla': the size in inches said of the
    food (never a count of it: not 12 pizzas), and the words without it."""
    for i, tok in enumerate(tokens[: _DIMENSION_AT_MOST + 2]):
        if tok in _A_FOOT_LONG and i + 1 < len(tokens):  # "a footlong sub": 12 inches
            return tokens[:i] + tokens[i + 1 :], 12.0
        joined = _DIMENSION.match(tok)
        if joined and i + 1 < len(tokens):
            return tokens[:i] + tokens[i + 1 :], float(joined.group(1))
        if (
            i + 2 < len(tokens)
            and tokens[i + 1] in INCH_WORDS
            and _NUMBER.match(tok)
            and tokens[i + 2] not in ("a", "an", "the", "my")
        ):
            return tokens[:i] + tokens[i + 2 :], float(tok)
    return tokens, None


def parse_quantity(text: str) -> float:
    """The number in `text`: '2', '1.5', '1/2', '1 1/2', '½', '1½', 'a', 'half', 'two'.

    Raises InvalidInput when `text` is not a quantity on its own.
    """
    if not isinstance(text, str):
        raise InvalidInput("The amount must be text such as '1/2' or '2'.")
    tokens = split_words(clean(text))
    if not tokens:
        raise InvalidInput("The amount is empty.", hint="Write a number such as 2, 1/2 or 1.5.")
    taken = take_quantity(tokens, 0)
    if taken is None or taken[1] != len(tokens):
        raise InvalidInput(
            f"{text.strip()!r} is not an amount.", hint="Write a number such as 2, 1/2 or 1.5."
        )
    return taken[0]


def take_unit(tokens: list[str], start: int) -> tuple[str, int] | None:
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
