"""The magcoach command line: a thin shell over the library (see DESIGN.md).

Each area's commands live in their own module and attach to the apps in `apps.py`.
"""

from __future__ import annotations

import copy
import gc
import importlib
import os
import sys

import typer

from magcoach.cli.apps import app

COMMAND_MODULES = (
    "screening",
    "foods",
    "people",
    "diary",
    "daily",
    "plan",
    "outcomes",
    "transfer",
    "trial",
    "admin",
    "web",
)

for _name in COMMAND_MODULES:
    importlib.import_module(f"magcoach.cli.{_name}")


def main() -> None:
    """The `magcoach` command. Four things keep it quick without changing what any command
    does: Python's cycle collector runs less often (a command is short-lived, and its imports
    would otherwise be scanned again and again: a tenth of `report`'s time) and not at all
    over what is left at exit, pydantic does not search every installed package for plugins,
    and only the command asked for is built from its Python signature (building all of them
    costs more than most commands)."""
    gc.set_threshold(50_000, 20, 20)
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")
    only = _only_command(sys.argv[1:2])
    try:
        if only is None:
            app()
        else:
            typer.main.get_group(only)()
    finally:
        # The answer is out: Python's last act would be a full cycle collection over every
        # object the command loaded (a fifth of `plan`'s time, a sixth of `report`'s).
        # Frozen objects are skipped; the operating system frees the memory at exit. Files
        # and database connections are closed by the commands themselves, not by the GC.
        gc.freeze()


def _only_command(first: list[str]) -> typer.Typer | None:
    """`app` reduced to the command or group named by the first argument, if it names one
    exactly (anything else, such as an option or a typo, gets the whole app and its help)."""
    if not first or first[0].startswith("-"):
        return None
    name = first[0]
    commands = [
        c
        for c in app.registered_commands
        if (c.name or typer.main.get_command_name(getattr(c.callback, "__name__", ""))) == name
    ]
    groups = [g for g in app.registered_groups if g.name == name]
    if len(commands) + len(groups) != 1 or not all(
        isinstance(g.name, str) for g in app.registered_groups
    ):
        return None
    only = copy.copy(app)
    only.registered_commands = commands
    only.registered_groups = groups
    return only


__all__ = ["app", "main"]
