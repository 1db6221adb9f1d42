"""How honest is `magcoach trial result`? Simulated trials with a known truth.

The default design (3 pairs of 14-day periods, 5 wash-in days, a fresh random order per
trial). Daily pain: 6/10 off magnesium, AR(1) noise with phi 0, 0.3 or 0.6 and a standard
deviation of 1.5 points, rated in whole points 0-10; magnesium lowers pain by 0, 1, 2 or 3
points, building up (and fading) over 3 days; 0%, 15% or 30% of days missing at random.

Per cell: how often a benefit is claimed (the whole 95% interval below 0: false claims when
the true effect is 0, power otherwise), how often the interval covers the true effect, how
often the verdict is "a meaningful amount", and the power `trial.detection_rate` predicts
(the figure people see in `magcoach trial plan`). Targets: false claims <= 5% in every cell;
coverage 93-97% (pooled over the effects of each phi x missing row, 4 x RUNS trials, so
that chance alone rarely moves it by more than 1 point).

The predicted power must stay within 8 points of the simulated one for a 2-point effect
(the figure shown to people).

Run: python benchmarks/trial_calibration.py [--runs N]   (default 400 per cell, 2 processes;
about 2 minutes on an idle 2-core machine)
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from datetime import date
from multiprocessing import Pool

from magcoach.outcomes import Verdict, classify, minimal_important_change
from magcoach.trial import (
    analysed_days,
    design_trial,
    detection_rate,
    estimate_effect,
    simulate_pain,
)

START = date(2026, 1, 5)
PHIS = (0.0, 0.3, 0.6)
MISSING = (0.0, 0.15, 0.3)
EFFECTS = (0.0, 1.0, 2.0, 3.0)
NOISE_SD = 1.5
BASELINE = 6.0


@dataclass(frozen=True)
class Cell:
    phi: float
    missing: float
    effect: float
    runs: int
    claims: int
    covered: int
    meaningful: int
    predicted: float
    seconds: float


def run_cell(args: tuple[float, float, float, int]) -> Cell:
    phi, missing, effect, runs = args
    claims = covered = meaningful = 0
    started = time.perf_counter()
    predicted = 0.0
    for run in range(runs):
        seed = hash((phi, missing, effect)) % 100_000 * 10_000 + run
        design = design_trial(START, seed, dose_mg=250, dose_times=("13:00",), form="test")
        if run == 0:
            predicted = detection_rate(
                design, effect, autocorrelation=phi, noise_sd=NOISE_SD, missing_share=missing
            )
        pain = simulate_pain(
            design,
            effect_points=-effect,
            autocorrelation=phi,
            noise_sd=NOISE_SD,
            baseline=BASELINE,
            missing_share=missing,
            seed=seed,
        )
        observed = analysed_days(design, {p.date: p.pain for p in pain})
        off = [p for p, on in zip(observed.pain, observed.on, strict=True) if not on]
        mic = minimal_important_change(sum(off) / len(off))
        est = estimate_effect(observed, mic)
        claims += est.ci_high < 0
        covered += est.ci_low <= -effect <= est.ci_high
        meaningful += classify(est.effect, est.ci_low, est.ci_high, mic) is Verdict.IMPROVED
    return Cell(
        phi, missing, effect, runs, claims, covered, meaningful, predicted,
        time.perf_counter() - started,
    )  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=400, help="simulated trials per cell")
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()
    jobs = [(phi, m, e, args.runs) for phi in PHIS for m in MISSING for e in EFFECTS]
    t0 = time.perf_counter()
    with Pool(args.processes) as pool:
        cells = pool.map(run_cell, jobs)
    wall = time.perf_counter() - t0
    print(
        f"{args.runs} simulated trials per cell; 3 pairs x 14 days, 5 wash-in days; noise SD "
        f"{NOISE_SD}; pain {BASELINE:g}/10 off magnesium, whole points"
    )
    print(
        f"{'phi':>4} {'missing':>7} {'effect':>6} {'benefit claimed':>15} {'covered':>8} "
        f"{'meaningful':>10} {'predicted':>9}"
    )
    failures = []
    for c in cells:
        print(
            f"{c.phi:>4} {c.missing:>7.0%} {c.effect:>6g} {c.claims / c.runs:>15.1%} "
            f"{c.covered / c.runs:>8.1%} {c.meaningful / c.runs:>10.1%} {c.predicted:>9.1%}"
        )
        if c.effect == 0 and c.claims / c.runs > 0.05:
            rate = c.claims / c.runs
            failures.append(f"false benefit {rate:.1%} at phi {c.phi}, {c.missing:.0%}")
    print("\nCoverage pooled over the effects (target 93-97%):")
    for phi in PHIS:
        for m in MISSING:
            row = [c for c in cells if c.phi == phi and c.missing == m]
            share = sum(c.covered for c in row) / sum(c.runs for c in row)
            print(f"  phi {phi:<4} missing {m:>4.0%}: {share:.1%}")
            if not 0.93 <= share <= 0.97:
                failures.append(f"coverage {share:.1%} at phi {phi}, {m:.0%} missing")
    for c in cells:
        if c.effect == 2.0 and abs(c.claims / c.runs - c.predicted) > 0.08:
            failures.append(
                f"predicted power {c.predicted:.0%} vs simulated {c.claims / c.runs:.0%} at "
                f"phi {c.phi}, {c.missing:.0%} missing"
            )
    print("\nPower (benefit claimed) by true effect, over all phi and missing shares:")
    for e in EFFECTS[1:]:
        row = [c for c in cells if c.effect == e]
        print(f"  {e:g} points: {sum(c.claims for c in row) / sum(c.runs for c in row):.1%}")
    fits = sum(c.runs for c in cells)
    cpu = sum(c.seconds for c in cells)
    print(f"\n{fits} analyses in {wall:.0f} s wall ({cpu / fits * 1000:.1f} ms per analysis)")
    for failure in failures:
        print("FAIL:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
