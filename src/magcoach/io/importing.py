"""What every importer shares: row items, duplicate keys, and the one-transaction writer.

An importer yields `ImportedFood`, `ImportedPain` or `RowError` items (each with the line it
came from). `run_import` writes them inside the caller's transaction:
- atomic: the first bad row stops the import (after collecting a few more errors to report)
  and raises BadFile naming the lines, so the caller's session rolls back and nothing is saved;
  with `skip_bad=True` the good rows are imported and every skipped row is reported;
- idempotent: each row has a key (a hash of its content plus its occurrence number in the
  file); keys already imported for this person and source count as duplicates.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Table, delete, insert, select
from sqlalchemy.orm import Session

from magcoach.errors import BadFile
from magcoach.io.files import check_readable_file
from magcoach.io.when import earliest_day, implausible
from magcoach.store.models import (
    FoodEntryRow,
    ImportBatch,
    ImportedRow,
    PainEntryRow,
    PersonRow,
)
from magcoach.store.service import clean_nutrients
from magcoach.validation import too_long

CHUNK = 2000
MAX_ERRORS_SHOWN = 10
Progress = Callable[[int, int], None]  # (done, total) in bytes or rows


class RowProblem(ValueError):
    """A row that cannot be imported; the message says why."""


@dataclass(frozen=True)
class ImportedFood:
    line: int
    key: str
    eaten_at: datetime
    text: str
    nutrients: Mapping[str, float | None]
    magnesium_source: str
    food_id: str | None = None
    food_description: str | None = None
    food_source: str | None = None
    quantity: float | None = None
    unit: str | None = None
    grams: float | None = None


@dataclass(frozen=True)
class ImportedPain:
    line: int
    key: str
    at: datetime
    pain: float
    location: str | None
    note: str | None


@dataclass(frozen=True)
class RowError:
    line: int
    reason: str
    label: str = "line"  # Apple Health rows are numbered records, not lines


Item = ImportedFood | ImportedPain | RowError


@dataclass
class ImportReport:
    source: str
    file: str
    imported: int = 0
    duplicates: int = 0
    skipped: list[RowError] = field(default_factory=list)
    rows: int = 0
    batch_id: int | None = None
    overlapping: int = 0
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "file": self.file,
            "rows": self.rows,
            "imported": self.imported,
            "duplicates": self.duplicates,
            "skipped": len(self.skipped),
            "skipped_rows": [{e.label: e.line, "reason": e.reason} for e in self.skipped],
            "overlapping": self.overlapping,
            "batch_id": self.batch_id,
            "notes": self.notes,
        }


def file_sha256(path: Path) -> str:
    check_readable_file(path)
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class KeyMaker:
    """Stable row keys: hash of the row's content + how many identical rows came before it."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def __call__(self, *parts: object) -> str:
        content = "\x1f".join("" if p is None else str(p) for p in parts)
        base = hashlib.sha256(content.encode("utf-8", "surrogatepass")).hexdigest()[:40]
        count = self._seen.get(base, 0)
        self._seen[base] = count + 1
        return f"{base}#{count}"


def number(text: str | None, what: str, *, maximum: float = 1e6) -> float | None:
    """A non-negative finite number from a cell; empty → None; anything else → RowProblem."""
    if text is None:
        return None
    cleaned = text.strip().replace(",", "")
    if not cleaned:
        return None
    try:
        value = float(cleaned)
    except ValueError:
        raise RowProblem(f"{what} {text.strip()[:40]!r} is not a number") from None
    if not math.isfinite(value) or value < 0 or value > maximum:
        raise RowProblem(f"{what} {text.strip()[:40]!r} is out of range (0 to {maximum:g})")
    return value


def clean_text(text: str, limit: int = 500) -> str:
    """Printable text only (control characters become spaces), trimmed to `limit`."""
    return "".join(c if c.isprintable() else " " for c in text).strip()[:limit]


def _describe(errors: list[RowError]) -> str:
    shown = "; ".join(f"{e.label} {e.line}: {e.reason}" for e in errors[:MAX_ERRORS_SHOWN])
    more = len(errors) - MAX_ERRORS_SHOWN
    return shown + (f"; and {more} more" if more > 0 else "")


def _table(model: Any) -> Table:
    table: Table = model.__table__
    return table


