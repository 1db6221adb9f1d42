"""`magcoach trial ...`: your own randomised on/off magnesium trial. Parse, call
`magcoach.app.trial`, render its view (`--json` prints the view)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import typer

from magcoach.cli._diary_common import PERSON_OPTION, _day, _esc
from magcoach.cli.apps import PANEL_TRACK, _group, app
from magcoach.cli.common import JSON_OPTION, app_context, console, emit_json

if TYPE_CHECKING:
    from magcoach.app.trial import TrialDayView, TrialDesignView
    from magcoach.trial import TrialResult

T = TypeVar("T")

trial_app = _group(
    "Your own trial: periods on and off magnesium in a random order, then an honest answer "
    "to whether it helps your back pain."
)
app.add_typer(trial_app, name="trial", rich_help_panel=PANEL_TRACK)


def _run(use_case: Callable[..., T], *args: object) -> T:
    """Call one trial use case with the command's application context."""
    with app_context() as ctx:
        return use_case(ctx, *args)


def _print_design(d: TrialDesignView) -> None:
    out = console()
    out.print(
        f"{d.pairs} pairs of {d.period_days}-day periods, {d.start:%a %d %b %Y} to "
        f"{d.end:%a %d %b %Y}; order {d.order} (seed {d.seed}); the first {d.washin_days} "
        "days of each period are a wash-in and are not compared."
    )
    for p in d.periods:
        marker = "[bold]A[/] magnesium   " if p.arm == "A" else "B no magnesium"
        out.print(f"  {p.number}. {p.start:%d %b} - {p.end:%d %b}  {marker}")
    dose = f"{d.dose_mg:.0f} mg of {d.form.lower()} a day"
    if d.dose_times:
        dose += f" at {', '.join(d.dose_times)}"
    out.print(f"On magnesium days: {_esc(dose)}.")
    if d.placebo:
        out.print("On no-magnesium days: the pharmacist's look-alike placebo.")


