"""Which record among the search hits, and how much of it: the closest match that has a
portion for the amount typed (a size first where USDA sizes the food, a weight borrowed for a
record USDA lists without portions), else one of the food or its usual measure."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Final

from magcoach.errors import InvalidInput
from magcoach.foods.confidence import _LINKERS, _same_food
from magcoach.foods.household import measure_words
from magcoach.foods.items import _yields, a_helping_of_a_whole, a_helping_of_meat
from magcoach.foods.model import Food, Portion
from magcoach.foods.portions import (
    _SIZES,
    _STANDARD_SIZES,
    DRINK_UNITS,
    SCORE_BAND,
    _count_portion,
    _forms,
    _head_words,
    _is_drink,
    _name_forms,
    _NoPortion,
    _one_of,
    _own_hints,
    grams_for,
    portion_named,
)
from magcoach.foods.query_words import apply_synonyms
from magcoach.foods.survey import (
    DISAGREE,
    SEARCH_DEPTH,
    as_eaten,
    item_counted,
    name_stems,
    typed_stems,
    words_of,
)
from magcoach.foods.units import MASS
from magcoach.foods.wording import added_foods
from magcoach.foods.wording import word_forms as _word_forms

if TYPE_CHECKING:
    from magcoach.foods.db import FoodDB
    from magcoach.foods.model import FoodHit
    from magcoach.foods.parse import _Split
    from magcoach.foods.search import Searcher

# the size USDA lists nearest to one it does not ("extra large" coffee: its large)
# (a kids meal's, a snack, fun or personal size: the small; a king size: the large)
_NEAREST_SIZE: Final = {
    "extra large": "large",
    "jumbo": "large",
    "extra small": "small",
    "kids": "small",
    "snack": "small",
    "fun": "small",
    "king": "large",
    "personal": "small",
}


_Choice = tuple[Food, float, str | None]
USUAL_MEASURE: Final = " (usual measure)"  # said of USDA's first listed measure; read by parse


def choose(
    split: _Split, unit: str | None, hits: list[FoodHit], db: FoodDB
) -> tuple[list[FoodHit], _Choice, list[str]]:
    """The food and its grams: the closest match that has a portion for the amount, else
    one of the food or its usual measure; refused when nothing says what it weighs."""
    best = hits[0]
    notes: list[str] = []
    # a weight needs no portion ("30 g almonds"); a volume may ("a cup of cherry tomatoes")
    weighed = db.units().get(unit or "", ("",))[0] == MASS
    by_word = None if weighed else _portion_of_the_rest(split, hits, db)
    if by_word is not None:
        hits, hit, portion = by_word
        best = hits[0]  # "a cup of cherry tomatoes": the measure of that food
        if unit is None and split.counted:  # "10 cherry tomatoes": the count is of that portion
            count = (hit.food, split.quantity * portion.grams_per_unit, portion.description)
            return hits, count, notes
        if unit is None:  # "salad with cherry tomatoes": the usual amount of that food
            unit = "serving"
    if unit in DRINK_UNITS or (unit == "cup" and _powder_not_typed(best.food, split)):
        # a glass is a drink; so is a cup of cocoa (not 86 g of the powder by volume)
        hits = _drinks_first(hits, best.score)
    chosen = with_portion(split, unit, hits, db, notes)
    if chosen is not None and item_counted(split, unit, db) and not a_helping_of_a_whole(chosen[2]):
        chosen = as_eaten(split, unit, hits, chosen, db)
    if chosen is None and unit == "slice" and _MEAT.search(best.food.group):
        chosen = _deli_slice(split, best.food, db, notes)
    if chosen is None and unit == "slice" and not _produce(best.food):
        chosen = _slice_of_its_kind(split, best.food, db, notes)
    if chosen is None and unit in _SIZES:
        chosen = _sized_by_name(split, unit, hits, db, notes)
    if chosen is None:  # "a serving of salmon": SR's 3 oz, the FDA's reference amount
        close = [h.food for h in hits[:SEARCH_DEPTH] if h.score >= best.score - SCORE_BAND]
        chosen = a_helping_of_meat(close, split.quantity, unit)
    if chosen is None and unit in ("slice", "square", "bar"):
        # "a slice of brownie": no close record is sold by the slice, so one of the food
        chosen = _one_of(hits, best.score, split.quantity)
    if chosen is None and unit in ("slice", "piece", "square") and not _produce(best.food):
        # "a slice of apple crumble": USDA cuts it in no pieces, so its typical amount
        # (not "2 slices of spinach": a leaf or a berry is not cut, so ask)
        typical = [p for p in best.food.portions if p.key == "quantity"]
        if typical:
            chosen = best.food, split.quantity * typical[0].grams, typical[0].description
            notes.append(f"USDA gives no {unit} of {best.food.description}; used its usual amount.")
    if chosen is None and split.unit is None:
        chosen = _usual_measure(best.food, split.quantity)
    if chosen is None:
        food = best.food
        what = f"'{split.unit}'" if split.unit else "a count without a unit"
        raise InvalidInput(
            f"Cannot tell how much {what} of {food.description} weighs: {_portion_list(food)}.",
            hint=_refusal_hint(split, food),
        )
    if split.size and split.size not in words_of(chosen[2]):
        chosen = _container_of_size(split, unit, hits, chosen)
    if split.size and split.size not in words_of(chosen[2]):
        # "a small handful of almonds": no source weighs a small one, so never silently
        notes.append(
            f"No source gives a {split.size} {split.unit}; weighed as one {split.unit} "
            f"('{split.size}' not counted)."
        )
    return hits, chosen, notes


# SR's meat groups ("Beef Products", "Poultry Products") and FNDDS's ("Beef", "Pork")
_MEAT: Final = re.compile(r"beef|pork|poultry|lamb|veal|meat|turkey|chicken", re.IGNORECASE)
_DELI: Final = "prepackaged or deli luncheon meat"  # FNDDS's name for sliced cold cuts


def _deli_slice(split: _Split, meat: Food, db: FoodDB, notes: list[str]) -> _Choice | None:
    """'2 slices of roast beef' where no record of the cooked meat is sliced: a slice of a
    meat bought sliced, USDA's luncheon meat of the same food ("Beef, prepackaged or deli,
    luncheon meat": "1 slice, NFS", 28 g)."""
    for hit in db.search(f"{split.food_text} {_DELI}", 5):
        if not _same_food(hit.food, meat) or "luncheon" not in hit.food.description.lower():
            continue
        slices = [p for p in hit.food.portions if p.key == "slice"]
        if slices:
            notes.append(f"USDA slices {meat.description.split(',')[0]} as a luncheon meat.")
            return hit.food, split.quantity * slices[0].grams_per_unit, slices[0].description
    return None


