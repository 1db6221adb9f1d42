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
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any, Literal

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
    HardStop,
    MedicineRule,
    ProductCount,
    SupplementAdvice,
    advise,
    product_count_sentence,
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
SHORTFALL_RULE = (
    "mild = intake at least 50% of your requirement; moderate = 33% to under 50%; "
    "severe = under 33%"
)

if TYPE_CHECKING:
    from magcoach.foods.model import Food
    from magcoach.person import Person
    from magcoach.reference.models import SupplementForm
    from magcoach.requirements import Requirements
MALABSORPTION = frozenset({"crohns", "celiac", "ulcerative_colitis", "short_bowel"})
DIAGNOSED_LOW = frozenset({"hypomagnesaemia", "low_magnesium_diagnosed"})
TRACK_DAYS = 42  # the Yousef 2013 trial ran 6 weeks (2 weeks IV, then 4 weeks by mouth)

#: The evidence behind the plan, with what each source means for this person.
PLAN_EVIDENCE: tuple[tuple[str, str], ...] = (
    (
        "yousef2013",
        "One small trial (80 people, chronic back pain with a nerve component): "
        "magnesium by drip for 2 weeks, then by mouth for 4 weeks, eased pain more than placebo "
        "at 6 months. Not repeated; the drip phase is not self-care.",
    ),
    (
        "bayram2021",
        "Acute back pain: adding magnesium by mouth to a painkiller helped on day 4 "
        "but made no difference by day 10.",
    ),
    ("park2020", "A systematic review of magnesium for chronic pain called the results equivocal."),
    (
        "cochrane-cramps-2020",
        "A Cochrane review found magnesium does not prevent muscle cramps in older adults.",
    ),
    (
        "tarleton2020",
        "In 13,434 US adults, higher magnesium intake went with less chronic pain, "
        "mainly in women — an association, not proof of cause.",
    ),
    ("nice-ng59", "NICE NG59: stay active and exercise; these are first-line care for back pain."),
    ("acp2017", "ACP 2017: heat for acute pain; exercise, yoga and tai chi for chronic pain."),
)


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
    from magcoach.supplements import HARD_STOP_CONDITIONS

    requirement = requirements.rda_mg
    gap = max(0.0, requirement - intake_mg)
    shortfall = shortfall_of(intake_mg, requirement)
    evidence_items = tuple(
        EvidenceItem(key, evidence[key].citation, str(evidence[key].strength), meaning)
        for key, meaning in PLAN_EVIDENCE
        if key in evidence
    )
    lifestyle_items = tuple(
        LifestyleItem(i.id, i.topic, i.advice, i.why, i.strength, tuple(i.source))
        for i in lifestyle
    )
    bmi = round(person.bmi, 1) if person.bmi is not None else None
    look_again = today + timedelta(days=TRACK_DAYS)
    tracking = (
        "Every day for the next 6 weeks: rate your back pain from 0 (none) to 10 (worst) "
        "in your diary, and log what you eat (and any supplement).",
        "The one trial in back pain (Yousef 2013) ran 6 weeks; a drop of 2 points or 30% is "
        "the change people notice (Ostelo 2008, Farrar 2001).",
        f"On {look_again.isoformat()} ask 'did it help?' to see whether your pain "
        "changed when your magnesium did.",
    )
    common = dict(
        person=person.name,
        today=today,
        urgency=urgency,
        red_flag_findings=tuple(red_flag_findings),
        screening_level=screening_level,
        screening_reasons=tuple(screening_reasons),
        requirements=requirements,
        intake_mg=round(intake_mg, 1),
        intake_source=intake_source,
        shortfall=shortfall,
        current_supplement_mg=round(current_supplement_mg, 1),
        bmi=bmi,
        look_again_on=look_again,
        evidence=evidence_items,
    )

    if urgency in {"urgent", "emergency"}:
        when = (
            "today (call emergency services if symptoms are severe)"
            if (urgency == "emergency")
            else "within a day or two"
        )
        return Plan(
            **common,  # type: ignore[arg-type]
            decision="see_doctor_now",
            decision_why=(
                f"Your answers include warning signs that need a doctor {when}:",
                *(red_flag_findings or ("a red-flag symptom",)),
                "Magnesium and self-care wait until a doctor has seen you.",
            ),
            diet_vs_supplement=(),
            food_plan=None,
            food_plan_note=None,
            supplement=None,
            lifestyle=(),
            tracking=(),
            notes=(),
        )

    stop_conditions = (
        HARD_STOP_CONDITIONS if hard_stop_conditions is None else (hard_stop_conditions)
    )
    malabsorption = sorted(MALABSORPTION.intersection(person.conditions))
    diagnosed = sorted(DIAGNOSED_LOW.intersection(person.conditions))
    clinician_reasons: list[str] = []
    for condition in malabsorption:
        clinician_reasons.append(
            CLINICIAN_CONDITIONS.get(condition, f"{condition}: magnesium may be poorly absorbed")
        )
    if diagnosed:
        clinician_reasons.append("a clinician has found low magnesium")
    if shortfall in {"moderate", "severe"}:
        clinician_reasons.append(
            f"your intake is a {shortfall} shortfall ({intake_mg:.0f} of {requirement:.0f} mg)"
        )

    # Every supplement question below is asked about this person, with these limits.
    advise_for = partial(
        advise,
        person,
        requirements=requirements,
        forms=forms,
        intake_mg=intake_mg,
        medicine_rules=medicines,
        excess_signs=excess_signs,
        hard_stop_conditions=stop_conditions,
        current_supplement_mg=current_supplement_mg,
    )
    needs_supplement = bool(malabsorption or diagnosed or shortfall in {"moderate", "severe"})
    kidney_stop = (person.egfr is not None and person.egfr < 30) or (
        "kidney_failure" in person.conditions
    )
    food_plan: FoodPlan | InfeasiblePlan | None = None
    food_note: str | None = None
    if kidney_stop:
        food_note = (
            "No food plan: with weak kidneys, diets often limit potassium and phosphate, which "
            "beans, nuts and greens are rich in. Plan food changes with your kidney team."
        )
    elif gap > 0:
        food_plan = food_plan_for(person, pool, gap, kcal_budget)
    food_added = food_plan.magnesium_mg_added if isinstance(food_plan, FoodPlan) else 0.0
    food_closes_gap = isinstance(food_plan, FoodPlan)

    supplement: SupplementAdvice | HardStop | None = None
    decision: Decision
    why: list[str] = []
    if gap <= 0 and not needs_supplement:
        decision = "diet_first"
        why.append(
            f"You already get about {intake_mg:.0f} mg a day, at or above the "
            f"{requirement:.0f} mg you need: keep eating this way; no supplement needed."
        )
    elif needs_supplement:
        supplement = advise_for(gap, goals=goals, clinician_reasons=clinician_reasons)
        if isinstance(supplement, HardStop):
            decision = "clinician_only"
            why.append(supplement.message)
        else:
            decision = "supplement_with_clinician"
            why.append(
                "A supplement is worth discussing with your clinician because "
                + "; ".join(clinician_reasons)
                + ". Food changes help too, alongside it."
            )
    elif food_closes_gap:
        stops = advise_for(gap)
        decision = "clinician_only" if isinstance(stops, HardStop) else "diet_first"
        why.append(
            f"Your shortfall is mild ({intake_mg:.0f} of {requirement:.0f} mg): the food plan "
            f"below adds about {food_added:.0f} mg, so no supplement is needed."
        )
        if isinstance(stops, HardStop):
            supplement = stops
            why.append(stops.message)
    else:
        supplement = advise_for(gap, goals=goals)
        if isinstance(supplement, HardStop):
            decision = "clinician_only"
            why.append(supplement.message)
        else:
            decision = "diet_and_supplement"
            why.append(
                "Your shortfall is mild, but food alone cannot close it within your limits, "
                "so a small supplement can make up the rest."
            )
    if kidney_stop and decision != "clinician_only":
        decision = "clinician_only"
    if isinstance(supplement, SupplementAdvice) and urgency == "unknown":
        # The red-flag questions come before any supplement: some back pain needs a doctor.
        supplement = None
        decision = "screening_first"
        why = [
            "A supplement may help close your gap, but first answer the warning-sign (red-flag) "
            "questions: magcoach suggests a supplement only once it knows none of them applies "
            "to you. Food changes are safe to start now.",
        ]
    if current_supplement_mg >= 1:
        line = current_supplement_line(current_supplement_mg, supplement, requirements)
        why += [line] if line else []
        limit = requirements.supplemental_ul_mg
        if limit is not None and current_supplement_mg > limit and decision == "diet_first":
            decision = "clinician_only"  # never "diet first" over a dose above the limit

    diet_vs_supplement = (
        food_first_line(person),
        "A supplement: quicker to fix a larger shortfall or poor absorption, but it has an "
        f"upper limit ({requirements.supplemental_ul_mg or 0:.0f} mg a day in your region), can "
        "cause diarrhoea and interacts with some medicines — so for a moderate or severe "
        "shortfall, malabsorption or a diagnosed low level, use it with a clinician.",
        f"How magcoach grades a shortfall: {SHORTFALL_RULE}.",
    )
    notes: list[str] = []
    if isinstance(supplement, SupplementAdvice) and (
        supplement.upper_limit_mg is not None
        and supplement.elemental_mg_per_day > supplement.upper_limit_mg
        and CLINICIAN_DIRECTION not in " ".join(supplement.warnings)
    ):  # pragma: no cover - guarded by supplements.elemental_dose
        raise AssertionError("dose above the upper limit without clinician wording")
    return Plan(
        **common,  # type: ignore[arg-type]
        decision=decision,
        decision_why=tuple(why),
        diet_vs_supplement=diet_vs_supplement,
        food_plan=food_plan,
        food_plan_note=food_note,
        supplement=supplement,
        lifestyle=lifestyle_items,
        tracking=tracking,
        notes=tuple(notes),
    )


