"""`make demo`: the whole journey on an embedded demo profile, clearly labelled as demo data.

Each step runs the real command line in a private, throw-away data directory, so the demo
shows exactly what a new user would see and never touches the user's own diary.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

BANNER = "DEMO DATA — an invented person, not a real patient."


def run(args: Sequence[str]) -> None:
    from magcoach.cli import app

    print(f"\n$ magcoach {' '.join(args)}", flush=True)
    try:
        app(list(args), standalone_mode=False)
    except SystemExit as exc:  # a command's exit code ends the demo if it failed
        if exc.code:
            raise


def main() -> None:
    print(BANNER)
    home = Path(os.environ.get("MAGCOACH_DEMO_HOME") or tempfile.mkdtemp(prefix="magcoach-demo-"))
    os.environ["MAGCOACH_HOME"] = str(home)
    answers = Path(__file__).with_name("answers.toml")
    run(["screen", "--answers", str(answers)])
    print(f"\n{BANNER}\nDemo data directory: {home}")


if __name__ == "__main__":
    main()
