"""Solve a small mixed-integer programme with the HiGHS solver that ships inside scipy.

`scipy.optimize.milp` is HiGHS behind a package whose import (all of scipy.optimize: linear
algebra, sparse matrices, a dozen other solvers) takes 0.4-0.5 s, forty times the solve of a
food plan. The HiGHS extension module inside scipy loads on its own in about 15 ms, so
`magcoach plan` loads only that and hands HiGHS the same model, with the same options, that
`milp` would (the same binary, so the same answer). If that module is not where this scipy
keeps it, or anything about it differs, `milp` itself solves: slower to start, same plan.

    minimise cost @ x  subject to  lower <= rows @ x <= upper,  x_lb <= x <= x_ub,
    x integer where `integer` is true.
"""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

_CORE = "scipy.optimize._highspy._core"


@cache
def _highs_core() -> Any | None:
    """scipy's HiGHS extension module, loaded without importing scipy.optimize (None when
    this scipy does not have it where scipy 1.15-1.17 keep it)."""
    if _CORE in sys.modules:
        return sys.modules[_CORE]
    if "scipy.optimize" in sys.modules:  # already paid for: take the module the usual way
        try:
            return importlib.import_module(_CORE)
        except ImportError:
            return None
    try:
        spec = importlib.util.find_spec("scipy")
        if spec is None or not spec.submodule_search_locations:
            return None
        folder = Path(next(iter(spec.submodule_search_locations))) / "optimize" / "_highspy"
        found = sorted(folder.glob("_core.*.so")) + sorted(folder.glob("_core.*.pyd"))
        if not found:
            return None
        core_spec = importlib.util.spec_from_file_location(_CORE, found[0])
        if core_spec is None or core_spec.loader is None:
            return None
        core = importlib.util.module_from_spec(core_spec)
        core_spec.loader.exec_module(core)
        # Registered under its own name, so a later `import scipy.optimize` reuses it (an
        # extension module cannot be initialised twice in one process).
        sys.modules[_CORE] = core
        for needed in ("HighsLp", "_Highs", "HighsOptions", "HighsVarType", "MatrixFormat"):
            getattr(core, needed)
        return core
    except (ImportError, OSError, AttributeError, StopIteration):
        return None


def load_solver() -> None:
    """Load the solver and numpy now (so that a solve's timing is the solve alone)."""
    import numpy  # noqa: F401  (HiGHS loads without it; the model is built with it)

    if _highs_core() is None:
        import scipy.optimize  # noqa: F401


def solve(
    cost: np.ndarray,
    rows: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    x_lb: np.ndarray,
    x_ub: np.ndarray,
    *,
    time_limit: float,
) -> np.ndarray | None:
    """The optimal x (every variable integer), or None when HiGHS finds no optimum."""
    core = _highs_core()
    if core is None:
        return _solve_with_milp(cost, rows, lower, upper, x_lb, x_ub, time_limit)
    return _solve_with_core(core, cost, rows, lower, upper, x_lb, x_ub, time_limit)


def _solve_with_core(
    core: Any,
    cost: np.ndarray,
    rows: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    x_lb: np.ndarray,
    x_ub: np.ndarray,
    time_limit: float,
) -> np.ndarray | None:
    import numpy as np

    n = cost.size
    m = rows.shape[0]
    # Column-wise sparse form, as scipy.sparse.csc_array would make it from the dense rows:
    # nonzeros only, by column then by row.
    by_column = np.asarray(rows, dtype=np.float64).T
    col, row = np.nonzero(by_column)
    lp = core.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = m
    lp.a_matrix_.num_col_ = n
    lp.a_matrix_.num_row_ = m
    lp.a_matrix_.format_ = core.MatrixFormat.kColwise
    lp.col_cost_ = np.asarray(cost, dtype=np.float64)
    lp.col_lower_ = np.asarray(x_lb, dtype=np.float64)
    lp.col_upper_ = np.asarray(x_ub, dtype=np.float64)
    lp.row_lower_ = np.asarray(lower, dtype=np.float64)
    lp.row_upper_ = np.asarray(upper, dtype=np.float64)
    lp.a_matrix_.start_ = np.concatenate(([0], np.cumsum(np.bincount(col, minlength=n))))
    lp.a_matrix_.index_ = row.astype(np.int32)
    lp.a_matrix_.value_ = by_column[col, row]
    lp.integrality_ = [core.HighsVarType(1)] * n
    highs = core._Highs()
    options = core.HighsOptions()
    options.log_to_console = False  # milp's `disp=False`
    options.time_limit = float(time_limit)
    if highs.passOptions(options) == core.HighsStatus.kError:
        return None
    if highs.passModel(lp) == core.HighsStatus.kError:
        return None
    if highs.run() == core.HighsStatus.kError:
        return None
    if highs.getModelStatus() != core.HighsModelStatus.kOptimal:
        return None  # milp's status 0 is HiGHS's "optimal" and nothing else
    return np.array(highs.getSolution().col_value)


def _solve_with_milp(
    cost: np.ndarray,
    rows: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    x_lb: np.ndarray,
    x_ub: np.ndarray,
    time_limit: float,
) -> np.ndarray | None:
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp

    result = milp(
        cost,
        constraints=LinearConstraint(rows, lower, upper),
        integrality=np.ones(cost.size),
        bounds=Bounds(x_lb, x_ub),
        options={"time_limit": time_limit},
    )
    if result.status != 0 or result.x is None:
        return None
    x: np.ndarray = result.x
    return x
