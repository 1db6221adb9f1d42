"""The daily picture from the stored entries: days against the requirement, recent
averages, the diary's span."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from magcoach.errors import InvalidInput
from magcoach.intake import (
    DaySummary,
    FoodItem,
    SupplementItem,
    day_summary,
)
from magcoach.requirements import Requirements

if TYPE_CHECKING:
    pass
from magcoach.store.base import ENTRY_KINDS, live
from magcoach.store.food import food_entries, food_item
from magcoach.store.people import get_person_by_id, requirement_for
from magcoach.store.supplements import supplement_intakes

# ---------------------------------------------------------------- the daily picture


def daily_series(
    session: Session,
    person_id: int,
    start: date,
    end: date,
    requirement: Requirements | None = None,
) -> list[DaySummary]:
    """One DaySummary per day from `start` to `end` inclusive (days with nothing included)."""
    if end < start:
        raise InvalidInput(f"The end date {end} is before the start date {start}.")
    if requirement is None:
        _, person = get_person_by_id(session, person_id, today=end)
        requirement = requirement_for(person)
    foods: dict[date, list[FoodItem]] = defaultdict(list)
    for row in food_entries(session, person_id, start, end):
        foods[row.eaten_at.date()].append(food_item(row))
    supps: dict[date, list[SupplementItem]] = defaultdict(list)
    for item in supplement_intakes(session, person_id, start, end):
        supps[item.taken_at.date()].append(item)
    out = []
    day = start
    while day <= end:
        out.append(day_summary(day, foods.get(day, []), supps.get(day, []), requirement))
        day += timedelta(days=1)
    return out


def daily_intake(
    session: Session, person_id: int, day: date, requirement: Requirements | None = None
) -> DaySummary:
    """One day's picture. On a day with supplements it also carries the person's standing
    safety warnings (kidneys, heart block, interacting medicines...), so nobody taking
    magnesium misses them because they never ran `magcoach plan`."""
    from dataclasses import replace

    from magcoach.reference import match_medicines
    from magcoach.supplements import medicine_rules, self_supplement_warnings

    summary = daily_series(session, person_id, day, day, requirement)[0]
    if summary.supplement_mg <= 0:
        return summary
    _, person = get_person_by_id(session, person_id, today=day)
    rules = medicine_rules(match_medicines(person.medicines, allow_unknown=True))
    safety = self_supplement_warnings(person, rules)
    return replace(summary, warnings=(*summary.warnings, *safety))


@dataclass(frozen=True)
class RecentIntake:
    """Average magnesium a day over the logged days of a recent window, food and supplements
    apart: the plan works from food and treats supplements separately."""

    food_mg: float
    supplement_mg: float
    days_logged: int

    @property
    def total_mg(self) -> float:
        return self.food_mg + self.supplement_mg


def recent_average_intake(
    session: Session, person_id: int, days: int, today: date
) -> RecentIntake | None:
    """Average magnesium (mg/day) over the logged days among the last `days` days up to
    `today`; None when nothing is logged. A food whose magnesium is unknown adds nothing, so
    the average is a floor where coverage is incomplete."""
    start = today - timedelta(days=days - 1)
    food = 0.0
    supplements = 0.0
    logged: set[date] = set()
    for row in food_entries(session, person_id, start, today):
        logged.add(row.eaten_at.date())
        food += float((row.nutrients or {}).get("magnesium_mg") or 0.0)
    for item in supplement_intakes(session, person_id, start, today):
        logged.add(item.taken_at.date())
        supplements += item.elemental_mg
    if not logged:
        return None
    return RecentIntake(food / len(logged), supplements / len(logged), len(logged))


def diary_span(session: Session, person_id: int) -> tuple[date, date] | None:
    """The first and last day with an entry of any kind (deleted ones do not count); None for
    an empty diary."""
    lows: list[date] = []
    highs: list[date] = []
    for _kind, model, column in ENTRY_KINDS.values():
        col = getattr(model, column)
        lo, hi = session.execute(
            select(func.min(col), func.max(col)).where(*live(model, person_id))
        ).one()
        if lo is not None:
            lows.append(lo.date() if isinstance(lo, datetime) else lo)
            highs.append(hi.date() if isinstance(hi, datetime) else hi)
    return (min(lows), max(highs)) if lows else None
