"""/api: the JSON twin of every page. Each route returns its use case's view exactly as the
CLI's `--json` prints it (the same pydantic model, dumped the same way)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, File, Form, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from magcoach.app import (
    clinic,
    daily,
    diary,
    foods,
    outcomes,
    people,
    plan,
    screen,
    transfer,
    trial,
)
from magcoach.app.daily import DayView, WeekView
from magcoach.app.diary import (
    CheckinInput,
    CheckinView,
    EntriesView,
    EntryChangeView,
    EntryFix,
    EventView,
    LoggedMealView,
    PainEntryView,
    PainInput,
    SerumView,
    SupplementProductInput,
    SupplementProductView,
    SupplementsView,
    SupplementTakenView,
)
from magcoach.app.foods import FoodSearchView, ParsedFoodView, RichFoodsView
from magcoach.app.outcomes import DidItHelpView, ReportRequest, TrendsView
from magcoach.app.people import PeopleView, PersonInput, PersonView
from magcoach.app.plan import PlanRequest, PlanView
from magcoach.app.screen import EvidenceListView, QuestionnaireView, ScreeningView, ScreenRequest
from magcoach.app.transfer import DeletedView, ImportView, RestoreView
from magcoach.app.trial import DoseView, TrialPlanView, TrialResultView, TrialStatusView
from magcoach.trial import DEFAULT_PAIRS, DEFAULT_PERIOD_DAYS, DEFAULT_WASHIN_DAYS
from magcoach.web.deps import AnyCtx, Ctx, SummaryCtx, call, visitor
from magcoach.web.uploads import saved_upload


class ApiError(BaseModel):
    """Every error: a code for machines, the input it concerns, a message for people."""

    error: str  # invalid_input, bad_file, not_found, conflict, setup, cross_site, too_large...
    field: str | None
    message: str


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ApiError, "description": "Bad input (the field says which)"},
    404: {"model": ApiError, "description": "No such person, entry or food"},
    409: {"model": ApiError, "description": "Would duplicate or overwrite something"},
    503: {"model": ApiError, "description": "Set-up missing (e.g. the food database)"},
}

router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS)


def json_view(view: BaseModel, status_code: int = 200) -> Response:
    """The view as JSON, byte for byte what `model_dump_json` gives the CLI (without indent)."""
    return Response(view.model_dump_json(), status_code=status_code, media_type="application/json")


@router.get("/day", response_model=DayView)
def api_day(ctx: Ctx, date: Annotated[date | None, Query()] = None) -> Response:
    """One day's magnesium against the person's requirement (default today)."""
    return json_view(daily.day(ctx, on=date))


@router.get("/week", response_model=WeekView)
def api_week(
    ctx: SummaryCtx,
    days: Annotated[int, Query()] = 7,
    end: Annotated[date | None, Query()] = None,
) -> Response:
    """Daily magnesium over `days` days up to `end`: averages, days below the EAR, trend, pain."""
    return json_view(daily.week(ctx, days=days, end=end))


@router.get("/person", response_model=PersonView)
def api_person(ctx: SummaryCtx) -> Response:
    """The default person with their requirement."""
    return json_view(people.show_person(ctx))


@router.post("/person", response_model=PersonView, status_code=201)
def api_add_person(request: Request, ctx: AnyCtx, new: Annotated[PersonInput, Body()]) -> Response:
    """Add a person (the first becomes the default; in shared mode, one of your account's)."""
    return json_view(clinic.add_person(ctx, visitor(request), new), status_code=201)


@router.patch("/person", response_model=PersonView)
def api_edit_person(ctx: Ctx, changes: Annotated[PersonInput, Body()]) -> Response:
    """Change the default person's profile: only the fields given change."""
    return json_view(people.edit_person(ctx, None, changes))


@router.get("/people", response_model=PeopleView)
def api_people(ctx: AnyCtx) -> Response:
    return json_view(people.list_people(ctx))


# ---------------------------------------------------------------- foods


class ParseRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str
    pick: int | None = None
    grams: float | None = None


@router.get("/foods/search", response_model=FoodSearchView)
def api_food_search(
    ctx: AnyCtx,
    q: Annotated[str, Query(max_length=200)],
    limit: Annotated[int, Query()] = 10,
) -> Response:
    """Foods matching the words, best first (search as you type)."""
    return json_view(foods.search(ctx, q, limit=limit))


@router.post("/foods/parse", response_model=ParsedFoodView)
def api_food_parse(ctx: AnyCtx, request: ParseRequest) -> Response:
    """What logging this text would record: the amount, grams, food, magnesium, alternatives.
    Nothing is stored."""
    return json_view(foods.parse(ctx, request.text, pick=request.pick, grams=request.grams))


# ---------------------------------------------------------------- diary


class FoodEntryRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str
    at: str | None = None  # "2026-06-14 19:00", "yesterday 19:00"; default now
    pick: int | None = None  # alternative N (1-based) instead of the best match
    grams: float | None = None  # the weight, instead of the amount's


@router.post("/food-entries", response_model=LoggedMealView, status_code=201)
def api_log_food(ctx: Ctx, entry: FoodEntryRequest) -> Response:
    """Log food in plain words ("1 cup cooked spinach"): one entry per food the line names."""
    view = diary.log_food(ctx, entry.text, at=entry.at, pick=entry.pick, grams=entry.grams)
    return json_view(view, 201)


@router.post("/pain-entries", response_model=PainEntryView, status_code=201)
def api_log_pain(ctx: Ctx, entry: PainInput) -> Response:
    """Pain now (0-10), how much it got in the way of activity and sleep, where."""
    return json_view(diary.log_pain(ctx, entry), 201)


@router.post("/symptom-entries", response_model=CheckinView, status_code=201)
def api_log_symptoms(ctx: Ctx, entry: CheckinInput) -> Response:
    """A symptom check-in: cramps, spasms, twitches, sleep quality, fatigue (0-10)."""
    return json_view(diary.log_symptoms(ctx, entry), 201)


class EventRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str
    kind: str = "note"
    at: str | None = None


@router.post("/events", response_model=EventView, status_code=201)
def api_log_event(ctx: Ctx, event: EventRequest) -> Response:
    """A treatment or event ("started physio") to mark on charts and reports."""
    return json_view(diary.log_event(ctx, event.text, kind=event.kind, at=event.at), 201)


class SerumRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    mmol_per_l: float
    on: str | None = None
    note: str | None = None


@router.post("/serum-results", response_model=SerumView, status_code=201)
def api_log_serum(ctx: Ctx, result: SerumRequest) -> Response:
    """A serum magnesium result from a blood test (mmol/L)."""
    view = diary.log_serum(ctx, result.mmol_per_l, on=result.on, note=result.note)
    return json_view(view, 201)


@router.get("/supplements", response_model=SupplementsView)
def api_supplements(ctx: Ctx, days: Annotated[int, Query()] = 7) -> Response:
    """Supplement products and the doses taken in the last `days` days."""
    return json_view(diary.supplements(ctx, days=days))


@router.post("/supplements", response_model=SupplementProductView, status_code=201)
def api_add_supplement(ctx: Ctx, product: SupplementProductInput) -> Response:
    """A supplement product, its elemental magnesium per unit from the label or computed."""
    return json_view(diary.add_supplement(ctx, product), 201)


class DoseRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    product: str
    units: float = 1.0
    at: str | None = None


@router.post("/supplement-doses", response_model=SupplementTakenView, status_code=201)
def api_take_supplement(ctx: Ctx, dose: DoseRequest) -> Response:
    """A dose taken: the day's supplements against the upper limit, with its warnings."""
    view = diary.take_supplement(ctx, dose.product, units=dose.units, at=dose.at)
    return json_view(view, 201)


@router.get("/entries", response_model=EntriesView)
def api_entries(ctx: Ctx, date: Annotated[date | None, Query()] = None) -> Response:
    """Every entry of one day with its id (F12, P3, S2...)."""
    return json_view(diary.entries(ctx, on=date))


@router.patch("/entries/{entry_id}", response_model=EntryChangeView)
def api_fix_entry(ctx: Ctx, entry_id: str, fix: EntryFix) -> Response:
    """Correct an entry: another food (pick), grams, text, time, pain scores, units."""
    return json_view(diary.fix_entry(ctx, entry_id, fix))


@router.delete("/entries/{entry_id}", response_model=EntryChangeView)
def api_delete_entry(ctx: Ctx, entry_id: str) -> Response:
    """Delete an entry; POST /api/entries/undo brings it back."""
    return json_view(diary.delete_entry(ctx, entry_id))


@router.post("/entries/undo", response_model=EntryChangeView)
def api_undo_delete(ctx: Ctx) -> Response:
    """Bring back the most recently deleted entry."""
    return json_view(diary.undo_delete(ctx))


# ---------------------------------------------------------------- screening


@router.get("/questionnaire", response_model=QuestionnaireView)
def api_questionnaire() -> Response:
    """The screening questions in order (red flags first), as the terminal asks them."""
    return json_view(screen.questionnaire(diary_person=True))


class ScreeningRequest(BaseModel):
    """A screening of the default person. (No answers file: the server reads no paths.)"""

    model_config = ConfigDict(extra="forbid")

    answers: dict[str, Any] = Field(default_factory=dict)  # red_flags, symptoms, serum...
    too_much_magnesium_signs: list[str] = Field(default_factory=list)
    stopped_early: bool = False


@router.post("/screenings", response_model=ScreeningView, status_code=201)
def api_screen(ctx: Ctx, request: ScreeningRequest) -> Response:
    """Screen the default person: red flags, the Magnesium Depletion Score, symptoms, serum."""
    view = screen.screen(ctx, ScreenRequest(**request.model_dump()))
    return json_view(view, 201)


@router.get("/evidence", response_model=EvidenceListView)
def api_evidence(topic: Annotated[str | None, Query(max_length=100)] = None) -> Response:
    """Every source magcoach cites, with what it found and how strong it is."""
    return json_view(screen.evidence(topic))


# ---------------------------------------------------------------- improve


@router.get("/plan", response_model=PlanView)
def api_plan(
    ctx: SummaryCtx,
    days: Annotated[int, Query()] = 14,
    intake_mg: Annotated[float | None, Query()] = None,
    kcal_budget: Annotated[float | None, Query()] = None,
) -> Response:
    """The whole plan: red flags first, decision, food plan, supplement, back care, evidence."""
    request = PlanRequest(days=days, intake_mg=intake_mg, kcal_budget=kcal_budget)
    return json_view(plan.plan(ctx, request))


@router.get("/foods/rich", response_model=RichFoodsView)
def api_rich_foods(
    ctx: AnyCtx,
    per: Annotated[str, Query()] = "serving",
    diet: Annotated[str, Query()] = "omnivore",
    exclude: Annotated[list[str] | None, Query()] = None,
    max_sodium_mg: Annotated[float, Query()] = 400.0,
    max_kcal: Annotated[float | None, Query()] = None,
    limit: Annotated[int, Query()] = 20,
) -> Response:
    """Magnesium-rich foods per realistic serving, filtered to a diet, allergies and energy."""
    view = foods.rich(
        ctx,
        per=per,
        diet=diet,
        exclude=tuple(exclude or ()),
        max_sodium_mg=max_sodium_mg,
        max_kcal=max_kcal,
        limit=limit,
    )
    return json_view(view)


# ---------------------------------------------------------------- track


@router.get("/did-it-help", response_model=DidItHelpView)
def api_did_it_help(
    ctx: SummaryCtx,
    change: Annotated[str | None, Query(max_length=40)] = None,
    supplement: Annotated[str | None, Query(max_length=100)] = None,
    lag_days: Annotated[int, Query()] = 7,
) -> Response:
    """Pain before a change against after it, with a 95% interval and its caveats."""
    view = outcomes.did_it_help(ctx, change=change, supplement=supplement, lag_days=lag_days)
    return json_view(view)


@router.get("/trends", response_model=TrendsView)
def api_trends(ctx: SummaryCtx, days: Annotated[int, Query()] = 90) -> Response:
    """Pain, magnesium and supplement days, day by day."""
    return json_view(outcomes.trends(ctx, days=days))


@router.get(
    "/report.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "The report"}},
)
def api_report_pdf(
    ctx: SummaryCtx,
    start: Annotated[str | None, Query(max_length=40)] = None,
    end: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    """The report a clinician can read, as a PDF."""
    from magcoach.report.render import render_pdf

    data = outcomes.report_data(ctx, ReportRequest(start=start, end=end))
    name = f"magcoach-report-{outcomes.slug(data.person_name)}-{data.period_end}.pdf"
    return Response(
        render_pdf(data),
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


# ---------------------------------------------------------------- your trial


class TrialPlanBody(BaseModel):
    """A trial for the default person; every field has the CLI's default."""

    model_config = ConfigDict(extra="forbid")

    start: date | None = None  # default tomorrow
    pairs: int = DEFAULT_PAIRS
    period_days: int = DEFAULT_PERIOD_DAYS
    washin_days: int = DEFAULT_WASHIN_DAYS
    seed: int | None = None  # default drawn at random, then recorded
    dose_mg: float | None = None  # default the plan's dose
    placebo: bool = False
    with_clinician: bool = False
    save: bool = True  # false: only show the design


class TrialDoseBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    day: date | None = None  # default today
    taken: bool = True


class TrialStopBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str
    day: date | None = None  # default today


@router.get("/trial", response_model=TrialStatusView)
def api_trial(ctx: SummaryCtx) -> Response:
    """The latest trial: its schedule, where today falls, the doses recorded."""
    return json_view(trial.status(ctx))


@router.post("/trial", response_model=TrialPlanView, status_code=201)
def api_plan_trial(ctx: Ctx, body: TrialPlanBody) -> Response:
    """Plan the trial, safety first: refused (with every reason) while red flags or signs of
    too much magnesium stand, or where the plan finds a supplement unsafe."""
    view = trial.plan(ctx, trial.PlanTrialRequest(**body.model_dump()))
    return json_view(view, 201 if view.saved else 200)


@router.post("/trial/doses", response_model=DoseView, status_code=201)
def api_trial_dose(ctx: Ctx, body: TrialDoseBody) -> Response:
    """Whether the trial magnesium was taken on a day (default today)."""
    return json_view(trial.record_dose(ctx, trial.DoseRequest(**body.model_dump())), 201)


@router.post("/trial/stop", response_model=TrialStatusView)
def api_stop_trial(ctx: Ctx, body: TrialStopBody) -> Response:
    """Stop the trial early, with the reason (it goes into the result's limits)."""
    return json_view(trial.stop(ctx, trial.StopRequest(**body.model_dump())))


@router.get("/trial/result", response_model=TrialResultView)
def api_trial_result(ctx: SummaryCtx) -> Response:
    """The effect with its interval, P(lowers pain), P(meaningful), paired periods, limits."""
    return json_view(trial.result(ctx))


@router.get(
    "/trial.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}, "description": "The schedule"}},
)
def api_trial_calendar(ctx: SummaryCtx) -> Response:
    """The trial's schedule as a calendar file, with a reminder on each magnesium day."""
    return Response(
        trial.calendar(ctx),
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="magcoach-trial.ics"'},
    )


# ---------------------------------------------------------------- your data


@router.post("/import", response_model=ImportView, status_code=201)
async def api_import(
    ctx: Ctx,
    kind: Annotated[str, Form()],
    file: Annotated[UploadFile, File()],
    skip_bad: Annotated[bool, Form()] = False,
) -> Response:
    """Import a Cronometer, Apple Health (zip or xml) or CSV export; all or nothing unless bad
    rows may be skipped, and the same file twice adds nothing."""
    async with saved_upload(file, f"upload-{kind}") as path:
        view = await call(transfer.import_file, ctx, kind, path, skip_bad=skip_bad)
    return json_view(view, 201)


@router.post("/restore", response_model=RestoreView, status_code=201)
async def api_restore(ctx: Ctx, file: Annotated[UploadFile, File()]) -> Response:
    """Fill an empty diary from a JSON backup (a diary with data is refused)."""
    async with saved_upload(file, "backup.json") as path:
        view = await call(transfer.restore, ctx, path)
    return json_view(view, 201)


class DeleteEverythingRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    confirm: bool = False


@router.post("/delete-everything", response_model=DeletedView)
def api_delete_everything(ctx: Ctx, request: DeleteEverythingRequest) -> Response:
    """Delete every person and entry (in shared mode: this person's diary only); needs
    {"confirm": true}. There is no undo."""
    return json_view(transfer.delete_everything(ctx, confirmed=request.confirm))


@router.get(
    "/export/{kind}",
    response_class=Response,
    responses={200: {"content": {"application/json": {}, "application/zip": {}}}},
)
def api_export(
    ctx: Ctx,
    kind: Literal["csv", "backup", "fhir"],
    start: Annotated[str | None, Query(max_length=40)] = None,
    end: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    """The diary as CSV (entries and days, zipped), a JSON backup, or a FHIR R4 bundle."""
    from magcoach.web.downloads import export_download

    return export_download(ctx, kind, start=start, end=end)
