"""Your own trial of magnesium for back pain: a randomised multi-crossover n-of-1 trial.

Pure core: typed values in, typed values out. No clock, file or database here; the caller
passes the person's dose (from the plan), the seed, `today` and the diary.

Design [kravitz2014-nof1; kravitz2018-preempt]:

* Periods on magnesium (A) and off it (B) come in pairs; each pair is AB or BA at random,
  drawn from a recorded seed, so the order is balanced (every pair has one of each) and can be
  re-drawn exactly from the seed. Defaults: 3 pairs of 14-day periods, 12 weeks in all.
* Analytic wash-in/wash-out: the first `washin_days` (default 5) of every period are left out
  of the analysis instead of leaving untreated gaps, so the effect of the previous period has
  faded and the new one has set in [kravitz2014-nof1]. Five days is a design choice: pain in the
  did-it-help analysis is compared after 7 days, and carry-over of a few days is expected.

Analysis (every number on the 0-10 pain scale; "effect" = pain on magnesium minus pain off it,
so negative means less pain with magnesium):

* Model: daily pain = level + effect x (on magnesium) + trend x (weeks since the start) +
  AR(1) error, on the analysed days, with the correlation of two days phi^(gap in days)
  (`outcomes.ar1_correlation`, shared with "did it help?"), so missing days are handled.
* Bayesian, with reference priors (flat on the level, effect and trend, 1/sigma on the noise,
  uniform on phi over -0.45 to 0.9) [gelman2013-bda]: for each phi on a grid the posterior of the
  effect is a Student t around the generalised-least-squares estimate; the grid points are
  weighted by their marginal (REML) likelihood, so the uncertainty about phi widens the
  interval. Reported: the posterior median, a 95% credible interval (with these priors it is
  also a frequentist interval; `benchmarks/trial_calibration.py` measures its coverage), the
  probability that magnesium lowers pain at all, and that it lowers pain by at least the
  minimal important change, min(2 points, 30% of pain off magnesium) [ostelo2008; farrar2001].
* Verdict: the rule of "did it help?" (`outcomes.classify`) on the effect and its interval.
* A simple paired-periods comparison: in each pair, mean pain in the A period minus the B
  period; the mean of those differences with a t interval, and how many pairs favoured
  magnesium. Transparent, but with 3 pairs it can never be conclusive on its own.
* As assigned (every analysed day by its schedule) and per adherence (only days on which the
  person did what the schedule said: took magnesium on A days, not on B days).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from magcoach.outcomes import (
    MIC_SOURCES,
    PainDay,
    Verdict,
    classify,
    minimal_important_change,
)
from magcoach.trial_calendar import trial_calendar
from magcoach.trial_design import (
    DEFAULT_PAIRS,
    DEFAULT_PERIOD_DAYS,
    DEFAULT_WASHIN_DAYS,
    MIN_ANALYSED_DAYS_PER_PERIOD,
    PAIRS_RANGE,
    PERIOD_DAYS_RANGE,
    TRIAL_SOURCES,
    Arm,
    Period,
    TrialDay,
    TrialDesign,
    TrialNotSafe,
    check_design,
    design_trial,
    randomise_sequence,
)
from magcoach.trial_planning import PainNoise, detection_note, detection_rate, estimate_noise
from magcoach.trial_simulate import simulate_pain
from magcoach.trial_stats import (
    AnalysedDays,
    EffectEstimate,
    analysed_days,
    estimate_effect,
)
from magcoach.trial_stats import _whiten as _whiten  # tests reach the whitening from here

MIN_DAYS_FOR_A_PERIOD = 3  # analysed pain days a period needs to count
METHOD_SOURCES = ("kravitz2014-nof1", "gelman2013-bda")


# --------------------------------------------------------------------------- analysis


@dataclass(frozen=True)
class PairComparison:
    pair: int
    order: str  # "AB" or "BA"
    mean_on: float | None
    mean_off: float | None

    @property
    def difference(self) -> float | None:
        if self.mean_on is None or self.mean_off is None:
            return None
        return self.mean_on - self.mean_off


@dataclass(frozen=True)
class PairedPeriods:
    pairs: tuple[PairComparison, ...]
    complete_pairs: int
    favour_magnesium: int  # pairs with less pain in the magnesium period
    mean_difference: float | None
    ci_low: float | None
    ci_high: float | None
    summary: str


@dataclass(frozen=True)
class AdherenceCount:
    on_days_taken: int
    on_days_missed: int
    on_days_unrecorded: int
    off_days_taken: int  # magnesium taken on a no-magnesium day

    @property
    def on_share(self) -> float | None:
        known = self.on_days_taken + self.on_days_missed + self.on_days_unrecorded
        return self.on_days_taken / known if known else None


@dataclass(frozen=True)
class TrialResult:
    status: str  # "not started", "running", "finished", "stopped early"
    days_elapsed: int
    total_days: int
    pain_days: int
    verdict: Verdict
    verdict_text: str
    explanation: str
    as_assigned: EffectEstimate | None
    per_adherence: EffectEstimate | None
    paired: PairedPeriods
    adherence: AdherenceCount
    mic_points: float | None
    limits: tuple[str, ...]
    detection_note: str = ""  # "trials like yours detect a 2-point effect N% of the time"
    method: str = (
        "Bayesian regression of daily pain on magnesium (on/off), a linear time trend and "
        "AR(1) day-to-day correlation (phi integrated over -0.45 to 0.9); wash-in days left out; "
        "95% credible interval; plus a paired comparison of periods"
    )
    rule: str = "meaningful = interval entirely below 0 and drop >= min(2 points, 30% of pain off)"
    sources: tuple[str, ...] = (*TRIAL_SOURCES, "gelman2013-bda", *MIC_SOURCES)


VERDICT_WORDS = {
    Verdict.IMPROVED: "magnesium lowered your pain by a meaningful amount",
    Verdict.SMALL_CHANGE: "magnesium lowered your pain, but by less than a meaningful amount",
    Verdict.NO_CLEAR_CHANGE: "no clear difference between magnesium and no magnesium",
    Verdict.WORSE: "pain was higher on magnesium",
}


def _enough(design: TrialDesign, days: Mapping[date, float]) -> bool:
    """At least two periods of each kind with enough analysed pain days: with fewer, the
    effect cannot be told apart from a slow change over time."""
    counted = {Arm.MAGNESIUM: 0, Arm.NO_MAGNESIUM: 0}
    for period in design.periods:
        n = sum(1 for d in days if period.analysed_from <= d <= period.end)
        if n >= MIN_DAYS_FOR_A_PERIOD:
            counted[period.arm] += 1
    return min(counted.values()) >= 2


def paired_periods(design: TrialDesign, days: Mapping[date, float]) -> PairedPeriods:
    """In each pair, mean pain on magnesium minus off it (analysed days only)."""
    from scipy.special import stdtrit  # t quantiles; scipy.stats takes seconds to import

    comparisons = []
    periods = design.periods
    for pair in range(1, design.pairs + 1):
        means: dict[Arm, float | None] = {}
        these = [p for p in periods if p.pair == pair]
        for period in these:
            values = [v for d, v in days.items() if period.analysed_from <= d <= period.end]
            means[period.arm] = (
                sum(values) / len(values) if len(values) >= MIN_DAYS_FOR_A_PERIOD else None
            )
        comparisons.append(
            PairComparison(
                pair=pair,
                order="".join(p.arm.value for p in these),
                mean_on=means.get(Arm.MAGNESIUM),
                mean_off=means.get(Arm.NO_MAGNESIUM),
            )
        )
    diffs = [c.difference for c in comparisons if c.difference is not None]
    favour = sum(1 for d in diffs if d < 0)
    mean = sum(diffs) / len(diffs) if diffs else None
    low = high = None
    if len(diffs) >= 2 and mean is not None:
        sd = math.sqrt(sum((d - mean) ** 2 for d in diffs) / (len(diffs) - 1))
        q = float(stdtrit(len(diffs) - 1, 0.975))
        low, high = mean - q * sd / math.sqrt(len(diffs)), mean + q * sd / math.sqrt(len(diffs))
    if not diffs:
        summary = "No pair of periods is complete yet."
    else:
        summary = (
            f"Pain was lower on magnesium in {favour} of {len(diffs)} complete pairs; "
            f"on average {_fmt(mean or 0.0)} points"
            + (
                f" (95% interval {_fmt(low)} to {_fmt(high)})"
                if low is not None and high is not None
                else ""
            )
            + "."
        )
        if len(diffs) < 5:
            pairs = "1 pair" if len(diffs) == 1 else f"{len(diffs)} pairs"
            summary += (
                f" With {pairs} this simple check can never be conclusive on its own (by chance "
                f"alone every pair favours magnesium 1 time in {2 ** len(diffs)}); it shows "
                "whether the main answer rests on one period."
            )
    return PairedPeriods(
        pairs=tuple(comparisons),
        complete_pairs=len(diffs),
        favour_magnesium=favour,
        mean_difference=mean,
        ci_low=low,
        ci_high=high,
        summary=summary,
    )


def count_adherence(design: TrialDesign, taken: Mapping[date, bool], until: date) -> AdherenceCount:
    on_taken = on_missed = on_unknown = off_taken = 0
    day = design.start
    while day <= min(until, design.end):
        where = design.day(day)
        assert where is not None
        record = taken.get(day)
        if where.arm is Arm.MAGNESIUM:
            if record is True:
                on_taken += 1
            elif record is False:
                on_missed += 1
            else:
                on_unknown += 1
        elif record is True:
            off_taken += 1
        day += timedelta(days=1)
    return AdherenceCount(on_taken, on_missed, on_unknown, off_taken)


def followed_schedule(design: TrialDesign, when: date, taken: Mapping[date, bool]) -> bool:
    """True when the day went as scheduled: magnesium recorded as taken on an A day, and not
    taken on a B day (a B day with nothing recorded counts as not taken)."""
    where = design.day(when)
    if where is None:
        return False
    record = taken.get(when)
    return record is True if where.arm is Arm.MAGNESIUM else record is not True


def _fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.1f}".replace("-0.0", "0.0")


def _limits(design: TrialDesign, adherence: AdherenceCount, stopped: bool) -> list[str]:
    limits = []
    if not design.placebo:
        limits.append(
            "The trial was not blinded: you knew when you took magnesium, and expecting it to "
            "help can lower pain by itself. A pharmacist can make look-alike placebo capsules "
            "for the no-magnesium periods, which removes this bias."
        )
    limits.append(
        "It tests magnesium for you, at this dose, over these weeks: it says nothing about "
        "other people, and pain that changes for other reasons (a new exercise routine, "
        "work, sleep) in some periods more than others can still mislead."
    )
    if adherence.on_days_unrecorded:
        limits.append(
            f"On {adherence.on_days_unrecorded} magnesium days nothing was recorded about "
            "taking it; the per-adherence result leaves those days out."
        )
    if stopped:
        limits.append(
            "The trial was stopped early, so there are fewer periods than planned and the "
            "answer is rougher."
        )
    return limits


def analyse_trial(
    design: TrialDesign,
    pain_days: Sequence[PainDay],
    taken: Mapping[date, bool],
    *,
    today: date,
    stopped_on: date | None = None,
) -> TrialResult:
    """The trial's answer so far (see the module docs). `taken`: per date, whether magnesium
    was taken (True), skipped (False); dates not in it are unrecorded."""
    last = min(d for d in (today, stopped_on, design.end) if d is not None)
    days = _rated_days(design, pain_days, last)
    status = _status(design, today, stopped_on)
    adherence = count_adherence(design, taken, last)
    paired = paired_periods(design, days)
    limits = _limits(design, adherence, status == "stopped early")
    if not _enough(design, days):
        return _not_enough_yet(design, days, status, stopped_on, last, paired, adherence, limits)

    observed = analysed_days(design, days)
    off = [p for p, on in zip(observed.pain, observed.on, strict=True) if not on]
    mic = minimal_important_change(sum(off) / len(off))
    assigned = estimate_effect(observed, mic)
    kept = {d: v for d, v in days.items() if followed_schedule(design, d, taken)}
    per_adherence = (
        estimate_effect(analysed_days(design, kept), mic) if _enough(design, kept) else None
    )
    verdict = classify(assigned.effect, assigned.ci_low, assigned.ci_high, mic)
    elapsed = _days_elapsed(design, last)
    if status in {"running", "not started"}:
        limits.insert(
            0,
            f"The trial is still running (day {elapsed} of {design.total_days}): an answer "
            "before the end is provisional and can change.",
        )
    return TrialResult(
        status=status,
        days_elapsed=elapsed,
        total_days=design.total_days,
        pain_days=len(days),
        verdict=verdict,
        verdict_text=VERDICT_WORDS[verdict],
        explanation=_explain(verdict, assigned, per_adherence, mic, adherence),
        as_assigned=assigned,
        per_adherence=per_adherence,
        paired=paired,
        adherence=adherence,
        mic_points=mic,
        limits=tuple(limits),
        detection_note=detection_note(
            design,
            PainNoise(assigned.noise_sd, max(assigned.autocorrelation, 0.0), len(days)),
            missing_share=_missing_share(design, days, last),
        ),
    )


def _rated_days(design: TrialDesign, pain_days: Sequence[PainDay], last: date) -> dict[date, float]:
    """Pain per date, for the trial's dates up to `last`."""
    return {
        d.date: d.pain
        for d in pain_days
        if design.start <= d.date <= last and design.day(d.date) is not None
    }


