"""Supplement advice: which form, how much elemental magnesium, when, and when not at all.

Pure: the person, the gap, goals, conditions, medicines and the reference data come in as
values; a `SupplementAdvice` or a `HardStop` comes out. The rules:

- elemental dose = the gap, never above the supplemental upper limit of the person's region
  (US/Canada 350 mg/day, EU 250 mg/day) unless a clinician directs it — and then the advice
  says "only under your clinician's direction" [iom1997, scf2001, ods-migraine];
- split into two doses when the day's dose is above 250 mg (BfR advises splitting) [bfr2017];
- magnesium is timed around interacting medicines so each rule holds every day, with the
  medicine taken again the next day [ods-interactions, smpc-mg-aspartate];
- hard stops, each with its reason and "talk to your clinician": eGFR below 30 or kidney
  failure, heart block or conduction disorders, myasthenia gravis, pregnancy doses above the
  RDA, signs of too much magnesium already present, supplements already taken above the upper
  limit [smpc-mg-aspartate, pi-injectable-mg, ods-hypermagnesaemia, iom1997];
- a medicine taken several times a day (its label's doses a day, e.g. gabapentin three times)
  is scheduled that often, and magnesium is kept clear of every dose [label-gabapentin].
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from magcoach.person import Person
    from magcoach.reference.models import MedicineMatch, SupplementForm
    from magcoach.requirements import Requirements

SPLIT_ABOVE_MG = 250.0
MIN_GAP_BETWEEN_DOSES_H = 4.0
DOSE_STEP_MG = 25.0
KIDNEY_STOP_EGFR = 30.0
CLINICIAN_DIRECTION = "only under your clinician's direction"

#: Conditions (reference ids) that stop self-directed supplements.
HARD_STOP_CONDITIONS: Mapping[str, str] = {
    "kidney_failure": (
        "Kidney failure: failing kidneys cannot clear extra magnesium, so it can build up to "
        "harmful levels."
    ),
    "heart_block": (
        "Heart block or another conduction disorder: magnesium products list it as a reason "
        "not to take them without a doctor."
    ),
    "conduction_disorder": (
        "A heart conduction disorder: magnesium products list it as a reason not to take "
        "them without a doctor."
    ),
    "myasthenia_gravis": (
        "Myasthenia gravis: magnesium can worsen muscle weakness (a risk of myasthenic crisis)."
    ),
}
#: Conditions where a supplement is reasonable only with a clinician (malabsorption etc.).
CLINICIAN_CONDITIONS: Mapping[str, str] = {
    "crohns": "Crohn's disease can stop magnesium being absorbed well",
    "crohns_disease": "Crohn's disease can stop magnesium being absorbed well",
    "celiac": "coeliac disease can stop magnesium being absorbed well",
    "celiac_disease": "coeliac disease can stop magnesium being absorbed well",
    "ulcerative_colitis": "inflammatory bowel disease can stop magnesium being absorbed well",
    "short_bowel": "short bowel syndrome stops magnesium being absorbed well",
    "bariatric_surgery": "bariatric surgery can stop magnesium being absorbed well",
    "chronic_diarrhoea": "ongoing diarrhoea loses magnesium and a supplement can worsen it",
    "kidney_disease": "kidney disease changes how magnesium is cleared",
    "ckd": "kidney disease changes how magnesium is cleared",
    "diabetes": "diabetes raises magnesium losses",
    "alcohol_use_disorder": "heavy drinking raises magnesium losses",
    "hypomagnesaemia": "a diagnosed low magnesium needs a clinician's dose and follow-up",
    "low_magnesium_diagnosed": "a diagnosed low magnesium needs a clinician's dose and follow-up",
}


@dataclass(frozen=True)
class MedicineRule:
    """How to space one interacting medicine from magnesium.

    `before_h`: the medicine at least this many hours BEFORE magnesium;
    `after_h`: the medicine at least this many hours AFTER magnesium.
    """

    medicine: str  # as the person typed it
    class_id: str
    class_name: str
    before_h: float
    after_h: float
    times: tuple[str, ...]  # when the plan assumes the medicine is taken ("08:00")
    doses_per_day: int | None = None  # from the medicine's label, when the data has it
    timing_text: str = ""
    caution: str | None = None  # e.g. potassium-sparing diuretics: clinician first
    source: tuple[str, ...] = ()


@dataclass(frozen=True)
class FormChoice:
    id: str
    name: str
    reasons: tuple[str, ...]
    evidence_strength: str
    laxative_tendency: str
    cautions: str


@dataclass(frozen=True)
class Dose:
    time: str  # "13:00"
    elemental_mg: float
    note: str


@dataclass(frozen=True)
class ScheduleEntry:
    time: str
    what: str
    note: str = ""


@dataclass(frozen=True)
class TabletCount:
    elemental_mg_per_tablet: float
    tablets_per_day: int
    elemental_mg_per_day: float
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class Product:
    """A supplement product the person has, as its label states it."""

    name: str
    unit: str  # capsule, tablet, scoop...
    elemental_mg_per_unit: float


@dataclass(frozen=True)
class ProductCount:
    """How many units of one of the person's products give the advised dose."""

    product: Product
    count: TabletCount


