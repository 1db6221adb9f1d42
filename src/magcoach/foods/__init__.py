"""Food composition: build the database from USDA files, search it, read diary lines.

`parse_entry` reads one food ("1 cup cooked spinach"); `parse_meal` reads a line that may
name several ("2 slices whole wheat toast with peanut butter") into one entry per food.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from magcoach.foods.meal import parse_meal, split_foods
    from magcoach.foods.parse import ParsedEntry, parse_entry

__all__ = ["ParsedEntry", "parse_entry", "parse_meal", "split_foods"]


def __getattr__(name: str) -> Any:
    # imported on first use: `magcoach.foods.build` must not pay for parsing modules
    if name in ("parse_meal", "split_foods"):
        from magcoach.foods import meal

        return getattr(meal, name)
    if name in ("ParsedEntry", "parse_entry"):
        from magcoach.foods import parse

        return getattr(parse, name)
    raise AttributeError(name)
