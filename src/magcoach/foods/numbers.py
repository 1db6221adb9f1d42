"""One number as a person types it: "30", "1.5", ".5", "1/2" or a range "2-3" (its middle).

Shared by the entry reader (`parse.py`) and the portion reader (`portions.py`), which finds
the volume stated inside a USDA portion's name ("1 serving 1/2 cup").
"""

from __future__ import annotations

import math
import re
from typing import Final

from magcoach.errors import InvalidInput

MAX_QUANTITY: Final = 100_000.0  # more of anything than this is a typo, whatever the unit
_NUMBER: Final = re.compile(r"^\d+(?:\.\d+)?$|^\.\d+$")
_FRACTION: Final = re.compile(r"^(\d+)/(\d+)$")
_RANGE: Final = re.compile(r"^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$")


def check_amount(value: float, text: str) -> None:
    if not math.isfinite(value) or value > MAX_QUANTITY:
        raise InvalidInput(
            f"The amount {text} is not a plausible amount of food.",
            hint="Write the amount as a plain number, e.g. '30 g' or '1000 g'.",
        )


def number_token(token: str) -> float | None:
    if _NUMBER.match(token):
        value = float(token)
        check_amount(value, token)
        return value
    frac = _FRACTION.match(token)
    if frac:
        den = float(frac.group(2))
        if den == 0:
            raise InvalidInput(f"{token!r} divides by zero; write the amount as e.g. 1/2.")
        return float(frac.group(1)) / den
    rng = _RANGE.match(token)
    if rng:
        return (float(rng.group(1)) + float(rng.group(2))) / 2
    return None
