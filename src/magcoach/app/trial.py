"""Your own magnesium trial as use cases: plan it (safety first), see where today falls, record
a dose, stop early, get the result and the calendar. Each takes a context and a typed request
and returns a typed view (what `--json` prints and a page will render).

Safety comes from the existing checks, never re-made here: the stored screening's red flags
(`screening.assess`), and the supplement advice of the plan (`supplements.advise`), whose hard
stops cover eGFR below 30, kidney failure, heart block, myasthenia gravis, pregnancy above
the RDA and signs of too much magnesium; its medicine rules time the dose around interacting
medicines and flag those that need a clinician.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from pydantic import BaseModel, ConfigDict

from magcoach.app.trial_views import (
    DoseView,
    PeriodView,
    TrialDayView,
    TrialDefaultView,
    TrialDesignView,
    TrialFormView,
    TrialPlanView,
    TrialResultView,
    TrialStatusView,
    _day_view,
    _design_view,
)
from magcoach.errors import InvalidInput
from magcoach.outcomes import PainDay
from magcoach.trial import (
    DEFAULT_PAIRS,
    DEFAULT_PERIOD_DAYS,
    DEFAULT_WASHIN_DAYS,
    TRIAL_SOURCES,
    Arm,
    TrialNotSafe,
    TrialResult,
    analyse_trial,
    design_trial,
    detection_note,
    estimate_noise,
    trial_calendar,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from magcoach.person import Person
    from magcoach.requirements import Requirements
    from magcoach.services import ScreeningInput
    from magcoach.store.trials import StoredTrial
    from magcoach.supplements import HardStop, MedicineRule, SupplementAdvice

#: Used when the diary shows no gap to close: the most magnesium that stays within the EU
#: upper limit for supplements, and the amount BfR found free of diarrhoea [scf2001, bfr2017].
TRIAL_DOSE_WITHOUT_GAP_MG = 250.0
NOISE_LOOKBACK_DAYS = 60


class _Clock(Protocol):
    def today(self) -> date: ...

    def now(self) -> datetime: ...


class TrialContext(Protocol):
    """What these use cases need; `magcoach.app.context.Context` has this shape."""

    @property
    def clock(self) -> _Clock: ...

    def diary(self, person: str | None) -> AbstractContextManager[tuple[Session, int, Person]]: ...


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------- requests


class PlanTrialRequest(_Request):
    person: str | None = None
    start: date | None = None  # default: tomorrow
    pairs: int = DEFAULT_PAIRS
    period_days: int = DEFAULT_PERIOD_DAYS
    washin_days: int = DEFAULT_WASHIN_DAYS
    seed: int | None = None  # default: drawn at random, then recorded
    dose_mg: float | None = None  # default: the plan's dose
    placebo: bool = False  # a pharmacist supplies look-alike placebo for the B periods
    with_clinician: bool = False  # the person's clinician agreed (for clinician-only cases)
    save: bool = True


class DoseRequest(_Request):
    person: str | None = None
    day: date | None = None  # default: today
    taken: bool = True


class StopRequest(_Request):
    person: str | None = None
    reason: str
    day: date | None = None  # default: today


# --------------------------------------------------------------------------- safety


def safety_check(
    person: Person,
    screening: ScreeningInput,
    *,
    intake_mg: float | None,
    dose_mg: float | None,
    with_clinician: bool,
) -> tuple[SupplementAdvice, str]:
    """The plan's supplement advice for the trial (dose, form, times), or TrialNotSafe with
    every reason. Red flags, hard stops and too-much signs always refuse; cases the plan
    sends to a clinician (interacting medicines, reduced kidney function, pregnancy, ...)
    refuse unless the person says their clinician agreed."""
    from magcoach.reference import match_medicines, supplement_forms
    from magcoach.requirements import requirements
    from magcoach.services import excess_sign_texts
    from magcoach.supplements import advise, medicine_rules

    _refuse_on_red_flags(person, screening)
    need = requirements(person)
    gap, why = _trial_dose(need, intake_mg, dose_mg)
    rules = medicine_rules(match_medicines(person.medicines, allow_unknown=True))
    advice = advise(
        person,
        gap,
        need,
        supplement_forms().values(),
        intake_mg=intake_mg,
        medicine_rules=rules,
        excess_signs=excess_sign_texts(screening.excess_signs),
    )
    return _refuse_unless_safe(advice, rules, with_clinician=with_clinician), why


def _refuse_on_red_flags(person: Person, screening: ScreeningInput) -> None:
    """No trial before the screening is answered, nor with urgent red flags."""
    from magcoach.screening import assess

    if not screening.answered:
        raise TrialNotSafe(
            [
                "You have not answered the screening yet, so magcoach does not know whether "
                "you have warning signs (red flags) that need a doctor first."
            ],
            hint="Answer the screening questions (about two minutes), then plan the trial again.",
            field="screening",
        )
    found = assess(person, screening.answers).red_flags
    if str(found.urgency) in {"urgent", "emergency"}:
        raise TrialNotSafe(
            [f"{f.text}: {f.instruction}" for f in found.findings]
            or ["Your screening has a red flag."],
            hint="Back pain with these signs needs a doctor before any self-care or trial.",
        )


def _trial_dose(
    need: Requirements, intake_mg: float | None, dose_mg: float | None
) -> tuple[float, str]:
    """The daily amount the trial's supplement is sized for, and why: the person's chosen
    dose (checked against the upper limit), else the plan's shortfall, else the default."""
    upper = need.supplemental_ul_mg
    if dose_mg is not None:
        if upper is not None and dose_mg > upper:
            raise InvalidInput(
                f"A dose of {dose_mg:g} mg is above the {upper:g} mg upper limit for supplements.",
                hint="A dose above the upper limit is only for a clinician to direct.",
            )
        if not dose_mg > 0:
            raise InvalidInput(f"The dose must be above 0 mg, not {dose_mg:g}.", field="dose_mg")
        return dose_mg, f"{dose_mg:g} mg a day, the dose you chose"
    if intake_mg is not None and need.rda_mg - intake_mg >= 1:
        gap = need.rda_mg - intake_mg
        return gap, (
            f"sized as the plan sizes a supplement: your food gives about {intake_mg:.0f} mg "
            f"a day, {gap:.0f} mg short of the {need.rda_mg:.0f} mg you need"
        )
    why = (
        "your diary shows no shortfall to close"
        if intake_mg is not None
        else "your diary has no recent food days to work out a shortfall"
    ) + (
        f", so the trial uses {TRIAL_DOSE_WITHOUT_GAP_MG:.0f} mg a day (within the upper "
        "limit, and an amount BfR found free of diarrhoea)"
    )
    return TRIAL_DOSE_WITHOUT_GAP_MG, why


