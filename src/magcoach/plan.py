"""The management plan: red flags, screening, intake against the requirement, the
diet-versus-supplement decision, the food plan, the supplement plan with its schedule, the
rest of back care, what to track, and the evidence with its strength.

`build_plan` is pure (everything comes in as values). `resolve_pool` and `medicine_rules`
turn reference data and food-database records into those values.

Shortfall thresholds (stated in every plan):
- none: intake at or above the requirement (RDA, or the adequate intake);
- mild: intake at least 50% of the requirement — a few servings of food can close it;
- moderate: 33% to under 50%;
- severe: under 33%.
Decision (the seed's comparison table): mild → diet first; moderate or severe, malabsorption
(Crohn's, coeliac) or a clinician's diagnosis of low magnesium → supplement with a clinician;
red flags → see a doctor now; a supplement hard stop → clinician only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any, Literal

# The plan's words live in plan_text; these names stay importable from here.
from magcoach.plan_text import DECISION_TITLES as DECISION_TITLES
from magcoach.plan_text import PLAN_EVIDENCE, see_doctor_why, tracking_lines
from magcoach.plan_text import SHORTFALL_RULE as SHORTFALL_RULE
from magcoach.plan_text import to_json as to_json
from magcoach.plan_text import to_markdown as to_markdown
from magcoach.planner import (
    DEFAULT_LIMITS,
    WEIGHT_LOSS_KCAL_BUDGET,
    FoodPlan,
    FoodPlanLimits,
    InfeasiblePlan,
    PoolFood,
    exclusions_for,
    filter_pool,
    plan_foods,
)
from magcoach.supplements import (
    CLINICIAN_CONDITIONS,
    CLINICIAN_DIRECTION,
    HARD_STOP_CONDITIONS,
    HardStop,
    MedicineRule,
    ProductCount,
    SupplementAdvice,
    advise,
)

Decision = Literal[
    "see_doctor_now",
    "screening_first",
    "diet_first",
    "diet_and_supplement",
    "supplement_with_clinician",
    "clinician_only",
]
Shortfall = Literal["none", "mild", "moderate", "severe"]

if TYPE_CHECKING:
    from magcoach.foods.model import Food
    from magcoach.person import Person
    from magcoach.reference.models import SupplementForm
    from magcoach.requirements import Requirements
MALABSORPTION = frozenset({"crohns", "celiac", "ulcerative_colitis", "short_bowel"})
DIAGNOSED_LOW = frozenset({"hypomagnesaemia", "low_magnesium_diagnosed"})
TRACK_DAYS = 42  # the Yousef 2013 trial ran 6 weeks (2 weeks IV, then 4 weeks by mouth)


@dataclass(frozen=True)
class LifestyleItem:
    id: str
    topic: str
    advice: str
    why: str
    strength: str
    source: tuple[str, ...]


@dataclass(frozen=True)
class EvidenceItem:
    id: str
    citation: str
    strength: str
    what_it_means: str


@dataclass(frozen=True)
class Plan:
    person: str
    today: date
    urgency: str
    red_flag_findings: tuple[str, ...]
    screening_level: str | None
    screening_reasons: tuple[str, ...]
    requirements: Requirements
    intake_mg: float
    intake_source: str
    shortfall: Shortfall
    decision: Decision
    decision_why: tuple[str, ...]
    diet_vs_supplement: tuple[str, ...]
    food_plan: FoodPlan | InfeasiblePlan | None
    food_plan_note: str | None
    supplement: SupplementAdvice | HardStop | None
    lifestyle: tuple[LifestyleItem, ...]
    bmi: float | None
    tracking: tuple[str, ...]
    look_again_on: date
    evidence: tuple[EvidenceItem, ...]
    notes: tuple[str, ...] = field(default=())
    screening_answered: bool = True  # False: nobody answered the red-flag questions
    screening_source: str = ""  # e.g. "your screening Q3 of 2026-06-14"
    product_counts: tuple[ProductCount, ...] = ()  # the advised dose in the person's products
    current_supplement_mg: float = 0.0  # what the person already takes a day (diary)

    @property
    def gap_mg(self) -> float:
        return max(0.0, self.requirements.rda_mg - self.intake_mg)


#: `supplements.advise` with the person and their limits already filled in.
Advisor = Callable[..., SupplementAdvice | HardStop]


def shortfall_of(intake_mg: float, requirement_mg: float) -> Shortfall:
    share = intake_mg / requirement_mg if requirement_mg > 0 else 1.0
    if share >= 1.0:
        return "none"
    if share >= 0.5:
        return "mild"
    return "moderate" if share >= 1 / 3 else "severe"


# --- inputs from reference data and the food database --------------------------------------


def resolve_pool(entries: Iterable[Any], get_food: Callable[[str], Food]) -> list[PoolFood]:
    """Pool entries with nutrient values per serving from the food database (USDA figures).

    A swap's values are net: the new food minus the food it replaces. Foods missing from the
    database or without a magnesium/energy value are left out.
    """
    from magcoach.errors import NotFound

    def per_serving(food: Food, grams: float, key: str) -> float | None:
        value = food.nutrients_per_100g.get(key)
        return None if value is None else value * grams / 100.0

    foods: list[PoolFood] = []
    for entry in entries:
        try:
            food = get_food(entry.food_id)
            replaced = get_food(entry.replaces_food_id) if entry.replaces_food_id else None
        except NotFound:
            continue
        values = {
            key: per_serving(food, entry.grams, key)
            for key in ("magnesium_mg", "energy_kcal", "sugars_g", "sodium_mg")
        }
        if values["magnesium_mg"] is None or values["energy_kcal"] is None:
            continue
        if replaced is not None:
            for key in values:
                old = per_serving(replaced, entry.replaces_grams, key)
                if values[key] is not None:
                    values[key] = (values[key] or 0.0) - (old or 0.0)
            if values["magnesium_mg"] is None or (values["magnesium_mg"] or 0) <= 0:
                continue
        foods.append(
            PoolFood(
                food_id=entry.food_id,
                serving=entry.serving,
                grams=entry.grams,
                magnesium_mg=round(values["magnesium_mg"] or 0.0, 1),
                kcal=round(values["energy_kcal"] or 0.0, 1),
                sugars_g=None if values["sugars_g"] is None else round(values["sugars_g"], 2),
                sodium_mg=None if values["sodium_mg"] is None else round(values["sodium_mg"], 1),
                max_servings=entry.max_servings_per_day,
                group=entry.group,
                tags=entry.tags,
                slot=entry.slot,
                description=food.description,
                replaces=entry.replaces_serving,
            )
        )
    return foods


def limits_for(person: Person, kcal_budget: float | None = None) -> FoodPlanLimits:
    if kcal_budget is not None:
        return FoodPlanLimits(kcal_budget=kcal_budget)
    if person.wants_weight_loss:
        return FoodPlanLimits(kcal_budget=WEIGHT_LOSS_KCAL_BUDGET)
    return DEFAULT_LIMITS


def food_plan_for(
    person: Person,
    pool: Sequence[PoolFood],
    need_mg: float,
    kcal_budget: float | None = None,
) -> FoodPlan | InfeasiblePlan:
    """The person's food plan: the pool filtered to their diet, allergies and conditions."""
    exclusions = exclusions_for(person.diet, person.allergies, person.conditions)
    return plan_foods(filter_pool(pool, exclusions), need_mg, limits_for(person, kcal_budget))