@dataclass(frozen=True)
class SupplementAdvice:
    form: FormChoice
    alternatives: tuple[FormChoice, ...]
    elemental_mg_per_day: float
    gap_mg: float
    upper_limit_mg: float | None
    region: str
    doses: tuple[Dose, ...]
    schedule: tuple[ScheduleEntry, ...]
    warnings: tuple[str, ...]
    clinician_required: bool
    clinician_reasons: tuple[str, ...]
    kind: Literal["advice"] = "advice"


@dataclass(frozen=True)
class StopReason:
    id: str
    reason: str


@dataclass(frozen=True)
class HardStop:
    reasons: tuple[StopReason, ...]
    kind: Literal["hard_stop"] = "hard_stop"

    @property
    def message(self) -> str:
        why = " ".join(r.reason for r in self.reasons)
        return (
            f"Do not start or add a magnesium supplement on your own. {why} Talk to your clinician."
        )


# --- hard stops ----------------------------------------------------------------------------


def hard_stops(
    person: Person,
    *,
    dose_mg: float = 0.0,
    rda_mg: float | None = None,
    intake_mg: float | None = None,
    excess_signs: Sequence[str] = (),
    hard_stop_conditions: Mapping[str, str] = HARD_STOP_CONDITIONS,
) -> tuple[StopReason, ...]:
    """Every reason not to self-supplement, each in plain words."""
    reasons: list[StopReason] = []
    if person.egfr is not None and person.egfr < KIDNEY_STOP_EGFR:
        reasons.append(
            StopReason(
                "kidney",
                f"Your eGFR is {person.egfr:g}, below 30: kidneys this weak cannot clear extra "
                "magnesium, so a supplement can build up to harmful levels (magnesium products "
                "are not to be used below an eGFR of 30).",
            )
        )
    elif person.kidney_disease and person.egfr is None:
        reasons.append(
            StopReason(
                "kidney",
                "You have kidney disease and magcoach does not know your eGFR: if it is below "
                "30, magnesium can build up to harmful levels.",
            )
        )
    for condition in person.conditions:
        if condition in hard_stop_conditions and not any(
            r.id == condition or (r.id == "kidney" and condition == "kidney_failure")
            for r in reasons
        ):
            reasons.append(StopReason(condition, hard_stop_conditions[condition]))
    if person.pregnant and rda_mg is not None and intake_mg is not None:
        total = intake_mg + dose_mg
        if total > rda_mg + 0.5:
            reasons.append(
                StopReason(
                    "pregnancy_above_rda",
                    f"You are pregnant: food plus {dose_mg:.0f} mg would give about "
                    f"{total:.0f} mg a day, above the {rda_mg:.0f} mg recommended in pregnancy.",
                )
            )
    if excess_signs:
        reasons.append(
            StopReason(
                "too_much_magnesium",
                "You have signs that can mean too much magnesium ("
                + ", ".join(excess_signs)
                + "); stop any magnesium product you already take.",
            )
        )
    return tuple(reasons)


# --- forms ---------------------------------------------------------------------------------

