"""Moving the diary in and out: imports (Cronometer, Apple Health, CSV), exports (CSV, a JSON
backup, FHIR), restore, and deleting everything. Imports are all-or-nothing unless bad rows
may be skipped, and importing the same file twice adds nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from magcoach.app.context import Context
from magcoach.app.days import day_of
from magcoach.app.views import View
from magcoach.errors import InvalidInput

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from magcoach.foods.db import FoodDB
    from magcoach.io.importing import ImportReport
    from magcoach.person import Person

ImportKind = Literal["cronometer", "apple-health", "csv"]
IMPORT_KINDS: tuple[ImportKind, ...] = ("cronometer", "apple-health", "csv")
Progress = Callable[[int, int], None]


class SkippedRowView(View):
    where: str  # "line 12", "record 40"
    reason: str


class ImportView(View):
    source: str
    file: str
    rows: int
    imported: int
    duplicates: int
    skipped: int
    skipped_rows: list[SkippedRowView]
    overlapping: int  # daily totals left out: those days are imported entry by entry
    batch_id: int | None
    notes: list[str]

    @classmethod
    def of(cls, r: ImportReport) -> ImportView:
        return cls(
            source=r.source,
            file=r.file,
            rows=r.rows,
            imported=r.imported,
            duplicates=r.duplicates,
            skipped=len(r.skipped),
            skipped_rows=[
                SkippedRowView(where=f"{e.label} {e.line}", reason=e.reason) for e in r.skipped
            ],
            overlapping=r.overlapping,
            batch_id=r.batch_id,
            notes=list(r.notes),
        )


def _no_progress(done: int, total: int) -> None:
    return None


def import_file(
    ctx: Context,
    kind: str,
    path: Path,
    *,
    person: str | None = None,
    skip_bad: bool = False,
    match_foods: bool = True,
    progress: Progress = _no_progress,
) -> ImportView:
    """Import another app's export into the person's diary."""
    from magcoach.io.files import check_readable_file

    if kind not in IMPORT_KINDS:
        raise InvalidInput(
            f"Unknown kind of file {kind!r}: use {', '.join(IMPORT_KINDS)}.", field="kind"
        )
    check_readable_file(path)
    if kind == "cronometer":
        report = _import_cronometer(ctx, path, person, skip_bad, match_foods, progress)
    elif kind == "apple-health":
        report = _import_apple_health(ctx, path, person, skip_bad, progress)
    else:
        report = _import_csv(ctx, path, person, skip_bad, progress)
    return ImportView.of(report)


def _run_import(
    ctx: Context,
    path: Path,
    person: str | None,
    skip_bad: bool,
    source: str,
    items: Any,
    overlap: Callable[[Session, int], set[date]] | None = None,
) -> ImportReport:
    from magcoach.io.importing import file_sha256, run_import

    # Read and match the whole file before opening the diary: the write lock is then held
    # only while rows are written, so other commands are not kept waiting.
    items = list(items)
    with ctx.diary(person) as (s, person_id, _):
        return run_import(
            s,
            person_id,
            source=source,
            path=path,
            sha256=file_sha256(path),
            items=items,
            skip_bad=skip_bad,
            now=ctx.clock.now(),
            overlap_days=overlap(s, person_id) if overlap else None,
        )


def usda_matcher(db: FoodDB) -> Any:
    """Match another app's food names to USDA foods (grams from the food's own portions)."""
    from magcoach.foods.parse import grams_for
    from magcoach.io.cronometer import FoodMatch

    units = db.units()

    def match(
        name: str, quantity: float | None, unit: str | None, grams: float | None
    ) -> FoodMatch | None:
        hits = db.search(name, limit=1)
        if not hits:
            return None
        food = hits[0].food
        weight = grams
        if weight is None and quantity is not None:
            try:
                weight, _ = grams_for(food, quantity, unit, units)
            except Exception:  # no portion for that unit: grams stay unknown
                weight = None
        nutrients = food.nutrients_for(weight) if weight is not None else {}
        return FoodMatch(food.id, food.description, food.source, weight, nutrients)

    return match


def _cronometer_days(s: Session, person_id: int) -> set[date]:
    """Days already imported entry by entry: Cronometer's daily totals for them are left out
    so a day is never counted twice."""
    from magcoach.io.cronometer import AS_REPORTED
    from magcoach.store import service

    return service.food_entry_days(s, person_id, (AS_REPORTED, "usda (matched)"))


def _import_cronometer(
    ctx: Context, path: Path, person: str | None, skip_bad: bool, match: bool, progress: Progress
) -> ImportReport:
    from magcoach.errors import SetupError
    from magcoach.io import cronometer

    source, _ = cronometer.read(path)  # detect the kind (and fail early on a wrong file)
    matcher = None
    if match:
        try:
            matcher = usda_matcher(ctx.food_db())
        except SetupError:
            matcher = None  # Cronometer's own numbers are enough to import
    report = _run_import(
        ctx,
        path,
        person,
        skip_bad,
        source,
        cronometer.read(path, matcher, progress)[1],
        overlap=_cronometer_days if source == cronometer.DAILY else None,
    )
    report.notes.append("Magnesium values are Cronometer's own, kept as reported.")
    return report


def _import_apple_health(
    ctx: Context, path: Path, person: str | None, skip_bad: bool, progress: Progress
) -> ImportReport:
    from magcoach.io import apple_health

    stats = apple_health.AppleHealthStats()
    report = _run_import(
        ctx,
        path,
        person,
        skip_bad,
        apple_health.SOURCE,
        apple_health.read(path, progress, stats),
    )
    report.notes.extend(stats.notes)
    report.notes.append(
        "Back pain severity mapped to 0-10: not present 0, mild 2, moderate 5, severe 8."
    )
    return report


def _import_csv(
    ctx: Context, path: Path, person: str | None, skip_bad: bool, progress: Progress
) -> ImportReport:
    from magcoach.foods.parse import parse_entry
    from magcoach.io import csv_import

    db = ctx.food_db()
    return _run_import(
        ctx,
        path,
        person,
        skip_bad,
        csv_import.SOURCE,
        csv_import.read(path, lambda text: parse_entry(text, db), progress),
    )


# ---------------------------------------------------------------- exports


def check_out(out: Path) -> None:
    """The file to write must be a file in a folder that exists."""
    from magcoach.io.files import check_output_file

    check_output_file(out)


@contextmanager
def export_scope(
    ctx: Context, person: str | None, start: str | None, end: str | None
) -> Iterator[tuple[Session, int, Person, date, date]]:
    """The person's diary and the days to export: as given, by default the first to the last
    day with an entry."""
    from magcoach.store import service

    with ctx.diary(person) as (s, person_id, who):
        span = service.diary_span(s, person_id)
        today = ctx.clock.today()
        first = day_of(ctx, start, field="start") if start else (span[0] if span else today)
        last = day_of(ctx, end, field="end") if end else (span[1] if span else today)
        if last < first:
            raise InvalidInput(f"The export ends ({last}) before it starts ({first}).", field="end")
        yield s, person_id, who, first, last


class CsvExportView(View):
    entries_file: str
    entries: int
    days_file: str
    days: int


def export_csv(
    ctx: Context,
    out: Path,
    *,
    person: str | None = None,
    start: str | None = None,
    end: str | None = None,
) -> CsvExportView:
    """Every entry with its nutrients, and a per-day summary beside it (`NAME-days.csv`)."""
    from magcoach.io import export_csv as exporter
    from magcoach.store import service

    check_out(out)
    days_out = out.with_name(f"{out.stem}-days{out.suffix or '.csv'}")
    with export_scope(ctx, person, start, end) as (s, person_id, who, first, last):
        n_entries = exporter.write_entries(s, person_id, first, last, out)
        series = service.daily_series(s, person_id, first, last, service.requirement_for(who))
        extras = exporter.day_extras(s, person_id, first, last)
    n_days = exporter.write_days(series, days_out, extras)
    return CsvExportView(
        entries_file=str(out), entries=n_entries, days_file=str(days_out), days=n_days
    )


class BackupView(View):
    file: str
    rows: dict[str, int]


def export_backup(ctx: Context, out: Path, *, person: str | None = None) -> BackupView:
    """A JSON backup, which restore reads: in the local mode of everything (all people, all
    entries); in the shared mode of one person only (the bound person, or `person`), since
    the database holds other people's diaries too."""
    from magcoach.io.backup import write_backup

    check_out(out)
    if shared_database(ctx):
        with ctx.diary(person) as (s, person_id, _):
            counts = write_backup(s, out, now=ctx.clock.now(), person_id=person_id)
    else:
        with ctx.unit() as s:
            counts = write_backup(s, out, now=ctx.clock.now())
    return BackupView(file=str(out), rows=counts)


