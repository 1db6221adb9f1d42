"""JSON backup of everything in the store, and restore into an empty database.

The backup holds every row of every table (people, diary entries including soft-deleted ones,
supplements, imports), so a restore gives back exactly the same days. Restoring into a
database that already holds data is refused (Conflict): nothing is merged or overwritten.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Date, DateTime, Table, func, insert, select
from sqlalchemy.orm import Session

from magcoach.errors import BadFile, Conflict
from magcoach.store.db import HEAD
from magcoach.store.models import TABLES_IN_ORDER

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


def write_backup(session: Session, out: Path, *, now: datetime) -> dict[str, int]:
    data = backup(session, now=now)
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
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BadFile(f"No such file: {path}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadFile(f"{path.name} is not a magcoach JSON backup ({exc}).") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BadFile(
            f"{path.name} is not a magcoach backup (made by `magcoach export json`).",
        )
    if data.get("version") != VERSION or not isinstance(data.get("tables"), dict):
        raise BadFile(f"{path.name} has backup version {data.get('version')!r}; expected 1.")
    return data


def restore(session: Session, data: dict[str, Any]) -> dict[str, int]:
    """Insert every row of a backup; the database must be empty. Returns rows per table."""
    existing = sum(
        session.scalar(select(func.count()).select_from(m.__table__)) or 0 for m in TABLES_IN_ORDER
    )
    if existing:
        raise Conflict(
            "This database already holds data; restore only goes into an empty one.",
            hint="Point MAGCOACH_HOME (or MAGCOACH_DATABASE_URL) at a new place and restore "
            "there, or back up and move the current database away first.",
        )
    counts: dict[str, int] = {}
    tables = data["tables"]
    for model in TABLES_IN_ORDER:
        rows = tables.get(model.__tablename__, [])
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise BadFile(f"The backup's table {model.__tablename__} is not a list of rows.")
        try:
            converted = [_convert(model, r) for r in rows]
        except (TypeError, ValueError) as exc:
            raise BadFile(f"The backup's table {model.__tablename__} is damaged: {exc}") from None
        if converted:
            session.execute(insert(model), converted)
        counts[model.__tablename__] = len(converted)
    return counts