def _refuse_unless_safe(
    advice: SupplementAdvice | HardStop, rules: Sequence[MedicineRule], *, with_clinician: bool
) -> SupplementAdvice:
    """Hard stops always refuse; clinician-only cases refuse unless the clinician agreed."""
    from magcoach.supplements import HardStop

    if isinstance(advice, HardStop):
        cautions = [f"{r.caution[0].upper()}{r.caution[1:]}." for r in rules if r.caution]
        raise TrialNotSafe([r.reason for r in advice.reasons] + cautions)
    if advice.clinician_required and not with_clinician:
        raise TrialNotSafe(
            [f"{r[0].upper()}{r[1:]}." for r in advice.clinician_reasons],
            hint="These need your clinician's agreement first. If they agreed to the trial, "
            "plan it again saying so.",
            field="with_clinician",
        )
    return advice


DESIGN_WHY = (
    "Periods on and off magnesium in pairs, each pair in a random order: pain that changes "
    "for other reasons (season, activity, a bad spell) then falls on both kinds of period "
    "alike [kravitz2014-nof1].",
    "Several pairs rather than one before-and-after: each pair is a fresh comparison, and "
    "together they separate magnesium from a slow drift in pain.",
    "The first days of each period are left out of the comparison (wash-in): magnesium needs "
    "a few days to act and to wear off.",
    "Rate your pain once a day, at the same time, every day of the trial, and record each "
    "dose as taken (or missed).",
)


def _recent_pain(session: Session, person_id: int, today: date) -> list[PainDay]:
    from magcoach.store import service

    start = today - timedelta(days=NOISE_LOOKBACK_DAYS)
    pain = service.daily_pain(session, person_id, start, today)
    return [PainDay(day, value) for day, value in sorted(pain.items())]


# --------------------------------------------------------------------------- use cases