GOAL_WORDS: Mapping[str, str] = {
    "muscle_tension": "muscle tension",
    "nerve_pain": "nerve-related pain",
    "muscle_pain": "muscle pain",
    "fatigue": "tiredness",
    "constipation": "constipation",
    "sleep": "sleep",
    "targeted_relief": "targeted relief on the skin",
    "general": "topping up magnesium",
}


DEFAULT_MEDICINE_TIMES: Mapping[str, tuple[str, ...]] = {
    "tetracycline": ("08:00", "20:00"),
    "fluoroquinolone": ("08:00", "20:00"),
    "bisphosphonate": ("07:00",),
    "levothyroxine": ("07:00",),
}
FIRST_DOSE_H = 7.0
LAST_DOSE_H = 23.0
DOSE_WORDS = {1: "once a day", 2: "twice a day", 3: "three times a day", 4: "four times a day"}


def medicine_times(class_id: str, doses_per_day: int | None) -> tuple[str, ...]:
    """When the plan assumes a medicine is taken. With the label's doses a day (reference
    data), the doses are spread evenly from 07:00 to 23:00 — three a day is 07:00, 15:00,
    23:00, eight hours apart, within gabapentin's 12 hours at most between doses; otherwise the
    class's usual times."""
    if doses_per_day is None or doses_per_day < 1:
        return DEFAULT_MEDICINE_TIMES.get(class_id, ("08:00",))
    if doses_per_day == 1:
        return DEFAULT_MEDICINE_TIMES.get(class_id, ("08:00",))[:1]
    if doses_per_day == 2:
        return ("08:00", "20:00")
    step = (LAST_DOSE_H - FIRST_DOSE_H) / (doses_per_day - 1)
    return tuple(clock(round((FIRST_DOSE_H + k * step) * 2) / 2) for k in range(doses_per_day))


def medicine_rules(matches: Iterable[MedicineMatch]) -> list[MedicineRule]:
    """Timing rules (and cautions) for the person's medicines that interact with magnesium."""
    rules: list[MedicineRule] = []
    for match in matches:
        if not match.known or match.class_id is None:
            continue
        before = match.separate_before_h or 0.0
        after = match.separate_after_h or 0.0
        caution = None
        if match.kind in {"raises_magnesium", "toxicity_risk", "contains_magnesium"}:
            caution = (
                f"{match.name_as_typed} ({match.class_name}): talk to your clinician before "
                "starting magnesium — they may want to check your level"
            )
        if not (before or after or caution):
            continue
        rules.append(
            MedicineRule(
                medicine=match.name_as_typed,
                class_id=match.class_id,
                class_name=match.class_name or match.class_id,
                before_h=before,
                after_h=after,
                times=medicine_times(match.class_id, match.doses_per_day)
                if before or after
                else (),
                doses_per_day=match.doses_per_day,
                timing_text=match.timing_text or "",
                caution=caution,
                source=match.sources,
            )
        )
    return rules


def self_supplement_warnings(person: Person, rules: Sequence[MedicineRule]) -> list[str]:
    """What someone already taking magnesium must hear, whatever the plan says: every reason
    not to self-supplement, and how to space their interacting medicines."""
    warnings = [
        f"{stop.reason} Talk to your clinician before taking magnesium supplements."
        for stop in hard_stops(person)
    ]
    for rule in rules:
        if rule.caution:
            warnings.append(f"{rule.caution}.")
        if rule.before_h or rule.after_h:
            warnings.append(f"You take {rule.medicine} ({rule.class_name}): {rule.timing_text}")
    return warnings


def _absorption_rank(text: str) -> float:
    """Lower is better: from the reference wording about absorption."""
    lowered = text.lower()
    if "poorly" in lowered or "less well" in lowered:
        return 4.0
    if "unproven" in lowered:
        return 5.0
    if "better absorbed" in lowered or "better than oxide" in lowered:
        return 0.0
    if "no head-to-head" in lowered:
        return 1.0
    return 2.0