# --- the plan ------------------------------------------------------------------------------


def build_plan(
    person: Person,
    requirements: Requirements,
    intake_mg: float,
    pool: Sequence[PoolFood],
    forms: Iterable[SupplementForm],
    lifestyle: Sequence[Any],
    evidence: Mapping[str, Any],
    today: date,
    *,
    urgency: str = "none",
    red_flag_findings: Sequence[str] = (),
    screening_level: str | None = None,
    screening_reasons: Sequence[str] = (),
    medicines: Sequence[MedicineRule] = (),
    goals: Sequence[str] = (),
    excess_signs: Sequence[str] = (),
    kcal_budget: float | None = None,
    intake_source: str = "entered",
    hard_stop_conditions: Mapping[str, str] | None = None,
    current_supplement_mg: float = 0.0,
) -> Plan:
    """The whole plan for one person on `today` (pure; inputs are values).

    `urgency` "unknown" means nobody answered the red-flag questions: food advice stands, but
    no supplement is suggested until they are answered. `current_supplement_mg` is what the
    person already takes from supplements a day: above the upper limit it is named and stops
    any further supplement advice.
    """
    see_doctor = Plan(
        person=person.name,
        today=today,
        urgency=urgency,
        red_flag_findings=tuple(red_flag_findings),
        screening_level=screening_level,
        screening_reasons=tuple(screening_reasons),
        requirements=requirements,
        intake_mg=round(intake_mg, 1),
        intake_source=intake_source,
        shortfall=shortfall_of(intake_mg, requirements.rda_mg),
        current_supplement_mg=round(current_supplement_mg, 1),
        bmi=round(person.bmi, 1) if person.bmi is not None else None,
        look_again_on=today + timedelta(days=TRACK_DAYS),
        evidence=evidence_items(evidence),
        decision="see_doctor_now",
        decision_why=see_doctor_why(urgency, red_flag_findings),
        diet_vs_supplement=(),
        food_plan=None,
        food_plan_note=None,
        supplement=None,
        lifestyle=(),
        tracking=(),
    )
    if urgency in {"urgent", "emergency"}:
        return see_doctor
    # Every supplement question is asked about this person, with these limits.
    advise_for = partial(
        advise,
        person,
        requirements=requirements,
        forms=forms,
        intake_mg=intake_mg,
        medicine_rules=medicines,
        excess_signs=excess_signs,
        hard_stop_conditions=(
            HARD_STOP_CONDITIONS if hard_stop_conditions is None else hard_stop_conditions
        ),
        current_supplement_mg=current_supplement_mg,
    )
    return self_care_plan(
        see_doctor,
        person,
        intake_mg,
        pool,
        lifestyle,
        advise_for,
        goals=tuple(goals),
        kcal_budget=kcal_budget,
        current_supplement_mg=current_supplement_mg,
    )


