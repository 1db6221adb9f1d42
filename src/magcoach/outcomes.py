"""Pain diary analysis: trends, "did it help?" (an n-of-1 before/after), lagged association.

Pure core: typed values in, typed values out. No clock, files or database here; the caller
passes the diary as small dataclasses (`PainDay`, `IntakeDay`, `Event`) and `today`.

How "did it help?" decides (all numbers on the 0-10 pain scale):

* Baseline window: recorded days before the change date. Wash-in: the `lag_days` days from
  the change date on are left out (magnesium needs time to act, and the first days after
  any change are noisy). After window: recorded days from change + lag on.
* Each window needs `min_days` (14) recorded days. A baseline of 7-13 days is analysed with a
  caveat; fewer than 7 cannot be made up once the change has happened.
* Difference = mean pain after - mean pain before (negative = less pain). Its 95% interval
  comes from a regression with AR(1) errors: day-to-day pain is correlated (a bad day is
  usually followed by another), so the days are worth less than independent observations.
  The autocorrelation is estimated from the diary itself (small-sample bias corrected, never
  below 0), the variance of each mean uses the actual dates (missing days handled), and the
  interval uses a t quantile with the effective number of independent days. Deterministic.
* Minimal important change (MIC) for back pain: 2 points or 30% of the baseline mean,
  whichever is reached first, i.e. ``min(2, 0.3 * baseline)`` [ostelo2008; farrar2001].
* Verdict, exactly one of:
  - "improved by a meaningful amount": the whole interval is below 0 AND the drop in the
    point estimate is at least the MIC;
  - "changed, but by less than a meaningful amount": the whole interval is below 0 but the
    drop is smaller than the MIC;
  - "got worse": the whole interval is above 0 (pain clearly higher, whatever the size);
  - "no clear change": the interval includes 0;
  - "not enough data yet (N more days needed)": a window is too short; N counts the further
    days of pain entries (including any wash-in days still to come) needed.
* Association: daily magnesium (food + supplements, mg) against mean pain over that day and
  the next 3 days; slope per 100 mg and correlation with 95% intervals from a moving-block
  bootstrap (deterministic given the seed). Association is not cause.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from magcoach.errors import InvalidInput
from magcoach.wording import plural

MIC_POINTS = 2.0
MIC_FRACTION = 0.30
MIC_SOURCES = ("ostelo2008", "farrar2001")
DEFAULT_LAG_DAYS = 7
DEFAULT_MIN_DAYS = 14
MIN_BASELINE_DAYS = 7
ASSOCIATION_HORIZON_DAYS = 3
ASSOCIATION_MIN_DAYS = 14
MAX_AUTOCORRELATION = 0.9
AR1_BIAS_FACTOR = 3.0
AR1_CAUTION_Z = 1.0


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class PainDay:
    """One day's pain on the 0-10 scale (the mean when a day has several entries)."""

    date: date
    pain: float


@dataclass(frozen=True)
class IntakeDay:
    """One day's magnesium: from food and from supplements, in mg of elemental magnesium."""

    date: date
    food_mg: float
    supplement_mg: float = 0.0

    @property
    def total_mg(self) -> float:
        return self.food_mg + self.supplement_mg


@dataclass(frozen=True)
class Event:
    """Something that happened on a day: kind is e.g. "supplement_started",
    "supplement_stopped", "treatment", "note"."""

    date: date
    kind: str
    text: str


def daily_pain(entries: Iterable[tuple[date, float]]) -> list[PainDay]:
    """Collapse pain entries (date or datetime, 0-10) into one mean per day, sorted by date."""
    by_day: dict[date, list[float]] = defaultdict(list)
    for when, pain in entries:
        if not 0 <= pain <= 10 or math.isnan(pain):
            raise InvalidInput(
                f"Pain must be between 0 and 10, got {pain} on {when}.",
                hint="0 means no pain, 10 the worst pain you can imagine.",
            )
        day = when.date() if hasattr(when, "date") and callable(when.date) else when
        by_day[day].append(float(pain))
    return [PainDay(day, sum(values) / len(values)) for day, values in sorted(by_day.items())]


