"""Shared mode: log in, sign up (with an invitation code, or openly when the clinic allows),
log out, open one of the people this account may see, and the account page (my people, the
password, a clinician's "enter a sharing code"). The /api twins take and give JSON.

The session cookie is HttpOnly, SameSite=Lax, and over HTTPS Secure with the `__Host-` prefix
(accounts.security.session_cookie). Log-in and sign-up carry no CSRF token (there is no
session yet); the security middleware refuses them from other sites by their Origin.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict

from magcoach.app import accounts, clinic
from magcoach.app.accounts import Actor, LoginView
from magcoach.app.context import Context
from magcoach.errors import InvalidInput, MagcoachError
from magcoach.web.deps import AnyCtx, OpenCtx, call, errors_of, is_https, visitor
from magcoach.web.render import render

router = APIRouter()
api = APIRouter(prefix="/api", tags=["api"])


def _client_address(request: Request) -> str:
    """The address the log-in limit counts per. Behind the clinic's reverse proxy (a public
    URL is set) it is the last X-Forwarded-For entry, the one the proxy itself added: earlier
    entries come from the browser and could be anything. Otherwise the peer's address."""
    peer = request.client.host if request.client else "unknown"
    forwarded = request.headers.get("x-forwarded-for", "")
    if request.app.state.ctx.settings.public_url and forwarded.strip():
        return forwarded.split(",")[-1].strip()[:64] or peer
    return peer[:64]


def _require_shared(request: Request) -> None:
    if not request.app.state.ctx.settings.shared:
        raise InvalidInput(
            "Accounts are for the shared (clinic) mode; this magcoach is yours alone."
        )


def _signed_in(request: Request, login: LoginView, response: Response) -> Response:
    from magcoach.accounts.security import session_cookie

    name, attributes = session_cookie(is_https(request))
    response.set_cookie(name, login.token, **attributes)  # type: ignore[arg-type]
    return response


def _home_for(login: LoginView) -> str:
    return "/clinic" if login.actor.is_clinician else "/admin" if login.actor.is_admin else "/today"


# ---------------------------------------------------------------- pages


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, ctx: OpenCtx) -> HTMLResponse:
    _require_shared(request)
    return render(request, "login.html", values={}, errors={}, form_error=None)


@router.post("/login", response_class=HTMLResponse)
async def login_submit(request: Request, ctx: OpenCtx) -> Response:
    _require_shared(request)
    form = await request.form()
    email, password = str(form.get("email", "")), str(form.get("password", ""))
    try:
        login = await call(
            accounts.log_in,
            ctx,
            email=email,
            password=password,
            address=_client_address(request),
            replacing=request.cookies.get(_cookie(request)),
        )
    except MagcoachError as exc:
        errors, error = errors_of(exc)
        return render(
            request,
            "login.html",
            status_code=429 if exc.code == "rate_limited" else 400,
            values={"email": email},
            errors=errors,
            form_error=error,
        )
    return _signed_in(request, login, RedirectResponse(_home_for(login), status_code=303))


@router.get("/signup", response_class=HTMLResponse)
def signup_page(request: Request, ctx: OpenCtx, code: str | None = None) -> HTMLResponse:
    _require_shared(request)
    return render(
        request,
        "signup.html",
        values={"code": code or ""},
        errors={},
        form_error=None,
        open_signup=ctx.settings.open_signup,
    )


@router.post("/signup", response_class=HTMLResponse)
async def signup_submit(request: Request, ctx: OpenCtx) -> Response:
    _require_shared(request)
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    try:
        login = await call(
            accounts.sign_up,
            ctx,
            email=form.get("email", ""),
            password=form.get("password", ""),
            display_name=form.get("display_name") or None,
            code=form.get("code") or None,
        )
    except MagcoachError as exc:
        errors, error = errors_of(exc)
        shown = {k: v for k, v in form.items() if k != "password"}
        return render(
            request,
            "signup.html",
            status_code=400,
            values=shown,
            errors=errors,
            form_error=error,
            open_signup=ctx.settings.open_signup,
        )
    where = "/welcome" if login.actor.role == "person" else _home_for(login)
    return _signed_in(request, login, RedirectResponse(where, status_code=303))


