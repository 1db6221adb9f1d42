"""Food search: words in any order, synonyms, typos, plurals, and a ranking that puts the
generic food a person most likely means first.

The ranking lives in SQLite. At build time every food gets static features (`rank_features`,
stored in the `food_rank` table): a prior for the kind of record (generic first; branded,
restaurant, infant and ingredient-only records lower), the source (SR Legacy and Foundation
analytic records before FNDDS "as eaten" records), the cooking form, and the words of its
description sorted into head words, early and late extra words and rarely meant variants. A
search is ONE statement: the FTS5 MATCH finds the foods holding every query word, and the
ORDER BY combines the static prior with query-dependent terms (which query words the head
covers, which extra words the query asks for, the form the query names). Python only
normalises the query (synonyms, plurals, typo fixes, cached per word and per query).
"""

from __future__ import annotations

import csv
import re
import sqlite3
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Final, NamedTuple

from magcoach.foods.units import PORTION_WORDS, UNIT_ALIASES

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS: Final = _set("a an the of some my x and or with to for on in at as fresh")

# Stemmed words that describe a preparation; see _form_score.
COOKED_FORMS: Final = _set(
    "cook boil roast bake fri grill broil steam stew brais poach microwav scrambl toast "
    "saute simmer heat"
)
RAW_FORM: Final = "raw"
OTHER_FORMS: Final = _set("can frozen dri dehydr pickl smoke cure")

# Description words that say little about which food it is (no penalty as "extra" words).
NEUTRAL: Final = _set(
    "raw without with salt drain matur all commerci varieti regular whole plain unsalt not "
    "ad in fat from ns nfs as to type includ and or kernel edibl portion fluid solid fresh "
    "ordinari each prepar flesh skin meat onli mixtur vitamin milkfat fortifi "
    "enrich unenrich style origin unfortifi uncook ripe year round averag red white green tap "
    "previous broiler fryer long grain"
)

# Food groups and foods people usually eat cooked (a query without a form picks the cooked
# record); fruit, nuts and salad vegetables default to raw.
COOKED_GROUPS: Final = (
    "cereal grains",
    "beef",
    "pork",
    "poultry",
    "finfish",
    "shellfish",
    "lamb",
    "game",
    "sausages",
)
COOKED_HEADS: Final = _set(
    "bean lentil chickpea pea rice quinoa pasta spaghetti macaroni noodl barlei buckwheat "
    "bulgur millet couscou salmon tuna cod chicken beef pork turkei lamb fish shrimp halibut "
    "mackerel sardin trout tilapia potato corn artichok okra eggplant asparagu brussel "
    "collard squash cowpea soybean edamam bacon sausag"
)

# Foods made from a cooked-head food that are not eaten as that food ("Potato chips", "Rice
# milk", "Bean dip"): the cooked form does not apply to them.
PRODUCT_HEADS: Final = _set(
    "chip crisp flour powder milk juic butter oil cracker bar pie cake cooki bread salad soup "
    "sauc dip spread drink beverag noodl cereal"
)

# SR files many foods under a category word ("Nuts, almonds", "Fish, salmon, ..."): the food
# itself is then named by the second segment.
CATEGORY_HEADS: Final = _set(
    "nut seed fish beverag alcohol cereal candi snack spice crustacean mollusk game babyfood formul"
)
# Variants much less often eaten than the plain food ("milk, sheep", "bagels, egg",
# "peanut butter, reduced fat"): a penalty when the query does not ask for them.
UNUSUAL: Final = _set(
    "sheep goat human buffalo duck goos quail emu ostrich turtl imit low sodium dietet reduc "
    "nonfat chocol flavor sweeten pod home homemad egg vegetabl immatur split sprout "
    # forms nobody eats as such: a glass of lemonade is not lemonade powder, a taco not filling
    "powder mix concentr condens dehydr fill blend "
    # a cocktail is not the mixer people name ("lemonade" is not "Vodka and lemonade")
    "vodka rum whiskei gin tequila brandi liqueur"
)

