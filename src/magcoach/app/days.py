"""Reading a day or a moment the person typed: the one date reader every use case uses (the
report, trends, did it help and exports import it without loading the diary's views)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

from magcoach.app.context import Context
from magcoach.errors import MagcoachError


@contextmanager
def _about(field: str) -> Iterator[None]:
    """An error reading the text is about this field (unless the reader named one)."""
    try:
        yield
    except MagcoachError as exc:
        exc.field = exc.field or field
        raise


def day_of(ctx: Context, text: str | None, *, field: str = "date") -> date:
    """A day from what the person typed (empty: today)."""
    from magcoach.io.when import parse_day

    with _about(field):
        return parse_day(text, ctx.clock.today())


def moment(ctx: Context, text: str | None, *, field: str = "at") -> datetime:
    """When something happened, from what the person typed (empty: now)."""
    from magcoach.io.when import parse_when

    with _about(field):
        return parse_when(text, ctx.clock.now())