def choose_forms(
    forms: Iterable[SupplementForm],
    goals: Sequence[str],
    *,
    avoid_laxative: bool = False,
) -> list[FormChoice]:
    """Oral forms ranked for the person's goals (topical last: absorption unproven).

    `avoid_laxative` (diarrhoea, bowel disease) moves high-laxative forms down unless the goal
    is constipation.
    """
    wanted = list(goals) or ["general"]
    scored: list[tuple[tuple[float, ...], FormChoice]] = []
    for form in forms:
        matched = [g for g in wanted if g in form.suits]
        topical = "targeted_relief" in form.suits and form.elemental_pct_anhydrous is None
        reasons = [f"suits {GOAL_WORDS.get(g, g)}" for g in matched]
        if form.laxative_tendency in {"moderate", "high"}:
            reasons.append(f"{form.laxative_tendency} laxative effect")
        if form.absorption:
            reasons.append(form.absorption)
        laxative_penalty = (
            1.0
            if avoid_laxative and form.laxative_tendency == "high" and "constipation" not in wanted
            else 0.0
        )
        key = (
            1.0 if topical and "targeted_relief" not in wanted else 0.0,
            laxative_penalty,
            -float(len(matched)),
            _absorption_rank(form.absorption),
            1.0 if form.laxative_tendency == "high" else 0.0,
        )
        scored.append(
            (
                key,
                FormChoice(
                    id=form.id,
                    name=form.name,
                    reasons=tuple(reasons),
                    evidence_strength=form.evidence_strength,
                    laxative_tendency=form.laxative_tendency,
                    cautions=form.cautions,
                ),
            )
        )
    scored.sort(key=lambda pair: (pair[0], pair[1].id))
    return [choice for _, choice in scored]


# --- dose and product arithmetic ----------------------------------------------------------


def elemental_dose(
    gap_mg: float, upper_limit_mg: float | None, clinician_dose_mg: float | None = None
) -> tuple[float, tuple[str, ...], bool]:
    """The day's elemental magnesium: the gap in 25 mg steps, capped at the upper limit.

    Returns (dose, warnings, clinician_required). Above the limit only when a clinician
    directs it (`clinician_dose_mg`), and then with that wording.
    """
    warnings: list[str] = []
    if clinician_dose_mg is not None:
        if upper_limit_mg is not None and clinician_dose_mg > upper_limit_mg:
            warnings.append(
                f"{clinician_dose_mg:.0f} mg a day is above the {upper_limit_mg:.0f} mg upper "
                f"limit for supplements: take it {CLINICIAN_DIRECTION}, who will check your "
                "kidney function and magnesium level."
            )
            return clinician_dose_mg, tuple(warnings), True
        return clinician_dose_mg, tuple(warnings), False
    dose = max(DOSE_STEP_MG, math.floor(gap_mg / DOSE_STEP_MG + 0.5) * DOSE_STEP_MG)
    if upper_limit_mg is not None and dose > upper_limit_mg:
        warnings.append(
            f"Your gap is about {gap_mg:.0f} mg, but supplements should give at most "
            f"{upper_limit_mg:.0f} mg a day (the upper limit); more than that "
            f"{CLINICIAN_DIRECTION}. Close the rest with food."
        )
        dose = upper_limit_mg
    return float(dose), tuple(warnings), False


def split_doses(dose_mg: float) -> tuple[float, ...]:
    """One dose, or two equal doses when the day's dose is above 250 mg."""
    if dose_mg > SPLIT_ABOVE_MG:
        half = round(dose_mg / 2.0, 1)
        return (half, round(dose_mg - half, 1))
    return (dose_mg,)


def elemental_from_salt(salt_mg: float, elemental_pct: float) -> float:
    return salt_mg * elemental_pct / 100.0


