"""Shell services that join the diary store, the food database and the pure core.

`plan_for_person` is the ONE way a plan is made for a diary person: `magcoach plan` and
`magcoach report` both call it. It reads the profile, the recent intake and the person's
latest stored screening (`magcoach screen`), so red flags a person answered always reach the
plan. `plan_for` is the same assembly for callers that already hold the values (an answers
file). Nothing here reads the clock: `today` comes in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from magcoach.errors import InvalidInput, SetupError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from magcoach.person import Person
    from magcoach.plan import Plan
    from magcoach.planner import PoolFood
    from magcoach.screening import Answers, RedFlagFinding
    from magcoach.settings import Settings
    from magcoach.supplements import Product

DEFAULT_GOALS = ("muscle_tension",)
#: What a symptom the person reported suggests a supplement form should suit.
SYMPTOM_GOALS = {
    "muscle_cramps": "muscle_tension",
    "numbness_tingling": "nerve_pain",
    "fatigue_weakness": "fatigue",
    "insomnia": "sleep",
}
NO_SCREENING_NOTE = (
    "No screening answered yet, so magcoach does not know whether you have any warning signs "
    "(red flags): answer the screening questions (about two minutes), then make the plan again. "
    "New loss of bladder or bowel control, or numbness around the back passage or genitals, "
    "needs an emergency department today."
)


@dataclass(frozen=True)
class ScreeningInput:
    """The screening answers a plan uses, and where they came from."""

    answers: Answers | None  # None: nobody answered the questions
    excess_signs: tuple[str, ...] = ()
    source: str = ""  # "your screening Q3 of 2026-06-14", "answers file a.toml", ""
    urgency: str | None = None  # stored red-flag urgency, when known
    taken_at: date | None = None

    def __post_init__(self) -> None:
        # Signs of too much magnesium are answers: the screening must weigh them (serious ones
        # are red flags), so they travel inside `answers` whichever way they came in.
        if self.answers is None:
            return
        signs = tuple(dict.fromkeys((*self.answers.too_much_magnesium_signs, *self.excess_signs)))
        if signs != self.answers.too_much_magnesium_signs:
            from magcoach.screening import Answers
            from magcoach.validation import parse_model

            data = {**self.answers.model_dump(), "too_much_magnesium_signs": signs}
            object.__setattr__(self, "answers", parse_model(Answers, data, what="answers"))
        object.__setattr__(self, "excess_signs", signs)

    @property
    def answered(self) -> bool:
        return self.answers is not None


def goals_from_symptoms(symptoms: Sequence[str]) -> tuple[str, ...]:
    """Supplement goals suggested by the reported symptoms (muscle tension when none fit)."""
    goals = tuple(dict.fromkeys(SYMPTOM_GOALS[s] for s in symptoms if s in SYMPTOM_GOALS))
    return goals or DEFAULT_GOALS


def excess_sign_texts(signs: Sequence[str]) -> tuple[str, ...]:
    """Too-much-magnesium sign ids as plain words (unknown words are kept as written)."""
    from magcoach.reference import too_much_magnesium_signs

    table = {s.id: s.text for s in too_much_magnesium_signs()}
    return tuple(table.get(str(s), str(s)) for s in signs)


def stored_screening_input(session: Session, person_id: int) -> ScreeningInput:
    """The person's latest stored screening, or an empty input when none was answered."""
    from magcoach.store.service import latest_screening

    stored = latest_screening(session, person_id)
    if stored is None:
        return ScreeningInput(None)
    return ScreeningInput(
        answers=stored.answers,
        excess_signs=stored.too_much_magnesium_signs,
        source=f"your screening {stored.entry_id} of {stored.taken_at.date().isoformat()}",
        urgency=stored.urgency,
        taken_at=stored.taken_at.date(),
    )


def needs_doctor_now(person: Person, screening: ScreeningInput) -> bool:
    """Whether the answers hold a red flag (urgent or emergency): then the plan is "see a
    doctor now" whatever the intake, so a missing intake or food database must not stop it."""
    from magcoach.screening import assess

    if screening.answers is None:
        return False
    return str(assess(person, screening.answers).red_flags.urgency) in {"urgent", "emergency"}


UNKNOWN_INTAKE = "not known yet (no recent diary days)"


