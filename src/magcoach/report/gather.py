"""Fill the outcomes inputs and `ReportData` from the diary store and the reference data.

This is the shell side: it reads the database (through `magcoach.store.service`) and turns
rows into the small typed values the pure `outcomes` core and the report renderer take.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from statistics import median
from typing import TYPE_CHECKING, Any

from magcoach.errors import InvalidInput, NotFound
from magcoach.outcomes import DidItHelp, Event, IntakeDay, PainDay, did_it_help
from magcoach.report.model import (
    EvidenceItem,
    FoodContributor,
    FoodDiarySummary,
    PlanSummary,
    RedFlag,
    ReportData,
    RequirementSummary,
    ScreeningSummary,
    SupplementLine,
    TrialSummary,
)
from magcoach.wording import plural

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from magcoach.person import Person

REQUIREMENT_SOURCES = {"us": ("iom1997", "ods-magnesium"), "eu": ("efsa2015",)}
STOPPED_AFTER_DAYS = 7


@dataclass(frozen=True)
class Diary:
    """One person's diary over a period, as outcome inputs."""

    person_id: int
    person: Person
    start: date
    end: date
    pain_days: tuple[PainDay, ...]
    intake_days: tuple[IntakeDay, ...]  # days with at least one food or supplement entry
    events: tuple[Event, ...]
    supplement_dates: Mapping[str, tuple[date, ...]] = field(default_factory=dict)

    def all_supplement_dates(self) -> tuple[date, ...]:
        return tuple(sorted({d for dates in self.supplement_dates.values() for d in dates}))


def first_entry_date(session: Session, person_id: int) -> date | None:
    """The day of the person's first pain, food or supplement entry (deleted ones do not
    count: a mistyped year that was deleted must not stretch the report over decades)."""
    from sqlalchemy import func, select

    from magcoach.store.models import FoodEntryRow, PainEntryRow, SupplementIntakeRow

    firsts = [
        session.scalar(
            select(func.min(col)).where(model.person_id == person_id, model.deleted_at.is_(None))
        )
        for model, col in (
            (PainEntryRow, PainEntryRow.at),
            (FoodEntryRow, FoodEntryRow.eaten_at),
            (SupplementIntakeRow, SupplementIntakeRow.taken_at),
        )
    ]
    days = [f.date() for f in firsts if f is not None]
    return min(days) if days else None


def load_diary(
    session: Session, name: str | None, start: date | None, end: date, *, today: date
) -> Diary:
    """Pain, magnesium and events of `name` (or the default person) from start to end."""
    from magcoach.store import service

    person_id, person = service.get_person(session, name, today=today)
    if start is None:
        start = first_entry_date(session, person_id) or end
    if end < start:
        raise InvalidInput(
            f"The period ends ({end}) before it starts ({start}).",
            hint="Give a first day before the last day.",
            field="start",
        )
    pain = service.daily_pain(session, person_id, start, end)
    food_mg: dict[date, float] = defaultdict(float)
    supp_mg: dict[date, float] = defaultdict(float)
    logged: set[date] = set()
    for row in service.food_entries(session, person_id, start, end):
        day = row.eaten_at.date()
        logged.add(day)
        food_mg[day] += float((row.nutrients or {}).get("magnesium_mg") or 0.0)
    taken: dict[str, set[date]] = defaultdict(set)
    for item in service.supplement_intakes(session, person_id, start, end):
        day = item.taken_at.date()
        logged.add(day)
        supp_mg[day] += item.elemental_mg
        taken[item.product_name].add(day)
    events = [
        Event(e.at.date(), e.kind, e.text) for e in service.events(session, person_id, start, end)
    ]
    # supplements started or stopped count as events even when nobody noted them
    all_taken = _all_intake_dates(session, person_id, end)
    for product, dates in all_taken.items():
        first, last = min(dates), max(dates)
        if start <= first <= end and not any(
            e.date == first and product.lower() in e.text.lower() for e in events
        ):
            events.append(Event(first, "supplement_started", f"started {product}"))
        if start <= last and (end - last).days > STOPPED_AFTER_DAYS:
            events.append(Event(last, "supplement_stopped", f"last dose of {product}"))
    return Diary(
        person_id=person_id,
        person=person,
        start=start,
        end=end,
        pain_days=tuple(PainDay(day, value) for day, value in sorted(pain.items())),
        intake_days=tuple(
            IntakeDay(day, food_mg.get(day, 0.0), supp_mg.get(day, 0.0)) for day in sorted(logged)
        ),
        events=tuple(sorted(events, key=lambda e: e.date)),
        supplement_dates={k: tuple(sorted(v)) for k, v in taken.items()},
    )