def shared_database(ctx: Context) -> bool:
    """The database holds other people's diaries (the shared mode, or a context bound to one
    person): whole-database operations must not be offered."""
    return ctx.settings.shared or ctx.scope is not None


class FhirExportView(View):
    file: str
    observations: int


def export_fhir(
    ctx: Context,
    out: Path,
    *,
    person: str | None = None,
    start: str | None = None,
    end: str | None = None,
) -> FhirExportView:
    """Pain, serum magnesium and daily dietary magnesium as a validated FHIR R4 Bundle."""
    import json

    from magcoach.io import fhir
    from magcoach.store import service

    check_out(out)
    with export_scope(ctx, person, start, end) as (s, person_id, who, first, last):
        bundle = fhir.build_bundle(
            who,
            pain=service.pain_series(s, person_id, first, last),
            serum=[
                r for r in service.serum_results(s, person_id) if first <= r.measured_on <= last
            ],
            days=service.daily_series(s, person_id, first, last, service.requirement_for(who)),
            now=ctx.clock.now(),
        )
    fhir.validate(bundle)
    out.write_text(json.dumps(bundle, indent=1, ensure_ascii=False), encoding="utf-8")
    return FhirExportView(file=str(out), observations=len(bundle["entry"]) - 1)


class RestoreView(View):
    file: str
    restored: dict[str, int]