@trial_app.command("plan")
def plan_command(
    start: str = typer.Option(None, "--start", help="First day (default tomorrow)."),
    pairs: int = typer.Option(3, "--pairs", help="Pairs of on/off periods (2 to 6)."),
    period_days: int = typer.Option(14, "--period-days", help="Days per period (7 to 28)."),
    washin_days: int = typer.Option(
        5, "--washin-days", help="Days at the start of each period left out of the comparison."
    ),
    seed: int = typer.Option(None, "--seed", help="Seed of the random order (default: random)."),
    dose_mg: float = typer.Option(
        None, "--dose-mg", help="Elemental magnesium a day (default: the plan's dose)."
    ),
    placebo: bool = typer.Option(
        False, "--placebo", help="A pharmacist gives you look-alike placebo for the off periods."
    ),
    with_clinician: bool = typer.Option(
        False, "--with-clinician", help="Your clinician agreed to the trial (where one must)."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show the design without saving it."),
    ics: Path = typer.Option(None, "--ics", help="Also write the schedule to this .ics file."),
    person: str = PERSON_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Design your trial, safety first: no trial while red flags or signs of too much
    magnesium stand, or where the plan finds a supplement unsafe for you."""
    from magcoach.app import trial

    view = _run(
        trial.plan,
        trial.PlanTrialRequest(
            person=person,
            start=_day(start) if start else None,
            pairs=pairs,
            period_days=period_days,
            washin_days=washin_days,
            seed=seed,
            dose_mg=dose_mg,
            placebo=placebo,
            with_clinician=with_clinician,
            save=not dry_run,
        ),
    )
    written = _write_calendar(ics, person) if ics is not None and view.saved else None
    if as_json:
        emit_json(view)
        return
    out = console()
    out.print(f"[bold]Your magnesium trial[/] - {_esc(view.person)}")
    _print_design(view.design)
    out.print(f"Why this dose: {_esc(view.dose_why)}.")
    for line in view.schedule:
        out.print(f"  {_esc(line)}")
    for warning in view.warnings:
        out.print(f"[bold]Caution:[/] {_esc(warning)}")
    for reason in view.clinician_reasons:
        out.print(f"With your clinician: {_esc(reason)}")
    for note in view.notes:
        out.print(f"[bold]Note:[/] {_esc(note)}")
    out.print("How it works:")
    for why in view.why:
        out.print(f"  - {_esc(why)}")
    out.print(_esc(view.detection))
    if view.saved:
        out.print(
            "Saved. `magcoach day` shows each day's part; `magcoach trial calendar FILE.ics` "
            "puts the schedule in your calendar; `magcoach trial result` gives the answer."
        )
    else:
        out.print("Not saved (--dry-run).")
    if written:
        out.print(f"Calendar written to {written}")


def _write_calendar(path: Path, person: str | None) -> Path:
    from magcoach.app import trial
    from magcoach.errors import BadFile, InvalidInput

    if path.suffix.lower() != ".ics":
        raise InvalidInput(f"{path} must end in .ics.", hint="e.g. magcoach-trial.ics")
    text = _run(trial.calendar, person)
    if not path.parent.is_dir():
        raise BadFile(f"The folder {path.parent} does not exist.")
    tmp = path.with_name(f".{path.name}.partial")
    try:
        tmp.write_text(text, encoding="utf-8", newline="")
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise BadFile(f"Could not write {path}: {exc.strerror}.") from None
    return path


@trial_app.command("calendar")
def calendar_command(
    path: Path = typer.Argument(..., help="The .ics file to write."),
    person: str = PERSON_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Write the trial's schedule as a calendar file (.ics) with daily dose reminders."""
    written = _write_calendar(path, person)
    if as_json:
        emit_json({"calendar": str(written)})
        return
    console().print(f"Calendar written to {written}: import it into your calendar app.")


def _print_day(day: TrialDayView | None) -> None:
    if day is None:
        return
    out = console()
    out.print(_esc(day.line))
    if not day.analysed:
        out.print("  (a wash-in day: keep to the schedule; it is not compared)")


@trial_app.command("show")
def show_command(person: str = PERSON_OPTION, as_json: bool = JSON_OPTION) -> None:
    """The trial's schedule and where today falls in it."""
    from magcoach.app import trial

    view = _run(trial.status, person)
    if as_json:
        emit_json(view)
        return
    out = console()
    out.print(f"[bold]Magnesium trial[/] - {_esc(view.person)}: {view.status}")
    _print_design(view.design)
    if view.design.stopped_on:
        out.print(f"Stopped on {view.design.stopped_on}: {_esc(view.design.stop_reason or '')}")
    _print_day(view.today)
    out.print(f"Doses recorded: {view.doses_taken} taken, {view.doses_skipped} missed.")


@trial_app.command("took")
def took_command(
    day: str = typer.Argument(None, help="Which day (default today): 2026-06-14, yesterday..."),
    missed: bool = typer.Option(False, "--no", help="Record that you did NOT take it."),
    person: str = PERSON_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Record that you took the trial magnesium (or, with --no, that you missed it)."""
    from magcoach.app import trial

    view = _run(
        trial.record_dose,
        trial.DoseRequest(person=person, day=_day(day) if day else None, taken=not missed),
    )
    if as_json:
        emit_json(view)
        return
    _print_day(view.day)
    console().print(_esc(view.note))


@trial_app.command("stop")
def stop_command(
    reason: str = typer.Option(..., "--reason", help="Why you stop (goes into the result)."),
    day: str = typer.Option(None, "--day", help="Last day of the trial (default today)."),
    person: str = PERSON_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Stop the trial early, with a reason (side effects, a new treatment, ...)."""
    from magcoach.app import trial

    view = _run(
        trial.stop,
        trial.StopRequest(person=person, reason=reason, day=_day(day) if day else None),
    )
    if as_json:
        emit_json(view)
        return
    console().print(
        f"Trial stopped on {view.design.stopped_on}. `magcoach trial result` analyses the "
        "days so far."
    )


def _print_result(r: TrialResult) -> None:
    out = console()
    colour = "green" if r.verdict.value == "improved" else "bold"
    out.print(
        f"Verdict: [{colour}]{_esc(r.verdict_text)}[/]  ({r.status}, day {r.days_elapsed} of "
        f"{r.total_days}, {r.pain_days} days with pain rated)"
    )
    out.print(_esc(r.explanation))
    a = r.as_assigned
    if a is not None:
        out.print(
            f"  As assigned:    {a.effect:+.1f} points (95% interval {a.ci_low:+.1f} to "
            f"{a.ci_high:+.1f}); P(lower) {a.prob_lower:.0%}, P(meaningful) "
            f"{a.prob_meaningful:.0%}"
        )
    p = r.per_adherence
    if p is not None:
        out.print(
            f"  Per adherence:  {p.effect:+.1f} points ({p.ci_low:+.1f} to {p.ci_high:+.1f}) "
            f"on {p.days_used} days that went as scheduled"
        )
    out.print(f"Paired periods: {_esc(r.paired.summary)}")
    adh = r.adherence
    out.print(
        f"Adherence: magnesium taken on {adh.on_days_taken} magnesium days, missed on "
        f"{adh.on_days_missed}, not recorded on {adh.on_days_unrecorded}; taken on "
        f"{adh.off_days_taken} no-magnesium days."
    )
    if r.detection_note:
        out.print(_esc(r.detection_note))
    out.print("[bold]Limits:[/]")
    for limit in r.limits:
        out.print(f"  - {_esc(limit)}")
    out.print(f"Method: {_esc(r.method)}. Sources: {', '.join(r.sources)}.")


@trial_app.command("result")
def result_command(
    png: Path = typer.Option(
        None, "--png", help="Also draw the periods and daily pain to this file (.png or .svg)."
    ),
    person: str = PERSON_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Did magnesium help? The effect on daily pain with its interval, the chance that it
    helps, a simple check by pairs of periods, and the limits."""
    from magcoach.app import trial
    from magcoach.errors import InvalidInput

    if png is not None and png.suffix.lower() not in (".png", ".svg"):
        raise InvalidInput(f"--png {png} must end in .png or .svg.", hint="e.g. --png trial.png")
    view = _run(trial.result, person)
    saved = None
    if png is not None:
        from magcoach.report.charts import trial_chart

        saved = trial_chart(view.design.to_design(), view.pain, view.result).save(png)
    if as_json:
        emit_json(view)
        return
    console().print(f"[bold]Magnesium trial result[/] - {_esc(view.person)}")
    _print_result(view.result)
    if saved:
        console().print(f"Chart written to {saved}")
