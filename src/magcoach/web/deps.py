"""What routes receive: the application context, and helpers to read a form into a request
model (the shape of the input only; the use case validates the meaning)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from pydantic import BaseModel, ValidationError

from magcoach.app.context import Context
from magcoach.errors import MagcoachError


def _context(request: Request) -> Context:
    ctx: Context = request.app.state.ctx
    return ctx


Ctx = Annotated[Context, Depends(_context)]

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
