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

import sqlite3
from functools import partial
from typing import Final, NamedTuple

from magcoach.foods.query_words import (
    AMOUNT_WORDS,
    PLANT_PARTS,
    _names_food,
    _not_a_name,
    _without_last_unit,
    _without_shapes,
    apply_synonyms,
    joined_compounds,
    synonym_words,
    words,
)
from magcoach.foods.rank import (
    FAT_ADDED,
    SALTED,
    SKINLESS,
)

# imported from here by the build
from magcoach.foods.rank import RANK_COLUMNS as RANK_COLUMNS
from magcoach.foods.rank import is_generic as is_generic
from magcoach.foods.rank import rank_features as rank_features
from magcoach.foods.search_sql import (
    BRANDED,
    POOL,
    a_brand,
    brand_words,
    in_a_name,
    in_other_names,
    named_as_typed,
    ranking_statement,
    record_kinds,
)
from magcoach.foods.units import PORTION_WORDS, UNIT_ALIASES
from magcoach.foods.wording import ALL_FORMS as _FORMS
from magcoach.foods.wording import (
    COOKED_FORMS,
    OTHER_FORMS,
    RAW_FORM,
    STOPWORDS,
    one_slip,
    plausible_typo,
)

COMMON_WORD_DF: Final = 1000  # words in more descriptions than this are "common"
# what follows these in a query is what the food comes with ("oatmeal with milk")
# or the style it is made in ("penne alla vodka" is pasta, not vodka; "chicken au gratin")
_HOLDS: Final = frozenset({"with", "in", "on"} | {"alla", "all", "al", "au"})


class Candidate(NamedTuple):
    rowid: int
    score: float


