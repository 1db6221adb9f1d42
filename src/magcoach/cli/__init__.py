"""The magcoach command line: a thin shell over the library (see DESIGN.md).

Each area's commands live in their own module and attach to the apps in `apps.py`.
"""

from __future__ import annotations

import importlib

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
    app()


__all__ = ["app", "main"]
