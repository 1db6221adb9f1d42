"""Could low magnesium be part of this person's back pain, and is anything urgent?

`assess(person, answers)` is pure: it combines the Magnesium Depletion Score (Fan 2021), a
transparent symptom and risk-factor heuristic, an optional serum magnesium value and the
back-pain red flags into an Assessment with plain-language reasons and its evidence.
magcoach informs; it does not diagnose.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from magcoach.errors import BadFile, InvalidInput, MagcoachError
from magcoach.person import Person, age_on
from magcoach.reference import (
    MedicineMatch,
    conditions,
    match_condition,
    match_id,
    match_medicines,
    medicine_classes,
    red_flags,
    risk_factors,
    symptoms,
    too_much_magnesium_signs,
)
from magcoach.requirements import Requirements, normalise_sex, requirements
from magcoach.validation import parse_model
from magcoach.wording import plural

MG_DL_PER_MMOL_L = 2.431
SERUM_LOW_MMOL_L = 0.75
SERUM_ADEQUATE_MMOL_L = 0.85
SERUM_RANGE_TOP_MMOL_L = 0.95
SERUM_TOXIC_MMOL_L = 1.74
#: Plausible serum values (outside them the number or its unit is almost certainly wrong).
SERUM_LIMITS = {"mmol/L": (0.1, 5.0), "mg/dL": (0.2, 12.0)}

DISCLAIMER = "magcoach informs; it does not diagnose."
OLDER_AGE_YEARS = 70

Level = Literal["low", "moderate", "high"]
RedFlagUrgency = Literal["none", "urgent", "emergency"]
SerumUnit = Literal["mmol/L", "mg/dL"]

HEURISTIC_METHOD = (
    "magcoach's own transparent heuristic, not a validated test: each symptom and risk factor "
    "you report adds the points shown (1-3, more for signs and causes more specific to low "
    "magnesium). Factors already counted in the Magnesium Depletion Score add nothing here. "
    "Symptoms like tiredness, cramps or poor sleep have many causes; a symptom questionnaire "
    "tracked serum magnesium only weakly in a published study (Orlova 2020)."
)
LEVEL_RULES = (
    "high: serum below 0.75 mmol/L, or MDS 3 or more, or heuristic 8 points or more, or MDS 2 "
    "with 3 points or more; moderate: serum 0.75 to below 0.85 mmol/L, or MDS 2, or heuristic "
    "3 points or more, or MDS 1 with 2 points or more; otherwise low."
)
PAIN_EVIDENCE = (
    "How much magnesium helps back pain is uncertain: one small trial in chronic low back pain "
    "with a nerve component (IV then oral magnesium) was positive (Yousef 2013); an oral add-on "
    "trial in acute back pain was not (Bayram 2021); a review of chronic pain trials calls the "
    "evidence equivocal (Park 2020); in a US survey lower magnesium intake went with more "
    "chronic pain, especially in women (Tarleton 2020)."
)
PAIN_EVIDENCE_SOURCES = ("yousef2013", "bayram2021", "park2020", "tarleton2020")
MDS_SOURCES = ("fan2021", "wang2024", "song2025", "zhang2025", "costello2025")
SERUM_SOURCES = ("iom1997", "costello2016", "arnaud2008", "nielsen2024")
#: NICE's caveat about single red flags. FACTS.md puts it on the cancer, fracture and some
#: infection flags only (the flags whose data row carries a note), never on cauda equina: an
#: emergency must not be softened.
RED_FLAG_NOTE = (
    "Many single red flags are also common in harmless back pain (NICE notes high false-positive "
    "rates), so one such sign alone does not mean something serious — it means a doctor should "
    "check first."
)
#: What to do about signs of too much magnesium that need a doctor (ODS; SmPC overdose list).
EXCESS_STOP = (
    "Stop taking magnesium supplements, and laxatives or antacids that contain magnesium (such "
    "as milk of magnesia, Epsom salts or magnesium citrate)"
)
EXCESS_INSTRUCTIONS: Mapping[str, str] = {
    "serious": EXCESS_STOP + ", and get medical help today: these can be signs that magnesium "
    "has built up in your blood, which a simple blood test shows. Call emergency services if "
    "breathing becomes difficult or your heartbeat is irregular or very slow.",
    "severe": EXCESS_STOP + ", and call emergency services or go to an emergency department "
    "now: with too much magnesium these signs can become dangerous quickly.",
}
EXCESS_SOURCES = ("ods-hypermagnesaemia", "smpc-mgso4-infusion", "iom1997")


def excess_signs_by_id() -> Mapping[str, Any]:
    """The signs of too much magnesium, by id."""
    return {sign.id: sign for sign in too_much_magnesium_signs()}


def _ids(value: object, table: Mapping[str, object], what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [part for part in value.split(",") if part.strip()]
    if not isinstance(value, list | tuple):
        raise ValueError(f"give a list of {what} ids")
    found: list[str] = []
    for item in value:
        try:
            ident = match_id(str(item), table, what)
        except MagcoachError as exc:
            raise ValueError(str(exc).replace("\n", " ")) from None
        if ident not in found:
            found.append(ident)
    return tuple(found)


class Answers(BaseModel):
    """Screening answers beyond the Person: ids of symptoms, risk factors, red flags and signs
    of too much magnesium the person has now, and an optional serum magnesium value."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    symptoms: tuple[str, ...] = ()
    risk_factors: tuple[str, ...] = ()
    red_flags: tuple[str, ...] = ()
    too_much_magnesium_signs: tuple[str, ...] = ()
    serum_magnesium: float | None = Field(default=None, gt=0)
    serum_unit: SerumUnit = "mmol/L"

    @field_validator("symptoms", mode="before")
    @classmethod
    def _symptoms(cls, value: object) -> tuple[str, ...]:
        return _ids(value, symptoms(), "symptom")

    @field_validator("risk_factors", mode="before")
    @classmethod
    def _risk_factors(cls, value: object) -> tuple[str, ...]:
        return _ids(value, risk_factors(), "risk factor")

    @field_validator("red_flags", mode="before")
    @classmethod
    def _red_flags(cls, value: object) -> tuple[str, ...]:
        return _ids(value, red_flags(), "red flag")

    @field_validator("too_much_magnesium_signs", mode="before")
    @classmethod
    def _excess(cls, value: object) -> tuple[str, ...]:
        return _ids(value, excess_signs_by_id(), "sign of too much magnesium")

    @field_validator("serum_unit", mode="before")
    @classmethod
    def _unit(cls, value: object) -> object:
        if isinstance(value, str):
            units = {"mmol/l": "mmol/L", "mmol": "mmol/L", "mg/dl": "mg/dL"}
            return units.get(value.strip().casefold().replace(" ", ""), value)
        return value

    @model_validator(mode="after")
    def _plausible_serum(self) -> Answers:
        if self.serum_magnesium is not None:
            low, high = SERUM_LIMITS[self.serum_unit]
            if not low <= self.serum_magnesium <= high:
                raise ValueError(
                    f"serum magnesium {self.serum_magnesium:g} {self.serum_unit} is not a "
                    f"plausible value (expected {low:g}-{high:g} {self.serum_unit}); check the "
                    "number and serum_unit ('mmol/L' or 'mg/dL')"
                )
        return self