def tablets_for(
    dose_mg: float,
    *,
    label_elemental_mg: float | None = None,
    salt_mg: float | None = None,
    elemental_pct: float | None = None,
    form_name: str = "",
    upper_limit_mg: float | None = None,
) -> TabletCount:
    """How many tablets give `dose_mg` of elemental magnesium.

    Prefer the label's elemental magnesium per tablet; otherwise the salt weight × the form's
    elemental %, with the warning that salt weight is not magnesium ("500 mg magnesium
    glycinate" is about 70 mg of magnesium). Never more tablets than the upper limit allows.
    """
    from magcoach.errors import InvalidInput

    warnings: list[str] = []
    if label_elemental_mg is not None:
        if label_elemental_mg <= 0:
            raise InvalidInput("The elemental magnesium per tablet must be above zero.")
        per_tablet = label_elemental_mg
    elif salt_mg is not None and elemental_pct is not None:
        if salt_mg <= 0 or not 0 < elemental_pct <= 100:
            raise InvalidInput("The salt weight and elemental % must be above zero.")
        per_tablet = round(elemental_from_salt(salt_mg, elemental_pct), 1)
        label = f"magnesium {form_name}".strip()
        warnings.append(
            f"'{salt_mg:g} mg {label}' on a label is the weight of the whole salt: it gives "
            f"only about {per_tablet:.0f} mg of magnesium ({elemental_pct:g}%). Go by the "
            "'elemental magnesium' figure when the label has one."
        )
    else:
        raise InvalidInput(
            "Give the elemental magnesium per tablet, or the salt weight and the form.",
            hint="The label's 'magnesium (elemental)' figure is the one to use.",
        )
    count = max(0, round(dose_mg / per_tablet))
    if count == 0 and (upper_limit_mg is None or per_tablet <= upper_limit_mg):
        count = 1
    while upper_limit_mg is not None and count > 0 and count * per_tablet > upper_limit_mg:
        count -= 1
    if count == 0:
        warnings.append(
            f"One tablet gives {per_tablet:.0f} mg of magnesium, more than the upper limit of "
            f"{upper_limit_mg:.0f} mg a day for supplements: choose a smaller tablet, or take it "
            f"{CLINICIAN_DIRECTION}."
        )
    elif abs(count * per_tablet - dose_mg) > per_tablet / 2:
        warnings.append(
            f"{_units(count, 'tablet')} give{'s' if count == 1 else ''} "
            f"{count * per_tablet:.0f} mg, not exactly {dose_mg:.0f} mg."
        )
    return TabletCount(per_tablet, count, round(count * per_tablet, 1), tuple(warnings))


def _units(count: int, unit: str) -> str:
    return f"{count} {unit}{'' if count == 1 else 's'}"


def product_count_sentence(pc: ProductCount, advised_mg: float) -> str:
    """The advised dose in one of the person's own products, as a sentence."""
    unit, per = pc.product.unit, pc.product.elemental_mg_per_unit
    units = pc.count.tablets_per_day
    if units == 0:
        return (
            f"Your {pc.product.name} does not fit this plan: one {unit} gives {per:g} mg of "
            f"magnesium, more than the {advised_mg:g} mg a day advised here and more than the "
            f"upper limit for supplements. Look for a product with about {advised_mg:g} mg "
            f"of elemental magnesium per {unit}, or ask your clinician."
        )
    total = pc.count.elemental_mg_per_day
    exact = "." if total == advised_mg else f", the closest whole number to {advised_mg:g} mg."
    return (
        f"With your {pc.product.name} ({per:g} mg magnesium per {unit}): "
        f"{_units(units, unit)} a day = {total:g} mg{exact}"
    )


def product_counts(
    advice: SupplementAdvice, products: Sequence[Product]
) -> tuple[ProductCount, ...]:
    """The advised daily dose in units of each product the person already has."""
    limit = advice.upper_limit_mg
    if limit is not None:  # a dose above the limit comes only with clinician wording
        limit = max(limit, advice.elemental_mg_per_day)
    return tuple(
        ProductCount(
            product,
            tablets_for(
                advice.elemental_mg_per_day,
                label_elemental_mg=product.elemental_mg_per_unit,
                upper_limit_mg=limit,
            ),
        )
        for product in products
        if product.elemental_mg_per_unit > 0
    )


# --- timing --------------------------------------------------------------------------------

_MEAL_TIMES = (13.0, 19.0, 8.0, 12.0, 18.0, 20.0, 14.0, 21.0, 9.0, 10.0, 16.0, 11.0, 15.0)
_MEALS = frozenset({8.0, 12.0, 13.0, 18.0, 19.0, 20.0})  # breakfast, lunch, dinner
_WAKING = [h / 4.0 for h in range(7 * 4, 22 * 4 + 1)]  # 07:00 to 22:00, every 15 min


def _hours(text: str) -> float:
    hours, minutes = text.split(":")
    return int(hours) + int(minutes) / 60.0


