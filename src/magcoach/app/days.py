"""Reading a day the person typed, for use cases that take a date range (report, trends,
did it help, exports) without loading the diary's views."""

from __future__ import annotations

from datetime import date

from magcoach.app.context import Context
from magcoach.errors import MagcoachError


def day_of(ctx: Context, text: str | None, *, field: str = "date") -> date:
    """A day from what the person typed (empty: today)."""
    from magcoach.io.when import parse_day

    try:
        return parse_day(text, ctx.clock.today())
    except MagcoachError as exc:
        exc.field = exc.field or field
        raise