def _slice_of_its_kind(split: _Split, food: Food, db: FoodDB, notes: list[str]) -> _Choice | None:
    """'a slice of brie': a food no record slices weighs a slice of its kind, USDA's generic
    record of the food its name starts with ("Cheese, NFS": "1 slice", 21 g)."""
    kind = food.description.split(",")[0]
    for hit in db.search(f"{kind} nfs", 3):
        generic = "nfs" in words_of(hit.food.description)
        if hit.food.id == food.id or not generic or not _same_food(hit.food, food):
            continue
        slices = [p for p in hit.food.portions if p.key == "slice"]
        if slices:
            grams = slices[0].grams_per_unit
            notes.append(
                f"USDA gives no slice of {food.description}; weighed as a slice of "
                f"{hit.food.description} ({grams:g} g)."
            )
            return food, split.quantity * grams, f"{slices[0].description} of {kind.lower()}"
    return None


_PRODUCE: Final = re.compile(r"vegetable|fruit|lettuce|greens|berries", re.IGNORECASE)


def _produce(food: Food) -> bool:
    """Fruit and vegetables: SR's group names them; FNDDS codes them 6 (fruits) and 7
    (vegetables)."""
    fndds_code = food.id.removeprefix("fndds:") if food.id.startswith("fndds:") else ""
    return fndds_code[:1] in ("6", "7") or bool(_PRODUCE.search(food.group))