def _check_pain_days(pain_days: Sequence[PainDay]) -> list[PainDay]:
    seen: set[date] = set()
    for day in pain_days:
        if day.date in seen:
            raise InvalidInput(
                f"Two pain values for {day.date}.",
                hint="Combine entries per day first with outcomes.daily_pain().",
            )
        seen.add(day.date)
        if not 0 <= day.pain <= 10 or math.isnan(day.pain):
            raise InvalidInput(f"Pain must be between 0 and 10, got {day.pain} on {day.date}.")
    return sorted(pain_days, key=lambda d: d.date)


# --------------------------------------------------------------------------- trends


def minimal_important_change(baseline_mean: float) -> float:
    """Smallest drop in mean pain (points) that counts as meaningful: 2 points or 30% of the
    baseline, whichever is smaller (reaching either counts) [ostelo2008; farrar2001]."""
    return min(MIC_POINTS, MIC_FRACTION * max(baseline_mean, 0.0))


def rolling_mean(
    pain_days: Sequence[PainDay], window: int = 7, min_days: int = 4
) -> list[tuple[date, float | None]]:
    """Trailing calendar-window mean of pain for each recorded day (None when fewer than
    `min_days` of the last `window` calendar days were recorded)."""
    days = _check_pain_days(pain_days)
    out: list[tuple[date, float | None]] = []
    for day in days:
        start = day.date - timedelta(days=window - 1)
        values = [d.pain for d in days if start <= d.date <= day.date]
        out.append((day.date, sum(values) / len(values) if len(values) >= min_days else None))
    return out


@dataclass(frozen=True)
class Adherence:
    """Share of days a supplement was taken, from its first intake to `end`."""

    started: date | None
    days: int
    days_taken: int

    @property
    def share(self) -> float | None:
        return self.days_taken / self.days if self.days else None


def adherence(taken_dates: Iterable[date], end: date, start: date | None = None) -> Adherence:
    """Adherence from the first intake (or `start`) to `end`, counting calendar days."""
    taken = {d for d in taken_dates if d <= end}
    if not taken:
        return Adherence(started=None, days=0, days_taken=0)
    first = min(taken) if start is None else max(start, min(taken))
    days = (end - first).days + 1
    return Adherence(started=first, days=days, days_taken=sum(1 for d in taken if d >= first))


@dataclass(frozen=True)
class TrendDay:
    date: date
    pain: float | None
    pain_7day_mean: float | None
    food_mg: float | None
    supplement_mg: float | None
    supplement_taken: bool


@dataclass(frozen=True)
class Trends:
    start: date
    end: date
    days: tuple[TrendDay, ...]
    requirement_mg: float | None
    adherence: Adherence
    events: tuple[Event, ...]
    mean_pain: float | None
    mean_pain_last_7_days: float | None
    mean_total_mg: float | None
    days_meeting_requirement: int
    days_with_intake: int


def build_trends(
    pain_days: Sequence[PainDay],
    intake_days: Sequence[IntakeDay],
    events: Sequence[Event],
    start: date,
    end: date,
    requirement_mg: float | None = None,
    supplement_dates: Iterable[date] | None = None,
) -> Trends:
    """Per-day pain, 7-day mean pain, magnesium from food and supplements, adherence."""
    if end < start:
        raise InvalidInput(f"The period ends ({end}) before it starts ({start}).")
    pain = {d.date: d for d in _check_pain_days(pain_days)}
    rolled = dict(rolling_mean(list(pain.values())))
    intake = {d.date: d for d in intake_days}
    taken = (
        set(supplement_dates)
        if supplement_dates is not None
        else {d.date for d in intake_days if d.supplement_mg > 0}
    )
    rows: list[TrendDay] = []
    day = start
    while day <= end:
        p = pain.get(day)
        i = intake.get(day)
        rows.append(
            TrendDay(
                date=day,
                pain=p.pain if p else None,
                pain_7day_mean=rolled.get(day),
                food_mg=i.food_mg if i else None,
                supplement_mg=i.supplement_mg if i else None,
                supplement_taken=day in taken,
            )
        )
        day += timedelta(days=1)
    pains = [r.pain for r in rows if r.pain is not None]
    last7 = [r.pain for r in rows[-7:] if r.pain is not None]
    totals = [(r.food_mg or 0) + (r.supplement_mg or 0) for r in rows if r.food_mg is not None]
    meeting = sum(1 for t in totals if requirement_mg is not None and t >= requirement_mg)
    return Trends(
        start=start,
        end=end,
        days=tuple(rows),
        requirement_mg=requirement_mg,
        adherence=adherence(taken, end=end),
        events=tuple(sorted((e for e in events if start <= e.date <= end), key=lambda e: e.date)),
        mean_pain=sum(pains) / len(pains) if pains else None,
        mean_pain_last_7_days=sum(last7) / len(last7) if last7 else None,
        mean_total_mg=sum(totals) / len(totals) if totals else None,
        days_meeting_requirement=meeting,
        days_with_intake=len(totals),
    )


