"""What routes receive: the application context — in shared mode signed in, CSRF-checked and
bound to the one person the request may see — and helpers to read a form into a request model
(the shape of the input only; the use case validates the meaning).

Each route says what it needs by the type of its context: `Ctx` (a person's diary), `SummaryCtx`
(a person's summaries and reports), `AnyCtx` (signed in, no person), `OpenCtx` (anyone). The
authorization matrix test (tests/web/test_authorization.py) walks the route table with every
kind of visitor, so a route that asks for too little shows up there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from pydantic import BaseModel, ValidationError

from magcoach.app.accounts import Actor
from magcoach.app.clinic import Need
from magcoach.app.context import Context
from magcoach.errors import MagcoachError
from magcoach.web.security import SAFE_METHODS


def app_context(request: Request) -> Context:
    """The app's own context, not bound to anyone (local mode: the one diary)."""
    ctx: Context = request.app.state.ctx
    return ctx


def visitor(request: Request) -> Actor | None:
    """Who is asking (shared mode), resolved once per request by `signed_in`; None in the
    local single-person mode."""
    actor: Actor | None = getattr(request.state, "actor", None)
    return actor


async def signed_in(request: Request) -> Context:
    """Shared mode: the session from its cookie (else Unauthenticated: pages send the
    browser to the log-in page), and for every state change the session's CSRF token, from
    the form's `csrf` field or the `X-CSRF-Token` header. Local mode: nothing to check."""
    from magcoach.app import accounts

    ctx = app_context(request)
    if not ctx.settings.shared:
        return ctx
    token = request.cookies.get(cookie_name(request))
    actor = await call(accounts.resolve_session, ctx, token)
    assert token is not None  # resolve_session refuses a missing token
    request.state.actor = actor
    request.state.session_token = token
    request.state.csrf = accounts.csrf_for(ctx, token)
    if request.method not in SAFE_METHODS:
        presented = request.headers.get("x-csrf-token")
        if presented is None and _is_form(request):
            field = (await request.form()).get("csrf")
            presented = field if isinstance(field, str) else None
        accounts.check_csrf(ctx, token, presented)
    return ctx


def _is_form(request: Request) -> bool:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    return kind in ("application/x-www-form-urlencoded", "multipart/form-data")


def cookie_name(request: Request) -> str:
    from magcoach.accounts.security import session_cookie

    return session_cookie(is_https(request))[0]


def is_https(request: Request) -> bool:
    url = request.app.state.ctx.settings.public_url
    return bool(url and url.startswith("https://"))


def _person_context(need_on_read: Need) -> Callable[..., Any]:
    """A dependency giving the context bound to the person this request is about: the local
    diary, or in shared mode the person the session has open, authorized for what the route
    does (`need_on_read` for GET, "write" for any change) and read-only unless owned."""

    async def dependency(request: Request, ctx: Annotated[Context, Depends(signed_in)]) -> Context:
        from magcoach.app import clinic

        actor = visitor(request)
        if actor is None:
            return ctx
        need: Need = need_on_read if request.method in SAFE_METHODS else "write"
        what = _what(request)
        person_id = await call(clinic.open_person_id, ctx, actor)
        ref = await call(clinic.authorized_person, ctx, actor, person_id, need, what=what)
        request.state.person = ref
        return ctx.for_person(ref.id, read_only=ref.access != "owner")

    return dependency


def _what(request: Request) -> str:
    """The access log's words for a look: the page, never its query (no personal data)."""
    return f"{request.method} {request.url.path}"[:200]


#: The diary of the person this request is about (see `_person_context`): read needs the
#: "full diary" scope, so a route that shows single entries uses this.
Ctx = Annotated[Context, Depends(_person_context("diary"))]
#: The same for pages a clinician with "summary and reports" may read (totals, trends,
#: the plan, the report).
SummaryCtx = Annotated[Context, Depends(_person_context("summary"))]
#: Signed in (shared mode), about no one in particular: foods, evidence, the account.
AnyCtx = Annotated[Context, Depends(signed_in)]
#: Only the person's own account (or the local diary), even to read: forms that change the
#: diary, the profile editor, "Your data".
OwnerCtx = Annotated[Context, Depends(_person_context("write"))]
#: No sign-in needed: the log-in and sign-up pages.
OpenCtx = Annotated[Context, Depends(app_context)]

M = TypeVar("M", bound=BaseModel)


class FormErrors(Exception):
    """A form that could not be read: messages by field name, shown beside each input."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def read_form(model: type[M], values: dict[str, Any]) -> M:
    """Blank boxes are 'not given'; a value of the wrong type is named beside its box."""
    given = {k: v for k, v in values.items() if not (isinstance(v, str) and not v.strip())}
    try:
        return model.model_validate(given)
    except ValidationError as exc:
        errors: dict[str, str] = {}
        for error in exc.errors():
            loc = error.get("loc", ())
            name = str(loc[0]) if loc else "form"
            errors.setdefault(name, _plain(str(error.get("msg", "not valid"))))
        raise FormErrors(errors) from None


def _plain(message: str) -> str:
    """Pydantic's wording, made plain for a form ("Input should be a valid number, unable to
    parse string as a number" -> "should be a number")."""
    lowered = message.lower()
    if "valid number" in lowered or "valid integer" in lowered:
        return "Please enter a number."
    if "valid date" in lowered:
        return "Please enter a date (YYYY-MM-DD)."
    if "valid boolean" in lowered:
        return "Please tick or untick the box."
    return message


def errors_of(exc: MagcoachError) -> tuple[dict[str, str], str | None]:
    """A use case's error as (field errors, form-level error)."""
    from magcoach.web.errors import page_hint

    hint = page_hint(exc)
    text = f"{exc.message} {hint}" if hint else exc.message
    if exc.field:
        return {exc.field: text}, None
    return {}, text


T = TypeVar("T")


async def call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a (blocking) use case off the event loop, for the async routes that read forms."""
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(fn, *args, **kwargs)
