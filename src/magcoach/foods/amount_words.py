"""Amount words whose reading depends on the food data: a unit typed with a slip ("handfull",
"peice"), a portion word after the food ("2 sausage links") that is no part of a USDA name
("fish sticks", "chicken wings" are), and "double" before a drink served by the shot.

The rules are general and read the data: a slip is one keystroke from a known unit word and
keeps its first letter (never a guess between two units, "tsb" is asked); a word pair names a
food when a USDA record (not a brand's product) holds both words in one part of its name.
"""

from __future__ import annotations

import re
import sqlite3
from functools import lru_cache
from typing import TYPE_CHECKING, Final

from magcoach.errors import InvalidInput
from magcoach.foods.confidence import _LINKERS, _same_word
from magcoach.foods.household import measure_for
from magcoach.foods.items import _A_CUT
from magcoach.foods.numbers import clean, split_words, take_quantity
from magcoach.foods.portions import SCORE_BAND, household_measure
from magcoach.foods.query_words import implied_portion, load_synonyms
from magcoach.foods.query_words import words as name_words
from magcoach.foods.survey import SEARCH_DEPTH, name_stems
from magcoach.foods.units import (
    AMBIGUOUS_UNITS,
    MEASURE_QUALIFIERS,
    PORTION_WORDS,
    SIZE_SYNONYMS,
    UNIT_ALIASES,
)
from magcoach.foods.wording import COOKED_FORMS, OTHER_FORMS, RAW_FORM, word_forms

if TYPE_CHECKING:
    from magcoach.foods.db import FoodDB
    from magcoach.foods.model import Food, FoodHit, Portion
    from magcoach.foods.search import Searcher

MIN_SLIP_LENGTH: Final = 3  # "c", "g", "oz": too short to tell a slip from another unit
LONG_WORD: Final = 7  # from this length two slips still leave the word recognisable
RECORDS_LOOKED_AT: Final = 300
DOUBLE: Final = 2  # shots in a double
SHOT_SLACK: Final = 1.25  # a drink's usual amount may be this much over a double and be shots


def canonical(word: str) -> str:
    """The unit a known unit word stands for ('slices' -> 'slice', 'tbs' -> 'tbsp')."""
    if word in AMBIGUOUS_UNITS:
        return word.removesuffix("s")
    return UNIT_ALIASES.get(word) or PORTION_WORDS.get(word) or word


@lru_cache(maxsize=1)
def _unit_words() -> tuple[str, ...]:
    words = {*UNIT_ALIASES, *PORTION_WORDS, *AMBIGUOUS_UNITS}
    return tuple(sorted(w for w in words if w.isalpha() and len(w) >= MIN_SLIP_LENGTH))


@lru_cache(maxsize=2048)
def unit_slips(word: str, *, any_key: bool = False) -> tuple[str, ...]:
    """The known unit words `word` is one slip away from (two in a long word), keeping its
    first letter: 'handfull' -> ('handful',), 'peice' -> ('piece',), 'plat' -> ('pat',
    'plate'). A slip is a keystroke: two letters swapped, one left out or doubled, or a
    neighbouring key ('smear' is no 'spear'); with `any_key`, any key (the units a word might
    also have meant: 'tsb' may be 'tsp')."""
    if len(word) < MIN_SLIP_LENGTH or not word.isalpha():
        return ()
    allowed = 2 if len(word) >= LONG_WORD else 1
    found: dict[int, list[str]] = {}
    for known in _unit_words():
        if known[0] != word[0] or abs(len(known) - len(word)) > allowed:
            continue
        distance = keystrokes(word, known, any_key=any_key)
        if 0 < distance <= allowed:
            found.setdefault(distance, []).append(known)
    return tuple(found[min(found)]) if found else ()


_ROWS: Final = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_ROW_SHIFT: Final = (0.0, 0.25, 0.75)  # how far each row of keys sits to the right
_TOUCHING: Final = 0.8  # keys on next rows this close across are neighbours


