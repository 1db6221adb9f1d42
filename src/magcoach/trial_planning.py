"""Planning figures for the personal trial: how often trials like yours detect an effect,
from the person's own day-to-day pain noise."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from magcoach.outcomes import PainDay
from magcoach.trial_design import TrialDesign
from magcoach.trial_stats import _fit_ar1_grid, _phi_grid, _whiten, analysed_days


def detection_rate(
    design: TrialDesign,
    effect_points: float,
    *,
    autocorrelation: float,
    noise_sd: float,
    missing_share: float = 0.1,
    patterns: int = 24,
) -> float:
    """The share of trials like this one that would end with the whole interval below 0
    (a clear benefit) when magnesium truly lowers pain by `effect_points`: a normal
    approximation from the design's information matrix with AR(1) errors, averaged over
    `patterns` fixed random patterns of unrated days, checked against simulation in
    `benchmarks/trial_calibration.py`."""
    import numpy as np
    from scipy.special import ndtr, stdtrit

    every_day = {p.start + timedelta(days=k): 0.0 for p in design.periods for k in range(p.days)}
    obs = analysed_days(design, every_day)
    t_all = np.asarray(obs.days, dtype=float)
    on_all = np.asarray(obs.on, dtype=float)
    # The analysis does not know phi and integrates over it, which widens its interval
    # about as much as phi one standard error higher would (measured in the benchmark).
    phi = min(max(autocorrelation, 0.0), 0.9)
    phi = min(phi + math.sqrt((1 - phi**2) / (len(t_all) * (1 - missing_share))), 0.95)
    rng = np.random.default_rng(20261202)  # the same patterns every time: a stable figure
    rates = []
    for _ in range(patterns if missing_share > 0 else 1):
        keep = rng.random(len(t_all)) >= missing_share
        t, on = t_all[keep], on_all[keep]
        if on.sum() < 2 or (1 - on).sum() < 2:
            rates.append(0.0)
            continue
        x = np.column_stack([np.ones_like(t), on, (t - t.mean()) / 7.0])
        xw = _whiten(t, x, [phi])[0][0]
        se = noise_sd * math.sqrt(float(np.linalg.inv(xw.T @ xw)[1, 1]))
        q = float(stdtrit(max(len(t) - 3, 1), 0.975))
        rates.append(float(ndtr(abs(effect_points) / se - q)))
    return float(np.mean(rates))


TYPICAL_NOISE_SD = 1.5  # day-to-day SD of pain assumed before a diary shows its own
TYPICAL_AUTOCORRELATION = 0.3
TYPICAL_MISSING_SHARE = 0.1
MIN_DAYS_FOR_OWN_NOISE = 21


@dataclass(frozen=True)
class PainNoise:
    """How much daily pain moves around its trend, and how much a day resembles the last."""

    noise_sd: float
    autocorrelation: float
    days: int  # pain days it was estimated from; 0 = typical values assumed

    @property
    def source(self) -> str:
        if not self.days:
            return (
                f"typical values (day-to-day SD {self.noise_sd:g} points, day-to-day "
                f"correlation {self.autocorrelation:g}); your diary has too few pain days to "
                "estimate your own"
            )
        return (
            f"your last {self.days} pain ratings (day-to-day SD {self.noise_sd:.1f} points, "
            f"correlation {self.autocorrelation:.2f})"
        )


def estimate_noise(pain_days: Sequence[PainDay]) -> PainNoise:
    """The person's own day-to-day noise from their diary (level + trend + AR(1)), or typical
    values when there are fewer than 21 ratings."""
    import numpy as np

    if len(pain_days) < MIN_DAYS_FOR_OWN_NOISE:
        return PainNoise(TYPICAL_NOISE_SD, TYPICAL_AUTOCORRELATION, 0)
    ordered = sorted(pain_days, key=lambda d: d.date)
    t = np.asarray([d.date.toordinal() for d in ordered], dtype=float)
    y = np.asarray([d.pain for d in ordered], dtype=float)
    weeks = (t - t.mean()) / 7.0
    fit = _fit_ar1_grid(t, y, np.column_stack([np.ones_like(t), weeks, weeks**2]))
    sd = float((fit.weights * fit.sigma).sum())
    phi = float((fit.weights * _phi_grid()).sum())
    return PainNoise(max(sd, 0.3), max(phi, 0.0), len(pain_days))


def detection_note(
    design: TrialDesign, noise: PainNoise, missing_share: float = TYPICAL_MISSING_SHARE
) -> str:
    """The planning figure people see: "trials like yours detect a 2-point effect N% of the
    time"."""
    rate = detection_rate(
        design,
        2.0,
        autocorrelation=noise.autocorrelation,
        noise_sd=noise.noise_sd,
        missing_share=missing_share,
    )
    return (
        f"Trials like yours ({design.pairs} pairs of {design.period_days}-day periods, "
        f"{missing_share:.0%} of days unrated, pain as variable as {noise.source}) detect a "
        f"2-point effect about {rate:.0%} of the time (magcoach's simulation check: "
        "benchmarks/trial_calibration.py)."
    )
