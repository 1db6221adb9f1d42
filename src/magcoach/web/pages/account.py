"""Shared mode: log in, sign up (with an invitation code, or openly when the clinic allows),
log out, and open one of the people this account may see. The /api twins take and give JSON.

The session cookie is HttpOnly, SameSite=Lax, and over HTTPS Secure with the `__Host-` prefix
(accounts.security.session_cookie). Log-in and sign-up carry no CSRF token (there is no
session yet); the security middleware refuses them from other sites by their Origin.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict

from magcoach.app import accounts, clinic
from magcoach.app.accounts import LoginView
from magcoach.errors import InvalidInput, MagcoachError
from magcoach.web.deps import AnyCtx, OpenCtx, call, errors_of, is_https, visitor
from magcoach.web.render import render

router = APIRouter()
api = APIRouter(prefix="/api", tags=["api"])


def _client_address(request: Request) -> str:
    """The address the log-in limit counts per: the proxy's X-Forwarded-For when the clinic
    runs magcoach behind one (its first hop is the browser), else the peer's."""
    forwarded = request.headers.get("x-forwarded-for", "").split(",")[0].strip()
    peer = request.client.host if request.client else "unknown"
    return (forwarded or peer)[:64]


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


@api.post("/people/{person_id}/open")
def api_open_person(request: Request, ctx: AnyCtx, person_id: int) -> Response:
    actor = accounts.open_person(ctx, token=request.state.session_token, person_id=person_id)
    return JSONResponse({"actor": actor.model_dump(mode="json")})