KIND_PENALTY: Final = (0.0, 0.9, 1.6, 2.2, 2.5, 1.6)
# SR's prepared foods are single commercial products ("Soup, chicken noodle, canned,
# condensed"); for a sweet, a soup or a dish FNDDS's record of what people report eating is the
# reference, so these SR groups lose their analytic-source preference. (Not baked products:
# SR's breads are the reference breads.)
PREPARED_SR_GROUPS: Final = (
    "sweets",
    "fast foods",
    "meals, entrees",
    "soups, sauces",
    "snacks",
    "restaurant foods",
)
PREPARED_SR: Final = 0.35
# Baked sweets (SR files them with the breads): FNDDS's generic cookie, pie or muffin is the
# reference, with its typical size, rather than one commercial product.
SWEET_BAKERY: Final = _set(
    "cooki pie cake cheesecak muffin doughnut pancak waffl browni pastri danish croissant"
)
# SR Legacy, Foundation, FNDDS: for the same food the analytic record is preferred over the
# FNDDS "as eaten" record (a query naming an FNDDS-only preparation matches FNDDS alone).
SOURCE_PENALTY: Final = (0.0, 0.1, 0.45)
PLAIN_BONUS: Final = 0.2
# FNDDS "NFS" / "NS as to form" records are the ones USDA itself codes when a person names a
# food without saying which kind: for a generic phrase they are the reference. ("NS as to fat"
# is about added fat alone and earns nothing.)
GENERIC_BONUS: Final = 0.6
# "NS as to form" (fresh, frozen or canned unknown) earns less: where SR has an analysis of
# exactly the food named ("Spinach, cooked, boiled") that analysis stays first.
FORM_UNKNOWN_BONUS: Final = 0.45
_FORM_UNKNOWN: Final = re.compile(r"\bns as to form\b", re.IGNORECASE)
# Vegetables most people buy frozen: their frozen record is the plain one.
USUALLY_FROZEN: Final = _set("pea edamam")
MORE_GENERIC_BONUS: Final = 0.2  # a second "NS as to": more generic still
SINGLE_NAME_BONUS: Final = 0.25  # FNDDS "Croissant", "Soy milk": the food under its plain name
_GENERIC: Final = re.compile(r"\b(?:nfs|ns as to (?!fat)[a-z ]+?)(?:,|$)", re.IGNORECASE)


def is_generic(description: str) -> bool:
    """USDA's record for a food named without saying which kind ("NFS", "NS as to ...")."""
    return bool(_GENERIC.search(description))


POOL: Final = 400  # matches ranked when every query word is very common
COMMON_WORD_DF: Final = 1000  # words in more descriptions than this are "common"
RELAXED_POOL: Final = 200  # any-word matches ranked, best by bm25 first
EXTRA_COLUMN_WEIGHT: Final = 0.5  # bm25 weight of the extra-description column
SALTED: Final = 0.3  # salted variants: the unsalted one is the reference
SKINLESS: Final = 0.3  # eaten with the skin unless the person says otherwise
FAT_ADDED: Final = 0.3  # "fat added in cooking", "canned in oil": unless the query says so
EXTRA_WORD: Final = 0.22  # per unasked-for word in the first two segments
LATE_EXTRA_WORD: Final = 0.1  # per unasked-for word further on (capped)


@dataclass(frozen=True)
class Synonym:
    phrase: tuple[str, ...]
    means: tuple[str, ...]


@lru_cache(maxsize=1)
def load_synonyms() -> tuple[Synonym, ...]:
    """The synonym list (foods/data/synonyms.csv), longest phrases first."""
    rows: list[Synonym] = []
    for row in _synonym_rows():
        phrase = tuple(words(row["phrase"]))
        means = tuple(words(row["means"]))
        if phrase and means:
            rows.append(Synonym(phrase, means))
    rows.sort(key=lambda s: -len(s.phrase))
    return tuple(rows)


