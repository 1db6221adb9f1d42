"""The clinician's side (shared mode): the dashboard of patients who shared with them, the PDF
report of one, and notes a clinician leaves for a person (the person reads them too).

Every request is authorized by the use cases (clinic.patients, accounts.open_person,
clinic.add_note, clinic.notes): ids in URLs are only names, never keys. Nothing personal is put
into a URL: a patient is opened by a POST, and the report is then read from the open session.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict

from magcoach.app import accounts, clinic
from magcoach.app.accounts import Actor
from magcoach.app.clinic import DashboardView, NotesView, NoteView
from magcoach.errors import InvalidInput
from magcoach.web.deps import AnyCtx, SummaryCtx, app_context, call, visitor
from magcoach.web.flash import FlashMessage
from magcoach.web.render import render

router = APIRouter()
api = APIRouter(prefix="/api", tags=["api"])

#: Each sortable column: its heading and what the sort puts first.
COLUMNS = {
    "attention": ("Needs attention", "red flags and too-much signs first"),
    "name": ("Patient", "A to Z"),
    "last_entry": ("Last entry", "most recent first"),
    "days_logged": ("Days logged", "most days first"),
    "magnesium": ("Magnesium", "highest share of the requirement first"),
    "pain": ("Pain", "highest recent pain first"),
}


def shared_actor(request: Request) -> Actor:
    """The signed-in account; these pages exist only in the shared (clinic) mode."""
    actor = visitor(request)
    if actor is None:
        raise InvalidInput(
            "Patients, notes and accounts are for the shared (clinic) mode; "
            "this magcoach is yours alone."
        )
    return actor


# ---------------------------------------------------------------- the dashboard


@router.get("/clinic", response_class=HTMLResponse)
def dashboard_page(
    request: Request, ctx: AnyCtx, sort: Annotated[str, Query(max_length=20)] = "attention"
) -> HTMLResponse:
    """The clinician's patients, red flags and too-much signs first (clinicians only)."""
    board = clinic.patients(ctx, shared_actor(request), sort=sort)
    return render(request, "clinic.html", board=board, columns=COLUMNS)


@router.post("/clinic/patients/{person_id}/report")
async def patient_report(request: Request, ctx: AnyCtx, person_id: int) -> Response:
    """Open the patient in this session (authorized), then fetch their report as a PDF."""
    shared_actor(request)
    await call(accounts.open_person, ctx, token=request.state.session_token, person_id=person_id)
    return RedirectResponse("/api/report.pdf", status_code=303)


@api.get("/clinic/patients", response_model=DashboardView)
def api_patients(
    request: Request, ctx: AnyCtx, sort: Annotated[str, Query(max_length=20)] = "attention"
) -> Response:
    """The clinician dashboard: one row per patient who shared, `sort` one of clinic.SORTS."""
    board = clinic.patients(ctx, shared_actor(request), sort=sort)
    return Response(board.model_dump_json(), media_type="application/json")


# ---------------------------------------------------------------- notes


def notes_page_response(
    request: Request,
    *,
    status_code: int = 200,
    flashes: list[FlashMessage] | None = None,
    error: str | None = None,
    text: str = "",
) -> HTMLResponse:
    actor = shared_actor(request)
    person = request.state.person
    view = clinic.notes(app_context(request), actor, person_id=person.id)
    return render(
        request,
        "notes.html",
        status_code=status_code,
        notes=view,
        note_form=person.access != "owner" and actor.is_clinician,
        note_error=error,
        note_text=text,
        flashes=flashes or [],
    )


@router.get("/notes", response_class=HTMLResponse)
def notes_page(
    request: Request, ctx: SummaryCtx, note: Annotated[str | None, Query(max_length=40)] = None
) -> HTMLResponse:
    """The notes about the open person: a clinician's own (and a form to add one); the
    owner reads every clinician's."""
    return notes_page_response(request, flashes=request.app.state.flash.take(request, note))


@router.post("/notes", response_class=HTMLResponse)
async def add_note(request: Request, ctx: AnyCtx) -> Response:
    """A clinician's note for the person open in the session (the diary is not changed)."""
    actor = shared_actor(request)
    text = str((await request.form()).get("text", ""))
    person_id = await call(clinic.open_person_id, ctx, actor)
    try:
        saved = await call(clinic.add_note, ctx, actor, person_id=person_id, text=text)
    except InvalidInput as exc:  # empty or too long: the form again, with the text kept
        request.state.person = await call(
            clinic.authorized_person, ctx, actor, person_id, "summary", what="notes"
        )
        return notes_page_response(request, status_code=400, error=exc.message, text=text)
    token = request.app.state.flash.put(
        request, FlashMessage(f"Note saved ({saved.created_at:%d %b %H:%M}); they can read it.")
    )
    return RedirectResponse(f"/notes?note={token}", status_code=303)


class NoteRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str


@api.get("/notes", response_model=NotesView)
def api_notes(request: Request, ctx: AnyCtx) -> Response:
    """The notes about the open person (a clinician's own; the owner's: everyone's)."""
    actor = shared_actor(request)
    view = clinic.notes(ctx, actor, person_id=clinic.open_person_id(ctx, actor))
    return Response(view.model_dump_json(), media_type="application/json")


@api.post("/notes", response_model=NoteView, status_code=201)
def api_add_note(request: Request, ctx: AnyCtx, body: Annotated[NoteRequest, Body()]) -> Response:
    """A clinician's note for the person open in the session."""
    actor = shared_actor(request)
    view = clinic.add_note(ctx, actor, person_id=clinic.open_person_id(ctx, actor), text=body.text)
    return Response(view.model_dump_json(), status_code=201, media_type="application/json")
