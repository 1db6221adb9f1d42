"""Food database performance: build time, search latency vs bare FTS5, parse throughput, and
the wall time of a cold `magcoach foods parse`.

    .venv/bin/python benchmarks/foods_perf.py [--usda-dir DIR]

Targets (issue 3): build < 15 s; search p99 < 10 ms warm and within 3x of a bare FTS5 query;
parse >= 2,000 entries/s warm; cold CLI parse < 0.5 s.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from magcoach.foods.build import build_database
from magcoach.foods.db import FoodDB
from magcoach.foods.parse import parse_entry
from magcoach.settings import Settings

HERE = Path(__file__).parent
DIARY = HERE / "data" / "diary_entries.csv"
EXTRA_FOODS = (
    "spinach",
    "almonds",
    "banana",
    "avocado",
    "salmon",
    "chicken breast",
    "brown rice",
    "quinoa",
    "lentils",
    "chickpeas",
    "black beans",
    "kidney beans",
    "tofu",
    "tempeh",
    "edamame",
    "oatmeal",
    "granola",
    "yogurt",
    "milk",
    "cheddar",
    "eggs",
    "broccoli",
    "kale",
    "potatoes",
    "sweet potato",
    "apple",
    "orange",
    "strawberries",
    "blueberries",
    "raisins",
    "dates",
    "figs",
    "prunes",
    "cashews",
    "walnuts",
    "peanuts",
    "peanut butter",
    "pumpkin seeds",
    "sunflower seeds",
    "chia",
    "flaxseed",
    "sesame seeds",
    "tahini",
    "hummus",
    "dark chocolate",
    "cocoa",
    "coffee",
    "tea",
    "orange juice",
    "bread",
    "bagel",
    "pasta",
    "spaghetti",
    "tortilla",
    "corn",
    "peas",
    "green beans",
    "mushrooms",
    "onion",
    "garlic",
    "tomato",
    "carrot",
    "cucumber",
    "lettuce",
    "beer",
    "wine",
    "tuna",
    "sardines",
    "shrimp",
    "cod",
    "halibut",
    "mackerel",
    "turkey",
    "pork",
    "beef",
)
TYPO = {"spinach": "spinch", "almonds": "almnds", "banana": "bananna", "broccoli": "brocoli"}


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def realistic_queries(n: int) -> list[str]:
    with DIARY.open(encoding="utf-8", newline="") as handle:
        diary = [row["text"] for row in csv.DictReader(handle)]
    foods = [" ".join(w for w in t.split() if w.isalpha()) for t in diary]
    rng = random.Random(3)
    pool = [f for f in foods if f] + list(EXTRA_FOODS)
    out: list[str] = []
    while len(out) < n:
        q = rng.choice(pool)
        kind = rng.random()
        if kind < 0.15:
            q = " ".join(TYPO.get(w, w) for w in q.split())
        elif kind < 0.30:
            q = f"cooked {q}"
        elif kind < 0.40:
            q = " ".join(reversed(q.split()))
        out.append(q)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--usda-dir", type=Path, default=Settings.load().usda_dir)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="magcoach-perf-"))
    db_path = tmp / "foods.sqlite"

    started = time.perf_counter()
    report = build_database(args.usda_dir, db_path)
    build_s = time.perf_counter() - started
    print(f"build: {build_s:.2f} s ({report.foods:,} foods, {report.portions:,} portions)")

    db = FoodDB(db_path)
    queries = realistic_queries(1000)
    for q in queries[:50]:  # warm the connection, vocabulary and page cache
        db.search(q)

    search_ms: list[float] = []
    for q in queries:
        db.searcher._cache.clear()  # measure real work, not the result cache (plans stay)
        t0 = time.perf_counter()
        db.search(q, 10)
        search_ms.append((time.perf_counter() - t0) * 1000)

    def bare(words: list[str]) -> tuple[float, int]:
        expr = " AND ".join(f'"{w}"' for w in words)
        t0 = time.perf_counter()
        rows = db.con.execute(
            "SELECT rowid FROM foods_fts WHERE foods_fts MATCH ? ORDER BY rank LIMIT 10", (expr,)
        ).fetchall()
        return (time.perf_counter() - t0) * 1000, len(rows)

    # Two baselines: the words as typed (the wording; many such queries match nothing
    # and return at once), and the words search actually looks up after synonyms and typos.
    bare_ms: list[float] = []
    planned_ms: list[float] = []
    typed_empty = 0
    for q in queries:
        typed = [w for w in q.lower().split() if w.isalpha()]
        ms, found = bare(typed)
        bare_ms.append(ms)
        typed_empty += found == 0
        planned_ms.append(bare(list(db.searcher.plan(q)[0] or typed))[0])

    s50, s99 = pct(search_ms, 0.5), pct(search_ms, 0.99)
    b50, b99 = pct(bare_ms, 0.5), pct(bare_ms, 0.99)
    p50, p99 = pct(planned_ms, 0.5), pct(planned_ms, 0.99)
    print(f"search, 1,000 queries, warm, result cache off: p50 {s50:.2f} ms, p99 {s99:.2f} ms")
    print(f"bare FTS5 MATCH ... ORDER BY rank LIMIT 10:     p50 {b50:.2f} ms, p99 {b99:.2f} ms")
    print(f"ratio search/bare: p50 {s50 / b50:.1f}x, p99 {s99 / b99:.1f}x")
    print(
        f"  ({typed_empty} of {len(queries)} typed-word bare queries match nothing.) Bare FTS5 on "
        f"the words search looks up: p50 {p50:.2f} ms, p99 {p99:.2f} ms; ratio p50 "
        f"{s50 / p50:.1f}x, p99 {s99 / p99:.1f}x"
    )

    with DIARY.open(encoding="utf-8", newline="") as handle:
        entries = [row["text"] for row in csv.DictReader(handle)]
    for text in entries:
        parse_entry(text, db)
    passes = 20
    t0 = time.perf_counter()
    for _ in range(passes):
        for text in entries:
            parse_entry(text, db)
    cached_rate = passes * len(entries) / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    for _ in range(3):
        for text in entries:
            db.searcher._cache.clear()
            parse_entry(text, db)
    uncached_rate = 3 * len(entries) / (time.perf_counter() - t0)
    print(
        f"parse throughput, warm, {len(entries)} diary entries: {cached_rate:,.0f}/s "
        f"(search result cache on), {uncached_rate:,.0f}/s (cache cleared per entry)"
    )
    db.close()

    env = dict(
        os.environ,
        MAGCOACH_FOOD_DB=str(db_path),
        MAGCOACH_HOME=str(tmp / "home"),
        MAGCOACH_USDA_DIR=str(args.usda_dir),
    )
    exe = Path(sys.executable).with_name("magcoach")
    walls: list[float] = []
    for _ in range(7):
        t0 = time.perf_counter()
        subprocess.run(
            [str(exe), "foods", "parse", "30 g almonds"], env=env, check=True, capture_output=True
        )
        walls.append(time.perf_counter() - t0)
    print(
        f'cold CLI `magcoach foods parse "30 g almonds"`: median {statistics.median(walls):.3f} s,'
        f" max {max(walls):.3f} s over 7 runs"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