def food_first_line(person: Person) -> str:
    """Why food comes first, true for this person's kidneys: food magnesium has no upper limit
    because healthy kidneys clear what the body does not need (IOM 1997); kidneys that work at
    less than a third cannot, and their diets are planned with a kidney team."""
    if (person.egfr is not None and person.egfr < 30) or "kidney_failure" in person.conditions:
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


# --- output --------------------------------------------------------------------------------


def to_json(plan: Plan) -> dict[str, Any]:
    """The plan in the shape of `plan --json`."""
    req = plan.requirements
    food: dict[str, Any]
    if isinstance(plan.food_plan, FoodPlan):
        food = {
            "items": [
                {
                    "food": i.food,
                    "servings": i.servings,
                    "grams": i.grams,
                    "magnesium_mg": i.magnesium_mg,
                    "kcal": i.kcal,
                }
                for i in plan.food_plan.items
            ],
            "magnesium_mg_after": round(plan.intake_mg + plan.food_plan.magnesium_mg_added, 1),
            "added_kcal": plan.food_plan.added_kcal,
            "solve_ms": plan.food_plan.solve_ms,
        }
    else:
        food = {
            "items": [],
            "magnesium_mg_after": plan.intake_mg,
            "added_kcal": 0.0,
            "solve_ms": plan.food_plan.solve_ms if plan.food_plan is not None else None,
        }
        if isinstance(plan.food_plan, InfeasiblePlan):
            food["infeasible"] = {
                "message": plan.food_plan.message,
                "binding": list(plan.food_plan.binding),
                "suggestions": list(plan.food_plan.suggestions),
            }
        if plan.food_plan_note:
            food["note"] = plan.food_plan_note
    supplement: dict[str, Any] | None = None
    if isinstance(plan.supplement, SupplementAdvice):
        s = plan.supplement
        supplement = {
            "form": s.form.name,
            "elemental_mg_per_day": s.elemental_mg_per_day,
            "doses": [{"time": d.time, "elemental_mg": d.elemental_mg} for d in s.doses],
            "schedule": [{"time": e.time, "what": e.what, "note": e.note} for e in s.schedule],
            "warnings": list(s.warnings),
            "clinician_required": s.clinician_required,
        }
        if s.clinician_reasons:
            supplement["clinician_reasons"] = list(s.clinician_reasons)
        supplement["products"] = [
            {
                "name": pc.product.name,
                "unit": pc.product.unit,
                "elemental_mg_per_unit": pc.product.elemental_mg_per_unit,
                "units_per_day": pc.count.tablets_per_day,
                "elemental_mg_per_day": pc.count.elemental_mg_per_day,
                "warnings": list(pc.count.warnings),
                "advice": product_count_sentence(pc, s.elemental_mg_per_day),
            }
            for pc in plan.product_counts
        ]
    return {
        "urgency": plan.urgency,
        "decision": plan.decision,
        "screening": {
            "answered": plan.screening_answered,
            "source": plan.screening_source or None,
            "level": plan.screening_level if plan.screening_answered else None,
        },
        "notes": list(plan.notes),
        "current_supplement_mg": plan.current_supplement_mg,
        "decision_why": list(plan.decision_why),
        "requirements": {
            "rda_mg": req.rda_mg,
            "ear_mg": req.ear_mg,
            "supplemental_ul_mg": req.supplemental_ul_mg,
            "region": req.region,
            "life_stage": req.life_stage,
            "is_ai": req.is_ai,
        },
        "intake": {
            "mg_per_day": plan.intake_mg,
            "source": plan.intake_source,
            "percent_of_requirement": round(100 * plan.intake_mg / req.rda_mg)
            if req.rda_mg
            else None,
            "shortfall": plan.shortfall,
            "shortfall_rule": SHORTFALL_RULE,
        },
        "food_plan": food,
        "supplement": supplement,
        "lifestyle": [
            {"topic": i.topic, "advice": i.advice, "strength": i.strength, "source": list(i.source)}
            for i in plan.lifestyle
        ],
        "evidence": [
            {"id": e.id, "strength": e.strength, "what_it_means": e.what_it_means}
            for e in plan.evidence
        ],
    }


