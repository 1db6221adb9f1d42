"""Plain command-line values (text, whole numbers, decimals, paths) read without pydantic.

Typer (0.2x) checks every parameter through a pydantic TypeAdapter, built when the command
runs. Importing pydantic and building the adapters costs about 0.1 s on every command,
which is most of what `magcoach pain` waits for. For the plain values most options take,
`plain_values` sets a reader that gives the same value pydantic would, and hands anything
else (other types, limits, a custom parser, text that is not a plain number) to Typer's own
reader, built only when such a value comes, so messages for bad input stay Typer's. With a
Typer without these internals it does nothing.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:  # Typer's parameter reader; absent from older Typer, which needs no help here
    from typer._coercion import RuntimeParam, build_runtime_param
except ImportError:  # pragma: no cover - depends on the installed Typer
    RuntimeParam = None  # type: ignore[assignment,misc]

_INT = re.compile(r"-?(?:0|[1-9][0-9]{0,17})")
_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]{0,17})(?:\.[0-9]{1,17})?")


def _read(kind: type, value: Any) -> Any:
    """The value pydantic would give, or None when this is one for Typer's own reader."""
    if type(value) is kind:
        return value
    if not isinstance(value, str):
        return None
    if kind is str:
        return value
    if kind is Path:  # with Typer's default checks: a path that is missing, or readable
        if not value or "\0" in value:
            return None
        try:
            os.stat(value)
        except OSError:
            return Path(value)
        return Path(value) if os.access(value, os.R_OK) else None
    if kind is int and _INT.fullmatch(value):
        return int(value)
    if kind is float and _DECIMAL.fullmatch(value):
        return float(value)
    return None


if RuntimeParam is not None:

    @dataclass(frozen=True)
    class _PlainParam(RuntimeParam):
        kind: type | None = None  # None: any other type, always read by Typer's reader
        typer_own: list[Any] = field(default_factory=list)  # Typer's reader, once needed

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if self.kind is not None:
                read = _read(self.kind, value)
                if read is not None:
                    return read
            if not self.typer_own:
                self.typer_own.append(build_runtime_param(param.type_descriptor))
            return self.typer_own[0]._coerce_value(value, param=param, ctx=ctx)


def _default_path_checks(info: Any) -> bool:
    return bool(
        not info.exists
        and info.file_okay
        and info.dir_okay
        and not info.writable
        and info.readable
        and not info.resolve_path
        and not info.allow_dash
        and info.path_type is None
    )


def plain_values(command: Any, ctx: Any) -> None:
    """Give `command`'s parameters (`--help` too) the light reader before they are read.
    Options not given (None) never reach a reader, so they cost nothing whatever their type;
    other types get Typer's own reader when a value comes."""
    if RuntimeParam is None:  # pragma: no cover - depends on the installed Typer
        return
    for param in command.get_params(ctx):
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is None or getattr(param, "_runtime_param", False) is not None:
            continue
        kind = descriptor.annotation
        info = descriptor.parameter_info
        plain = not (
            kind not in (str, int, float, bool, Path)
            or (kind is Path and not _default_path_checks(info))
            or descriptor.file_annotation is not None
            or info.parser is not None
            or info.min is not None
            or info.max is not None
            or info.clamp
            or param.nargs != 1
            or param.multiple
        )
        param._runtime_param = _PlainParam(
            parameter_info=info, annotation=kind, kind=kind if plain else None
        )
