"""The plan in words: its fixed sentences (the evidence and what it means, what to track, why a
red flag comes first), its Markdown (the terminal and `--markdown FILE`) and its JSON shape.

Kept apart from `magcoach.plan` because deciding and wording change for different reasons; the
plan module imports these names back, so `from magcoach.plan import to_markdown` still works.
This module imports nothing from `magcoach.plan` at run time (that would be a cycle).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from magcoach.planner import FoodPlan, InfeasiblePlan
from magcoach.supplements import HardStop, SupplementAdvice, product_count_sentence

if TYPE_CHECKING:
    from magcoach.plan import Plan
    from magcoach.supplements import ProductCount

SHORTFALL_RULE = (
    "mild = intake at least 50% of your requirement; moderate = 33% to under 50%; "
    "severe = under 33%"
)

DECISION_TITLES: Mapping[str, str] = {
    "see_doctor_now": "See a doctor now",
    "screening_first": "First, the warning-sign questions",
    "diet_first": "Diet first",
    "diet_and_supplement": "Diet, plus a small supplement",
    "supplement_with_clinician": "A supplement, with your clinician — plus food",
    "clinician_only": "No supplement on your own: talk to your clinician",
}


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


def tracking_lines(look_again: date) -> tuple[str, ...]:
    """What to track, for as long as the one back-pain trial ran."""
    return (
        "Every day for the next 6 weeks: rate your back pain from 0 (none) to 10 (worst) "
        "in your diary, and log what you eat (and any supplement).",
        "The one trial in back pain (Yousef 2013) ran 6 weeks; a drop of 2 points or 30% is "
        "the change people notice (Ostelo 2008, Farrar 2001).",
        f"On {look_again.isoformat()} ask 'did it help?' to see whether your pain "
        "changed when your magnesium did.",
    )


def see_doctor_why(urgency: str, red_flag_findings: Sequence[str]) -> tuple[str, ...]:
    """Why a red flag replaces the whole plan, and how soon to see a doctor."""
    when = (
        "today (call emergency services if symptoms are severe)"
        if urgency == "emergency"
        else "within a day or two"
    )
    return (
        f"Your answers include warning signs that need a doctor {when}:",
        *(red_flag_findings or ("a red-flag symptom",)),
        "Magnesium and self-care wait until a doctor has seen you.",
    )


# --- JSON (`plan --json`) --------------------------------------------------------------------


def to_json(plan: Plan) -> dict[str, Any]:
    """The plan in the shape of `plan --json`."""
    req = plan.requirements
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
        "food_plan": food_plan_json(plan),
        "supplement": supplement_json(plan),
        "lifestyle": [
            {"topic": i.topic, "advice": i.advice, "strength": i.strength, "source": list(i.source)}
            for i in plan.lifestyle
        ],
        "evidence": [
            {"id": e.id, "strength": e.strength, "what_it_means": e.what_it_means}
            for e in plan.evidence
        ],
    }


def food_plan_json(plan: Plan) -> dict[str, Any]:
    """The food plan's items and totals; without a plan, why not (infeasible, or a note)."""
    if isinstance(plan.food_plan, FoodPlan):
        return {
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
    food: dict[str, Any] = {
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
    return food


def supplement_json(plan: Plan) -> dict[str, Any] | None:
    """The advised supplement with its schedule and the person's products; None otherwise."""
    s = plan.supplement
    if not isinstance(s, SupplementAdvice):
        return None
    supplement: dict[str, Any] = {
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
        _product_json(pc, s.elemental_mg_per_day) for pc in plan.product_counts
    ]
    return supplement


def _product_json(pc: ProductCount, advised_mg: float) -> dict[str, Any]:
    return {
        "name": pc.product.name,
        "unit": pc.product.unit,
        "elemental_mg_per_unit": pc.product.elemental_mg_per_unit,
        "units_per_day": pc.count.tablets_per_day,
        "elemental_mg_per_day": pc.count.elemental_mg_per_day,
        "warnings": list(pc.count.warnings),
        "advice": product_count_sentence(pc, advised_mg),
    }


# --- Markdown --------------------------------------------------------------------------------


def to_markdown(plan: Plan) -> str:
    """The plan as Markdown (for `--markdown FILE` and the terminal)."""
    out = _heading(plan)
    if plan.decision == "see_doctor_now":
        # A red flag replaces the plan: nothing else may distract from seeing a doctor.
        out += ["## See a doctor now", ""]
        for line in plan.decision_why:
            out += [line, ""]
        return "\n".join(out)
    out += screening_and_intake_md(plan)
    out += ["", f"## 2. Decision: {DECISION_TITLES[plan.decision]}", ""]
    for line in plan.decision_why:
        out += [line, ""]
    out += [f"- {line}" for line in plan.diet_vs_supplement]
    out += ["", "## 3. Food plan", "", *food_plan_md(plan)]
    out += ["", "## 4. Supplement", "", *supplement_md(plan)]
    out += ["", "## 5. The rest of back care", "", *back_care_md(plan)]
    out += ["", "## 6. What to track", ""]
    out += [f"- {line}" for line in plan.tracking]
    out += ["", "## 7. The evidence, and how strong it is", ""]
    out += [f"- **{e.id}** ({e.strength}): {e.what_it_means}" for e in plan.evidence]
    out.append("")
    return "\n".join(out)


def _heading(plan: Plan) -> list[str]:
    out = [f"# Magnesium and back-pain plan for {plan.person}", ""]
    out += [f"*{plan.today.isoformat()} — magcoach informs; it does not diagnose.*", ""]
    if plan.screening_source:
        out += [f"Screening answers: {plan.screening_source}.", ""]
    out += [f"**Note:** {note}" for note in plan.notes]
    if plan.notes:
        out.append("")
    return out


def screening_and_intake_md(plan: Plan) -> list[str]:
    req = plan.requirements
    out = ["## 1. Screening and intake", ""]
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
    return out


def food_plan_md(plan: Plan) -> list[str]:
    """The foods to add as a table, or why there are none."""
    fp = plan.food_plan
    if isinstance(fp, FoodPlan) and fp.items:
        out = ["| Add each day | Magnesium | Energy |", "|---|---:|---:|"]
        for item in fp.items:
            count = f"{item.servings} × " if item.servings > 1 else ""
            out.append(
                f"| {count}{item.food} | {item.magnesium_mg:.0f} mg | {item.kcal:+.0f} kcal |"
            )
        return [
            *out,
            "",
            f"Adds **{fp.magnesium_mg_added:.0f} mg** for {fp.added_kcal:+.0f} kcal: about "
            f"{plan.intake_mg + fp.magnesium_mg_added:.0f} mg a day in all "
            f"(solved in {fp.solve_ms:.0f} ms; figures from USDA SR Legacy).",
        ]
    if isinstance(fp, InfeasiblePlan):
        return [fp.message, *[f"- {s}" for s in fp.suggestions]]
    if plan.food_plan_note:
        return [plan.food_plan_note]
    return ["Nothing to add: keep eating the way you do."]


def supplement_md(plan: Plan) -> list[str]:
    """The advised supplement, the stop that forbids one, or why none is suggested."""
    s = plan.supplement
    if isinstance(s, SupplementAdvice):
        return advice_md(s, plan.product_counts)
    if isinstance(s, HardStop):
        return [f"**No supplement.** {s.message}"]
    if plan.decision == "screening_first":
        return ["**No supplement yet:** the warning-sign questions come first (see the notes)."]
    return ["No supplement needed."]


def advice_md(s: SupplementAdvice, product_counts: tuple[ProductCount, ...]) -> list[str]:
    """Form and dose, the person's own products, the clinician line, schedule and warnings."""
    out = [
        f"- **{s.form.name}**, {s.elemental_mg_per_day:.0f} mg of elemental magnesium a day "
        f"(upper limit for supplements in your region: {s.upper_limit_mg or 0:.0f} mg).",
        f"  - Why: {'; '.join(s.form.reasons)} (evidence: {s.form.evidence_strength}).",
    ]
    for pc in product_counts:
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
    return out


def back_care_md(plan: Plan) -> list[str]:
    out: list[str] = []
    if plan.bmi is not None:
        out.append(f"- Your BMI: {plan.bmi:.1f} (18.5–24.9 is the usual healthy range).")
    for advice in plan.lifestyle:
        out.append(
            f"- **{advice.topic}**: {advice.advice} "
            f"*({advice.strength}; {', '.join(advice.source)})*"
        )
    return out