class Searcher:
    """Search over one open food database connection (read-only).

    Python only normalises the query (synonyms, plurals, typo fixes: cached per word and per
    query); SQLite does the matching and the whole ranking in one statement.
    """

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con
        self._stem: dict[str, str] | None = None
        self._df: dict[str, int] = {}
        self._branded: frozenset[int] | None = None  # rows of brands' products
        self._unmeasured: frozenset[int] | None = None  # rows without a magnesium value
        self._by_length: dict[int, list[str]] | None = None
        self._corrected: dict[str, str | None] = {}
        self._plans: dict[tuple[str, bool], tuple[list[str], list[str]]] = {}
        self._sql: dict[tuple[int, int, int, bool, bool, bool], str] = {}
        self._cache: dict[tuple[str, int], list[Candidate]] = {}
        self._phrases: dict[tuple[str, str], bool] = {}
        self._bound: dict[
            tuple[tuple[str, ...], int, tuple[str, str], bool, tuple[str, ...]],
            tuple[str, list[object]],
        ] = {}

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
        means = apply_synonyms([word])
        if means != [word] and all(m in vocab for m in means):
            return " ".join(means)  # a common name or shorthand ("choc"): its USDA wording
        if word in synonym_words():
            return word  # a word of a common name is a real word, no typo ("jacket potato")
        if len(word) < 4 or word in PLANT_PARTS:
            return None  # a part of a plant is a real word, no typo ("florets" is no "forest")
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
        near = [(str(c), s) for c, s, _i in process.extract(word, pool, scorer=fuzz.ratio, limit=5)]
        for candidate, score in near:
            plausible = score >= cutoff and plausible_typo(word, candidate)
            if plausible and in_a_name(self.con, candidate):
                return candidate
        # one slip in a long word: USDA's other names count too ("fetuccine" -> fettuccine)
        slips = [c for c, _s in near if one_slip(word, c)]
        return next((c for c in slips if in_other_names(self.con, c)), None)

    def _split_compound(self, word: str) -> str | None:
        """'wholegrain' -> 'whole grain', 'cornflakes' -> 'corn flakes': two index words
        written as one (both at least 3 letters, the split that leaves the longer first word),
        when some USDA name holds the two words together: "matcha" is no "mat" and "cha"."""
        vocab = self._vocab()
        for cut in range(len(word) - 3, 2, -1):
            left, right = word[:cut], word[cut:]
            if left.isdigit() or right.isdigit() or left not in vocab or right not in vocab:
                continue
            if self.names_phrase(left, right):
                return f"{left} {right}"
        return None

    def stem(self, word: str) -> str:
        return self._vocab().get(word, word)

    def names_phrase(self, *phrase: str) -> bool:
        """Whether a USDA record's name or other names hold these words in this order ("sweet
        and sour"; "salt and vinegar" potato chips)."""
        quoted = " ".join(phrase).replace('"', "")
        return self._any_row(
            ("phrase", quoted), "SELECT 1 FROM foods_fts WHERE foods_fts MATCH ?", f'"{quoted}"'
        )

    def _any_row(self, key: tuple[str, str], sql: str, *params: object) -> bool:
        """Whether the query (a yes-or-no look-up) finds a row; asked once per key."""
        known = self._phrases.get(key)
        if known is None:
            row = self.con.execute(f"{sql} LIMIT 1", params).fetchone()
            known = self._phrases[key] = row is not None
        return known

    def files_under(self, word: str) -> bool:
        """Whether USDA files records under this word ("Muffin, chocolate"; "Cookies, ..."):
        a portion word that is also a food ("a chocolate muffin"), unlike a cut ("thigh")."""
        return self._any_row(
            ("files", word),
            "SELECT 1 FROM foods WHERE description LIKE ? OR description LIKE ?",
            f"{word},%",
            f"{word}s,%",
        )

    def noun_of(self, food_id: str) -> frozenset[str]:
        """The stems naming a food (its `food_rank.noun`; none for a brand's product)."""
        return self._rank_words(food_id, "noun")

    def other_names(self, food_id: str) -> frozenset[str]:
        """The stems of USDA's other names for a food (FNDDS additional descriptions)."""
        return self._rank_words(food_id, "also")

    def _rank_words(self, food_id: str, column: str) -> frozenset[str]:
        row = self.con.execute(
            f"SELECT r.{column} FROM foods f JOIN food_rank r ON r.rowid = f.rowid WHERE f.id = ?",
            (food_id,),
        ).fetchone()
        return frozenset(str(row[0]).split()) if row else frozenset()

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
        # "a double espresso", "a grapefruit half": how much, unless that is all ("half and half")
        tokens = [w for w in tokens if w not in AMOUNT_WORDS] or tokens
        if len(tokens) > 1:
            # "cup cooked brown rice": a unit is how much, not which food; but "pound cake"
            # and "cup cake" name foods
            tokens = [
                w for i, w in enumerate(tokens) if w not in UNIT_ALIASES or _names_food(tokens, i)
            ] or tokens
        tokens = _without_shapes(tokens)
        if synonyms:
            tokens = apply_synonyms(
                joined_compounds(tokens, self._vocab().__contains__, self.names_phrase)
            )
        tokens = self._without_parts(tokens)
        known: list[str] = []
        unknown: list[str] = []
        for token in tokens:
            fixed = self.correct(token)
            if fixed is None:
                unknown.append(token)
                continue
            if fixed not in self._vocab() and " " not in fixed:
                continue  # a word of a common name left on its own ("jacket"): no index word
            for part in fixed.split():  # a compound comes back as two words
                if part not in known:
                    known.append(part)
        if synonyms and known != tokens:
            # a corrected word may itself be a synonym phrase ("garbanzos" -> "garbanzo")
            again = apply_synonyms(known)
            if again != known:
                known = [w for w in again if self.correct(w) is not None]
        return known, unknown

    def _without_parts(self, tokens: list[str]) -> list[str]:
        """The tokens without a plant part named after the food (see PLANT_PARTS)."""
        return [
            w
            for i, w in enumerate(tokens)
            if w not in PLANT_PARTS or i == 0 or self._named_by_part(tokens[i - 1], w)
        ]

    def _named_by_part(self, food: str, part: str) -> bool:
        """Whether a record that is no brand's product is named by the food and the plant
        part together (both in the words naming it: "Taro leaves", not "Lau lau (... taro
        leaves)")."""
        fixed = [self.correct(w) for w in (food, part)]
        if None in fixed:
            return False
        a, b = (self.stem(str(w).split()[-1]) for w in fixed)
        return self._any_row(
            ("part", f"{food}>{part}"),
            "SELECT 1 FROM foods_fts m JOIN food_rank r ON r.rowid = m.rowid"
            " JOIN foods f ON f.rowid = m.rowid WHERE foods_fts MATCH ?"
            " AND instr(r.head, ?) > 0 AND instr(r.head, ?) > 0 AND f.kind != ?",
            f'"{fixed[0]}" AND "{fixed[1]}"',
            f" {a} ",
            f" {b} ",
            BRANDED,
        )

    # ------------------------------------------------------------ search
    def search(self, query: str, limit: int = 10) -> list[Candidate]:
        key = (query.strip().lower(), limit)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        terms, unknown = self.plan(query)
        noun = self.noun(query, terms)
        result = self._search_terms(terms, limit, noun, relax=False) if terms else []
        if not result:
            # the synonym rewrite may be too narrow ("smoked salmon"): try the words as typed,
            # unless that loses a word only a synonym knows ("ham and cheese omelette")
            plain, lost = self.plan(query, synonyms=False)
            if plain and plain != terms and not set(lost) - set(unknown):
                result = self._search_terms(plain, limit, noun, relax=False)
        if (
            result
            and noun[0]
            and self.names_foods(noun[0])
            and not self._names_noun(result, noun[0])
        ):
            # every match holds the noun only in USDA's other names ("double chocolate
            # muffin": a snack cake some brand calls one; but "eggs over easy" are fried eggs,
            # no food is named "easy"): the records named by the noun come first
            result = self._search_terms(terms, limit, noun, relax=True) or result
        if result and noun[0]:
            result = self._generic_before_brands(query, terms, limit, noun, result)
        if result:
            search = partial(self._search_terms, limit=limit, noun=noun, relax=False)
            result = self._measured_first(
                named_as_typed(self, terms, noun[0], result, search), noun[0]
            )
        if not result:
            unitless = _without_last_unit(query)
            # a muffin or a roll is a food USDA files records under, not how it came
            food_unit = bool(noun[0]) and self.files_under(noun[0])
            if unitless != query and not food_unit:
                return self.search(unitless, limit)  # "fruit cup", "jello cup": how it came
            # "a grilled pork chop": no record says grilled; a cooked pork chop, ranked on it
            food_words = tuple(t for t in terms if self.stem(t) not in _FORMS)
            if food_words and len(food_words) < len(terms):
                result = self._search_terms(terms, limit, noun, relax=False, required=food_words)
            # "medium baked potato", "slice of bread": portion words are how much, not which food
            solid = [t for t in terms if t not in PORTION_WORDS and t not in UNIT_ALIASES]
            if not result and solid and solid != terms and not food_unit:
                result = self._search_terms(solid, limit, noun, relax=False)
            if not result and terms:
                result = self._search_terms(terms, limit, noun, relax=True)
            if not result and terms and noun[0]:
                result = self._search_terms(terms, limit, ("", noun[1]), relax=True)
        if len(self._cache) > 5000:
            self._cache.clear()
        self._cache[key] = result
        return result

    def _generic_before_brands(
        self,
        query: str,
        terms: list[str],
        limit: int,
        noun: tuple[str, str],
        found: list[Candidate],
    ) -> list[Candidate]:
        """When a brand's product leads and no generic record holds every word, and no brand
        is typed ("strawberry banana smoothie": ODWALLA's; "chicken tortilla soup":
        CAMPBELL'S, magnesium 0), the generic records of the food come first: those holding
        the most of the words nearest the noun ("tortilla soup"), else any naming the noun.
        A brand's record is one product, often without a magnesium value."""
        if found[0].rowid not in self._branded_rows():
            return found  # the usual case, without a query
        kinds = record_kinds(self.con, [c.rowid for c in found])
        if any(k < 2 for k, _ in kinds.values()):
            return found
        typed = set(words(query.replace("'", "")))
        capitals = set().union(*(brand_words(desc) for _, desc in kinds.values()))
        if any(a_brand(self.con, word) for word in capitals & typed):
            return found  # "odwalla smoothie": the brand's record is the one asked for
        for start in range(1, len(terms)):
            generic = self._generic(self._search_terms(terms[start:], limit, noun, relax=False))
            if generic:
                return (generic + found)[:limit]
        generic = self._generic(self._search_terms(terms, limit, noun, relax=True))
        return (generic + found)[:limit]

    def _measured_first(self, found: list[Candidate], noun: str) -> list[Candidate]:
        """A record USDA gives no magnesium value for never leads a record of the same food
        that has one ("cabernet": SR's "wine, table, red, Cabernet Sauvignon" has none,
        FNDDS's "Wine, table, red", which names the grape among its other names, has 12 mg):
        the first match with a value, named by the same noun, comes first."""
        unmeasured = self._unmeasured_rows()
        if found[0].rowid not in unmeasured:
            return found  # the usual case, without a query
        nouns = self._nouns([c.rowid for c in found])
        wanted = (nouns.get(found[0].rowid, set()) | {noun}) - {""}
        for i, candidate in enumerate(found[1:], start=1):
            if candidate.rowid not in unmeasured and nouns.get(candidate.rowid, set()) & wanted:
                return [candidate, *found[:i], *found[i + 1 :]]
        return found

    def _unmeasured_rows(self) -> frozenset[int]:
        if self._unmeasured is None:
            rows = self.con.execute("SELECT rowid FROM foods WHERE magnesium_mg IS NULL")
            self._unmeasured = frozenset(r[0] for r in rows)
        return self._unmeasured

    def _nouns(self, rowids: list[int]) -> dict[int, set[str]]:
        marks = ",".join("?" * len(rowids))
        sql = f"SELECT rowid, noun FROM food_rank WHERE rowid IN ({marks})"
        rows = self.con.execute(sql, rowids)
        return {rowid: set(str(noun).split()) for rowid, noun in rows}

    def _branded_rows(self) -> frozenset[int]:
        if self._branded is None:
            rows = self.con.execute("SELECT rowid FROM foods WHERE kind = ?", (BRANDED,))
            self._branded = frozenset(r[0] for r in rows)
        return self._branded

    def _generic(self, found: list[Candidate]) -> list[Candidate]:
        """The matches that are no brand's product, when the best one is not."""
        kinds = record_kinds(self.con, [c.rowid for c in found])
        if not found or kinds[found[0].rowid][0] == BRANDED:
            return []
        return [c for c in found if kinds[c.rowid][0] != BRANDED]

    def noun(self, query: str, terms: list[str]) -> tuple[str, str]:
        """The stems of the word that names the food in the query and of the word just
        before it (a modifier): English puts the noun last ("pumpkin pie", "milk chocolate",
        "chicken noodle soup"), before any form word ("potatoes, baked") and before what the
        food comes with ("oatmeal with milk"). The noun is empty when a synonym rewrote that
        word (its USDA wording is not in English order), when it is a cut or portion
        ("chicken thigh"), or there is none; the modifier is empty unless both are words
        of the query."""
        typed = words(query)
        for i, word in enumerate(typed[1:], start=1):
            if word in _HOLDS:
                typed = typed[:i]
                break
        for j in range(len(typed) - 1, -1, -1):
            token = typed[j]
            if _not_a_name(token) or (token in UNIT_ALIASES and not _names_food(typed, j)):
                continue
            fixed = self.correct(token)
            if fixed is None:
                means = apply_synonyms([token])
                if means == [token]:
                    continue
                if len(means) > 1 or self.correct(means[0]) is None:
                    return "", ""  # its USDA wording is not in English order
                fixed = means[0]  # "omelette": "omelet", another spelling of the same word
            last = fixed.split()[-1]
            stem = self.stem(last)
            if stem in _FORMS:
                continue
            if (token in PORTION_WORDS and not self.files_under(last)) or last not in terms:
                return "", ""  # "chicken thigh", "pork chop": SR names the animal first
            return stem, (self._modifier(typed[j - 1], terms) if j else "")
        return "", ""

    def _modifier(self, token: str, terms: list[str]) -> str:
        """The stem of the word before the noun when it is a search term and not a form."""
        fixed = None if _not_a_name(token) else self.correct(token)
        if fixed is None or fixed.split()[-1] not in terms:
            return ""
        stem = self.stem(fixed.split()[-1])
        return "" if stem in _FORMS else stem

    def names_foods(self, noun: str) -> bool:
        """Whether USDA names some food by this stem ("muffin"; not "easi" of "over easy")."""
        return self._any_row(
            ("noun", noun), "SELECT 1 FROM food_rank WHERE instr(noun, ?) > 0", f" {noun} "
        )

    def _names_noun(self, found: list[Candidate], noun: str) -> bool:
        """Whether any of these records holds the noun in its own name."""
        marks = ",".join("?" * len(found))
        row = self.con.execute(
            f"SELECT 1 FROM food_rank WHERE rowid IN ({marks}) AND instr(name, ?) > 0 LIMIT 1",
            [c.rowid for c in found] + [f" {noun} "],
        ).fetchone()
        return row is not None

    def _search_terms(
        self,
        terms: list[str],
        limit: int,
        noun: tuple[str, str] = ("", ""),
        *,
        relax: bool,
        required: tuple[str, ...] = (),
    ) -> list[Candidate]:
        """The best matches for these words: rows holding every word (or only the
        `required` ones; any of them when `relax`), ranked on all of them."""
        key = (tuple(terms), limit, noun, relax, required)
        bound = self._bound.get(key)
        if bound is None:
            bound = self._bind(terms, limit, noun, relax=relax, required=required)
            if len(self._bound) > 20000:
                self._bound.clear()
            self._bound[key] = bound
        rows = self.con.execute(*bound).fetchall()
        return list(map(Candidate._make, rows))

    def _bind(
        self,
        terms: list[str],
        limit: int,
        noun: tuple[str, str],
        *,
        relax: bool,
        required: tuple[str, ...] = (),
    ) -> tuple[str, list[object]]:
        """The ranking statement and its parameters for these index words."""
        held = list(required) or terms  # the words every row holds
        relaxed = relax and len(terms) > 1
        qstems = list(dict.fromkeys(self.stem(t) for t in terms))
        qset = frozenset(qstems)
        q_cooked = [q for q in qstems if q in COOKED_FORMS]
        q_other = [q for q in qstems if q in OTHER_FORMS]
        q_raw = RAW_FORM in qset
        named = [q for q in q_cooked if q != "cook"]
        has_form = bool(q_cooked or q_other or q_raw)
        # every query word is in more descriptions than the pool holds: rank the first POOL
        cut = not relaxed and min(self._df.get(t, 0) for t in held) > POOL
        sql = self._statement(len(qstems), len(named), len(q_other), relaxed, has_form, cut)
        pad = [f" {q} " for q in qstems]
        params: list[object] = [*pad]  # coverage
        params += [q for q in pad for _ in (0, 1)]  # coverage by other names
        params += [*pad, *pad]  # head, head_plain
        params += pad  # second
        params += [*pad, *pad, *pad, *pad]  # early, late, unusual, alternatives
        # what a record leaves out is asked for by a query that leaves it out too ("no cheese")
        params += ["  "] * len(pad) if qset & {"no", "without"} else pad  # ns_of
        # padded stems; two spaces match no record's noun
        params += [f" {word} " if word else "  " for word in (*noun, noun[0])]
        # the dish the modifier names: only when the query has both a noun and a modifier
        dish = [f" {w} " for w in noun] if all(noun) else ["  ", "  "]
        params += dish
        params += [
            -SALTED if "salt" in qset else SALTED,  # "salted peanuts": not "without salt"
            0.0 if qset & {"skin", "peel"} else SKINLESS,
            0.0 if qset & {"fat", "oil", "butter", "margarin", "lard"} else FAT_ADDED,
        ]
        if has_form:
            params.append(1 if q_cooked else 0)
            params += [f" {q} " for q in named] * (2 if named else 1)  # named, not another
            params += [f" {q} " for q in q_other]
            params += pad  # forms the query already names are not extra words
            params.append(1 if q_raw else 0)
        if relaxed:
            params.append(self._match(terms, noun[0]))
            params.append(self._match(terms, noun[0], by_noun=True))
            params.append(f" {noun[0]} " if noun[0] else " ")
        else:
            params.append(self._match(held))
        params.append(limit)
        return sql, params

    def _match(self, terms: list[str], noun: str | None = None, *, by_noun: bool = False) -> str:
        """The FTS5 query: every word; or, relaxed (`noun` given), any of the words, leaving
        out the very common ones ("cooked", "with") when a rarer word is there (they would
        pull in thousands of rows and still rank low), among the rows holding the query's
        noun ("cherry tomatoes": the tomatoes, not the first few hundred cherries); or
        (`by_noun`) just the rows holding the noun."""
        if noun is None:
            # a unit word kept as the food's name must be in it ("peanut butter cups"), not
            # only in its other names (a "fruit cup" is no candy some brand calls a cup)
            return " AND ".join(f'name : "{t}"' if t in UNIT_ALIASES else f'"{t}"' for t in terms)
        rare = [t for t in terms if self._df.get(t, 0) <= COMMON_WORD_DF] or terms
        # a row holds a food word, not only how it was cooked ("a grilled lobster tail" is
        # no grilled cheese sandwich)
        rare = [t for t in rare if self.stem(t) not in _FORMS] or rare
        match = " OR ".join(f'"{t}"' for t in rare)
        named = [t for t in terms if self.stem(t) == noun]
        if not named:
            return match
        return f'"{named[0]}"' if by_noun else f'"{named[0]}" AND ({match})'

    def _statement(
        self, n: int, n_cooked: int, n_other: int, relaxed: bool, form: bool, cut: bool
    ) -> str:
        key = (n, n_cooked, n_other, relaxed, form, cut)
        sql = self._sql.get(key)
        if sql is None:
            sql = self._sql[key] = ranking_statement(n, n_cooked, n_other, relaxed, form, cut)
        return sql
