"""The ranking statement of the food search (see `search.py`): the static features of
`food_rank` combined with the query in one SQL statement."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from functools import lru_cache
from typing import Final, Protocol, TypeVar

from magcoach.foods.rank import (
    ALSO_WEIGHT,
    DISH_NAMED,
    DISH_OTHER,
    EXTRA_WORD,
    GENERIC_BONUS,
    LATE_EXTRA_WORD,
    MEAT_NOUNS,
    NOUN_BONUS,
    NOUN_SWAPPED,
    NS_NAMED,
)
from magcoach.foods.wording import _PAREN, _WORD, normalise
from magcoach.foods.wording import ALL_FORMS as _FORMS

POOL: Final = 400  # matches ranked when every query word is very common
RELAXED_POOL: Final = 200  # any-word matches ranked, best by bm25 first
EXTRA_COLUMN_WEIGHT: Final = 0.5  # bm25 weight of the extra-description column
OTHER_METHOD: Final = 0.2  # a record cooked by a method other than the one typed


def _any(column: str, n: int) -> str:
    return "(" + " OR ".join(f"instr({column}, ?)" for _ in range(n)) + ")"


def _count(column: str, n: int) -> str:
    return "(" + " + ".join(f"(instr({column}, ?) > 0)" for _ in range(n)) + ")"


# the query's noun and its modifier, and flags the query may cancel
_FLAGS: Final = (
    f"+ {NOUN_BONUS} * (instr(r.noun, ?) > 0)"
    # named by the modifier instead of the noun; not both ("Sausage on biscuit")
    f" - {NOUN_SWAPPED} * (instr(r.noun, ?) > 0 AND instr(r.noun, ?) = 0)"
    " + (CASE WHEN instr(r.noun, ?) = 0 THEN 0.0"
    f" WHEN instr(r.mods, ?) > 0 THEN {DISH_NAMED}"
    f" WHEN length(r.mods) > 2 THEN -{DISH_OTHER} ELSE 0.0 END)"
    " - ? * r.salted - ? * r.skinless - ? * r.fat_added"
)


def _extra(n: int) -> str:
    """Less for the record's words the query does not name."""
    return (
        f"- {EXTRA_WORD} * min(r.n_early - {_count('r.early', n)}, 10)"
        f" - (CASE WHEN r.n_late THEN "
        f"min({LATE_EXTRA_WORD} * (r.n_late - {_count('r.late', n)}), 0.3) ELSE 0 END)"
        f" - (CASE WHEN r.n_unusual THEN 0.6 * (r.n_unusual - {_count('r.unusual', n)}) "
        "ELSE 0 END)"
        # "bar or stick", "chapati or roti": one extra word unless the query names one
        f" - (CASE WHEN r.n_alts THEN {EXTRA_WORD} * "
        f"max(r.n_alts - {_count('r.alts', n)}, 0) ELSE 0 END)"
        # "heavy cream" said which: "Cream, NS as to light, heavy, ..." is not the answer;
        # it loses its generic bonus and the typed word counts for nothing in it
        f" - {GENERIC_BONUS + NS_NAMED} * {_any('r.ns_of', n)}"
    )


