"""The one bootstrap every entry point uses: settings, the clock, the diary store (unit of
work) and the food database, handed to each use case as a `Context`.

The CLI makes one per command, the web app one per process (sessions are per request). Nothing
is opened until a use case asks for it, so a command that needs no database pays for none.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from magcoach.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from magcoach.foods.db import FoodDB
    from magcoach.person import Person
    from magcoach.store import Store


class Clock:
    """Local wall-clock time. MAGCOACH_TODAY pins it for demos and tests: YYYY-MM-DD fixes
    the date (the time runs), YYYY-MM-DDTHH:MM fixes the moment (tests that log "today 8pm"
    must not depend on the wall clock)."""

    def __init__(self, fixed_today: date | None = None, fixed_now: datetime | None = None):
        self.fixed_today = fixed_now.date() if fixed_now else fixed_today
        self.fixed_now = fixed_now

    @classmethod
    def from_env(cls) -> Clock:
        fixed = (os.environ.get("MAGCOACH_TODAY") or "").strip()
        if not fixed:
            return cls()
        if "T" in fixed or " " in fixed:
            return cls(fixed_now=datetime.fromisoformat(fixed).replace(microsecond=0))
        return cls(date.fromisoformat(fixed))

    def now(self) -> datetime:
        if self.fixed_now is not None:
            return self.fixed_now
        current = datetime.now().replace(microsecond=0)
        if self.fixed_today is None:
            return current
        return datetime.combine(self.fixed_today, current.time())

    def today(self) -> date:
        return self.fixed_today or date.today()


@dataclass(frozen=True)
class PersonScope:
    """A context bound to one person (shared mode, per web request): "no person named" means
    this person, no other person can be found, and a reader's units never commit."""

    person_id: int
    read_only: bool


@dataclass
class Context:
    """What a use case may touch. Open lazily; `close()` releases what was opened."""

    settings: Settings
    clock: Clock = field(default_factory=Clock.from_env)
    scope: PersonScope | None = None
    _store: Store | None = field(default=None, repr=False)
    _foods: threading.local = field(default_factory=threading.local, repr=False)
    _opened_foods: list[FoodDB] = field(default_factory=list, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def from_env(cls) -> Context:
        return cls(Settings.load(), Clock.from_env())

    @property
    def store(self) -> Store:
        if self._store is None:
            with self._lock:
                if self._store is None:
                    from magcoach.store import open_store

                    self._store = open_store(self.settings)
        return self._store

    def for_person(self, person_id: int, *, read_only: bool) -> Context:
        """This context bound to one person; it shares the store and the food database."""
        return replace(self, scope=PersonScope(person_id, read_only))

    @contextmanager
    def unit(self) -> Iterator[Session]:
        """One unit of work: commits when the block ends, rolls back on any error. In shared
        mode the session knows it (no default person) and, when bound, which person it is
        for (see store.people); a read-only scope's changes are rolled back, never kept."""
        with self.store.session() as session:
            session.info["shared"] = self.settings.shared
            session.info["scope"] = self.scope
            yield session
            if self.scope is not None and self.scope.read_only:
                session.rollback()

    @contextmanager
    def diary(self, person: str | None) -> Iterator[tuple[Session, int, Person]]:
        """A unit of work with the person asked for (by name, or the default person)."""
        from magcoach.store import service

        with self.unit() as session:
            person_id, who = service.get_person(session, person, self.clock.today())
            yield session, person_id, who

    def food_db(self) -> FoodDB:
        """The food database, opened (and built when missing) once per thread."""
        db: FoodDB | None = getattr(self._foods, "db", None)
        if db is None:
            from magcoach.foods.db import open_food_db

            with self._lock:  # one build at a time when the database is missing
                db = open_food_db(self.settings)
                self._opened_foods.append(db)
            self._foods.db = db
        return db

    def has_food_db(self) -> bool:
        return self.settings.food_db.is_file()

    def close(self) -> None:
        for db in self._opened_foods:
            db.close()
        self._opened_foods.clear()
        self._foods = threading.local()
        if self._store is not None:
            self._store.close()
            self._store = None