def _days_elapsed(design: TrialDesign, last: date) -> int:
    return max(0, min((last - design.start).days + 1, design.total_days))


def _status(design: TrialDesign, today: date, stopped_on: date | None) -> str:
    if stopped_on is not None and stopped_on < design.end:
        return "stopped early"
    if today < design.start:
        return "not started"
    if today >= design.end:
        return "finished"
    return "running"


def _not_enough_yet(
    design: TrialDesign,
    days: Mapping[date, float],
    status: str,
    stopped_on: date | None,
    last: date,
    paired: PairedPeriods,
    adherence: AdherenceCount,
    limits: list[str],
) -> TrialResult:
    """The result while too few periods have pain ratings: what is missing, and no verdict."""
    need = (
        f"at least two magnesium and two no-magnesium periods with {MIN_DAYS_FOR_A_PERIOD} "
        "or more pain ratings after their wash-in days"
    )
    explanation = (
        f"So far {len(days)} days have a pain rating. The answer needs {need}: with fewer, "
        "magnesium cannot be told apart from pain changing over time. Rate your pain "
        "every day."
    )
    if status == "stopped early":
        explanation = (
            f"The trial was stopped on {stopped_on} with {len(days)} days of pain ratings; "
            f"a result needs {need}."
        )
    return TrialResult(
        status=status,
        days_elapsed=_days_elapsed(design, last),
        total_days=design.total_days,
        pain_days=len(days),
        verdict=Verdict.NOT_ENOUGH_DATA,
        verdict_text="not enough data yet",
        explanation=explanation,
        as_assigned=None,
        per_adherence=None,
        paired=paired,
        adherence=adherence,
        mic_points=None,
        limits=tuple(limits),
    )