def _powder_not_typed(food: Food, split: _Split) -> bool:
    """A powder the person did not ask for ("a cup of cocoa" is the drink)."""
    return "powder" in food.description.lower() and "powder" not in split.food_text.lower()


def _refusal_hint(split: _Split, record: Food) -> str:
    """What to type instead: a can's weight is on its label; a handful of small things is
    counted (no cited weight for a handful of cherry tomatoes), a drink measured."""
    food = split.food_text
    in_hand = split.unit in measure_words() and split.unit not in DRINK_UNITS
    if in_hand and _is_drink(record):  # "a handful of grape juice"
        return f"A {split.unit} of {food} is no measure of a drink; give cups or fl oz."
    if split.unit == "can":
        label = f"e.g. '400 g {food}'"
        return f"USDA gives no can of {food}; give the weight on its label ({label}) or cups."
    if split.unit in measure_words():
        count = f"e.g. '10 {food}'"
        return f"A {split.unit} of {food} has no cited weight; give a count ({count}) or cups."
    return f"Use one of those portions, or grams (e.g. '100 g {food}')."


def _container_of_size(
    split: _Split, unit: str | None, hits: list[FoodHit], chosen: _Choice
) -> _Choice:
    """'a small can of salmon': a close record of the same food that weighs that size of the
    container ("1 small can (3.25 oz), drained") before the one that weighs only "1 can"."""
    for hit in hits[:SEARCH_DEPTH]:
        if hit.score < hits[0].score - SCORE_BAND or not _same_food(hit.food, chosen[0]):
            continue
        for p in hit.food.portions:
            words = words_of(p.unit)
            if unit in words and split.size in words:
                return hit.food, split.quantity * p.grams_per_unit, p.description
    return chosen


def with_portion(
    split: _Split, unit: str | None, hits: list[FoodHit], db: FoodDB, notes: list[str]
) -> _Choice | None:
    """The first close match (or a record of the same food) with a portion for the amount;
    says so in `notes` when it is not one of the close guesses."""
    words_typed = re.findall(r"[a-z]+", split.food_text.lower())
    hints = frozenset(words_typed) | ({split.size} if split.size else set())
    last_word = words_typed[-1] if words_typed else ""
    units = db.units()
    best = hits[0]
    typed = typed_stems(split.food_text, db.searcher)
    check = _preparation_check(best.food, typed, db.searcher)
    sized = _sized(unit, hits, units, split.quantity, hints, last_word, check)
    if sized is not None:
        return sized
    if not best.food.portions:
        borrowed = _borrowed(split, unit, hits, db, hints, last_word)
        if borrowed is not None:
            notes.append(
                f"USDA lists no portions for {best.food.description}; its weight is taken "
                f"from {borrowed[1]}."
            )
            return best.food, borrowed[0], borrowed[2]
    for batch in _batches(hits, split.food_text, db):
        for hit in batch:
            if hit is not best and _another_food(hit.food, best.food, typed, db.searcher):
                continue  # milk chocolate with peanuts is no portion of milk chocolate
            if hit.score < best.score - SCORE_BAND and not _same_food(hit.food, best.food):
                # past the close guesses only a record of the same food will do: the
                # next-best record that has a portion, said plainly, rather than a refusal
                continue
            try:
                grams, portion = grams_for(
                    hit.food, split.quantity, unit, units, _own_hints(hints, hit.food), last_word
                )
            except _NoPortion:
                if hit is best and unit is None and (whole := own_container(best.food, 1)):
                    return best.food, split.quantity * whole[1], whole[2]
                continue
            if unit == "slice" and _loaf_slice(hit.food, grams / split.quantity):
                notes.append(f"USDA's slice of {hit.food.description} weighs a loaf's worth.")
                continue
            if hit.score < best.score - SCORE_BAND:
                notes.append(
                    f"{best.food.description} has no portion for this amount in USDA data; "
                    f"used {hit.food.description}."
                )
            if unit is None and split.counted and _bare_size(hit.food, portion):
                item = _item_named_by_another(split, hit, hits, grams, db.searcher, notes)
                if item is not None:
                    return item
            return hit.food, grams, portion
    return None