# --- results -------------------------------------------------------------------------------


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class MDSItem(_Frozen):
    id: Literal["diuretic", "ppi", "kidney_function", "heavy_drinking"]
    points: int
    reason: str


class MagnesiumDepletionScore(_Frozen):
    score: int = Field(ge=0, le=5)
    items: tuple[MDSItem, ...]
    band: Literal["low", "middle", "high"]
    meaning: str
    caveats: tuple[str, ...]
    sources: tuple[str, ...] = MDS_SOURCES


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


class SerumReading(_Frozen):
    value_as_given: float
    unit: SerumUnit
    mmol_per_l: float
    mg_per_dl: float
    band: Literal["low", "possible_latent_deficiency", "adequate", "above_range", "very_high"]
    text: str
    caveat: str
    sources: tuple[str, ...] = SERUM_SOURCES


class RedFlagFinding(_Frozen):
    id: str
    group: str
    text: str
    urgency: Literal["urgent", "emergency"]
    instruction: str
    note: str = ""  # the flag's own caveat (reference data), shown only with that flag
    same_day: bool = False  # an urgent finding that needs a doctor today, not in a few days


class RedFlagResult(_Frozen):
    urgency: RedFlagUrgency
    findings: tuple[RedFlagFinding, ...]
    message: str
    note: str = ""  # RED_FLAG_NOTE only for the flags it belongs to, never in an emergency