def plan_form(ctx: TrialContext) -> TrialFormView:
    """The trial's adjustable choices with their defaults, bounds and reasons."""
    from magcoach.trial import MIN_ANALYSED_DAYS_PER_PERIOD, PAIRS_RANGE, PERIOD_DAYS_RANGE

    return TrialFormView(
        choices=[
            TrialDefaultView(
                name="pairs",
                label="Pairs of periods (one on, one off magnesium)",
                default=DEFAULT_PAIRS,
                low=PAIRS_RANGE[0],
                high=PAIRS_RANGE[1],
                why="Fewer than 2 pairs cannot tell magnesium from a slow change in pain; "
                "3 pairs (12 weeks) is what the n-of-1 guide suggests, more than 6 few finish.",
            ),
            TrialDefaultView(
                name="period_days",
                label="Days in each period",
                default=DEFAULT_PERIOD_DAYS,
                low=PERIOD_DAYS_RANGE[0],
                high=PERIOD_DAYS_RANGE[1],
                why="Two weeks leaves enough days to compare once the wash-in is left out; "
                "much longer periods let pain drift for other reasons.",
            ),
            TrialDefaultView(
                name="washin_days",
                label="Wash-in days at the start of each period (not compared)",
                default=DEFAULT_WASHIN_DAYS,
                low=0,
                high=DEFAULT_PERIOD_DAYS - MIN_ANALYSED_DAYS_PER_PERIOD,
                why="Magnesium needs a few days to act and to wear off, so the first days of "
                f"each period are left out; each period keeps at least "
                f"{MIN_ANALYSED_DAYS_PER_PERIOD} days to compare.",
            ),
        ],
        start=ctx.clock.today() + timedelta(days=1),
        why=list(DESIGN_WHY),
        sources=list(TRIAL_SOURCES),
    )


def plan(ctx: TrialContext, request: PlanTrialRequest) -> TrialPlanView:
    """Design the trial (safety first) and, unless `save` is False, save it."""
    from magcoach.errors import MagcoachError
    from magcoach.services import diary_intake, stored_screening_input
    from magcoach.store import trials as store

    today = ctx.clock.today()
    start = request.start or today + timedelta(days=1)
    if start < today:
        raise InvalidInput(
            f"The trial cannot start in the past ({start}).",
            hint="Start today or on a later day.",
            field="trial_start",
        )
    with ctx.diary(request.person) as (session, person_id, person):
        screening = stored_screening_input(session, person_id)
        try:
            intake: float | None = diary_intake(session, person_id, days=14, today=today)[0]
        except MagcoachError:
            intake = None
        advice, dose_why = safety_check(
            person,
            screening,
            intake_mg=intake,
            dose_mg=request.dose_mg,
            with_clinician=request.with_clinician,
        )
        design = design_trial(
            start,
            request.seed if request.seed is not None else secrets.randbelow(10**9),
            dose_mg=advice.elemental_mg_per_day,
            dose_times=[d.time for d in advice.doses],
            form=advice.form.name,
            pairs=request.pairs,
            period_days=request.period_days,
            washin_days=request.washin_days,
            placebo=request.placebo,
        )
        noise = estimate_noise(_recent_pain(session, person_id, today))
        notes = _already_taking(session, person_id, today)
        stored = (
            store.save_trial(session, person_id, design, today=today, now=ctx.clock.now())
            if request.save
            else None
        )
    return TrialPlanView(
        person=person.name,
        saved=stored is not None,
        design=_design_view(design, stored),
        dose_why=dose_why,
        schedule=[
            f"{e.time} {e.what}" + (f" ({e.note})" if e.note else "") for e in advice.schedule
        ],
        warnings=list(advice.warnings),
        clinician_reasons=list(advice.clinician_reasons),
        why=list(DESIGN_WHY),
        notes=notes,
        detection=detection_note(design, noise),
        sources=list(TRIAL_SOURCES),
    )


def _already_taking(session: Session, person_id: int, today: date) -> list[str]:
    """A magnesium supplement already in the diary must pause in the no-magnesium periods,
    and must not be taken on top of the trial dose."""
    from magcoach.store import service

    products = sorted(
        {item.product_name for item in service.supplement_intakes(
            session, person_id, today - timedelta(days=14), today)}
    )  # fmt: skip
    if not products:
        return []
    return [
        f"You logged {', '.join(products)} in the last two weeks. During the trial take only "
        "the trial dose on magnesium days and no magnesium product at all on no-magnesium "
        "days; otherwise the periods cannot be compared and the dose may add up."
    ]


def _taken(session: Session, person_id: int, trial: StoredTrial) -> dict[date, bool]:
    """Recorded trial doses, plus diary supplement days (counted as taken)."""
    from magcoach.store import service
    from magcoach.store import trials as store

    design = trial.design
    logged = {
        item.taken_at.date()
        for item in service.supplement_intakes(session, person_id, design.start, design.end)
    }
    return store.merged_doses(store.doses(session, trial), logged)


def status(ctx: TrialContext, person: str | None = None) -> TrialStatusView:
    """The person's latest trial: its schedule and where today falls."""
    from magcoach.store import trials as store

    today = ctx.clock.today()
    with ctx.diary(person) as (session, person_id, who):
        trial = store.current_trial(session, person_id)
        taken = _taken(session, person_id, trial)
    design = trial.design
    if trial.stopped_on is not None:
        state = "stopped early"
    elif today < design.start:
        state = "not started"
    elif today > design.end:
        state = "finished"
    else:
        state = "running"
    return TrialStatusView(
        person=who.name,
        status=state,
        design=_design_view(design, trial),
        today=_day_view(design, today, today, taken.get(today))
        if trial.stopped_on is None
        else None,
        doses_taken=sum(1 for v in taken.values() if v),
        doses_skipped=sum(1 for v in taken.values() if not v),
    )


