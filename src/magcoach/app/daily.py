"""The daily picture: one day against the person's requirement, and several days."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from magcoach.app.context import Context
from magcoach.app.trial import TrialDayView
from magcoach.app.views import View, r1
from magcoach.errors import InvalidInput
from magcoach.intake import DaySummary, PeriodSummary

#: Above this many mg/day per week the trend is called rising (below minus it, falling).
TREND_STEADY_MG_PER_WEEK = 5.0
MAX_PERIOD_DAYS = 3660


class ContributorView(View):
    food: str
    magnesium_mg: float
    share_of_food: float
    entries: int


class UnknownEntryView(View):
    id: str | None
    eaten_at: datetime
    text: str
    food: str | None


class SupplementTakenView(View):
    id: str | None
    taken_at: datetime
    product: str
    units: float
    elemental_mg: float


class DayView(View):
    person: str
    date: date
    logged: bool
    food_mg: float
    supplement_mg: float
    total_mg: float
    rda_mg: float
    ear_mg: float | None
    ear_reached: bool | None
    supplemental_ul_mg: float | None
    above_ul: bool
    contributors: list[ContributorView]
    unknown_entries: list[UnknownEntryView]
    warnings: list[str]
    notes: list[str]
    energy_kcal: float | None
    food_entries: int
    coverage: float
    percent_of_rda: float
    supplements: list[SupplementTakenView]
    trial: TrialDayView | None = None  # "magnesium day 5 of 14" while a personal trial runs

    @classmethod
    def of(cls, d: DaySummary, person: str, trial: TrialDayView | None = None) -> DayView:
        ul = d.supplemental_ul_mg
        return cls(
            person=person,
            date=d.date,
            logged=d.logged,
            food_mg=round(d.food_mg, 1),
            supplement_mg=round(d.supplement_mg, 1),
            total_mg=round(d.total_mg, 1),
            rda_mg=d.rda_mg,
            ear_mg=d.ear_mg,
            ear_reached=None if d.ear_mg is None else d.total_mg >= d.ear_mg,
            supplemental_ul_mg=ul,
            above_ul=ul is not None and d.supplement_mg > ul,
            contributors=[
                ContributorView(
                    food=c.food,
                    magnesium_mg=round(c.magnesium_mg, 1),
                    share_of_food=round(c.share_of_food, 3),
                    entries=c.entries,
                )
                for c in d.contributors
            ],
            unknown_entries=[
                UnknownEntryView(id=u.entry_id, eaten_at=u.eaten_at, text=u.text, food=u.food)
                for u in d.unknown_entries
            ],
            warnings=list(d.warnings),
            notes=list(d.notes),
            energy_kcal=None if d.energy_kcal is None else round(d.energy_kcal),
            food_entries=d.food_entries,
            coverage=round(d.coverage, 3),
            percent_of_rda=round(d.percent_of_rda, 1),
            supplements=[
                SupplementTakenView(
                    id=s.entry_id,
                    taken_at=s.taken_at,
                    product=s.product_name,
                    units=s.units,
                    elemental_mg=round(s.elemental_mg, 1),
                )
                for s in d.supplement_intakes
            ],
            trial=trial,
        )


class PeriodDayView(View):
    date: date
    logged: bool
    total_mg: float | None
    food_mg: float | None
    supplement_mg: float | None
    below_ear: bool
    unknown_entries: int
    pain: float | None


class WeekView(View):
    person: str
    start: date
    end: date
    logged_days: int
    average_total_mg: float | None
    average_food_mg: float | None
    average_supplement_mg: float | None
    days_below_ear: int
    days_above_ul: int
    trend_mg_per_week: float | None
    trend: str | None  # "rising", "falling", "steady"; None with too few days
    average_pain: float | None
    rda_mg: float | None
    ear_mg: float | None
    days: list[PeriodDayView]

    @classmethod
    def of(cls, p: PeriodSummary, person: str) -> WeekView:
        return cls(
            person=person,
            start=p.start,
            end=p.end,
            logged_days=p.logged_days,
            average_total_mg=r1(p.average_total_mg),
            average_food_mg=r1(p.average_food_mg),
            average_supplement_mg=r1(p.average_supplement_mg),
            days_below_ear=p.days_below_ear,
            days_above_ul=p.days_above_ul,
            trend_mg_per_week=r1(p.trend_mg_per_week),
            trend=trend_word(p.trend_mg_per_week),
            average_pain=r1(p.average_pain),
            rda_mg=p.days[0].rda_mg if p.days else None,
            ear_mg=p.days[0].ear_mg if p.days else None,
            days=[
                PeriodDayView(
                    date=d.date,
                    logged=d.logged,
                    total_mg=round(d.total_mg, 1) if d.logged else None,
                    food_mg=round(d.food_mg, 1) if d.logged else None,
                    supplement_mg=round(d.supplement_mg, 1) if d.logged else None,
                    below_ear=d.logged and d.below_ear,
                    unknown_entries=len(d.unknown_entries),
                    pain=r1(p.pain_by_day.get(d.date)),
                )
                for d in p.days
            ],
        )


def trend_word(mg_per_week: float | None) -> str | None:
    if mg_per_week is None:
        return None
    if mg_per_week > TREND_STEADY_MG_PER_WEEK:
        return "rising"
    if mg_per_week < -TREND_STEADY_MG_PER_WEEK:
        return "falling"
    return "steady"


def day(ctx: Context, *, person: str | None = None, on: date | None = None) -> DayView:
    """One day's magnesium: food, supplements, total vs RDA/EAR, the upper limit, top foods,
    coverage, and the standing safety warnings on a day with supplements."""
    from magcoach.app.trial import day_line
    from magcoach.store import service

    which = on or ctx.clock.today()
    with ctx.diary(person) as (s, person_id, who):
        summary = service.daily_intake(s, person_id, which, service.requirement_for(who))
        trial = day_line(s, person_id, which, ctx.clock.today())
    return DayView.of(summary, who.name, trial)


def week(
    ctx: Context, *, person: str | None = None, days: int = 7, end: date | None = None
) -> WeekView:
    """Daily magnesium over `days` days up to `end`: averages, days below the EAR, the
    trend, pain alongside."""
    from magcoach.intake import period_summary
    from magcoach.store import service

    if not 1 <= days <= MAX_PERIOD_DAYS:
        raise InvalidInput(f"The number of days must be 1 to {MAX_PERIOD_DAYS}.", field="days")
    last = end or ctx.clock.today()
    first = last - timedelta(days=days - 1)
    with ctx.diary(person) as (s, person_id, who):
        series = service.daily_series(s, person_id, first, last, service.requirement_for(who))
        pain = service.daily_pain(s, person_id, first, last)
    return WeekView.of(period_summary(series, pain), who.name)