RESTORE_SHARED = (
    "Restoring a backup is not offered in the shared (clinic) mode: the database holds "
    "everyone's diaries, and a restore would replace them all."
)


def restore(ctx: Context, file: Path) -> RestoreView:
    """Fill an empty database from a JSON backup (a database with data is refused). Not in
    the shared mode: there the clinic's admin restores the whole database (pg_restore)."""
    from magcoach.errors import Forbidden
    from magcoach.io.backup import load_backup
    from magcoach.io.backup import restore as restore_rows

    if shared_database(ctx):
        raise Forbidden(
            RESTORE_SHARED,
            hint="The clinic's admin restores the whole database from its pg_dump copy with "
            "pg_restore. Your JSON export keeps your own copy, to read or to restore into a "
            "magcoach of your own.",
        )
    data = load_backup(file)
    with ctx.unit() as s:
        counts = restore_rows(s, data, today=ctx.clock.today())
    return RestoreView(file=str(file), restored=counts)


class DeletedView(View):
    deleted: dict[str, int]


def delete_everything(ctx: Context, *, confirmed: bool, person: str | None = None) -> DeletedView:
    """Delete every person and every entry; in the shared mode only one person's diary (the
    bound person, or `person`) with its sharing, notes and access log. Only when confirmed:
    there is no undo (an export first keeps a copy)."""
    from magcoach.errors import Forbidden

    if not confirmed:
        raise InvalidInput("Deleting needs a confirmation: nothing was deleted.", field="confirm")
    if shared_database(ctx):
        if ctx.scope is not None and ctx.scope.read_only:
            raise Forbidden("Only the person's own account can delete their diary.")
        with ctx.diary(person) as (s, person_id, _):
            return DeletedView(deleted=_delete_person(s, person_id))
    return DeletedView(deleted=_delete_all(ctx))


def _delete_all(ctx: Context) -> dict[str, int]:
    from sqlalchemy import delete, func, select

    from magcoach.store.models import Base

    counts: dict[str, int] = {}
    with ctx.unit() as s:
        for table in reversed(Base.metadata.sorted_tables):  # children before parents
            if table.name == "alembic_version":
                continue
            counts[table.name] = s.scalar(select(func.count()).select_from(table)) or 0
            s.execute(delete(table))
    return {k: v for k, v in counts.items() if v}


def _delete_person(s: Session, person_id: int) -> dict[str, int]:
    """One person's rows: first what the accounts keep about them (grants, invitations, notes,
    the access log are deleted; sessions that had them open forget them), then the diary,
    children before parents. Other people's rows are untouched."""
    from sqlalchemy import delete, func, select, update

    from magcoach.io.backup import person_rows
    from magcoach.store.models import TABLES_IN_ORDER, Base

    counts: dict[str, int] = {}
    diary_tables = {model.__tablename__ for model in TABLES_IN_ORDER}
    for table in reversed(Base.metadata.sorted_tables):
        if table.name in diary_tables or "person_id" not in table.c:
            continue
        fk = next(iter(table.c.person_id.foreign_keys))
        mine = table.c.person_id == person_id
        if fk.ondelete == "SET NULL":
            s.execute(update(table).where(mine).values(person_id=None))
        else:
            counts[table.name] = s.scalar(select(func.count()).select_from(table).where(mine)) or 0
            s.execute(delete(table).where(mine))
    kept: dict[str, set[int]] = {}
    terms = []
    for model in TABLES_IN_ORDER:  # which rows, found parents first
        term = person_rows(model, person_id, kept)
        kept[model.__tablename__] = set(s.scalars(select(model.id).where(term)))
        terms.append((model, term))
    for model, term in reversed(terms):
        counts[model.__tablename__] = len(kept[model.__tablename__])
        s.execute(delete(model.__table__).where(term))
    return {k: v for k, v in counts.items() if v}
