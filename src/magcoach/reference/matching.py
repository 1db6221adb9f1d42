"""Match what a person typed (a medicine, a condition, an id) to the reference lists,
with "did you mean" suggestions for near misses."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache

from magcoach.errors import NotFound
from magcoach.reference.loaders import conditions, medicine_classes, medicine_names
from magcoach.reference.models import Condition, MedicineMatch, MedicineName

#: Similarity (0-100, rapidfuzz ratio) above which an unknown name counts as a typo of a
#: known one rather than a different medicine.
NEAR_MISS_SCORE = 85.0
SUGGEST_SCORE = 70.0


def normalise(text: str) -> str:
    """Lower case, single spaces, no dose ('omeprazole 20 mg' -> 'omeprazole')."""
    text = text.casefold().strip()
    text = re.split(r"\s+\d|\s*\(", text)[0]
    text = re.sub(r"[\s_]+", " ", text)
    return text.strip(" .,;")


def suggestions(text: str, choices: Iterable[str], *, score: float = SUGGEST_SCORE) -> list[str]:
    """Up to three choices that look like `text`, best first."""
    from rapidfuzz import fuzz, process

    found = process.extract(
        normalise(text), list(choices), scorer=fuzz.ratio, score_cutoff=score, limit=3
    )
    if not found:
        return []
    best = found[0][1]
    # Keep only the clear front-runners: 'omeprazol' suggests omeprazole, not esomeprazole too.
    return [str(choice) for choice, value, _index in found if value >= best - 8]


def did_you_mean(options: Sequence[str]) -> str | None:
    return f"Did you mean: {', '.join(options)}?" if options else None


@cache
def _names_by_key() -> Mapping[str, MedicineName]:
    return {normalise(name.name): name for name in medicine_names()}


def _match_from(name: MedicineName, typed: str) -> MedicineMatch:
    group = medicine_classes()[name.class_id]
    return MedicineMatch(
        name_as_typed=typed,
        name=name.name,
        generic=name.generic,
        class_id=group.id,
        class_name=group.name,
        kind=group.kind,
        effect=group.effect,
        mds_item=group.mds_item,
        separate_before_h=group.separate_before_h,
        separate_after_h=group.separate_after_h,
        timing_text=group.timing_text,
        seek_care=group.seek_care,
        doses_per_day=name.doses_per_day,
        sources=tuple(dict.fromkeys((*group.sources, *name.sources))),
    )


def match_medicine(text: str, *, allow_unknown: bool = False) -> MedicineMatch:
    """The medicine class a typed name (generic or brand, any case) belongs to.

    A near miss ('omeprazol') raises NotFound with a suggestion. A name unlike anything on
    the list raises NotFound too, unless `allow_unknown`: then it comes back with
    `known=False` (magcoach knows no magnesium interaction for it).
    """
    key = normalise(text)
    if not key:
        raise NotFound("An empty medicine name was given.", hint="Write the name on the packet.")
    table = _names_by_key()
    if key in table:
        return _match_from(table[key], text.strip())
    # "amlodipine/hydrochlorothiazide", "co-amilofruse"-style combinations: try each part.
    for part in re.split(r"[/+&,]| and | with ", key):
        if part.strip() in table:
            return _match_from(table[part.strip()], text.strip())
    near = suggestions(key, table.keys(), score=NEAR_MISS_SCORE)
    if near or not allow_unknown:
        options = near or suggestions(key, table.keys())
        raise NotFound(
            f"No medicine matches '{text.strip()}'.",
            hint=did_you_mean(_display(options))
            or "magcoach lists medicines that interact with magnesium (diuretics, stomach-acid "
            "PPIs, some antibiotics, bone and thyroid medicines...). Check the spelling on the "
            "packet; if it is right, the medicine is not on that list.",
        )
    return MedicineMatch(name_as_typed=text.strip(), known=False)


def _display(keys: Sequence[str]) -> list[str]:
    table = _names_by_key()
    return [table[key].name for key in keys]


def match_medicines(names: Iterable[str], *, allow_unknown: bool = False) -> list[MedicineMatch]:
    """Match several names; reports every name that failed in one error."""
    matches: list[MedicineMatch] = []
    problems: list[NotFound] = []
    for name in names:
        try:
            matches.append(match_medicine(name, allow_unknown=allow_unknown))
        except NotFound as exc:
            problems.append(exc)
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise NotFound(
            " ".join(p.message for p in problems),
            hint=" ".join(f"({p.message.split(chr(39))[1]}: {p.hint})" for p in problems if p.hint),
        )
    return matches


@cache
def _condition_keys() -> Mapping[str, str]:
    keys: dict[str, str] = {}
    for condition in conditions().values():
        for alias in (condition.id, condition.name, *condition.aliases):
            keys.setdefault(normalise(alias.replace("_", " ")), condition.id)
    return keys


def match_condition(text: str) -> Condition:
    """A condition by id, name or alias ("crohn's", "coeliac", "t2d"), any case."""
    key = normalise(text.replace("_", " "))
    table = _condition_keys()
    if key in table:
        return conditions()[table[key]]
    near = suggestions(key, table.keys())
    ids = list(dict.fromkeys(table[k] for k in near))
    raise NotFound(
        f"No condition matches '{text.strip()}'.",
        hint=did_you_mean(ids) or f"Known conditions: {', '.join(conditions())}.",
    )


def match_id(text: str, table: Mapping[str, object], what: str) -> str:
    """An id from `table` ('muscle cramps' and 'Muscle-Cramps' find 'muscle_cramps')."""
    key = re.sub(r"[\s-]+", "_", text.strip().casefold())
    if key in table:
        return key
    near = suggestions(key, table.keys(), score=60)
    raise NotFound(
        f"Unknown {what} '{text.strip()}'.",
        hint=did_you_mean(near) or f"Known {what}s: {', '.join(table)}.",
    )
