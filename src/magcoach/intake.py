"""Daily magnesium against the requirement: totals, top contributors, honest coverage.

Pure functions: the caller passes the day's food entries, supplement intakes and the person's
requirement; nothing here reads a file, a database or the clock.

Rules that matter to the person:
- An entry whose magnesium is unknown is listed under coverage and never counted as 0: the
  total is then a lower bound, and the summary says so.
- The upper limit (UL) applies to magnesium from supplements and medicines only, never to food
  [iom1997; scf2001]. Above it the warning names the limit and the reasons: diarrhoea, and with
  kidney disease a risk that magnesium builds up to harmful levels [iom1997; ods-magnesium].
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from magcoach.requirements import Requirements

TOP_CONTRIBUTORS = 5


@dataclass(frozen=True)
class FoodItem:
    """One food entry as the day view needs it (nutrients as snapshotted at log time)."""

    eaten_at: datetime
    text: str
    nutrients: Mapping[str, float | None]
    description: str | None = None
    grams: float | None = None
    magnesium_source: str = "usda"
    entry_id: str | None = None

    @property
    def magnesium_mg(self) -> float | None:
        return self.nutrients.get("magnesium_mg")

    @property
    def energy_kcal(self) -> float | None:
        return self.nutrients.get("energy_kcal")


@dataclass(frozen=True)
class SupplementItem:
    taken_at: datetime
    product_name: str
    units: float
    elemental_mg: float
    entry_id: str | None = None


@dataclass(frozen=True)
class Contributor:
    food: str
    magnesium_mg: float
    share_of_food: float  # 0..1 of the day's known food magnesium
    entries: int


@dataclass(frozen=True)
class UnknownEntry:
    entry_id: str | None
    eaten_at: datetime
    text: str
    food: str | None


@dataclass(frozen=True)
class DaySummary:
    date: date
    food_mg: float
    supplement_mg: float
    total_mg: float
    rda_mg: float
    ear_mg: float | None
    supplemental_ul_mg: float | None
    contributors: tuple[Contributor, ...]
    unknown_entries: tuple[UnknownEntry, ...]
    warnings: tuple[str, ...]
    notes: tuple[str, ...]
    energy_kcal: float | None
    food_entries: int
    supplement_intakes: tuple[SupplementItem, ...] = field(default=())

    @property
    def logged(self) -> bool:
        """True when anything at all was recorded for the day."""
        return self.food_entries > 0 or bool(self.supplement_intakes)

    @property
    def percent_of_rda(self) -> float:
        return 100.0 * self.total_mg / self.rda_mg if self.rda_mg else 0.0

    @property
    def below_ear(self) -> bool:
        return self.ear_mg is not None and self.total_mg < self.ear_mg

    @property
    def coverage(self) -> float:
        """Share of food entries whose magnesium is known (1.0 when there are none)."""
        if not self.food_entries:
            return 1.0
        return (self.food_entries - len(self.unknown_entries)) / self.food_entries

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "food_mg": round(self.food_mg, 1),
            "supplement_mg": round(self.supplement_mg, 1),
            "total_mg": round(self.total_mg, 1),
            "rda_mg": self.rda_mg,
            "ear_mg": self.ear_mg,
            "supplemental_ul_mg": self.supplemental_ul_mg,
            "contributors": [
                {
                    "food": c.food,
                    "magnesium_mg": round(c.magnesium_mg, 1),
                    "share_of_food": round(c.share_of_food, 3),
                    "entries": c.entries,
                }
                for c in self.contributors
            ],
            "unknown_entries": [
                {
                    "id": u.entry_id,
                    "eaten_at": u.eaten_at.isoformat(),
                    "text": u.text,
                    "food": u.food,
                }
                for u in self.unknown_entries
            ],
            "warnings": list(self.warnings),
            "notes": list(self.notes),
            "energy_kcal": None if self.energy_kcal is None else round(self.energy_kcal),
            "food_entries": self.food_entries,
            "coverage": round(self.coverage, 3),
            "percent_of_rda": round(self.percent_of_rda, 1),
            "supplements": [
                {
                    "id": s.entry_id,
                    "taken_at": s.taken_at.isoformat(),
                    "product": s.product_name,
                    "units": s.units,
                    "elemental_mg": round(s.elemental_mg, 1),
                }
                for s in self.supplement_intakes
            ],
        }


def ul_warning(supplement_mg: float, ul_mg: float) -> str:
    return (
        f"Supplemental magnesium today is {supplement_mg:.0f} mg, above your upper limit of "
        f"{ul_mg:.0f} mg a day. The limit counts magnesium from supplements and medicines only "
        "(food does not count). Above it, diarrhoea (sometimes with nausea and cramps) becomes "
        "likely, and if your kidneys do not work well magnesium can build up to harmful levels. "
        "Take less, and talk to your clinician before going above the limit - they can check "
        "your kidney function first."
    )


def day_summary(
    day: date,
    food_entries: Iterable[FoodItem],
    supplement_intakes: Iterable[SupplementItem],
    requirement: Requirements,
) -> DaySummary:
    """The day's magnesium picture. Entries outside `day` are ignored."""
    foods = [f for f in food_entries if f.eaten_at.date() == day]
    supps = tuple(
        sorted(
            (s for s in supplement_intakes if s.taken_at.date() == day), key=lambda s: s.taken_at
        )
    )
    known = [f for f in foods if f.magnesium_mg is not None]
    unknown = tuple(
        UnknownEntry(f.entry_id, f.eaten_at, f.text, f.description)
        for f in sorted(foods, key=lambda f: f.eaten_at)
        if f.magnesium_mg is None
    )
    food_mg = sum(f.magnesium_mg or 0.0 for f in known)
    supplement_mg = sum(s.elemental_mg for s in supps)
    total_mg = food_mg + supplement_mg
    energies = [f.energy_kcal for f in foods if f.energy_kcal is not None]
    energy = sum(energies) if energies else None

    by_food: dict[str, tuple[float, int]] = {}
    for f in known:
        name = f.description or f.text
        mg, count = by_food.get(name, (0.0, 0))
        by_food[name] = (mg + (f.magnesium_mg or 0.0), count + 1)
    ranked = sorted(by_food.items(), key=lambda item: (-item[1][0], item[0]))
    contributors = tuple(
        Contributor(name, mg, mg / food_mg if food_mg else 0.0, count)
        for name, (mg, count) in ranked[:TOP_CONTRIBUTORS]
        if mg > 0
    )

    warnings: list[str] = []
    notes: list[str] = []
    ul = requirement.supplemental_ul_mg
    ear = requirement.ear_mg
    if ul is not None and supplement_mg > ul:
        warnings.append(ul_warning(supplement_mg, ul))
    elif ul is None and supplement_mg > 0:
        warnings.append(
            "No upper limit for supplemental magnesium is set at this age: give magnesium "
            "supplements to an infant only on a doctor's advice, because a small body cannot "
            "get rid of extra magnesium as easily."
        )
    if not foods and not supps:
        notes.append("Nothing is logged for this day yet.")
    else:
        if unknown:
            notes.append(
                f"{len(unknown)} entr{'y has' if len(unknown) == 1 else 'ies have'} no magnesium "
                "value, so the total is a lower bound (unknown is not counted as 0)."
            )
        if ear is not None and total_mg < ear:
            notes.append(
                f"Today's {total_mg:.0f} mg is below the EAR of {ear:.0f} mg (the amount that "
                "covers the needs of half of people like you). One low day is normal; the "
                "average over a few weeks is what counts - the week view shows it."
            )
    return DaySummary(
        date=day,
        food_mg=food_mg,
        supplement_mg=supplement_mg,
        total_mg=total_mg,
        rda_mg=requirement.rda_mg,
        ear_mg=ear,
        supplemental_ul_mg=ul,
        contributors=contributors,
        unknown_entries=unknown,
        warnings=tuple(warnings),
        notes=tuple(notes),
        energy_kcal=energy,
        food_entries=len(foods),
        supplement_intakes=supps,
    )


