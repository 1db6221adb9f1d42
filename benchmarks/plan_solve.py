"""MILP food-plan solve time over many generated people (target: p99 < 200 ms).

Builds the food database from the USDA files into a temporary directory (once), resolves the
curated pool, then plans foods for people of every age, sex, region, diet and allergy mix at
several intakes. Prints p50/p95/p99/max solve time and how many plans were feasible.
"""

from __future__ import annotations

import itertools
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from magcoach.foods.build import build_database  # noqa: E402
from magcoach.foods.db import FoodDB  # noqa: E402
from magcoach.person import Person  # noqa: E402
from magcoach.plan import food_plan_for, resolve_pool  # noqa: E402
from magcoach.planner import FoodPlan  # noqa: E402
from magcoach.reference.plan_data import food_pool  # noqa: E402
from magcoach.requirements import requirements  # noqa: E402
from magcoach.settings import Settings  # noqa: E402


def main() -> int:
    usda = Settings.load().usda_dir
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "foods.sqlite"
        started = time.perf_counter()
        build_database(usda, db_path)
        print(f"food database built in {time.perf_counter() - started:.1f} s")
        with FoodDB(db_path) as db:
            pool = resolve_pool(food_pool(), db.get)
    print(f"pool: {len(pool)} foods")
    times: list[float] = []
    feasible = 0
    people = itertools.product(
        (9, 16, 30, 45, 70),
        ("female", "male"),
        ("us", "eu"),
        ("omnivore", "vegetarian", "vegan"),
        ((), ("nuts",), ("nuts", "soy")),
        (0, 100, 200, 300),
        (False, True),
    )
    for age, sex, region, diet, allergies, intake, lose in people:
        person = Person(
            name="bench",
            age=age,
            sex=sex,
            region=region,
            diet=diet,  # type: ignore[arg-type]
            allergies=allergies,
            wants_weight_loss=lose,
        )
        gap = max(0.0, requirements(person).rda_mg - intake)
        result = food_plan_for(person, pool, gap)
        times.append(result.solve_ms)
        feasible += isinstance(result, FoodPlan)
    times.sort()
    q = statistics.quantiles(times, n=100)
    print(
        f"plans: {len(times)} ({feasible} feasible, "
        f"{len(times) - feasible} infeasible with diagnosis)"
    )
    print(
        f"solve_ms p50 {q[49]:.1f}  p95 {q[94]:.1f}  p99 {q[98]:.1f}  max {times[-1]:.1f} "
        "(target p99 < 200 ms; infeasible cases include the relaxation diagnosis)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
