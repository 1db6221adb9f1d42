"""The daily picture: `magcoach day` and `magcoach week`: parse, call `magcoach.app.daily`,
render its view."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from magcoach.cli._diary_common import PERSON_OPTION, _day, _esc
from magcoach.cli.apps import PANEL_MEASURE, app
from magcoach.cli.common import JSON_OPTION, app_context, console, emit_view

if TYPE_CHECKING:
    from magcoach.app.daily import DayView, WeekView


def _bar(total: float, rda: float, ear: float | None, width: int = 40) -> str:
    """A text bar: filled up to the total, │ at the EAR, ┃ at the RDA."""
    scale = max(rda * 1.25, total, 1.0)
    filled = min(width, round(width * total / scale))
    chars = ["█"] * filled + ["░"] * (width - filled)
    if ear:
        chars[min(width - 1, round(width * ear / scale))] = "│"
    chars[min(width - 1, round(width * rda / scale))] = "┃"
    return "".join(chars)


def _render_day(d: DayView) -> None:
    out = console()
    out.print(f"[bold]Magnesium on {d.date:%A %d %B %Y}[/] - {_esc(d.person)}")
    if d.trial is not None:
        out.print(_esc(d.trial.line))
    if not d.logged:
        out.print('Nothing logged for this day yet. Try: magcoach log "1 cup cooked spinach"')
        return
    out.print(f"  Food         {d.food_mg:6.0f} mg")
    out.print(f"  Supplements  {d.supplement_mg:6.0f} mg")
    out.print(
        f"  [bold]Total        {d.total_mg:6.0f} mg[/]  ({d.percent_of_rda:.0f} % of "
        f"the RDA {d.rda_mg:g} mg)"
    )
    out.print(f"  {_bar(d.total_mg, d.rda_mg, d.ear_mg)}")
    legend = f"  ┃ RDA {d.rda_mg:g} mg"
    if d.ear_mg:
        legend += f"   │ EAR {d.ear_mg:g} mg ({'reached' if d.ear_reached else 'not reached'})"
    out.print(legend)
    if d.supplemental_ul_mg is not None and d.supplement_mg:
        out.print(
            f"  Supplements vs upper limit: {d.supplement_mg:.0f} of "
            f"{d.supplemental_ul_mg:g} mg (the limit counts supplements and medicines only)"
        )
    if d.contributors:
        out.print("Top foods:")
        for c in d.contributors:
            out.print(f"  {c.magnesium_mg:5.0f} mg  {_esc(c.food)}")
    if d.energy_kcal is not None:
        out.print(f"Energy: {d.energy_kcal:.0f} kcal")
    known = d.food_entries - len(d.unknown_entries)
    out.print(f"Coverage: magnesium known for {known} of {d.food_entries} food entries")
    for u in d.unknown_entries:
        out.print(
            f"  unknown (not counted as 0): {u.id} {u.eaten_at:%H:%M} "
            f"{_esc(u.text)}" + (f" → {_esc(u.food)}" if u.food else "")
        )
    for warning in d.warnings:
        out.print(f"[bold red]Warning:[/] {_esc(warning)}")
    for note in d.notes:
        out.print(f"Note: {_esc(note)}")


@app.command("day", rich_help_panel=PANEL_MEASURE)
def day_view(
    day: str = typer.Argument(None, help="Which day (default today): 2026-06-14, yesterday..."),
    person: str = PERSON_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Magnesium for one day: food, supplements, total vs RDA and EAR, top foods, coverage."""
    from magcoach.app import daily

    with app_context() as ctx:
        view = daily.day(ctx, person=person, on=_day(day))
    if as_json:
        emit_view(view)
        return
    _render_day(view)


@app.command("week", rich_help_panel=PANEL_MEASURE)
def week_view(
    days: int = typer.Option(7, "--days", help="How many days back (e.g. 28)."),
    end: str = typer.Option(None, "--end", help="Last day (default today)."),
    person: str = PERSON_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Daily magnesium over several days: averages, days below the EAR, the trend, pain."""
    from magcoach.app import daily

    with app_context() as ctx:
        view = daily.week(ctx, person=person, days=days, end=_day(end))
    if as_json:
        emit_view(view)
        return
    _render_period(view)


def _render_period(p: WeekView) -> None:
    out = console()
    out.print(f"[bold]Magnesium {p.start} to {p.end}[/] - {_esc(p.person)}")
    if not p.logged_days:
        out.print("Nothing logged in these days.")
        return
    rda = p.rda_mg or 0.0
    ear = p.ear_mg
    for d in p.days:
        pain_text = f"  pain {d.pain:.1f}" if d.pain is not None else ""
        if d.logged and d.total_mg is not None:
            flag = " below EAR" if d.below_ear else ""
            out.print(
                f"  {d.date:%a %d %b} {d.total_mg:5.0f} mg {_bar(d.total_mg, rda, ear, 24)}"
                f"{flag}{pain_text}"
            )
        else:
            out.print(f"  {d.date:%a %d %b}     - (nothing logged){pain_text}")
    out.print(
        f"Average on {p.logged_days} logged days: {p.average_total_mg or 0:.0f} mg/day "
        f"(food {p.average_food_mg or 0:.0f}, supplements {p.average_supplement_mg or 0:.0f})"
        f" - RDA {rda:g}" + (f", EAR {ear:g}" if ear else "")
    )
    if ear:
        out.print(f"Days below the EAR: {p.days_below_ear} of {p.logged_days}")
    if p.days_above_ul:
        out.print(f"[bold red]Days with supplements above the upper limit: {p.days_above_ul}[/]")
    if p.trend is not None and p.trend_mg_per_week is not None:
        out.print(f"Trend: {p.trend} ({p.trend_mg_per_week:+.0f} mg/day per week)")
    if p.average_pain is not None:
        out.print(f"Average pain on days with a pain entry: {p.average_pain:.1f}/10")