def _all_intake_dates(session: Session, person_id: int, end: date) -> dict[str, list[date]]:
    from magcoach.store import service

    out: dict[str, list[date]] = defaultdict(list)
    for item in service.supplement_intakes(session, person_id, date(1900, 1, 1), end):
        out[item.product_name].append(item.taken_at.date())
    return out


def supplement_change_date(session: Session, person_id: int, product: str, end: date) -> date:
    """The day `product` was first taken (the change for "did it help?")."""
    from magcoach.store import service

    for name, dates in _all_intake_dates(session, person_id, end).items():
        if name.lower() == product.strip().lower():
            return min(dates)
    known = [p.name for p in service.supplement_products(session, person_id)]
    if any(p.lower() == product.strip().lower() for p in known):
        raise NotFound(
            f"{product!r} has not been taken yet, so there is no change to compare.",
            hint="Record a dose of it first, or give the day something changed.",
            field="change",
        )
    raise NotFound(
        f"No supplement called {product!r}.",
        hint=f"Your supplements: {', '.join(known)}."
        if known
        else "Or give the day something changed.",
        field="change",
    )


def default_change(session: Session, person_id: int, end: date) -> tuple[date, str]:
    """Without --change or --supplement: the first intake of the first supplement taken."""
    firsts = {n: min(d) for n, d in _all_intake_dates(session, person_id, end).items()}
    if not firsts:
        raise InvalidInput(
            "There is no change to compare: no supplement has been taken yet.",
            hint="Give the day something changed, or the supplement you started.",
            field="change",
        )
    name = min(firsts, key=lambda n: firsts[n])
    return firsts[name], name


def analyse(diary: Diary, change: date, label: str, *, today: date, lag_days: int = 7) -> DidItHelp:
    return did_it_help(
        diary.pain_days,
        change,
        today=today,
        lag_days=lag_days,
        events=diary.events,
        intake_days=diary.intake_days,
        change_label=label,
    )


def requirement_summary(person: Person) -> tuple[RequirementSummary, Any]:
    from magcoach.store import service

    req = service.requirement_for(person)
    basis_parts = [f"{person.sex}, {person.age:g} years"]
    life_stage = getattr(req, "life_stage", "")
    if life_stage:
        basis_parts.append(f"life stage {life_stage}")
    if getattr(req, "is_ai", False):
        basis_parts.append("adequate intake (no RDA set)")
    basis_parts.append("US/Canada values" if person.region == "us" else "EU values")
    sources = tuple(getattr(req, "sources", ()) or REQUIREMENT_SOURCES.get(person.region, ()))
    return (
        RequirementSummary(
            rda_mg=req.rda_mg,
            ear_mg=req.ear_mg,
            supplemental_ul_mg=req.supplemental_ul_mg,
            basis="Based on: " + ", ".join(basis_parts),
            sources=sources,
        ),
        req,
    )


def person_rows(person: Person) -> tuple[tuple[str, str], ...]:
    rows = [("Age", f"{person.age:g} years"), ("Sex", person.sex)]
    if person.pregnant:
        rows.append(("Pregnancy", "pregnant"))
    if person.lactating:
        rows.append(("Breastfeeding", "yes"))
    rows.append(("Region for reference values", "US/Canada" if person.region == "us" else "EU"))
    if person.weight_kg is not None:
        rows.append(("Weight", f"{person.weight_kg:g} kg"))
    if person.bmi is not None:
        rows.append(("BMI", f"{person.bmi:.1f} kg/m²"))
    kidney = []
    if person.egfr is not None:
        kidney.append(f"eGFR {person.egfr:g} mL/min/1.73 m²")
    if person.kidney_disease:
        kidney.append("kidney disease reported")
    rows.append(("Kidney function", "; ".join(kidney) or "not recorded"))
    rows.append(("Medicines", ", ".join(person.medicines) or "none recorded"))
    rows.append(("Conditions", ", ".join(person.conditions) or "none recorded"))
    rows.append(("Diet", person.diet))
    if person.drinks_per_day:
        rows.append(("Alcohol", f"{plural(person.drinks_per_day, 'drink')} a day"))
    return tuple(rows)