# --------------------------------------------------------------------------- did it help?


class Verdict(StrEnum):
    IMPROVED = "improved"
    SMALL_CHANGE = "small_change"
    NO_CLEAR_CHANGE = "no_clear_change"
    WORSE = "worse"
    NOT_ENOUGH_DATA = "not_enough_data"


VERDICT_TEXT = {
    Verdict.IMPROVED: "improved by a meaningful amount",
    Verdict.SMALL_CHANGE: "changed, but by less than a meaningful amount",
    Verdict.NO_CLEAR_CHANGE: "no clear change",
    Verdict.WORSE: "got worse",
}


@dataclass(frozen=True)
class WindowSummary:
    start: date | None
    end: date | None
    calendar_days: int
    recorded_days: int
    mean_pain: float | None

    @property
    def missing_days(self) -> int:
        return self.calendar_days - self.recorded_days


@dataclass(frozen=True)
class Association:
    """Daily magnesium vs mean pain over that day and the next `horizon_days` days."""

    horizon_days: int
    days_used: int
    slope_per_100mg: float | None
    slope_ci: tuple[float, float] | None
    correlation: float | None
    correlation_ci: tuple[float, float] | None
    block_length: int
    resamples: int
    seed: int
    summary: str
    caveat: str = (
        "An association is not a cause: days with more magnesium may differ in other ways "
        "(other treatments, activity, sleep, the season), and pain changes on its own."
    )


@dataclass(frozen=True)
class DidItHelp:
    verdict: Verdict
    verdict_text: str
    change_date: date
    change_label: str
    lag_days: int
    min_days: int
    baseline: WindowSummary
    after: WindowSummary
    difference: float | None  # mean after - mean before, points (negative = less pain)
    ci_low: float | None
    ci_high: float | None
    mic_points: float | None
    autocorrelation: float | None
    effective_days: float | None
    days_needed: int | None
    explanation: str
    caveats: tuple[str, ...]
    association: Association | None
    method: str = (
        "difference in mean pain; 95% interval from a regression with AR(1) errors "
        "(autocorrelation estimated from the diary, small-sample corrected)"
    )
    rule: str = "meaningful = interval entirely below 0 and drop >= min(2 points, 30% of baseline)"
    sources: tuple[str, ...] = MIC_SOURCES

    def to_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        data = asdict(self)
        data["verdict"] = self.verdict.value
        return data


def _not_enough_text(days_needed: int | None) -> str:
    if days_needed is None:
        return "not enough data yet (a baseline of at least 7 days before the change is needed)"
    unit = "day" if days_needed == 1 else "days"
    return f"not enough data yet ({days_needed} more {unit} needed)"


def _window(days: Sequence[PainDay], start: date | None, end: date | None) -> WindowSummary:
    values = [d.pain for d in days]
    calendar = (end - start).days + 1 if start and end and end >= start else 0
    return WindowSummary(
        start=start,
        end=end,
        calendar_days=calendar,
        recorded_days=len(values),
        mean_pain=sum(values) / len(values) if values else None,
    )


@dataclass(frozen=True)
class MeanDifference:
    difference: float
    ci_low: float
    ci_high: float
    autocorrelation: float
    effective_days: float
    standard_error: float


def ar1_correlation(days_a: Any, days_b: Any, phi: float) -> Any:
    """Correlation of AR(1) day-to-day errors between two sets of day numbers: phi to the power
    of the gap in days, so a missing day widens the gap instead of being squeezed out.
    (Shared by "did it help?" and the personal trial, `magcoach.trial`.)"""
    import numpy as np

    a = np.asarray(days_a, dtype=float)
    b = np.asarray(days_b, dtype=float)
    return phi ** np.abs(a[:, None] - b[None, :])