def check_plan_options(intake_mg: float | None, days: int, kcal_budget: float | None) -> None:
    if intake_mg is not None and not 0 <= intake_mg <= 5000:
        raise InvalidInput(
            f"A daily intake of {intake_mg:g} mg is out of range: give mg a day, 0 to 5000.",
            field="intake_mg",
        )
    if not 1 <= days <= 365:
        raise InvalidInput(
            f"Averaging over {days} days is out of range: use 1 to 365 days.", field="days"
        )
    if kcal_budget is not None and not 0 <= kcal_budget <= 3000:
        raise InvalidInput(
            f"An energy budget of {kcal_budget:g} kcal is out of range (0 to 3000).",
            field="kcal_budget",
        )


def logged_supplement_mg(session: Session, person_id: int, *, days: int, today: date) -> float:
    """Magnesium a day from the supplements the person logged lately (0 when none)."""
    from magcoach.store.service import recent_average_intake

    recent = recent_average_intake(session, person_id, days, today)
    return recent.supplement_mg if recent is not None else 0.0


def diary_intake(
    session: Session, person_id: int, *, days: int, today: date, intake_mg: float | None = None
) -> tuple[float, str]:
    """(mg/day, where it came from): --intake-mg if given (magnesium from food), else the
    diary's recent average from FOOD. Logged supplements are named in the source but not
    counted: otherwise someone whose diet is low but who already takes a supplement would be
    told nothing needs to change. The plan weighs them separately (`logged_supplement_mg`)."""
    from magcoach.store.service import recent_average_intake

    recent = recent_average_intake(session, person_id, days, today)
    if intake_mg is not None:
        source = "entered, from food"
        if recent is not None and recent.supplement_mg >= 1:
            source += (
                f"; the supplements you logged add about {recent.supplement_mg:.0f} mg a day "
                "(see below)"
            )
        return float(intake_mg), source
    if recent is None:
        raise InvalidInput(
            f"magcoach does not know your magnesium intake: no diary days in the last {days} days.",
            hint="Log a few days of food, or give the daily intake you know (mg).",
            field="intake_mg",
        )
    source = f"from food, diary average of the last {days} days"
    if recent.supplement_mg >= 1:
        source += (
            f"; the supplements you logged add about {recent.supplement_mg:.0f} mg a day, "
            "counted apart (see the decision below)"
        )
    return recent.food_mg, source


def food_pool(settings: Settings, *, build: bool = True) -> list[PoolFood]:
    """The curated food pool with USDA values. `build=False` refuses (SetupError) instead of
    building a missing food database, for callers such as the report that must stay quick."""
    from magcoach.foods.db import open_food_db
    from magcoach.plan import resolve_pool
    from magcoach.reference.plan_data import food_pool as pool_entries

    if not build and not settings.food_db.is_file():
        raise SetupError(
            "the food database is not built yet.",
            hint="Build the food database once (from the USDA files), then make the report again.",
            field="food_db",
        )
    with open_food_db(settings) as db:
        return resolve_pool(pool_entries(), db.get)


def plan_for(
    person: Person,
    intake_mg: float,
    pool: Sequence[PoolFood],
    screening: ScreeningInput,
    *,
    today: date,
    goals: Sequence[str] = (),
    kcal_budget: float | None = None,
    intake_source: str = "entered",
    products: Sequence[Product] = (),
    current_supplement_mg: float = 0.0,
) -> Plan:
    """Screen the person with their answers and build the whole plan.

    Red flags come first (see a doctor now). Without answers the red flags are unknown: the
    plan's urgency is "unknown" and a note says how to answer them, never "no red flags".
    Goals default to those the reported symptoms suggest; signs of too much magnesium stop
    any supplement.
    """
    from magcoach.plan import build_plan
    from magcoach.reference import evidence, match_medicines, supplement_forms
    from magcoach.reference.plan_data import lifestyle_advice
    from magcoach.requirements import requirements
    from magcoach.screening import assess
    from magcoach.supplements import SupplementAdvice, medicine_rules, product_counts

    result = assess(person, screening.answers)
    urgency = str(result.red_flags.urgency)
    notes: list[str] = []
    if not screening.answered:
        urgency = "unknown"
        notes.append(NO_SCREENING_NOTE)
    symptoms = screening.answers.symptoms if screening.answers is not None else ()
    plan = build_plan(
        person,
        requirements(person),
        intake_mg,
        pool,
        supplement_forms().values(),
        lifestyle_advice(),
        evidence(),
        today,
        urgency=urgency,
        red_flag_findings=red_flag_lines(result.red_flags.findings),
        screening_level=str(result.level),
        screening_reasons=list(result.reasons),
        medicines=medicine_rules(match_medicines(person.medicines, allow_unknown=True)),
        goals=tuple(goals) or goals_from_symptoms(symptoms),
        excess_signs=excess_sign_texts(screening.excess_signs),
        kcal_budget=kcal_budget,
        intake_source=intake_source,
        current_supplement_mg=current_supplement_mg,
    )
    return replace(
        plan,
        notes=(*notes, *result.seek_care, *plan.notes),
        screening_answered=screening.answered,
        screening_source=screening.source,
        product_counts=product_counts(plan.supplement, products)
        if isinstance(plan.supplement, SupplementAdvice)
        else (),
    )


