"""JSON backup of everything in the store, and restore into an empty database.

The backup holds every row of every table (people, diary entries including soft-deleted ones,
supplements, imports), so a restore gives back exactly the same days. Restoring into a
database that already holds data is refused (Conflict): nothing is merged or overwritten.

One person's export (`person_backup`, the shared mode's backup) has the same format with only
that person's rows: the person (as the only, default person, in no account) and every row
that belongs to them, directly (`person_id`) or through one of their rows (a trial's doses).
Restored into an empty database it is that person's diary on its own.
"""

from __future__ import annotations

import json
import math
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Date, DateTime, Float, Integer, Table, func, insert, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from magcoach.errors import BadFile, Conflict
from magcoach.io.when import DIARY_FLOOR, earliest_day, implausible
from magcoach.store.db import HEAD
from magcoach.store.models import TABLES_IN_ORDER
from magcoach.store.rules import PAIN_LOCATIONS
from magcoach.store.service import SYMPTOMS, URGENCIES
from magcoach.validation import too_long

MAX_BACKUP_BYTES = 1024 * 1024 * 1024

FORMAT = "magcoach-backup"
VERSION = 1


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def backup(session: Session, *, now: datetime) -> dict[str, Any]:
    tables: dict[str, list[dict[str, Any]]] = {}
    for model in TABLES_IN_ORDER:
        table: Table = model.__table__  # type: ignore[assignment]
        rows = session.execute(select(table).order_by(table.c.id)).mappings()
        tables[table.name] = [{k: _jsonable(v) for k, v in row.items()} for row in rows]
    return {
        "format": FORMAT,
        "version": VERSION,
        "schema": HEAD,
        "exported_at": now.isoformat(),
        "tables": tables,
    }


def person_rows(model: Any, person_id: int, kept: dict[str, set[int]]) -> Any:
    """WHERE term for `model`'s rows that belong to one person: the person row itself, rows
    with their `person_id`, or rows pointing at a row already `kept` (a trial's doses). A table
    tied to nobody raises: a new table must say whose it is before it can be exported."""
    table: Table = model.__table__
    if table.name == "people":
        return table.c.id == person_id
    if "person_id" in table.c:
        return table.c.person_id == person_id
    for fk in table.foreign_keys:
        target = fk.column.table.name
        if target in kept and not fk.parent.nullable:
            return fk.parent.in_(sorted(kept[target]))
    raise RuntimeError(f"table {table.name} belongs to no person")  # pragma: no cover


def person_backup(session: Session, person_id: int, *, now: datetime) -> dict[str, Any]:
    """One person's rows, in the backup's format (see the module's docstring)."""
    tables: dict[str, list[dict[str, Any]]] = {}
    kept: dict[str, set[int]] = {}
    for model in TABLES_IN_ORDER:
        table: Table = model.__table__  # type: ignore[assignment]
        query = select(table).where(person_rows(model, person_id, kept)).order_by(table.c.id)
        rows = [
            {k: _jsonable(v) for k, v in row.items()} for row in session.execute(query).mappings()
        ]
        if table.name == "people":  # on its own: the default person, in no account
            rows = [{**row, "account_id": None, "is_default": True} for row in rows]
        tables[table.name] = rows
        kept[table.name] = {row["id"] for row in rows}
    return {
        "format": FORMAT,
        "version": VERSION,
        "schema": HEAD,
        "exported_at": now.isoformat(),
        "person": tables["people"][0]["name"] if tables["people"] else None,
        "tables": tables,
    }


def write_backup(
    session: Session, out: Path, *, now: datetime, person_id: int | None = None
) -> dict[str, int]:
    """Write the whole database's backup, or with `person_id` that person's only."""
    from magcoach.io.files import check_output_file

    check_output_file(out)
    data = (
        backup(session, now=now)
        if person_id is None
        else person_backup(session, person_id, now=now)
    )
    tmp = out.with_name(out.name + ".part")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(out)
    return {name: len(rows) for name, rows in data["tables"].items()}