def mean_difference_ar1(
    before_days: Sequence[int],
    before: Sequence[float],
    after_days: Sequence[int],
    after: Sequence[float],
    confidence: float = 0.95,
) -> MeanDifference:
    """Difference in means (after - before) with an interval honest about AR(1) errors.

    `*_days` are day numbers (e.g. ordinal dates) so that gaps are respected.
    """
    import numpy as np
    from scipy.special import stdtrit  # the t quantile; scipy.stats takes seconds to import

    tb = np.asarray(before_days, dtype=float)
    ta = np.asarray(after_days, dtype=float)
    yb = np.asarray(before, dtype=float)
    ya = np.asarray(after, dtype=float)
    nb, na = len(yb), len(ya)
    if nb < 2 or na < 2:
        raise InvalidInput("Each window needs at least 2 recorded days.")
    rb, ra = yb - yb.mean(), ya - ya.mean()
    ss = float((rb**2).sum() + (ra**2).sum())
    variance = ss / (nb + na - 2)

    # lag-1 autocorrelation from consecutive calendar days inside each window
    num, pairs = 0.0, 0
    for t, r in ((tb, rb), (ta, ra)):
        consecutive = np.diff(t) == 1
        num += float((r[:-1] * r[1:])[consecutive].sum())
        pairs += int(consecutive.sum())
    if pairs >= 3 and ss > 0:
        phi_raw = (num / pairs) / (ss / (nb + na))
        mean_n = (nb + na) / 2
        phi = (
            phi_raw + (1 + AR1_BIAS_FACTOR * phi_raw) / mean_n
        )  # Kendall's small-sample bias correction
        # phi is uncertain with few days; err on the side of more persistence (wider interval)
        phi += AR1_CAUTION_Z * math.sqrt(max(1 - min(phi, 0.99) ** 2, 0.0) / pairs)
    else:
        phi = 0.5  # too few consecutive days to estimate: assume typical persistence
    phi = float(min(max(phi, 0.0), MAX_AUTOCORRELATION))

    def cov_sum(t1: Any, t2: Any) -> float:
        return float(ar1_correlation(t1, t2, phi).sum())

    var_b = variance * cov_sum(tb, tb) / nb**2
    var_a = variance * cov_sum(ta, ta) / na**2
    cov_ab = variance * cov_sum(ta, tb) / (na * nb)
    se = math.sqrt(max(var_a + var_b - 2 * cov_ab, 1e-12))
    eff_b = nb * nb / cov_sum(tb, tb)
    eff_a = na * na / cov_sum(ta, ta)
    df = max(eff_a + eff_b - 2, 1.0)
    q = float(stdtrit(df, 0.5 + confidence / 2))
    diff = float(ya.mean() - yb.mean())
    return MeanDifference(diff, diff - q * se, diff + q * se, phi, eff_a + eff_b, se)