def _synonym_rows() -> list[dict[str, str]]:
    text = resources.files("magcoach.foods").joinpath("data/synonyms.csv").read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


@lru_cache(maxsize=1)
def _implied_portions() -> tuple[tuple[tuple[str, ...], str], ...]:
    return tuple(
        (tuple(words(row["phrase"])), row["portion"].strip())
        for row in _synonym_rows()
        if (row.get("portion") or "").strip()
    )


def implied_portion(text: str) -> str | None:
    """The portion a food's name implies when no unit is typed ("string cheese": one stick)."""
    typed = words(text)
    for phrase, portion in _implied_portions():
        n = len(phrase)
        if any(tuple(typed[i : i + n]) == phrase for i in range(len(typed) - n + 1)):
            return portion
    return None


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.lower()


def words(text: str) -> list[str]:
    return _WORD.findall(normalise(text))


@lru_cache(maxsize=1)
def _synonyms_by_first_word() -> dict[str, tuple[Synonym, ...]]:
    index: dict[str, list[Synonym]] = {}
    for syn in load_synonyms():
        index.setdefault(syn.phrase[0], []).append(syn)
    return {k: tuple(v) for k, v in index.items()}


def apply_synonyms(tokens: Sequence[str]) -> list[str]:
    """Rewrite common names to USDA wording in one left-to-right pass (longest phrase first)."""
    index = _synonyms_by_first_word()
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for syn in index.get(tokens[i], ()):
            n = len(syn.phrase)
            if tuple(tokens[i : i + n]) == syn.phrase:
                out.extend(syn.means)
                i += n
                break
        else:
            out.append(tokens[i])
            i += 1
    # a word can come twice after rewriting ("chia seeds" -> "chia seeds seeds"): keep one
    return list(dict.fromkeys(out))


def _fat_added(stems: Sequence[str]) -> bool:
    for i in range(len(stems) - 1):
        pair = (stems[i], stems[i + 1])
        if pair in (("fat", "ad"), ("ad", "fat")) and (i == 0 or stems[i - 1] not in ("no", "not")):
            return True
    return False


_PAREN: Final = re.compile(r"\([^)]*\)?")
# "ready-to-bake or -fry", "ready-to-eat": how the product is sold, not how it was cooked
_READY: Final = re.compile(r"\bready[\s-]+to[\s-]+\w+(?:\s+or\s+-?\s*\w+)?")
# "mixed species", "all types": the record covers every variant, so these are not extra words
_COVERS_ALL: Final = re.compile(r"\b(?:mixed species|all types|all varieties|all kinds)\b")
_OR: Final = re.compile(r"([^\W_]+)\s+or\s+-?\s*([^\W_]+)")
_X_AND_Y: Final = re.compile(r"^\s*([^\W_]+)\s+and\s+([^\W_]+)\s*$")
# fat the food was cooked or packed in ("canned in oil", "cooked with butter")
_FAT_IN: Final = re.compile(
    r"\b(?:cooked|fried|made|prepared)\s+(?:in|with)\s+(?:\w+\s+)?(?:oil|butter|margarine|lard)\b"
)

# The columns of the food_rank table, in order (after rowid). Everything here is static: the
# build computes it once per food, and search combines it with the query in one SQL statement.
RANK_COLUMNS: Final = (
    "prior",  # kind, source, household portions, missing magnesium, "plain"
    "form0",  # form score when the query names no form (raw fruit, cooked beans...)
    "name",  # every stem of the description, space-padded (" spinach cook boil ")
    "head",  # stems naming the food (first segment, or the first two after a category word)
    "head_plain",  # head words a query must cover to name this exact food
    "n_head_plain",
    "second",  # stems of the second segment
    "early",  # informative stems of the first two segments (extra words unless asked for)
    "n_early",
    "late",  # informative stems further on
    "n_late",
    "unusual",  # stems of rarely meant variants (sheep, reduced, homemade...)
    "n_unusual",
    "cooked",  # cooking-form stems of the description
    "n_cooked",
    "raw",  # 1 when the description says raw
    "forms",  # cooking and other form stems (cooked, canned, frozen, dried...)
    "n_forms",
    "salted",
    "skinless",
    "fat_added",
    "plain_other",  # 1 when canned, frozen, dried... and the query names no such form
)