@lru_cache(maxsize=1)
def _neighbours() -> dict[str, frozenset[str]]:
    """The keys touching each key of a QWERTY keyboard."""
    place = {ch: (r, c + _ROW_SHIFT[r]) for r, row in enumerate(_ROWS) for c, ch in enumerate(row)}
    return {
        ch: frozenset(
            other
            for other, (r2, x2) in place.items()
            if other != ch
            and ((r2 == r and abs(x2 - x) == 1) or (abs(r2 - r) == 1 and abs(x2 - x) <= _TOUCHING))
        )
        for ch, (r, x) in place.items()
    }


def keystrokes(typed: str, known: str, *, any_key: bool = False) -> int:
    """Slips from `known` to `typed`: a letter left out, added or swapped with the next one is
    one slip, a letter replaced by a neighbouring key one, by any other key two (one with
    `any_key`)."""
    near = _neighbours()
    prev2: list[int] = []
    prev = list(range(len(known) + 1))
    for i, a in enumerate(typed, start=1):
        cur = [i] + [0] * len(known)
        for j, b in enumerate(known, start=1):
            swap = 0 if a == b else 1 if any_key or b in near.get(a, ()) else 2
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + swap)
            if i > 1 and j > 1 and a == known[j - 2] and typed[i - 2] == b:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[len(known)]


def names_a_record(words: tuple[str, ...], searcher: Searcher) -> bool:
    """Whether a USDA record names these words together, in one part of its name: "fish
    sticks" ("Fish, fish sticks, frozen"), "chicken wings" ("Chicken wing, fried"), "big mac";
    not "sausage links" ("Sausage, pork, chorizo, link or ground": the link is another part).
    A common name of synonyms.csv is a name too ("ham steak", "poke bowl", "sausage links")."""
    typed = tuple(w.lower() for w in words)
    if typed and {(*typed[:-1], form) for form in word_forms(typed[-1])} & _common_names():
        return True  # "poke bowls" too
    stems = tuple(searcher.stem(searcher.correct(w) or w) for w in words)
    return _named(searcher.con, tuple(words), stems, searcher)


@lru_cache(maxsize=1)
def _common_names() -> frozenset[tuple[str, ...]]:
    return frozenset(syn.phrase for syn in load_synonyms() if len(syn.phrase) > 1)


@lru_cache(maxsize=4096)
def _named(
    con: sqlite3.Connection, words: tuple[str, ...], stems: tuple[str, ...], searcher: Searcher
) -> bool:
    from magcoach.foods.build import KIND_BRANDED  # here: parsing a line never loads the build

    match = "name : (" + " AND ".join(f'"{w}"' for w in words if w.isalpha()) + ")"
    rows = con.execute(
        "SELECT f.description FROM foods_fts JOIN foods f ON f.rowid = foods_fts.rowid "
        "WHERE foods_fts MATCH ? AND f.kind != ? LIMIT ?",
        (match, KIND_BRANDED, RECORDS_LOOKED_AT),
    ).fetchall()
    for (description,) in rows:
        for part in re.split(r"[,()]", description.lower()):
            if _holds_in_order([searcher.stem(w) for w in name_words(part)], stems):
                return True
    return False


def _holds_in_order(name: list[str], stems: tuple[str, ...]) -> bool:
    """Whether the words follow one another in this part of a name, an "X or" alternative
    left out ("Chicken tenders or strips" holds "chicken strips")."""
    kept = [w for i, w in enumerate(name) if w != "or" and name[i + 1 : i + 2] != ["or"]]
    n = len(stems)
    return any(tuple(kept[i : i + n]) == stems for i in range(len(kept) - n + 1))


def takes_shots(food: Food, units: dict[str, tuple[str, float]]) -> bool:
    """Whether the food is drunk by the shot (espresso, spirits): it has a shot, and USDA's
    usual amount of it is no more than a double (a gin and tonic is a glass, not shots)."""
    row = measure_for("shot", food)
    own = next((p for p in food.portions if p.key == "shot"), None)
    if own is not None:
        shot = own.grams_per_unit
    elif row is not None and row.unit in units:
        shot = row.amount * units[row.unit][1]  # millilitres, about grams for a drink
    else:
        return False
    usual = next((p for p in food.portions if p.key == "quantity"), None)
    return usual is None or usual.grams <= DOUBLE * shot * SHOT_SLACK