def _missing_share(design: TrialDesign, days: Mapping[date, float], last: date) -> float:
    analysed = [
        p.analysed_from + timedelta(days=k)
        for p in design.periods
        for k in range((p.end - p.analysed_from).days + 1)
        if p.analysed_from + timedelta(days=k) <= last
    ]
    return 1.0 - sum(1 for d in analysed if d in days) / len(analysed) if analysed else 0.0


def _explain(
    verdict: Verdict,
    est: EffectEstimate,
    per_adherence: EffectEstimate | None,
    mic: float,
    adherence: AdherenceCount,
) -> str:
    parts = [
        f"Average pain was {_fmt(est.mean_on)}/10 on {est.days_on} magnesium days and "
        f"{_fmt(est.mean_off)}/10 on {est.days_off} days without it (wash-in days left out).",
        f"Allowing for pain drifting over the weeks ({est.trend_per_week:+.2f} points a week) "
        "and for good and bad days coming in runs, magnesium changed pain by "
        f"{_fmt(est.effect)} points (95% interval {_fmt(est.ci_low)} to {_fmt(est.ci_high)}).",
        f"The chance that magnesium lowers your pain at all is {est.prob_lower:.0%}; that it "
        f"lowers it by a meaningful amount ({_fmt(mic)} points or more) is "
        f"{est.prob_meaningful:.0%}.",
    ]
    if verdict is Verdict.IMPROVED:
        parts.append("That is a clear, meaningful benefit for you.")
    elif verdict is Verdict.SMALL_CHANGE:
        parts.append("Pain was clearly lower, but by less than people usually notice.")
    elif verdict is Verdict.WORSE:
        parts.append(
            "Pain was clearly higher on magnesium; magnesium does not look worth continuing. "
            "If pain keeps rising, see your clinician."
        )
    else:
        parts.append(
            "The interval includes no difference at all, so this trial cannot tell magnesium "
            "from the usual ups and downs."
        )
    if per_adherence is not None:
        parts.append(
            f"Counting only days that went as scheduled, the change was "
            f"{_fmt(per_adherence.effect)} points ({_fmt(per_adherence.ci_low)} to "
            f"{_fmt(per_adherence.ci_high)})."
        )
    elif adherence.on_days_taken == 0:
        parts.append(
            "No magnesium doses were recorded as taken, so there is no per-adherence result "
            "(record each day whether you took it)."
        )
    return " ".join(parts)


__all__ = [
    "DEFAULT_PAIRS",
    "DEFAULT_PERIOD_DAYS",
    "DEFAULT_WASHIN_DAYS",
    "MIN_ANALYSED_DAYS_PER_PERIOD",
    "PAIRS_RANGE",
    "PERIOD_DAYS_RANGE",
    "TRIAL_SOURCES",
    "AnalysedDays",
    "Arm",
    "EffectEstimate",
    "Period",
    "TrialDay",
    "TrialDesign",
    "TrialNotSafe",
    "TrialResult",
    "analyse_trial",
    "analysed_days",
    "check_design",
    "design_trial",
    "detection_note",
    "detection_rate",
    "estimate_effect",
    "estimate_noise",
    "paired_periods",
    "randomise_sequence",
    "simulate_pain",
    "trial_calendar",
]
