"""Today and History: the day against the requirement, and days and weeks with the trend."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from magcoach.app import daily
from magcoach.web.deps import Ctx
from magcoach.web.render import render

router = APIRouter()


@router.get("/today", response_class=HTMLResponse)
def today_page(
    request: Request,
    ctx: Ctx,
    date: Annotated[date | None, Query()] = None,
    note: Annotated[str | None, Query()] = None,
) -> HTMLResponse:
    view = daily.day(ctx, on=date)
    return render(
        request,
        "today.html",
        day=view,
        previous=view.date - timedelta(days=1),
        next=view.date + timedelta(days=1),
        flashes=request.app.state.flash.take(note),
    )


@router.get("/history", response_class=HTMLResponse)
def history_page(
    request: Request,
    ctx: Ctx,
    days: Annotated[int, Query()] = 7,
    end: Annotated[date | None, Query()] = None,
) -> HTMLResponse:
    view = daily.week(ctx, days=days, end=end)
    span = timedelta(days=days)
    return render(
        request,
        "history.html",
        week=view,
        days=days,
        earlier=view.end - span,
        later=view.end + span,
    )
