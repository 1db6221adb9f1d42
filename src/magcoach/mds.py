"""The Magnesium Depletion Score (Fan 2021): a 0-5 risk score of the body losing magnesium —
diuretic 1, proton pump inhibitor 1, eGFR 60 to under 90 1 or under 60 2, heavy drinking 1.

Pure: the person, their matched medicines and answered risk factors in, the score with a
reason for every point out. `magcoach.screening.assess` puts it beside the other findings.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from magcoach.person import Person
from magcoach.reference import MedicineMatch
from magcoach.wording import plural

MDS_SOURCES = ("fan2021", "wang2024", "song2025", "zhang2025", "costello2025")
Band = Literal["low", "middle", "high"]
ItemId = Literal["diuretic", "ppi", "kidney_function", "heavy_drinking"]

#: The medicine items: the MDS item, the risk-factor answer that stands for it, its words.
MEDICINE_ITEMS: tuple[tuple[Literal["diuretic", "ppi"], str, str], ...] = (
    ("diuretic", "diuretic_use", "a diuretic (water tablet)"),
    ("ppi", "long_term_ppi", "a proton pump inhibitor (stomach-acid medicine)"),
)
BASE_CAVEATS = (
    "It is a risk score, not a measurement of your magnesium.",
    "It leaves out other medicines that lower magnesium (and its validation study was small).",
)
NO_EGFR_CAVEAT = (
    "No eGFR was given, so kidney function was not scored; the eGFR comes from a "
    "routine blood test your clinician can share."
)


class MDSItem(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: ItemId
    points: int
    reason: str


class MagnesiumDepletionScore(BaseModel):
    model_config = ConfigDict(frozen=True)

    score: int = Field(ge=0, le=5)
    items: tuple[MDSItem, ...]
    band: Band
    meaning: str
    caveats: tuple[str, ...]
    sources: tuple[str, ...] = MDS_SOURCES


def heavy_drinking(person: Person) -> bool:
    """More than 1 drink a day for women, more than 2 for men (Fan 2021)."""
    return person.drinks_per_day > _drinks_limit(person)


def _drinks_limit(person: Person) -> int:
    return 1 if person.sex == "female" else 2


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def magnesium_depletion_score(
    person: Person,
    medicines: Iterable[MedicineMatch] = (),
    answered_risk_factors: Iterable[str] = (),
    condition_ids: Iterable[str] = (),
) -> MagnesiumDepletionScore:
    """The MDS (0-5): diuretic 1, PPI 1, eGFR 60-<90 1 or <60 2, heavy drinking 1."""
    answered = set(answered_risk_factors)
    items = medicine_items(list(medicines), answered)
    kidney = kidney_item(person.egfr)
    items += [kidney] if kidney else []
    drinking = drinking_item(person, answered, set(condition_ids))
    items += [drinking] if drinking else []
    caveats = BASE_CAVEATS if person.egfr is not None else (*BASE_CAVEATS, NO_EGFR_CAVEAT)
    score = sum(item.points for item in items)
    band = band_of(score)
    return MagnesiumDepletionScore(
        score=score,
        items=tuple(items),
        band=band,
        meaning=meaning_of(score, band),
        caveats=caveats,
    )


def medicine_items(meds: list[MedicineMatch], answered: set[str]) -> list[MDSItem]:
    """A point each for a diuretic and a PPI: named from the medicine list when it is there,
    otherwise from the person's own answer."""
    items: list[MDSItem] = []
    for item_id, flag, label in MEDICINE_ITEMS:
        hits = [m for m in meds if m.mds_item == item_id]
        if hits:
            names = " and ".join(
                f"{m.name_as_typed}, one of the {_lower_first(m.class_name or '')}," for m in hits
            )
            items.append(MDSItem(id=item_id, points=1, reason=f"You take {names.rstrip(',')}."))
        elif flag in answered:
            items.append(MDSItem(id=item_id, points=1, reason=f"You said you take {label}."))
    return items


def kidney_item(egfr: float | None) -> MDSItem | None:
    """Weaker kidneys keep magnesium less well: 2 points under eGFR 60, 1 point under 90."""
    if egfr is None or egfr >= 90:
        return None
    if egfr < 60:
        return MDSItem(
            id="kidney_function",
            points=2,
            reason=f"Your eGFR of {egfr:g} is below 60: the kidneys handle magnesium less well.",
        )
    return MDSItem(
        id="kidney_function",
        points=1,
        reason=f"Your eGFR of {egfr:g} is between 60 and 90: mildly reduced kidney function.",
    )


def drinking_item(person: Person, answered: set[str], conditions: set[str]) -> MDSItem | None:
    """Heavy drinking from the drinks a day when they say so, else from an answer or condition."""
    limit = _drinks_limit(person)
    if heavy_drinking(person):
        return MDSItem(
            id="heavy_drinking",
            points=1,
            reason=f"{plural(person.drinks_per_day, 'alcoholic drink')} a day is more than {limit} "
            f"(the heavy-drinking mark for {'women' if limit == 1 else 'men'}).",
        )
    if "heavy_drinking" in answered or "alcohol_use" in conditions:
        return MDSItem(id="heavy_drinking", points=1, reason="You said you drink heavily.")
    return None


def band_of(score: int) -> Band:
    """Fan 2021's bands: 0-1 low, 2 middle, 3-5 high."""
    return "low" if score <= 1 else "middle" if score == 2 else "high"


def meaning_of(score: int, band: Band) -> str:
    return (
        f"Your Magnesium Depletion Score is {score} of 5 ({band}: 0-1 low, 2 middle, 3-5 high). "
        "The score adds up things that make the body lose magnesium: diuretics, stomach-acid "
        "medicines (PPIs), reduced kidney function and heavy drinking. It was checked against "
        "the magnesium tolerance test, the reference test of body magnesium, in 77 adults "
        "(Fan 2021); in large US surveys (NHANES) higher scores went with more inflammation "
        "and higher death rates (Fan 2021; Song 2025; Zhang 2025). It ignores diet."
    )
