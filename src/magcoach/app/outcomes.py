"""Did it help? Trends, and the report a clinician can read."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from magcoach.app.context import Context
from magcoach.app.days import day_of
from magcoach.app.views import View
from magcoach.errors import InvalidInput
from magcoach.outcomes import Association, Trends, WindowSummary

if TYPE_CHECKING:
    from magcoach.report.charts import ChartImage
    from magcoach.report.model import ReportData

MAX_LAG_DAYS = 60
TRENDS_DEFAULT_DAYS = 90
MAX_TREND_DAYS = 3660


class DidItHelpView(View):
    person: str
    verdict: str
    verdict_text: str
    change_date: date
    change_label: str
    lag_days: int
    min_days: int
    baseline: WindowSummary
    after: WindowSummary
    difference: float | None
    ci_low: float | None
    ci_high: float | None
    mic_points: float | None
    autocorrelation: float | None
    effective_days: float | None
    days_needed: int | None
    explanation: str
    caveats: list[str]
    association: Association | None
    method: str
    rule: str
    sources: list[str]


def did_it_help(
    ctx: Context,
    *,
    change: str | None = None,
    supplement: str | None = None,
    lag_days: int = 7,
    person: str | None = None,
) -> DidItHelpView:
    """Pain in the weeks before a change against the weeks after it (leaving out a wash-in),
    with a 95% interval that allows for day-to-day autocorrelation. The change is a day, the
    first dose of a supplement, or (neither given) the first supplement ever taken."""
    from magcoach.report.gather import (
        analyse,
        default_change,
        load_diary,
        supplement_change_date,
    )

    if change and supplement:
        raise InvalidInput(
            "Give the day something changed or a supplement, not both: a supplement means "
            "the day it was first taken.",
            field="change",
        )
    if not 0 <= lag_days <= MAX_LAG_DAYS:
        raise InvalidInput(
            f"The wash-in must be 0 to {MAX_LAG_DAYS} days, not {lag_days}.", field="lag_days"
        )
    change_date = day_of(ctx, change, field="change") if change else None
    end = ctx.clock.today()
    with ctx.diary(person) as (session, person_id, _):
        if change_date is not None:
            label = f"the change on {change_date.isoformat()}"
        elif supplement:
            change_date = supplement_change_date(session, person_id, supplement, end)
            label = supplement.strip()
        else:
            change_date, label = default_change(session, person_id, end)
        diary = load_diary(session, person, None, end, today=end)
    result = analyse(diary, change_date, label, today=end, lag_days=lag_days)
    return DidItHelpView(person=diary.person.name, **result.to_dict())


class TrendsView(View):
    person: str
    trends: Trends
    chart: str | None  # where the chart file was written, when asked for


def trends_data(ctx: Context, *, days: int, person: str | None) -> tuple[str, Trends]:
    from magcoach.outcomes import build_trends
    from magcoach.report.gather import load_diary, requirement_summary

    if not 1 <= days <= MAX_TREND_DAYS:
        raise InvalidInput(f"Show 1 to {MAX_TREND_DAYS} days, not {days}.", field="days")
    end = ctx.clock.today()
    start = end - timedelta(days=days - 1)
    with ctx.unit() as session:
        diary = load_diary(session, person, start, end, today=end)
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
    return diary.person.name, result


def trends_chart(result: Trends) -> ChartImage:
    """Pain, magnesium and supplement days drawn as the report draws them."""
    from magcoach.report.charts import pain_magnesium_chart

    if not any(d.pain is not None or d.food_mg is not None for d in result.days):
        raise InvalidInput(
            "Nothing recorded in this period, so there is nothing to draw.", field="days"
        )
    first_start = next((e for e in result.events if e.kind == "supplement_started"), None)
    return pain_magnesium_chart(
        result,
        change_date=first_start.date if first_start else None,
        change_label=first_start.text if first_start else "change",
    )


def trends(
    ctx: Context,
    *,
    days: int = TRENDS_DEFAULT_DAYS,
    person: str | None = None,
    chart_path: Path | None = None,
) -> TrendsView:
    """Pain with its 7-day mean, magnesium from food and supplements against the
    requirement, how often the supplement was taken, and events, day by day."""
    if chart_path is not None and chart_path.suffix.lower() not in (".png", ".svg"):
        raise InvalidInput(
            f"The chart file {chart_path.name} must end in .png or .svg.", field="chart"
        )
    name, result = trends_data(ctx, days=days, person=person)
    saved = None
    if chart_path is not None:
        saved = str(trends_chart(result).save(chart_path))
    return TrendsView(person=name, trends=result, chart=saved)


# ---------------------------------------------------------------- the report


class ReportRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    start: str | None = None  # as typed: "2026-05-01", "2 weeks ago"...
    end: str | None = None
    lag_days: int = 7
    answers: Path | None = None
    person: str | None = None


class ReportView(View):
    person: str
    start: date
    end: date
    files: dict[str, str]
    verdict: str | None


def report_data(ctx: Context, request: ReportRequest) -> ReportData:
    """Everything the report shows, with the same plan `plan` makes (or why there is none)."""
    from magcoach.report.gather import gather_report

    start = day_of(ctx, request.start, field="start") if request.start else None
    end = day_of(ctx, request.end, field="end") if request.end else ctx.clock.today()
    if start is not None and end < start:
        raise InvalidInput(f"The report ends ({end}) before it starts ({start}).", field="end")
    if not 0 <= request.lag_days <= MAX_LAG_DAYS:
        raise InvalidInput(f"The wash-in must be 0 to {MAX_LAG_DAYS} days.", field="lag_days")
    answers = None
    if request.answers is not None:
        from magcoach.app.answers import read_answers

        answers = read_answers(ctx, request.answers, profile_required=False).answers
    with ctx.unit() as session:
        plan, plan_note = _plan_for_report(ctx, session, request.person, answers)
        return gather_report(
            session,
            request.person,
            start,
            end,
            today=ctx.clock.today(),
            lag_days=request.lag_days,
            answers=answers,
            plan=plan,
            plan_note=plan_note,
        )


def _plan_for_report(
    ctx: Context, session: object, person: str | None, answers: object
) -> tuple[object, str]:
    """The person's plan (the same one `plan` shows), or None and the reason."""
    from magcoach.errors import MagcoachError, NotFound
    from magcoach.services import plan_for_person

    try:
        plan = plan_for_person(
            session,  # type: ignore[arg-type]
            person,
            ctx.settings,
            today=ctx.clock.today(),
            answers=answers,  # type: ignore[arg-type]
            build_food_db=False,
        )
    except NotFound:
        raise
    except MagcoachError as exc:
        hint = f" {exc.hint}" if exc.hint else ""
        return None, f"No suggested plan in this report: {exc.message}{hint}"
    return plan, ""


def write_report(
    ctx: Context, request: ReportRequest, *, html: Path | None = None, pdf: Path | None = None
) -> ReportView:
    """Write the report as HTML and/or PDF (both into the data folder when neither is named)."""
    from magcoach.report.render import write_html, write_pdf

    for path, suffixes in ((html, (".html", ".htm")), (pdf, (".pdf",))):
        if path is not None and path.suffix.lower() not in suffixes:
            raise InvalidInput(f"{path} should end in {suffixes[0]}.", field="file")
    data = report_data(ctx, request)
    if html is None and pdf is None:
        folder = ctx.settings.home / "reports"
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"report-{slug(data.person_name)}-{data.period_end.isoformat()}"
        html, pdf = folder / f"{stem}.html", folder / f"{stem}.pdf"
    written: dict[str, str] = {}
    if html is not None:
        written["html"] = str(write_html(data, html))
    if pdf is not None:
        written["pdf"] = str(write_pdf(data, pdf))
    return ReportView(
        person=data.person_name,
        start=data.period_start,
        end=data.period_end,
        files=written,
        verdict=data.did_it_help.verdict_text if data.did_it_help else None,
    )


def slug(name: str) -> str:
    import re

    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "person"