def did_it_help(
    pain_days: Sequence[PainDay],
    change_date: date,
    *,
    today: date | None = None,
    lag_days: int = DEFAULT_LAG_DAYS,
    min_days: int = DEFAULT_MIN_DAYS,
    events: Sequence[Event] = (),
    intake_days: Sequence[IntakeDay] = (),
    change_label: str = "the change",
    seed: int = 20260615,
) -> DidItHelp:
    """Compare pain before `change_date` with pain after the wash-in lag. See module docs."""
    if lag_days < 0:
        raise InvalidInput(f"The wash-in must be 0 days or more, not {lag_days}.", field="lag_days")
    if min_days < 2:
        raise InvalidInput(f"Each window needs at least 2 days, got {min_days}.")
    days = _check_pain_days(pain_days)
    if today is None:
        today = days[-1].date if days else change_date
    after_start = change_date + timedelta(days=lag_days)
    before = [d for d in days if d.date < change_date]
    after = [d for d in days if after_start <= d.date <= today]
    baseline = _window(before, before[0].date if before else None, change_date - timedelta(1))
    after_end = max(today, after[-1].date) if after else today
    after_w = _window(after, after_start, after_end if after_end >= after_start else None)

    caveats = _caveats(before, after, baseline, after_w, change_date, today, events, change_label)
    association = magnesium_pain_association(days, intake_days, seed=seed) if intake_days else None

    days_needed: int | None = None
    enough = True
    if change_date > today:
        # the change has not happened yet: baseline days can still be collected
        until_change = (change_date - today).days - 1
        short_baseline = max(0, min_days - len(before) - until_change)
        days_needed = until_change + short_baseline + lag_days + min_days
        enough = False
    elif len(after) < min_days:
        remaining_lag = max(0, (after_start - today).days - 1)
        days_needed = remaining_lag + (min_days - len(after))
        enough = False
    if len(before) < MIN_BASELINE_DAYS and change_date <= today:
        enough = False
        if len(after) >= min_days:
            days_needed = None
    if not enough:
        explanation = _explain_not_enough(before, after, min_days, lag_days, change_date, today)
        return DidItHelp(
            verdict=Verdict.NOT_ENOUGH_DATA,
            verdict_text=_not_enough_text(days_needed),
            change_date=change_date,
            change_label=change_label,
            lag_days=lag_days,
            min_days=min_days,
            baseline=baseline,
            after=after_w,
            difference=None,
            ci_low=None,
            ci_high=None,
            mic_points=None,
            autocorrelation=None,
            effective_days=None,
            days_needed=days_needed,
            explanation=explanation,
            caveats=tuple(caveats),
            association=association,
        )

    result = mean_difference_ar1(
        [d.date.toordinal() for d in before],
        [d.pain for d in before],
        [d.date.toordinal() for d in after],
        [d.pain for d in after],
    )
    assert baseline.mean_pain is not None and after_w.mean_pain is not None
    mic = minimal_important_change(baseline.mean_pain)
    verdict = classify(result.difference, result.ci_low, result.ci_high, mic)
    if len(before) < min_days:
        caveats.insert(
            0,
            f"The baseline has only {len(before)} recorded days (at least {min_days} are "
            "advised), so the 'before' level is rough.",
        )
    return DidItHelp(
        verdict=verdict,
        verdict_text=VERDICT_TEXT[verdict],
        change_date=change_date,
        change_label=change_label,
        lag_days=lag_days,
        min_days=min_days,
        baseline=baseline,
        after=after_w,
        difference=result.difference,
        ci_low=result.ci_low,
        ci_high=result.ci_high,
        mic_points=mic,
        autocorrelation=result.autocorrelation,
        effective_days=result.effective_days,
        days_needed=None,
        explanation=_explain(verdict, baseline, after_w, result, mic, change_label),
        caveats=tuple(caveats),
        association=association,
    )


def classify(difference: float, ci_low: float, ci_high: float, mic_points: float) -> Verdict:
    """The verdict rule (difference = after - before, negative = less pain)."""
    if ci_high < 0:
        return Verdict.IMPROVED if -difference >= mic_points else Verdict.SMALL_CHANGE
    if ci_low > 0:
        return Verdict.WORSE
    return Verdict.NO_CLEAR_CHANGE


def _fmt(x: float) -> str:
    return f"{x:.1f}".replace("-0.0", "0.0")


def _explain(
    verdict: Verdict,
    baseline: WindowSummary,
    after: WindowSummary,
    result: MeanDifference,
    mic: float,
    label: str,
) -> str:
    assert baseline.mean_pain is not None and after.mean_pain is not None
    levels = (
        f"Average pain was {_fmt(baseline.mean_pain)}/10 over "
        f"{plural(baseline.recorded_days, 'day')} before {label} and "
        f"{_fmt(after.mean_pain)}/10 over {plural(after.recorded_days, 'day')} after "
        f"it (leaving out the first days while it takes effect). "
    )
    size = abs(result.difference)
    direction = "lower" if result.difference < 0 else "higher"
    interval = (
        f"The difference is {_fmt(result.difference)} points (95% interval "
        f"{_fmt(result.ci_low)} to {_fmt(result.ci_high)}). "
    )
    mic_text = (
        f"A change counts as meaningful from {_fmt(mic)} points (2 points or 30% of the start)."
    )
    if verdict is Verdict.IMPROVED:
        tail = (
            f"Pain is {_fmt(size)} points {direction}: clearly lower, and by at least the amount "
            "people with back pain notice as a real improvement. "
        )
    elif verdict is Verdict.SMALL_CHANGE:
        tail = (
            f"Pain is {_fmt(size)} points {direction}: clearly lower, but by less than the "
            "amount people usually notice as a real improvement. "
        )
    elif verdict is Verdict.WORSE:
        tail = (
            f"Pain is {_fmt(size)} points {direction}: clearly higher. If it keeps rising, talk "
            "to your clinician, because worsening back pain needs a fresh look. "
        )
    else:
        tail = (
            "The interval includes no change at all, so the diary cannot tell a real change from "
            "day-to-day ups and downs yet. "
        )
    return levels + interval + tail + mic_text


