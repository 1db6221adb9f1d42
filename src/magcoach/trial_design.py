"""The personal trial's design: its periods, days, random order and bounds (see
`magcoach.trial` for the method)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from magcoach.errors import InvalidInput, MagcoachError

DEFAULT_PAIRS = 3
DEFAULT_PERIOD_DAYS = 14
DEFAULT_WASHIN_DAYS = 5
PAIRS_RANGE = (2, 6)
PERIOD_DAYS_RANGE = (7, 28)
MIN_ANALYSED_DAYS_PER_PERIOD = 4
TRIAL_SOURCES = ("kravitz2014-nof1", "kravitz2018-preempt", "konigorski2022-studyu")
SAFE_DAY_RANGE = (date(2000, 1, 1), date(2100, 1, 1))


class Arm(StrEnum):
    MAGNESIUM = "A"
    NO_MAGNESIUM = "B"

    @property
    def words(self) -> str:
        return "magnesium" if self is Arm.MAGNESIUM else "no magnesium"


class TrialNotSafe(MagcoachError):
    """A trial must not start: each reason in plain words, and what to do instead."""

    def __init__(
        self, reasons: Sequence[str], *, hint: str | None = None, field: str | None = None
    ) -> None:
        self.reasons = tuple(reasons)
        super().__init__(
            "magcoach will not set up a magnesium trial for you now:\n"
            + "\n".join(f"- {r}" for r in self.reasons),
            hint=hint or "Talk to your clinician; they can run a trial with you if it is safe.",
            field=field,
        )


@dataclass(frozen=True)
class Period:
    number: int  # 1-based, in time order
    pair: int  # 1-based
    arm: Arm
    start: date
    end: date  # inclusive
    analysed_from: date  # the first day after the wash-in

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class TrialDay:
    """Where a date falls in the trial: "magnesium day 5 of 14, period 3 of 6"."""

    date: date
    period: Period
    day_of_period: int
    periods: int
    analysed: bool  # False during the wash-in days

    @property
    def arm(self) -> Arm:
        return self.period.arm

    @property
    def summary(self) -> str:
        return (
            f"{self.arm.words} day {self.day_of_period} of {self.period.days} "
            f"(period {self.period.number} of {self.periods})"
        )


@dataclass(frozen=True)
class TrialDesign:
    start: date
    pairs: int
    period_days: int
    washin_days: int
    seed: int
    sequence: tuple[Arm, ...]  # one arm per period, in time order
    dose_mg: float
    dose_times: tuple[str, ...]  # "13:00"
    form: str  # "magnesium glycinate"
    placebo: bool = False  # a pharmacist provides look-alike placebo for the B periods

    @property
    def total_days(self) -> int:
        return len(self.sequence) * self.period_days

    @property
    def end(self) -> date:
        return self.start + timedelta(days=self.total_days - 1)

    @property
    def order(self) -> str:
        """The pairs as letters: "AB BA AB"."""
        letters = "".join(a.value for a in self.sequence)
        return " ".join(letters[i : i + 2] for i in range(0, len(letters), 2))

    @property
    def periods(self) -> tuple[Period, ...]:
        out = []
        for i, arm in enumerate(self.sequence):
            start = self.start + timedelta(days=i * self.period_days)
            out.append(
                Period(
                    number=i + 1,
                    pair=i // 2 + 1,
                    arm=arm,
                    start=start,
                    end=start + timedelta(days=self.period_days - 1),
                    analysed_from=start + timedelta(days=self.washin_days),
                )
            )
        return tuple(out)

    def day(self, when: date) -> TrialDay | None:
        """The trial day `when` falls on, or None before the start or after the end."""
        offset = (when - self.start).days
        if not 0 <= offset < self.total_days:
            return None
        period = self.periods[offset // self.period_days]
        day_of_period = offset % self.period_days + 1
        return TrialDay(
            date=when,
            period=period,
            day_of_period=day_of_period,
            periods=len(self.sequence),
            analysed=day_of_period > self.washin_days,
        )


def randomise_sequence(pairs: int, seed: int) -> tuple[Arm, ...]:
    """Each pair AB or BA with probability 1/2, independently, from `seed` (Python's Mersenne
    Twister: the same seed gives the same order on every machine and Python version)."""
    rng = random.Random(seed)
    out: list[Arm] = []
    for _ in range(pairs):
        first_on = rng.getrandbits(1) == 1
        out.extend(
            (Arm.MAGNESIUM, Arm.NO_MAGNESIUM) if first_on else (Arm.NO_MAGNESIUM, Arm.MAGNESIUM)
        )
    return tuple(out)


def check_design(pairs: int, period_days: int, washin_days: int) -> None:
    """The bounds of a sensible trial, each with its reason."""
    lo, hi = PAIRS_RANGE
    if not lo <= pairs <= hi:
        raise InvalidInput(
            f"A trial has {lo} to {hi} pairs of periods, not {pairs}.",
            field="pairs",
            hint="With fewer than 2 pairs magnesium cannot be told apart from a slow change in "
            "pain over time; more than 6 pairs makes a trial of many months that few finish.",
        )
    lo, hi = PERIOD_DAYS_RANGE
    if not lo <= period_days <= hi:
        raise InvalidInput(
            f"A period lasts {lo} to {hi} days, not {period_days}.",
            field="period_days",
            hint="Shorter periods leave too few days once the wash-in is left out; longer "
            "ones let pain drift for reasons that have nothing to do with magnesium.",
        )
    most = period_days - MIN_ANALYSED_DAYS_PER_PERIOD
    if not 0 <= washin_days <= most:
        raise InvalidInput(
            f"The wash-in must be 0 to {most} days for {period_days}-day periods, "
            f"not {washin_days}.",
            field="washin_days",
            hint=f"Each period needs at least {MIN_ANALYSED_DAYS_PER_PERIOD} days left to "
            "compare once the wash-in days are left out. Magnesium needs a few days to act "
            "and to wear off, so 0 is only for a quick, rough look.",
        )


def design_trial(
    start: date,
    seed: int,
    *,
    dose_mg: float,
    dose_times: Sequence[str],
    form: str,
    pairs: int = DEFAULT_PAIRS,
    period_days: int = DEFAULT_PERIOD_DAYS,
    washin_days: int = DEFAULT_WASHIN_DAYS,
    placebo: bool = False,
) -> TrialDesign:
    """A checked design with its random order (see the module docs)."""
    check_design(pairs, period_days, washin_days)
    if not SAFE_DAY_RANGE[0] <= start <= SAFE_DAY_RANGE[1]:
        raise InvalidInput(f"The start date {start} is out of range.")
    if not dose_mg > 0:
        raise InvalidInput(f"The magnesium dose must be above 0 mg, got {dose_mg:g}.")
    if not 0 <= seed < 2**63:
        raise InvalidInput(f"The seed must be a whole number from 0 to 2^63, got {seed}.")
    return TrialDesign(
        start=start,
        pairs=pairs,
        period_days=period_days,
        washin_days=washin_days,
        seed=seed,
        sequence=randomise_sequence(pairs, seed),
        dose_mg=float(dose_mg),
        dose_times=tuple(dose_times),
        form=form,
        placebo=placebo,
    )
