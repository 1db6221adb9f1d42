"""The food plan's solver: scipy's HiGHS loaded on its own gives the plans
`scipy.optimize.milp` gives, without importing scipy.optimize (0.4 s of `magcoach plan`)."""

from __future__ import annotations

import itertools
import subprocess
import sys
from dataclasses import replace

import pytest

from magcoach import milp
from magcoach.planner import FoodPlanLimits, plan_foods
from tests.test_planner import POOL, food

LIMITS = [
    FoodPlanLimits(kcal_budget=300),
    FoodPlanLimits(kcal_budget=150),
    FoodPlanLimits(kcal_budget=600, max_sodium_mg=300, max_servings_per_food=1),
    FoodPlanLimits(kcal_budget=200, max_sugars_g=2.0, min_distinct_foods=4),
]
POOLS = [
    POOL,
    POOL[:3],
    [*POOL, food("soup", 200, 50, sodium=900), food("dates", 40, 130, sugar=30)],
]


def _plans() -> list[object]:
    return [
        replace(plan_foods(pool, need, limits), solve_ms=0.0)
        for pool, need, limits in itertools.product(POOLS, (0, 90, 250, 500, 900), LIMITS)
    ]


def test_highs_is_loaded_without_scipy_optimize_when_scipy_keeps_it_there() -> None:
    code = (
        "import sys\nfrom magcoach import milp\nmilp.load_solver()\n"
        "print(milp._highs_core() is not None, 'scipy.optimize' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "False"]


def test_the_plans_are_those_milp_gives_feasible_or_not(monkeypatch: pytest.MonkeyPatch) -> None:
    assert milp._highs_core() is not None
    by_highs = _plans()
    monkeypatch.setattr(milp, "_highs_core", lambda: None)  # scipy.optimize.milp solves
    by_milp = _plans()
    assert by_highs == by_milp
    assert {type(p).__name__ for p in by_milp} == {"FoodPlan", "InfeasiblePlan"}