def _padded(stems: object) -> str:
    items = sorted(set(stems))  # type: ignore[call-overload]
    return " " + " ".join(items) + " " if items else " "


def rank_features(
    description: str,
    stem: Callable[[str], str],
    *,
    kind: int,
    source_rank: int,
    group: str,
    n_portions: int,
    magnesium: float | None,
) -> tuple[object, ...]:
    """The static ranking features of one food (values for RANK_COLUMNS, in order)."""
    desc = normalise(description)
    # parenthesised notes and "ready-to-eat" say how the product is sold or what it includes:
    # they are neither the food's name nor extra words
    noted: set[str] = set()
    for part in _PAREN.findall(desc) + _READY.findall(desc):
        noted.update(_WORD.findall(part))
    core = _READY.sub(" ", _PAREN.sub(" ", desc))
    raw_segments = core.split(",")
    # words that widen the record rather than narrow it ("red or green", "Atlantic and
    # Pacific", "mixed species") are not extra words
    wide: set[str] = set()
    for part in _COVERS_ALL.findall(core):
        wide.update(stem(w) for w in _WORD.findall(part))
    for seg in raw_segments[1:]:
        for pair in _OR.findall(seg):
            wide.update(stem(w) for w in pair)
        both = _X_AND_Y.match(seg)
        if both:
            wide.update(stem(w) for w in both.groups())
    wide -= COOKED_FORMS | OTHER_FORMS
    segments = [[stem(w) for w in _WORD.findall(seg) if w not in noted] for seg in raw_segments]
    segments = [seg for seg in segments if seg] or [[]]
    all_stems = {stem(w) for w in _WORD.findall(desc)}
    core_stems = {w for seg in segments for w in seg}
    flat = [w for seg in segments for w in seg]
    head = set(segments[0])
    if len(segments) > 1 and head and head <= CATEGORY_HEADS:
        head |= set(segments[1])
    # "Chicken or turkey noodle soup": either bird names the soup, neither is required
    first_or = {stem(w) for pair in _OR.findall(raw_segments[0]) for w in pair}
    head_plain = head - NEUTRAL - CATEGORY_HEADS - first_or
    second = set(segments[1]) if len(segments) > 1 else set()
    early: set[str] = set()
    late: set[str] = set()
    unusual: set[str] = set()
    for i, seg_stems in enumerate(segments):
        for w in seg_stems:
            if w in NEUTRAL or w in CATEGORY_HEADS or w in wide or len(w) < 2 or w.isdigit():
                continue
            (early if i < 2 else late).add(w)
            if w in UNUSUAL:
                unusual.add(w)
    late -= early
    salted = "salt" in core_stems and "without" not in core_stems
    skinless = ("without" in core_stems and "skin" in core_stems) or (
        "peel" in core_stems and "with" not in core_stems
    )
    fat_added = _fat_added(flat) or bool(_FAT_IN.search(core))
    c_cooked = core_stems & COOKED_FORMS
    if any(seg.strip() == "prepared" for seg in raw_segments[1:]):
        c_cooked = c_cooked | {"cook"}  # "Edamame, frozen, prepared": cooked as directed
    c_raw = RAW_FORM in core_stems
    c_other = core_stems & OTHER_FORMS
    if "previous" in all_stems:
        c_other = c_other - {"frozen"}  # "not previously frozen"
    grp = group.lower()
    # "Potato chips" are chips, not potatoes: the last word of the first segment names the food
    product = bool(segments[0]) and segments[0][-1] in PRODUCT_HEADS
    eaten_cooked = any(g in grp for g in COOKED_GROUPS) or (
        bool(set(segments[0]) & COOKED_HEADS) and not product
    )
    plain_other = c_other
    if "dri" in plain_other and not ("fruit" in grp or "vegetable" in grp):
        plain_other = plain_other - {"dri"}  # dried is the plain form of nuts, seeds, spices

    prior = -(KIND_PENALTY[kind] if kind < len(KIND_PENALTY) else 2.0)
    prior -= SOURCE_PENALTY[min(source_rank, 2)]
    if source_rank < 2 and (
        any(g in group.lower() for g in PREPARED_SR_GROUPS)
        or ("baked products" in group.lower() and set(segments[0]) & SWEET_BAKERY)
    ):
        prior -= PREPARED_SR
    prior += 0.02 * min(n_portions, 10)  # common foods have more household measures
    if magnesium is None:
        prior -= 0.3  # a record without a magnesium value is little use here
    if any("plain" in seg for seg in raw_segments[1:]):
        prior += PLAIN_BONUS  # "Bagels, plain": the reference variant of the food
    n_generic = len(_GENERIC.findall(description))
    if n_generic:
        # restaurant pizza "NS as to type of crust" is the pizza people mean by "pizza"
        bonus = FORM_UNKNOWN_BONUS if _FORM_UNKNOWN.search(description) else GENERIC_BONUS
        prior += bonus + MORE_GENERIC_BONUS * (n_generic > 1)
        prior += KIND_PENALTY[kind] if kind == 2 else 0.0
    elif source_rank == 2 and kind == 0 and len(raw_segments) == 1:
        prior += SINGLE_NAME_BONUS
    if len(segments[0]) > 1 and "beverag" in segments[0]:
        unusual.add("beverag")  # "Oatmeal beverage with milk" is not oatmeal
    # form score when the query names no form: the form people usually eat
    form0 = 0.0
    if eaten_cooked:
        if c_cooked:
            form0 += 0.9 + EXTRA_WORD * len(c_cooked & early)  # cooking words are not "extra"
            form0 += LATE_EXTRA_WORD * len(c_cooked & late)
        elif c_raw:
            form0 -= 0.6
        if "fri" in c_cooked:
            form0 -= 0.3  # roasted, baked or boiled before fried
    else:
        if c_raw:
            form0 += 0.4
        if c_cooked:
            form0 -= 0.2
    if "frozen" in plain_other and set(segments[0]) & USUALLY_FROZEN:
        form0 += 0.3  # "a cup of peas": most peas eaten were frozen
    elif plain_other:
        form0 -= 0.4
    forms = c_cooked | c_other
    return (
        round(prior, 4),
        round(form0, 4),
        _padded(all_stems),
        _padded(head),
        _padded(head_plain),
        len(head_plain),
        _padded(second),
        _padded(early),
        len(early),
        _padded(late),
        len(late),
        _padded(unusual),
        len(unusual),
        _padded(c_cooked),
        len(c_cooked),
        int(c_raw),
        _padded(forms),
        len(forms),
        int(salted),
        int(skinless),
        int(fat_added),
        int(bool(plain_other)),
    )