@router.post("/logout")
async def logout(request: Request, ctx: AnyCtx) -> Response:
    token = getattr(request.state, "session_token", None)
    if token:
        await call(accounts.log_out, ctx, token=token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(_cookie(request), path="/")
    return response


@router.post("/people/{person_id}/open")
async def open_person(request: Request, ctx: AnyCtx, person_id: int) -> Response:
    """Open one of my people, or a patient who shared with me (checked on every request)."""
    actor = await call(
        accounts.open_person, ctx, token=request.state.session_token, person_id=person_id
    )
    return RedirectResponse("/history" if actor.is_clinician else "/today", status_code=303)


def _cookie(request: Request) -> str:
    from magcoach.web.deps import cookie_name

    return cookie_name(request)


# ---------------------------------------------------------------- the account page

ROLE_WORDS = {
    "person": "Keeps a diary",
    "clinician": "Clinician",
    "admin": "The clinic's admin",
}


def _signed_in_actor(request: Request) -> Actor:
    _require_shared(request)
    actor = visitor(request)
    if actor is None:  # pragma: no cover - signed_in refuses first
        raise InvalidInput("Please log in.")
    return actor


def _account_page(
    request: Request,
    ctx: Context,
    *,
    status_code: int = 200,
    errors: dict[str, str] | None = None,
    form_error: str | None = None,
    section: str | None = None,
    values: dict[str, str] | None = None,
    flashes: list[Any] | None = None,
) -> HTMLResponse:
    actor = _signed_in_actor(request)
    return render(
        request,
        "account.html",
        status_code=status_code,
        mine=clinic.my_people(ctx, actor),
        role_words=ROLE_WORDS,
        errors=errors or {},
        form_error=form_error,
        section=section,
        values=values or {},
        flashes=flashes or [],
    )


@router.get("/account", response_class=HTMLResponse)
def account_page(
    request: Request, ctx: AnyCtx, note: Annotated[str | None, Query(max_length=40)] = None
) -> HTMLResponse:
    _require_shared(request)
    return _account_page(request, ctx, flashes=request.app.state.flash.take(request, note))


@router.post("/account/password", response_class=HTMLResponse)
async def change_password(request: Request, ctx: AnyCtx) -> Response:
    _signed_in_actor(request)
    form = await request.form()
    try:
        done = await call(
            accounts.change_password,
            ctx,
            token=request.state.session_token,
            current_password=str(form.get("current_password", "")),
            new_password=str(form.get("password", "")),
        )
    except MagcoachError as exc:
        errors, error = errors_of(exc)
        return _account_page(
            request, ctx, status_code=400, errors=errors, form_error=error, section="password"
        )
    return _to_account(request, done.message)


@router.post("/account/sharing-code", response_class=HTMLResponse)
async def enter_sharing_code(request: Request, ctx: AnyCtx) -> Response:
    """A clinician enters the code a person gave them and sees that person from now on."""
    actor = _signed_in_actor(request)
    form = await request.form()
    code = str(form.get("code", ""))
    try:
        grant = await call(clinic.accept_share, ctx, actor, code=code)
    except MagcoachError as exc:
        errors, error = errors_of(exc)
        return _account_page(
            request,
            ctx,
            status_code=403 if exc.code == "forbidden" else 400,
            errors=errors,
            form_error=error,
            section="code",
            values={"code": code},
        )
    return _to_account(request, _accepted(grant))


def _accepted(grant: clinic.GrantView) -> str:
    scope = "summary and reports" if grant.scope == "summary" else "full diary, read-only"
    return f"{grant.person} shared their diary with you ({scope})."


def _to_account(request: Request, message: str) -> Response:
    from magcoach.web.flash import FlashMessage

    token = request.app.state.flash.put(request, FlashMessage(message))
    return RedirectResponse(f"/account?note={token}", status_code=303)


# ---------------------------------------------------------------- /api twins


class LoginRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str
    password: str


class SignUpRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str
    password: str
    display_name: str | None = None
    code: str | None = None


def _session_json(request: Request, login: LoginView, status_code: int = 200) -> Response:
    """The actor and the CSRF token for later changes; the session id only in the cookie."""
    body: dict[str, Any] = {"actor": login.actor.model_dump(mode="json"), "csrf": login.csrf}
    return _signed_in(request, login, JSONResponse(body, status_code=status_code))


@api.post("/login")
def api_login(request: Request, ctx: OpenCtx, body: Annotated[LoginRequest, Body()]) -> Response:
    """Log in: sets the session cookie; every change then sends X-CSRF-Token."""
    _require_shared(request)
    login = accounts.log_in(
        ctx,
        email=body.email,
        password=body.password,
        address=_client_address(request),
        replacing=request.cookies.get(_cookie(request)),
    )
    return _session_json(request, login)


@api.post("/signup", status_code=201)
def api_signup(request: Request, ctx: OpenCtx, body: Annotated[SignUpRequest, Body()]) -> Response:
    _require_shared(request)
    login = accounts.sign_up(
        ctx,
        email=body.email,
        password=body.password,
        display_name=body.display_name,
        code=body.code,
    )
    return _session_json(request, login, 201)


@api.post("/logout")
def api_logout(request: Request, ctx: AnyCtx) -> Response:
    token = getattr(request.state, "session_token", None)
    if token:
        accounts.log_out(ctx, token=token)
    response = JSONResponse({"message": "Logged out."})
    response.delete_cookie(_cookie(request), path="/")
    return response


@api.get("/me")
def api_me(request: Request, ctx: AnyCtx) -> Response:
    """Who is logged in, and the people this account keeps."""
    actor = visitor(request)
    if actor is None:
        raise InvalidInput("Accounts are for the shared (clinic) mode.")
    mine = clinic.my_people(ctx, actor)
    return JSONResponse({"actor": actor.model_dump(mode="json"), **mine.model_dump(mode="json")})


class PasswordRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    current_password: str
    password: str


class SharingCodeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str


@api.post("/account/password")
def api_change_password(
    request: Request, ctx: AnyCtx, body: Annotated[PasswordRequest, Body()]
) -> Response:
    """Change the password (the current one is asked again); the account's other sessions
    end, this one stays."""
    _signed_in_actor(request)
    done = accounts.change_password(
        ctx,
        token=request.state.session_token,
        current_password=body.current_password,
        new_password=body.password,
    )
    return JSONResponse(done.model_dump(mode="json"))


@api.post("/account/sharing-code", status_code=201)
def api_enter_sharing_code(
    request: Request, ctx: AnyCtx, body: Annotated[SharingCodeRequest, Body()]
) -> Response:
    """A clinician accepts a person's share code: the grant (who, scope, since)."""
    grant = clinic.accept_share(ctx, _signed_in_actor(request), code=body.code)
    return JSONResponse(grant.model_dump(mode="json"), status_code=201)


@api.post("/people/{person_id}/open")
def api_open_person(request: Request, ctx: AnyCtx, person_id: int) -> Response:
    actor = accounts.open_person(ctx, token=request.state.session_token, person_id=person_id)
    return JSONResponse({"actor": actor.model_dump(mode="json")})
