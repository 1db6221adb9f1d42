"""Turn the hand-written label spec into the labelled food entries, straight from USDA records.

benchmarks/data/food_entries_spec.csv holds, per diary line, the USDA record a dietitian would
pick (first id; further ids are records accepted as the same food) and the amount meant, in
USDA's own terms:

    "N x <portion>"  N times that USDA portion of the first record ("2 x 1 scoop")
    "N g"            grams
    "N fl oz"        volume, through the record's own volume portions (water for a drink
                     without any)

Foods eaten together are joined with " + " in both columns. This script looks the records
up in the food database (never through the parser) and writes
benchmarks/data/food_entries.csv with the expected grams and magnesium. `--spec` and `--out`
label another spec the same way (the fourth held-out part lives in its own files, so that
whoever tunes the parser does not see it).

    .venv/bin/python benchmarks/label_food_entries.py [--db PATH] [--spec PATH --out PATH]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

from magcoach.errors import MagcoachError
from magcoach.foods.db import FoodDB, open_food_db
from magcoach.foods.model import Food
from magcoach.settings import Settings

DATA = Path(__file__).with_name("data")
SPEC = DATA / "food_entries_spec.csv"
OUT = DATA / "food_entries.csv"
FL_OZ_ML = 29.5735
VOLUME_ML = {"cup": 236.588, "fl oz": FL_OZ_ML, "tbsp": 14.787, "tsp": 4.929}


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[,]", " ", text.lower()).split())


def _density(food: Food) -> float:
    for portion in food.portions:
        ml = VOLUME_ML.get(portion.key)
        if ml:
            return portion.grams / (portion.amount * ml)
    return 1.0


def grams_of(food: Food, amount: str) -> float:
    amount = amount.strip()
    if " x " in amount:
        count, portion_text = amount.split(" x ", 1)
        wanted = _norm(portion_text)
        for portion in food.portions:
            if _norm(portion.description) == wanted:
                return float(count) * portion.grams
        known = "; ".join(p.description for p in food.portions)
        raise SystemExit(f"{food.id} has no portion {portion_text!r}; it has: {known}")
    number, unit = amount.split(" ", 1)
    if unit == "g":
        return float(number)
    if unit == "fl oz":
        return float(number) * FL_OZ_ML * _density(food)
    raise SystemExit(f"unknown amount {amount!r}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, help="food database (default: settings)")
    parser.add_argument("--spec", type=Path, default=SPEC, help=f"label spec (default: {SPEC})")
    parser.add_argument("--out", type=Path, default=OUT, help=f"labelled file (default: {OUT})")
    args = parser.parse_args()
    db = FoodDB(args.db) if args.db else open_food_db(Settings.load())
    with args.spec.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    out: list[dict[str, str]] = []
    problems: list[str] = []
    for row in rows:
        try:
            out.append(_label(row, db))
        except (SystemExit, MagcoachError) as exc:
            problems.append(f"{row['text']!r}: {exc}")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(out[0]))
        writer.writeheader()
        writer.writerows(out)
    print(f"wrote {len(out)} labelled entries to {args.out}")
    db.close()
    return 0


def _label(row: dict[str, str], db: FoodDB) -> dict[str, str]:
    id_groups = [g.strip() for g in row["ids"].split(" + ")]
    amounts = [a.strip() for a in row["amount"].split(" + ")]
    if len(id_groups) != len(amounts):
        raise SystemExit(f"{row['text']!r}: {len(id_groups)} foods, {len(amounts)} amounts")
    grams: list[float] = []
    magnesium = 0.0
    names: list[str] = []
    for ids, amount in zip(id_groups, amounts, strict=True):
        food = db.get(ids.split(";")[0])
        g = grams_of(food, amount)
        mg = food.magnesium_mg_per_100g
        if mg is None:
            raise SystemExit(f"{food.id} has no magnesium value")
        grams.append(g)
        magnesium += mg * g / 100
        names.append(food.description)
    return {
        "text": row["text"],
        "part": row["part"],
        "category": row["category"],
        "expected_food_ids": " + ".join(id_groups),
        "expected_grams": " + ".join(f"{g:.1f}" for g in grams),
        "expected_magnesium_mg": f"{magnesium:.1f}",
        "expected_food": " + ".join(names),
        "source": f"USDA ({'; '.join(amounts)}): {row['note']}",
    }


if __name__ == "__main__":
    sys.exit(main())
