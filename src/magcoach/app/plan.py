"""The plan: red flags first, intake against the requirement, diet or supplement, the food
plan, the supplement around the person's medicines, the rest of back care, what to track and
the evidence. `plan` and `plan_foods` are the same assembly: the food plan alone is a part of
the whole plan, so the two can never disagree (kidneys, red flags, too much magnesium)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from magcoach.app.context import Context
from magcoach.app.views import View
from magcoach.errors import InvalidInput

if TYPE_CHECKING:
    from magcoach.plan import Plan


class PlanRequest(BaseModel):
    """Where the plan starts from: the diary person (default) or an answers file."""

    model_config = ConfigDict(extra="forbid")

    person: str | None = None
    answers: Path | None = None
    intake_mg: float | None = None
    days: int = 14
    kcal_budget: float | None = None
    goals: tuple[str, ...] = ()


class ScreeningSummary(View):
    answered: bool
    source: str | None
    level: str | None
    reasons: list[str]


class RequirementSummary(View):
    rda_mg: float
    ear_mg: float | None
    supplemental_ul_mg: float | None
    region: str
    life_stage: str
    is_ai: bool


class IntakeSummary(View):
    mg_per_day: float
    source: str
    percent_of_requirement: int | None
    shortfall: str
    shortfall_rule: str


class FoodPlanItemView(View):
    food: str
    servings: int
    grams: float
    magnesium_mg: float
    kcal: float
    sugars_g: float
    sodium_mg: float
    replaces: str | None


class InfeasibleView(View):
    message: str
    binding: list[str]
    suggestions: list[str]


class FoodPlanView(View):
    items: list[FoodPlanItemView]
    magnesium_mg_needed: float
    magnesium_mg_added: float
    magnesium_mg_after: float
    added_kcal: float
    added_sugars_g: float
    added_sodium_mg: float
    kcal_budget: float | None
    solve_ms: float | None
    infeasible: InfeasibleView | None = None
    note: str | None = None  # why there is no food plan (red flags, kidneys, too much Mg)


class DoseView(View):
    time: str
    elemental_mg: float


class ScheduleView(View):
    time: str
    what: str
    note: str


class ProductCountView(View):
    name: str
    unit: str
    elemental_mg_per_unit: float
    units_per_day: int
    elemental_mg_per_day: float
    warnings: list[str]


class SupplementView(View):
    form: str
    form_reasons: list[str]
    form_evidence: str
    elemental_mg_per_day: float
    upper_limit_mg: float | None
    doses: list[DoseView]
    schedule: list[ScheduleView]
    warnings: list[str]
    clinician_required: bool
    clinician_reasons: list[str]
    alternatives: list[str]
    products: list[ProductCountView]


class HardStopView(View):
    message: str
    reasons: list[str]


class LifestyleView(View):
    topic: str
    advice: str
    why: str
    strength: str
    source: list[str]


class EvidenceView(View):
    id: str
    citation: str
    strength: str
    what_it_means: str


class PlanView(View):
    person: str
    today: date
    urgency: str  # "none", "urgent", "emergency", "unknown" (red flags not answered)
    red_flag_findings: list[str]
    decision: str
    decision_title: str
    decision_why: list[str]
    diet_vs_supplement: list[str]
    screening: ScreeningSummary
    notes: list[str]
    requirements: RequirementSummary
    intake: IntakeSummary
    current_supplement_mg: float  # supplements the person logged, mg a day
    food_plan: FoodPlanView
    supplement: SupplementView | None
    supplement_stop: HardStopView | None
    lifestyle: list[LifestyleView]
    bmi: float | None
    tracking: list[str]
    look_again_on: date
    evidence: list[EvidenceView]
    markdown: str  # the whole plan, printable


class PlanFoodsView(View):
    """The food plan alone, from the same assembly as the whole plan."""

    person: str
    urgency: str
    decision: str
    screening: ScreeningSummary
    notes: list[str]
    requirement_mg: float
    intake_mg: float
    intake_source: str
    food_plan: FoodPlanView


def _food_plan_view(plan: Plan) -> FoodPlanView:
    from magcoach.planner import FoodPlan, InfeasiblePlan

    fp = plan.food_plan
    if isinstance(fp, FoodPlan):
        return FoodPlanView(
            items=[
                FoodPlanItemView(
                    food=i.food,
                    servings=i.servings,
                    grams=i.grams,
                    magnesium_mg=i.magnesium_mg,
                    kcal=i.kcal,
                    sugars_g=i.sugars_g,
                    sodium_mg=i.sodium_mg,
                    replaces=i.replaces,
                )
                for i in fp.items
            ],
            magnesium_mg_needed=fp.magnesium_mg_needed,
            magnesium_mg_added=fp.magnesium_mg_added,
            magnesium_mg_after=round(plan.intake_mg + fp.magnesium_mg_added, 1),
            added_kcal=fp.added_kcal,
            added_sugars_g=fp.added_sugars_g,
            added_sodium_mg=fp.added_sodium_mg,
            kcal_budget=fp.limits.kcal_budget,
            solve_ms=fp.solve_ms,
            note=plan.food_plan_note,
        )
    infeasible = None
    if isinstance(fp, InfeasiblePlan):
        infeasible = InfeasibleView(
            message=fp.message, binding=list(fp.binding), suggestions=list(fp.suggestions)
        )
    return FoodPlanView(
        items=[],
        magnesium_mg_needed=plan.gap_mg if fp is None else fp.magnesium_mg_needed,
        magnesium_mg_added=0.0,
        magnesium_mg_after=plan.intake_mg,
        added_kcal=0.0,
        added_sugars_g=0.0,
        added_sodium_mg=0.0,
        kcal_budget=None if fp is None else fp.limits.kcal_budget,
        solve_ms=None if fp is None else fp.solve_ms,
        infeasible=infeasible,
        note=plan.food_plan_note,
    )


def _supplement_views(plan: Plan) -> tuple[SupplementView | None, HardStopView | None]:
    from magcoach.supplements import HardStop, SupplementAdvice

    s = plan.supplement
    if isinstance(s, HardStop):
        return None, HardStopView(message=s.message, reasons=[r.reason for r in s.reasons])
    if not isinstance(s, SupplementAdvice):
        return None, None
    return (
        SupplementView(
            form=s.form.name,
            form_reasons=list(s.form.reasons),
            form_evidence=s.form.evidence_strength,
            elemental_mg_per_day=s.elemental_mg_per_day,
            upper_limit_mg=s.upper_limit_mg,
            doses=[DoseView(time=d.time, elemental_mg=d.elemental_mg) for d in s.doses],
            schedule=[ScheduleView(time=e.time, what=e.what, note=e.note) for e in s.schedule],
            warnings=list(s.warnings),
            clinician_required=s.clinician_required,
            clinician_reasons=list(s.clinician_reasons),
            alternatives=[f"{a.name} ({a.evidence_strength})" for a in s.alternatives],
            products=[
                ProductCountView(
                    name=pc.product.name,
                    unit=pc.product.unit,
                    elemental_mg_per_unit=pc.product.elemental_mg_per_unit,
                    units_per_day=pc.count.tablets_per_day,
                    elemental_mg_per_day=pc.count.elemental_mg_per_day,
                    warnings=list(pc.count.warnings),
                )
                for pc in plan.product_counts
            ],
        ),
        None,
    )


def _screening_summary(plan: Plan) -> ScreeningSummary:
    return ScreeningSummary(
        answered=plan.screening_answered,
        source=plan.screening_source or None,
        level=plan.screening_level if plan.screening_answered else None,
        reasons=list(plan.screening_reasons),
    )


def plan_view(plan: Plan) -> PlanView:
    """The whole plan as a view (also used by the report)."""
    from magcoach.plan import DECISION_TITLES, SHORTFALL_RULE, to_markdown

    req = plan.requirements
    supplement, stop = _supplement_views(plan)
    return PlanView(
        person=plan.person,
        today=plan.today,
        urgency=plan.urgency,
        red_flag_findings=list(plan.red_flag_findings),
        decision=plan.decision,
        decision_title=DECISION_TITLES[plan.decision],
        decision_why=list(plan.decision_why),
        diet_vs_supplement=list(plan.diet_vs_supplement),
        screening=_screening_summary(plan),
        notes=list(plan.notes),
        requirements=RequirementSummary(
            rda_mg=req.rda_mg,
            ear_mg=req.ear_mg,
            supplemental_ul_mg=req.supplemental_ul_mg,
            region=req.region,
            life_stage=req.life_stage,
            is_ai=req.is_ai,
        ),
        intake=IntakeSummary(
            mg_per_day=plan.intake_mg,
            source=plan.intake_source,
            percent_of_requirement=round(100 * plan.intake_mg / req.rda_mg) if req.rda_mg else None,
            shortfall=plan.shortfall,
            shortfall_rule=SHORTFALL_RULE,
        ),
        current_supplement_mg=plan.current_supplement_mg,
        food_plan=_food_plan_view(plan),
        supplement=supplement,
        supplement_stop=stop,
        lifestyle=[
            LifestyleView(
                topic=i.topic,
                advice=i.advice,
                why=i.why,
                strength=i.strength,
                source=list(i.source),
            )
            for i in plan.lifestyle
        ],
        bmi=None if plan.bmi is None else round(plan.bmi, 1),
        tracking=list(plan.tracking),
        look_again_on=plan.look_again_on,
        evidence=[
            EvidenceView(
                id=e.id, citation=e.citation, strength=e.strength, what_it_means=e.what_it_means
            )
            for e in plan.evidence
        ],
        markdown=to_markdown(plan),
    )


def check_goals(goals: Sequence[str]) -> None:
    from magcoach.reference import GOALS

    unknown = [g for g in goals if g not in GOALS]
    if unknown:
        raise InvalidInput(
            f"Unknown goal(s): {', '.join(unknown)}. Known goals: {', '.join(GOALS)}.",
            field="goals",
        )


def build(ctx: Context, request: PlanRequest) -> Plan:
    """The one plan assembly, for a diary person or from an answers file."""
    from magcoach.app.answers import read_answers
    from magcoach.services import (
        UNKNOWN_INTAKE,
        check_plan_options,
        food_pool,
        plan_for,
        plan_for_person,
    )

    check_goals(request.goals)
    check_plan_options(request.intake_mg, request.days, request.kcal_budget)
    if request.answers is not None:
        file = read_answers(ctx, request.answers)
        assert file.person is not None  # a profile is required here
        intake, source = file.intake(request.intake_mg)
        return plan_for(
            file.person,
            intake,
            [] if source == UNKNOWN_INTAKE else food_pool(ctx.settings),
            file.screening,
            today=ctx.clock.today(),
            goals=request.goals,
            kcal_budget=request.kcal_budget,
            intake_source=source,
        )
    with ctx.unit() as session:
        return plan_for_person(
            session,
            request.person,
            ctx.settings,
            today=ctx.clock.today(),
            intake_mg=request.intake_mg,
            days=request.days,
            goals=request.goals,
            kcal_budget=request.kcal_budget,
        )


def plan(ctx: Context, request: PlanRequest) -> PlanView:
    """The whole plan."""
    return plan_view(build(ctx, request))


def plan_foods(ctx: Context, request: PlanRequest) -> PlanFoodsView:
    """The food plan alone: the same assembly as `plan`, so a food plan the whole plan holds
    back (red flags, weak kidneys, signs of too much magnesium) is held back here too."""
    whole = plan(ctx, request)
    if whole.food_plan.infeasible is not None:
        raise InvalidInput(
            whole.food_plan.infeasible.message,
            hint="\n".join(whole.food_plan.infeasible.suggestions),
            field="kcal_budget",
        )
    notes = list(whole.notes)
    if whole.decision == "see_doctor_now":
        notes.insert(
            0,
            "See a doctor first: "
            + " ".join(whole.red_flag_findings or whole.decision_why)
            + " Food changes can wait until a doctor has seen you.",
        )
    return PlanFoodsView(
        person=whole.person,
        urgency=whole.urgency,
        decision=whole.decision,
        screening=whole.screening,
        notes=notes,
        requirement_mg=whole.requirements.rda_mg,
        intake_mg=whole.intake.mg_per_day,
        intake_source=whole.intake.source,
        food_plan=whole.food_plan,
    )