def supplement_lines(
    session: Session, person_id: int, start: date, end: date
) -> tuple[SupplementLine, ...]:
    """What the person actually took: dose, how often, at what time of day."""
    from magcoach.store import service

    products = {p.name: p for p in service.supplement_products(session, person_id)}
    intakes: dict[str, list[Any]] = defaultdict(list)
    for item in service.supplement_intakes(session, person_id, start, end):
        intakes[item.product_name].append(item)
    lines = []
    for name, items in sorted(intakes.items()):
        product = products.get(name)
        per_day = Counter(i.taken_at.date() for i in items)
        hours = Counter(f"{i.taken_at:%H}:00" for i in items)
        usual = [h for h, _ in hours.most_common(3)]
        days_taken = len(per_day)
        first = min(per_day)
        span = (end - first).days + 1
        lines.append(
            SupplementLine(
                name=name,
                form=product.form_id if product else None,
                elemental_mg_per_dose=median(i.elemental_mg for i in items),
                doses_per_day=round(len(items) / days_taken, 1),
                timing="usually around " + " and ".join(sorted(usual)),
                notes=f"Taken on {days_taken} of {span} days since the first dose in this period.",
                started=first,
                sources=("ods-magnesium",),
            )
        )
    return tuple(lines)


def food_summary(days: Sequence[Any]) -> FoodDiarySummary | None:
    """Summarise `DaySummary` values from the store: contributors, unknown entries."""
    logged = [d for d in days if d.food_entries]
    if not logged:
        return None
    totals: dict[str, float] = defaultdict(float)
    for d in logged:
        for c in d.contributors:
            totals[c.food] += c.magnesium_mg
    food_total = sum(totals.values())
    contributors = tuple(
        FoodContributor(food, mg / len(logged), mg / food_total if food_total else 0.0)
        for food, mg in sorted(totals.items(), key=lambda kv: kv[1], reverse=True)[:8]
    )
    energies = [d.energy_kcal for d in logged if d.energy_kcal]
    return FoodDiarySummary(
        days_with_food=len(logged),
        entries=sum(d.food_entries for d in logged),
        unknown_entries=sum(len(d.unknown_entries) for d in logged),
        mean_food_mg=sum(d.food_mg for d in logged) / len(logged),
        mean_energy_kcal=sum(energies) / len(energies) if energies else None,
        contributors=contributors,
    )


def plan_summary(plan: Any) -> PlanSummary:
    """The report's view of a `magcoach.plan.Plan`: decision, supplement dose and timing."""
    from magcoach.plan import DECISION_TITLES
    from magcoach.planner import FoodPlan
    from magcoach.supplements import HardStop, SupplementAdvice

    supplement = None
    schedule: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    s = plan.supplement
    if isinstance(s, SupplementAdvice):
        supplement = (
            f"{s.form.name}: {s.elemental_mg_per_day:.0f} mg of elemental magnesium a day"
            + (
                f" (upper limit for supplements {s.upper_limit_mg:.0f} mg)"
                if s.upper_limit_mg is not None
                else ""
            )
            + (
                "; talk to your clinician before starting, because "
                + "; ".join(s.clinician_reasons)
                if s.clinician_required and s.clinician_reasons
                else ""
            )
        )
        schedule = tuple(
            f"{e.time} — {e.what}" + (f" ({e.note})" if e.note else "") for e in s.schedule
        )
        warnings = tuple(s.warnings)
    elif isinstance(s, HardStop):
        supplement = f"No supplement: {s.message}"
    foods: tuple[str, ...] = ()
    if isinstance(plan.food_plan, FoodPlan):
        foods = tuple(
            f"{f'{i.servings} × ' if i.servings > 1 else ''}{i.food}: {i.magnesium_mg:.0f} mg"
            for i in plan.food_plan.items
        )
    return PlanSummary(
        decision=str(plan.decision),
        title=DECISION_TITLES.get(plan.decision, str(plan.decision)),
        why=tuple(plan.decision_why),
        supplement=supplement,
        schedule=schedule,
        warnings=warnings,
        foods=foods,
        notes=tuple(plan.notes),
    )


