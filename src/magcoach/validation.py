"""Turn pydantic's validation errors into messages a person can act on."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from magcoach.errors import BadFile, InvalidInput, MagcoachError

M = TypeVar("M", bound=BaseModel)


def describe(error: ValidationError) -> str:
    """One line per problem: `field: what is wrong`."""
    lines = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"]) or "value"
        if item["type"] == "extra_forbidden":
            lines.append(f"{where}: unknown field (check the spelling)")
        else:
            lines.append(f"{where}: {item['msg']}")
    return "; ".join(lines)


def parse_model(
    model: type[M],
    data: Mapping[str, Any],
    *,
    what: str,
    error: type[MagcoachError] = InvalidInput,
) -> M:
    """Validate `data` into `model`, raising `error` with a readable message about `what`."""
    try:
        return model.model_validate(dict(data))
    except ValidationError as exc:
        first = exc.errors()[0]["loc"] if exc.errors() else ()
        field = str(first[0]) if first else None
        raise error(f"Invalid {what}: {describe(exc)}", field=field) from None


def too_long(table: Any, values: Mapping[str, Any]) -> str | None:
    """The first text value longer than its column allows, described without the value itself
    (it may be personal): SQLite would store it, PostgreSQL would refuse it, so magcoach
    refuses it on both before the database sees it. None when everything fits."""
    for key, limit in _limits(table):
        value = values.get(key)
        if isinstance(value, str) and len(value) > limit:
            what = f"{key.replace('_', ' ')} ({table.name.replace('_', ' ')})"
            return f"the {what} is {len(value)} characters long; at most {limit} fit"
    return None


_LIMITS: dict[Any, tuple[tuple[str, int], ...]] = {}


def _limits(table: Any) -> tuple[tuple[str, int], ...]:
    """(column, length) of the table's length-limited text columns (imports ask per row)."""
    if table not in _LIMITS:
        _LIMITS[table] = tuple(
            (c.key, c.type.length) for c in table.columns if getattr(c.type, "length", None)
        )
    return _LIMITS[table]


def check_lengths(table: Any, values: Mapping[str, Any]) -> None:
    """Raise InvalidInput when a text value does not fit its column (see `too_long`)."""
    problem = too_long(table, values)
    if problem is not None:
        field = next(k for k, limit in _limits(table) if len(str(values.get(k) or "")) > limit)
        raise InvalidInput(f"Too long: {problem}.", hint="Shorten it and try again.", field=field)


def check_keys(data: Mapping[str, Any], allowed: Sequence[str], *, what: str) -> None:
    """A key that is not one of `allowed` is refused with the nearest spellings (BadFile)."""
    from magcoach.reference.matching import suggestions

    for key in data:
        if key not in allowed:
            near = suggestions(str(key), allowed, score=60)
            raise BadFile(
                f"Unknown key '{key}' in {what}.",
                hint=(f"Did you mean: {', '.join(near)}? " if near else "")
                + f"Allowed keys: {', '.join(allowed)}.",
            )
