"""The personal trial's effect estimate: daily pain regressed on magnesium (on/off) and a
linear trend with AR(1) errors, Bayesian over a grid of phi (see `magcoach.trial`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from magcoach.trial_design import Arm, TrialDesign

PHI_GRID = (-0.45, 0.9, 28)  # phi from -0.45 to 0.9 in steps of 0.05


@dataclass(frozen=True)
class EffectEstimate:
    """Magnesium's effect on daily pain (on minus off; negative = less pain with magnesium)."""

    days_used: int
    days_on: int
    days_off: int
    effect: float  # posterior median, points
    ci_low: float
    ci_high: float
    prob_lower: float  # P(effect < 0)
    prob_meaningful: float  # P(effect <= -MIC)
    trend_per_week: float  # points per week, over the whole trial
    autocorrelation: float  # posterior mean of phi
    noise_sd: float  # day-to-day standard deviation of pain around the model, points
    mean_on: float
    mean_off: float


def _phi_grid() -> Any:
    import numpy as np

    low, high, steps = PHI_GRID
    return np.linspace(low, high, steps)


@dataclass(frozen=True)
class _Fit:
    """GLS fits over the phi grid: per grid point the estimates, scales and weights."""

    beta: Any  # (G, p)
    se_effect: Any  # (G,)
    weights: Any  # (G,) posterior weights of phi
    sigma: Any  # (G,)
    df: int


def _whiten(day_numbers: Any, values: Any, phis: Any) -> tuple[Any, Any]:
    """Prewhiten columns of `values` (n, k) for AR(1) errors with correlation
    phi^(gap in days) (`outcomes.ar1_correlation`), for every phi at once: the process is
    Markov, so each day is whitened against the previous recorded day alone. Returns the
    whitened values (G, n, k) and log det of each correlation matrix (G,); exact, and O(n)
    instead of a Cholesky factor per phi."""
    import numpy as np

    gaps = np.diff(np.asarray(day_numbers, dtype=float))
    carried = np.asarray(phis, dtype=float)[:, None] ** gaps[None, :]  # (G, n-1)
    scale = np.sqrt(1.0 - carried**2)
    z = np.asarray(values, dtype=float)
    out = np.empty((len(carried), *z.shape))
    out[:, 0, :] = z[0]
    out[:, 1:, :] = (z[None, 1:, :] - carried[..., None] * z[None, :-1, :]) / scale[..., None]
    return out, 2.0 * np.log(scale).sum(axis=1)


def _fit_ar1_grid(day_numbers: Any, pain: Any, design_matrix: Any) -> _Fit:
    """For each phi on the grid: GLS estimates, the effect's standard error and the marginal
    (REML) log likelihood; returns the posterior weights of phi (uniform prior)."""
    import numpy as np

    x = np.asarray(design_matrix, dtype=float)
    n, p = x.shape
    phis = _phi_grid()
    whitened, logdet_v = _whiten(
        day_numbers, np.column_stack([x, np.asarray(pain, dtype=float)]), phis
    )
    xw, yw = whitened[..., :p], whitened[..., p]
    xtx = np.einsum("gni,gnj->gij", xw, xw)
    xty = np.einsum("gni,gn->gi", xw, yw)
    beta = np.linalg.solve(xtx, xty[..., None])[..., 0]
    resid = yw - np.einsum("gnp,gp->gn", xw, beta)
    rss = np.maximum((resid**2).sum(axis=1), 1e-12)
    df = n - p
    xtx_inv = np.linalg.inv(xtx)
    _sign, logdet_xtx = np.linalg.slogdet(xtx)
    loglik = -0.5 * logdet_v - 0.5 * logdet_xtx - 0.5 * df * np.log(rss)
    weights = np.exp(loglik - loglik.max())
    weights /= weights.sum()
    sigma2 = rss / df
    return _Fit(
        beta=beta,
        se_effect=np.sqrt(sigma2 * xtx_inv[:, 1, 1]),
        weights=weights,
        sigma=np.sqrt(sigma2),
        df=df,
    )


def _mixture_cdf(x: Any, fit: _Fit) -> Any:
    import numpy as np
    from scipy.special import stdtr  # Student t CDF without scipy.stats' overhead

    z = (np.asarray(x, dtype=float)[..., None] - fit.beta[:, 1]) / fit.se_effect
    return (stdtr(fit.df, z) * fit.weights).sum(axis=-1)


def _mixture_quantiles(fit: _Fit, probs: Sequence[float]) -> list[float]:
    """Quantiles of the effect's posterior (a mixture of t distributions), by bisection."""
    import numpy as np

    target = np.asarray(probs, dtype=float)
    spread = float(fit.se_effect.max())
    low = np.full(len(target), float(fit.beta[:, 1].min()) - 15 * spread)
    high = np.full(len(target), float(fit.beta[:, 1].max()) + 15 * spread)
    for _ in range(40):  # interval width / 2^40: far below any printed digit
        mid = (low + high) / 2
        below = _mixture_cdf(mid, fit) < target
        low = np.where(below, mid, low)
        high = np.where(below, high, mid)
    return [float(v) for v in (low + high) / 2]


@dataclass(frozen=True)
class AnalysedDays:
    """Analysed days: day number, pain, on magnesium (1/0), and weeks since the start."""

    days: tuple[int, ...]
    pain: tuple[float, ...]
    on: tuple[int, ...]


def estimate_effect(observed: AnalysedDays, mic_points: float) -> EffectEstimate:
    """The model of the module docs, fitted to the analysed days."""
    import numpy as np

    t = np.asarray(observed.days, dtype=float)
    y = np.asarray(observed.pain, dtype=float)
    on = np.asarray(observed.on, dtype=float)
    weeks = (t - t.mean()) / 7.0
    x = np.column_stack([np.ones_like(t), on, weeks])
    fit = _fit_ar1_grid(t, y, x)
    low, median, high = _mixture_quantiles(fit, (0.025, 0.5, 0.975))
    prob_lower = float(_mixture_cdf(0.0, fit))
    prob_meaningful = float(_mixture_cdf(-mic_points, fit))
    return EffectEstimate(
        days_used=len(y),
        days_on=int(on.sum()),
        days_off=int(len(on) - on.sum()),
        effect=median,
        ci_low=low,
        ci_high=high,
        prob_lower=prob_lower,
        prob_meaningful=prob_meaningful,
        trend_per_week=float((fit.weights * fit.beta[:, 2]).sum()),
        autocorrelation=float((fit.weights * _phi_grid()).sum()),
        noise_sd=float((fit.weights * fit.sigma).sum()),
        mean_on=float(y[on == 1].mean()),
        mean_off=float(y[on == 0].mean()),
    )


def analysed_days(design: TrialDesign, days: Mapping[date, float]) -> AnalysedDays:
    rows = []
    for when, pain in sorted(days.items()):
        where = design.day(when)
        if where is None or not where.analysed:
            continue
        rows.append(((when - design.start).days, pain, int(where.arm is Arm.MAGNESIUM)))
    return AnalysedDays(
        days=tuple(r[0] for r in rows), pain=tuple(r[1] for r in rows), on=tuple(r[2] for r in rows)
    )
