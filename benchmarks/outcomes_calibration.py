"""How honest is "did it help?"? Simulated diaries with a known truth.

For AR(1) day-to-day pain noise (phi 0, 0.3, 0.6, 0.8), windows of 14 and 28 days, pain rated
in whole points: how often the 95% interval misses the truth (target 5%), how often a
meaningful improvement is claimed when there is none (should stay <= 5%), and how often a real
3-point drop (7 -> 4) is called "improved by a meaningful amount" (power).
Run: python benchmarks/outcomes_calibration.py
"""

from __future__ import annotations

import time
from datetime import date, timedelta

import numpy as np

from magcoach.outcomes import PainDay, Verdict, did_it_help

START = date(2026, 1, 1)
RUNS = 1000


def paths(rng: np.random.Generator, runs: int, n: int, phi: float, sd: float) -> np.ndarray:
    noise = np.empty((runs, n))
    noise[:, 0] = rng.normal(0, sd, runs)
    shocks = rng.normal(0, sd * np.sqrt(1 - phi**2), (runs, n))
    for i in range(1, n):
        noise[:, i] = phi * noise[:, i - 1] + shocks[:, i]
    return noise


def simulate(phi: float, window: int, effect: float, mu: float, sd: float) -> tuple[float, float]:
    rng = np.random.default_rng(42)
    lag = 7
    n = 2 * window + lag
    step = np.where(np.arange(n) >= window, effect, 0.0)
    pains = np.clip(np.round(mu + step + paths(rng, RUNS, n, phi, sd)), 0, 10)
    change = START + timedelta(days=window)
    improved = missed = 0
    for row in pains:
        days = [PainDay(START + timedelta(days=i), float(p)) for i, p in enumerate(row)]
        r = did_it_help(days, change)
        improved += r.verdict is Verdict.IMPROVED
        assert r.ci_low is not None and r.ci_high is not None
        missed += not (r.ci_low <= effect <= r.ci_high)
    return improved / RUNS, missed / RUNS


def main() -> None:
    print(f"{RUNS} simulated diaries per row; 7 wash-in days; pain rounded to whole points")
    print(
        f"{'phi':>4} {'days/window':>11} {'false claims':>13} {'CI misses':>10} {'power 7->4':>11}"
    )
    t0 = time.perf_counter()
    for phi in (0.0, 0.3, 0.6, 0.8):
        for window in (14, 28):
            false_claims, misses = simulate(phi, window, 0.0, 5.0, 1.5)
            power, _ = simulate(phi, window, -3.0, 7.0, 1.0)
            print(f"{phi:>4} {window:>11} {false_claims:>13.1%} {misses:>10.1%} {power:>11.1%}")
    elapsed = time.perf_counter() - t0
    print(f"time per analysed diary: {elapsed / (RUNS * 16) * 1000:.2f} ms")


if __name__ == "__main__":
    main()
