"""Accuracy of free-text diary parsing against a labelled set written by the team.

benchmarks/data/diary_entries.csv: one realistic diary line per row with the USDA food a
dietitian would pick (first id; further ids are records a dietitian would accept as the same
food), the grams of the USDA portion meant, and the magnesium that gives.

Reports top-1 food accuracy and the share of entries whose magnesium is within 20% of the
expected value (or within 1 mg for foods with almost none). Targets: both >= 90%.

    .venv/bin/python benchmarks/foods_accuracy.py [--db PATH] [--verbose]
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from magcoach.errors import MagcoachError
from magcoach.foods.db import FoodDB, open_food_db
from magcoach.foods.parse import parse_entry
from magcoach.settings import Settings

DATA = Path(__file__).with_name("data") / "diary_entries.csv"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--db", type=Path, help="food database (default: settings, built if needed)"
    )
    parser.add_argument("--verbose", "-v", action="store_true", help="list every miss")
    args = parser.parse_args()
    db = FoodDB(args.db) if args.db else open_food_db(Settings.load())
    with DATA.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    food_ok = mg_ok = grams_ok = errors = 0
    misses: list[str] = []
    for row in rows:
        accepted = row["expected_food_ids"].split(";")
        expected_mg = float(row["expected_magnesium_mg"])
        expected_g = float(row["expected_grams"])
        try:
            entry = parse_entry(row["text"], db)
        except MagcoachError as exc:
            errors += 1
            misses.append(f"ERROR  {row['text']!r}: {exc.message}")
            continue
        got_mg = entry.nutrients.get("magnesium_mg")
        hit_food = entry.food.id in accepted
        hit_mg = got_mg is not None and (
            abs(got_mg - expected_mg) <= 0.2 * expected_mg or abs(got_mg - expected_mg) <= 1.0
        )
        hit_g = abs(entry.grams - expected_g) <= 0.2 * expected_g
        food_ok += hit_food
        mg_ok += hit_mg
        grams_ok += hit_g
        if not (hit_food and hit_mg):
            misses.append(
                f"{'food' if not hit_food else '    '} {'mg' if not hit_mg else '  '}  "
                f"{row['text']!r}: got {entry.food.id} {entry.food.description!r} "
                f"{entry.grams:.0f} g, Mg {got_mg if got_mg is None else round(got_mg, 1)}; "
                f"expected {accepted[0]} {row['expected_food']!r} {expected_g:g} g, "
                f"Mg {expected_mg:g}"
            )
    n = len(rows)
    print(f"labelled diary entries:        {n}")
    print(f"top-1 food accuracy:           {food_ok / n:.1%} ({food_ok}/{n})")
    print(f"magnesium within 20%:          {mg_ok / n:.1%} ({mg_ok}/{n})")
    print(f"grams within 20%:              {grams_ok / n:.1%} ({grams_ok}/{n})")
    print(f"entries refused with an error: {errors}")
    if args.verbose or misses:
        print(f"\nmisses ({len(misses)}):")
        for line in misses if args.verbose else misses[:40]:
            print("  " + line)
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
