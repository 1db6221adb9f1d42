"""/api: the JSON twin of every page. Each route returns its use case's view exactly as the
CLI's `--json` prints it (the same pydantic model, dumped the same way)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query
from fastapi.responses import Response
from pydantic import BaseModel

from magcoach.app import daily, people
from magcoach.app.daily import DayView, WeekView
from magcoach.app.people import PeopleView, PersonInput, PersonView
from magcoach.app.views import View
from magcoach.web.deps import Ctx


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


def json_view(view: View, status_code: int = 200) -> Response:
    """The view as JSON, byte for byte what `model_dump_json` gives the CLI (without indent)."""
    return Response(view.model_dump_json(), status_code=status_code, media_type="application/json")


@router.get("/day", response_model=DayView)
def api_day(ctx: Ctx, date: Annotated[date | None, Query()] = None) -> Response:
    """One day's magnesium against the person's requirement (default today)."""
    return json_view(daily.day(ctx, on=date))


@router.get("/week", response_model=WeekView)
def api_week(
    ctx: Ctx,
    days: Annotated[int, Query()] = 7,
    end: Annotated[date | None, Query()] = None,
) -> Response:
    """Daily magnesium over `days` days up to `end`: averages, days below the EAR, trend, pain."""
    return json_view(daily.week(ctx, days=days, end=end))


@router.get("/person", response_model=PersonView)
def api_person(ctx: Ctx) -> Response:
    """The default person with their requirement."""
    return json_view(people.show_person(ctx))


@router.post("/person", response_model=PersonView, status_code=201)
def api_add_person(ctx: Ctx, new: Annotated[PersonInput, Body()]) -> Response:
    """Add a person (the first becomes the default)."""
    return json_view(people.add_person(ctx, new), status_code=201)


@router.patch("/person", response_model=PersonView)
def api_edit_person(ctx: Ctx, changes: Annotated[PersonInput, Body()]) -> Response:
    """Change the default person's profile: only the fields given change."""
    return json_view(people.edit_person(ctx, None, changes))


@router.get("/people", response_model=PeopleView)
def api_people(ctx: Ctx) -> Response:
    return json_view(people.list_people(ctx))
