"""Whole commands as a person feels them: start-up, `foods parse`, `pain`, `plan`, `report`.

Each command runs as a fresh process (`.venv/bin/magcoach ...`), the way a person types it, on
a diary of six weeks (the demo's: imported food diary, daily pain, a supplement, an event).
Every figure is the median of several runs; the start-up target is a ratio against
`python -c "import typer"` measured in the same run, because the shared machine is noisy.

Targets (issue 10): `--help` ≤ 2× importing typer; `foods parse` and `pain` ≤ 0.25 s median;
`plan` < 1 s (its solver time is reported apart); `report` (6 weeks) < 3 s.

`--compare DIR` also times another checkout's `src` (e.g. `git archive BASE src | tar -x -C
DIR`), alternating run by run with this one so both see the same machine load.

Commands run as an installed magcoach runs: with compiled bytecode. PYTHONDONTWRITEBYTECODE
is dropped from their environment and each command runs once untimed first (that run writes
the `.pyc` files pip would have written at install); with it set, every run compiled every
magcoach module again, about 0.05 s that no installed copy pays.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

BIN = Path(sys.executable).parent
MAGCOACH = str(BIN / "magcoach")
TODAY = "2026-06-15"
PLAN_DAY = "2026-05-24"  # the demo's plan day: a shortfall, so the food plan is solved


def run(args: Sequence[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return seconds, done.stdout


def prepare(home: Path, src: Path | None) -> dict[str, str]:
    """A data directory with the demo's six-week diary (the demo builds the food database)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(MAGCOACH_DEMO_HOME=str(home), MAGCOACH_HOME=str(home))
    if src is not None:
        env["PYTHONPATH"] = str(src)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "magcoach.demo"], env=env, check=True, capture_output=True
    )
    print(f"demo diary prepared in {time.perf_counter() - started:.1f} s (not timed)")
    return {**env, "MAGCOACH_TODAY": TODAY}


def commands(tmp: Path) -> list[tuple[str, list[str], dict[str, str], int]]:
    """(name, argv, extra environment, runs divisor)."""
    return [
        ("python -c 'import typer'", [sys.executable, "-c", "import typer"], {}, 1),
        ("magcoach --help", [MAGCOACH, "--help"], {}, 1),
        ("magcoach foods parse", [MAGCOACH, "foods", "parse", "1 cup cooked spinach"], {}, 1),
        ("magcoach foods parse (almonds)", [MAGCOACH, "foods", "parse", "30 g almonds"], {}, 1),
        ("magcoach pain", [MAGCOACH, "pain", "3", "--at", f"{TODAY} 07:00"], {}, 1),
        ("magcoach plan", [MAGCOACH, "plan"], {"MAGCOACH_TODAY": PLAN_DAY}, 2),
        (
            "magcoach report (6 weeks, PDF)",
            [MAGCOACH, "report", "--from", "2026-05-04", "--pdf", str(tmp / "r.pdf")],
            {},
            2,
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compare", type=Path, help="another checkout (with src/) to time too")
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "7")))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        setups = {"this": prepare(tmp / "this", None)}
        if args.compare is not None:
            setups["compare"] = prepare(tmp / "compare", args.compare.resolve() / "src")
        figures: dict[str, dict[str, float]] = {name: {} for name in setups}
        solved: dict[str, str] = {}
        for name, argv, extra, divisor in commands(tmp):
            times: dict[str, list[float]] = {label: [] for label in setups}
            for env in setups.values():  # untimed: compiles bytecode, warms the disk cache
                run(argv, {**env, **extra})
            for _ in range(max(3, args.runs // divisor)):
                for label, env in setups.items():  # alternate: both see the same load
                    seconds, out = run(argv, {**env, **extra})
                    times[label].append(seconds)
                    if found := re.search(r"solved in (\d+ ms)", out):
                        solved[label] = found.group(1)
            for label in setups:
                figures[label][name] = statistics.median(times[label])
    _print(figures, solved, args.runs)
    return 0


def _print(figures: dict[str, dict[str, float]], solved: dict[str, str], runs: int) -> None:
    targets = {
        "magcoach --help": "≤ 2× typer",
        "magcoach foods parse": "≤ 0.25 s",
        "magcoach foods parse (almonds)": "≤ 0.25 s",
        "magcoach pain": "≤ 0.25 s",
        "magcoach plan": "< 1 s",
        "magcoach report (6 weeks, PDF)": "< 3 s",
    }
    labels = list(figures)
    print(f"\nmedian of {runs} runs (plan and report: {max(3, runs // 2)}), seconds")
    both = "compare" in figures
    print(
        f"  {'command':<32}"
        + "".join(f"{label:>10}" for label in labels)
        + (f"{'this/compare':>14}" if both else "")
        + "   target"
    )
    for name in figures["this"]:
        cells = "".join(f"{figures[label][name]:10.3f}" for label in labels)
        if both:
            cells += f"{figures['this'][name] / figures['compare'][name]:14.2f}"
        print(f"  {name:<32}{cells}   {targets.get(name, '')}")
    for label in labels:
        typer_s = figures[label]["python -c 'import typer'"]
        ratio = figures[label]["magcoach --help"] / typer_s
        solve = solved.get(label, "not shown")
        print(f"  {label}: --help is {ratio:.2f}× importing typer; plan's solver alone: {solve}")


if __name__ == "__main__":
    sys.exit(main())