def _convert(model: Any, row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    columns = model.__table__.c
    for key, value in row.items():
        if key not in columns:
            raise BadFile(f"The backup has an unknown column {model.__tablename__}.{key}.")
        kind = columns[key].type
        if value is not None and isinstance(kind, DateTime):
            value = datetime.fromisoformat(value)
        elif value is not None and isinstance(kind, Date):
            value = date.fromisoformat(value)
        out[key] = value
    return out


def load_backup(path: Path) -> dict[str, Any]:
    from magcoach.io.files import check_readable_file

    check_readable_file(path, max_bytes=MAX_BACKUP_BYTES)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        reason = exc.__class__.__name__ if isinstance(exc, RecursionError) else str(exc)
        raise BadFile(f"{path.name} is not a magcoach JSON backup ({reason}).") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BadFile(
            f"{path.name} is not a magcoach backup (a JSON backup that magcoach exported).",
        )
    if data.get("version") != VERSION or not isinstance(data.get("tables"), dict):
        raise BadFile(f"{path.name} has backup version {data.get('version')!r}; expected 1.")
    return data


def _backup_day(data: dict[str, Any]) -> date:
    """The day the backup was made: no entry in it can be later (tomorrow is allowed)."""
    try:
        return datetime.fromisoformat(str(data.get("exported_at"))).date()
    except ValueError:
        raise BadFile("The backup's exported_at is not a date and time.") from None


def restore(session: Session, data: dict[str, Any], *, today: date | None = None) -> dict[str, int]:
    """Insert every row of a backup; the database must be empty. Returns rows per table.

    Every value is checked as if it were typed (scores 0-10, plausible dates, finite
    amounts, text that fits), every reference must point at a row of the backup, and ids must
    be unique; a damaged backup is refused with a message naming the table, row id and
    column, never the personal values in it. `today` defaults to the day the backup was made.
    """
    existing = sum(
        session.scalar(select(func.count()).select_from(m.__table__)) or 0 for m in TABLES_IN_ORDER
    )
    if existing:
        raise Conflict(
            "This database already holds data; restore only goes into an empty one.",
            hint="Point MAGCOACH_HOME (or MAGCOACH_DATABASE_URL) at a new place and restore "
            "there, or back up and move the current database away first.",
        )
    today = today or _backup_day(data)
    checked = _checked_tables(data, today)  # everything is checked before anything is written
    counts: dict[str, int] = {}
    for model, rows in checked:
        name = model.__tablename__
        if rows:
            try:
                session.execute(insert(model), rows)
            except DBAPIError as exc:  # never show the statement: it holds diary rows
                raise BadFile(
                    f"The backup's table {name} could not be restored: it breaks a rule of the "
                    f"database ({type(exc.orig).__name__}). Nothing was restored.",
                    hint=DAMAGED,
                ) from None
        counts[name] = len(rows)
    _move_sequences_past(session, {m.__tablename__: {r["id"] for r in rows} for m, rows in checked})
    return counts


def _checked_tables(data: dict[str, Any], today: date) -> list[tuple[Any, list[dict[str, Any]]]]:
    """Every table of the backup converted and checked, parents before children."""
    tables = data["tables"]
    ids: dict[str, set[int]] = {}
    earliest: dict[int, date] = {}
    out: list[tuple[Any, list[dict[str, Any]]]] = []
    for model in TABLES_IN_ORDER:
        name = model.__tablename__
        if name not in tables and data.get("schema") == HEAD:
            raise BadFile(f"The backup has no table {name}: it is incomplete.", hint=DAMAGED)
        rows = tables.get(name, [])
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise BadFile(f"The backup's table {name} is not a list of rows.", hint=DAMAGED)
        try:
            converted = [_convert(model, r) for r in rows]
        except (TypeError, ValueError) as exc:
            raise BadFile(
                f"The backup's table {name} is damaged: {_safe_reason(exc)}", hint=DAMAGED
            ) from None
        ids[name] = _unique_ids(name, converted)
        for row in converted:
            _check_references(model, row, ids)
            problem = restored_row_problem(name, row, today=today, earliest=earliest)
            if problem is not None:
                raise BadFile(
                    f"The backup's table {name}, row {row.get('id')}: {problem}. "
                    "Nothing was restored.",
                    hint=DAMAGED,
                )
            if name == "people":
                earliest[row["id"]] = earliest_day(row.get("birth_date"), row.get("age"), today)
        out.append((model, converted))
    return out


DAMAGED = (
    "The backup file is damaged or was edited by hand; restore an earlier backup that "
    "magcoach exported."
)


def _safe_reason(exc: Exception) -> str:
    """A conversion error without the value (which may be personal)."""
    text = str(exc)
    return text.split(":")[0] if ":" in text else exc.__class__.__name__


def _unique_ids(name: str, rows: list[dict[str, Any]]) -> set[int]:
    seen: set[int] = set()
    for row in rows:
        row_id = row.get("id")
        if not isinstance(row_id, int) or isinstance(row_id, bool) or row_id < 1:
            raise BadFile(f"The backup's table {name} has a row without a valid id.", hint=DAMAGED)
        if row_id in seen:
            raise BadFile(f"The backup's table {name} has the id {row_id} twice.", hint=DAMAGED)
        seen.add(row_id)
    return seen


def _check_references(model: Any, row: dict[str, Any], ids: dict[str, set[int]]) -> None:
    for fk in model.__table__.foreign_keys:
        value = row.get(fk.parent.key)
        target = fk.column.table.name
        if value is None or target not in ids:
            continue
        if value not in ids[target]:
            raise BadFile(
                f"The backup's table {model.__tablename__}, row {row.get('id')}, refers to "
                f"{target} {value}, which is not in the backup. Nothing was restored.",
                hint=DAMAGED,
            )


def _move_sequences_past(session: Session, ids: dict[str, set[int]]) -> None:
    """PostgreSQL hands out ids from a sequence that inserting explicit ids does not move:
    set each one past the restored ids, or the next new entry would collide."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for name, restored in ids.items():
        if restored:
            session.execute(
                text("SELECT setval(pg_get_serial_sequence(:table, 'id'), :last)"),
                {"table": name, "last": max(restored)},
            )


# ---------------------------------------------------------------- values, as if typed

# The column that dates each diary row (checked like `--at`).
DIARY_DAY = {
    "food_entries": "eaten_at",
    "supplement_intakes": "taken_at",
    "pain_entries": "at",
    "symptom_checkins": "at",
    "serum_results": "measured_on",
    "events": "at",
    "screenings": "taken_at",
}
# (lowest, highest) for numbers typed or imported; None bounds are open.
RANGES: dict[str, dict[str, tuple[float, float]]] = {
    "pain_entries": {k: (0, 10) for k in ("pain", "activity_interference", "sleep_interference")},
    "symptom_checkins": {k: (0, 10) for k in SYMPTOMS},
    "serum_results": {"mmol_per_l": (0.1, 5)},
    "supplement_intakes": {"units": (0, 50), "elemental_mg": (0, 250_000)},
    "supplement_products": {
        "elemental_mg_per_unit": (0, 5000),
        "label_elemental_mg_per_unit": (0, 5000),
        "salt_mg_per_unit": (0, 5000),
        "computed_elemental_mg_per_unit": (0, 5000),
    },
    "food_entries": {"grams": (0, 100_000), "quantity": (0, 100_000)},
}
NUTRIENT_MAXIMA = {"magnesium_mg": 20_000.0, "energy_kcal": 50_000.0}
CHOICES: dict[str, dict[str, tuple[Any, ...]]] = {
    "pain_entries": {"location": (None, *PAIN_LOCATIONS)},
    "screenings": {"urgency": URGENCIES},
}


def restored_row_problem(
    name: str, row: dict[str, Any], *, today: date, earliest: dict[int, date]
) -> str | None:
    """What is wrong with one restored row (None when it could have been typed)."""
    model = next(m for m in TABLES_IN_ORDER if m.__tablename__ == name)
    for column in model.__table__.columns:
        value = row.get(column.key)
        if isinstance(value, float | int) and not isinstance(value, bool):
            if not math.isfinite(value):
                return f"{column.key} is not a finite number"
        elif value is not None and isinstance(column.type, Float | Integer):
            return f"{column.key} is not a number"
    for key, (low, high) in RANGES.get(name, {}).items():
        value = row.get(key)
        if value is not None and not low <= value <= high:
            return f"{key} is outside {low:g} to {high:g}"
    for key, allowed in CHOICES.get(name, {}).items():
        if row.get(key) not in allowed:
            return f"{key} is not one of the known values"
    if name == "food_entries":
        problem = _nutrients_problem(row.get("nutrients"))
        if problem:
            return problem
    if name == "people":
        return _person_problem(row, today)
    if name in DIARY_DAY and row.get(DIARY_DAY[name]) is not None:
        moment = row[DIARY_DAY[name]]
        day = moment.date() if isinstance(moment, datetime) else moment
        first = earliest.get(row.get("person_id", 0), DIARY_FLOOR)
        reason = implausible(day, today=today, earliest=first)
        if reason is not None:
            return f"{DIARY_DAY[name]} is implausible ({reason})"
    return too_long(model.__table__, row)


def _nutrients_problem(nutrients: Any) -> str | None:
    if not isinstance(nutrients, dict):
        return "nutrients is not a set of values"
    for key, value in nutrients.items():
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"nutrient {key} is not a number"
        if not math.isfinite(value) or not 0 <= value <= NUTRIENT_MAXIMA.get(key, 100_000.0):
            return f"nutrient {key} is out of range"
    return None


def _person_problem(row: dict[str, Any], today: date) -> str | None:
    from pydantic import ValidationError

    from magcoach.person import Person
    from magcoach.store.service import PERSON_FIELDS

    born = row.get("birth_date")
    if born is not None and not DIARY_FLOOR <= born <= today:
        return "birth_date is implausible"
    data = {k: row.get(k) for k in PERSON_FIELDS if k in row}
    for key in ("medicines", "conditions", "allergies"):
        data[key] = tuple(data.get(key) or ())
    try:
        Person.model_validate(data)
    except ValidationError as exc:
        fields = sorted({str(e["loc"][0]) for e in exc.errors() if e["loc"]})
        return f"{', '.join(fields) or 'a value'} is not valid for a person"
    return None