def _plausible_typo(typed: str, known: str) -> bool:
    """A typo keeps the first letter and most of the word: 'spinch' -> 'spinach', never
    'grande' -> 'round' or 'tall' -> 'tea' (a real word swapped for an unrelated food)."""
    if typed[0] != known[0]:
        return False
    distance = _edit_distance(typed, known)
    if distance <= 1:
        return True
    # two slips only in a longer word, and not two letters lost ("galaxy" is not "gala")
    return distance == 2 and len(typed) > 5 and abs(len(typed) - len(known)) <= 1


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


class Candidate(NamedTuple):
    rowid: int
    score: float


def _any(column: str, n: int) -> str:
    return "(" + " OR ".join(f"instr({column}, ?)" for _ in range(n)) + ")"


def _count(column: str, n: int) -> str:
    return "(" + " + ".join(f"(instr({column}, ?) > 0)" for _ in range(n)) + ")"


class Searcher:
    """Search over one open food database connection (read-only).

    Python only normalises the query (synonyms, plurals, typo fixes: cached per word and per
    query); SQLite does the matching and the whole ranking in one statement.
    """

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con
        self._stem: dict[str, str] | None = None
        self._df: dict[str, int] = {}
        self._by_length: dict[int, list[str]] | None = None
        self._corrected: dict[str, str | None] = {}
        self._plans: dict[tuple[str, bool], tuple[list[str], list[str]]] = {}
        self._sql: dict[tuple[int, int, int, bool, bool, bool], str] = {}
        self._cache: dict[tuple[str, int], list[Candidate]] = {}
        self._bound: dict[tuple[tuple[str, ...], int, bool], tuple[str, list[object]]] = {}

    # ------------------------------------------------------------ vocabulary
    def _vocab(self) -> dict[str, str]:
        if self._stem is None:
            stems: dict[str, str] = {}
            df: dict[str, int] = {}
            for word, stem, n in self.con.execute("SELECT word, stem, df FROM vocab"):
                stems[word] = stem
                df[word] = n
            self._stem, self._df = stems, df
        return self._stem

    def correct(self, word: str) -> str | None:
        """The index word meant by `word` (itself, a singular/plural form, or a typo fix)."""
        try:
            return self._corrected[word]
        except KeyError:
            pass
        fixed = self._correct(word)
        if len(self._corrected) > 20000:
            self._corrected.clear()
        self._corrected[word] = fixed
        return fixed

    def _correct(self, word: str) -> str | None:
        vocab = self._vocab()
        if word in vocab:
            return word
        if word.isdigit():
            return None
        for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("", "s"), ("", "es")):
            if suffix and word.endswith(suffix):
                cand = word[: -len(suffix)] + repl
            elif not suffix:
                cand = word + repl
            else:
                continue
            if cand in vocab:
                return cand
        if len(word) < 4:
            return None
        compound = self._split_compound(word)
        if compound is not None:
            return compound
        from rapidfuzz import fuzz, process

        if self._by_length is None:
            by_length: dict[int, list[str]] = {}
            for w in vocab:
                if len(w) >= 3 and not w.isdigit():
                    by_length.setdefault(len(w), []).append(w)
            self._by_length = by_length
        pool: list[str] = []
        for n in range(len(word) - 2, len(word) + 3):
            pool.extend(self._by_length.get(n, ()))
        cutoff = 80.0 if len(word) <= 5 else 75.0
        for candidate, _score, _index in process.extract(
            word, pool, scorer=fuzz.ratio, score_cutoff=cutoff, limit=5
        ):
            if _plausible_typo(word, str(candidate)):
                return str(candidate)
        return None

    def _split_compound(self, word: str) -> str | None:
        """'wholegrain' -> 'whole grain', 'cornflakes' -> 'corn flakes': two index words
        written as one (both at least 3 letters, the split that leaves the longer first word)."""
        vocab = self._vocab()
        for cut in range(len(word) - 3, 2, -1):
            left, right = word[:cut], word[cut:]
            if left in vocab and right in vocab and not left.isdigit() and not right.isdigit():
                return f"{left} {right}"
        return None

    def stem(self, word: str) -> str:
        return self._vocab().get(word, word)

    # ------------------------------------------------------------ query planning
    def plan(self, query: str, *, synonyms: bool = True) -> tuple[list[str], list[str]]:
        """(index words to search for, words that matched nothing)."""
        key = (query, synonyms)
        cached = self._plans.get(key)
        if cached is None:
            cached = self._plan(query, synonyms=synonyms)
            if len(self._plans) > 20000:
                self._plans.clear()
            self._plans[key] = cached
        return list(cached[0]), list(cached[1])

    def _plan(self, query: str, *, synonyms: bool) -> tuple[list[str], list[str]]:
        tokens = [w for w in words(query) if w not in STOPWORDS]
        if len(tokens) > 1:
            # "cup cooked brown rice": a unit is how much, not which food; but "pound cake"
            # and "cup cake" name foods
            tokens = [
                w
                for i, w in enumerate(tokens)
                if w not in UNIT_ALIASES or tokens[i + 1 : i + 2] in (["cake"], ["cakes"])
            ] or tokens
        if synonyms:
            tokens = apply_synonyms(tokens)
        known: list[str] = []
        unknown: list[str] = []
        for token in tokens:
            fixed = self.correct(token)
            if fixed is None:
                unknown.append(token)
                continue
            for part in fixed.split():  # a compound comes back as two words
                if part not in known:
                    known.append(part)
        if synonyms and known != tokens:
            # a corrected word may itself be a synonym phrase ("garbanzos" -> "garbanzo")
            again = apply_synonyms(known)
            if again != known:
                known = [w for w in again if self.correct(w) is not None]
        return known, unknown

    # ------------------------------------------------------------ search
    def search(self, query: str, limit: int = 10) -> list[Candidate]:
        key = (query.strip().lower(), limit)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        terms, _unknown = self.plan(query)
        result = self._search_terms(terms, limit, relax=False) if terms else []
        if not result:
            # the synonym rewrite may be too narrow ("smoked salmon"): try the words as typed
            plain, _ = self.plan(query, synonyms=False)
            if plain and plain != terms:
                result = self._search_terms(plain, limit, relax=False)
            # "medium baked potato", "slice of bread": portion words are how much, not which food
            solid = [t for t in terms if t not in PORTION_WORDS]
            if not result and solid and solid != terms:
                result = self._search_terms(solid, limit, relax=False)
            if not result and terms:
                result = self._search_terms(terms, limit, relax=True)
        if len(self._cache) > 5000:
            self._cache.clear()
        self._cache[key] = result
        return result

    def _search_terms(self, terms: list[str], limit: int, *, relax: bool) -> list[Candidate]:
        key = (tuple(terms), limit, relax)
        bound = self._bound.get(key)
        if bound is None:
            bound = self._bind(terms, limit, relax=relax)
            if len(self._bound) > 20000:
                self._bound.clear()
            self._bound[key] = bound
        rows = self.con.execute(*bound).fetchall()
        return list(map(Candidate._make, rows))

    def _bind(self, terms: list[str], limit: int, *, relax: bool) -> tuple[str, list[object]]:
        """The ranking statement and its parameters for these index words."""
        relaxed = relax and len(terms) > 1
        qstems = list(dict.fromkeys(self.stem(t) for t in terms))
        qset = frozenset(qstems)
        q_cooked = [q for q in qstems if q in COOKED_FORMS]
        q_other = [q for q in qstems if q in OTHER_FORMS]
        q_raw = RAW_FORM in qset
        named = [q for q in q_cooked if q != "cook"]
        has_form = bool(q_cooked or q_other or q_raw)
        # every query word is in more descriptions than the pool holds: rank the first POOL
        cut = not relaxed and min(self._df.get(t, 0) for t in terms) > POOL
        sql = self._statement(len(qstems), len(named), len(q_other), relaxed, has_form, cut)
        pad = [f" {q} " for q in qstems]
        if relaxed:
            # any of the words, leaving out the very common ones ("cooked", "with") when a
            # rarer word is there: they would pull in thousands of rows and still rank low
            rare = [t for t in terms if self._df.get(t, 0) <= COMMON_WORD_DF] or terms
            match = " OR ".join(f'"{t}"' for t in rare)
        else:
            match = " AND ".join(f'"{t}"' for t in terms)
        params: list[object] = [*pad]  # coverage
        params += [*pad, *pad]  # head, head_plain
        params += pad  # second
        params += [*pad, *pad, *pad]  # early, late, unusual
        params += [
            0.0 if "salt" in qset else SALTED,
            0.0 if qset & {"skin", "peel"} else SKINLESS,
            0.0 if qset & {"fat", "oil", "butter", "margarin", "lard"} else FAT_ADDED,
        ]
        if has_form:
            params.append(1 if q_cooked else 0)
            params += [f" {q} " for q in named]
            params += [f" {q} " for q in q_other]
            params += pad  # forms the query already names are not extra words
            params.append(1 if q_raw else 0)
        params += [match, limit]
        return sql, params

    def _statement(
        self, n: int, n_cooked: int, n_other: int, relaxed: bool, form: bool, cut: bool
    ) -> str:
        key = (n, n_cooked, n_other, relaxed, form, cut)
        sql = self._sql.get(key)
        if sql is not None:
            return sql
        n_in = _count("r.name", n)
        coverage = f"4.0 * {n_in} / {n}" if relaxed else f"4.0 * (0.6 * {n} + 0.4 * {n_in}) / {n}"
        head = (
            f"(CASE WHEN {_any('r.head', n)} "
            f"THEN 1.0 + 0.5 * ({_count('r.head_plain', n)} >= r.n_head_plain) "
            f"WHEN {_any('r.second', n)} THEN 0.6 ELSE 0.0 END)"
        )
        extra = (
            f"- {EXTRA_WORD} * min(r.n_early - {_count('r.early', n)}, 10)"
            f" - (CASE WHEN r.n_late THEN "
            f"min({LATE_EXTRA_WORD} * (r.n_late - {_count('r.late', n)}), 0.3) ELSE 0 END)"
            f" - (CASE WHEN r.n_unusual THEN 0.6 * (r.n_unusual - {_count('r.unusual', n)}) "
            "ELSE 0 END)"
        )
        flags = "- ? * r.salted - ? * r.skinless - ? * r.fat_added"
        if form:
            named = f"0.6 + 0.4 * {_count('r.cooked', n_cooked)}" if n_cooked else "0.6"
            other = " ".join("- 0.8 * (instr(r.name, ?) = 0)" for _ in range(n_other))
            form_sql = (
                f"((CASE WHEN ? THEN (CASE WHEN r.n_cooked > 0 THEN {named} "
                "WHEN r.raw THEN -2.0 ELSE -0.8 END) ELSE 0.0 END) "
                f"{other} + (CASE WHEN r.n_forms THEN "
                f"{EXTRA_WORD * 0.5} * (r.n_forms - {_count('r.forms', n)}) ELSE 0 END)"
                " + (CASE WHEN ? AND NOT r.raw THEN "
                "(CASE WHEN r.n_cooked > 0 THEN -1.5 ELSE -0.3 END) ELSE 0.0 END)"
                f" - {0.0 if n_other else 0.4} * r.plain_other)"
            )
        else:
            form_sql = "r.form0"
        score = f"r.prior + {coverage} + {head} {extra} {flags} + {form_sql}"
        if relaxed:
            # any-word matches can be thousands of rows: rank only the best by bm25 (rows
            # holding more, and rarer, query words)
            source = (
                "(SELECT rowid FROM foods_fts WHERE foods_fts MATCH ? "
                f"ORDER BY bm25(foods_fts, 1.0, {EXTRA_COLUMN_WEIGHT}) LIMIT {RELAXED_POOL}) m"
            )
            where = ""
        elif cut:
            # a very common word ("cooked", "chicken"): rows are stored best prior first
            # (generic, short, SR), so the first few hundred matches hold the likely foods
            source = f"(SELECT rowid FROM foods_fts WHERE foods_fts MATCH ? LIMIT {POOL}) m"
            where = ""
        else:
            source = "foods_fts m"
            where = " WHERE m.foods_fts MATCH ?"
        sql = (
            f"SELECT r.rowid, round({score}, 3) AS score FROM {source} JOIN food_rank r "
            f"ON r.rowid = m.rowid{where} ORDER BY score DESC, r.rowid LIMIT ?"
        )
        self._sql[key] = sql
        return sql
