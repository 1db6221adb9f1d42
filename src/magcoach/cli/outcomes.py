"""`magcoach trends`, `magcoach did-it-help`, `magcoach report`: did the change help, and a
report a clinician can read. Thin shell: read the diary, call the pure core, print."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import typer

from magcoach.cli.apps import PANEL_TRACK, app
from magcoach.cli.common import JSON_OPTION, console, emit_json, settings, today

PERSON_OPTION = typer.Option(
    None, "--person", "-p", help="Whose diary (default: the default person)."
)


def _date(value: str | None, flag: str) -> date | None:
    """A day option, read by the one date parser every command uses (magcoach.io.when)."""
    from magcoach.errors import InvalidInput
    from magcoach.io.when import parse_day

    if value is None:
        return None
    try:
        return parse_day(value, today())
    except InvalidInput as exc:
        raise InvalidInput(f"{flag}: {exc.message}", hint=exc.hint) from None


def _store() -> Any:
    from magcoach.store import open_store

    return open_store(settings())


@app.command("trends", rich_help_panel=PANEL_TRACK)
def trends(
    days: int = typer.Option(90, "--days", help="How many days back from today to show."),
    png: Path | None = typer.Option(
        None, "--png", help="Also draw the chart to this file (.png, or .svg for a vector image)."
    ),
    person: str | None = PERSON_OPTION,
    json_out: bool = JSON_OPTION,
) -> None:
    """Pain with its 7-day mean, magnesium from food and supplements against your
    requirement, how often you took the supplement, and events, day by day."""
    from magcoach.errors import InvalidInput
    from magcoach.outcomes import build_trends
    from magcoach.report.gather import load_diary, requirement_summary

    if not 1 <= days <= 3660:
        raise InvalidInput(f"--days must be between 1 and 3660, got {days}.")
    if png is not None and png.suffix.lower() not in (".png", ".svg"):
        raise InvalidInput(f"--png {png} must end in .png or .svg.", hint="e.g. --png trends.png")
    end = today()
    start = end - timedelta(days=days - 1)
    store = _store()
    try:
        with store.session() as session:
            diary = load_diary(session, person, start, end, today=end)
    finally:
        store.close()
    requirement, _ = requirement_summary(diary.person)
    result = build_trends(
        diary.pain_days,
        diary.intake_days,
        diary.events,
        start,
        end,
        requirement_mg=requirement.rda_mg,
        supplement_dates=diary.all_supplement_dates(),
    )
    saved = None
    if png is not None:
        from magcoach.report.charts import pain_magnesium_chart

        if not diary.pain_days and not diary.intake_days:
            raise InvalidInput(
                f"Nothing recorded in the last {days} days, so there is nothing to draw.",
                hint="Record pain with `magcoach pain 6` and food with `magcoach eat ...`.",
            )
        first_start = next((e for e in diary.events if e.kind == "supplement_started"), None)
        saved = pain_magnesium_chart(
            result,
            change_date=first_start.date if first_start else None,
            change_label=first_start.text if first_start else "change",
        ).save(png)
    if json_out:
        emit_json({"person": diary.person.name, "trends": result, "chart": saved})
        return
    _print_trends(diary.person.name, result, saved)


def _print_trends(name: str, t: Any, saved: Path | None) -> None:
    from rich.markup import escape
    from rich.table import Table

    out = console()
    out.print(f"[bold]Trends for {escape(name)}[/], {t.start} to {t.end}")
    if t.mean_pain is None and t.mean_total_mg is None:
        out.print("Nothing recorded in this period yet.")
    table = Table(show_header=True, header_style="bold", box=None)
    table.add_column("week of")
    table.add_column("pain (0-10)", justify="right")
    table.add_column("magnesium mg/day", justify="right")
    table.add_column("supplement days", justify="right")
    rows = list(t.days)
    for i in range(0, len(rows), 7):
        week = rows[i : i + 7]
        pains = [d.pain for d in week if d.pain is not None]
        mg = [(d.food_mg or 0) + (d.supplement_mg or 0) for d in week if d.food_mg is not None]
        if not pains and not mg:
            continue
        table.add_row(
            f"{week[0].date:%d %b}",
            f"{sum(pains) / len(pains):.1f}" if pains else "–",
            f"{sum(mg) / len(mg):.0f}" if mg else "–",
            f"{sum(d.supplement_taken for d in week)}/{len(week)}",
        )
    if table.row_count:
        out.print(table)
    if t.mean_pain is not None:
        last = f", last 7 days {t.mean_pain_last_7_days:.1f}" if t.mean_pain_last_7_days else ""
        out.print(f"Average pain {t.mean_pain:.1f}/10{last}.")
    if t.mean_total_mg is not None and t.requirement_mg:
        out.print(
            f"Magnesium {t.mean_total_mg:.0f} mg/day on average; requirement "
            f"{t.requirement_mg:.0f} mg/day reached on {t.days_meeting_requirement} of "
            f"{t.days_with_intake} recorded days."
        )
    if t.adherence.share is not None:
        out.print(
            f"Supplement taken on {t.adherence.days_taken} of {t.adherence.days} days since "
            f"{t.adherence.started} ({t.adherence.share:.0%})."
        )
    for e in t.events:
        out.print(f"  {e.date}  {escape(e.text)}")
    if saved:
        out.print(f"Chart written to {saved}")


@app.command("did-it-help", rich_help_panel=PANEL_TRACK)
def did_it_help_command(
    change: str | None = typer.Option(
        None, "--change", help="The day something changed (YYYY-MM-DD)."
    ),
    supplement: str | None = typer.Option(
        None, "--supplement", help="Use the day this supplement was first taken as the change."
    ),
    lag_days: int = typer.Option(
        7, "--lag-days", help="Days after the change to leave out while it takes effect."
    ),
    person: str | None = PERSON_OPTION,
    json_out: bool = JSON_OPTION,
) -> None:
    """Did your pain change after you started magnesium? Compares the weeks before with the
    weeks after (leaving out a wash-in), with an honest 95% interval and plain caveats."""
    from magcoach.errors import InvalidInput
    from magcoach.report.gather import (
        analyse,
        default_change,
        load_diary,
        supplement_change_date,
    )
    from magcoach.store import service

    if change and supplement:
        raise InvalidInput(
            "Give --change DATE or --supplement NAME, not both.",
            hint="--supplement uses the day that supplement was first taken.",
        )
    if lag_days < 0 or lag_days > 60:
        raise InvalidInput(f"--lag-days must be between 0 and 60, got {lag_days}.")
    change_date = _date(change, "--change")
    end = today()
    store = _store()
    try:
        with store.session() as session:
            person_id, _ = service.get_person(session, person, today=end)
            if change_date is not None:
                label = f"the change on {change_date.isoformat()}"
            elif supplement:
                change_date = supplement_change_date(session, person_id, supplement, end)
                label = supplement.strip()
            else:
                change_date, label = default_change(session, person_id, end)
            diary = load_diary(session, person, None, end, today=end)
    finally:
        store.close()
    result = analyse(diary, change_date, label, today=end, lag_days=lag_days)
    if json_out:
        emit_json({"person": diary.person.name, **result.to_dict()})
        return
    _print_result(diary.person.name, result)


def _print_result(name: str, r: Any) -> None:
    from rich.markup import escape

    out = console()
    out.print(
        f"[bold]Did it help?[/] {escape(name)}: {escape(r.change_label)} from {r.change_date}"
    )
    out.print(f"Verdict: [bold]{escape(r.verdict_text)}[/]")
    out.print(escape(r.explanation))
    if r.association is not None and r.association.summary:
        out.print("")
        out.print(escape(r.association.summary))
        if r.association.slope_per_100mg is not None:
            out.print(escape(r.association.caveat))
    out.print("")
    out.print("[bold]Keep in mind[/]")
    for c in r.caveats:
        out.print(f"- {escape(c)}")
    out.print(f"[dim]Sources: {', '.join(r.sources)}[/]")


@app.command("report", rich_help_panel=PANEL_TRACK)
def report(
    from_: str | None = typer.Option(None, "--from", help="First day (YYYY-MM-DD)."),
    to: str | None = typer.Option(None, "--to", help="Last day (YYYY-MM-DD; default today)."),
    html: Path | None = typer.Option(None, "--html", help="Write the HTML report here."),
    pdf: Path | None = typer.Option(None, "--pdf", help="Write the PDF report here."),
    lag_days: int = typer.Option(7, "--lag-days", help="Wash-in days for 'did it help?'."),
    answers: Path | None = typer.Option(
        None, "--answers", help="Screening answers file (as for `magcoach screen --answers`)."
    ),
    person: str | None = PERSON_OPTION,
    json_out: bool = JSON_OPTION,
) -> None:
    """A report to share with your clinician (HTML and/or PDF): intake against your
    requirement, supplements, the pain trend, "did it help?", food summary and sources.
    Without --html/--pdf both are written to the magcoach data folder."""
    from magcoach.errors import InvalidInput
    from magcoach.report.gather import gather_report
    from magcoach.report.render import write_html, write_pdf

    start = _date(from_, "--from")
    end = _date(to, "--to") or today()
    if start is not None and end < start:
        raise InvalidInput(f"--to {end} is before --from {start}.")
    for path, suffix in ((html, ".html"), (pdf, ".pdf")):
        if path is not None and path.suffix.lower() not in (
            suffix,
            ".htm" if suffix == ".html" else suffix,
        ):
            raise InvalidInput(f"{path} should end in {suffix}.")
    screening_answers = None
    if answers is not None:
        from magcoach.screening import read_answers_file, split_answers

        _, screening_answers = split_answers(
            read_answers_file(answers), what=f"answers file {answers.name}", today=today()
        )
    store = _store()
    try:
        with store.session() as session:
            plan, plan_note = _plan_for_report(session, person, screening_answers)
            data = gather_report(
                session, person, start, end, today=today(), lag_days=lag_days,
                answers=screening_answers, plan=plan, plan_note=plan_note,
            )  # fmt: skip
    finally:
        store.close()
    if html is None and pdf is None:
        folder = settings().home / "reports"
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"report-{_slug(data.person_name)}-{end.isoformat()}"
        html, pdf = folder / f"{stem}.html", folder / f"{stem}.pdf"
    written = {}
    if html is not None:
        written["html"] = write_html(data, html)
    if pdf is not None:
        written["pdf"] = write_pdf(data, pdf)
    verdict = data.did_it_help.verdict_text if data.did_it_help else None
    if json_out:
        emit_json(
            {
                "person": data.person_name,
                "from": data.period_start,
                "to": data.period_end,
                "files": written,
                "verdict": verdict,
            }
        )
        return
    out = console()
    out.print(f"Report for {data.person_name}, {data.period_start} to {data.period_end}:")
    for kind, path in written.items():
        out.print(f"  {kind.upper()}: {path}")
    if verdict:
        out.print(f"Did it help? {verdict}")
    out.print("It shows self-reported data and is not a diagnosis.")


def _plan_for_report(session: Any, person: str | None, answers: Any) -> tuple[Any, str]:
    """The person's plan (the same one `magcoach plan` shows), or None and the reason."""
    from magcoach.errors import MagcoachError, NotFound
    from magcoach.services import plan_for_person

    try:
        plan = plan_for_person(
            session, person, settings(), today=today(), answers=answers, build_food_db=False
        )
    except NotFound:
        raise
    except MagcoachError as exc:
        hint = f" {exc.hint}" if exc.hint else ""
        return None, f"No suggested plan in this report: {exc.message}{hint}"
    return plan, ""


def _slug(name: str) -> str:
    import re

    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "person"