class InteractionNote(_Frozen):
    medicine: str
    generic: str
    class_id: str
    class_name: str
    kind: str
    effect: str
    timing_text: str
    separate_before_h: float | None
    separate_after_h: float | None
    sources: tuple[str, ...]


class SupplementCaution(_Frozen):
    id: str
    text: str
    hard_stop: bool
    sources: tuple[str, ...]


class Assessment(_Frozen):
    """Everything the screening found, in plain words, with the evidence behind it."""

    requirements: Requirements
    mds: MagnesiumDepletionScore
    mds_meaning: str
    symptom_score: SymptomRiskScore
    serum: SerumReading | None
    level: Level
    level_rules: str = LEVEL_RULES
    reasons: tuple[str, ...]
    next_step: str
    red_flags: RedFlagResult
    medicines: tuple[MedicineMatch, ...]
    interactions: tuple[InteractionNote, ...]
    supplement_cautions: tuple[SupplementCaution, ...]
    pain_evidence: str = PAIN_EVIDENCE
    evidence: tuple[str, ...]
    disclaimer: str = DISCLAIMER
    #: Warnings everyone in this situation must hear, whatever they reported (e.g. long-term
    #: PPI users: seek care for palpitations, spasms, tremor or seizures).
    seek_care: tuple[str, ...] = ()
    #: Set when the level must not be read as it stands (signs of too much magnesium).
    level_note: str = ""

    @property
    def supplements_blocked(self) -> bool:
        """True when self-directed supplements must wait for a clinician."""
        return self.red_flags.urgency != "none" or any(
            c.hard_stop for c in self.supplement_cautions
        )


# --- the assessment ------------------------------------------------------------------------


def heavy_drinking(person: Person) -> bool:
    """More than 1 drink a day for women, more than 2 for men (Fan 2021)."""
    limit = 1 if person.sex == "female" else 2
    return person.drinks_per_day > limit


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _condition_ids(person: Person) -> tuple[str, ...]:
    return tuple(dict.fromkeys(match_condition(text).id for text in person.conditions))


def magnesium_depletion_score(
    person: Person,
    medicines: Iterable[MedicineMatch] = (),
    answered_risk_factors: Iterable[str] = (),
    condition_ids: Iterable[str] = (),
) -> MagnesiumDepletionScore:
    """The MDS (0-5): diuretic 1, PPI 1, eGFR 60-<90 1 or <60 2, heavy drinking 1."""
    meds = list(medicines)
    answered = set(answered_risk_factors)
    conds = set(condition_ids)
    items: list[MDSItem] = []
    caveats: list[str] = [
        "It is a risk score, not a measurement of your magnesium.",
        "It leaves out other medicines that lower magnesium (and its validation study was small).",
    ]

    mds_items: tuple[tuple[Literal["diuretic", "ppi"], str, str], ...] = (
        ("diuretic", "diuretic_use", "a diuretic (water tablet)"),
        ("ppi", "long_term_ppi", "a proton pump inhibitor (stomach-acid medicine)"),
    )
    for item_id, flag, label in mds_items:
        hits = [m for m in meds if m.mds_item == item_id]
        if hits:
            names = " and ".join(
                f"{m.name_as_typed}, one of the {_lower_first(m.class_name or '')}," for m in hits
            )
            items.append(MDSItem(id=item_id, points=1, reason=f"You take {names.rstrip(',')}."))
        elif flag in answered:
            items.append(MDSItem(id=item_id, points=1, reason=f"You said you take {label}."))

    if person.egfr is not None:
        if person.egfr < 60:
            items.append(
                MDSItem(
                    id="kidney_function",
                    points=2,
                    reason=f"Your eGFR of {person.egfr:g} is below 60: the kidneys handle "
                    "magnesium less well.",
                )
            )
        elif person.egfr < 90:
            items.append(
                MDSItem(
                    id="kidney_function",
                    points=1,
                    reason=f"Your eGFR of {person.egfr:g} is between 60 and 90: mildly reduced "
                    "kidney function.",
                )
            )
    else:
        caveats.append(
            "No eGFR was given, so kidney function was not scored; the eGFR comes from a "
            "routine blood test your clinician can share."
        )

    limit = 1 if person.sex == "female" else 2
    if heavy_drinking(person):
        items.append(
            MDSItem(
                id="heavy_drinking",
                points=1,
                reason=f"{plural(person.drinks_per_day, 'alcoholic drink')} a day is more than "
                f"{limit} "
                f"(the heavy-drinking mark for {'women' if limit == 1 else 'men'}).",
            )
        )
    elif "heavy_drinking" in answered or "alcohol_use" in conds:
        items.append(MDSItem(id="heavy_drinking", points=1, reason="You said you drink heavily."))

    score = sum(item.points for item in items)
    band: Literal["low", "middle", "high"] = (
        "low" if score <= 1 else "middle" if score == 2 else "high"
    )
    meaning = (
        f"Your Magnesium Depletion Score is {score} of 5 ({band}: 0-1 low, 2 middle, 3-5 high). "
        "The score adds up things that make the body lose magnesium: diuretics, stomach-acid "
        "medicines (PPIs), reduced kidney function and heavy drinking. It was checked against "
        "the magnesium tolerance test, the reference test of body magnesium, in 77 adults "
        "(Fan 2021); in large US surveys (NHANES) higher scores went with more inflammation "
        "and higher death rates (Fan 2021; Song 2025; Zhang 2025). It ignores diet."
    )
    return MagnesiumDepletionScore(
        score=score, items=tuple(items), band=band, meaning=meaning, caveats=tuple(caveats)
    )


