"""`magcoach trends`, `magcoach did-it-help`, `magcoach report`: did the change help, and a
report a clinician can read. Parse, call `magcoach.app.outcomes`, render its view."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from magcoach.cli.apps import PANEL_TRACK, app
from magcoach.cli.common import JSON_OPTION, app_context, console, emit_view

PERSON_OPTION = typer.Option(
    None, "--person", "-p", help="Whose diary (default: the default person)."
)


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
    from magcoach.app import outcomes

    with app_context() as ctx:
        view = outcomes.trends(ctx, days=days, person=person, chart_path=png)
    if json_out:
        emit_view(view)
        return
    _print_trends(view.person, view.trends, Path(view.chart) if view.chart else None)


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
        None, "--change", help="The day something changed: 2026-05-01, '2 weeks ago'..."
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
    from magcoach.app import outcomes

    with app_context() as ctx:
        view = outcomes.did_it_help(
            ctx, change=change, supplement=supplement, lag_days=lag_days, person=person
        )
    if json_out:
        emit_view(view)
        return
    _print_result(view.person, view)


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
    from_: str | None = typer.Option(
        None, "--from", help="First day: 2026-05-01, yesterday, '2 weeks ago'..."
    ),
    to: str | None = typer.Option(None, "--to", help="Last day (default today)."),
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
    from magcoach.app import outcomes

    request = outcomes.ReportRequest(
        start=from_, end=to, lag_days=lag_days, answers=answers, person=person
    )
    with app_context() as ctx:
        view = outcomes.write_report(ctx, request, html=html, pdf=pdf)
    if json_out:
        emit_view(view)
        return
    out = console()
    out.print(f"Report for {view.person}, {view.start} to {view.end}:")
    for kind, path in view.files.items():
        out.print(f"  {kind.upper()}: {path}")
    if view.verdict:
        out.print(f"Did it help? {view.verdict}")
    out.print("It shows self-reported data and is not a diagnosis.")