def ranking_statement(
    n: int, n_cooked: int, n_other: int, relaxed: bool, form: bool, cut: bool
) -> str:
    """The one SQL statement that finds and ranks foods for `n` query stems (`n_cooked`
    cooking forms and `n_other` other forms named, any-word matching when `relaxed`, a
    query naming a form, the first rows only when every word is common)."""
    # a query word found only in USDA's other names for the food ("Muffin, fruit":
    # blueberry; "Cookie, chocolate sandwich": Oreo) counts half
    also = " + ".join(
        "(CASE WHEN instr(r.name, ?) THEN 0 ELSE instr(r.also, ?) > 0 END)" for _ in range(n)
    )
    n_in = f"({_count('r.name', n)} + {ALSO_WEIGHT} * ({also}))"
    coverage = f"4.0 * {n_in} / {n}" if relaxed else f"4.0 * (0.6 * {n} + 0.4 * {n_in}) / {n}"
    head = (
        f"(CASE WHEN {_any('r.head', n)} "
        f"THEN 1.0 + 0.5 * ({_count('r.head_plain', n)} >= r.n_head_plain) "
        f"WHEN {_any('r.second', n)} THEN 0.6 ELSE 0.0 END)"
    )
    if form:
        # a typed cooking method no record holds ("roasted cauliflower") is not another
        # method's record ("boiled"): those lose to the generic cooked one
        named = (
            f"0.6 + 0.4 * {_count('r.cooked', n_cooked)} - {OTHER_METHOD} * "
            f"(r.n_cooked - {_count('r.cooked', n_cooked)} - (instr(r.cooked, ' cook ') > 0) > 0)"
            if n_cooked
            else "0.6"
        )
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
    score = f"r.prior + {coverage} + {head} {_extra(n)} {_FLAGS} + {form_sql}"
    if relaxed:
        # any-word matches can be thousands of rows: rank only the best by bm25 (rows
        # holding more, and rarer, query words) and the first rows naming the food (stored
        # best prior first: "Tomatoes, red, ripe, raw" among 500 tomatoes)
        source = (
            "(SELECT rowid FROM (SELECT rowid FROM foods_fts WHERE foods_fts MATCH ? "
            f"ORDER BY bm25(foods_fts, 1.0, {EXTRA_COLUMN_WEIGHT}) LIMIT {RELAXED_POOL}) "
            "UNION SELECT rowid FROM (SELECT rowid FROM foods_fts WHERE foods_fts MATCH ? "
            f"LIMIT {RELAXED_POOL})) m"
        )
        # no record holds every word: only those naming the food the query names ("pumpkin
        # spice latte" is a latte, not pumpkin pie spice), whatever else they hold
        where = " WHERE instr(r.name, ?) > 0"
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
    return sql


# A brand in a USDA name is written in capitals ("CAMPBELL'S", "NAKED JUICE"); kind 3 is
# build.py's KIND_BRANDED (the build imports the search, so it is restated here)
_BRAND: Final = re.compile(r"\b[A-Z][A-Z'&.]{2,}\b")
BRANDED: Final = 3


def brand_words(description: str) -> set[str]:
    """The words of a USDA name written in capitals, as a person types them."""
    return {re.sub(r"[^a-z]", "", w.lower()) for w in _BRAND.findall(description)}


def a_brand(con: sqlite3.Connection, word: str) -> bool:
    """A word in capitals that no generic record's name holds ("naked", "odwalla"; SR
    writes some flavours in capitals too: "MIGHTY MANGO")."""
    row = con.execute(
        "SELECT 1 FROM foods WHERE kind < 2 AND instr(' ' || lower(description), ?) LIMIT 1",
        (f" {word}",),
    ).fetchone()
    return row is None


def record_kinds(con: sqlite3.Connection, rowids: list[int]) -> dict[int, tuple[int, str]]:
    """The kind of record (build.py's KIND_*) and the description of these rows."""
    marks = ",".join("?" * len(rowids))
    rows = con.execute(
        f"SELECT rowid, kind, description FROM foods WHERE rowid IN ({marks})", rowids
    )
    return {rowid: (kind, desc) for rowid, kind, desc in rows}


class _HasRow(Protocol):
    @property
    def rowid(self) -> int: ...


_Row = TypeVar("_Row", bound=_HasRow)


class _Words(Protocol):
    """What the checks below ask of the searcher."""

    con: sqlite3.Connection

    def stem(self, word: str) -> str: ...

    def names_foods(self, noun: str) -> bool: ...


class _Search(Protocol[_Row]):
    def __call__(self, terms: list[str], *, required: tuple[str, ...] = ...) -> list[_Row]: ...


def named_as_typed(
    searcher: _Words, terms: list[str], noun: str, found: list[_Row], search: _Search[_Row]
) -> list[_Row]:
    """The matches, unless the best one names another food than the one typed: a meat nobody
    typed (`without_untyped_meat`), or a dish holding the food when the line says how it was
    cooked ("grilled tomatoes" are no grilled chicken sandwich "with lettuce, tomato"; a record
    of the food, ranked on the cooking word, leads instead)."""
    found = without_untyped_meat(searcher, terms, noun, found, search)
    stems = [searcher.stem(t) for t in terms]
    if not noun or not set(stems) & _FORMS or noun in _noun_of(searcher.con, found[0].rowid):
        return found
    food_words = tuple(t for t, w in zip(terms, stems, strict=True) if w not in _FORMS)
    other = search(terms, required=food_words) if food_words else []
    return other if other and noun in _noun_of(searcher.con, other[0].rowid) else found