def interpret_serum(value: float, unit: SerumUnit = "mmol/L") -> SerumReading:
    """Serum magnesium against the usual and the proposed evidence-based cut-offs."""
    mmol = value / MG_DL_PER_MMOL_L if unit == "mg/dL" else value
    shown = f"{mmol:.2f} mmol/L ({mmol * MG_DL_PER_MMOL_L:.2f} mg/dL)"
    band: Literal["low", "possible_latent_deficiency", "adequate", "above_range", "very_high"]
    if mmol < SERUM_LOW_MMOL_L:
        band = "low"
        text = (
            f"Your serum magnesium of {shown} is below 0.75 mmol/L, the usual lower limit: a "
            "sign of low magnesium. Please share it with your clinician, who can look for the "
            "cause and advise on treatment."
        )
    elif mmol < SERUM_ADEQUATE_MMOL_L:
        band = "possible_latent_deficiency"
        text = (
            f"Your serum magnesium of {shown} is inside the usual range but below 0.85 mmol/L, "
            "the level experts propose as adequate: this zone can hide a long-standing (latent) "
            "shortage."
        )
    elif mmol <= SERUM_RANGE_TOP_MMOL_L:
        band = "adequate"
        text = f"Your serum magnesium of {shown} is in the adequate range (0.85-0.95 mmol/L)."
    elif mmol < SERUM_TOXIC_MMOL_L:
        band = "above_range"
        text = (
            f"Your serum magnesium of {shown} is above the usual range (0.75-0.95 mmol/L). Do "
            "not add magnesium supplements; mention it to your clinician, especially if your "
            "kidneys are weak or you take magnesium-containing medicines."
        )
    else:
        band = "very_high"
        text = (
            f"Your serum magnesium of {shown} is far above the usual range: stop any magnesium "
            "supplements, laxatives or antacids and contact a doctor today."
        )
    caveat = (
        "A normal serum value does not rule out low body stores: most of the body's magnesium "
        "sits in bone and cells, so the blood level can stay normal while stores run low."
    )
    return SerumReading(
        value_as_given=value,
        unit=unit,
        mmol_per_l=round(mmol, 3),
        mg_per_dl=round(mmol * MG_DL_PER_MMOL_L, 3),
        band=band,
        text=text,
        caveat=caveat,
    )