def clock(hours: float) -> str:
    total = round(hours * 60) % (24 * 60)
    return f"{total // 60:02d}:{total % 60:02d}"


def respects(mg_time_h: float, rule: MedicineRule) -> bool:
    """True when magnesium at `mg_time_h` keeps every daily dose of the medicine at least
    `before_h` before it and at least `after_h` after it (doses repeat every 24 h)."""
    for med_time in rule.times:
        since_medicine = (mg_time_h - _hours(med_time)) % 24.0  # hours after the last dose
        until_medicine = 24.0 - since_medicine if since_medicine else 24.0
        if since_medicine < rule.before_h - 1e-9 or until_medicine < rule.after_h - 1e-9:
            return False
    return True


def schedule_doses(
    doses_mg: Sequence[float], rules: Sequence[MedicineRule]
) -> tuple[tuple[float, ...], bool]:
    """Clock times (hours) for the magnesium doses that respect every medicine rule.

    Prefers mealtimes (magnesium with food is easier on the stomach). Returns (times, ok);
    ok is False when no time in the waking day respects all rules.
    """
    allowed = [t for t in _WAKING if all(respects(t, rule) for rule in rules)]
    preferred = [t for t in _MEAL_TIMES if t in allowed] + [t for t in allowed]
    chosen: list[float] = []
    for _ in doses_mg:
        for t in preferred:
            if all(min(abs(t - c), 24 - abs(t - c)) >= MIN_GAP_BETWEEN_DOSES_H for c in chosen):
                chosen.append(t)
                break
        else:
            return tuple(sorted(chosen)), False
    return tuple(sorted(chosen)), True


# --- advice --------------------------------------------------------------------------------