# FNDDS's thickest slice of any bread is its French bread's "large or thick slice", 96 g
# (51107010); SR's "1 slice" of French or Vienna bread, 139 g, is cut across a whole loaf
BREAD_SLICE_MAX_G: Final = 100.0


def _loaf_slice(food: Food, grams: float) -> bool:
    """Whether one slice of this bread weighs more than any bread's slice does."""
    return grams > BREAD_SLICE_MAX_G and "bread" in food.description.lower()


def _bare_size(food: Food, used: str | None) -> bool:
    """Whether the portion used is only a size ("1 medium" of "Cookie, gingersnaps"), naming
    no item and no dimension: FNDDS sizes many cookies alike (20, 30, 45 g)."""
    portion = next((p for p in food.portions if p.description == used), None)
    return portion is not None and portion.key in _SIZES and words_of(portion.unit) <= _SIZES


# words SR adds to a plain food's name ("Cookies, butter, commercially prepared, enriched")
_PLAIN_WORDS: Final = ("commercially", "prepared", "enriched", "plain", "regular")


@lru_cache(maxsize=4)
def _plain_stems(searcher: Searcher) -> frozenset[str]:
    return frozenset(searcher.stem(w) for w in _PLAIN_WORDS)


def _item_named_by_another(
    split: _Split,
    chosen: FoodHit,
    hits: list[FoodHit],
    grams: float,
    searcher: Searcher,
    notes: list[str],
) -> _Choice | None:
    """'3 ginger snaps': where the record chosen gives only a bare size and a close record of
    the same food (holding the same typed words) gives the item by its name ("1 cookie", 7 g)
    at a weight 4 times apart, the item named is what was counted; said in a note."""
    typed = typed_stems(split.food_text, searcher) & name_stems(chosen.food.description, searcher)
    per_item = grams / split.quantity
    for hit in hits:
        if hit.score < hits[0].score - SCORE_BAND:
            break
        if hit is chosen or not _same_food(hit.food, chosen.food):
            continue
        other = name_stems(hit.food.description, searcher)
        extra = other - name_stems(chosen.food.description, searcher) - typed
        if not typed <= other or extra - _plain_stems(searcher):
            continue  # a variant ("oatmeal, ..., special dietary") is not the same food
        head = _head_words(hit.food)
        named = [p for p in hit.food.portions if p.key in head and not _yields(p)]
        if named and max(per_item, named[0].grams_per_unit) >= DISAGREE * min(
            per_item, named[0].grams_per_unit
        ):
            item = named[0]
            notes.append(
                f"{chosen.food.description} gives only a size ({per_item:g} g); used "
                f"{hit.food.description}, {item.description} = {item.grams:g} g."
            )
            return hit.food, split.quantity * item.grams_per_unit, item.description
    return None


# forms that change what a measure of the food weighs (a handful of dried blueberries)
_WEIGHT_FORMS: Final = frozenset({"dri", "dehydr", "powder", "concentr", "condens", "evapor"})
# a purée weighs more by the cup than the food it is made of (creamed, strained spinach)
_PUREE_FORMS: Final = frozenset({"cream", "strain", "pure"})


