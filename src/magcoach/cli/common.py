"""Shared helpers for command modules: settings, the clock, output, errors."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from enum import Enum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from magcoach.errors import MagcoachError

if TYPE_CHECKING:
    from pydantic import BaseModel
    from rich.console import Console

    from magcoach.app import Context
    from magcoach.settings import Settings

JSON_OPTION = typer.Option(False, "--json", help="Print machine-readable JSON instead of text.")


@contextmanager
def app_context() -> Iterator[Context]:
    """The application context for one command (settings and clock from the environment)."""
    from magcoach.app import Context

    ctx = Context.from_env()
    try:
        yield ctx
    finally:
        ctx.close()


def emit_view(view: BaseModel) -> None:
    """Print a use case's view as JSON: exactly what the web app's /api returns."""
    sys.stdout.write(view.model_dump_json(indent=2))
    sys.stdout.write("\n")


def settings() -> Settings:
    from magcoach.settings import Settings

    return Settings.load()


def today() -> date:
    """Today's date (MAGCOACH_TODAY pins it; see `magcoach.app.context.Clock`)."""
    return now().date()


def now() -> datetime:
    """The current local time (MAGCOACH_TODAY pins it; see `magcoach.app.context.Clock`)."""
    from magcoach.app.context import Clock

    return Clock.from_env().now()


@cache
def console() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


@cache
def error_console() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


#: The option a use case's error field corresponds to on the command line: the application
#: layer names the field, only the CLI words it as a flag.
FLAG_FOR_FIELD = {
    "intake_mg": "--intake-mg N",
    "days": "--days N",
    "kcal_budget": "--kcal-budget KCAL",
    "lag_days": "--lag-days N",
    "at": "--at",
    "grams": "--grams G",
    "pick": "--pick N",
    "units": "--units N",
    "change": "--change DATE or --supplement NAME",
    "start": "--from DATE",
    "end": "--to DATE",
    "food_db": "magcoach foods build",
    "answers": "magcoach screen --list --json",
    "elemental_mg": "--elemental-mg MG",
    "salt_mg": "--salt-mg MG with --form",
    "form": "--form glycinate|citrate|oxide|...",
    "skip_bad": "--skip-bad",
    "person": "magcoach person add NAME --age N --sex female|male (or --person NAME)",
    "name": "magcoach person edit NAME ...",
    "birth_date": "--birth-date YYYY-MM-DD",
    "supplement": "magcoach supp add NAME --form glycinate --elemental-mg 100",
    "entry": "magcoach entries DATE",
    "food": "magcoach foods search WORDS",
    "cramps": "--cramps N --spasms N --twitches N --sleep-quality N --fatigue N",
    "trial": 'magcoach trial stop --reason "..."',
    "reason": '--reason "..."',
    "screening": "magcoach screen",
    "pairs": "--pairs N",
    "period_days": "--period-days N",
    "washin_days": "--washin-days N",
    "dose_mg": "--dose-mg MG",
    "trial_start": "--start DATE",
    "with_clinician": "--with-clinician",
}


def print_error(exc: MagcoachError) -> None:
    from rich.markup import escape

    err = error_console()
    err.print(f"[bold red]Error:[/] {escape(exc.message)}")
    if exc.hint:
        err.print(escape(exc.hint))
    if exc.field in FLAG_FOR_FIELD:
        err.print(f"On the command line: {escape(FLAG_FOR_FIELD[exc.field])}")


def _to_jsonable(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def emit_json(payload: Any) -> None:
    """Print JSON to stdout (dates as ISO strings, dataclasses and models as objects)."""
    sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False, default=_to_jsonable))
    sys.stdout.write("\n")


@contextmanager
def hints_for(**hints: str) -> Iterator[None]:
    """Use cases name the field an error is about ('schema', 'workers'); a command words
    what to type about it. An error about one of these fields gets the command's hint."""
    from magcoach.errors import MagcoachError

    try:
        yield
    except MagcoachError as exc:
        if exc.field in hints:
            exc.hint = hints[exc.field]
        raise
