"""Every failure answered in one shape: JSON `{"error", "field", "message"}` under /api, a short
page with the message elsewhere. Bad input is a 4xx, never a 500, never a traceback."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from magcoach.errors import MagcoachError, NotFound

log = logging.getLogger("magcoach.web")

STATUS_FOR_CODE = {
    "invalid_input": 400,
    "bad_file": 400,
    "cancelled": 400,
    "not_found": 404,
    "conflict": 409,
    "setup": 503,
    "busy": 503,  # the diary is locked by another writer for longer than the busy timeout
    "unauthenticated": 401,
    "forbidden": 403,
    "rate_limited": 429,
    "unavailable": 503,  # the database server cannot be reached just now (restart, dropped link)
}

HTTP_CODES = {
    400: "invalid_input",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
}


def status_for(exc: MagcoachError) -> int:
    return STATUS_FOR_CODE.get(exc.code, 400)


def error_body(code: str, field: str | None, message: str) -> dict[str, Any]:
    return {"error": code, "field": field, "message": message}


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api")


def is_no_person(exc: MagcoachError) -> bool:
    """The diary has nobody in it yet: pages send the person to the first-run form."""
    from magcoach.app.people import NO_PERSON

    return isinstance(exc, NotFound) and (exc.field == "person" or exc.message == NO_PERSON)


def home_without_person(request: Request) -> str:
    """Where a page that needs a person sends an account that has none open: a clinician to
    their patients, an admin to the admin page, anyone else to the first-run form."""
    actor = getattr(request.state, "actor", None)
    if actor is not None and actor.is_clinician:
        return "/clinic"
    if actor is not None and actor.is_admin:
        return "/admin"
    return "/welcome"


def is_not_shared(request: Request, exc: MagcoachError) -> bool:
    """A clinician asked for a page their share does not cover (or no longer does)."""
    from magcoach.app.clinic import NO_ACCESS

    actor = getattr(request.state, "actor", None)
    return (
        exc.code == "forbidden"
        and exc.message == NO_ACCESS
        and actor is not None
        and actor.is_clinician
        and request.method in ("GET", "HEAD")
    )


def page_hint(exc: MagcoachError) -> str | None:
    """The hint, unless it is worded for the command line (a flag or a command to type)."""
    hint = exc.hint
    if hint is None or "magcoach " in hint or " --" in hint or hint.startswith("--"):
        return None
    return hint


def _validation_field(errors: list[Any]) -> tuple[str | None, str]:
    if not errors:
        return None, "The request is not valid."
    first = errors[0]
    loc = [str(part) for part in first.get("loc", ()) if part not in ("body", "query", "path")]
    field = loc[-1] if loc else None
    message = str(first.get("msg", "not valid"))
    if field:
        message = f"{field}: {message}"
    return field, message


def install_error_handlers(app: FastAPI) -> None:
    from magcoach.web.render import render_error

    @app.exception_handler(MagcoachError)
    async def on_magcoach_error(request: Request, exc: MagcoachError) -> Response:
        if wants_json(request):
            return JSONResponse(error_body(exc.code, exc.field, exc.message), status_for(exc))
        if is_no_person(exc):
            return RedirectResponse(home_without_person(request), status_code=303)
        if is_not_shared(request, exc):
            from magcoach.web.render import render

            return render(request, "not_shared.html", status_code=403, message=exc.message)
        if exc.code == "unauthenticated" and request.url.path not in ("/login", "/signup"):
            return RedirectResponse("/login", status_code=303)
        return render_error(request, status_for(exc), exc.message, page_hint(exc))

    @app.exception_handler(RequestValidationError)
    async def on_validation_error(request: Request, exc: RequestValidationError) -> Response:
        field, message = _validation_field(list(exc.errors()))
        if wants_json(request):
            return JSONResponse(error_body("invalid_input", field, message), 400)
        return render_error(request, 400, message, None)

    @app.exception_handler(HTTPException)
    async def on_http_error(request: Request, exc: HTTPException) -> Response:
        code = HTTP_CODES.get(exc.status_code, "error")
        message = str(exc.detail) if exc.detail else "That request could not be answered."
        if exc.status_code == 404 and message == "Not Found":
            message = "There is no such page in magcoach."
        if exc.status_code == 405:
            message = "That address does not accept this kind of request."
        if wants_json(request):
            return JSONResponse(
                error_body(code, None, message), exc.status_code, headers=exc.headers
            )
        return render_error(request, exc.status_code, message, None)

    @app.exception_handler(Exception)
    async def on_unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        message = (
            "Something went wrong inside magcoach. Nothing from this request was saved; "
            "the details are in the terminal where magcoach serve runs."
        )
        if wants_json(request):
            return JSONResponse(error_body("internal", None, message), 500)
        return render_error(request, 500, message, None)
