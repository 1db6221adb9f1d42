"""A quick path for the write people make several times a day, `magcoach pain`: the standard
library's sqlite3 only, so the command does not wait for SQLAlchemy and pydantic to import
(about half a second on a slow machine, most of the command's time).

It takes only the ordinary case: a SQLite diary already at the newest schema, the person
found, every value passing the same rules (`magcoach.store.rules`, `magcoach.io.when`).
Anything else returns None and the caller takes the full path through
`magcoach.store.service`, which gives the one set of error messages.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import date, datetime
from pathlib import Path

from magcoach.errors import Busy
from magcoach.io.when import earliest_day, implausible
from magcoach.store.rules import PAIN_LOCATIONS, score_problem

VERSIONS = Path(__file__).with_name("migrations") / "versions"
# How long a writer waits for another one, here and in magcoach.store.db (an import writes
# 100,000 rows in seconds: it reads and matches its whole file before it takes the lock).
BUSY_TIMEOUT_S = 60
BUSY_MESSAGE = "magcoach is busy importing; try again in a moment."


def newest_revision() -> str | None:
    """The newest migration's revision id, from the migration file names (0002_screenings.py)."""
    found = [m.group(1) for p in VERSIONS.glob("*.py") if (m := re.match(r"(\d{4})_", p.name))]
    return max(found) if found else None


def _stamp(moment: datetime) -> str:
    # SQLAlchemy's SQLite DateTime text form, so the rows sort and compare like theirs
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def _sqlite_path(url: str) -> Path | None:
    if not url.startswith("sqlite:///"):
        return None
    path = Path(url.removeprefix("sqlite:///")).expanduser()
    return path if path.is_file() else None


def add_pain_quickly(
    url: str,
    *,
    person: str | None,
    at: datetime,
    pain: float,
    activity: float | None,
    sleep: float | None,
    location: str | None,
    note: str | None,
    now: datetime,
) -> int | None:
    """The new pain entry's id, or None when the full path must take this write."""
    path = _sqlite_path(url)
    if path is None or location not in (None, *PAIN_LOCATIONS):
        return None
    if any(score_problem(v) for v in (pain, activity, sleep)):
        return None
    try:
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        connection.execute("PRAGMA foreign_keys=ON")
        connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
        connection.execute("BEGIN IMMEDIATE")
        entry = _insert_pain(connection, person, at, pain, activity, sleep, location, note, now)
        connection.execute("COMMIT" if entry is not None else "ROLLBACK")
        return entry
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise Busy(BUSY_MESSAGE) from None
        return None  # e.g. a schema the full path will migrate
    except sqlite3.Error:
        return None
    finally:
        connection.close()


def _insert_pain(
    connection: sqlite3.Connection,
    person: str | None,
    at: datetime,
    pain: float,
    activity: float | None,
    sleep: float | None,
    location: str | None,
    note: str | None,
    now: datetime,
) -> int | None:
    version = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    if version is None or version[0] != newest_revision():
        return None
    if person is None:
        query = "SELECT id, birth_date, age FROM people ORDER BY is_default DESC, id LIMIT 1"
        row = connection.execute(query).fetchone()
    else:
        query = "SELECT id, birth_date, age FROM people WHERE name = ?"
        row = connection.execute(query, (person.strip(),)).fetchone()
    if row is None:
        return None
    person_id, born, age = row
    birth = date.fromisoformat(born) if born else None
    earliest = earliest_day(birth, age, now.date())
    if implausible(at.date(), today=now.date(), earliest=earliest) is not None:
        return None
    stamp = _stamp(now)
    cursor = connection.execute(
        "INSERT INTO pain_entries (person_id, at, pain, activity_interference, "
        "sleep_interference, location, note, batch_id, created_at, updated_at, deleted_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, NULL)",
        (
            person_id,
            _stamp(at),
            float(pain),
            None if activity is None else float(activity),
            None if sleep is None else float(sleep),
            location,
            note,
            stamp,
            stamp,
        ),
    )
    return cursor.lastrowid
