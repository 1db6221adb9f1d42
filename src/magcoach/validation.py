"""Turn pydantic's validation errors into messages a person can act on."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from magcoach.errors import InvalidInput, MagcoachError

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
