"""Moving the diary in and out: `magcoach import cronometer/apple-health/csv`,
`magcoach export csv/json/fhir` and `magcoach restore`. A thin shell over `magcoach.io` and
`magcoach.store.service`; heavy modules are imported inside the commands."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from magcoach.cli._diary_common import (
    PERSON_OPTION,
    _daily_series,
    _day,
    _diary,
    _esc,
    _food_db,
    _session,
)
from magcoach.cli.apps import PANEL_DATA, app, export_app, import_app
from magcoach.cli.common import JSON_OPTION, console, emit_json, now, today

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from magcoach.foods.db import FoodDB
    from magcoach.io.importing import ImportReport
    from magcoach.person import Person

SKIP_BAD_OPTION = typer.Option(
    False, "--skip-bad", help="Import the good rows and list the bad ones instead of stopping."
)


# ---------------------------------------------------------------- imports


def _progress_runner(label: str) -> tuple[Callable[[int, int], None], Callable[[], None]]:
    """A Rich progress bar (on a terminal, for long files); returns (update, stop)."""
    import sys

    if not sys.stderr.isatty():
        return (lambda done, total: None), (lambda: None)
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(
        TextColumn(label),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeRemainingColumn(),
        transient=True,
    )
    task = bar.add_task(label, total=1)
    bar.start()

    def update(done: int, total: int) -> None:
        bar.update(task, completed=done, total=max(total, 1))

    return update, bar.stop


def _report(report: ImportReport, as_json: bool) -> None:
    if as_json:
        emit_json(report.to_json())
        return
    out = console()
    out.print(
        f"Imported {report.imported} entries from {_esc(Path(report.file).name)} "
        f"({report.duplicates} already imported, {len(report.skipped)} skipped)."
    )
    if report.overlapping:
        out.print(
            f"{report.overlapping} daily totals were left out: those days are already "
            "imported entry by entry."
        )
    for error in report.skipped:
        out.print(f"  skipped {error.label} {error.line}: {_esc(error.reason)}")
    for note in report.notes:
        out.print(f"Note: {_esc(note)}")


def _run_import(
    path: Path,
    person: str | None,
    skip_bad: bool,
    source: str,
    items_for: Callable[[Callable[[int, int], None]], Any],
    overlap: Callable[[Session, int], set[date]] | None = None,
) -> ImportReport:
    from magcoach.io.files import check_readable_file
    from magcoach.io.importing import file_sha256, run_import

    check_readable_file(path)
    update, stop = _progress_runner(f"Importing {path.name}")
    try:
        # Read and match the whole file before opening the diary: the write lock is then held
        # only while rows are written, so other commands are not kept waiting.
        items = list(items_for(update))
        with _diary(person) as (s, person_id, _):
            return run_import(
                s,
                person_id,
                source=source,
                path=path,
                sha256=file_sha256(path),
                items=items,
                skip_bad=skip_bad,
                now=now(),
                overlap_days=overlap(s, person_id) if overlap else None,
            )
    finally:
        stop()


def _usda_matcher(db: FoodDB) -> Any:
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
    from magcoach.io.cronometer import AS_REPORTED
    from magcoach.store import service

    return service.food_entry_days(s, person_id, (AS_REPORTED, "usda (matched)"))


@import_app.command("cronometer")
def import_cronometer(
    file: Path = typer.Argument(..., help="servings.csv or dailysummary.csv from Cronometer."),
    person: str = PERSON_OPTION,
    skip_bad: bool = SKIP_BAD_OPTION,
    no_match: bool = typer.Option(False, "--no-match", help="Do not match foods to USDA data."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Import a Cronometer export (Food & Recipe Entries, or Daily Nutrition)."""
    from contextlib import ExitStack

    from magcoach.errors import SetupError
    from magcoach.io import cronometer

    with ExitStack() as stack:
        matcher = None
        if not no_match:
            try:
                matcher = _usda_matcher(stack.enter_context(_food_db()))
            except SetupError:
                matcher = None  # Cronometer's own numbers are enough to import

        def items(update: Callable[[int, int], None]) -> Any:
            return cronometer.read(file, matcher, update)[1]

        source, _ = cronometer.read(file)  # detect the kind (and fail early on a wrong file)
        report = _run_import(
            file,
            person,
            skip_bad,
            source,
            items,
            overlap=_cronometer_days if source == cronometer.DAILY else None,
        )
    report.notes.append("Magnesium values are Cronometer's own, kept as reported.")
    _report(report, as_json)


