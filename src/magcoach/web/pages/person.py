"""First run and the profile: add the person, see and change the profile."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from magcoach.app import accounts, clinic, people
from magcoach.app.people import PersonInput
from magcoach.errors import MagcoachError
from magcoach.web.deps import (
    AnyCtx,
    Ctx,
    FormErrors,
    OwnerCtx,
    SummaryCtx,
    call,
    errors_of,
    read_form,
    visitor,
)
from magcoach.web.render import render

router = APIRouter()

LIST_FIELDS = ("medicines", "conditions", "allergies")
CHECK_FIELDS = ("pregnant", "lactating", "kidney_disease", "wants_weight_loss")


async def _person_form(request: Request, *, editing: bool) -> dict[str, Any]:
    """The form's text as PersonInput fields: lists split at commas, ticked boxes true (an
    unticked box is false when editing, 'not given' when adding)."""
    form = await request.form()
    values: dict[str, Any] = {k: v for k, v in form.items() if isinstance(v, str)}
    values.pop("csrf", None)  # the shared mode's token: checked by the route, not a field
    values.pop("life_stage", None)
    stage = str(form.get("life_stage", "") or "")
    values["pregnant"] = stage == "pregnant"
    values["lactating"] = stage == "lactating"
    for name in LIST_FIELDS:
        if name in values:
            values[name] = [p.strip() for p in str(values[name]).split(",") if p.strip()]
    for name in CHECK_FIELDS:
        if name in ("pregnant", "lactating"):
            continue
        values[name] = name in form
    return values


def _form_page(
    request: Request,
    template: str,
    values: dict[str, Any],
    errors: dict[str, str],
    error: str | None,
) -> HTMLResponse:
    return render(
        request, template, status_code=400, values=values, errors=errors, form_error=error
    )


@router.get("/welcome", response_class=HTMLResponse)
def welcome_page(request: Request, ctx: AnyCtx) -> HTMLResponse:
    return render(
        request,
        "welcome.html",
        values={"region": ctx.settings.region},
        errors={},
        form_error=None,
    )


@router.post("/welcome", response_class=HTMLResponse)
async def welcome_submit(request: Request, ctx: AnyCtx) -> Response:
    values = await _person_form(request, editing=False)
    try:
        new = read_form(PersonInput, values)
        added = await call(clinic.add_person, ctx, visitor(request), new)
        if visitor(request) is not None:  # shared mode: open the new person's diary
            token = request.state.session_token
            await call(accounts.open_person, ctx, token=token, person_id=added.id)
    except FormErrors as exc:
        return _form_page(request, "welcome.html", _shown(values), exc.errors, None)
    except MagcoachError as exc:
        errors, error = errors_of(exc)
        return _form_page(request, "welcome.html", _shown(values), errors, error)
    return RedirectResponse("/screen", status_code=303)


@router.get("/person", response_class=HTMLResponse)
def person_page(request: Request, ctx: SummaryCtx) -> HTMLResponse:
    view = people.show_person(ctx)
    return render(request, "person.html", view=view)


@router.get("/person/edit", response_class=HTMLResponse)
def person_edit_page(request: Request, ctx: OwnerCtx) -> HTMLResponse:
    view = people.show_person(ctx)
    values = view.person.model_dump()
    for name in LIST_FIELDS:
        values[name] = ", ".join(values[name])
    return render(request, "person_edit.html", values=values, errors={}, form_error=None)


@router.post("/person/edit", response_class=HTMLResponse)
async def person_edit_submit(request: Request, ctx: Ctx) -> Response:
    values = await _person_form(request, editing=True)
    try:
        changes = read_form(PersonInput, values)
        await call(people.edit_person, ctx, None, changes)
    except FormErrors as exc:
        return _form_page(request, "person_edit.html", _shown(values), exc.errors, None)
    except MagcoachError as exc:
        errors, error = errors_of(exc)
        return _form_page(request, "person_edit.html", _shown(values), errors, error)
    return RedirectResponse("/person", status_code=303)


def _shown(values: dict[str, Any]) -> dict[str, Any]:
    """The values as typed, to put back in the boxes beside the errors."""
    shown = dict(values)
    for name in LIST_FIELDS:
        if isinstance(shown.get(name), list):
            shown[name] = ", ".join(shown[name])
    return shown
