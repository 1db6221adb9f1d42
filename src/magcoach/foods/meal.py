"""Several foods in one diary line: "2 slices whole wheat toast with peanut butter".

A line joined by "with", "on", "and", "&", "+" or commas is first read whole: when one USDA record
names every word ("bean and cheese burrito", "oatmeal with milk", "mac and cheese") it is one
food. Otherwise each part is read on its own, so each is shown and each can be corrected; a
part that cannot be read stops the whole line with a message naming that part. Nothing is
dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING, Final

from magcoach.errors import InvalidInput, MagcoachError
from magcoach.foods.confidence import MEDIUM, _same_food
from magcoach.foods.parse import LOW, ParsedEntry, is_amount_only, parse_entry, split_entry
from magcoach.foods.query_words import synonym_rows, words
from magcoach.foods.rank import UNUSUAL, is_generic
from magcoach.foods.units import FOOD_NAMED_PORTIONS, PORTION_WORDS
from magcoach.foods.units import UNIT_ALIASES as UNIT_WORDS
from magcoach.foods.wording import (
    COOKED_FORMS,
    DISH_NOUNS,
    NEUTRAL,
    OTHER_FORMS,
    PLACES,
    RAW_FORM,
    SOURCES,
    STOPWORDS,
    added_foods,
    chain_food,
    served_on,
)

if TYPE_CHECKING:
    from magcoach.foods.db import FoodDB
    from magcoach.foods.search import Searcher

MAX_PARTS: Final = 8
# words of a record that name no food: how it was cooked or sold, or what kind of record
NOT_FOOD_WORDS: Final = COOKED_FORMS | OTHER_FORMS | NEUTRAL | STOPWORDS | {RAW_FORM}
# record kinds a line means only when it says so (besides the rank's rarely meant variants)
RARELY_MEANT: Final = UNUSUAL | frozenset(
    {"babyfood", "infant", "toddler", "formula", "ingredi", "industri"}
)
# drinks milk or cream is stirred into ("coffee with milk", "tea with cream")
_HOT_DRINKS: Final = re.compile(
    r"\b(?:coffee|tea|latte|cappuccino|mocha|espresso|macchiato|chai)\b", re.IGNORECASE
)
_WITH: Final = re.compile(r"\b(?:with|in|on)\b", re.IGNORECASE)
_TYPED_AMOUNT: Final = re.compile(r"^\s*(?:\d|[¼½¾⅓⅔]|(?:a|an|one|half|two)\b)", re.IGNORECASE)
# "and" in "one and a half" is part of an amount; a comma between digits is a decimal comma;
# "corn on the cob" is one food; "&" inside a word is part of a name ("m&m's", "pb&j")
# "oatmeal w/ raisins": the diary shorthand for "with"
_WITH_SHORT: Final = re.compile(r"(?<![\w/])w/(?!w\b)\s*", re.IGNORECASE)
_JOINERS: Final = re.compile(
    r"\s*(;|\+|(?<![^\W\d_])&|&(?![^\W\d_])|(?<!\d),|,(?!\d)|\bwith\b|\bon\b(?!\s+the\b)|\bplus\b"
    r"|\band\b(?!\s+an?\s+(?:half|quarter|third)))\s*",
    re.IGNORECASE,
)
# foods that come on their bread: what follows "on" is that bread ("a ham sandwich on rye",
# "a hot dog on a bun"), while "peanut butter on toast" is two foods
BREAD_DISHES: Final = frozenset(
    {"sandwich", "burger", "cheeseburger", "hamburger", "sub", "hoagie", "wrap", "dog"}
    | {"hotdog", "taco", "burrito", "pizza", "melt", "blt", "panini", "slider"}
)


# dishes made of what is named before them ("a ham and cheese omelet", "a beef and bean
# burrito"): "X and Y <dish>" is one of them; "eggs and toast" are two foods
FILLED_DISHES: Final = BREAD_DISHES | frozenset(
    {"omelet", "omelette", "quesadilla", "enchilada", "smoothie", "salad", "soup", "pie"}
    | {"stew", "curry", "casserole", "bowl", "calzone", "crepe", "frittata", "pasta"}
)


# what a sandwich is made on: "turkey on rye" is a turkey sandwich ("on toast" is two foods:
# "peanut butter on toast")
_BREAD_WORDS: Final = r"rye|wheat|white|sourdough|multigrain|pumpernickel|roll|bun|bagel"
_ON_BREAD: Final = re.compile(
    rf"^(?:an?\s+)?(?:whole\s+)?({_BREAD_WORDS}|croissant|ciabatta|baguette|pita|kaiser)"
    r"(?:\s+(?:bread|roll|bun))?$",
    re.IGNORECASE,
)
_FOOD_ON: Final = re.compile(r"^(?P<food>.+?) on (?P<bread>.+)$", re.IGNORECASE)
# breads named by their grain alone ("on rye"): the bread itself when read apart
_GRAIN_BREADS: Final = frozenset({"rye", "wheat", "white", "sourdough", "multigrain"})


def split_foods(text: str, one_name: Callable[[str, str], bool] | None = None) -> list[str]:
    """The parts of a line that may name several foods, in order (one part when it names one).
    An amount on its own belongs to the food before it ("almonds, 1 oz"), and the bread a
    sandwich comes on to the sandwich ("turkey on rye": "turkey sandwich on rye"). An "and"
    inside a name stays in it (`one_name(left, right)`: "sweet and sour sauce")."""
    pieces = _names_with_and(_JOINERS.split(text), one_name)
    parts: list[str] = []
    for i in range(0, len(pieces), 2):
        part = _trimmed(pieces[i])
        if not part:
            continue
        joiner = pieces[i - 1].lower() if i else ""
        if parts and joiner == "on" and (_on_its_bread(parts[-1]) or _ON_BREAD.match(part)):
            parts[-1] = f"{parts[-1]} on {part}"
        elif parts and _only_amount(part):
            parts[-1] = f"{parts[-1]}, {part}"
        elif parts and joiner == "with" and _part_of_the_food(part):
            parts[-1] = f"{parts[-1]} with {part}"  # "a baked potato with skin": no pork skin
        else:
            parts.append(part)
    return parts


def _trimmed(piece: str) -> str:
    """A part without the spaces and full stops around it, keeping a decimal point (".5 cup
    rice" is half a cup, not five)."""
    piece = piece.strip().rstrip(" .")
    return piece if re.match(r"\.\d", piece) else piece.lstrip(" .")


def _names_with_and(pieces: list[str], one_name: Callable[[str, str], bool] | None) -> list[str]:
    """The split line's pieces (parts and the joiners between them) with the parts an "and"
    inside a name joins put back together."""
    out = pieces[:1]
    for i in range(1, len(pieces) - 1, 2):
        joiner, part = pieces[i], pieces[i + 1]
        if joiner.lower() in ("and", "&") and _and_in_name(out[-1], part, one_name):
            out[-1] = f"{out[-1]} {joiner} {part}"
        else:
            out += [joiner, part]
    return out


def _and_in_name(left: str, right: str, one_name: Callable[[str, str], bool] | None) -> bool:
    """Whether the "and" between two parts joins two words of one name: a common name holding
    it ("mac and cheese", synonyms.csv), or a USDA name holding it that the line goes on
    naming ("sweet and sour sauce"; not "eggs and sausage links", two foods a sandwich also
    names)."""
    last, first = words(left)[-1:], words(right)[:1]
    if not last or not first:
        return False
    if (last[0], first[0]) in _and_names():
        return True
    if one_name is None:
        return False
    # the name goes on past the "and" as typed ("sweet and sour sauce", not "eggs and sausage")
    return len(words(right)) > 1 and one_name(last[0], " ".join(words(right)[:2]))


@lru_cache(maxsize=1)
def _and_names() -> frozenset[tuple[str, str]]:
    """The word pairs around "and" in the common names of synonyms.csv ("half and half")."""
    pairs: set[tuple[str, str]] = set()
    for row in synonym_rows():
        found = words(row["phrase"])
        triples = zip(found, found[1:], found[2:], strict=False)
        pairs.update((a, b) for a, x, b in triples if x == "and")
    return frozenset(pairs)


# what a food is eaten with that is part of it, not another food ("with skin", "with the peel")
_OF_THE_FOOD: Final = frozenset({"skin", "skins", "peel", "rind", "bone", "bones"})


def _part_of_the_food(part: str) -> bool:
    found = [w for w in words(part) if w not in STOPWORDS]
    return bool(found) and set(found) <= _OF_THE_FOOD


def _on_its_bread(food: str) -> bool:
    last = words(food)[-1:]
    return bool(last) and (last[0] in BREAD_DISHES or last[0].rstrip("s") in BREAD_DISHES)


def _only_amount(part: str) -> bool:
    """An amount with no food ("1 oz"); "a muffin", "2 eggs" are foods counted."""
    last = words(part)[-1:]
    if last and PORTION_WORDS.get(last[0]) in FOOD_NAMED_PORTIONS:
        return False
    try:
        return is_amount_only(part)
    except MagcoachError:
        return False


def parse_meal(text: str, db: FoodDB) -> list[ParsedEntry]:
    """One entry per food named in `text` (see the module docstring)."""

    def in_name(left: str, right: str) -> bool:
        return db.searcher.names_phrase(left, "and", right)

    text = _WITH_SHORT.sub("with ", text) if isinstance(text, str) else text
    left_out = _LEFT_OUT.search(text) if isinstance(text, str) else None
    if left_out is not None and left_out.start() > 0:
        return _without(text[: left_out.start()], left_out["what"].strip(), db)
    parts = split_foods(text, in_name) if isinstance(text, str) else []
    if len(parts) <= 1:
        return _read_part(parts[0] if parts else text, db)
    try:
        whole: ParsedEntry | None = parse_entry(text, db)
    except MagcoachError:
        whole = None
    # the mix is judged on every word the joiners part ("egg and cheese english muffin")
    apart = split_foods(text)
    if whole is not None and whole.confidence != LOW and _is_the_mix(text, apart, whole, db):
        return [whole]
    if whole is not None and _one_dish(text, apart, whole, db):
        return [whole]
    if len(parts) > MAX_PARTS:
        raise InvalidInput(
            f"{text.strip()!r} names {len(parts)} foods; magcoach reads up to {MAX_PARTS} "
            "in one line.",
            hint="Log them in several lines.",
        )
    entries: list[ParsedEntry] = []
    for number, part in enumerate(parts, start=1):
        try:
            added = _added_to_drink(part, entries, db)
            side, plain = (None, None) if added else _side(part, entries, db)
            found = added or side
            entries.extend([found] if found else _read_part(part, db, plain))
        except MagcoachError as exc:
            if whole is not None:
                return [whole]  # the parts do not read on their own: the line is one food
            raise type(exc)(
                f"{text.strip()!r} names {len(parts)} foods; part {number}, {part!r}, "
                f"cannot be read: {exc.message}",
                hint=exc.hint,
            ) from None
    return entries


# what the person left out of a food ("a sloppy joe with no bun", "a burger without the bun")
_LEFT_OUT: Final = re.compile(
    r"\s*(?:,\s*)?\b(?:with\s+no|without(?:\s+(?:the|a|any))?|no|hold\s+the)\s+"
    r"(?P<what>[a-z ]+?)\s*$",
    re.IGNORECASE,
)
# what a dish that comes on its bread is served in, though its record may not say so
_BREADS: Final = frozenset({"bun", "bread", "roll", "tortilla", "shell", "wrap"})


def _without(food: str, what: str, db: FoodDB) -> list[ParsedEntry]:
    """A food with a part left out: USDA's record of it without that part when there is one
    ("Sloppy joe, no bun"; the frank for "a hot dog no bun"), else the food as USDA has it,
    said plainly when that record holds the part. What is left out is never read as a food
    (a bun logged beside the sloppy joe)."""
    try:
        whole: ParsedEntry | None = parse_entry(f"{food} no {what}", db)
    except MagcoachError:
        whole = None
    entries = parse_meal(food, db)
    first = entries[0]
    said = re.compile(rf"\b(?:no|without)\s+{re.escape(what.rstrip('s'))}", re.IGNORECASE)
    if said.search(first.food.description):
        return entries  # "a salad": USDA's usual salad is already without dressing
    if whole is not None and len(entries) == 1:
        if said.search(whole.food.description):
            return [whole]
        other = whole.food.id != first.food.id
        if other and not _holds(whole.food.description, what, plain_name=True):
            return [whole]  # the words steered to the food alone ("Hot dog, NFS")
    if not _holds(first.food.description, what):
        return entries  # "coffee with no sugar": brewed coffee holds none
    note = f"USDA has no record of it without {what}: logged with it, so a little high."
    return [replace(first, confidence=MEDIUM, notes=(*first.notes, note)), *entries[1:]]


def _holds(description: str, what: str, *, plain_name: bool = False) -> bool:
    """Whether the record holds the part: names it, or (unless only its name counts) is a
    dish that comes on the bread left out."""
    name = description.lower()
    if re.search(rf"\b{re.escape(what.rstrip('s'))}", name):
        return True
    return not plain_name and what.rstrip("s") in _BREADS and _on_its_bread(name.split(",")[0])


def _read_part(part: str, db: FoodDB, read: ParsedEntry | None = None) -> list[ParsedEntry]:
    """One part's foods: one (`read`, when the part was read already), or a food and the
    bread it was on when USDA has no sandwich of the two ("turkey on rye": a turkey sandwich
    if one fits, else turkey and rye bread)."""
    made = _FOOD_ON.match(part)
    if made is None or _on_its_bread(made["food"]) or not _ON_BREAD.match(made["bread"]):
        return [read or read_food(part, db)]
    food, bread = made.group("food"), made.group("bread")
    if split_entry(food).unit is None:
        try:
            entry = read_food(f"{food} sandwich on {bread}", db)
        except MagcoachError:
            entry = None
        # a sandwich record ("Egg sandwich on bagel"), not one only served on it
        if entry is not None and entry.confidence != LOW and _is_sandwich(entry, db):
            return [replace(entry, text=part)]
    grain = bread.split()[-1].lower() in _GRAIN_BREADS
    return [read_food(food, db), read_food(f"{bread} bread" if grain else bread, db)]


def _is_sandwich(entry: ParsedEntry, db: FoodDB) -> bool:
    return bool(db.searcher.noun_of(entry.food.id) & {"sandwich", "burger", "wrap"})


def read_food(text: str, db: FoodDB) -> ParsedEntry:
    """One food; a chain's name ("a Dunkin donut") is read as where it was bought unless USDA
    keeps that chain's own record of the food (SR's "McDONALD'S, french fries")."""
    source = SOURCES.search(text)
    if source is not None:
        rest = " ".join(SOURCES.sub(" ", text).split())
        found = read_food(rest, db)
        note = f"{source.group().strip()!r} says where it came from, not which food."
        return replace(found, text=text, notes=(*found.notes, note))
    place = PLACES.search(text)
    if place is None:
        return parse_entry(text, db)
    try:
        entry: ParsedEntry | None = parse_entry(text, db)
    except MagcoachError:
        entry = None
    if entry is not None and _letters(place.group()) in _letters(_brand_part(entry)):
        return entry
    before = re.sub(r"\b(?:from|at)\s+(?:the\s+)?$", "", text[: place.start()])  # "from chipotle"
    rest = _chains_food(" ".join(f"{before} {text[place.end() :]}".split()), place)
    entry = parse_entry(rest, db)
    note = (
        f"{place.group()!r} says where it was bought; no USDA record of that chain's own "
        "fits, so the food's usual record is used."
    )
    return replace(entry, text=text, notes=(*entry.notes, note))


def _brand_part(entry: ParsedEntry) -> str:
    """The part of a record's name that names a chain: its capitals or its parenthesised
    note ("McDONALD'S, FILET-O-FISH", "Big Mac (McDonalds)"), not a food word such as the
    chipotle of "Chipotle dip"."""
    description = entry.food.description
    notes = " ".join(re.findall(r"\(([^)]*)\)", description))
    return " ".join(re.findall(r"\b[A-Z][A-Za-z'&.]*[A-Z][A-Za-z'&.]*\b", description)) + notes


def _chains_food(rest: str, place: re.Match[str]) -> str:
    """The line without the chain's name, with the chain's food when only an amount is left
    ("a little caesars slice": a slice of pizza; "a chipotle bowl": a burrito bowl)."""
    food = chain_food(place.group())
    left = [w for w in words(split_entry(rest).food_text) if w not in STOPWORDS] if rest else []
    if food is None or any(w not in PORTION_WORDS and w not in UNIT_WORDS for w in left):
        return rest
    if left and food.endswith(left[-1]):
        return f"a {food}"
    return f"{rest} of {food}" if left else f"{rest} {food}".strip()


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def _added_to_drink(part: str, before: list[ParsedEntry], db: FoodDB) -> ParsedEntry | None:
    """Milk or cream named without an amount after a coffee or tea is a splash in the cup
    (household_measures.csv), not a glass of its own; None for anything else."""
    if not before or not _HOT_DRINKS.search(before[0].food.description):
        return None
    if _amount_typed(part):
        return None
    try:
        entry = parse_entry(f"a splash of {part}", db)
    except MagcoachError:
        return None
    return replace(entry, text=part)


def _side(
    part: str, before: list[ParsedEntry], db: FoodDB
) -> tuple[ParsedEntry | None, ParsedEntry | None]:
    """A food named after another without an amount ("toast with avocado", "eggs and
    bacon") is USDA's usual amount of it (its "Quantity not specified", how FNDDS codes an
    amount nobody stated), not one whole avocado; None when USDA gives none or it is
    another food. Also the part as read plainly, when it was read (not read twice)."""
    if not before or _amount_typed(part):
        return None, None
    try:
        plain = read_food(part, db)
    except MagcoachError:
        return None, None
    try:
        usual = parse_entry(f"a serving of {part}", db)
    except MagcoachError:
        return None, plain
    if not _same_food(usual.food, plain.food) or usual.grams >= plain.grams:
        return None, plain
    return replace(usual, text=part), plain


def _is_the_mix(text: str, parts: list[str], whole: ParsedEntry, db: FoodDB) -> bool:
    """Whether the record read from the whole line is the mix the person typed ("Burrito,
    with beans, cheese" for "bean and cheese burrito"; "Oatmeal, made with milk"), not a
    record that only shares words with it ("Seeds, sesame butter, tahini, from roasted and
    toasted kernels" for "toast with butter"). It is when a common name spans the parts
    ("mac and cheese", synonyms.csv), or when the food it names is typed, each part is
    named by the record's own food words (not its cooking or form words) and it is no rarely
    meant kind the line does not ask for (babyfood, powder, non-dairy...)."""
    searcher = db.searcher
    foods = [split_entry(p).food_text for p in parts]
    if sum(_amount_typed(p) for p in parts) > 1:
        return False  # "2 eggs and a slice of toast": each food has its own amount
    line = split_entry(text).food_text
    if _one_name(line):
        return True
    if not _names_a_mix(whole.food.description):
        return False
    typed = _food_stems(line, searcher)
    # "pancakes with syrup" are pancakes; "whiskey and cola" may be named by either
    noun = searcher.noun(line, searcher.plan(line)[0])[0] if _WITH.search(line) else ""
    name = {searcher.stem(w) for w in words(whole.food.description)}
    # "an egg and cheese english muffin" is named by the muffin it comes on
    noun_of = searcher.noun_of(whole.food.id)
    named_by = noun_of | served_on(whole.food.description, searcher.stem)
    if not named_by & ({noun} if noun else typed):
        return False  # "Pancake syrup", "Bacon and egg sandwich" for "eggs and bacon"
    if (name & RARELY_MEANT) - typed:
        return False
    if added_foods(whole.food.description, searcher.stem) - typed and not noun_of & DISH_NOUNS:
        return False  # "Egg, cheese, and bacon on biscuit" is more than "eggs and bacon"
    # "a beef and bean burrito": "Burrito with meat and beans", beef among its other names
    own = (name | searcher.other_names(whole.food.id)) - NOT_FOOD_WORDS
    return all(not (stems := _food_stems(food, searcher)) or stems & own for food in foods)


def _amount_typed(part: str) -> bool:
    return bool(_TYPED_AMOUNT.match(part)) or split_entry(part).unit is not None


def _one_dish(text: str, parts: list[str], whole: ParsedEntry, db: FoodDB) -> bool:
    """Whether "X and Y <dish>" names one dish ("a beef and bean burrito", "a ham and cheese
    omelette", "a chicken and cheese quesadilla"): fillings joined by "and" before the word
    naming the dish, no amount of their own, and the record read from the whole line is a
    dish of that name holding some of them (what it does not hold is said in its notes)."""
    joiners = {j.lower() for j in _JOINERS.findall(text)}
    if not joiners or joiners - {"and", "&", ","} or len(parts) < 2:
        return False
    last = split_entry(parts[-1]).food_text.split()
    if len(last) < 2 or any(_TYPED_AMOUNT.match(p) for p in parts[1:]):
        return False
    if any(len(split_entry(p).food_text.split()) > 2 for p in parts[:-1]):
        return False
    searcher = db.searcher
    dish, noun = _food_stems(last[-1], searcher), searcher.noun_of(whole.food.id)
    if not dish & noun & {searcher.stem(w) for w in FILLED_DISHES}:
        return False  # "eggs and whole wheat toast", "chicken and brown rice": two foods
    fillings = _food_stems(split_entry(text).food_text, searcher) - dish
    name = {searcher.stem(w) for w in words(whole.food.description)}
    if (name & RARELY_MEANT) - fillings - noun:  # an omelet's egg is no egg variant
        return False
    # USDA's generic record of the dish holds whatever went in ("Fruit smoothie, NFS")
    held = fillings & (name | searcher.other_names(whole.food.id))
    return bool(held) or is_generic(whole.food.description)


def _names_a_mix(description: str) -> bool:
    """A record that is itself several foods together ("Burrito, bean and cheese", "Oatmeal,
    made with milk", "Whiskey and cola", "Turkey sandwich on wheat")."""
    # "with salt", "with skin": how a single food was prepared, not a second food
    mixed = r"\b(?:and|with|on)\b(?! (?:salt|added|skin|bone))"
    return re.search(mixed, description.lower()) is not None


def _one_name(food_text: str) -> bool:
    """A common name holding a joiner is the whole line ("mac and cheese", "half and half",
    synonyms.csv); not a name that only drops it ("salad with dressing" is no "salad", "hot
    dog with bun" no "hot dog bun"), nor one of the foods named ("coffee with half and half")."""
    typed = [w for w in words(food_text) if w not in STOPWORDS]
    # "a pb and j": a name people write with "&" ("pb&j"); never one that drops a "with"
    anded = not {j.lower() for j in _JOINERS.findall(food_text)} - {"and", "&"}
    return any(
        typed == [w for w in phrase if w not in STOPWORDS] and (anded or _JOINED & set(phrase))
        for phrase in _joined_names()
    )


_JOINED: Final = frozenset({"and", "with", "on", "n"})


@lru_cache(maxsize=1)
def _joined_names() -> tuple[tuple[str, ...], ...]:
    """The common names of synonyms.csv of more than one word ("mac and cheese", "pb j")."""
    return tuple(p for row in synonym_rows() if len(p := tuple(words(row["phrase"]))) > 1)


def _food_stems(food_text: str, searcher: Searcher) -> set[str]:
    """The stems of the food words typed, as typed and as their synonyms' USDA wording."""
    terms = searcher.plan(food_text)[0] + searcher.plan(food_text, synonyms=False)[0]
    return {searcher.stem(t) for t in terms} - NOT_FOOD_WORDS
