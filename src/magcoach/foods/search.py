"""Food search: words in any order, synonyms, typos, plurals, and a ranking that puts the
generic food a person most likely means first.

Candidates come from the FTS5 index (rows are stored best-prior-first, so the first few
hundred matches of a query hold the generic records); they are then scored in Python on:
how many query words the description holds and how early, how many other words it adds,
the kind of record (branded, restaurant, infant, ingredient-only rank lower), the source,
and the cooking form (a form in the query must match; otherwise the form people usually eat:
raw fruit, cooked beans, grains, meat and fish).
"""

from __future__ import annotations

import csv
import re
import sqlite3
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Final

_WORD = re.compile(r"[^\W_]+", re.UNICODE)

CANDIDATES: Final = 400


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
    "enrich unenrich style origin unfortifi uncook ripe year round averag red white tap "
    "previous broiler fryer long grain"
)

# Food groups and foods people usually eat cooked (a query without a form picks the cooked
# record); fruit, nuts and salad vegetables default to raw.
COOKED_GROUPS: Final = (
    "legume",
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
    "collard squash cowpea soybean"
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
    "nonfat chocol flavor sweeten pod home homemad egg vegetabl immatur split sprout"
)

KIND_PENALTY: Final = (0.0, 0.9, 1.6, 2.2, 2.5, 1.6)
SOURCE_PENALTY: Final = (0.0, 0.1, 0.45)
EXTRA_WORD: Final = 0.22  # per unasked-for word in the first two segments
LATE_EXTRA_WORD: Final = 0.1  # per unasked-for word further on (capped)


@dataclass(frozen=True)
class Synonym:
    phrase: tuple[str, ...]
    means: tuple[str, ...]


@lru_cache(maxsize=1)
def load_synonyms() -> tuple[Synonym, ...]:
    """The synonym list (foods/data/synonyms.csv), longest phrases first."""
    text = resources.files("magcoach.foods").joinpath("data/synonyms.csv").read_text("utf-8")
    rows: list[Synonym] = []
    for row in csv.DictReader(text.splitlines()):
        phrase = tuple(words(row["phrase"]))
        means = tuple(words(row["means"]))
        if phrase and means:
            rows.append(Synonym(phrase, means))
    rows.sort(key=lambda s: -len(s.phrase))
    return tuple(rows)


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


@dataclass(frozen=True)
class Candidate:
    rowid: int
    score: float


class _Features:
    """What the scorer needs about one food, computed once per food and kept."""

    __slots__ = (
        "_plain_other",
        "c_cooked",
        "c_other",
        "c_raw",
        "eaten_cooked",
        "fat_added",
        "head",
        "head_plain",
        "informative",
        "name",
        "salted",
        "second",
        "segments",
        "skinless_flag",
        "static",
    )

    def __init__(
        self, stems: str, kind: int, source_rank: int, group: str, n_portions: int, mg: object
    ) -> None:
        segments = tuple(frozenset(seg.split()) for seg in stems.split("|"))
        flat = tuple(stems.replace("|", " ").split())
        name = frozenset(flat)
        group = group.lower()
        self.segments = segments
        self.name = name
        head = segments[0] if segments else frozenset()
        if len(segments) > 1 and head and head <= CATEGORY_HEADS:
            head = head | segments[1]
        self.head = head
        self.head_plain = head - NEUTRAL - CATEGORY_HEADS  # words the query must cover
        self.second = segments[1] if len(segments) > 1 else frozenset()
        # words that count as "extra" unless the query asks for them: (stem, early, unusual)
        self.informative = tuple(
            (w, i < 2, w in UNUSUAL)
            for i, seg in enumerate(segments)
            for w in seg
            if w not in NEUTRAL and w not in CATEGORY_HEADS and len(w) >= 2 and not w.isdigit()
        )
        self.salted = "salt" in name and "without" not in name
        self.skinless_flag = ("without" in name and "skin" in name) or (
            "peel" in name and "with" not in name
        )
        self.fat_added = _fat_added(flat)
        static = -(KIND_PENALTY[kind] if kind < len(KIND_PENALTY) else 2.0)
        static -= SOURCE_PENALTY[min(source_rank, 2)]
        static += 0.02 * min(n_portions, 10)  # common foods have more household measures
        if mg is None:
            static -= 0.3  # a record without a magnesium value is little use here
        self.static = static
        self.c_cooked = name & COOKED_FORMS
        self.c_raw = RAW_FORM in name
        c_other = name & OTHER_FORMS
        if "previous" in name:
            c_other = c_other - {"frozen"}  # "not previously frozen"
        self.c_other = c_other
        self.eaten_cooked = any(g in group for g in COOKED_GROUPS) or bool(
            segments and (segments[0] & COOKED_HEADS)
        )
        if "dri" in c_other and not ("fruit" in group or "vegetable" in group):
            c_other = c_other - {"dri"}  # dried is the plain form of nuts, seeds, spices
        self._plain_other = c_other


