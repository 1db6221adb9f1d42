"""Today and History: log food, supplements, pain, symptoms and events; the day against the
requirement; days and weeks with the trend."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from magcoach.app import daily, diary
from magcoach.app.context import Context
from magcoach.web.deps import Ctx, SummaryCtx
from magcoach.web.flash import FlashMessage
from magcoach.web.render import render

router = APIRouter()


def today_page_response(
    request: Request,
    ctx: Context,
    on: date | None,
    *,
    flashes: list[FlashMessage] | None = None,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
    form_error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """The Today page: the day (/api/day), its entries (/api/entries) and the supplement
    products to take (/api/supplements)."""
    from magcoach.app.diary import PAIN_LOCATIONS
    from magcoach.web.pages.sharing import owner_notes

    view = daily.day(ctx, on=on)
    now = ctx.clock.now()
    return render(
        request,
        "today.html",
        status_code=status_code,
        day=view,
        entries=diary.entries(ctx, on=view.date),
        supplements=diary.supplements(ctx, days=1),
        previous=view.date - timedelta(days=1),
        next=view.date + timedelta(days=1),
        now_time=f"{now:%H:%M}" if view.date == now.date() else "",
        places=PAIN_LOCATIONS,
        flashes=flashes or [],
        errors=errors or {},
        values=values or {},
        form_error=form_error,
        clinician_notes=owner_notes(request, ctx),
    )


@router.get("/today", response_class=HTMLResponse)
def today_page(
    request: Request,
    ctx: Ctx,
    date: Annotated[date | None, Query()] = None,
    note: Annotated[str | None, Query(max_length=40)] = None,
) -> HTMLResponse:
    return today_page_response(
        request, ctx, date, flashes=request.app.state.flash.take(request, note)
    )


@router.get("/history", response_class=HTMLResponse)
def history_page(
    request: Request,
    ctx: SummaryCtx,
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
