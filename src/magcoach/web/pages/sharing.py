"""Sharing (shared mode, the owner only): invite a clinician with a code and a sign-up link,
re-send or withdraw an invitation, see who can see this person and stop sharing; clinicians'
notes for the person. The /api twins take and give JSON.

Every route is about the person the session has open and is the owner's only (`OwnerCtx`):
a clinician viewing a patient never reaches them. In the local mode they answer plainly that
sharing needs the shared (clinic) mode.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict

from magcoach.app import clinic
from magcoach.app.accounts import Actor
from magcoach.app.clinic import InvitationView, NotesView, PersonRef
from magcoach.app.context import Context
from magcoach.errors import InvalidInput, MagcoachError
from magcoach.web.deps import OwnerCtx, call, errors_of, visitor
from magcoach.web.flash import FlashMessage
from magcoach.web.render import render

router = APIRouter()
api = APIRouter(prefix="/api", tags=["api"])

NEEDS_SHARED = (
    "Sharing with a clinician needs the shared (clinic) mode, where each person has an "
    "account; this magcoach keeps one diary on this computer only."
)
SCOPES = {"summary": "Summary and reports", "diary": "Full diary, read-only"}


def _owner(request: Request) -> tuple[Actor, PersonRef]:
    """The owner and the person the session has open (the route's OwnerCtx checked both)."""
    actor = visitor(request)
    person: PersonRef | None = getattr(request.state, "person", None)
    if actor is None or person is None:
        raise InvalidInput(NEEDS_SHARED)
    return actor, person


def signup_link(request: Request, invitation: InvitationView) -> str | None:
    """The link to pass on with a new code: the sign-up page with the code filled in."""
    if invitation.code is None:
        return None
    base = request.app.state.ctx.settings.public_url or str(request.base_url)
    return f"{base.rstrip('/')}/signup?code={invitation.code}"


def _page(
    request: Request,
    ctx: Context,
    *,
    made: InvitationView | None = None,
    status_code: int = 200,
    errors: dict[str, str] | None = None,
    form_error: str | None = None,
    values: dict[str, str] | None = None,
    flashes: list[FlashMessage] | None = None,
) -> HTMLResponse:
    actor, person = _owner(request)
    view = clinic.sharing(ctx, actor, person_id=person.id)
    return render(
        request,
        "sharing.html",
        status_code=status_code,
        view=view,
        made=made,
        link=signup_link(request, made) if made else None,
        scopes=SCOPES,
        errors=errors or {},
        form_error=form_error,
        values=values or {"scope": "summary"},
        flashes=flashes or [],
    )


@router.get("/sharing", response_class=HTMLResponse)
def sharing_page(
    request: Request, ctx: OwnerCtx, note: Annotated[str | None, Query(max_length=40)] = None
) -> HTMLResponse:
    flashes = request.app.state.flash.take(request, note)
    return _page(request, ctx, flashes=flashes)


@router.post("/sharing/invitations", response_class=HTMLResponse)
async def invite(request: Request, ctx: OwnerCtx) -> Response:
    actor, person = _owner(request)
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    values = {"email": form.get("email", ""), "scope": form.get("scope", "")}
    try:
        made = await call(
            clinic.share_with_clinician,
            ctx,
            actor,
            person_id=person.id,
            scope=values["scope"],
            email=values["email"].strip() or None,
        )
    except MagcoachError as exc:
        errors, error = errors_of(exc)
        return _page(request, ctx, status_code=400, errors=errors, form_error=error, values=values)
    return _page(request, ctx, made=made, status_code=201)


@router.post("/sharing/invitations/{invitation_id}/resend", response_class=HTMLResponse)
async def resend(request: Request, ctx: OwnerCtx, invitation_id: int) -> Response:
    actor, _ = _owner(request)
    made = await call(clinic.resend_invitation, ctx, actor, invitation_id=invitation_id)
    return _page(request, ctx, made=made)


@router.post("/sharing/invitations/{invitation_id}/cancel")
async def cancel(request: Request, ctx: OwnerCtx, invitation_id: int) -> Response:
    actor, _ = _owner(request)
    done = await call(clinic.cancel_invitation, ctx, actor, invitation_id=invitation_id)
    return _back(request, done.message)


@router.post("/sharing/grants/{grant_id}/revoke")
async def revoke(request: Request, ctx: OwnerCtx, grant_id: int) -> Response:
    actor, _ = _owner(request)
    done = await call(clinic.revoke_grant, ctx, actor, grant_id=grant_id)
    return _back(request, done.message)


def _back(request: Request, message: str) -> Response:
    token = request.app.state.flash.put(request, FlashMessage(message))
    return RedirectResponse(f"/sharing?note={token}", status_code=303)


def owner_notes(request: Request, ctx: Context) -> NotesView | None:
    """Clinicians' notes for the Today page: for the owner only (a clinician writes and reads
    their own notes on their own pages), None in the local mode."""
    actor = visitor(request)
    person: PersonRef | None = getattr(request.state, "person", None)
    if actor is None or person is None or person.access != "owner":
        return None
    return clinic.notes(ctx, actor, person_id=person.id)


# ---------------------------------------------------------------- /api twins


class InviteRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    scope: str
    email: str | None = None


def _invitation_json(request: Request, view: InvitationView, status_code: int) -> Response:
    body: dict[str, Any] = {
        **view.model_dump(mode="json"),
        "signup_url": signup_link(request, view),
    }
    return JSONResponse(body, status_code=status_code)


@api.get("/sharing")
def api_sharing(request: Request, ctx: OwnerCtx) -> Response:
    """Who can see the open person (grants, revoked ones too) and the codes not yet used."""
    actor, person = _owner(request)
    return JSONResponse(clinic.sharing(ctx, actor, person_id=person.id).model_dump(mode="json"))


@api.post("/sharing/invitations", status_code=201)
def api_invite(request: Request, ctx: OwnerCtx, body: Annotated[InviteRequest, Body()]) -> Response:
    """A code (valid 7 days) and its sign-up link for a clinician: scope "summary" or "diary"."""
    actor, person = _owner(request)
    made = clinic.share_with_clinician(
        ctx, actor, person_id=person.id, scope=body.scope, email=body.email or None
    )
    return _invitation_json(request, made, 201)


@api.post("/sharing/invitations/{invitation_id}/resend")
def api_resend(request: Request, ctx: OwnerCtx, invitation_id: int) -> Response:
    """A new code for an open invitation, valid 7 days from now; the old one stops working."""
    actor, _ = _owner(request)
    made = clinic.resend_invitation(ctx, actor, invitation_id=invitation_id)
    return _invitation_json(request, made, 200)


@api.delete("/sharing/invitations/{invitation_id}")
def api_cancel(request: Request, ctx: OwnerCtx, invitation_id: int) -> Response:
    actor, _ = _owner(request)
    done = clinic.cancel_invitation(ctx, actor, invitation_id=invitation_id)
    return JSONResponse(done.model_dump(mode="json"))


@api.post("/sharing/grants/{grant_id}/revoke")
def api_revoke(request: Request, ctx: OwnerCtx, grant_id: int) -> Response:
    """Stop sharing: the clinician's next request is refused."""
    actor, _ = _owner(request)
    done = clinic.revoke_grant(ctx, actor, grant_id=grant_id)
    return JSONResponse(done.model_dump(mode="json"))


@api.get("/sharing/notes")
def api_notes(request: Request, ctx: OwnerCtx) -> Response:
    """Clinicians' notes for the open person, newest first (the Today page shows them)."""
    notes = owner_notes(request, ctx)
    if notes is None:
        raise InvalidInput(NEEDS_SHARED)
    return JSONResponse(notes.model_dump(mode="json"))
