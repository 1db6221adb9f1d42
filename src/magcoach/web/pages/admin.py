"""The admin's page (shared mode): the accounts, disabling and enabling one (which ends its
sessions at once), and inviting a clinician or a person (a code valid 7 days, shown once).
Admins only: the use cases refuse anyone else. An admin sees no one's diary by being one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict

from magcoach.accounts.security import INVITATION_VALID
from magcoach.app import accounts, clinic
from magcoach.app.accounts import AccountsView, AccountView
from magcoach.app.clinic import InvitationView
from magcoach.app.context import Context
from magcoach.errors import InvalidInput, NotFound
from magcoach.web.deps import AnyCtx, call
from magcoach.web.flash import FlashMessage
from magcoach.web.pages.clinic import shared_actor
from magcoach.web.render import render

router = APIRouter()
api = APIRouter(prefix="/api", tags=["api"])

INVITE_ROLES = (("clinician", "A clinician"), ("person", "A person keeping a diary"))


def signup_link(request: Request, ctx: Context, code: str) -> str:
    """Where the invited person signs up, with the code filled in (a code is no personal data;
    it works once, for 7 days)."""
    base = ctx.settings.public_url or str(request.base_url)
    return f"{base.rstrip('/')}/signup?code={code}"


def _admin_page(
    request: Request,
    ctx: Context,
    *,
    status_code: int = 200,
    invitation: InvitationView | None = None,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    flashes: list[FlashMessage] | None = None,
) -> HTMLResponse:
    actor = shared_actor(request)
    view = accounts.list_accounts(ctx, actor)
    return render(
        request,
        "admin.html",
        status_code=status_code,
        accounts=view.accounts,
        invitation=invitation,
        link=signup_link(request, ctx, invitation.code) if invitation and invitation.code else None,
        valid_days=INVITATION_VALID.days,
        roles=INVITE_ROLES,
        errors=errors or {},
        values=values or {},
        flashes=flashes or [],
    )


@router.get("/admin", response_class=HTMLResponse)
def admin_page(
    request: Request, ctx: AnyCtx, note: Annotated[str | None, Query(max_length=40)] = None
) -> HTMLResponse:
    return _admin_page(request, ctx, flashes=request.app.state.flash.take(request, note))


@router.post("/admin/accounts/disable", response_class=HTMLResponse)
async def disable_submit(request: Request, ctx: AnyCtx) -> Response:
    """Disable (action=disable) or enable again (action=enable) the account by its email,
    sent in the form (not the URL)."""
    actor = shared_actor(request)
    form = await request.form()
    email = str(form.get("email", ""))
    disabled = str(form.get("action", "disable")) != "enable"
    try:
        row = await call(accounts.disable_account, ctx, email=email, actor=actor, disabled=disabled)
    except (InvalidInput, NotFound) as exc:  # one's own account, or no such account
        return _admin_page(request, ctx, status_code=400, errors={"account": exc.message})
    message = (
        f"{row.email} is disabled: its sessions have ended and it cannot log in."
        if row.disabled
        else f"{row.email} can log in again."
    )
    token = request.app.state.flash.put(request, FlashMessage(message))
    return RedirectResponse(f"/admin?note={token}", status_code=303)


@router.post("/admin/invite", response_class=HTMLResponse)
async def invite_submit(request: Request, ctx: AnyCtx) -> Response:
    """A new invitation; its code is shown on this answer only (only its hash is kept)."""
    actor = shared_actor(request)
    form = await request.form()
    role = str(form.get("role", ""))
    email = str(form.get("email", "")).strip() or None
    try:
        made = await call(clinic.invite_account, ctx, actor, role=role, email=email)
    except InvalidInput as exc:
        field = exc.field or "role"
        shown = {"role": role, "email": email or ""}
        return _admin_page(request, ctx, status_code=400, errors={field: exc.message}, values=shown)
    return _admin_page(request, ctx, invitation=made)


# ---------------------------------------------------------------- /api twins


class DisableRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str
    disabled: bool = True


class InviteRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: str
    email: str | None = None


@api.get("/admin/accounts", response_model=AccountsView)
def api_accounts(request: Request, ctx: AnyCtx) -> Response:
    view = accounts.list_accounts(ctx, shared_actor(request))
    return Response(view.model_dump_json(), media_type="application/json")


@api.post("/admin/accounts/disable", response_model=AccountView)
def api_disable(request: Request, ctx: AnyCtx, body: Annotated[DisableRequest, Body()]) -> Response:
    """Disable an account (its sessions end at once), or enable it with `disabled: false`."""
    view = accounts.disable_account(
        ctx, email=body.email, actor=shared_actor(request), disabled=body.disabled
    )
    return Response(view.model_dump_json(), media_type="application/json")


@api.post("/admin/invitations", response_model=InvitationView, status_code=201)
def api_invite(request: Request, ctx: AnyCtx, body: Annotated[InviteRequest, Body()]) -> Response:
    """Invite a clinician or a person; the code is in this answer only."""
    view = clinic.invite_account(ctx, shared_actor(request), role=body.role, email=body.email)
    return Response(view.model_dump_json(), status_code=201, media_type="application/json")