@import_app.command("apple-health")
def import_apple_health(
    file: Path = typer.Argument(..., help="export.zip or export.xml from the Health app."),
    person: str = PERSON_OPTION,
    skip_bad: bool = SKIP_BAD_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Import dietary magnesium, energy and lower-back pain from an Apple Health export."""
    from magcoach.io import apple_health

    stats = apple_health.AppleHealthStats()
    report = _run_import(
        file,
        person,
        skip_bad,
        apple_health.SOURCE,
        lambda update: apple_health.read(file, update, stats),
    )
    report.notes.extend(stats.notes)
    report.notes.append(
        "Back pain severity mapped to 0-10: not present 0, mild 2, moderate 5, severe 8."
    )
    _report(report, as_json)


@import_app.command("csv")
def import_csv(
    file: Path = typer.Argument(..., help="CSV with date,time,text or date,food,amount,unit."),
    person: str = PERSON_OPTION,
    skip_bad: bool = SKIP_BAD_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Import a plain CSV food diary (each row read like `magcoach log`)."""
    from magcoach.foods.parse import parse_entry
    from magcoach.io import csv_import

    with _food_db() as db:
        report = _run_import(
            file,
            person,
            skip_bad,
            csv_import.SOURCE,
            lambda update: csv_import.read(file, lambda text: parse_entry(text, db), update),
        )
    _report(report, as_json)


# ---------------------------------------------------------------- exports and restore


def _range(start: str | None, end: str | None) -> tuple[date | None, date | None]:
    return (_day(start) if start else None), (_day(end) if end else None)


@contextmanager
def _export_scope(
    out: Path, person: str | None, start: str | None, end: str | None
) -> Iterator[tuple[Session, int, Person, date, date]]:
    """Checks the output path, then opens the diary of the person with the days to export
    (--from/--to, by default the first to the last entry)."""
    from magcoach.errors import InvalidInput
    from magcoach.store import service

    _check_out(out)
    with _diary(person) as (s, person_id, who):
        lo, hi = _range(start, end)
        span = service.diary_span(s, person_id)
        first = lo or (span[0] if span else today())
        last = hi or (span[1] if span else today())
        if last < first:
            raise InvalidInput(f"--to {last} is before --from {first}.")
        yield s, person_id, who, first, last


def _check_out(out: Path) -> None:
    from magcoach.io.files import check_output_file

    check_output_file(out)


FROM_OPTION = typer.Option(None, "--from", help="First day (default: the first entry).")
TO_OPTION = typer.Option(None, "--to", help="Last day (default: the last entry).")


@export_app.command("csv")
def export_csv(
    out: Path = typer.Argument(..., help="Entries CSV; the per-day CSV goes beside it (-days)."),
    person: str = PERSON_OPTION,
    start: str = FROM_OPTION,
    end: str = TO_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Export every entry with all nutrients, and a per-day summary, as CSV."""
    from magcoach.io import export_csv as exporter

    days_out = out.with_name(f"{out.stem}-days{out.suffix or '.csv'}")
    with _export_scope(out, person, start, end) as (s, person_id, who, first, last):
        n_entries = exporter.write_entries(s, person_id, first, last, out)
        series = _daily_series(s, person_id, who, first, last)
        extras = exporter.day_extras(s, person_id, first, last)
    n_days = exporter.write_days(series, days_out, extras)
    if as_json:
        emit_json(
            {
                "entries_file": str(out),
                "entries": n_entries,
                "days_file": str(days_out),
                "days": n_days,
            }
        )
        return
    console().print(
        f"Wrote {n_entries} entries to {_esc(out)} and {n_days} days to {_esc(days_out)}."
    )


@export_app.command("json")
def export_json(
    out: Path = typer.Argument(..., help="The backup file to write (.json)."),
    as_json: bool = JSON_OPTION,
) -> None:
    """A JSON backup of everything (all people, all entries); `magcoach restore` reads it."""
    from magcoach.io.backup import write_backup

    _check_out(out)
    with _session() as s:
        counts = write_backup(s, out, now=now())
    if as_json:
        emit_json({"file": str(out), "rows": counts})
        return
    console().print(
        f"Backed up {sum(counts.values())} rows to {_esc(out)}. Restore into an "
        "empty database with: magcoach restore FILE"
    )


@export_app.command("fhir")
def export_fhir(
    out: Path = typer.Argument(..., help="The FHIR Bundle to write (.json)."),
    person: str = PERSON_OPTION,
    start: str = FROM_OPTION,
    end: str = TO_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Export pain, serum magnesium and daily dietary magnesium as a FHIR R4 Bundle."""
    import json

    from magcoach.io import fhir
    from magcoach.store import service

    with _export_scope(out, person, start, end) as (s, person_id, who, first, last):
        bundle = fhir.build_bundle(
            who,
            pain=service.pain_series(s, person_id, first, last),
            serum=[
                r for r in service.serum_results(s, person_id) if first <= r.measured_on <= last
            ],
            days=_daily_series(s, person_id, who, first, last),
            now=now(),
        )
    fhir.validate(bundle)
    out.write_text(json.dumps(bundle, indent=1, ensure_ascii=False), encoding="utf-8")
    n = len(bundle["entry"]) - 1
    if as_json:
        emit_json({"file": str(out), "observations": n})
        return
    console().print(f"Wrote a FHIR R4 Bundle with {n} observations to {_esc(out)} (validated).")


@app.command("restore", rich_help_panel=PANEL_DATA)
def restore_backup(
    file: Path = typer.Argument(..., help="A backup made by `magcoach export json`."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Restore a JSON backup into an empty database (a non-empty one is refused)."""
    from magcoach.io.backup import load_backup, restore

    data = load_backup(file)
    with _session() as s:
        counts = restore(s, data, today=today())
    if as_json:
        emit_json({"restored": counts})
        return
    console().print(f"Restored {sum(counts.values())} rows from {_esc(file)}.")