def _item_problem(item: ImportedFood | ImportedPain, *, today: date, earliest: date) -> str | None:
    """The rules typed entries follow: a plausible date, text that fits its column."""
    at = item.eaten_at if isinstance(item, ImportedFood) else item.at
    problem = implausible(at.date(), today=today, earliest=earliest)
    if problem is not None:
        return f"the date {problem}"
    table = FoodEntryRow.__table__ if isinstance(item, ImportedFood) else PainEntryRow.__table__
    return too_long(table, vars(item))


def run_import(
    session: Session,
    person_id: int,
    *,
    source: str,
    path: Path,
    sha256: str,
    items: Iterable[Item],
    skip_bad: bool,
    now: datetime,
    overlap_days: set[date] | None = None,
) -> ImportReport:
    """Write importer items in the caller's transaction (see the module docstring).

    Food rows on `overlap_days` (days already covered another way, e.g. a daily total for a day
    imported entry by entry) are counted in `report.overlapping` and not written.
    """
    report = ImportReport(source=source, file=str(path))
    person = session.get(PersonRow, person_id)
    today = now.date()
    earliest = earliest_day(
        person.birth_date if person else None, person.age if person else None, today
    )
    label = "record" if source == "apple-health" else "line"
    known = set(
        session.scalars(
            select(ImportedRow.row_key).where(
                ImportedRow.person_id == person_id, ImportedRow.source == source
            )
        )
    )
    batch = ImportBatch(
        person_id=person_id, source=source, filename=path.name, sha256=sha256, created_at=now
    )
    session.add(batch)
    session.flush()
    report.batch_id = batch.id
    errors: list[RowError] = []
    foods: list[dict[str, Any]] = []
    pains: list[dict[str, Any]] = []
    keys: list[dict[str, Any]] = []

    def flush() -> None:
        # Core inserts (not ORM bulk): the write lock is held for less time.
        connection = session.connection()
        if foods:
            connection.execute(insert(_table(FoodEntryRow)), foods)
        if pains:
            connection.execute(insert(_table(PainEntryRow)), pains)
        if keys:
            connection.execute(insert(_table(ImportedRow)), keys)
        foods.clear()
        pains.clear()
        keys.clear()

    for item in items:
        if isinstance(item, RowError):
            report.rows += 1
            errors.append(item)
            if not skip_bad and len(errors) > MAX_ERRORS_SHOWN:
                break
            continue
        report.rows += 1
        problem = _item_problem(item, today=today, earliest=earliest)
        if problem is not None:
            errors.append(RowError(item.line, problem, label))
            if not skip_bad and len(errors) > MAX_ERRORS_SHOWN:
                break
            continue
        if errors and not skip_bad:
            continue  # the import will fail: just look for more errors to report
        if item.key in known:
            report.duplicates += 1
            continue
        if overlap_days and isinstance(item, ImportedFood) and item.eaten_at.date() in overlap_days:
            report.overlapping += 1
            continue
        known.add(item.key)
        common = {
            "person_id": person_id,
            "batch_id": batch.id,
            "created_at": now,
            "updated_at": now,
            "deleted_at": None,
        }
        if isinstance(item, ImportedFood):
            foods.append(
                {
                    **common,
                    "eaten_at": item.eaten_at,
                    "text": item.text,
                    "food_id": item.food_id,
                    "food_description": item.food_description,
                    "food_source": item.food_source,
                    "quantity": item.quantity,
                    "unit": item.unit,
                    "grams": item.grams,
                    "nutrients": clean_nutrients(item.nutrients),
                    "magnesium_source": item.magnesium_source,
                }
            )
        else:
            pains.append(
                {
                    **common,
                    "at": item.at,
                    "pain": item.pain,
                    "activity_interference": None,
                    "sleep_interference": None,
                    "location": item.location,
                    "note": item.note,
                }
            )
        keys.append(
            {"person_id": person_id, "source": source, "row_key": item.key, "batch_id": batch.id}
        )
        report.imported += 1
        if len(keys) >= CHUNK:
            flush()
    if errors and not skip_bad:
        raise BadFile(
            f"Nothing was imported from {path.name}: {_describe(errors)}.",
            hint="Fix those rows, or import the good rows and list the rest (skip bad rows).",
            field="skip_bad",
        )
    flush()
    report.skipped = errors
    if report.imported == 0:
        session.execute(delete(ImportBatch).where(ImportBatch.id == batch.id))
        report.batch_id = None
    else:
        batch.imported = report.imported
        batch.duplicates = report.duplicates
        batch.skipped = len(errors)
    return report