def _another_food(candidate: Food, best: Food, typed: frozenset[str], searcher: Searcher) -> bool:
    """Whether `candidate` is a different food from `best` for lending a portion: it holds
    or is served on something the best match and the words typed do not ("Chocolate, milk,
    with peanuts"; "Veggie burger, on bun, with cheese"), or is a form that weighs
    differently by the measure ("Blueberries, dried"; "Tomatoes, sun-dried"), or a drink
    where the best match is not one, or the other way round (a can of peaches is no can of
    peach nectar)."""
    if _is_drink(candidate) != _is_drink(best):
        return True
    extra = _added(candidate.description, searcher) - _added(best.description, searcher)
    if extra - typed:
        return True
    return _other_form(candidate, best, typed, searcher, _WEIGHT_FORMS | _PUREE_FORMS)


def _other_form(
    candidate: Food, best: Food, typed: frozenset[str], searcher: Searcher, kinds: frozenset[str]
) -> bool:
    """A form of the food that weighs differently by the measure (dried, powdered, creamed
    and strained: `kinds`) that neither the best match nor the words typed name."""
    forms = kinds & name_stems(candidate.description, searcher)
    return bool(forms - name_stems(best.description, searcher) - typed)


@lru_cache(maxsize=4096)
def _added(description: str, searcher: Searcher) -> frozenset[str]:
    return frozenset(added_foods(description, searcher.stem))


def _sized_by_name(
    split: _Split, unit: str, hits: list[FoodHit], db: FoodDB, notes: list[str]
) -> _Choice | None:
    """A size USDA gives no portion for: the closest record of the same food that names the
    size ("a large cheeseburger": "Cheeseburger, from fast food, 1 large patty"), else the
    food's usual amount, said in a note ("a large salad")."""
    noun = _food_noun(hits[0].food.description)
    named = db.search(f"{split.food_text} {unit}", SEARCH_DEPTH)
    for hit in named:
        if hit.score < named[0].score - SCORE_BAND:
            break
        description = hit.food.description.lower()
        if _food_noun(description) == noun and re.search(rf"\b{unit}\b", description):
            chosen = with_portion(split, None, [hit], db, [])
            if chosen is not None:
                return chosen
    nearest = _NEAREST_SIZE.get(unit)
    if nearest is not None:  # "an extra large coffee": USDA's large
        chosen = with_portion(split, nearest, hits, db, [])
        if chosen is not None:
            notes.append(
                f"USDA gives no {unit} size of {chosen[0].description}; used its {nearest}."
            )
            return chosen
    # its usual amount: "Quantity not specified" (a large order of nuggets is not one
    # nugget), else one of it (a cheeseburger)
    chosen = with_portion(split, "serving", hits, db, notes) or with_portion(
        split, None, hits, db, notes
    )
    if chosen is not None:
        notes.append(f"USDA gives no sizes for {chosen[0].description}; used its usual amount.")
    return chosen


def _portion_of_the_rest(
    split: _Split, hits: list[FoodHit], db: FoodDB
) -> tuple[list[FoodHit], FoodHit, Portion] | None:
    """'10 cherry tomatoes', '20 baby carrots': a typed word the best match does not hold that
    names a portion of the food the other words name ("Tomatoes, raw": "1 cherry"): the
    matches for the other words, the first close one with that portion, and the portion.
    None when every typed word is in the best match's name."""
    searcher = db.searcher
    typed = [w for w in split.food_text.split() if w.isalpha() and w not in _LINKERS]
    if len(typed) < 2:
        return None
    in_portions = _portionwords_of(db.con)
    name = _name_forms(hits[0].food.description)
    # a word a common name spans names the food, not a portion ("kool aid" is no Kool-Aid bottle)
    kept = set(apply_synonyms(typed))
    typed = [w for w in typed if w in kept]
    # a word USDA names portions by, that the best match's name does not hold
    for word in [w for w in typed if (forms := _word_forms(w)) & in_portions and not forms & name]:
        held = name_stems(hits[0].food.description, searcher)
        if searcher.stem(searcher.correct(word) or word) in held:
            continue
        found = db.search(" ".join(w for w in typed if w != word), SEARCH_DEPTH)
        for hit in found:
            if hit.score < found[0].score - SCORE_BAND:
                break
            portion = portion_named(hit.food, (word,))
            if portion is not None:
                return found, hit, portion
    return None