def words_to_match(food_text: str, food: Food, portion: str | None) -> str:
    """The typed words the food's name should hold: not those that name one of its USDA
    portions ("2 fig newtons" is "1 Newton bar" of "Cookie, fig bar"; "cherry tomatoes" are
    "Tomatoes, raw", whose "1 cherry" is a portion)."""
    name = _name_words(food.description)
    typed = food_text.split()
    outside = [w for w in typed if w not in name]
    if not outside:
        return food_text
    said = _portion_keys(food)
    used = next((p for p in food.portions if p.description == portion), None)
    if used is not None:
        said = said | _name_words(used.unit)
    kept = [w for w in typed if w in name or not {w, w.rstrip("s")} & said]
    return " ".join(kept) or food_text


_KEYS: dict[str, frozenset[str]] = {}


def _portion_keys(food: Food) -> frozenset[str]:
    """The words USDA names this food's portions by, kept per record."""
    keys = _KEYS.get(food.id)
    if keys is None:
        if len(_KEYS) > 8192:
            _KEYS.clear()
        keys = _KEYS[food.id] = frozenset(p.key for p in food.portions if p.key)
    return keys


@lru_cache(maxsize=4096)
def _name_words(description: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z]+", description.lower()))


def _unit_positions(tokens: list[str]) -> list[int]:
    """Where a unit may stand: after the amount ("a handful of"), first before "of" ("slice of
    pizza"), last ("pizza slice", "pizza, 2 slices")."""
    lead = take_quantity(tokens, 0)
    positions: list[int] = []
    if lead is not None:
        i = lead[1]
        while i < len(tokens) - 1 and tokens[i] in _LINKERS:
            i += 1
        positions.append(i)
    else:
        start = 1 if tokens and tokens[0] in ("the", "my") else 0
        positions.append(start)
    if len(tokens) > 1:  # "pizza slcie", "cake, 2 peices"
        positions.append(len(tokens) - 1)
    return [i for i in positions if i < len(tokens)]


def read_amount_words(original: str, db: FoodDB) -> tuple[list[str], list[str]]:
    """The entry with slips in unit words mended ("a handfull of" is a handful, said in a note)
    and "big"/"little" read as sizes unless a USDA name holds them ("big mac"); a word that may
    be either of two units ("tsb", "spoonful") is refused with a question."""
    tokens = split_words(clean(original))
    notes: list[str] = []
    if not any(_unusual(t, db) for t in tokens):
        return tokens, notes  # every word is a unit or a word of the index: nothing to read
    for i in _unit_positions(tokens):
        word, after = tokens[i], tokens[i + 1 : i + 2]
        if word in AMBIGUOUS_UNITS:
            raise InvalidInput(
                f"{word!r} in {original!r} may be {AMBIGUOUS_UNITS[word]}.",
                hint="Write tsp or tbsp, e.g. '1 tbsp peanut butter'.",
            )
        if word in SIZE_SYNONYMS and after:
            if not names_a_record((word, after[0]), db.searcher):
                tokens[i] = SIZE_SYNONYMS[word]
            continue
        before_food = bool(after) and (i > 0 or after == ["of"])
        fixed = _unit_slip(word, original, db) if before_food or i == len(tokens) - 1 else None
        if fixed is not None:
            tokens[i] = fixed.replace(" ", "_")  # the cleaned form of "fl oz"
            notes.append(f"Read {word!r} as {fixed!r}.")
    return split_words(" ".join(tokens)), notes  # "xl" became two words: "extra large"


def _unusual(token: str, db: FoodDB) -> bool:
    """Whether a word may need reading here: a size or unit word written another way, or a
    word the index does not hold as it is."""
    if not token.isalpha() or token in UNIT_ALIASES or token in PORTION_WORDS:
        return False
    return token in SIZE_SYNONYMS or token in AMBIGUOUS_UNITS or db.searcher.correct(token) != token


