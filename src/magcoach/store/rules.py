"""The values a diary row may hold, kept free of heavy imports so that every way in (the
service functions, the quick path for `magcoach pain`, imports and restore) applies the same
rules."""

from __future__ import annotations

import math

from magcoach.errors import InvalidInput

PAIN_LOCATIONS = ("lower-back", "upper-back", "neck", "leg-sciatica", "other")
SCORE_RANGE = (0.0, 10.0)


def score_problem(value: float | None) -> str | None:
    """Why a 0-10 score is not acceptable (None when it is, or when it is absent)."""
    if value is None:
        return None
    low, high = SCORE_RANGE
    if not math.isfinite(value) or not low <= value <= high:
        return f"must be between {low:g} and {high:g} (got {value:g})"
    return None


def check_score(value: float | None, what: str) -> float | None:
    problem = score_problem(value)
    if problem is not None:
        raise InvalidInput(f"{what} {problem}.", hint="The scale runs from 0 (none) to 10.")
    return None if value is None else float(value)
