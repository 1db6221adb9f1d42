"""Accuracy of free-text diary parsing against labelled entries.

Two labelled sets:

- data/diary_entries.csv (167 entries written by the team): one diary line per row with the
  USDA food a dietitian would pick (first id; further ids are records accepted as the same
  food), the grams of the USDA portion meant, and the magnesium that gives.
- data/food_entries.csv (built by label_food_entries.py from data/food_entries_spec.csv):
  household phrasing, drinks, coffee-shop sizes, sweets, brand-free fast food and mixed dishes,
  some naming several foods ("toast with peanut butter", labelled as the sum). Its `part`
  column: `tuning` entries; `heldout1`, written and labelled before any tuning, first run
  at 71/100 and used for tuning after that (data/heldout1_first_run.txt); `heldout2`, written
  and labelled after that, first run at 70/100 (data/heldout2_first_run.txt) and then also used
  for fixes; `heldout3`, written and labelled after that, run once with --heldout (first run
  in data/heldout3_first_run.txt). Texts already in an earlier part are left out of a part's
  score. A new held-out part must be written before generalisation can be measured again.

Every line goes through `parse_meal`, as `magcoach log` does. An entry is right when its
magnesium is within 20% of the label (or within 1 mg for foods with almost none). Misses are
sorted by cause: refused, several parts read as one (or one as several), wrong food, wrong
amount, or the same food with another USDA value.

`--entries PATH` scores another labelled file instead (same columns as food_entries.csv, e.g.
data/heldout4_entries.csv, kept apart so that whoever tunes the parser never sees it), only
the rows of `--part NAME` when given; texts already in the team set or food_entries.csv are
left out of its score. Held-out 4 to 8 live in such files, each written and labelled from
USDA records by someone who never ran the parser on them, each run once before any fix
(data/heldout<N>_first_run.txt) and seen after that.

    .venv/bin/python benchmarks/foods_accuracy.py [--db PATH] [--verbose] [--heldout]
    .venv/bin/python benchmarks/foods_accuracy.py --entries PATH [--part NAME] [--verbose]
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from magcoach.errors import MagcoachError
from magcoach.foods import parse_meal
from magcoach.foods.db import FoodDB, open_food_db
from magcoach.settings import Settings

DATA = Path(__file__).with_name("data")
TEAM_SET = DATA / "diary_entries.csv"
LABELLED_SET = DATA / "food_entries.csv"
TOLERANCE = 0.2


@dataclass(frozen=True)
class Outcome:
    text: str
    ok: bool
    food_ok: bool
    cause: str  # "" when right
    detail: str


def _within(got: float, expected: float, tolerance: float = TOLERANCE) -> bool:
    return abs(got - expected) <= tolerance * expected or abs(got - expected) <= 1.0


def judge(row: dict[str, str], db: FoodDB) -> Outcome:
    text = row["text"]
    groups = [g.split(";") for g in row["expected_food_ids"].split(" + ")]
    grams = [float(g) for g in row["expected_grams"].split(" + ")]
    expected_mg = float(row["expected_magnesium_mg"])
    try:
        entries = parse_meal(text, db)
    except MagcoachError as exc:
        return Outcome(text, False, False, "refused", exc.message)
    got_mg = sum(e.magnesium_mg or 0.0 for e in entries)
    got = "; ".join(
        f"{e.food.id} {e.food.description!r} {e.grams:.0f} g [{e.confidence}]" for e in entries
    )
    detail = (
        f"got {got}, Mg {got_mg:.1f}; expected {row['expected_food_ids']} "
        f"{row['expected_grams']} g, Mg {expected_mg:g}"
    )
    ok = _within(got_mg, expected_mg)
    if len(entries) != len(groups):
        food_ok = False
        cause = "parts"
    else:
        food_ok = all(e.food.id in ids for e, ids in zip(entries, groups, strict=True))
        grams_ok = all(_within(e.grams, g) for e, g in zip(entries, grams, strict=True))
        cause = "food" if not food_ok else "amount" if not grams_ok else "value"
    return Outcome(text, ok, food_ok, "" if ok else cause, detail)


def report(name: str, rows: list[dict[str, str]], db: FoodDB, verbose: bool) -> float:
    outcomes = [judge(row, db) for row in rows]
    n = len(outcomes)
    right = sum(o.ok for o in outcomes)
    foods = sum(o.food_ok for o in outcomes)
    causes = Counter(o.cause for o in outcomes if not o.ok)
    print(f"\n{name}: {n} entries")
    print(f"  magnesium within 20%:  {right / n:.1%} ({right}/{n})")
    print(f"  top-1 food (all parts): {foods / n:.1%} ({foods}/{n})")
    if causes:
        print("  misses by cause: " + ", ".join(f"{c} {k}" for k, c in causes.most_common()))
    misses = [o for o in outcomes if not o.ok]
    for o in misses if verbose else misses[:25]:
        print(f"    {o.cause:<7} {o.text!r}: {o.detail}")
    if not verbose and len(misses) > 25:
        print(f"    ... and {len(misses) - 25} more (--verbose)")
    return right / n


def _plain_text(text: str) -> str:
    """A diary line without articles or case, to spot the same entry in two parts."""
    return " ".join(w for w in text.lower().split() if w not in ("a", "an", "the"))


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _report_entries(path: Path, part: str | None, db: FoodDB, verbose: bool) -> None:
    """Score one separate labelled file, leaving out texts already in the earlier sets."""
    rows = [r for r in _rows(path) if part is None or r["part"] == part]
    if not rows:
        raise SystemExit(f"no entries{f' of part {part!r}' if part else ''} in {path}")
    seen = {_plain_text(r["text"]) for r in _rows(TEAM_SET) + _rows(LABELLED_SET)}
    fresh = [r for r in rows if _plain_text(r["text"]) not in seen]
    title = f"{path.name}{f' (part {part})' if part else ''}"
    if len(fresh) < len(rows):
        title += f" ({len(rows) - len(fresh)} texts also in an earlier set left out)"
    report(title, fresh, db, verbose)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--db", type=Path, help="food database (default: settings, built if needed)"
    )
    parser.add_argument("--verbose", "-v", action="store_true", help="list every miss")
    parser.add_argument(
        "--heldout", action="store_true", help="also run the held-out entries (not while tuning)"
    )
    parser.add_argument(
        "--entries", type=Path, help="score only this labelled file (a separate held-out part)"
    )
    parser.add_argument("--part", help="with --entries: only the rows of this part")
    args = parser.parse_args()
    if args.part and not args.entries:
        parser.error("--part goes with --entries")
    db = FoodDB(args.db) if args.db else open_food_db(Settings.load())
    if args.entries:
        _report_entries(args.entries, args.part, db, args.verbose)
        db.close()
        return 0
    labelled = _rows(LABELLED_SET)
    report("team set (diary_entries.csv)", _rows(TEAM_SET), db, args.verbose)
    parts = {
        "tuning": "labelled set, tuning part",
        "heldout1": "labelled set, first held-out part (seen after its first run, 71/100)",
    }
    if args.heldout:
        parts["heldout2"] = "labelled set, second held-out part (first run 70/100, used after)"
        parts["heldout3"] = "labelled set, HELD-OUT part (heldout3)"
    seen: set[str] = {_plain_text(r["text"]) for r in _rows(TEAM_SET)}
    for part, title in parts.items():
        rows = [r for r in labelled if r["part"] == part]
        fresh = [r for r in rows if _plain_text(r["text"]) not in seen]
        if len(fresh) < len(rows):
            title += f" ({len(rows) - len(fresh)} texts also in an earlier part left out)"
        seen.update(_plain_text(r["text"]) for r in rows)
        report(title, fresh, db, args.verbose)
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
