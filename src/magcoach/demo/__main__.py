"""`make demo`: the whole journey on an embedded demo person, clearly labelled as demo data.

Each step runs the real command line against a demo data directory (`out/demo` under the
current folder, or MAGCOACH_DEMO_HOME), so the demo shows exactly what a new user would see
and never touches the user's own diary. The demo moves its clock (MAGCOACH_TODAY) through
Dana's invented six weeks, so every run prints the same figures.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Sequence
from datetime import date, datetime, time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BANNER = "DEMO DATA: Dana is an invented person, not a real patient."
PERSON = "Dana (demo)"
SUPPLEMENT = "Magnesium glycinate"
DEMO_TODAY = "2026-06-15"


def run(args: Sequence[str]) -> None:
    """Run one magcoach command as a person would type it; stop the demo if it fails."""
    from magcoach.cli import app

    print(f"\n$ magcoach {' '.join(_quoted(a) for a in args)}", flush=True)
    try:
        app(list(args), standalone_mode=False)
    except SystemExit as exc:
        if exc.code:
            raise


def on_day(day: str, why: str) -> None:
    """Move the demo's clock (MAGCOACH_TODAY) so each step happens when it would in real life."""
    os.environ["MAGCOACH_TODAY"] = day
    print(f"\n[demo clock: {date.fromisoformat(day):%d %B %Y}, {why}]")


def _quoted(arg: str) -> str:
    return f'"{arg}"' if " " in arg else arg


def fresh_home() -> Path:
    """The demo's data directory, emptied of diary and reports (the food database is kept)."""
    home = Path(os.environ.get("MAGCOACH_DEMO_HOME") or Path.cwd() / "out" / "demo").resolve()
    home.mkdir(parents=True, exist_ok=True)
    for stale in (*home.glob("magcoach.sqlite*"), *home.glob("reports/*"), *home.glob("*.png")):
        stale.unlink()
    return home


def load_journal(path: Path) -> tuple[int, int, int]:
    """Record the demo journal (daily pain, capsules taken, events) through the store.

    Returns (pain ratings, doses, events) recorded.
    """
    from magcoach.cli.common import now, settings
    from magcoach.store.db import open_store
    from magcoach.store.service import add_event, add_pain, get_person, take_supplement

    counts = [0, 0, 0]
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    with open_store(settings()).session() as session:
        person_id, _ = get_person(session, PERSON)
        for row in csv.DictReader(lines):
            day = date.fromisoformat(row["date"])
            add_pain(
                session,
                person_id,
                at=datetime.combine(day, time(20, 0)),
                pain=float(row["pain"]),
                activity=float(row["activity"]),
                sleep=float(row["sleep"]),
                location="lower-back",
                now=now(),
            )
            counts[0] += 1
            if float(row["magnesium_capsules"]) > 0:
                take_supplement(
                    session,
                    person_id,
                    SUPPLEMENT,
                    units=float(row["magnesium_capsules"]),
                    taken_at=datetime.combine(day, time(13, 0)),
                    now=now(),
                )
                counts[1] += 1
            if row["event"]:
                add_event(
                    session,
                    person_id,
                    at=datetime.combine(day, time(9, 0)),
                    text=row["event"],
                    kind="treatment",
                    now=now(),
                )
                counts[2] += 1
    return counts[0], counts[1], counts[2]


def main() -> None:
    home = fresh_home()
    os.environ["MAGCOACH_HOME"] = str(home)
    print(BANNER)
    print(f"Demo data directory: {home}")

    print("\n## 1. Could low magnesium be part of Dana's back pain? Is anything urgent?")
    on_day("2026-05-04", "the day Dana starts")
    run(["person", "add", PERSON, "--age", "47", "--sex", "female", "--weight-kg", "72",
         "--height-cm", "166", "--medicine", "omeprazole", "--drinks-per-day", "2"])  # fmt: skip
    run(["screen", "--person", PERSON, "--symptom", "muscle_cramps", "--symptom", "insomnia",
         "--symptom", "fatigue_weakness", "--risk-factor", "low_magnesium_diet"])  # fmt: skip

    print("\n## 2. How much magnesium does Dana get?")
    on_day(DEMO_TODAY, "six weeks later; her diary is imported from another app")
    run(["import", "csv", str(HERE / "diary.csv")])
    run(["supp", "add", SUPPLEMENT, "--form", "glycinate", "--elemental-mg", "100"])
    pains, doses, events = load_journal(HERE / "journal.csv")
    print(
        f"\n(Recorded from the demo journal: {pains} daily pain ratings, {doses} days of "
        f"{SUPPLEMENT}, {events} event.)"
    )
    run(["day", "2026-06-14"])
    run(["week", "--days", "42"])

    print("\n## 3. What should Dana change?")
    on_day("2026-05-24", "the plan as it looked after three weeks of diary, before any change")
    run(["plan"])

    print("\n## 4. Did it help?")
    on_day(DEMO_TODAY, "three weeks after starting magnesium")
    run(["did-it-help", "--supplement", SUPPLEMENT])
    run(["trends", "--days", "42", "--png", str(home / "trends.png")])
    run(["report"])

    print(f"\n{BANNER}\nEverything above lives in {home} (delete it when done).")
    print(
        "\nTo open Dana's diary in the browser: make web-demo\n"
        f"  (or: MAGCOACH_HOME={home} MAGCOACH_TODAY={DEMO_TODAY} magcoach serve)"
    )


if __name__ == "__main__":
    main()
