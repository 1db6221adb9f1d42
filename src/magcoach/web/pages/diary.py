"""The Today page's forms: each reads its boxes, calls one diary use case, and goes back to the
day with a one-time message (post, redirect, get). A refused entry re-shows the day with the
message beside the box it concerns and what was typed still in it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from magcoach.app import diary
from magcoach.app.diary import CheckinInput, EntryFix, PainInput, SupplementProductInput
from magcoach.errors import MagcoachError
from magcoach.web.deps import Ctx, FormErrors, call, errors_of, read_form
from magcoach.web.flash import FlashMessage
from magcoach.web.pages.daily import today_page_response

router = APIRouter()


class _FoodForm(BaseModel):
    """The food form's number boxes (the shape only; the use case checks the values)."""

    pick: int | None = None
    grams: float | None = None


class _DoseForm(BaseModel):
    units: float = 1.0


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: v.strip() for k, v in form.items() if isinstance(v, str)}


def _day(values: dict[str, str]) -> date | None:
    try:
        return date.fromisoformat(values.get("date", ""))
    except ValueError:
        return None


def _at(values: dict[str, str]) -> str | None:
    """The moment from the page's day and the time box ("2026-06-14 19:00"); the use case
    reads it (a day alone means noon, nothing means now)."""
    text = " ".join(part for part in (values.get("date", ""), values.get("time", "")) if part)
    return text or None


def _optional(values: dict[str, str], name: str) -> str | None:
    return values.get(name) or None


def _back(request: Request, on: date | None, *messages: FlashMessage, anchor: str = "") -> Response:
    token = request.app.state.flash.put(request, *messages)
    where = f"/today?date={on}&note={token}" if on else f"/today?note={token}"
    return RedirectResponse(where + anchor, status_code=303)


async def _handle(
    request: Request,
    ctx: Any,
    values: dict[str, str],
    action: Callable[[], list[FlashMessage]],
    anchor: str,
) -> Response:
    """Run the use case; on a refusal show the day again with the error beside its box."""
    on = _day(values)
    try:
        messages = await call(action)
    except FormErrors as exc:
        return await call(
            today_page_response,
            request,
            ctx,
            on,
            errors=exc.errors,
            values=values,
            status_code=400,
        )
    except MagcoachError as exc:
        errors, error = errors_of(exc)
        return await call(
            today_page_response,
            request,
            ctx,
            on,
            errors=errors,
            values=values,
            form_error=error,
            status_code=400,
        )
    return _back(request, on, *messages, anchor=anchor)


def _number(values: dict[str, str], name: str) -> str | None:
    return values.get(name) or None


@router.post("/today/food", response_class=HTMLResponse)
async def log_food(request: Request, ctx: Ctx) -> Response:
    values = await _form(request)

    def action() -> list[FlashMessage]:
        fields = read_form(_FoodForm, {"pick": values.get("pick"), "grams": values.get("grams")})
        meal = diary.log_food(
            ctx, values.get("text", ""), at=_at(values), pick=fields.pick, grams=fields.grams
        )
        messages = []
        for entry in meal.entries:  # one entry per food the line names
            mg = (
                "magnesium unknown"
                if entry.magnesium_mg is None
                else f"{entry.magnesium_mg:.0f} mg"
            )
            messages.append(
                FlashMessage(
                    f"Logged {entry.text}: {entry.grams:g} g of {entry.food.description}, {mg}.",
                    logged=entry,
                )
            )
            if entry.confidence != "high":
                note = " ".join(entry.notes)
                sure = f"The match for {entry.text!r} is {entry.confidence}: check it."
                messages.append(FlashMessage(f"{sure} {note}".strip(), level="caution"))
        return messages

    return await _handle(request, ctx, values, action, "#log-food")


@router.post("/today/pain", response_class=HTMLResponse)
async def log_pain(request: Request, ctx: Ctx) -> Response:
    values = await _form(request)

    def action() -> list[FlashMessage]:
        if not values.get("score"):
            raise FormErrors({"score": "Choose how bad the pain is, 0 to 10."})
        entry = read_form(
            PainInput,
            {
                "score": values.get("score"),
                "activity": _number(values, "activity"),
                "sleep": _number(values, "sleep"),
                "where": _optional(values, "where"),
                "note": _optional(values, "pain_note"),
                "at": _at(values),
            },
        )
        view = diary.log_pain(ctx, entry)
        return [FlashMessage(f"Pain {view.pain:g}/10 noted at {view.at:%H:%M}.")]

    return await _handle(request, ctx, values, action, "#pain")