@lru_cache(maxsize=4)
def _portionwords_of(con: sqlite3.Connection) -> frozenset[str]:
    """The words USDA names portions by ("1 cherry", "1 Newton bar", "1 baby carrot"), read
    once: a typed word that names none of them is no portion."""
    rows = con.execute("SELECT DISTINCT unit_key FROM portions").fetchall()
    return frozenset(_forms(key for (key,) in rows))


def _borrowed(
    split: _Split,
    unit: str | None,
    hits: list[FoodHit],
    db: FoodDB,
    hints: frozenset[str],
    last_word: str,
) -> tuple[float, str, str | None] | None:
    """The best match has no portions (FNDDS 2019-2020 codes new in that release, such as
    "Turkey sandwich on white"): the weight of the same amount of the nearest record of the
    same kind of food ("Turkey sandwich, with spread"): (grams, that record, portion)."""
    noun = _food_noun(hits[0].food.description)
    units = db.units()
    kind = re.split(r"\s(?:on|with|in)\s", hits[0].food.description.split(",")[0])[0]
    typed = typed_stems(split.food_text, db.searcher)
    for batch in (*_batches(hits, split.food_text, db), db.search(kind, limit=SEARCH_DEPTH)):
        for hit in batch:
            if not hit.food.portions or _food_noun(hit.food.description) != noun:
                continue
            if _other_form(hit.food, hits[0].food, typed, db.searcher, _PUREE_FORMS):
                continue  # a cup of creamed, strained spinach weighs more than leaves
            try:
                grams, portion = grams_for(
                    hit.food, split.quantity, unit, units, _own_hints(hints, hit.food), last_word
                )
            except _NoPortion:
                continue
            return grams, hit.food.description, portion
    return None


def _food_noun(description: str) -> str:
    """The word naming the food: "Turkey sandwich on white" and "Hot dog sandwich, turkey"
    are sandwiches, "Burrito, with beans" a burrito; "Turkey, ham, and roast beef club
    sandwich" lists what the sandwich holds before naming it."""
    parts = description.lower().split(",")
    listed = next((i for i, p in enumerate(parts) if p.strip().startswith("and ")), 0)
    first = re.split(r"\s(?:on|with|in)\s", parts[listed])[0]
    found = re.findall(r"[a-z]+", first)
    return found[-1].rstrip("s") if found else ""


def _sized(
    unit: str | None,
    hits: list[FoodHit],
    units: dict[str, tuple[str, float]],
    quantity: float,
    hints: frozenset[str],
    last_word: str,
    prepared_otherwise: Callable[[Food], bool],
) -> _Choice | None:
    """ "Medium onion rings", "a small fries", "an order of tots": among the close matches, the
    first that USDA lists in that size or as an order before one whose amount is guessed.
    A size never pulls another preparation ("2 large eggs" are no poached eggs): then the
    best match's own item ("1 egg")."""
    if unit not in _SIZES and unit != "order":
        return None
    best = hits[0].food
    noun = _food_noun(best.description)
    # an order is sold only by restaurants, whose records rank below the generic one
    band = float("inf") if unit == "order" else SCORE_BAND
    close = [
        h
        for h in hits
        if h.score >= hits[0].score - band and _food_noun(h.food.description) == noun
    ]
    # an order first: "10 rings, medium" is the size of a ring, not of a serving
    # ("an order of tater tots" is the restaurant record's "1 fast food order", not a guess)
    patterns = [re.compile(r"\border\b")] + (
        [] if unit == "order" else [re.compile(rf"\b{unit}\b")]
    )
    other_preparation = False
    for pattern in patterns:
        for hit in close:
            if any(pattern.search(p.unit.lower()) for p in hit.food.portions):
                # (a menu or wrapper size is of a package: "snack size" chips are restructured)
                item_size = unit in _STANDARD_SIZES and pattern.pattern != r"\border\b"
                if item_size and prepared_otherwise(hit.food):
                    other_preparation = True
                    continue
                try:
                    grams, portion = grams_for(
                        hit.food, quantity, unit, units, _own_hints(hints, hit.food), last_word
                    )
                except _NoPortion:
                    continue
                return hit.food, grams, portion
    item = _count_portion(best, last_word) if other_preparation else None
    if item is not None and _head_words(best) & _forms((item.key,)):
        return best, quantity * item.grams_per_unit, item.description
    return None


