"""What the diary-area command modules (people, diary, daily, transfer) share: the --person
and --at options, reading a day, and escaping Rich markup. Imports only typer, the standard
library and magcoach.cli.* at the top."""

from __future__ import annotations

from datetime import date

import typer

from magcoach.cli.common import today

PERSON_OPTION = typer.Option(
    None, "--person", "-p", help="Whose diary (default: the default person)."
)
AT_OPTION = typer.Option(
    None, "--at", help="When: '2026-06-14 19:00', 'yesterday 19:00', 'today 8am', '2 days ago'."
)


def _day(text: str | None) -> date:
    """A day as typed (empty: today), read by the one date parser."""
    from magcoach.io.when import parse_day

    return parse_day(text, today())


def _esc(text: object) -> str:
    from rich.markup import escape

    return escape(str(text))


def _mg(value: float | None) -> str:
    return "unknown" if value is None else f"{value:.0f} mg"
