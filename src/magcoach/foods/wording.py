"""How USDA words a food's description: the word sets the ranking knows (forms, words that
say little, dish nouns), and readings of a description's segments: the noun naming the food,
"X or Y" and "X, Y, or Z" alternatives, what the food holds after "with", and what a generic
("NS as to ...") record leaves open. `rank.py` turns them into ranking features; `meal.py`
uses them to tell a mixed dish from foods named together.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Final

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# "s" is what is left of a possessive ("general tso's chicken", "mcdonald's fries"): no word of
# the food's name, so a record that writes the name without it is as good a match
# A day or a "meal deal" says when or how it was bought, never which food: left out, never
# typo-fixed to a food ("a sunday roast" is no sundae, "a meal deal sandwich" no dal).
STOPWORDS: Final = word_set(
    "a an the of some my x and or with to for on in at as fresh s deal deals monday tuesday "
    "wednesday thursday friday saturday sunday"
)

# Stemmed words that describe a preparation (see rank._form0).
COOKED_FORMS: Final = word_set(
    "cook boil roast bake fri grill broil steam stew brais poach microwav scrambl toast "
    "saute simmer heat"
)
RAW_FORM: Final = "raw"
OTHER_FORMS: Final = word_set("can frozen dri dehydr pickl smoke cure bottl")
ALL_FORMS: Final = COOKED_FORMS | OTHER_FORMS | {RAW_FORM}  # how it was made, no food

# Description words that say little about which food it is (no penalty as "extra" words).
NEUTRAL: Final = word_set(
    "raw without with salt drain matur all commerci varieti regular whole plain unsalt not nf "
    "ad in fat from ns nfs as to of type includ and or kernel edibl portion fluid solid fresh "
    "ordinari each prepar flesh skin meat onli mixtur vitamin milkfat fortifi "
    "enrich unenrich style origin unfortifi uncook ripe year round averag red white green tap "
    "previous broiler fryer long grain"
)

# Dishes named after their filling ("Turkey, ham, and roast beef club sandwich"): a cooking
# word in them is not the form of the food a person names.
DISH_NOUNS: Final = word_set("sandwich burger wrap sub taco burrito pizza salad soup casserol")

# A plain "with" names what the food holds; after these words it says how it was made
# ("made with oil", "fortified with vitamin D"), and before these it names part of the food
# itself ("with salt", "with skin", "with added vitamin C").
HOW_MADE: Final = word_set(
    "made prepared cooked fried sweetened fortified diluted packed canned served use used"
)
# ("with spread": the mayonnaise or butter of FNDDS's usual sandwich, not a food named apart)
NOT_ADDED: Final = word_set("salt added skin peel bone or without natural spread")
# Stems that close a list of what the food holds ("with cheese, meat, and tomatoes, NS as to
# fat"): a form, the fat it was made with, or USDA's generic wording.
LIST_ENDS: Final = (
    COOKED_FORMS | OTHER_FORMS | word_set("raw ns nf made fat ad no from prepar in with")
)

MAX_LIST_ITEM: Final = 3  # words in one item of a list ("dark-green vegetables")

_PAREN: Final = re.compile(r"\([^)]*\)?")
# "ready-to-bake or -fry", "ready-to-eat": how the product is sold, not how it was cooked
# ("canned or ready-to-serve": any soup as served, the can included)
_READY: Final = re.compile(r"(?:\b\w+\s+or\s+)?\bready[\s-]+to[\s-]+\w+(?:\s+or\s+-?\s*\w+)?")
_OR: Final = re.compile(r"([^\W_]+)\s+or\s+-?\s*([^\W_]+)")
_NS_AS_TO: Final = re.compile(r"\bns as to ([^,]+)", re.IGNORECASE)
# what follows these in a name is what the food holds, not the food ("Burrito with beans")
_NOUN_END: Final = re.compile(r"\s(?:with|con|in|on|and|from|without)\s.*$")
_SERVED_ON: Final = re.compile(r"\bon\s+([^,]+)")
_HOLDS_END: Final = re.compile(r"\s(?:with|con|in|on|from|without)\s.*$")

# Chains people name as where a food was bought ("medium McDonald's fries", "a Dunkin donut"):
# the name says where, not what. USDA's fast-food records are mostly generic ("from fast
# food"); SR Legacy keeps a few chains' own records (McDONALD'S, KFC), used when one fits.
PLACES: Final = re.compile(
    r"\b(?:mc\s?donald'?s?|wendy'?s?|starbucks|subway|(?<=from\s)chipotle|chipotle(?=\s+(?:burrito|bowl|tacos?"
    r"|chips|salad|bowl))|taco\s+bell|kfc|dunkin'?(?:\s+donuts(?=\s+\w))?|burger\s+king"
    r"|popeyes|domino'?s|pizza\s+hut|chick[\s-]?fil[\s-]?a|arby'?s|dairy\s+queen"
    r"|panera(?:\s+bread(?!\s+bowls?\b))?|costco|cheesecake\s+factory|trader\s+joe'?s|panda\s+express|five\s+guys"
    r"|in[\s-]n[\s-]out|krispy\s+kreme|tim\s+hortons|jamba(?:\s+juice(?=\s+\w))?"
    r"|olive\s+garden|sonic|sbarro|little\s+caesars|papa\s+john'?s|shake\s+shack|ihop"
    r"|denny'?s|applebee'?s|whataburger|jack\s+in\s+the\s+box)(?![\w'])",
    re.IGNORECASE,
)


# Where a food came from or how it was got ("from the drive thru", "takeout", "to go", "from
# the deli"): no food word, never typo-fixed to one; left out with a note. "homemade" stays:
# USDA names homemade records ("Granola, homemade").
SOURCES: Final = re.compile(
    r"(?:\b(?:from|at|via|off)\s+(?:the\s+|a\s+)?)?\b(?:drive[\s-]?(?:thru|through|in)"
    r"|take[\s-]?(?:out|away)|carry[\s-]?out|to[\s-]go"
    r"|(?<=the\s)(?:deli(?:\s+counter)?|cafeteria|canteen|food\s+court|gas\s+station|vending\s+machine)"
    r")(?:\s+(?:place|joint|order|window))?\b",
    re.IGNORECASE,
)


# what a chain sells when a line names only the chain and an amount ("a little caesars
# slice" is a slice of pizza, "a chipotle bowl" a burrito bowl, "a dunkin" a doughnut)
CHAIN_FOODS: Final = (
    (re.compile(r"domino|pizza\s*hut|papa|little\s*caesar|sbarro", re.IGNORECASE), "pizza"),
    (re.compile(r"chipotle", re.IGNORECASE), "burrito bowl"),
    (re.compile(r"dunkin|krispy|tim\s*horton", re.IGNORECASE), "doughnut"),
    (re.compile(r"starbucks", re.IGNORECASE), "coffee"),
)


def chain_food(place: str) -> str | None:
    """The food a chain is known for (see CHAIN_FOODS), or None."""
    return next((food for chain, food in CHAIN_FOODS if chain.search(place)), None)


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.lower()


def padded(stems: Iterable[str]) -> str:
    items = sorted(set(stems))
    return " " + " ".join(items) + " " if items else " "


def food_noun(raw_segments: list[str], after_category: bool, stem: Callable[[str], str]) -> str:
    """The stems of the word naming the food, padded: the last word of its first segment
    (the second after a category word such as "Nuts,"), before "with ..." or "in ...", and
    the other of an "X or Y" pair there ("Chicken tenders or strips": tenders, strips; not
    "Chicken or turkey noodle soup": soup)."""
    segment = raw_segments[1] if after_category and len(raw_segments) > 1 else raw_segments[0]
    if not _WORD.findall(segment) or _WORD.findall(segment) in (["nfs"], ["ns"]):
        segment = raw_segments[0]  # "Cereal, ready-to-eat, NFS" is the category's own food
    whole = _WORD.findall(_HOLDS_END.sub("", segment.strip()))
    if "and" in whole and whole[-1] != "and" and stem(whole[-1]) in DISH_NOUNS:
        return padded([stem(whole[-1])])  # "Bacon and egg sandwich" is a sandwich
    found = _WORD.findall(_NOUN_END.sub("", segment.strip()))
    if not found:
        return ""
    nouns = {found[-1]}
    if len(found) > 2 and found[-2] == "or":
        nouns.add(found[-3])
    for piece in " ".join(found).split(" or ")[:-1]:
        if len(piece.split()) > 1:  # "Egg omelet or scrambled egg": an omelet, an egg
            nouns.add(piece.split()[-1])
    # "Sausage on biscuit": the bread it comes on names the dish too (a sausage biscuit)
    served = _SERVED_ON.search(segment.lower())
    bread = _WORD.findall(served.group(1)) if served else []
    if bread and stem(bread[-1]) not in NEUTRAL:
        nouns.add(bread[-1])
    return padded(stem(w) for w in nouns)


def dish_modifiers(
    raw_segments: list[str], after_category: bool, stem: Callable[[str], str], noun: str
) -> str:
    """The stems that name which dish of its noun a record is, padded: the words before the
    noun in its name, before what it holds ("Tuna salad, made with ...": tuna; "Taco or
    tostada salad with chicken": taco, tostada, the chicken only a filling). Empty without a
    noun or when the noun stands alone ("Burrito with chicken")."""
    if not noun.strip():
        return ""
    segment = raw_segments[1] if after_category and len(raw_segments) > 1 else raw_segments[0]
    whole = _WORD.findall(_HOLDS_END.sub("", segment.strip()))
    if not (whole and "and" in whole and stem(whole[-1]) in noun.split()):
        # "Egg and sausage on biscuit": the sausage is a second food, not which egg dish;
        # "Bacon and egg sandwich" is a sandwich named by both
        whole = _WORD.findall(_NOUN_END.sub("", segment.strip()))
    return padded({stem(w) for w in whole} - set(noun.split()) - NEUTRAL)


def alternatives(raw_segments: list[str], stem: Callable[[str], str]) -> tuple[str, int]:
    """The "X or Y" pairs that are not plain words ("red or green"; "bar or stick",
    "Chicken tenders or strips"): their stems, padded, and how many pairs."""
    stems: set[str] = set()
    pairs = 0
    for seg in raw_segments:
        for pair in _OR.findall(seg):
            found = {stem(w) for w in pair} - NEUTRAL
            if len(found) == 2:
                stems |= found
                pairs += 1
    return padded(stems), pairs


def serial_or(raw_segments: list[str]) -> list[str]:
    """The items of an "X, Y, or Z" list after the first segment ("Lentil soup, home recipe,
    canned, or ready-to-serve"; "Burrito, taco, or quesadilla with egg": taco, quesadilla):
    the short segments before the one that starts with "or", and that one's first word."""
    for k in range(2, len(raw_segments)):
        found = _WORD.findall(raw_segments[k])
        if not found or found[0] != "or":
            continue
        items = found[1:2]
        ways = _a_form(items)
        j = k - 1
        while j >= 1 and 0 < len(_WORD.findall(raw_segments[j])) <= MAX_LIST_ITEM:
            if ways and not _a_form(_WORD.findall(raw_segments[j])):
                break  # a list of ways it was cooked stops at the food's kind
            items = [raw_segments[j], *items]
            j -= 1
        return items if j < k - 1 else []
    return []


# how a food was cooked or kept, as USDA writes it in a list of ways ("cooked, boiled,
# drained, or baked"): the items of one list are of one kind, so "Squash, winter, spaghetti,
# cooked, boiled, drained, or baked" is spaghetti squash, whichever way it was cooked
_LIST_FORMS: Final = tuple(sorted(COOKED_FORMS | OTHER_FORMS | word_set("raw drain")))


def _a_form(items: list[str]) -> bool:
    found = [w for item in items for w in _WORD.findall(item)]
    return bool(found) and all(w.startswith(_LIST_FORMS) for w in found)


def name_end(raw_segments: list[str]) -> int:
    """Where the food's name ends: after the first two segments, or after an "X, Y, or Z"
    list that starts in the second ("Burrito, taco, or quesadilla with egg and meat")."""
    items = serial_or(raw_segments)
    for k in range(2, len(raw_segments)):
        if items and _WORD.findall(raw_segments[k])[:1] == ["or"] and raw_segments[1] in items:
            return k + 1
    return 2


def added_foods(description: str, stem: Callable[[str], str]) -> set[str]:
    """The stems of what a record holds besides the food (see `held_foods`), and of what
    it is served on ("Egg, cheese, and bacon on biscuit": biscuit)."""
    core = _READY.sub(" ", _PAREN.sub(" ", normalise(description)))
    return held_foods(core.split(","), stem) | served_on(description, stem)


def served_on(description: str, stem: Callable[[str], str]) -> set[str]:
    """The stems of what a record is served on ("Egg, cheese, and bacon on English muffin":
    english, muffin), which names the dish as well as its first word does."""
    core = _READY.sub(" ", _PAREN.sub(" ", normalise(description)))
    return {stem(w) for m in _SERVED_ON.findall(core) for w in _WORD.findall(m)} - NEUTRAL


def held_foods(
    raw_segments: list[str], stem: Callable[[str], str], *, nouns: bool = False
) -> set[str]:
    """What a record holds besides the food, after a plain "with" and through the list it
    opens ("Chocolate, milk, with peanuts"; "Burrito, with beans, cheese"; "Egg omelet, with
    cheese and meat"): not how it was made ("made with oil", "fortified with vitamin D") nor
    a part of the food itself ("with salt", "with skin"). A variant a person names. (What
    a record leaves out is its plain form: "Cake, no icing", "Caesar salad, no dressing".)
    Every stem, or (`nouns`) the last of each thing held ("with butter sauce": sauce)."""
    held: set[str] = set()
    for item in _held_items(raw_segments, stem):
        stems = {stem(w) for w in item} - (NEUTRAL - {"meat"}) - LIST_ENDS
        if nouns:
            stems &= {stem(item[-1])}
        held |= stems
    return held


def _held_items(raw_segments: list[str], stem: Callable[[str], str]) -> list[list[str]]:
    """The things a record holds, each as its words (see `held_foods`)."""
    items: list[list[str]] = []
    open_list = False
    for seg in raw_segments:
        found = _WORD.findall(seg)
        stems = {stem(w) for w in found}
        # a form, the fat it was made with or USDA's generic wording ends a list
        if open_list and found and len(found) <= MAX_LIST_ITEM and not stems & LIST_ENDS:
            items += _split_and(found)
            open_list = found[0] != "and"
            continue
        open_list = False
        for i, word in enumerate(found[:-1]):
            if word != "with" or (i and found[i - 1] in HOW_MADE) or found[i + 1] in NOT_ADDED:
                continue
            items += _split_and(found[i + 1 :])
            open_list = "and" not in found[i + 1 :]
            break
    return items


def _split_and(words: list[str]) -> list[list[str]]:
    """ "cheese and meat": [cheese], [meat]; "cheese or cream sauce": [cheese], [cream, sauce]."""
    items: list[list[str]] = [[]]
    for w in words:
        if w in ("and", "or"):
            items.append([])
        else:
            items[-1].append(w)
    return [item for item in items if item]


def left_open(raw_segments: list[str], stem: Callable[[str], str]) -> set[str]:
    """What a generic record leaves open ("Chili con carne, NS as to beans": beans; "Cream,
    NS as to light, heavy, or half and half"): a query naming one of them said which, so the
    record is no longer the generic answer. Not a cooking method or a form."""
    found: set[str] = set()
    for i, seg in enumerate(raw_segments):
        open_words = _NS_AS_TO.findall(seg)
        if open_words:
            found.update(stem(w) for words in open_words for w in _WORD.findall(words))
            if i + 1 < len(raw_segments):
                found.update(stem(w) for it in serial_or(raw_segments) for w in _WORD.findall(it))
    return found - NEUTRAL - COOKED_FORMS - OTHER_FORMS - word_set("form method part")


# what a record leaves out ("Taco, with beans, no cheese"; "Cake, without icing or filling")
_LEFT_OUT: Final = re.compile(
    r"\b(?:no|without|other\s+than)\s+([^\W_]+)(?:\s+(?:or|and)\s+([^\W_]+))?"
)
# left out, yet no food a person names in the dish (flagged apart: salt, skin, added fat;
# or part of a kind's name: "no bake" cookies)
NOT_LEFT_OUT: Final = word_set(
    "salt skin peel fat ad sugar vitamin ascorb caffein calcium sodium bake fear lemon acid"
)


def left_out(raw_segments: list[str], stem: Callable[[str], str]) -> set[str]:
    """The foods a record says it is without ("no cheese", "without icing or filling"): a
    query naming one asks for another record ("a bean and cheese taco" is no "Taco, with
    beans, no cheese")."""
    found = {stem(w) for seg in raw_segments for m in _LEFT_OUT.findall(seg) for w in m if w}
    return found - NEUTRAL - NOT_LEFT_OUT - COOKED_FORMS - OTHER_FORMS


# FNDDS's other names saying which record it codes a food named without its kind as
_NFS_ITEM: Final = re.compile(r"^\s*(.+?),?\s+nfs\s*$", re.IGNORECASE)
_NS_TYPE: Final = re.compile(r"^\s*ns as to (?:flavor or )?type\s*$", re.IGNORECASE)


def coded_as_generic(
    also: Iterable[str], name: set[str], noun: str, stem: Callable[[str], str]
) -> bool:
    """Whether FNDDS's other names for the record say it is the one coded for the food
    named without its kind: by its own name ("fudge, NFS" for "Fudge, chocolate") or as the
    record of any type ("NS as to flavor or type" for "Milk shake, fast food, ...")."""
    nouns = set(noun.split())
    for text in also:
        for item in text.split(";"):
            if _NS_TYPE.match(item):
                return True  # "Milk shake, fast food, ...": "NS as to flavor or type"
            named = _NFS_ITEM.match(item)
            found = [stem(w) for w in _WORD.findall(normalise(named.group(1)))] if named else []
            if found and found[-1] in nouns and set(found) <= name:
                return True
    return False


def iced_words(core: str, stem: Callable[[str], str]) -> set[str]:
    """An iced drink is named as such: "iced", not the "icing" or "ice cream" of its stem."""
    return {stem(w) for w in _WORD.findall(core) if w == "iced"}


def plausible_typo(typed: str, known: str) -> bool:
    """A typo keeps the first letter and most of the word: 'spinch' -> 'spinach', never
    'grande' -> 'round' or 'tall' -> 'tea' (a real word swapped for an unrelated food)."""
    if typed[0] != known[0]:
        return False
    distance = _edit_distance(typed, known)
    if distance <= 1:
        return True
    # two slips only in a longer word, and not two letters lost ("galaxy" is not "gala")
    return distance == 2 and len(typed) > 5 and abs(len(typed) - len(known)) <= 1


def one_slip(typed: str, known: str) -> bool:
    """One keystroke off in a long word (7 letters or more), the first letter kept."""
    return len(typed) >= 7 and typed[0] == known[0] and _edit_distance(typed, known) <= 1


def _edit_distance(a: str, b: str) -> int:
    """Levenshtein distance with adjacent transpositions (one keystroke each)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[len(b)]


@lru_cache(maxsize=16384)
def word_forms(word: str) -> frozenset[str]:
    """A word and its possible singulars ("cherries": cherry; "tomatoes": tomato; "newtons":
    newton), so a typed plural meets USDA's singular."""
    if word.endswith("ies"):
        return frozenset((word, word[:-3] + "y"))
    if word.endswith("es"):
        return frozenset((word, word[:-1], word[:-2]))
    if word.endswith("s"):
        return frozenset((word, word[:-1]))
    return frozenset((word,))