def self_care_plan(
    frame: Plan,
    person: Person,
    intake_mg: float,
    pool: Sequence[PoolFood],
    lifestyle: Sequence[Any],
    advise_for: Advisor,
    *,
    goals: tuple[str, ...],
    kcal_budget: float | None,
    current_supplement_mg: float,
) -> Plan:
    """No red flag: the food plan, the diet-versus-supplement decision and its limits, on the
    frame (person, intake, evidence) that every plan shares."""
    requirements = frame.requirements
    requirement = requirements.rda_mg
    gap = max(0.0, requirement - intake_mg)
    kidney_stop = kidneys_too_weak_for_self_care(person)
    food_plan, food_note = food_part(person, pool, gap, kcal_budget, kidney_stop=kidney_stop)
    reasons = clinician_reasons_for(person, frame.shortfall, intake_mg, requirement)
    situation = _Situation(intake_mg, requirement, gap, tuple(reasons), food_plan, goals)
    choice = choose(situation, advise_for)
    if kidney_stop:
        choice = choice.with_decision("clinician_only")
    if frame.urgency == "unknown":
        choice = screening_first(choice)
    if current_supplement_mg >= 1:
        choice = with_current_supplement(choice, current_supplement_mg, requirements)
    _check_dose_wording(choice.supplement)
    return replace(
        frame,
        decision=choice.decision,
        decision_why=choice.why,
        diet_vs_supplement=diet_vs_supplement_lines(person, requirements),
        food_plan=food_plan,
        food_plan_note=food_note,
        supplement=choice.supplement,
        lifestyle=lifestyle_items(lifestyle),
        tracking=tracking_lines(frame.look_again_on),
    )


# --- the parts of the plan -------------------------------------------------------------------


def evidence_items(evidence: Mapping[str, Any]) -> tuple[EvidenceItem, ...]:
    """The plan's sources that the reference data holds, with what each means here."""
    return tuple(
        EvidenceItem(key, evidence[key].citation, str(evidence[key].strength), meaning)
        for key, meaning in PLAN_EVIDENCE
        if key in evidence
    )


def lifestyle_items(lifestyle: Sequence[Any]) -> tuple[LifestyleItem, ...]:
    return tuple(
        LifestyleItem(i.id, i.topic, i.advice, i.why, i.strength, tuple(i.source))
        for i in lifestyle
    )


def kidneys_too_weak_for_self_care(person: Person) -> bool:
    """eGFR under 30 or kidney failure: magnesium can build up, and the diet is the kidney
    team's to plan — no food plan and no supplement on one's own."""
    return (person.egfr is not None and person.egfr < 30) or "kidney_failure" in person.conditions


