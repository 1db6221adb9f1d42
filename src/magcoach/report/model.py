"""What a report shows: plain typed values, filled by `report.gather` from the diary (or by
hand in tests), rendered by `report.render`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from magcoach.outcomes import DidItHelp, Event, IntakeDay, PainDay
from magcoach.trial import TrialDesign, TrialResult


@dataclass(frozen=True)
class RequirementSummary:
    """The person's magnesium requirement (mg/day) and where it comes from."""

    rda_mg: float | None
    ear_mg: float | None = None
    supplemental_ul_mg: float | None = None
    basis: str = ""
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class RedFlag:
    text: str
    urgency: str  # e.g. "emergency, same day", "urgent", "see your clinician"
    action: str = ""


@dataclass(frozen=True)
class ScreeningSummary:
    risk_level: str  # e.g. "low", "moderate", "high" (wording from the screening module)
    summary: str
    reasons: tuple[str, ...] = ()
    red_flags: tuple[RedFlag, ...] = ()
    serum: str | None = None  # e.g. "0.72 mmol/L on 2026-05-02 (below 0.75)"
    sources: tuple[str, ...] = ()
    red_flags_asked: bool = True  # False: nobody answered the red-flag questions
    watch_for: tuple[str, ...] = ()  # red-flag signs to look out for (when not asked)


@dataclass(frozen=True)
class SupplementLine:
    name: str
    form: str | None = None
    elemental_mg_per_dose: float | None = None
    doses_per_day: float | None = None
    timing: str = ""
    notes: str = ""
    started: date | None = None
    sources: tuple[str, ...] = ()

    @property
    def elemental_mg_per_day(self) -> float | None:
        if self.elemental_mg_per_dose is None or self.doses_per_day is None:
            return None
        return self.elemental_mg_per_dose * self.doses_per_day


@dataclass(frozen=True)
class FoodContributor:
    food: str
    mg_per_day: float
    share: float  # of magnesium from food, 0-1


@dataclass(frozen=True)
class FoodDiarySummary:
    days_with_food: int
    entries: int
    unknown_entries: int  # entries whose magnesium content is not known (not counted as 0)
    mean_food_mg: float | None
    mean_energy_kcal: float | None = None
    contributors: tuple[FoodContributor, ...] = ()


@dataclass(frozen=True)
class EvidenceItem:
    id: str
    citation: str
    year: int | None = None
    kind: str = ""
    finding: str = ""
    strength: str = ""
    url: str = ""


@dataclass(frozen=True)
class PlanSummary:
    """The suggested plan (from `magcoach.plan`): the decision, and the supplement dose and
    timing when one is suggested."""

    decision: str  # e.g. "see_doctor_now", "diet_first"
    title: str  # e.g. "See a doctor now"
    why: tuple[str, ...] = ()
    supplement: str | None = None  # "Magnesium glycinate, 150 mg elemental magnesium a day"
    schedule: tuple[str, ...] = ()  # "13:00 — magnesium 150 mg (with a meal)"
    warnings: tuple[str, ...] = ()
    foods: tuple[str, ...] = ()  # "1 cup cooked Swiss chard: 150 mg"
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class TrialSummary:
    """The person's latest magnesium trial (`magcoach trial`): its design, daily pain and
    analysis."""

    design: TrialDesign
    result: TrialResult
    pain_days: tuple[PainDay, ...]
    stopped_on: date | None = None
    stop_reason: str | None = None


@dataclass(frozen=True)
class ReportData:
    person_name: str
    period_start: date
    period_end: date
    generated_on: date
    person_rows: tuple[tuple[str, str], ...] = ()
    requirement: RequirementSummary | None = None
    screening: ScreeningSummary | None = None
    intake_days: tuple[IntakeDay, ...] = ()
    pain_days: tuple[PainDay, ...] = ()
    events: tuple[Event, ...] = ()
    supplements: tuple[SupplementLine, ...] = ()
    supplement_dates: tuple[date, ...] = ()
    did_it_help: DidItHelp | None = None
    did_it_help_note: str = ""  # why there is no result, when there is none
    food: FoodDiarySummary | None = None
    advice: tuple[str, ...] = ()  # the plan's lifestyle points, one line each
    plan: PlanSummary | None = None
    plan_note: str = ""  # why there is no suggested plan, when there is none
    evidence: tuple[EvidenceItem, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)
    trial: TrialSummary | None = None

    def cited_ids(self) -> tuple[str, ...]:
        """Evidence ids the report's sections cite, in first-cited order."""
        ids: list[str] = []
        groups: list[tuple[str, ...]] = []
        if self.requirement:
            groups.append(self.requirement.sources)
        if self.screening:
            groups.append(self.screening.sources)
        groups.extend(s.sources for s in self.supplements)
        if self.did_it_help:
            groups.append(self.did_it_help.sources)
        if self.trial:
            groups.append(self.trial.result.sources)
        for group in groups:
            ids.extend(i for i in group if i not in ids)
        return tuple(ids)
