"""Moving the diary in and out: `magcoach import cronometer/apple-health/csv`,
`magcoach export csv/json/fhir` and `magcoach restore`: parse, call `magcoach.app.transfer`,
render its view."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from magcoach.cli._diary_common import PERSON_OPTION, _esc
from magcoach.cli.apps import PANEL_DATA, app, export_app, import_app
from magcoach.cli.common import JSON_OPTION, app_context, console, emit_view

if TYPE_CHECKING:
    from magcoach.app.transfer import ImportView

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


def _report(report: ImportView, as_json: bool) -> None:
    if as_json:
        emit_view(report)
        return
    out = console()
    out.print(
        f"Imported {report.imported} entries from {_esc(Path(report.file).name)} "
        f"({report.duplicates} already imported, {report.skipped} skipped)."
    )
    if report.overlapping:
        out.print(
            f"{report.overlapping} daily totals were left out: those days are already "
            "imported entry by entry."
        )
    for row in report.skipped_rows:
        out.print(f"  skipped {row.where}: {_esc(row.reason)}")
    for note in report.notes:
        out.print(f"Note: {_esc(note)}")


def _import(
    kind: str, file: Path, person: str | None, skip_bad: bool, match_foods: bool = True
) -> ImportView:
    from magcoach.app import transfer

    update, stop = _progress_runner(f"Importing {file.name}")
    try:
        with app_context() as ctx:
            return transfer.import_file(
                ctx,
                kind,
                file,
                person=person,
                skip_bad=skip_bad,
                match_foods=match_foods,
                progress=update,
            )
    finally:
        stop()


@import_app.command("cronometer")
def import_cronometer(
    file: Path = typer.Argument(..., help="servings.csv or dailysummary.csv from Cronometer."),
    person: str = PERSON_OPTION,
    skip_bad: bool = SKIP_BAD_OPTION,
    no_match: bool = typer.Option(False, "--no-match", help="Do not match foods to USDA data."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Import a Cronometer export (Food & Recipe Entries, or Daily Nutrition)."""
    _report(_import("cronometer", file, person, skip_bad, not no_match), as_json)


@import_app.command("apple-health")
def import_apple_health(
    file: Path = typer.Argument(..., help="export.zip or export.xml from the Health app."),
    person: str = PERSON_OPTION,
    skip_bad: bool = SKIP_BAD_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Import dietary magnesium, energy and lower-back pain from an Apple Health export."""
    _report(_import("apple-health", file, person, skip_bad), as_json)


@import_app.command("csv")
def import_csv(
    file: Path = typer.Argument(..., help="CSV with date,time,text or date,food,amount,unit."),
    person: str = PERSON_OPTION,
    skip_bad: bool = SKIP_BAD_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Import a plain CSV food diary (each row read like `magcoach log`)."""
    _report(_import("csv", file, person, skip_bad), as_json)


# ---------------------------------------------------------------- exports and restore


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
    from magcoach.app import transfer

    with app_context() as ctx:
        view = transfer.export_csv(ctx, out, person=person, start=start, end=end)
    if as_json:
        emit_view(view)
        return
    console().print(
        f"Wrote {view.entries} entries to {_esc(view.entries_file)} and {view.days} days to "
        f"{_esc(view.days_file)}."
    )


@export_app.command("json")
def export_json(
    out: Path = typer.Argument(..., help="The backup file to write (.json)."),
    as_json: bool = JSON_OPTION,
) -> None:
    """A JSON backup of everything (all people, all entries); `magcoach restore` reads it."""
    from magcoach.app import transfer

    with app_context() as ctx:
        view = transfer.export_backup(ctx, out)
    if as_json:
        emit_view(view)
        return
    console().print(
        f"Backed up {sum(view.rows.values())} rows to {_esc(out)}. Restore into an "
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
    from magcoach.app import transfer

    with app_context() as ctx:
        view = transfer.export_fhir(ctx, out, person=person, start=start, end=end)
    if as_json:
        emit_view(view)
        return
    console().print(
        f"Wrote a FHIR R4 Bundle with {view.observations} observations to {_esc(out)} (validated)."
    )


@app.command("restore", rich_help_panel=PANEL_DATA)
def restore_backup(
    file: Path = typer.Argument(..., help="A backup made by `magcoach export json`."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Restore a JSON backup into an empty database (a non-empty one is refused)."""
    from magcoach.app import transfer

    with app_context() as ctx:
        view = transfer.restore(ctx, file)
    if as_json:
        emit_view(view)
        return
    console().print(f"Restored {sum(view.restored.values())} rows from {_esc(file)}.")
