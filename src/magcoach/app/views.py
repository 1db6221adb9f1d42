"""Shared pieces of the typed views: the base model and small value views used by several
use cases. Each use case module defines its own result views beside it."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class View(BaseModel):
    """A use case's result: what `--json` prints, what `/api` returns, what a page renders."""

    model_config = ConfigDict(frozen=True)


def r1(value: float | None) -> float | None:
    """Rounded to 0.1 for display and JSON (None stays None: unknown is not zero)."""
    return None if value is None else round(value, 1)