def _unit_slip(word: str, original: str, db: FoodDB) -> str | None:
    """The unit `word` is a slip for, when it is no food word; refused when two units fit."""
    if word in UNIT_ALIASES or word in PORTION_WORDS or word in MEASURE_QUALIFIERS:
        return None  # a unit, or how full one is ("heaping" is no slip for "helping")
    if not word.isalpha():
        return None
    known = db.searcher.correct(word)
    if known == word or (
        known is not None and _same_word(word, known) and known not in _unit_words()
    ):
        return None  # a food's own word ("chips" is no slip for "chops"), or its plural
    # a keystroke away from a unit word, or the index's own fix is one ("slises": "slices")
    slips = unit_slips(word) or ((known,) if known in _unit_words() else ())
    # never a guess between two units: "tsb" is a slip for "tbs" but may be "tsp"
    rivals = unit_slips(word, any_key=True) if slips else ()
    units = sorted({canonical(w) for w in (*slips, *rivals) if w})
    if len(units) > 1:
        raise InvalidInput(
            f"Is {word!r} in {original!r} " + " or ".join(repr(u) for u in units) + "?",
            hint="Write the unit in full, e.g. '1 tbsp' or '1 tsp'.",
        )
    if units and units[0] in AMBIGUOUS_UNITS:
        raise InvalidInput(
            f"Read {word!r} in {original!r} as {units[0]!r}, which may be "
            f"{AMBIGUOUS_UNITS[units[0]]}.",
            hint="Write tsp or tbsp, e.g. '1 tbsp peanut butter'.",
        )
    return units[0] if units else None


# the form a container gives the food in it: "1 can tuna" is canned tuna, "a bottle of water"
# bottled water (USDA's own names: "Fish, tuna, light, canned", "Water, bottled, plain")
_CONTAINER_FORMS: Final = {"can": "canned", "bottle": "bottled"}


def in_container_form(
    unit: str | None, food_text: str, hits: list[FoodHit], db: FoodDB
) -> list[FoodHit]:
    """The matches for a food typed with its container: "1 can tuna" is canned tuna, "a can
    of cola" a cola (sold by the can); "a bottle of water" is bottled water, not tap water
    poured into a bottle, "a bottle of wine" wine (no bottled wine record)."""
    form = _CONTAINER_FORMS.get(unit or "")
    if form is None or form in food_text or not _takes_form(unit, hits):
        return hits
    formed = db.search(f"{food_text} {form}", limit=SEARCH_DEPTH)
    # the canned food must be the food named ("coconut water canned" finds only canned
    # coconut milk), and hold the form ("wine bottled" finds no bottled wine): else the
    # first matches, and the container is theirs to say
    return formed if formed and _formed_is_named(formed[0], form, hits, food_text, db) else hits


def _same_food_named(canned: FoodHit, first: list[FoodHit], food_text: str, db: FoodDB) -> bool:
    """Whether the canned record is the food named: the same noun as the first match
    ("Fish, salmon, sockeye, canned" of salmon), or, where USDA names no noun, a name holding
    every word typed (as searched: mended, with its common names read)."""
    if not first:
        return True
    searcher = db.searcher
    noun, first_noun = searcher.noun_of(canned.food.id), searcher.noun_of(first[0].food.id)
    if noun and first_noun:
        return noun == first_noun
    typed = {searcher.stem(w) for w in searcher.plan(food_text)[0]}
    return typed <= name_stems(canned.food.description, searcher)


def _formed_is_named(
    formed: FoodHit, form: str, first: list[FoodHit], food_text: str, db: FoodDB
) -> bool:
    """Whether the record in the container's form is the food named: a can's, the same food;
    a bottle's, a name in that form holding every word typed ("Water, bottled, plain"; a
    bottled cranberry drink is no bottle of sports drink)."""
    if not _same_food_named(formed, first, food_text, db):
        return False
    if form == "canned":
        return True
    searcher = db.searcher
    name = name_stems(formed.food.description, searcher)
    typed = {searcher.stem(w) for w in searcher.plan(food_text, synonyms=False)[0]}
    return searcher.stem(form) in name and typed <= name


def _takes_form(unit: str | None, hits: list[FoodHit]) -> bool:
    """Whether the container typed may say the food's form: a can is a drink's size when the
    best match is sold by the can; the best match already in that form needs no other."""
    if not hits:
        return False
    if unit == "can":
        return not _has_can(hits)
    return _CONTAINER_FORMS.get(unit or "", "") not in hits[0].food.description.lower()


def _has_can(hits: list[FoodHit]) -> bool:
    """Whether the best match is sold by the can (a drink): then "can" is its size."""
    if not hits:
        return False
    food = hits[0].food
    return any(p.key == "can" for p in food.portions) or household_measure("can", food) is not None