def _red_flag_result(ids: Iterable[str], extra: Iterable[RedFlagFinding]) -> RedFlagResult:
    table = red_flags()
    findings = [
        RedFlagFinding(
            id=flag.id,
            group=flag.group,
            text=flag.text,
            urgency=flag.urgency,
            instruction=flag.instruction,
            note=flag.note,
        )
        for flag in (table[i] for i in ids)
    ]
    findings.extend(extra)
    findings.sort(key=lambda f: (f.urgency != "emergency", not f.same_day))  # most urgent first
    urgency: RedFlagUrgency = "none"
    if any(f.urgency == "emergency" for f in findings):
        urgency = "emergency"
    elif findings:
        urgency = "urgent"
    message = {
        "none": "No red flags were reported.",
        "urgent": "See a doctor first, within the next few days (sooner if it gets worse), "
        "before relying on magnesium or any self-care.",
        "emergency": "Go to an emergency department (A&E / ER) today. Do not wait and do not "
        "rely on magnesium or any self-care.",
    }[urgency]
    if urgency == "emergency" and any(f.group == "too_much_magnesium" for f in findings):
        message = (
            "Get emergency help now: call emergency services or go to an emergency department "
            "(A&E / ER). Take no magnesium until a doctor has checked you."
        )
    if urgency == "urgent" and any(f.same_day for f in findings):
        message = (
            "Get medical help today (call emergency services if it gets worse), and hold off "
            "magnesium and other self-care until a doctor has seen you."
        )
    # NICE's single-flag caveat softens only the flags it was written for, never an emergency.
    note = RED_FLAG_NOTE if urgency == "urgent" and any(f.note for f in findings) else ""
    return RedFlagResult(urgency=urgency, findings=tuple(findings), message=message, note=note)


def excess_findings(signs: Iterable[str]) -> list[RedFlagFinding]:
    """Signs of too much magnesium that need a doctor: the serious ones today, the severe ones
    now (emergency). The early, gut-level signs stop supplements but are no red flag."""
    table = excess_signs_by_id()
    escalating = [table[s] for s in signs if table[s].severity != "early"]
    # one instruction for all, from the worst sign: with a severe sign, "today" is too late
    worst = "severe" if any(sign.severity == "severe" for sign in escalating) else "serious"
    return [
        RedFlagFinding(
            id=f"too_much_magnesium:{sign.id}",
            group="too_much_magnesium",
            text=f"{sign.text} (a possible sign of too much magnesium)",
            urgency="emergency" if sign.severity == "severe" else "urgent",
            instruction=EXCESS_INSTRUCTIONS[worst],
            same_day=True,
        )
        for sign in escalating
    ]


def _scored_risk_factors(
    person: Person,
    answers: Answers,
    medicines: list[MedicineMatch],
    condition_ids: tuple[str, ...],
    mds: MagnesiumDepletionScore,
) -> list[ScoredItem]:
    table = risk_factors()
    why: dict[str, str] = {rf: "you said so" for rf in answers.risk_factors}

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


def _interactions(medicines: Iterable[MedicineMatch]) -> list[InteractionNote]:
    notes = []
    for m in medicines:
        if not m.known or m.class_id is None:
            continue
        notes.append(
            InteractionNote(
                medicine=m.name_as_typed,
                generic=m.generic or m.name_as_typed,
                class_id=m.class_id,
                class_name=m.class_name or m.class_id,
                kind=m.kind or "",
                effect=m.effect or "",
                timing_text=m.timing_text or "",
                separate_before_h=m.separate_before_h,
                separate_after_h=m.separate_after_h,
                sources=m.sources,
            )
        )
    return notes


def _cautions(
    person: Person, medicines: Iterable[MedicineMatch], condition_ids: Iterable[str]
) -> list[SupplementCaution]:
    found: dict[str, SupplementCaution] = {}
    table = conditions()
    if person.egfr is not None and person.egfr < 30:
        failure = table["kidney_failure"]
        found["kidney_failure"] = SupplementCaution(
            id="kidney_failure",
            text=f"Your eGFR of {person.egfr:g} is below 30. {failure.text}",
            hard_stop=True,
            sources=failure.sources,
        )
    elif person.egfr is not None and person.egfr < 60:
        found["reduced_kidney_function"] = SupplementCaution(
            id="reduced_kidney_function",
            text=f"Your eGFR of {person.egfr:g} is below 60: the kidneys clear magnesium more "
            "slowly, so take supplements only with your clinician's agreement (they may check "
            "your level every 3-6 months).",
            hard_stop=False,
            sources=("smpc-mg-aspartate", "iom1997"),
        )
    elif person.kidney_disease and person.egfr is None:
        found["kidney_disease"] = SupplementCaution(
            id="kidney_disease",
            text="You have kidney disease: weak kidneys cannot clear extra magnesium, so ask "
            "your clinician (and know your eGFR) before taking supplements.",
            hard_stop=False,
            sources=("iom1997", "smpc-mg-aspartate"),
        )
    for cid in condition_ids:
        condition = table[cid]
        if condition.kind in ("supplement_hard_stop", "supplement_caution"):
            found.setdefault(
                cid,
                SupplementCaution(
                    id=cid,
                    text=condition.text,
                    hard_stop=condition.kind == "supplement_hard_stop",
                    sources=condition.sources,
                ),
            )
    for m in medicines:
        if m.kind in ("raises_magnesium", "toxicity_risk", "contains_magnesium") and m.class_id:
            found.setdefault(
                m.class_id,
                SupplementCaution(
                    id=m.class_id,
                    text=f"{m.name_as_typed}: {m.effect} {m.timing_text}",
                    hard_stop=False,
                    sources=m.sources,
                ),
            )
    return list(found.values())


