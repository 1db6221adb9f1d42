"""How long do the outcomes analysis, the charts and the report take?

Run: python benchmarks/outcomes_report_speed.py (from the repository root).
"""

from __future__ import annotations

import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from magcoach.outcomes import IntakeDay, PainDay, did_it_help


def timed(label: str, fn, repeat: int = 3) -> None:  # type: ignore[no-untyped-def]
    best = min(_once(fn) for _ in range(repeat))
    print(f"{label:<52} {best * 1000:8.1f} ms")


def _once(fn) -> float:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def diary(n: int) -> tuple[list[PainDay], list[IntakeDay]]:
    rng = np.random.default_rng(1)
    start = date(2025, 1, 1)
    pain = np.clip(np.round(6 + rng.normal(0, 1.2, n)), 0, 10)
    mg = rng.normal(300, 60, n)
    return (
        [PainDay(start + timedelta(days=i), float(p)) for i, p in enumerate(pain)],
        [IntakeDay(start + timedelta(days=i), float(m)) for i, m in enumerate(mg)],
    )


def main() -> None:
    from report.conftest import make_report_data

    from magcoach.report.charts import pain_magnesium_chart
    from magcoach.report.render import build_charts, render_html, render_pdf

    for n in (60, 365, 1000):
        pain, intake = diary(n)
        change = pain[n // 2].date
        timed(f"did_it_help, {n} days, no association", lambda p=pain, c=change: did_it_help(p, c))
        timed(
            f"did_it_help + association (2000 block resamples), {n} days",
            lambda p=pain, c=change, i=intake: did_it_help(p, c, intake_days=i),
        )
    data = make_report_data()
    t = time.perf_counter()
    import matplotlib  # noqa: F401

    print(f"{'import matplotlib (first time)':<52} {(time.perf_counter() - t) * 1000:8.1f} ms")
    from magcoach.outcomes import build_trends

    trends = build_trends(data.pain_days, data.intake_days, data.events, data.period_start,
                          data.period_end, 320)  # fmt: skip
    timed("pain/magnesium chart, 61 days (PNG + SVG)", lambda: pain_magnesium_chart(trends))
    timed("all report charts", lambda: build_charts(data))
    timed("HTML report (inline SVG)", lambda: render_html(data))
    timed("PDF report (WeasyPrint)", lambda: render_pdf(data), repeat=2)
    print(f"PDF size: {len(render_pdf(data)) / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
