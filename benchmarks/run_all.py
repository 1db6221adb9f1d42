"""Run every benchmark script in this folder, one after another, and print their figures.

`make bench` calls this. Each script is standalone (`python benchmarks/NAME.py`); timings on a
shared 2-core machine are noisy, so the scripts report ratios measured in the same run.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    failures = 0
    for script in sorted(HERE.glob("*.py")):
        if script.name == Path(__file__).name:
            continue
        print(f"\n=== {script.name} ===", flush=True)
        failures += subprocess.call([sys.executable, str(script)]) != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
