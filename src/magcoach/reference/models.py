"""Typed, frozen models for the cited reference data in `reference/data/`.

Every model that states a fact carries `sources`: ids of rows in `evidence.csv`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

EvidenceKind = Literal[
    "rct",
    "systematic_review",
    "cohort",
    "cross_sectional",
    "guideline",
    "fact_sheet",
    "product_information",
    "reference_data",
    "review",
    "secondary_copy",
    "other",
]
Strength = Literal["strong", "moderate", "weak", "negative", "context"]
Goal = Literal[
    "muscle_tension",
    "nerve_pain",
    "muscle_pain",
    "fatigue",
    "constipation",
    "sleep",
    "targeted_relief",
    "general",
]
GOALS: tuple[Goal, ...] = (
    "muscle_tension",
    "nerve_pain",
    "muscle_pain",
    "fatigue",
    "constipation",
    "sleep",
    "targeted_relief",
    "general",
)
LaxativeTendency = Literal["low", "moderate", "high"]
InteractionKind = Literal[
    "depletes_magnesium",
    "raises_magnesium",
    "absorption_reduced_by_magnesium",
    "magnesium_absorption_reduced",
    "toxicity_risk",
    "contains_magnesium",
]
ConditionKind = Literal[
    "risk_factor", "malabsorption", "supplement_hard_stop", "supplement_caution"
]
Urgency = Literal["urgent", "emergency"]
RedFlagGroup = Literal[
    "cauda_equina", "cancer", "infection", "fracture", "neurological", "non_spinal"
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class Evidence(BaseModel):
    """One source: what it is, what it found (one plain line) and how strong it is."""

    model_config = _FROZEN

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    citation: str = Field(min_length=5)
    year: int | None = Field(default=None, ge=1900, le=2100)
    kind: EvidenceKind
    finding: str = Field(min_length=5)
    strength: Strength
    url: str = Field(pattern=r"^https?://")


class RequirementRow(BaseModel):
    """One life stage of a requirement table. Ages in years: age_min <= age < age_max."""

    model_config = _FROZEN

    region: Literal["us", "eu"]
    life_stage: str
    age_min: float = Field(ge=0)
    age_max: float = Field(gt=0)
    sex: Literal["female", "male", "any"]
    pregnant: bool
    lactating: bool
    is_ai: bool
    rda_mg: float = Field(gt=0)
    ear_mg: float | None = Field(default=None, gt=0)
    supplemental_ul_mg: float | None = Field(default=None, gt=0)
    note: str = ""
    sources: tuple[str, ...]


class SupplementForm(BaseModel):
    """A magnesium salt (or topical product) with what is actually known about it."""

    model_config = _FROZEN

    id: str
    name: str
    elemental_pct_anhydrous: float | None = Field(default=None, gt=0, lt=100)
    elemental_pct_hydrate: float | None = Field(default=None, gt=0, lt=100)
    hydrate: str | None = None
    absorption: str
    laxative_tendency: LaxativeTendency
    typical_use: str
    suits: tuple[Goal, ...]
    evidence_strength: Strength
    cautions: str = ""
    note: str = ""
    sources: tuple[str, ...]


class MedicineClass(BaseModel):
    """A group of medicines that interact with magnesium the same way.

    Timing: the medicine at least `separate_before_h` hours before magnesium, or at least
    `separate_after_h` hours after it (None: no timing rule).
    """

    model_config = _FROZEN

    id: str
    name: str
    effect: str
    kind: InteractionKind
    mds_item: Literal["diuretic", "ppi"] | None = None
    separate_before_h: float | None = Field(default=None, ge=0)
    separate_after_h: float | None = Field(default=None, ge=0)
    timing_text: str
    #: What everyone taking this class must know, whatever else they report (e.g. the FDA's
    #: advice to PPI users to seek care for palpitations, spasms, tremor or seizures).
    seek_care: str = ""
    note: str = ""
    sources: tuple[str, ...]


class MedicineName(BaseModel):
    """A generic or brand name and the class it belongs to. `doses_per_day`: how many times
    a day the medicine is usually taken (its label), when that matters for timing."""

    model_config = _FROZEN

    name: str
    generic: str
    class_id: str
    is_brand: bool
    doses_per_day: int | None = Field(default=None, ge=1, le=6)
    sources: tuple[str, ...]


class MedicineMatch(BaseModel):
    """What a medicine name as a person typed it turned out to be.

    `known` is False for a name that is not on magcoach's list of medicines that interact
    with magnesium (then class fields are None)."""

    model_config = _FROZEN

    name_as_typed: str
    known: bool = True
    name: str | None = None
    generic: str | None = None
    class_id: str | None = None
    class_name: str | None = None
    kind: InteractionKind | None = None
    effect: str | None = None
    mds_item: Literal["diuretic", "ppi"] | None = None
    separate_before_h: float | None = None
    separate_after_h: float | None = None
    timing_text: str | None = None
    seek_care: str = ""
    doses_per_day: int | None = None
    sources: tuple[str, ...] = ()


class Condition(BaseModel):
    model_config = _FROZEN

    id: str
    name: str
    kind: ConditionKind
    text: str
    aliases: tuple[str, ...] = ()
    sources: tuple[str, ...]


class Symptom(BaseModel):
    """A possible sign of low magnesium. `seek_care`: see a doctor about it, whatever the score."""

    model_config = _FROZEN

    id: str
    text: str
    stage: Literal["seed", "early", "late"]
    weight: int = Field(ge=0, le=5)
    seek_care: bool
    note: str = ""
    sources: tuple[str, ...]


#: What a sign of too much magnesium calls for. early: the first, gut-level signs (stop
#: supplements, tell your clinician); serious: signs that magnesium may have built up in the
#: blood (stop every magnesium product, medical help today); severe: the late signs that come
#: before cardiac arrest (emergency). From the ODS sequence and the SmPC overdose list.
ExcessSeverity = Literal["early", "serious", "severe"]


class TooMuchMagnesiumSign(BaseModel):
    """A warning sign of too much magnesium, and how urgently it needs a doctor."""

    model_config = _FROZEN

    id: str
    text: str
    severity: ExcessSeverity
    sources: tuple[str, ...]


class RiskFactor(BaseModel):
    """A reason someone may run low; `weight` feeds magcoach's transparent heuristic score."""

    model_config = _FROZEN

    id: str
    text: str
    weight: int = Field(ge=0, le=5)
    derived_from: str
    in_mds: bool
    sources: tuple[str, ...]


class RedFlag(BaseModel):
    """A back-pain sign that means: stop self-care, see a doctor (now, or soon)."""

    model_config = _FROZEN

    id: str
    group: RedFlagGroup
    text: str
    urgency: Urgency
    instruction: str
    note: str = ""
    sources: tuple[str, ...]