@dataclass(frozen=True)
class PeriodSummary:
    """Several days: averages over the days that have entries, days below EAR, the trend."""

    start: date
    end: date
    days: tuple[DaySummary, ...]
    logged_days: int
    average_total_mg: float | None
    average_food_mg: float | None
    average_supplement_mg: float | None
    days_below_ear: int
    days_above_ul: int
    trend_mg_per_week: float | None  # least-squares slope of the daily total
    average_pain: float | None
    pain_by_day: Mapping[date, float]

    def to_json(self) -> dict[str, Any]:
        def r(value: float | None) -> float | None:
            return None if value is None else round(value, 1)

        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "logged_days": self.logged_days,
            "average_total_mg": r(self.average_total_mg),
            "average_food_mg": r(self.average_food_mg),
            "average_supplement_mg": r(self.average_supplement_mg),
            "days_below_ear": self.days_below_ear,
            "days_above_ul": self.days_above_ul,
            "trend_mg_per_week": r(self.trend_mg_per_week),
            "average_pain": r(self.average_pain),
            "rda_mg": self.days[0].rda_mg if self.days else None,
            "ear_mg": self.days[0].ear_mg if self.days else None,
            "days": [
                {
                    "date": d.date.isoformat(),
                    "logged": d.logged,
                    "total_mg": round(d.total_mg, 1) if d.logged else None,
                    "food_mg": round(d.food_mg, 1) if d.logged else None,
                    "supplement_mg": round(d.supplement_mg, 1) if d.logged else None,
                    "unknown_entries": len(d.unknown_entries),
                    "pain": r(self.pain_by_day.get(d.date)),
                }
                for d in self.days
            ],
        }


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def slope_per_day(points: Sequence[tuple[float, float]]) -> float | None:
    """Ordinary least-squares slope of y on x (None with fewer than 3 points)."""
    if len(points) < 3:
        return None
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    sxx = sum((x - mean_x) ** 2 for x, _ in points)
    if sxx == 0:
        return None
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / sxx


def period_summary(
    days: Sequence[DaySummary], pain_by_day: Mapping[date, float] | None = None
) -> PeriodSummary:
    """Summarise consecutive day summaries; unlogged days do not pull the average down."""
    pain = dict(pain_by_day or {})
    ordered = tuple(sorted(days, key=lambda d: d.date))
    logged = [d for d in ordered if d.logged]
    start = ordered[0].date if ordered else date.min
    points = [(float((d.date - start).days), d.total_mg) for d in logged]
    slope = slope_per_day(points)
    in_range = [v for k, v in pain.items() if ordered and start <= k <= ordered[-1].date]
    return PeriodSummary(
        start=start,
        end=ordered[-1].date if ordered else date.min,
        days=ordered,
        logged_days=len(logged),
        average_total_mg=_mean([d.total_mg for d in logged]),
        average_food_mg=_mean([d.food_mg for d in logged]),
        average_supplement_mg=_mean([d.supplement_mg for d in logged]),
        days_below_ear=sum(1 for d in logged if d.below_ear),
        days_above_ul=sum(
            1
            for d in logged
            if d.supplemental_ul_mg is not None and d.supplement_mg > d.supplemental_ul_mg
        ),
        trend_mg_per_week=None if slope is None else slope * 7,
        average_pain=_mean(in_range),
        pain_by_day=pain,
    )