def advise(
    person: Person,
    gap_mg: float,
    requirements: Requirements,
    forms: Iterable[SupplementForm],
    *,
    goals: Sequence[str] = (),
    intake_mg: float | None = None,
    medicine_rules: Sequence[MedicineRule] = (),
    excess_signs: Sequence[str] = (),
    clinician_reasons: Sequence[str] = (),
    clinician_dose_mg: float | None = None,
    hard_stop_conditions: Mapping[str, str] = HARD_STOP_CONDITIONS,
    current_supplement_mg: float = 0.0,
) -> SupplementAdvice | HardStop:
    """Supplement advice for a magnesium gap, or a hard stop with its reasons.

    `current_supplement_mg`: what the person already takes a day; above the upper limit no
    further advice is given (the limit counts every supplement and medicine together)."""
    upper = requirements.supplemental_ul_mg
    if upper is None:
        return HardStop(
            (
                StopReason(
                    "no_upper_limit",
                    "No safe supplement amount is set for infants: magnesium for a baby "
                    "comes from milk and food only.",
                ),
            )
        )
    dose, dose_warnings, above_ul = elemental_dose(gap_mg, upper, clinician_dose_mg)
    stops = hard_stops(
        person,
        dose_mg=dose,
        rda_mg=requirements.rda_mg,
        intake_mg=intake_mg,
        excess_signs=excess_signs,
        hard_stop_conditions=hard_stop_conditions,
    )
    if current_supplement_mg > upper and clinician_dose_mg is None:
        stops = (
            *stops,
            StopReason(
                "above_upper_limit",
                f"You already take about {current_supplement_mg:.0f} mg of magnesium a day from "
                f"supplements, above the {upper:.0f} mg upper limit for supplements and "
                f"medicines: more than that is {CLINICIAN_DIRECTION}, because it can cause "
                "diarrhoea and, with weak kidneys, build up. Come down to "
                f"{upper:.0f} mg a day or less unless your clinician has set your dose.",
            ),
        )
    if person.pregnant and intake_mg is not None and not stops:
        room = requirements.rda_mg - intake_mg
        if dose > room:  # rounding up to a 25 mg step must not pass the RDA in pregnancy
            dose = float(max(0.0, math.floor(room)))
    if stops:
        return HardStop(stops)

    reasons = list(clinician_reasons)
    for condition in person.conditions:
        if condition in CLINICIAN_CONDITIONS and CLINICIAN_CONDITIONS[condition] not in reasons:
            reasons.append(CLINICIAN_CONDITIONS[condition])
    if person.kidney_disease or (person.egfr is not None and person.egfr < 60):
        reasons.append("reduced kidney function: your clinician should check magnesium levels")
    if person.pregnant:
        reasons.append("you are pregnant: agree any supplement with your midwife or doctor")
    if person.age < 18:
        reasons.append("supplements for children and teenagers need a clinician's advice")
    for rule in medicine_rules:
        if rule.caution:
            reasons.append(rule.caution)
    if above_ul:
        reasons.append(f"a dose above the upper limit is {CLINICIAN_DIRECTION}")

    avoid_laxative = any(
        c in {"crohns", "crohns_disease", "ulcerative_colitis", "chronic_diarrhoea", "short_bowel"}
        for c in person.conditions
    )
    forms_by_id = {form.id: form for form in forms}
    ranked = choose_forms(forms_by_id.values(), goals, avoid_laxative=avoid_laxative)
    if not ranked:
        from magcoach.errors import SetupError

        raise SetupError("No supplement forms in the reference data; reinstall magcoach.")
    oral = [f for f in ranked if "topical" not in f.id]
    best = oral[0] if oral else ranked[0]

    warnings = list(dose_warnings)
    amounts = split_doses(dose)
    timing_rules = [r for r in medicine_rules if r.times and (r.before_h or r.after_h)]
    times, ok = schedule_doses(amounts, timing_rules)
    if not ok:
        warnings.append(
            "magcoach could not find times in the day that keep magnesium apart from all "
            "your medicines; ask your pharmacist to plan the timing with you."
        )
        reasons.append("the timing around your medicines needs a pharmacist or clinician")
        times = tuple(sorted(_MEAL_TIMES[: len(amounts)]))
    doses = tuple(
        Dose(clock(t), amount, "with a meal" if t in _MEALS else "with a snack or water")
        for t, amount in zip(times, amounts, strict=False)
    )
    if len(amounts) > 1:
        warnings.append(
            "Split into two doses: smaller doses are easier on the gut (BfR advises at least "
            "two doses a day above 250 mg)."
        )
    if best.laxative_tendency in {"moderate", "high"}:
        warnings.append(
            f"{best.name} has a laxative effect and can loosen stools; if you get "
            "diarrhoea, lower the dose and tell your clinician."
        )
    best_pct = forms_by_id[best.id].elemental_pct_anhydrous
    if best_pct and "topical" not in best.id:
        warnings.append(
            f"Read the label for 'elemental magnesium': '500 mg {best.name.lower()}' is the "
            f"weight of the whole salt and gives only about "
            f"{elemental_from_salt(500, best_pct):.0f} mg of magnesium."
        )
    warnings.append(
        "Loose stools or diarrhoea are the first sign of too much supplemental magnesium: "
        "lower the dose or stop, and tell your clinician."
    )
    schedule = [ScheduleEntry(d.time, f"magnesium {d.elemental_mg:.0f} mg", d.note) for d in doses]
    for rule in timing_rules:
        note = rule.timing_text or (
            f"at least {rule.before_h:g} h before or {rule.after_h:g} h after magnesium"
        )
        if rule.doses_per_day and rule.doses_per_day > 1:
            often = DOSE_WORDS.get(rule.doses_per_day, f"{rule.doses_per_day} times a day")
            warnings.append(
                f"{rule.medicine} is usually taken {often}: the schedule assumes "
                f"{', '.join(rule.times[:-1])} and {rule.times[-1]}. If you take it at other "
                "times, move the magnesium so that it stays as far from every dose."
            )
        for med_time in rule.times:
            schedule.append(ScheduleEntry(med_time, rule.medicine, note))
    schedule.sort(key=lambda e: (e.time, e.what))
    return SupplementAdvice(
        form=best,
        alternatives=tuple(f for f in ranked if f.id != best.id)[:3],
        elemental_mg_per_day=round(sum(d.elemental_mg for d in doses), 1),
        gap_mg=round(gap_mg, 1),
        upper_limit_mg=upper,
        region=requirements.region,
        doses=doses,
        schedule=tuple(schedule),
        warnings=tuple(warnings),
        clinician_required=bool(reasons),
        clinician_reasons=tuple(dict.fromkeys(reasons)),
    )