def _preparation_check(
    best: Food, typed: frozenset[str], searcher: Searcher
) -> Callable[[Food], bool]:
    """Whether a record names a preparation ("poached", "omelet") neither the best match nor
    the words typed say."""
    said = name_stems(best.description, searcher) | typed | _plain_stems(searcher)

    def prepared_otherwise(food: Food) -> bool:
        return bool(name_stems(food.description, searcher) - said)

    return prepared_otherwise


def _batches(hits: list[FoodHit], search_text: str, db: FoodDB) -> Iterator[list[FoodHit]]:
    """The first matches, then (searched only if none of those has a usable portion) more."""
    yield hits
    seen = {h.food.id for h in hits}
    yield [h for h in db.search(search_text, limit=60) if h.food.id not in seen]


# What a food named without a usable unit weighs, and which close matches a drink's measure
# takes (kept here, beside `choose`, which alone uses them).
def _portion_list(food: Food) -> str:
    if not food.portions:
        return "it has no household portions in USDA data, so give grams or ounces"
    shown = "; ".join(f"{p.description} = {p.grams:g} g" for p in food.portions[:8])
    more = f" (and {len(food.portions) - 8} more)" if len(food.portions) > 8 else ""
    return f"its portions are: {shown}{more}"


def _usual_measure(food: Food, quantity: float) -> tuple[Food, float, str] | None:
    """A food named without a unit that USDA gives no count or typical amount for: its first
    listed measure, the one USDA puts first ("2 tbsp" peanut butter, "3 oz" salmon), passing
    over a single fluid ounce when there is more ("1 container" of a milk shake)."""
    # a recipe's yield is the whole batch, never a helping
    usual = [p for p in food.portions if not _yields(p) and p.key != "recipe"]
    if not usual:
        return None
    sip = [p for p in usual if p.key == "fl oz" and p.amount <= 1]
    first = next((p for p in usual if p not in sip), usual[0])
    return food, quantity * first.grams, f"{first.description}{USUAL_MEASURE}"


_CONTAINER: Final = re.compile(r"\b(?:container|bottle|can|carton|box|jar|pouch)\b")


def own_container(food: Food, quantity: float) -> tuple[Food, float, str] | None:
    """One of a food USDA gives by its container and by no item or usual amount ("Milk
    shakes, thick vanilla": "1 container (11 oz)"): a count of it named without a unit ("a
    milkshake") is that container, before another record's usual amount."""
    for p in food.portions:
        if p.amount == 1 and not _yields(p) and _CONTAINER.search(p.unit.lower()):
            return food, quantity * p.grams, p.description
    return None


def _drinks_first(hits: list[FoodHit], best_score: float) -> list[FoodHit]:
    """A glass or a mug holds a drink: among the close matches, drinks come first ("a glass
    of chocolate milk" is not milk chocolate candy)."""
    close = [h for h in hits if h.score >= best_score - SCORE_BAND]
    rest = hits[len(close) :]
    return sorted(close, key=lambda h: not _is_drink(h.food)) + rest