# A dimension in a portion's name: a span ("1 medium pizza (11-12\" diameter)", "(3-1/2\" to
# 4\" dia)") or one size ("1 Subway Sub (6\" long)", "1 pancake (4\" dia)").
_INCHES: Final = r"\d+(?:-\d+/\d+)?"
_SPAN: Final = re.compile(rf'({_INCHES})"?\s*(?:-|to)\s*({_INCHES})"')
_A_FOOT: Final = re.compile(r"\bfoot[\s-]?long\b", re.IGNORECASE)
FOOT_INCHES: Final = 12.0
_ONE_SIZE: Final = re.compile(rf'\(({_INCHES})"\s*(?:dia|diameter|long)')
HALF_INCH: Final = 0.5  # a size typed this close to the span USDA states is that size


def _in_inches(text: str) -> float:
    whole, _, fraction = text.partition("-")
    top, _, bottom = fraction.partition("/")
    return float(whole) + (float(top) / float(bottom) if bottom else 0.0)


def _span_of(unit: str) -> tuple[float, float] | None:
    if _A_CUT.search(unit):
        return None
    span = _SPAN.search(unit)
    if span is not None:
        return _in_inches(span.group(1)), _in_inches(span.group(2))
    one = _ONE_SIZE.search(unit)
    if one is None and _A_FOOT.search(unit):  # "1 Subway Sub (foot long)": 12 inches
        return FOOT_INCHES, FOOT_INCHES
    return (_in_inches(one.group(1)),) * 2 if one is not None else None


def by_dimension(inches: float, hits: list[FoodHit]) -> tuple[Food, Portion] | None:
    """'a 12 inch pizza', 'a 6 inch pancake': among the close matches, the first portion USDA
    states at that size ("1 medium pizza (11-12\" diameter)"), a whole one, not a cut."""
    for hit in hits:
        if hit.score < hits[0].score - SCORE_BAND:
            break
        for p in hit.food.portions:
            span = _span_of(p.unit)
            if span is not None and span[0] - HALF_INCH <= inches <= span[1] + HALF_INCH:
                return hit.food, p
    return None


_FRACTION_WORDS: Final = frozenset({"half", "quarter", "third"})


def fraction_in_a_name(read: list[str], db: FoodDB) -> tuple[list[str], str | None]:
    """'a quarter pounder': a fraction word that a USDA name holds with the word after it is
    the food's name, not a part of one (the words without it, and the word)."""
    for i, word in enumerate(read[:-1]):
        after = read[i + 1]
        if word not in _FRACTION_WORDS or not after.isalpha() or after in _LINKERS:
            continue
        if names_a_record((word, after), db.searcher):
            return read[:i] + read[i + 1 :], word
    return read, None


def unknown_word(word: str, food_text: str, db: FoodDB) -> bool:
    """Whether a word in the unit's place is neither a unit (a slip of one) nor a word of
    any food's name, a synonym's included ("an everything bagel"); before "of" it is a
    measure, never read as the food word a typo fix would make of it ("a basket of fries" is
    no pig in a blanket)."""
    corrected = db.searcher.correct(word)
    if corrected is not None:
        return corrected != word and food_text.split()[1:2] == ["of"]
    _terms, unknown = db.searcher.plan(food_text)
    return word in unknown


_COOKED_OR_KEPT: Final = COOKED_FORMS | OTHER_FORMS | {RAW_FORM}


def names_the_food(words: list[str], db: FoodDB) -> bool:
    """Whether the words name a food, not only how it was cooked or kept ("grilled", "fried",
    "smoked": the forms a record's later parts name)."""
    return any(db.searcher.stem(w) not in _COOKED_OR_KEPT for w in words)


def implied_unit(food_text: str) -> str | None:
    """The portion a food's name implies ("string cheese": a stick), named in the plural too
    ("2 string cheeses" are 2 sticks, not 2 of the 4.7 g "string" portion)."""
    implied = implied_portion(food_text)
    head, _, last = food_text.rpartition(" ")
    for single in sorted(word_forms(last) - {last}) if implied is None and last else ():
        implied = implied or implied_portion(f"{head} {single}".strip())
    return implied