# --- the food-plan part (`magcoach plan foods`) ------------------------------------------
#
# `plan foods` shows the food-plan part of the SAME plan `magcoach plan` builds, so the two can
# never disagree (weak kidneys, red flags, signs of too much magnesium all hold the food plan
# back in one place: build_plan).


DECISION_TITLES: Mapping[str, str] = {
    "see_doctor_now": "See a doctor now",
    "screening_first": "First, the warning-sign questions",
    "diet_first": "Diet first",
    "diet_and_supplement": "Diet, plus a small supplement",
    "supplement_with_clinician": "A supplement, with your clinician — plus food",
    "clinician_only": "No supplement on your own: talk to your clinician",
}


def to_markdown(plan: Plan) -> str:
    """The plan as Markdown (for `--markdown FILE` and the terminal)."""
    req = plan.requirements
    out: list[str] = [f"# Magnesium and back-pain plan for {plan.person}", ""]
    out.append(f"*{plan.today.isoformat()} — magcoach informs; it does not diagnose.*")
    out.append("")
    if plan.screening_source:
        out += [f"Screening answers: {plan.screening_source}.", ""]
    out += [f"**Note:** {note}" for note in plan.notes]
    if plan.notes:
        out.append("")
    if plan.decision == "see_doctor_now":
        out += ["## See a doctor now", ""]
        for line in plan.decision_why:
            out += [line, ""]
        return "\n".join(out)
    out += ["## 1. Screening and intake", ""]
    if plan.screening_level:
        out.append(
            f"- Screening: **{plan.screening_level}** chance that low magnesium plays a part"
            + ("." if plan.screening_answered else " (from your profile only).")
        )
        out += [f"  - {r}" for r in plan.screening_reasons]
    kind = "adequate intake" if req.is_ai else "RDA"
    out.append(
        f"- You need about **{req.rda_mg:.0f} mg** a day ({kind}, {req.region.upper()}, "
        f"{req.life_stage}); you get about **{plan.intake_mg:.0f} mg** ({plan.intake_source})."
    )
    out.append(f"- Shortfall: **{plan.shortfall}** ({SHORTFALL_RULE}).")
    out += ["", f"## 2. Decision: {DECISION_TITLES[plan.decision]}", ""]
    for line in plan.decision_why:
        out += [line, ""]
    out += [f"- {line}" for line in plan.diet_vs_supplement]
    out += ["", "## 3. Food plan", ""]
    if isinstance(plan.food_plan, FoodPlan) and plan.food_plan.items:
        out += ["| Add each day | Magnesium | Energy |", "|---|---:|---:|"]
        for item in plan.food_plan.items:
            count = f"{item.servings} × " if item.servings > 1 else ""
            out.append(
                f"| {count}{item.food} | {item.magnesium_mg:.0f} mg | {item.kcal:+.0f} kcal |"
            )
        fp = plan.food_plan
        out += [
            "",
            f"Adds **{fp.magnesium_mg_added:.0f} mg** for {fp.added_kcal:+.0f} kcal: about "
            f"{plan.intake_mg + fp.magnesium_mg_added:.0f} mg a day in all "
            f"(solved in {fp.solve_ms:.0f} ms; figures from USDA SR Legacy).",
        ]
    elif isinstance(plan.food_plan, InfeasiblePlan):
        out += [plan.food_plan.message, *[f"- {s}" for s in plan.food_plan.suggestions]]
    elif plan.food_plan_note:
        out.append(plan.food_plan_note)
    else:
        out.append("Nothing to add: keep eating the way you do.")
    out += ["", "## 4. Supplement", ""]
    s = plan.supplement
    if isinstance(s, SupplementAdvice):
        out.append(
            f"- **{s.form.name}**, {s.elemental_mg_per_day:.0f} mg of elemental magnesium a day "
            f"(upper limit for supplements in your region: {s.upper_limit_mg or 0:.0f} mg)."
        )
        out.append(f"  - Why: {'; '.join(s.form.reasons)} (evidence: {s.form.evidence_strength}).")
        for pc in plan.product_counts:
            out.append(f"- {product_count_sentence(pc, s.elemental_mg_per_day)}")
            if pc.count.tablets_per_day:  # a product that does not fit is said in the sentence
                out += [f"  - {w}" for w in pc.count.warnings]
        if s.clinician_required:
            out.append(
                "- **Talk to your clinician before starting**, because "
                + "; ".join(s.clinician_reasons)
                + "."
            )
        out += ["", "Daily schedule:", ""]
        out += [f"- {e.time} — {e.what}" + (f" ({e.note})" if e.note else "") for e in s.schedule]
        out += ["", *[f"- {w}" for w in s.warnings]]
        if s.alternatives:
            out.append(
                "- Other forms: "
                + "; ".join(f"{a.name} ({a.evidence_strength})" for a in s.alternatives)
            )
    elif isinstance(s, HardStop):
        out.append(f"**No supplement.** {s.message}")
    elif plan.decision == "screening_first":
        out.append("**No supplement yet:** the warning-sign questions come first (see the notes).")
    else:
        out.append("No supplement needed.")
    out += ["", "## 5. The rest of back care", ""]
    if plan.bmi is not None:
        out.append(f"- Your BMI: {plan.bmi:.1f} (18.5–24.9 is the usual healthy range).")
    for advice in plan.lifestyle:
        out.append(
            f"- **{advice.topic}**: {advice.advice} "
            f"*({advice.strength}; {', '.join(advice.source)})*"
        )
    out += ["", "## 6. What to track", ""]
    out += [f"- {line}" for line in plan.tracking]
    out += ["", "## 7. The evidence, and how strong it is", ""]
    for e in plan.evidence:
        out.append(f"- **{e.id}** ({e.strength}): {e.what_it_means}")
    out.append("")
    return "\n".join(out)
