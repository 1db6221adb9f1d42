"""Could low magnesium be part of this person's back pain, and is anything urgent?

`assess(person, answers)` is pure: it combines the Magnesium Depletion Score (Fan 2021), a
transparent symptom and risk-factor heuristic, an optional serum magnesium value and the
back-pain red flags into an Assessment with plain-language reasons and its evidence.
magcoach informs; it does not diagnose.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from magcoach.cautions import (
    EXCESS_SOURCES,
    InteractionNote,
    SupplementCaution,
    excess_cautions,
    interactions,
    seek_care,
    supplement_cautions,
)
from magcoach.errors import BadFile, InvalidInput, MagcoachError
from magcoach.heuristic import ScoredItem, SymptomRiskScore, scored, scored_risk_factors
from magcoach.level import LEVEL_RULES, Level, level_of, next_step
from magcoach.mds import (
    MDS_SOURCES,
    MagnesiumDepletionScore,
    magnesium_depletion_score,
)
from magcoach.person import Person, age_on
from magcoach.reference import (
    MedicineMatch,
    match_condition,
    match_id,
    match_medicines,
    red_flags,
    risk_factors,
    symptoms,
    too_much_magnesium_signs,
)
from magcoach.requirements import Requirements, normalise_sex, requirements
from magcoach.validation import parse_model

MG_DL_PER_MMOL_L = 2.431
SERUM_LOW_MMOL_L = 0.75
SERUM_ADEQUATE_MMOL_L = 0.85
SERUM_RANGE_TOP_MMOL_L = 0.95
SERUM_TOXIC_MMOL_L = 1.74
#: Plausible serum values (outside them the number or its unit is almost certainly wrong).
SERUM_LIMITS = {"mmol/L": (0.1, 5.0), "mg/dL": (0.2, 12.0)}

DISCLAIMER = "magcoach informs; it does not diagnose."

RedFlagUrgency = Literal["none", "urgent", "emergency"]
SerumUnit = Literal["mmol/L", "mg/dL"]

PAIN_EVIDENCE = (
    "How much magnesium helps back pain is uncertain: one small trial in chronic low back pain "
    "with a nerve component (IV then oral magnesium) was positive (Yousef 2013); an oral add-on "
    "trial in acute back pain was not (Bayram 2021); a review of chronic pain trials calls the "
    "evidence equivocal (Park 2020); in a US survey lower magnesium intake went with more "
    "chronic pain, especially in women (Tarleton 2020)."
)
PAIN_EVIDENCE_SOURCES = ("yousef2013", "bayram2021", "park2020", "tarleton2020")
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


def _condition_ids(person: Person) -> tuple[str, ...]:
    return tuple(dict.fromkeys(match_condition(text).id for text in person.conditions))


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
    scored_symptoms = scored(answers.symptoms)
    scored_factors = scored_risk_factors(
        person, answers.risk_factors, medicines, condition_ids, mds
    )
    points = sum(i.points for i in scored_symptoms) + sum(i.points for i in scored_factors)
    serum = None
    if answers.serum_magnesium is not None:
        serum = interpret_serum(answers.serum_magnesium, answers.serum_unit)
    excess_flags = excess_findings(answers.too_much_magnesium_signs)
    flags = _red_flag_result(
        answers.red_flags, [*_symptom_flags(answers.symptoms), *_serum_flags(serum), *excess_flags]
    )
    level, reasons = level_of(mds, points, serum)
    excess_texts = [excess_signs_by_id()[s].text for s in answers.too_much_magnesium_signs]
    cautions = supplement_cautions(person, medicines, condition_ids) + excess_cautions(excess_texts)
    reqs = requirements(person)
    notes = interactions(medicines)
    warnings = tuple(dict.fromkeys(seek_care(medicines, answers.risk_factors)))
    cited = _evidence(reqs, answers, serum, scored_factors, notes, cautions, flags, warnings)
    return Assessment(
        requirements=reqs,
        mds=mds,
        mds_meaning=mds.meaning,
        symptom_score=SymptomRiskScore(
            points=points, symptoms=tuple(scored_symptoms), risk_factors=tuple(scored_factors)
        ),
        serum=serum,
        level=level,
        reasons=tuple(_urgent_first(reasons, flags, excess_texts)),
        next_step=next_step(level, flags, cautions),
        red_flags=flags,
        medicines=tuple(medicines),
        interactions=tuple(notes),
        supplement_cautions=tuple(cautions),
        evidence=cited,
        seek_care=warnings,
        level_note=(
            "not judged for now: your signs point to too much magnesium, which a doctor must "
            "check first"
            if excess_flags
            else ""
        ),
    )


def _symptom_flags(symptom_ids: Iterable[str]) -> list[RedFlagFinding]:
    """Symptoms that need a doctor soon whatever magnesium has to do with them."""
    table = symptoms()
    return [
        RedFlagFinding(
            id=s,
            group="symptom",
            text=table[s].text,
            urgency="urgent",
            instruction=f"{table[s].note} Please see a doctor today or tomorrow — "
            "call emergency services if it is happening now or you feel faint or unwell.",
        )
        for s in symptom_ids
        if table[s].seek_care
    ]


def _serum_flags(serum: SerumReading | None) -> list[RedFlagFinding]:
    """A blood level far above the range needs a doctor today."""
    if not serum or serum.band != "very_high":
        return []
    return [
        RedFlagFinding(
            id="serum_very_high",
            group="blood_test",
            text="Blood magnesium far above the usual range",
            urgency="urgent",
            instruction=serum.text,
            same_day=True,
        )
    ]


def _urgent_first(
    reasons: list[str], flags: RedFlagResult, excess_texts: Sequence[str]
) -> list[str]:
    """A red flag leads the reasons, then signs of too much magnesium: both come before
    anything about running low."""
    first: list[str] = []
    if flags.urgency != "none":
        flag = flags.findings[0]
        first.append(f"See a doctor first: {flag.text.lower()}. {flags.message}")
    if excess_texts:
        first.append(
            "You report signs that can mean too much magnesium ("
            + ", ".join(t.lower() for t in excess_texts)
            + "): that has to be checked before anything about running low."
        )
    return [*first, *reasons]


def _evidence(
    reqs: Requirements,
    answers: Answers,
    serum: SerumReading | None,
    scored_factors: Sequence[ScoredItem],
    interactions: Sequence[InteractionNote],
    cautions: Sequence[SupplementCaution],
    flags: RedFlagResult,
    seek_care: Sequence[str],
) -> tuple[str, ...]:
    """Every source behind what this assessment says, once each, in the order it speaks."""
    cited: list[str] = [*MDS_SOURCES, *reqs.sources, *PAIN_EVIDENCE_SOURCES]
    cited += serum.sources if serum else ()
    for s in answers.symptoms:
        cited.extend(symptoms()[s].sources)
    for rf in scored_factors:
        cited.extend(risk_factors()[rf.id].sources)
    for flag_id in answers.red_flags:
        cited.extend(red_flags()[flag_id].sources)
    for source_list in [n.sources for n in interactions] + [c.sources for c in cautions]:
        cited.extend(source_list)
    if flags.urgency != "none":
        cited.append("nice-redflag-summary")
    if answers.symptoms:
        cited.append("orlova2020")
    if answers.too_much_magnesium_signs:
        cited.extend(EXCESS_SOURCES)
    if seek_care:
        cited.append("fda-ppi-2011")
    return tuple(dict.fromkeys(cited))


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
    from magcoach.validation import check_keys

    check_keys(data, (*PERSON_KEYS, *ANSWER_KEYS), what=what)
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