def _level(
    mds: MagnesiumDepletionScore, points: int, serum: SerumReading | None
) -> tuple[Level, list[str]]:
    reasons: list[str] = []
    serum_band = serum.band if serum else None
    high = serum_band == "low" or mds.score >= 3 or points >= 8 or (mds.score == 2 and points >= 3)
    moderate = (
        serum_band == "possible_latent_deficiency"
        or mds.score == 2
        or points >= 3
        or (mds.score == 1 and points >= 2)
    )
    level: Level = "high" if high else "moderate" if moderate else "low"
    if serum_band == "low":
        reasons.append("Your blood test shows low magnesium (below 0.75 mmol/L).")
    elif serum_band == "possible_latent_deficiency":
        reasons.append(
            "Your blood magnesium is in the 0.75-0.85 mmol/L zone that can hide a latent shortage."
        )
    elif serum_band == "adequate":
        reasons.append(
            "Your blood magnesium looks adequate, though a normal value does not rule out low "
            "body stores."
        )
    elif serum_band in ("above_range", "very_high"):
        reasons.append("Your blood magnesium is above the usual range: do not add supplements.")
    if mds.score:
        reasons.append(
            f"Your Magnesium Depletion Score is {mds.score} of 5 ({mds.band}): "
            + " ".join(item.reason for item in mds.items)
        )
    else:
        reasons.append(
            "Nothing in your medicines, kidney function or drinking adds to magnesium loss "
            "(Magnesium Depletion Score 0)."
        )
    if points:
        reasons.append(
            f"Your symptoms and risk factors add {points} points on magcoach's heuristic "
            "(a rough guide, not a test)."
        )
    elif mds.score:
        reasons.append("No other symptoms or risk factors you reported add points.")
    else:
        reasons.append("You reported no symptoms or risk factors that point to low magnesium.")
    return level, reasons


NEXT_STEPS: Mapping[Level, str] = {
    "high": "Talk to your clinician about checking your magnesium (a blood test, ideally read "
    "together with your diet and medicines) before starting supplements; meanwhile eat more "
    "magnesium-rich foods such as greens, nuts, seeds, beans and whole grains.",
    "moderate": "Start with food: add magnesium-rich foods and track your intake against your "
    "requirement. Talk to your clinician if you take the medicines listed, or if symptoms "
    "persist.",
    "low": "Low magnesium seems unlikely to be a big part of your back pain. A varied diet with "
    "greens, nuts, seeds, beans and whole grains covers most people's needs.",
}


