"""How the words of a typed food name are read before the search: the common names people
type and their USDA wording (foods/data/synonyms.csv, applied in one left-to-right pass,
longest phrase first), and the words that say how much, how the food is cut or which part of
a plant it is rather than which food."""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Final

from magcoach.foods.units import UNIT_ALIASES
from magcoach.foods.wording import _WORD, STOPWORDS, normalise


@dataclass(frozen=True)
class Synonym:
    phrase: tuple[str, ...]
    means: tuple[str, ...]
    alone: bool = False  # only when the phrase is the whole name ("salad", not "tuna salad")


@lru_cache(maxsize=1)
def load_synonyms() -> tuple[Synonym, ...]:
    """The synonym list (foods/data/synonyms.csv), longest phrases first. Stopwords are left
    out of both sides, as they are left out of the query ("mac and cheese" is "mac cheese")."""
    rows: list[Synonym] = []
    for row in synonym_rows():
        phrase = tuple(w for w in words(row["phrase"]) if w not in STOPWORDS)
        means = tuple(w for w in words(row["means"]) if w not in STOPWORDS)
        if phrase and means:
            rows.append(Synonym(phrase, means, (row.get("alone") or "").strip() == "yes"))
    rows.sort(key=lambda s: -len(s.phrase))
    return tuple(rows)


@lru_cache(maxsize=1)
def synonym_rows() -> tuple[dict[str, str], ...]:
    """The rows of synonyms.csv, read once (three readers use them)."""
    text = resources.files("magcoach.foods").joinpath("data/synonyms.csv").read_text("utf-8")
    return tuple(csv.DictReader(text.splitlines()))


@lru_cache(maxsize=1)
def _implied_portions() -> tuple[tuple[tuple[str, ...], str], ...]:
    return tuple(
        (tuple(words(row["phrase"])), row["portion"].strip())
        for row in synonym_rows()
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


def words(text: str) -> list[str]:
    return _WORD.findall(normalise(text))


@lru_cache(maxsize=1)
def synonym_words() -> frozenset[str]:
    """Every word of the common names in synonyms.csv ("jacket" of "jacket potato")."""
    return frozenset(w for syn in load_synonyms() for w in syn.phrase)


@lru_cache(maxsize=1)
def _synonyms_by_first_word() -> dict[str, tuple[Synonym, ...]]:
    index: dict[str, list[Synonym]] = {}
    for syn in load_synonyms():
        index.setdefault(syn.phrase[0], []).append(syn)
    return {k: tuple(v) for k, v in index.items()}


def named_by_synonyms(tokens: Sequence[str]) -> set[str]:
    """The tokens a common name of synonyms.csv covers ("pain au chocolat"): no typos."""
    index = _synonyms_by_first_word()
    covered: set[str] = set()
    for i, token in enumerate(tokens):
        for syn in index.get(token, ()):
            n = len(syn.phrase)
            if _typed_at(tokens, i, syn.phrase) and not (syn.alone and n != len(tokens)):
                covered.update(tokens[i : i + n])
                break
    return covered


def _typed_at(tokens: Sequence[str], i: int, phrase: tuple[str, ...]) -> bool:
    """Whether the phrase is typed at token i, a name of several words also in the plural
    ("2 tuna rolls", "chicken pies"); a single word only as listed ("rose" wine is no "roses")."""
    typed = tuple(tokens[i : i + len(phrase)])
    if typed == phrase:
        return True
    return (
        len(phrase) > 1
        and len(typed) == len(phrase)
        and typed[:-1] == phrase[:-1]
        and typed[-1] == phrase[-1] + "s"
    )


def apply_synonyms(tokens: Sequence[str]) -> list[str]:
    """Rewrite common names to USDA wording in one left-to-right pass (longest phrase first)."""
    index = _synonyms_by_first_word()
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for syn in index.get(tokens[i], ()):
            n = len(syn.phrase)
            if syn.alone and n != len(tokens):
                continue
            if _typed_at(tokens, i, syn.phrase):
                out.extend(syn.means)
                i += n
                break
        else:
            out.append(tokens[i])
            i += 1
    # a word can come twice after rewriting ("chia seeds" -> "chia seeds seeds"): keep one
    return list(dict.fromkeys(out))


# amounts, never the food's name ("a grapefruit half", "a double espresso"; "a kids size
# fries" is fries, not "Pie, individual size or tart")
AMOUNT_WORDS: Final = frozenset(
    {"half", "halves", "quarter", "quarters", "third", "thirds", "dozen", "couple"}
    | {"size", "sized", "kids", "kid", "kiddie"}
)
# how a food is cut, never its name ("mango chunks": a mango; "a sliced tomato" is a tomato,
# not a sliced chicken sandwich; chopped onion is not USDA's frozen chopped onion)
SHAPE_WORDS: Final = frozenset(
    {"chunk", "chunks", "cube", "cubes", "cubed", "diced", "sliced", "chopped", "minced"}
    | {"halved", "quartered", "grated"}
)

# the part of a plant a food is eaten as, never another food ("spinach leaves" are spinach,
# not Lau lau "wrapped in taro or spinach leaves"; "broccoli florets", "celery stalks"), unless
# USDA names the food by the pair ("Grape leaves", "Seeds, sunflower seed kernels")
PLANT_PARTS: Final = frozenset(
    {"leaf", "leaves", "floret", "florets", "stalk", "stalks", "stem", "stems", "sprig"}
    | {"sprigs", "spear", "spears", "kernel", "kernels"}
)


def _without_shapes(tokens: Sequence[str]) -> list[str]:
    """The tokens without how the food is cut, unless a synonym names the phrase ("sliced
    turkey" is deli meat; "a sliced tomato" is a tomato)."""
    index = _synonyms_by_first_word()
    kept = [
        w
        for i, w in enumerate(tokens)
        if w not in SHAPE_WORDS
        or any(tuple(tokens[i : i + len(s.phrase)]) == s.phrase for s in index.get(w, ()))
    ]
    return kept or list(tokens)


def _not_a_name(token: str) -> bool:
    return token in STOPWORDS or token in AMOUNT_WORDS or token in SHAPE_WORDS or token.isdigit()


def _names_food(tokens: Sequence[str], i: int) -> bool:
    """A unit word ending the food's name names the food ("peanut butter cups", "pound
    cake"); anywhere else it is how much ("cup of rice")."""
    return 0 < i == len(tokens) - 1 or tokens[i + 1 : i + 2] in (["cake"], ["cakes"])


def _without_last_unit(query: str) -> str:
    """The query without a unit word that ends it ("fruit cup" -> "fruit")."""
    typed = words(query)
    if len(typed) > 1 and typed[-1] in UNIT_ALIASES:
        return " ".join(typed[:-1])
    return query


def joined_compounds(
    tokens: list[str], known: Callable[[str], bool], phrase: Callable[[str, str], bool]
) -> list[str]:
    """Two typed words that USDA writes as one ("apple sauce": Applesauce; "egg plant",
    "butter milk"), joined when the joined word is an index word and no USDA name holds the
    two words apart in that order ("hot dog", "corn bread" keep theirs)."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        pair = tokens[i : i + 2]
        if len(pair) == 2 and known("".join(pair)) and not phrase(*pair):
            out.append("".join(pair))
            i += 2
            continue
        out.append(tokens[i])
        i += 1
    return out