@router.post("/today/symptoms", response_class=HTMLResponse)
async def log_symptoms(request: Request, ctx: Ctx) -> Response:
    values = await _form(request)

    def action() -> list[FlashMessage]:
        entry = read_form(
            CheckinInput,
            {
                **{k: _number(values, k) for k in CHECKIN_SCORES},
                "note": _optional(values, "symptom_note"),
                "at": _at(values),
            },
        )
        view = diary.log_symptoms(ctx, entry)
        return [FlashMessage(f"Symptoms noted at {view.at:%H:%M}.")]

    return await _handle(request, ctx, values, action, "#symptoms")


CHECKIN_SCORES = ("cramps", "spasms", "twitches", "sleep_quality", "fatigue")


@router.post("/today/event", response_class=HTMLResponse)
async def log_event(request: Request, ctx: Ctx) -> Response:
    values = await _form(request)

    def action() -> list[FlashMessage]:
        view = diary.log_event(
            ctx, values.get("event", ""), kind=values.get("kind") or "note", at=_at(values)
        )
        return [FlashMessage(f"Noted: {view.text}.")]

    return await _handle(request, ctx, values, action, "#events")


@router.post("/today/supplement", response_class=HTMLResponse)
async def take_supplement(request: Request, ctx: Ctx) -> Response:
    values = await _form(request)

    def action() -> list[FlashMessage]:
        fields = read_form(_DoseForm, {"units": values.get("units") or "1"})
        view = diary.take_supplement(
            ctx, values.get("product", ""), units=fields.units, at=_at(values)
        )
        messages = [
            FlashMessage(
                f"Took {view.units:g} × {view.product}: {view.elemental_mg:.0f} mg magnesium. "
                f"Supplements that day: {view.supplement_mg_that_day:.0f} mg"
                + (
                    f" of an upper limit of {view.supplemental_ul_mg:.0f} mg."
                    if view.supplemental_ul_mg
                    else "."
                )
            )
        ]
        messages += [FlashMessage(w, level="urgent") for w in view.warnings]
        return messages

    return await _handle(request, ctx, values, action, "#supplements")


@router.post("/supplements/new", response_class=HTMLResponse)
async def add_supplement(request: Request, ctx: Ctx) -> Response:
    values = await _form(request)

    def action() -> list[FlashMessage]:
        product = read_form(
            SupplementProductInput,
            {
                "name": values.get("product_name", ""),
                "form": _optional(values, "form"),
                "elemental_mg": _optional(values, "elemental_mg"),
                "salt_mg": _optional(values, "salt_mg"),
                "unit": values.get("unit") or "capsule",
            },
        )
        view = diary.add_supplement(ctx, product)
        return [FlashMessage(f"Added {view.name}: {view.explanation}.")]

    return await _handle(request, ctx, values, action, "#supplements")


@router.post("/entries/{entry_id}/delete", response_class=HTMLResponse)
async def delete_entry(request: Request, ctx: Ctx, entry_id: str) -> Response:
    values = await _form(request)

    def action() -> list[FlashMessage]:
        view = diary.delete_entry(ctx, entry_id)
        return [FlashMessage(f"Deleted {view.id}.", undo=True)]

    return await _handle(request, ctx, values, action, "#entries")


@router.post("/undo", response_class=HTMLResponse)
async def undo(request: Request, ctx: Ctx) -> Response:
    values = await _form(request)

    def action() -> list[FlashMessage]:
        view = diary.undo_delete(ctx)
        return [FlashMessage(f"Brought back {view.id}.")]

    return await _handle(request, ctx, values, action, "#entries")


@router.post("/entries/{entry_id}/fix", response_class=HTMLResponse)
async def fix_entry(request: Request, ctx: Ctx, entry_id: str) -> Response:
    """Correct an entry: pick another food, change grams, text, time, scores or units."""
    values = await _form(request)

    def action() -> list[FlashMessage]:
        fix = read_form(
            EntryFix,
            {
                "pick": _number(values, "pick"),
                "grams": _number(values, "grams"),
                "text": _optional(values, "text"),
                "at": _at(values) if values.get("time") else None,
                "pain": _number(values, "pain"),
                "units": _number(values, "units"),
            },
        )
        view = diary.fix_entry(ctx, entry_id, fix)
        food = f" now {view.food}, {view.grams:g} g" if view.food and view.grams else ""
        mg = f", {view.magnesium_mg:.0f} mg" if view.magnesium_mg is not None else ""
        return [FlashMessage(f"Changed {view.id}:{food}{mg}.")]

    return await _handle(request, ctx, values, action, "#entries")