def assess(person: Person, answers: Answers | None = None) -> Assessment:
    """Screen a person: MDS, symptom/risk heuristic, serum, overall level and red flags.

    Red flags override everything: with any red flag the reasons start with "see a doctor
    first" and `next_step` says what to do now. Unknown medicines are allowed (no known
    interaction); a near-miss spelling raises NotFound with a suggestion.
    """
    answers = answers or Answers()
    medicines = match_medicines(person.medicines, allow_unknown=True)
    condition_ids = _condition_ids(person)
    mds = magnesium_depletion_score(person, medicines, answers.risk_factors, condition_ids)

    symptom_table = symptoms()
    scored_symptoms = [
        ScoredItem(
            id=s,
            text=symptom_table[s].text,
            points=symptom_table[s].weight,
            why="you said so",
            note=symptom_table[s].note,
        )
        for s in answers.symptoms
    ]
    scored_factors = _scored_risk_factors(person, answers, medicines, condition_ids, mds)
    points = sum(i.points for i in scored_symptoms) + sum(i.points for i in scored_factors)
    score = SymptomRiskScore(
        points=points, symptoms=tuple(scored_symptoms), risk_factors=tuple(scored_factors)
    )

    serum = None
    if answers.serum_magnesium is not None:
        serum = interpret_serum(answers.serum_magnesium, answers.serum_unit)

    extra: list[RedFlagFinding] = [
        RedFlagFinding(
            id=s,
            group="symptom",
            text=symptom_table[s].text,
            urgency="urgent",
            instruction=f"{symptom_table[s].note} Please see a doctor today or tomorrow — "
            "call emergency services if it is happening now or you feel faint or unwell.",
        )
        for s in answers.symptoms
        if symptom_table[s].seek_care
    ]
    if serum and serum.band == "very_high":
        extra.append(
            RedFlagFinding(
                id="serum_very_high",
                group="blood_test",
                text="Blood magnesium far above the usual range",
                urgency="urgent",
                instruction=serum.text,
                same_day=True,
            )
        )
    excess_flags = excess_findings(answers.too_much_magnesium_signs)
    extra.extend(excess_flags)
    flags = _red_flag_result(answers.red_flags, extra)

    level, reasons = _level(mds, points, serum)
    next_step = NEXT_STEPS[level]
    excess_texts = [excess_signs_by_id()[s].text for s in answers.too_much_magnesium_signs]
    if excess_texts:
        reasons.insert(
            0,
            "You report signs that can mean too much magnesium ("
            + ", ".join(t.lower() for t in excess_texts)
            + "): that has to be checked before anything about running low.",
        )
    if flags.urgency != "none":
        first = flags.findings[0]
        reasons.insert(0, f"See a doctor first: {first.text.lower()}. {flags.message}")
        next_step = first.instruction
    cautions = _cautions(person, medicines, condition_ids)
    if excess_texts:
        cautions.append(
            SupplementCaution(
                id="too_much_magnesium",
                text="You have signs that can mean too much magnesium ("
                + ", ".join(t.lower() for t in excess_texts)
                + "): stop magnesium supplements, and laxatives or antacids that contain "
                "magnesium, and tell your clinician.",
                hard_stop=True,
                sources=EXCESS_SOURCES,
            )
        )
    if any(c.hard_stop for c in cautions) and flags.urgency == "none":
        kidney_stop = any(c.id == "kidney_failure" for c in cautions if c.hard_stop)
        next_step = (
            "Do not start magnesium supplements on your own: "
            + " ".join(c.text for c in cautions if c.hard_stop)
            + (
                " Plan any change in what you eat with your kidney team: diets for weak "
                "kidneys often limit potassium and phosphate, which magnesium-rich foods carry."
                if kidney_stop
                else " Food sources of magnesium are fine unless your clinician says otherwise."
            )
        )
    seek_care = tuple(dict.fromkeys(_seek_care(medicines, answers)))

    reqs = requirements(person)
    interactions = _interactions(medicines)
    cited: list[str] = [*MDS_SOURCES, *reqs.sources, *PAIN_EVIDENCE_SOURCES]
    if serum:
        cited.extend(serum.sources)
    for s in answers.symptoms:
        cited.extend(symptom_table[s].sources)
    for rf in scored_factors:
        cited.extend(risk_factors()[rf.id].sources)
    for flag_id in answers.red_flags:
        cited.extend(red_flags()[flag_id].sources)
    for note in interactions:
        cited.extend(note.sources)
    for caution in cautions:
        cited.extend(caution.sources)
    if flags.urgency != "none":
        cited.append("nice-redflag-summary")
    if scored_symptoms:
        cited.append("orlova2020")
    if answers.too_much_magnesium_signs:
        cited.extend(EXCESS_SOURCES)
    if seek_care:
        cited.append("fda-ppi-2011")

    return Assessment(
        requirements=reqs,
        mds=mds,
        mds_meaning=mds.meaning,
        symptom_score=score,
        serum=serum,
        level=level,
        reasons=tuple(reasons),
        next_step=next_step,
        red_flags=flags,
        medicines=tuple(medicines),
        interactions=tuple(interactions),
        supplement_cautions=tuple(cautions),
        evidence=tuple(dict.fromkeys(cited)),
        seek_care=seek_care,
        level_note=(
            "not judged for now: your signs point to too much magnesium, which a doctor must "
            "check first"
            if excess_flags
            else ""
        ),
    )


