"""Improve and track: the plan (printable), foods rich in magnesium, did it help with the
trend chart, the report (HTML and PDF) and the evidence."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from magcoach.app import diary, foods, outcomes, people, plan, screen
from magcoach.app.outcomes import ReportRequest
from magcoach.app.plan import PlanRequest
from magcoach.errors import MagcoachError
from magcoach.web.deps import AnyCtx, SummaryCtx
from magcoach.web.render import render

router = APIRouter()

#: The report is its own self-contained document (the same HTML as the file the CLI writes),
#: with its styles inline; it may use them, but still no script and nothing remote.
REPORT_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)


@router.get("/plan", response_class=HTMLResponse)
def plan_page(request: Request, ctx: SummaryCtx) -> HTMLResponse:
    view = plan.plan(ctx, PlanRequest())
    return render(request, "plan.html", plan=view)


@router.get("/foods", response_class=HTMLResponse)
def foods_page(
    request: Request,
    ctx: SummaryCtx,
    diet: Annotated[str | None, Query(max_length=20)] = None,
    exclude: Annotated[str | None, Query(max_length=200)] = None,
    per: Annotated[str, Query(max_length=10)] = "serving",
    max_kcal: Annotated[float | None, Query()] = None,
    limit: Annotated[int, Query()] = 20,
) -> HTMLResponse:
    """The person's diet and allergies fill the filters until they are changed here."""
    if diet is None and exclude is None:
        person = people.show_person(ctx).person
        diet, exclude = person.diet, ", ".join(person.allergies)
    words = tuple(w.strip() for w in (exclude or "").split(",") if w.strip())
    error = None
    view = None
    try:
        view = foods.rich(
            ctx, per=per, diet=diet or "omnivore", exclude=words, max_kcal=max_kcal, limit=limit
        )
    except MagcoachError as exc:
        error = exc
    return render(
        request,
        "foods.html",
        status_code=400 if error else 200,
        rich=view,
        error=error.message if error else None,
        error_field=error.field if error else None,
        filters={
            "diet": diet,
            "exclude": exclude or "",
            "per": per,
            "max_kcal": max_kcal,
            "limit": limit,
        },
    )


@router.get("/foods/search", response_class=HTMLResponse)
def food_search_page(
    request: Request, ctx: AnyCtx, q: Annotated[str, Query(max_length=200)] = ""
) -> HTMLResponse:
    """The food look-up without JavaScript (with it, results appear as you type)."""
    try:
        result, error = foods.search(ctx, q, limit=20), None
    except MagcoachError as exc:
        result, error = None, " ".join(p for p in (exc.message, exc.hint) if p)
    return render(
        request,
        "food_search.html",
        status_code=400 if error else 200,
        q=q,
        result=result,
        error=error,
    )


@router.get("/did-it-help", response_class=HTMLResponse)
def did_it_help_page(
    request: Request,
    ctx: SummaryCtx,
    change: Annotated[date | None, Query()] = None,
    supplement: Annotated[str | None, Query(max_length=100)] = None,
    lag_days: Annotated[int, Query()] = 7,
    days: Annotated[int, Query()] = 90,
) -> HTMLResponse:
    """The verdict with its interval and caveats, and the trend chart (the report's SVG)."""
    verdict = outcomes.did_it_help(
        ctx,
        change=change.isoformat() if change else None,
        supplement=supplement or None,
        lag_days=lag_days,
    )
    _, trends = outcomes.trends_data(ctx, days=days, person=None)
    chart = None
    try:
        chart = outcomes.trends_chart(trends)
    except MagcoachError:
        chart = None  # nothing recorded in the period: the page says so instead
    return render(
        request,
        "did_it_help.html",
        verdict=verdict,
        trends=trends,
        chart=chart,
        products=diary.supplements(ctx, days=1).products,
        filters={
            "change": change,
            "supplement": supplement or "",
            "lag_days": lag_days,
            "days": days,
        },
    )


@router.get("/report", response_class=HTMLResponse)
def report_page(
    request: Request,
    ctx: SummaryCtx,
    start: Annotated[date | None, Query()] = None,
    end: Annotated[date | None, Query()] = None,
) -> HTMLResponse:
    return render(request, "report.html", start=start, end=end)


@router.get("/report/view", response_class=HTMLResponse)
def report_view(
    ctx: SummaryCtx,
    start: Annotated[date | None, Query()] = None,
    end: Annotated[date | None, Query()] = None,
) -> HTMLResponse:
    """The report as the clinician gets it (the same HTML as `magcoach report` writes)."""
    from magcoach.report.render import render_html

    data = outcomes.report_data(
        ctx,
        ReportRequest(
            start=start.isoformat() if start else None, end=end.isoformat() if end else None
        ),
    )
    return HTMLResponse(render_html(data), headers={"Content-Security-Policy": REPORT_POLICY})


@router.get("/evidence", response_class=HTMLResponse)
def evidence_page(
    request: Request, ctx: AnyCtx, topic: Annotated[str | None, Query(max_length=100)] = None
) -> HTMLResponse:
    error = None
    try:
        view = screen.evidence(topic or None)
    except MagcoachError as exc:
        error, view = exc.message, screen.evidence(None)
    return render(
        request,
        "evidence.html",
        status_code=400 if error else 200,
        view=view,
        topic=topic,
        error=error,
    )