class Searcher:
    """Search over one open food database connection (read-only)."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con
        self._stem: dict[str, str] | None = None
        self._by_length: dict[int, list[str]] | None = None
        self._features: dict[int, _Features] = {}
        self._cache: dict[tuple[str, int], list[Candidate]] = {}

    # ------------------------------------------------------------ vocabulary
    def _vocab(self) -> dict[str, str]:
        if self._stem is None:
            self._stem = dict(self.con.execute("SELECT word, stem FROM vocab").fetchall())
        return self._stem

    def correct(self, word: str) -> str | None:
        """The index word meant by `word` (itself, a singular/plural form, or a typo fix)."""
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
        best = process.extractOne(word, pool, scorer=fuzz.ratio, score_cutoff=cutoff)
        return None if best is None else str(best[0])

    def stem(self, word: str) -> str:
        return self._vocab().get(word, word)

    # ------------------------------------------------------------ query planning
    def plan(self, query: str, *, synonyms: bool = True) -> tuple[list[str], list[str]]:
        """(index words to search for, words that matched nothing)."""
        tokens = [w for w in words(query) if w not in STOPWORDS]
        if synonyms:
            tokens = apply_synonyms(tokens)
        known: list[str] = []
        unknown: list[str] = []
        for token in tokens:
            fixed = self.correct(token)
            if fixed is None:
                unknown.append(token)
            elif fixed not in known:
                known.append(fixed)
        if synonyms and known != tokens:
            # a corrected word may itself be a synonym phrase ("garbanzos" -> "garbanzo")
            again = apply_synonyms(known)
            if again != known:
                known = [w for w in again if self.correct(w) is not None]
        return known, unknown

    # ------------------------------------------------------------ retrieval
    def _match(self, terms: Sequence[str], mode: str) -> list[int]:
        expr = f" {mode} ".join(f'"{t}"' for t in terms)
        rows = self.con.execute(
            "SELECT rowid FROM foods_fts WHERE foods_fts MATCH ? LIMIT ?",
            (expr, CANDIDATES),
        ).fetchall()
        return [r[0] for r in rows]

    def _load_features(self, rowids: Sequence[int]) -> None:
        missing = [r for r in rowids if r not in self._features]
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for rowid, stems, kind, source_rank, group, n_portions, mg in self.con.execute(
                f"SELECT rowid, stems, kind, source_rank, food_group, n_portions, magnesium_mg "
                f"FROM foods "
                f"WHERE rowid IN ({marks})",
                chunk,
            ):
                self._features[rowid] = _Features(stems, kind, source_rank, group, n_portions, mg)

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
            if not result and terms:
                result = self._search_terms(terms, limit, relax=True)
        if len(self._cache) > 5000:
            self._cache.clear()
        self._cache[key] = result
        return result

    def _search_terms(self, terms: list[str], limit: int, *, relax: bool) -> list[Candidate]:
        relaxed = relax and len(terms) > 1
        rowids = self._match(terms, "OR" if relaxed else "AND")
        if not rowids:
            return []
        self._load_features(rowids)
        qstems = [self.stem(t) for t in terms]
        scored = [
            Candidate(rowid, self._score(self._features[rowid], qstems, relaxed))
            for rowid in rowids
        ]
        scored.sort(key=lambda c: (-c.score, c.rowid))
        return scored[:limit]

    # ------------------------------------------------------------ scoring
    def _score(self, f: _Features, qstems: list[str], relaxed: bool) -> float:
        qset = frozenset(qstems)
        name = f.name
        n_in = sum(1 for q in qset if q in name)
        n_q = max(len(qset), 1)
        coverage = n_in / n_q if relaxed else (n_in + 0.6 * (len(qset) - n_in)) / n_q
        score = 4.0 * coverage + f.static
        # the head of the description (before the first comma) names the food
        if f.head & qset:
            score += 1.0
            if f.head_plain <= qset:
                score += 0.5
        elif f.second & qset:
            score += 0.6
        # where the query words sit: early segments are about the food itself
        total = count = 0
        for i, seg in enumerate(f.segments):
            if not seg.isdisjoint(qset):
                total += i
                count += 1
        if count:
            score -= 0.08 * total / count
        early = late = unusual = 0
        for word, is_early, is_unusual in f.informative:
            if word in qset:
                continue
            if is_unusual:
                unusual += 1
            if is_early:
                early += 1
            else:
                late += 1
        score -= EXTRA_WORD * min(early, 10) + min(LATE_EXTRA_WORD * late, 0.3) + 0.6 * unusual
        if f.salted and "salt" not in qset:
            score -= 0.3  # salted variants: the unsalted one is the reference
        if f.skinless_flag and "skin" not in qset and "peel" not in qset:
            score -= 0.3  # eaten with the skin unless the person says otherwise
        if f.fat_added and "fat" not in qset:
            score -= 0.3  # FNDDS "fat added in cooking" versions
        return score + self._form_score(f, qset)

    @staticmethod
    def _form_score(f: _Features, qset: frozenset[str]) -> float:
        q_cooked = qset & COOKED_FORMS
        q_raw = RAW_FORM in qset
        q_other = qset & OTHER_FORMS
        c_cooked = f.c_cooked
        c_raw = f.c_raw
        score = 0.0
        if q_cooked or q_raw or q_other:
            if q_cooked:
                if c_cooked:
                    score += 0.6 + 0.4 * len(q_cooked & c_cooked - {"cook"})
                elif c_raw:
                    score -= 2.0
                else:
                    score -= 0.8
            if q_raw and not c_raw:
                score -= 1.5 if c_cooked else 0.3
            for form in q_other:
                if form not in f.name:
                    score -= 0.8
            # the query words already rewarded the form; undo their "extra word" penalty
            score += EXTRA_WORD * len((c_cooked | f.c_other) - qset) * 0.5
            return score
        if f.eaten_cooked:
            if c_cooked:
                score += 0.9 + EXTRA_WORD * len(c_cooked)  # cooking words are not "extra" here
            elif c_raw:
                score -= 0.6
            if "fri" in c_cooked:
                score -= 0.3  # roasted, baked or boiled before fried
        else:
            if c_raw:
                score += 0.4
            if c_cooked:
                score -= 0.2
        if f._plain_other:
            score -= 0.4
        return score