def _seek_care(medicines: Iterable[MedicineMatch], answers: Answers) -> list[str]:
    """The always-on warnings of the person's medicine classes. A long-term PPI counts whether
    it came from the medicine list or from the risk-factor answer."""
    found = [
        f"About your {m.name_as_typed}: {_lower_first(m.seek_care)}"
        for m in medicines
        if m.seek_care
    ]
    on_ppi = any(m.mds_item == "ppi" for m in medicines)
    if "long_term_ppi" in answers.risk_factors and not on_ppi:
        ppi = medicine_classes()["ppi"]
        if ppi.seek_care:
            found.append(f"About your stomach-acid medicine (PPI): {_lower_first(ppi.seek_care)}")
    return found


# --- answers files -------------------------------------------------------------------------

ANSWER_KEYS = tuple(Answers.model_fields)
PERSON_KEYS = tuple(Person.model_fields)


def split_answers(
    data: Mapping[str, Any],
    *,
    what: str,
    default_region: str = "us",
    today: date | None = None,
) -> tuple[Person, Answers]:
    """Validate one flat mapping (Person fields + answer fields) into (Person, Answers)."""
    from magcoach.reference.matching import suggestions

    allowed = (*PERSON_KEYS, *ANSWER_KEYS)
    for key in data:
        if key not in allowed:
            near = suggestions(str(key), allowed, score=60)
            raise BadFile(
                f"Unknown key '{key}' in {what}.",
                hint=(f"Did you mean: {', '.join(near)}? " if near else "")
                + f"Allowed keys: {', '.join(allowed)}.",
            )
    person_data = {k: v for k, v in data.items() if k in PERSON_KEYS}
    answer_data = {k: v for k, v in data.items() if k in ANSWER_KEYS}
    person_data.setdefault("region", default_region)
    if isinstance(person_data.get("sex"), str):
        person_data["sex"] = normalise_sex(person_data["sex"])
    if "age" not in person_data:
        birth = person_data.get("birth_date")
        if birth is None:
            raise InvalidInput(f"Invalid {what}: give 'age' (years) or 'birth_date'.")
        if today is None:
            raise InvalidInput(f"Invalid {what}: give 'age'; a birth date needs today's date.")
        try:
            born = birth if isinstance(birth, date) else date.fromisoformat(str(birth))
        except ValueError:
            raise InvalidInput(
                f"Invalid {what}: birth_date {birth!r} is not a date (use YYYY-MM-DD)."
            ) from None
        person_data["age"] = age_on(born, today)
    person = parse_model(Person, person_data, what=what)
    answers = parse_model(Answers, answer_data, what=what)
    return person, answers


def read_answers_file(path: Path | str) -> dict[str, Any]:
    """The raw key/value table of an answers file (TOML or JSON); BadFile if unreadable."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BadFile(f"The answers file {path} does not exist.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BadFile(f"Cannot read the answers file {path}: {exc}") from None
    suffix = path.suffix.casefold()
    data: object
    if suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise BadFile(
                f"The answers file {path.name} is not valid JSON: {exc.msg} "
                f"(line {exc.lineno}, column {exc.colno})."
            ) from None
    elif suffix == ".toml":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise BadFile(f"The answers file {path.name} is not valid TOML: {exc}.") from None
    else:
        raise BadFile(
            f"The answers file {path.name} must end in .toml or .json.",
            hint="The screening's list of ids shows what an answers file can use.",
            field="answers",
        )
    if not isinstance(data, dict):
        raise BadFile(f"The answers file {path.name} must hold a table of keys and values.")
    return data


def load_answers(
    path: Path | str, *, default_region: str = "us", today: date | None = None
) -> tuple[Person, Answers]:
    """Read an answers file (TOML or JSON) into (Person, Answers).

    Keys: the Person field names (age, sex, pregnant, lactating, region, egfr, medicines,
    conditions, drinks_per_day, ...) plus symptoms, risk_factors, red_flags,
    serum_magnesium and serum_unit. A typo'd key or broken syntax raises BadFile naming
    the file and the key; a bad value raises InvalidInput.
    """
    path = Path(path)
    return split_answers(
        read_answers_file(path),
        what=f"answers file {path.name}",
        default_region=default_region,
        today=today,
    )
