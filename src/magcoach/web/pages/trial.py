"""Your trial: plan it (a refusal shows every reason), follow the schedule day by day, record
each dose, stop early with a reason, and read the result with the periods chart. Each route
reads its form, calls one `magcoach.app.trial` use case and renders its view."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from magcoach.app import trial
from magcoach.app.context import Context
from magcoach.errors import MagcoachError, NotFound
from magcoach.trial import TrialNotSafe
from magcoach.web.deps import Ctx, FormErrors, OwnerCtx, SummaryCtx, call, errors_of, read_form
from magcoach.web.errors import is_no_person, page_hint, status_for
from magcoach.web.flash import FlashMessage
from magcoach.web.render import render

router = APIRouter()

#: A trial in these states is over: its page is the result.
OVER = ("finished", "stopped early")


class _PlanForm(BaseModel):
    """The plan form's boxes (the shape only; the use case checks the values)."""

    start: date | None = None
    pairs: int | None = None
    period_days: int | None = None
    washin_days: int | None = None
    dose_mg: float | None = None


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: v.strip() for k, v in form.items() if isinstance(v, str)}


def _with_note(request: Request, where: str, *messages: FlashMessage) -> Response:
    token = request.app.state.flash.put(request, *messages)
    return RedirectResponse(f"{where}?note={token}", status_code=303)


def _plan_page(
    request: Request,
    ctx: Context,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    error: str | None = None,
    refusal: TrialNotSafe | None = None,
    status_code: int = 200,
    flashes: list[FlashMessage] | None = None,
) -> HTMLResponse:
    return render(
        request,
        "trial_plan.html",
        status_code=status_code,
        form=trial.plan_form(ctx),
        values=values or {},
        errors=errors or {},
        error=error,
        refusal=refusal,
        refusal_hint=page_hint(refusal) if refusal else None,
        flashes=flashes or [],
    )


@router.get("/trial", response_class=HTMLResponse)
def trial_page(
    request: Request, ctx: SummaryCtx, note: Annotated[str | None, Query(max_length=40)] = None
) -> Response:
    """The plan form when there is no trial, the schedule while it is planned or running, the
    result once it is over."""
    flashes = request.app.state.flash.take(request, note)
    try:
        view = trial.status(ctx)
    except NotFound as exc:
        if is_no_person(exc):
            raise
        return _plan_page(request, ctx, flashes=flashes)
    if view.status in OVER:
        return RedirectResponse("/trial/result" + (f"?note={note}" if note else ""), 303)
    return render(request, "trial.html", status=view, flashes=flashes)


@router.get("/trial/new", response_class=HTMLResponse)
def new_trial_page(request: Request, ctx: OwnerCtx) -> HTMLResponse:
    """The plan form again, for a new trial after one is over."""
    return _plan_page(request, ctx)


def _plan_request(values: dict[str, str]) -> trial.PlanTrialRequest:
    boxes = read_form(_PlanForm, values).model_dump(exclude_none=True)
    return trial.PlanTrialRequest(
        **boxes,
        placebo=values.get("placebo") == "yes",
        with_clinician=values.get("with_clinician") == "yes",
    )


@router.post("/trial", response_class=HTMLResponse)
async def plan_trial(request: Request, ctx: Ctx) -> Response:
    """Plan and save the trial; a refusal shows every reason at the urgent level."""
    values = await _form(request)
    try:
        view = await call(trial.plan, ctx, _plan_request(values))
    except FormErrors as exc:
        return _plan_page(request, ctx, values=values, errors=exc.errors, status_code=400)
    except TrialNotSafe as exc:
        return _plan_page(request, ctx, values=values, refusal=exc, status_code=status_for(exc))
    except MagcoachError as exc:
        if is_no_person(exc):
            raise
        errors, error = errors_of(exc)
        return _plan_page(
            request, ctx, values=values, errors=errors, error=error, status_code=status_for(exc)
        )
    text = (
        f"Your trial is planned: {view.design.pairs} pairs of {view.design.period_days}-day "
        f"periods from {view.design.start:%a %d %b}."
    )
    return _with_note(request, "/trial", FlashMessage(text))


@router.post("/trial/doses")
async def record_dose(request: Request, ctx: Ctx) -> Response:
    """ "I took it today" / "I did not take it today"."""
    values = await _form(request)
    view = await call(trial.record_dose, ctx, trial.DoseRequest(taken=values.get("taken") == "yes"))
    level = "done" if view.note == "Recorded." else "caution"
    words = "taken" if view.taken else "not taken"
    text = f"{view.day.date:%a %d %b}: magnesium {words}. {view.note}"
    return _with_note(request, "/trial", FlashMessage(text, level=level))


@router.post("/trial/stop", response_class=HTMLResponse)
async def stop_trial(request: Request, ctx: Ctx) -> Response:
    """Stop early: needs a reason and the box ticked (there is no undo)."""
    values = await _form(request)
    if values.get("confirm") != "yes":
        return _stop_refused(request, ctx, "Tick the box to confirm that you stop the trial.")
    try:
        view = await call(trial.stop, ctx, trial.StopRequest(reason=values.get("reason", "")))
    except MagcoachError as exc:
        if is_no_person(exc) or isinstance(exc, NotFound):
            raise
        return _stop_refused(request, ctx, " ".join(p for p in (exc.message, page_hint(exc)) if p))
    text = f"Trial stopped on {view.design.stopped_on}. The result uses the days so far."
    return _with_note(request, "/trial/result", FlashMessage(text))


def _stop_refused(request: Request, ctx: Context, message: str) -> HTMLResponse:
    view = trial.status(ctx)
    return render(
        request, "trial.html", status_code=400, status=view, flashes=[], stop_error=message
    )


@router.get("/trial/result", response_class=HTMLResponse)
def trial_result_page(
    request: Request, ctx: SummaryCtx, note: Annotated[str | None, Query(max_length=40)] = None
) -> HTMLResponse:
    """The verdict, the effect with its interval, the paired periods, the limits and the
    periods chart (the report's SVG)."""
    from magcoach.report.charts import trial_chart

    view = trial.result(ctx)
    chart = trial_chart(view.design.to_design(), view.pain, view.result)
    return render(
        request,
        "trial_result.html",
        view=view,
        chart=chart,
        flashes=request.app.state.flash.take(request, note),
    )
