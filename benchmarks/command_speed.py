"""Whole commands as a person feels them: start-up, `foods parse`, `pain`, `plan`, `report`.

Each command runs as a fresh process (`.venv/bin/magcoach ...`), the way a person types it, on
a diary of six weeks (the demo's: imported food diary, daily pain, a supplement, an event).
Every figure is the median of several runs; the start-up target is a ratio against
`python -c "import typer"` measured in the same run, because the shared machine is noisy.

Targets (issue 10): `--help` ≤ 2× importing typer; `foods parse` and `pain` ≤ 0.25 s median;
`plan` < 1 s (its solver time is reported apart); `report` (6 weeks) < 3 s.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
MAGCOACH = str(BIN / "magcoach")
TODAY = "2026-06-15"


def timed(args: Sequence[str], env: dict[str, str], runs: int) -> tuple[float, str]:
    """(median seconds, last stdout) over `runs` fresh processes; stops on a failing command."""
    times = []
    out = ""
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(args, env=env, capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        out = done.stdout
    return statistics.median(times), out


def prepare(home: Path) -> dict[str, str]:
    """A data directory with the demo's six-week diary (the demo builds the food database)."""
    env = {**os.environ, "MAGCOACH_DEMO_HOME": str(home), "MAGCOACH_HOME": str(home)}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "magcoach.demo"], env=env, check=True, capture_output=True
    )
    print(f"demo diary prepared in {time.perf_counter() - started:.1f} s (not timed below)")
    return {**env, "MAGCOACH_TODAY": TODAY}


def main() -> int:
    runs = int(os.environ.get("BENCH_RUNS", "7"))
    with tempfile.TemporaryDirectory() as tmp:
        env = prepare(Path(tmp) / "home")
        typer_s, _ = timed([sys.executable, "-c", "import typer"], env, runs)
        help_s, _ = timed([MAGCOACH, "--help"], env, runs)
        parse_s, _ = timed([MAGCOACH, "foods", "parse", "1 cup cooked spinach"], env, runs)
        pain_s, _ = timed([MAGCOACH, "pain", "3", "--at", "2026-06-15 07:00"], env, runs)
        # The demo's plan day: three weeks of diary, a shortfall, so the food plan is solved.
        plan_env = {**env, "MAGCOACH_TODAY": "2026-05-24"}
        plan_s, plan_out = timed([MAGCOACH, "plan"], plan_env, max(3, runs // 2))
        report_s, _ = timed(
            [MAGCOACH, "report", "--from", "2026-05-04", "--pdf", str(Path(tmp) / "r.pdf")],
            env,
            max(3, runs // 2),
        )
    solved = re.search(r"solved in (\d+ ms)", plan_out)
    rows = [
        ("python -c 'import typer'", typer_s, "—"),
        ("magcoach --help", help_s, f"{help_s / typer_s:.2f}× typer (target ≤ 2×)"),
        ("magcoach foods parse", parse_s, "target ≤ 0.25 s"),
        ("magcoach pain", pain_s, "target ≤ 0.25 s"),
        (
            "magcoach plan",
            plan_s,
            "target < 1 s" + (f"; solver alone: {solved.group(1)}" if solved else ""),
        ),
        ("magcoach report (6 weeks, PDF)", report_s, "target < 3 s"),
    ]
    print(f"median of {runs} runs (plan and report: {max(3, runs // 2)})")
    for name, seconds, note in rows:
        print(f"  {name:<32} {seconds:6.3f} s   {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