def red_flag_lines(findings: Sequence[RedFlagFinding]) -> list[str]:
    """One line per instruction: the signs that share it, then what to do."""
    by_instruction: dict[str, list[str]] = {}
    for finding in findings:
        by_instruction.setdefault(finding.instruction, []).append(finding.text)
    return [f"{'; '.join(texts)} — {what}" for what, texts in by_instruction.items()]


@dataclass(frozen=True)
class DiaryPlanInputs:
    """What a plan for a diary person starts from."""

    person: Person
    intake_mg: float
    intake_source: str
    screening: ScreeningInput
    doctor_now: bool  # a red flag was answered: the plan is "see a doctor now"
    products: tuple[Product, ...]  # supplement products the person logged
    current_supplement_mg: float = 0.0  # magnesium a day from the supplements logged lately


def diary_plan_inputs(
    session: Session,
    name: str | None,
    *,
    today: date,
    intake_mg: float | None = None,
    days: int = 14,
    answers: Answers | None = None,
) -> DiaryPlanInputs:
    """The person, their recent food intake and their screening (`answers` when given, else
    the latest stored one). An unknown intake only stops the plan when no red flag does."""
    from magcoach.store.service import get_person, supplement_products
    from magcoach.supplements import Product

    person_id, person = get_person(session, name, today)
    screening = (
        ScreeningInput(answers, source="the answers file")
        if answers is not None
        else stored_screening_input(session, person_id)
    )
    doctor_now = needs_doctor_now(person, screening)
    try:
        intake, source = diary_intake(
            session, person_id, days=days, today=today, intake_mg=intake_mg
        )
    except InvalidInput:
        if not doctor_now:
            raise
        intake, source = 0.0, UNKNOWN_INTAKE  # red flags come first, intake or not
    products = tuple(
        Product(row.name, row.unit_name, row.elemental_mg_per_unit)
        for row in supplement_products(session, person_id)
    )
    current = logged_supplement_mg(session, person_id, days=days, today=today)
    return DiaryPlanInputs(person, intake, source, screening, doctor_now, products, current)


def plan_for_person(
    session: Session,
    name: str | None,
    settings: Settings,
    *,
    today: date,
    intake_mg: float | None = None,
    days: int = 14,
    goals: Sequence[str] = (),
    kcal_budget: float | None = None,
    answers: Answers | None = None,
    build_food_db: bool = True,
) -> Plan:
    """The plan for a diary person (the default one when `name` is None).

    Uses `answers` when given (e.g. from a file), else the person's latest stored screening.
    Raises InvalidInput when the intake is unknown, SetupError when the food database is
    missing and `build_food_db` is False.
    """
    check_plan_options(intake_mg, days, kcal_budget)
    inputs = diary_plan_inputs(
        session, name, today=today, intake_mg=intake_mg, days=days, answers=answers
    )
    try:
        pool = food_pool(settings, build=build_food_db)
    except SetupError:
        if not inputs.doctor_now:
            raise
        pool = []
    return plan_for(
        inputs.person,
        inputs.intake_mg,
        pool,
        inputs.screening,
        today=today,
        goals=goals,
        kcal_budget=kcal_budget,
        intake_source=inputs.intake_source,
        products=inputs.products,
        current_supplement_mg=inputs.current_supplement_mg,
    )
