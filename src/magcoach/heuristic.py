"""magcoach's own symptom and risk-factor heuristic: each symptom and risk factor a person
reports adds the points in the reference data; factors already counted in the Magnesium
Depletion Score add nothing here. A rough, transparent guide, not a validated test.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from magcoach.mds import MagnesiumDepletionScore, heavy_drinking
from magcoach.person import Person
from magcoach.reference import MedicineMatch, conditions, risk_factors, symptoms
from magcoach.wording import plural

OLDER_AGE_YEARS = 70
HEURISTIC_METHOD = (
    "magcoach's own transparent heuristic, not a validated test: each symptom and risk factor "
    "you report adds the points shown (1-3, more for signs and causes more specific to low "
    "magnesium). Factors already counted in the Magnesium Depletion Score add nothing here. "
    "Symptoms like tiredness, cramps or poor sleep have many causes; a symptom questionnaire "
    "tracked serum magnesium only weakly in a published study (Orlova 2020)."
)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class ScoredItem(_Frozen):
    id: str
    text: str
    points: int
    why: str  # how magcoach knows: "you said so", "from your medicines: omeprazole", ...
    note: str = ""


class SymptomRiskScore(_Frozen):
    points: int
    symptoms: tuple[ScoredItem, ...]
    risk_factors: tuple[ScoredItem, ...]
    method: str = HEURISTIC_METHOD


def scored(symptom_ids: Iterable[str]) -> list[ScoredItem]:
    table = symptoms()
    return [
        ScoredItem(
            id=s, text=table[s].text, points=table[s].weight, why="you said so", note=table[s].note
        )
        for s in symptom_ids
    ]


def scored_risk_factors(
    person: Person,
    answered: Iterable[str],
    medicines: list[MedicineMatch],
    condition_ids: tuple[str, ...],
    mds: MagnesiumDepletionScore,
) -> list[ScoredItem]:
    table = risk_factors()
    why: dict[str, str] = {rf: "you said so" for rf in answered}

    def add(rf: str, reason: str) -> None:
        why.setdefault(rf, reason)

    for m in medicines:
        if m.mds_item == "diuretic":
            add("diuretic_use", f"from your medicines: {m.name_as_typed}")
        elif m.mds_item == "ppi":
            add("long_term_ppi", f"from your medicines: {m.name_as_typed}")
        elif m.class_id in ("magnesium_wasting", "erlotinib"):
            add("other_magnesium_wasting_drug", f"from your medicines: {m.name_as_typed}")
    by_condition = {
        "type2_diabetes": "type2_diabetes",
        "crohns": "gi_malabsorption",
        "celiac": "gi_malabsorption",
        "processed_diet": "processed_diet",
        "alcohol_use": "heavy_drinking",
        "kidney_disease": "kidney_problems",
        "kidney_failure": "kidney_problems",
        "older_age": "older_age",
    }
    for cid in condition_ids:
        if cid in by_condition:
            add(by_condition[cid], f"from your conditions: {conditions()[cid].name}")
    if person.age >= OLDER_AGE_YEARS:
        add("older_age", f"your age ({person.age:g})")
    if heavy_drinking(person):
        add("heavy_drinking", f"{plural(person.drinks_per_day, 'drink')} a day")
    if person.egfr is not None and person.egfr < 90:
        add("kidney_problems", f"your eGFR of {person.egfr:g}")
    elif person.kidney_disease:
        add("kidney_problems", "you have kidney disease")

    scored_items = {item.id for item in mds.items if item.points}
    covered = {
        "diuretic_use": "diuretic",
        "long_term_ppi": "ppi",
        "heavy_drinking": "heavy_drinking",
        "kidney_problems": "kidney_function",
    }
    result: list[ScoredItem] = []
    for rf in table:  # reference order: stable output
        if rf not in why:
            continue
        factor = table[rf]
        in_mds = covered.get(rf) in scored_items
        result.append(
            ScoredItem(
                id=rf,
                text=factor.text,
                points=0 if in_mds else factor.weight,
                why=why[rf] + (" (counted in the Magnesium Depletion Score)" if in_mds else ""),
            )
        )
    return result
