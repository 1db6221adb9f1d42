"""Made-up pain diaries with a known truth, for tests, demos and the calibration benchmark."""

from __future__ import annotations

import math
from datetime import timedelta

from magcoach.outcomes import PainDay
from magcoach.trial_design import Arm, TrialDesign


def simulate_pain(
    design: TrialDesign,
    *,
    effect_points: float,
    autocorrelation: float,
    noise_sd: float,
    baseline: float = 6.0,
    missing_share: float = 0.0,
    onset_days: int = 3,
    trend_per_week: float = 0.0,
    seed: int = 0,
) -> list[PainDay]:
    """A made-up pain diary for a design with a known truth, for tests, demos and the
    calibration benchmark: AR(1) noise, an effect that builds up (and fades) over
    `onset_days`, an optional drift, pain rated in whole points 0-10 and days missing at
    random."""
    import numpy as np

    rng = np.random.default_rng(seed)
    n = design.total_days
    noise = np.empty(n)
    noise[0] = rng.normal(0.0, noise_sd)
    shocks = rng.normal(0.0, noise_sd * math.sqrt(1 - autocorrelation**2), n)
    for i in range(1, n):
        noise[i] = autocorrelation * noise[i - 1] + shocks[i]
    dose = 0.0  # share of the full effect present, building up and fading
    pains = []
    for i in range(n):
        where = design.day(design.start + timedelta(days=i))
        assert where is not None
        target = 1.0 if where.arm is Arm.MAGNESIUM else 0.0
        step = 1.0 / max(onset_days, 1)
        dose = min(dose + step, target) if target > dose else max(dose - step, target)
        level = baseline + effect_points * dose + trend_per_week * i / 7.0 + noise[i]
        pains.append(float(np.clip(np.round(level), 0, 10)))
    keep = rng.random(n) >= missing_share
    return [PainDay(design.start + timedelta(days=i), pains[i]) for i in range(n) if keep[i]]