def clinician_reasons_for(
    person: Person, shortfall: Shortfall, intake_mg: float, requirement_mg: float
) -> list[str]:
    """Why a supplement belongs with a clinician: poor absorption, a diagnosed low level, or a
    shortfall too large for food alone. An empty list means food may be enough."""
    reasons = [
        CLINICIAN_CONDITIONS.get(condition, f"{condition}: magnesium may be poorly absorbed")
        for condition in sorted(MALABSORPTION.intersection(person.conditions))
    ]
    if DIAGNOSED_LOW.intersection(person.conditions):
        reasons.append("a clinician has found low magnesium")
    if shortfall in {"moderate", "severe"}:
        reasons.append(
            f"your intake is a {shortfall} shortfall ({intake_mg:.0f} of {requirement_mg:.0f} mg)"
        )
    return reasons


def food_part(
    person: Person,
    pool: Sequence[PoolFood],
    gap_mg: float,
    kcal_budget: float | None,
    *,
    kidney_stop: bool,
) -> tuple[FoodPlan | InfeasiblePlan | None, str | None]:
    """The food plan and the note that stands in for it when there is none to give."""
    if kidney_stop:
        return None, (
            "No food plan: with weak kidneys, diets often limit potassium and phosphate, which "
            "beans, nuts and greens are rich in. Plan food changes with your kidney team."
        )
    if gap_mg > 0:
        return food_plan_for(person, pool, gap_mg, kcal_budget), None
    return None, None


@dataclass(frozen=True)
class _Situation:
    """What the diet-versus-supplement decision looks at."""

    intake_mg: float
    requirement_mg: float
    gap_mg: float
    clinician_reasons: tuple[str, ...]
    food_plan: FoodPlan | InfeasiblePlan | None
    goals: tuple[str, ...]


@dataclass(frozen=True)
class Choice:
    """The decision, the supplement advice (or stop) behind it, and why, in the plan's words."""

    decision: Decision
    supplement: SupplementAdvice | HardStop | None
    why: tuple[str, ...]

    def with_decision(self, decision: Decision) -> Choice:
        return Choice(decision, self.supplement, self.why)


def choose(situation: _Situation, advise_for: Advisor) -> Choice:
    """The seed's comparison table: enough already → keep eating this way; a clinician reason
    → supplement with a clinician; a mild gap food can close → diet first; a mild gap food
    cannot close → diet plus a small supplement. A hard stop always wins."""
    s = situation
    if s.gap_mg <= 0 and not s.clinician_reasons:
        return Choice(
            "diet_first",
            None,
            (
                f"You already get about {s.intake_mg:.0f} mg a day, at or above the "
                f"{s.requirement_mg:.0f} mg you need: keep eating this way; no supplement needed.",
            ),
        )
    if s.clinician_reasons:
        advice = advise_for(s.gap_mg, goals=s.goals, clinician_reasons=s.clinician_reasons)
        return _stopped(advice) or Choice(
            "supplement_with_clinician",
            advice,
            (
                "A supplement is worth discussing with your clinician because "
                + "; ".join(s.clinician_reasons)
                + ". Food changes help too, alongside it.",
            ),
        )
    if isinstance(s.food_plan, FoodPlan):
        return _diet_first(s, s.food_plan, advise_for(s.gap_mg))
    advice = advise_for(s.gap_mg, goals=s.goals)
    return _stopped(advice) or Choice(
        "diet_and_supplement",
        advice,
        (
            "Your shortfall is mild, but food alone cannot close it within your limits, "
            "so a small supplement can make up the rest.",
        ),
    )


def _stopped(advice: SupplementAdvice | HardStop) -> Choice | None:
    """A hard stop turns any supplement decision into 'talk to your clinician'."""
    if isinstance(advice, HardStop):
        return Choice("clinician_only", advice, (advice.message,))
    return None


def _diet_first(s: _Situation, food_plan: FoodPlan, stops: SupplementAdvice | HardStop) -> Choice:
    """Food closes a mild gap; a hard stop still shows, so nobody adds a supplement anyway."""
    why = (
        f"Your shortfall is mild ({s.intake_mg:.0f} of {s.requirement_mg:.0f} mg): the food plan "
        f"below adds about {food_plan.magnesium_mg_added:.0f} mg, so no supplement is needed.",
    )
    if isinstance(stops, HardStop):
        return Choice("clinician_only", stops, (*why, stops.message))
    return Choice("diet_first", None, why)