def _explain_not_enough(
    before: Sequence[PainDay],
    after: Sequence[PainDay],
    min_days: int,
    lag_days: int,
    change_date: date,
    today: date,
) -> str:
    parts = [
        f"magcoach compares at least {min_days} recorded days before the change with at least "
        f"{min_days} days after it, leaving out the first {lag_days} days after the change "
        "while it takes effect."
    ]
    parts.append(
        f"So far there are {plural(len(before), 'day')} before {change_date.isoformat()} and "
        f"{plural(len(after), 'usable day')} after it."
    )
    if len(before) < MIN_BASELINE_DAYS and change_date <= today:
        parts.append(
            "The time before the change is too short to know what 'usual' pain was; later days "
            "cannot fill that gap, so any answer will stay rough. Keep recording anyway: the "
            "trend still helps you and your clinician."
        )
    else:
        parts.append("Keep recording your pain once a day.")
    return " ".join(parts)


def _caveats(
    before: Sequence[PainDay],
    after: Sequence[PainDay],
    baseline: WindowSummary,
    after_w: WindowSummary,
    change_date: date,
    today: date,
    events: Sequence[Event],
    change_label: str,
) -> list[str]:
    caveats: list[str] = []
    start = baseline.start or change_date
    others = [
        e
        for e in events
        if start <= e.date <= today
        and not (
            e.date == change_date
            and e.kind == "supplement_started"
            and change_label.lower() in e.text.lower()
        )
    ]
    if others:
        listed = "; ".join(f"{e.date.isoformat()}: {e.text}" for e in others[:6])
        more = f" (and {len(others) - 6} more)" if len(others) > 6 else ""
        caveats.append(
            "Other things changed in the same period, so any change in pain cannot be put down "
            f"to {change_label} alone: {listed}{more}."
        )
    for name, window in (("before", baseline), ("after", after_w)):
        if window.calendar_days and window.missing_days / window.calendar_days > 0.2:
            caveats.append(
                f"{window.missing_days} of {window.calendar_days} days {name} the change have "
                "no pain entry. Days people skip are often not typical (very bad or very good), "
                "which can bias the averages."
            )
    if len(before) >= 10:
        last_week = [d.pain for d in before if d.date >= change_date - timedelta(days=7)]
        rest = [d.pain for d in before if d.date < change_date - timedelta(days=7)]
        if len(last_week) >= 3 and len(rest) >= 3:
            excess = sum(last_week) / len(last_week) - sum(rest) / len(rest)
            if excess >= 1.0:
                caveats.append(
                    f"Pain in the last week before the change was {_fmt(excess)} points above the "
                    "rest of the baseline: you started during a bad spell. Pain often eases on "
                    "its own after a bad spell (regression to the mean), which can look like an "
                    "improvement."
                )
        first = [d.pain for d in before[: len(before) // 2]]
        second = [d.pain for d in before[len(before) // 2 :]]
        drift = sum(second) / len(second) - sum(first) / len(first)
        if drift <= -1.0:
            caveats.append(
                "Pain was already falling before the change, so part of any improvement may "
                "have happened anyway."
            )
    caveats.append(
        "One person's before and after is not a trial: pain goes up and down with activity, "
        "sleep, stress and time, and knowing you are trying something can change how pain "
        "feels. Treat the result as a hint to discuss with your clinician, not a proof."
    )
    return caveats


# --------------------------------------------------------------------------- association


def magnesium_pain_association(
    pain_days: Sequence[PainDay],
    intake_days: Sequence[IntakeDay],
    *,
    horizon_days: int = ASSOCIATION_HORIZON_DAYS,
    resamples: int = 2000,
    seed: int = 20260615,
) -> Association:
    """Slope of mean pain over days t..t+horizon on magnesium of day t (per 100 mg), and the
    correlation, with 95% moving-block bootstrap intervals (blocks of consecutive days keep
    the day-to-day dependence and the overlap of the pain windows)."""
    import numpy as np

    pain = {d.date: d.pain for d in _check_pain_days(pain_days)}
    intake = {d.date: d.total_mg for d in intake_days}
    empty = Association(horizon_days, 0, None, None, None, None, 0, 0, seed, "")
    if not intake:
        return _replace_summary(empty, "No magnesium intake recorded, so no association.")
    first, last = min(intake), max(intake)
    n_cal = (last - first).days + 1
    mg = np.full(n_cal, np.nan)
    outcome = np.full(n_cal, np.nan)
    for i in range(n_cal):
        day = first + timedelta(days=i)
        if day in intake:
            window = [
                pain[day + timedelta(days=k)]
                for k in range(horizon_days + 1)
                if day + timedelta(days=k) in pain
            ]
            if len(window) >= max(2, (horizon_days + 1) // 2):
                mg[i] = intake[day]
                outcome[i] = sum(window) / len(window)
    valid = ~np.isnan(mg) & ~np.isnan(outcome)
    used = int(valid.sum())
    if used < ASSOCIATION_MIN_DAYS:
        return _replace_summary(
            Association(horizon_days, used, None, None, None, None, 0, 0, seed, ""),
            f"Only {used} days have both magnesium and pain recorded; at least "
            f"{ASSOCIATION_MIN_DAYS} are needed to look for an association.",
        )
    x, y = mg[valid] / 100.0, outcome[valid]
    if float(np.ptp(x)) == 0.0:
        return _replace_summary(
            Association(horizon_days, used, None, None, None, None, 0, 0, seed, ""),
            "Magnesium intake was the same every day, so it cannot be related to pain.",
        )
    slope, corr = _slope_corr(x[None, :], y[None, :], np.ones((1, used), dtype=bool))

    block = max(horizon_days + 1, math.ceil(n_cal ** (1 / 3)) + 1)
    block = min(block, n_cal)
    rng = np.random.default_rng(seed)
    n_blocks = math.ceil(n_cal / block)
    starts = rng.integers(0, n_cal - block + 1, size=(resamples, n_blocks))
    idx = (starts[:, :, None] + np.arange(block)[None, None, :]).reshape(resamples, -1)[:, :n_cal]
    bx, by = mg[idx] / 100.0, outcome[idx]
    mask = ~np.isnan(bx) & ~np.isnan(by)
    bslope, bcorr = _slope_corr(np.nan_to_num(bx), np.nan_to_num(by), mask)
    ok = np.isfinite(bslope) & np.isfinite(bcorr)
    s_lo, s_hi = np.percentile(bslope[ok], [2.5, 97.5])
    c_lo, c_hi = np.percentile(bcorr[ok], [2.5, 97.5])
    s, c = float(slope[0]), float(corr[0])
    if s_hi < 0:
        gist = "days with more magnesium were followed by somewhat less pain"
    elif s_lo > 0:
        gist = "days with more magnesium were followed by somewhat more pain"
    else:
        gist = "no clear link between the day's magnesium and pain over the next days"
    summary = (
        f"Over {used} days, {gist}: {_fmt(s)} pain points per extra 100 mg (95% interval "
        f"{_fmt(float(s_lo))} to {_fmt(float(s_hi))}), correlation {c:.2f} "
        f"({float(c_lo):.2f} to {float(c_hi):.2f})."
    )
    return Association(
        horizon_days=horizon_days,
        days_used=used,
        slope_per_100mg=s,
        slope_ci=(float(s_lo), float(s_hi)),
        correlation=c,
        correlation_ci=(float(c_lo), float(c_hi)),
        block_length=block,
        resamples=resamples,
        seed=seed,
        summary=summary,
    )


def _replace_summary(assoc: Association, summary: str) -> Association:
    from dataclasses import replace

    return replace(assoc, summary=summary)


def _slope_corr(x: Any, y: Any, mask: Any) -> tuple[Any, Any]:
    """Row-wise OLS slope of y on x and Pearson correlation, over masked entries."""
    import numpy as np

    n = mask.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mx = (x * mask).sum(axis=1) / n
        my = (y * mask).sum(axis=1) / n
        dx = (x - mx[:, None]) * mask
        dy = (y - my[:, None]) * mask
        sxx = (dx**2).sum(axis=1)
        syy = (dy**2).sum(axis=1)
        sxy = (dx * dy).sum(axis=1)
        return sxy / sxx, sxy / np.sqrt(sxx * syy)


__all__ = [
    "Adherence",
    "Association",
    "DidItHelp",
    "Event",
    "IntakeDay",
    "PainDay",
    "TrendDay",
    "Trends",
    "Verdict",
    "adherence",
    "ar1_correlation",
    "build_trends",
    "classify",
    "daily_pain",
    "did_it_help",
    "magnesium_pain_association",
    "mean_difference_ar1",
    "minimal_important_change",
    "rolling_mean",
]