def screening_summary(person: Person, answers: Any = None, *, source: str = "") -> ScreeningSummary:
    """Run the screening on the stored profile (and the answers, when given)."""
    from magcoach.reference import red_flags
    from magcoach.screening import assess

    result = assess(person, answers)
    asked = answers is not None
    watch: tuple[str, ...] = ()
    if not asked:
        watch = tuple(f.text for f in red_flags().values() if str(f.urgency) == "emergency")
    return ScreeningSummary(
        risk_level=str(result.level),
        summary=(f"Answers from {source}. " if source else "") + result.next_step,
        reasons=tuple(result.reasons),
        red_flags=tuple(
            RedFlag(text=f.text, urgency=str(f.urgency), action=f.instruction)
            for f in result.red_flags.findings
        ),
        serum=result.serum.text if result.serum is not None else None,
        sources=tuple(result.evidence),
        red_flags_asked=asked,
        watch_for=watch,
    )


def evidence_items(ids: Sequence[str]) -> tuple[EvidenceItem, ...]:
    from magcoach.reference import evidence

    table = evidence()
    out = []
    for key in ids:
        item = table.get(key)
        if item is None:
            continue
        out.append(
            EvidenceItem(
                id=item.id,
                citation=item.citation,
                year=item.year,
                kind=str(item.kind),
                finding=item.finding,
                strength=str(item.strength),
                url=item.url,
            )
        )
    return tuple(out)


def trial_summary(session: Session, person_id: int, *, today: date) -> TrialSummary | None:
    """The person's latest magnesium trial that has started by `today`, analysed."""
    from magcoach.store.trials import latest_trial

    trial = latest_trial(session, person_id)
    if trial is None or trial.design.start > today:
        return None
    from magcoach.app.trial import analyse_stored

    result, pain = analyse_stored(session, person_id, trial, today)
    return TrialSummary(
        design=trial.design,
        result=result,
        pain_days=tuple(pain),
        stopped_on=trial.stopped_on,
        stop_reason=trial.stop_reason,
    )


def gather_report(
    session: Session,
    name: str | None,
    start: date | None,
    end: date,
    *,
    today: date,
    lag_days: int = 7,
    plan: Any = None,
    plan_note: str = "",
    screening: ScreeningSummary | None = None,
    answers: Any = None,
) -> ReportData:
    """Everything the report shows for one person and period.

    The screening uses `answers` when given, else the person's latest stored screening
    (`magcoach screen`); with neither, the report says the red-flag questions were not
    answered. `plan` (from `magcoach.services.plan_for_person`) adds the suggested plan with
    the supplement dose and timing; without it, `plan_note` says why.
    """
    from magcoach.store import service

    diary = load_diary(session, name, start, end, today=today)
    requirement, req = requirement_summary(diary.person)
    days = service.daily_series(session, diary.person_id, diary.start, diary.end, req)
    result: DidItHelp | None = None
    note = ""
    if diary.supplement_dates:
        change, label = default_change(session, diary.person_id, end)
        result = analyse(diary, change, label, today=min(today, end), lag_days=lag_days)
    else:
        note = "No supplement taken in this period, so there is no before/after to compare."
    if screening is None:
        source = ""
        if answers is None:
            stored = service.latest_screening(session, diary.person_id)
            if stored is not None:
                answers = stored.answers
                source = (
                    f"the screening of {stored.taken_at.date().isoformat()} ({stored.entry_id})"
                )
        screening = screening_summary(diary.person, answers, source=source)
    advice = tuple(f"{i.topic}: {i.advice}" for i in plan.lifestyle) if plan is not None else ()
    data = ReportData(
        person_name=diary.person.name,
        period_start=diary.start,
        period_end=diary.end,
        generated_on=today,
        person_rows=person_rows(diary.person),
        requirement=requirement,
        screening=screening,
        intake_days=diary.intake_days,
        pain_days=diary.pain_days,
        events=diary.events,
        supplements=supplement_lines(session, diary.person_id, diary.start, diary.end),
        supplement_dates=diary.all_supplement_dates(),
        did_it_help=result,
        did_it_help_note=note,
        food=food_summary(days),
        advice=advice,
        plan=plan_summary(plan) if plan is not None else None,
        plan_note=plan_note,
        trial=trial_summary(session, diary.person_id, today=min(today, end)),
    )
    ids = list(data.cited_ids())
    for key in ("ostelo2008", "farrar2001"):
        if key not in ids:
            ids.append(key)
    if plan is not None:
        ids.extend(e.id for e in plan.evidence if e.id not in ids)
    from dataclasses import replace

    return replace(data, evidence=evidence_items(ids), intake_days=diary.intake_days)


__all__ = [
    "Diary",
    "analyse",
    "default_change",
    "evidence_items",
    "gather_report",
    "load_diary",
    "supplement_change_date",
]