@lru_cache(maxsize=8192)
def _noun_of(con: sqlite3.Connection, rowid: int) -> frozenset[str]:
    row = con.execute("SELECT noun FROM food_rank WHERE rowid = ?", (rowid,)).fetchone()
    return frozenset(str(row[0]).split()) if row else frozenset()


@lru_cache(maxsize=8192)
def _meat_of(con: sqlite3.Connection, rowid: int) -> frozenset[str]:
    """The meats a record's own name (its first segments) holds ("Chicken submarine sandwich")."""
    row = con.execute("SELECT head FROM food_rank WHERE rowid = ?", (rowid,)).fetchone()
    return frozenset(str(row[0]).split()) & MEAT_NOUNS if row else frozenset()


def without_untyped_meat(
    searcher: _Words, terms: list[str], noun: str, found: list[_Row], search: _Search[_Row]
) -> list[_Row]:
    """The matches for fewer words when the best one holding all of them is named by a meat
    nobody typed: a "cheese and tomato sandwich" is a cheese sandwich, not the chicken
    submarine sandwich that lists cheese and tomato among what it holds. The words left out
    are foods (not "breakfast") outside the record's own name and never the noun, the one
    nearest the noun first, so long as a record named by the noun leads; else the matches as
    found."""
    con, stem = searcher.con, searcher.stem
    stems = [stem(t) for t in terms]
    if len(terms) < 2 or set(stems) & MEAT_NOUNS or not _meat_of(con, found[0].rowid):
        return found
    own = _names_of(con, found[0].rowid, stem)
    for term, word in reversed(list(zip(terms, stems, strict=True))):
        if word == noun or word in own or not searcher.names_foods(word):
            continue
        other = search([t for t in terms if t != term])
        # still the dish typed, by its own name ("Onions, for use on a sandwich" is none)
        if other and not _meat_of(con, other[0].rowid) and _is_a(con, other[0].rowid, noun, stem):
            return other
    return found


def _is_a(con: sqlite3.Connection, rowid: int, noun: str, stem: Callable[[str], str]) -> bool:
    return not noun or noun in _names_of(con, rowid, stem)


def _names_of(con: sqlite3.Connection, rowid: int, stem: Callable[[str], str]) -> frozenset[str]:
    """The stems of a record's own name: before what it is "with" or any comma."""
    row = con.execute("SELECT description FROM foods WHERE rowid = ?", (rowid,)).fetchone()
    own = re.split(r",| with ", str(row[0]).lower())[0] if row else ""
    return frozenset(map(stem, re.findall(r"[a-z]+", own)))


def in_other_names(con: sqlite3.Connection, word: str) -> bool:
    """Whether USDA's other names for a record that is no brand's product hold the word
    (FNDDS: "Pasta with cream sauce" is also fettuccine alfredo)."""
    texts = _unbranded(con, word, "extra", 20)
    return any(word in _WORD.findall(normalise(text)) for text in texts)


def in_a_name(con: sqlite3.Connection, word: str) -> bool:
    """Whether the name of a record that is no brand's product holds the word, outside
    the brand a name notes in parentheses: a typo is fixed to a word that names foods,
    not only in USDA's other names or a brand ("skyr" is no "Sky Bar", "matcha" no
    "MARTHA WHITE" biscuit mix, "toddy" no "(Teddy Grahams)")."""
    texts = _unbranded(con, word, "name", 50)
    return any(word in _WORD.findall(normalise(_PAREN.sub(" ", text))) for text in texts)


def _unbranded(con: sqlite3.Connection, word: str, column: str, limit: int) -> list[str]:
    """The `column` text ("name" or "extra") of records no brand makes that match the word."""
    shown = "m.extra" if column == "extra" else "f.description"
    rows = con.execute(
        f"SELECT {shown} FROM foods_fts m JOIN foods f ON f.rowid = m.rowid"
        " WHERE foods_fts MATCH ? AND f.kind != ? LIMIT ?",
        (f'{column} : "{word.replace(chr(34), "")}"', BRANDED, limit),
    ).fetchall()
    return [str(row[0]) for row in rows]