def day_line(session: Session, person_id: int, on: date, today: date) -> TrialDayView | None:
    """Where `on` falls in the person's open trial ("magnesium day 5 of 14"), or None."""
    from magcoach.store import trials as store

    trial = store.latest_trial(session, person_id)
    if trial is None or (trial.stopped_on is not None and on > trial.stopped_on):
        return None
    return _day_view(trial.design, on, today, store.doses(session, trial).get(on))


def record_dose(ctx: TrialContext, request: DoseRequest) -> DoseView:
    """Record whether the trial magnesium was taken on a day."""
    from magcoach.store import trials as store

    today = ctx.clock.today()
    on = request.day or today
    if on > today:
        raise InvalidInput(f"{on} is in the future; record a dose on the day or after it.")
    with ctx.diary(request.person) as (session, person_id, who):
        trial = store.current_trial(session, person_id)
        store.record_dose(session, trial, on, request.taken, now=ctx.clock.now())
    day = _day_view(trial.design, on, today, request.taken)
    assert day is not None  # record_dose refused days outside the trial
    if day.arm == Arm.NO_MAGNESIUM.value and request.taken:
        note = (
            "Recorded, but this is a no-magnesium day: take none until the next magnesium "
            "period. The per-adherence result leaves this day out."
        )
    elif day.arm == Arm.MAGNESIUM.value and not request.taken:
        note = "Recorded as missed. Carry on tomorrow as scheduled; do not double the dose."
    else:
        note = "Recorded."
    return DoseView(person=who.name, day=day, taken=request.taken, note=note)


def stop(ctx: TrialContext, request: StopRequest) -> TrialStatusView:
    """Stop the trial early, with the person's reason."""
    from magcoach.store import trials as store

    today = ctx.clock.today()
    with ctx.diary(request.person) as (session, person_id, _who):
        trial = store.current_trial(session, person_id)
        store.stop_trial(
            session, person_id, trial, request.day or today, request.reason, now=ctx.clock.now()
        )
    return status(ctx, request.person)


def analyse_stored(
    session: Session, person_id: int, trial: StoredTrial, today: date
) -> tuple[TrialResult, list[PainDay]]:
    """A stored trial analysed with the diary's pain and doses (for the result and the
    report), with the stop reason among its limits."""
    from dataclasses import replace

    from magcoach.store import service

    design = trial.design
    pain = service.daily_pain(session, person_id, design.start, design.end)
    pain_days = [PainDay(day, value) for day, value in sorted(pain.items())]
    analysis = analyse_trial(
        design,
        pain_days,
        _taken(session, person_id, trial),
        today=today,
        stopped_on=trial.stopped_on,
    )
    if trial.stop_reason:
        analysis = replace(
            analysis,
            limits=(f"Stopped on {trial.stopped_on}: {trial.stop_reason}", *analysis.limits),
        )
    return analysis, pain_days


def result(ctx: TrialContext, person: str | None = None) -> TrialResultView:
    """The trial's analysis so far (see `magcoach.trial`)."""
    from magcoach.store import trials as store

    with ctx.diary(person) as (session, person_id, who):
        trial = store.current_trial(session, person_id)
        analysis, pain_days = analyse_stored(session, person_id, trial, ctx.clock.today())
    return TrialResultView(
        person=who.name, design=_design_view(trial.design, trial), result=analysis, pain=pain_days
    )


def calendar(ctx: TrialContext, person: str | None = None) -> str:
    """The trial's schedule as an iCalendar (.ics) file's text."""
    from magcoach.store import trials as store

    with ctx.diary(person) as (session, person_id, _who):
        trial = store.current_trial(session, person_id)
    return trial_calendar(
        trial.design, uid=f"trial-{trial.id}-{trial.design.seed}", stamp=trial.created_at.date()
    )


__all__ = [
    "DoseRequest",
    "DoseView",
    "PeriodView",
    "PlanTrialRequest",
    "StopRequest",
    "TrialContext",
    "TrialDayView",
    "TrialDefaultView",
    "TrialDesignView",
    "TrialFormView",
    "TrialPlanView",
    "TrialResultView",
    "TrialStatusView",
    "calendar",
    "day_line",
    "plan",
    "plan_form",
    "record_dose",
    "result",
    "safety_check",
    "status",
    "stop",
]
