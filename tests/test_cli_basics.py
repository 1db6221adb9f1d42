"""Every command is documented, and bad usage never shows a traceback."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import typer.main
from typer.testing import Result

from magcoach.cli import app

CliRun = Callable[..., Result]


def _commands(group: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in group.commands.items():
        path = (*prefix, name)
        found.append(path)
        if hasattr(command, "commands"):
            found.extend(_commands(command, path))
    return found


def test_every_command_has_help(cli: CliRun) -> None:
    root = typer.main.get_command(app)
    for path in _commands(root):
        result = cli(*path, "--help")
        assert result.exit_code == 0, (path, result.output)
        assert "Usage" in result.output
        command = root
        for part in path:
            command = command.commands[part]  # type: ignore[attr-defined]
        assert command.help or command.short_help, f"magcoach {' '.join(path)} has no help text"


def test_unknown_command_is_a_usage_error(cli: CliRun) -> None:
    result = cli("no-such-command")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
