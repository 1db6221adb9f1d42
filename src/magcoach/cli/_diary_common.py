"""What the diary-area command modules (people, diary, daily, transfer) share: opening the
store, the --person/--at options, reading times and days, escaping Rich markup. Imports only
typer, the standard library and magcoach.cli.* at the top."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING

import typer

from magcoach.cli.common import now, settings, today

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from magcoach.foods.db import FoodDB
    from magcoach.intake import DaySummary
    from magcoach.person import Person


PERSON_OPTION = typer.Option(
    None, "--person", "-p", help="Whose diary (default: the default person)."
)
AT_OPTION = typer.Option(
    None, "--at", help="When: '2026-06-14 19:00', 'yesterday 19:00', 'today 8am', '2 days ago'."
)


# ---------------------------------------------------------------- helpers


@contextmanager
def _session() -> Iterator[Session]:
    from magcoach.store import open_store

    store = open_store(settings())
    try:
        with store.session() as session:
            yield session
    finally:
        store.close()


@contextmanager
def _diary(person: str | None) -> Iterator[tuple[Session, int, Person]]:
    """An open store session with the person asked for (by name, or the default person)."""
    from magcoach.store import service

    with _session() as s:
        person_id, who = service.get_person(s, person, today())
        yield s, person_id, who


def _daily_series(
    s: Session, person_id: int, who: Person, first: date, last: date
) -> list[DaySummary]:
    """One summary a day from `first` to `last`, against the person's requirement."""
    from magcoach.store import service

    return service.daily_series(s, person_id, first, last, service.requirement_for(who))


def _when(text: str | None) -> datetime:
    from magcoach.io.when import parse_when

    return parse_when(text, now())


def _day(text: str | None) -> date:
    from magcoach.io.when import parse_day

    return parse_day(text, today())


def _food_db() -> FoodDB:
    from magcoach.foods.db import open_food_db

    return open_food_db(settings())


def _esc(text: object) -> str:
    from rich.markup import escape

    return escape(str(text))


def _mg(value: float | None) -> str:
    return "unknown" if value is None else f"{value:.0f} mg"