def screening_first(choice: Choice) -> Choice:
    """The red-flag questions come before any supplement: some back pain needs a doctor."""
    if not isinstance(choice.supplement, SupplementAdvice):
        return choice
    return Choice(
        "screening_first",
        None,
        (
            "A supplement may help close your gap, but first answer the warning-sign (red-flag) "
            "questions: magcoach suggests a supplement only once it knows none of them applies "
            "to you. Food changes are safe to start now.",
        ),
    )


def with_current_supplement(
    choice: Choice, current_mg: float, requirements: Requirements
) -> Choice:
    """Name what the person already takes; above the upper limit it is never 'diet first'."""
    line = current_supplement_line(current_mg, choice.supplement, requirements)
    why = (*choice.why, line) if line else choice.why
    limit = requirements.supplemental_ul_mg
    decision = choice.decision
    if limit is not None and current_mg > limit and decision == "diet_first":
        decision = "clinician_only"
    return Choice(decision, choice.supplement, why)


def diet_vs_supplement_lines(person: Person, requirements: Requirements) -> tuple[str, ...]:
    return (
        food_first_line(person),
        "A supplement: quicker to fix a larger shortfall or poor absorption, but it has an "
        f"upper limit ({requirements.supplemental_ul_mg or 0:.0f} mg a day in your region), can "
        "cause diarrhoea and interacts with some medicines — so for a moderate or severe "
        "shortfall, malabsorption or a diagnosed low level, use it with a clinician.",
        f"How magcoach grades a shortfall: {SHORTFALL_RULE}.",
    )


def _check_dose_wording(supplement: SupplementAdvice | HardStop | None) -> None:
    if isinstance(supplement, SupplementAdvice) and (
        supplement.upper_limit_mg is not None
        and supplement.elemental_mg_per_day > supplement.upper_limit_mg
        and CLINICIAN_DIRECTION not in " ".join(supplement.warnings)
    ):  # pragma: no cover - guarded by supplements.elemental_dose
        raise AssertionError("dose above the upper limit without clinician wording")


def food_first_line(person: Person) -> str:
    """Why food comes first, true for this person's kidneys: food magnesium has no upper limit
    because healthy kidneys clear what the body does not need (IOM 1997); kidneys that work at
    less than a third cannot, and their diets are planned with a kidney team."""
    if kidneys_too_weak_for_self_care(person):
        return (
            "Food: magnesium-rich foods come with fibre and other nutrients, but with kidneys "
            "this weak any change in diet is planned with your kidney team."
        )
    if person.kidney_disease or (person.egfr is not None and person.egfr < 60):
        return (
            "Food first: food magnesium comes with fibre and other nutrients and has no upper "
            "limit for people with healthy kidneys; with your kidney function, tell your "
            "clinician about big changes in diet."
        )
    return (
        "Food first: food magnesium comes with fibre and other nutrients, has no upper limit "
        "(healthy kidneys clear any extra from food) and suits a mild shortfall."
    )


def current_supplement_line(
    current_mg: float, supplement: SupplementAdvice | HardStop | None, requirements: Requirements
) -> str:
    """What the plan means for the supplements the person already takes."""
    limit = requirements.supplemental_ul_mg
    taking = f"You already take about {current_mg:.0f} mg of magnesium a day from supplements"
    if limit is not None and current_mg > limit:
        if isinstance(supplement, HardStop) and any(
            r.id == "above_upper_limit" for r in supplement.reasons
        ):
            return ""  # the stop reason above already says it
        return (
            f"{taking}, above the {limit:.0f} mg upper limit for supplements and medicines: more "
            f"than that is {CLINICIAN_DIRECTION}, because it can cause diarrhoea and, with weak "
            f"kidneys, build up. Come down to {limit:.0f} mg a day or less unless your clinician "
            "has set your dose."
        )
    if isinstance(supplement, SupplementAdvice):
        return (
            f"{taking}: the supplement below replaces it rather than adding to it, so that all "
            f"your supplements together stay within {limit or 0:.0f} mg a day."
        )
    if isinstance(supplement, HardStop):
        return (
            f"{taking}: tell your clinician, and take no more until they agree, for the "
            "reasons above."
        )
    return (
        f"{taking}, within the {limit or 0:.0f} mg upper limit. Once food closes your gap you "
        "may not need it: ask your clinician whether to keep taking it."
    )
