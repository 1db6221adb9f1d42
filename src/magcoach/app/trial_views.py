"""What the trial's use cases return (`magcoach.app.trial`): typed views that `--json` prints
and the pages render, and how a core design or day becomes one."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from magcoach.outcomes import PainDay
from magcoach.trial import Arm, TrialDesign, TrialResult

if TYPE_CHECKING:
    from magcoach.store.trials import StoredTrial


class _View(BaseModel):
    model_config = ConfigDict(frozen=True)


class PeriodView(_View):
    number: int
    pair: int
    arm: str  # "A" magnesium, "B" no magnesium
    what: str  # "magnesium" / "no magnesium"
    start: date
    end: date
    analysed_from: date


class TrialDayView(_View):
    date: date
    arm: str
    what: str
    day_of_period: int
    period_days: int
    period: int
    periods: int
    analysed: bool
    line: str  # "today: magnesium day 5 of 14 (period 3 of 6) - take 250 mg at 13:00"
    dose_recorded: bool | None  # True taken, False skipped, None nothing recorded


class TrialDesignView(_View):
    id: int | None
    start: date
    end: date
    pairs: int
    period_days: int
    washin_days: int
    seed: int
    order: str  # "AB BA AB"
    placebo: bool
    dose_mg: float
    dose_times: list[str]
    form: str
    periods: list[PeriodView]
    stopped_on: date | None = None
    stop_reason: str | None = None

    def to_design(self) -> TrialDesign:
        """The core design back from its view (for the chart)."""
        return TrialDesign(
            start=self.start,
            pairs=self.pairs,
            period_days=self.period_days,
            washin_days=self.washin_days,
            seed=self.seed,
            sequence=tuple(Arm(p.arm) for p in self.periods),
            dose_mg=self.dose_mg,
            dose_times=tuple(self.dose_times),
            form=self.form,
            placebo=self.placebo,
        )


class TrialPlanView(_View):
    person: str
    saved: bool
    design: TrialDesignView
    dose_why: str
    schedule: list[str]  # "13:00 magnesium 250 mg (with a meal)"
    warnings: list[str]
    clinician_reasons: list[str]
    why: list[str]  # the design's reasons
    notes: list[str]  # e.g. a magnesium supplement already taken
    detection: str  # "Trials like yours detect a 2-point effect about N% of the time"
    sources: list[str]


class TrialStatusView(_View):
    person: str
    status: str  # "not started", "running", "finished", "stopped early"
    design: TrialDesignView
    today: TrialDayView | None
    doses_taken: int
    doses_skipped: int


class TrialResultView(_View):
    person: str
    design: TrialDesignView
    result: TrialResult
    pain: list[PainDay]  # the trial's daily pain, for the chart


class DoseView(_View):
    person: str
    day: TrialDayView
    taken: bool
    note: str


class TrialDefaultView(_View):
    """One design choice as a form offers it: the default, its bounds and why."""

    name: str  # the request field: "pairs", "period_days", "washin_days"
    label: str
    default: int
    low: int
    high: int
    why: str


class TrialFormView(_View):
    """What planning a trial asks, before anything is chosen (the web form)."""

    choices: list[TrialDefaultView]
    start: date  # the default first day: tomorrow
    why: list[str]  # the design's reasons
    sources: list[str]


def _design_view(design: TrialDesign, stored: StoredTrial | None = None) -> TrialDesignView:
    return TrialDesignView(
        id=stored.id if stored else None,
        start=design.start,
        end=design.end,
        pairs=design.pairs,
        period_days=design.period_days,
        washin_days=design.washin_days,
        seed=design.seed,
        order=design.order,
        placebo=design.placebo,
        dose_mg=design.dose_mg,
        dose_times=list(design.dose_times),
        form=design.form,
        periods=[
            PeriodView(
                number=p.number,
                pair=p.pair,
                arm=p.arm.value,
                what=p.arm.words,
                start=p.start,
                end=p.end,
                analysed_from=p.analysed_from,
            )
            for p in design.periods
        ],
        stopped_on=stored.stopped_on if stored else None,
        stop_reason=stored.stop_reason if stored else None,
    )


def _day_view(
    design: TrialDesign, on: date, today: date, recorded: bool | None
) -> TrialDayView | None:
    where = design.day(on)
    if where is None:
        return None
    label = "today" if on == today else f"{on:%a %d %b}"
    if where.arm is Arm.MAGNESIUM:
        todo = f"take {design.dose_mg:.0f} mg" + (
            f" at {', '.join(design.dose_times)}" if design.dose_times else ""
        )
    else:
        todo = "the placebo, no magnesium" if design.placebo else "no magnesium supplement"
    what = "magnesium" if where.arm is Arm.MAGNESIUM else "no-magnesium"
    return TrialDayView(
        date=on,
        arm=where.arm.value,
        what=where.arm.words,
        day_of_period=where.day_of_period,
        period_days=design.period_days,
        period=where.period.number,
        periods=where.periods,
        analysed=where.analysed,
        line=(
            f"{label}: {what} day {where.day_of_period} of {design.period_days} "
            f"(trial period {where.period.number} of {where.periods}) - {todo}"
        ),
        dose_recorded=recorded,
    )
