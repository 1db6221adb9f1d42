"""Screening: red flags first, on their own page; a red flag (emergency or urgent) takes over
and ends the questions. Then symptoms, risk factors, signs of too much magnesium and a serum
value, in the order of the questionnaire data the terminal walks too."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from magcoach.app import people, screen
from magcoach.app.screen import ScreenRequest, SectionView
from magcoach.errors import MagcoachError
from magcoach.web.deps import Ctx, call, errors_of
from magcoach.web.flash import FlashMessage
from magcoach.web.render import render

router = APIRouter()

#: The questionnaire's answer that is a field of the request, not of the answers.
SIGNS_ANSWER = "too_much_magnesium_signs"


def _stop_sections() -> list[SectionView]:
    return [s for s in screen.questionnaire(diary_person=True).sections if s.stop_on_yes]


def _other_sections() -> list[SectionView]:
    return [s for s in screen.questionnaire(diary_person=True).sections if not s.stop_on_yes]


def _chosen(section: SectionView, form: FormData) -> list[str]:
    """The ids a section's boxes chose: a "yes" for each in yes_no_each, the ticks otherwise."""
    if section.kind == "yes_no_each":
        return [o.id for o in section.options if form.get(f"{section.id}:{o.id}") == "yes"]
    ticked = set(form.getlist(section.id))
    return [o.id for o in section.options if o.id in ticked]


def _unanswered(section: SectionView, form: FormData) -> list[str]:
    if section.kind != "yes_no_each":
        return []
    return [
        o.text for o in section.options if form.get(f"{section.id}:{o.id}") not in ("yes", "no")
    ]


def _show_result(request: Request, view: Any) -> Response:
    token = request.app.state.flash.put(FlashMessage("Screening saved.", view=view))
    return RedirectResponse(f"/screen/result?note={token}", status_code=303)


@router.get("/screen", response_class=HTMLResponse)
def red_flags_page(request: Request, ctx: Ctx) -> HTMLResponse:
    person = people.show_person(ctx)
    return render(
        request,
        "screen_flags.html",
        person=person,
        sections=_stop_sections(),
        answered={},
        form_error=None,
    )


@router.post("/screen", response_class=HTMLResponse)
async def red_flags_submit(request: Request, ctx: Ctx) -> Response:
    """Any red flag ends the questionnaire and shows what to do; none goes on to the rest."""
    form = await request.form()
    sections = _stop_sections()
    flags = [flag for s in sections for flag in _chosen(s, form)]
    if any(screen.stops(s, _chosen(s, form)) for s in sections):
        try:
            view = await call(
                screen.screen,
                ctx,
                ScreenRequest(answers={"red_flags": flags}, stopped_early=True),
            )
        except MagcoachError as exc:
            return await _flags_again(request, ctx, form, errors_of(exc)[1] or exc.message)
        return _show_result(request, view)
    missing = [text for s in sections for text in _unanswered(s, form)]
    if missing:
        return await _flags_again(
            request, ctx, form, "Please answer each sign with yes or no: " + "; ".join(missing)
        )
    return RedirectResponse("/screen/questions", status_code=303)


async def _flags_again(request: Request, ctx: Any, form: FormData, error: str) -> Response:
    person = await call(people.show_person, ctx)
    answered = {k: v for k, v in form.items() if isinstance(v, str)}
    return render(
        request,
        "screen_flags.html",
        status_code=400,
        person=person,
        sections=_stop_sections(),
        answered=answered,
        form_error=error,
    )


def _questions_page(
    request: Request,
    ctx: Any,
    *,
    errors: dict[str, str] | None = None,
    form_error: str | None = None,
    ticked: dict[str, list[str]] | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    person = people.show_person(ctx)
    known = {"_stored_serum": screen.has_stored_serum(ctx, None)}
    sections = _other_sections()
    asked = {q.id for s in sections for q in s.questions if screen.applies(q, known)}
    # The unit is asked beside the value (a form cannot wait for the value to be typed).
    if "serum_magnesium" in asked:
        asked.add("serum_unit")
    return render(
        request,
        "screen_questions.html",
        status_code=status_code,
        person=person,
        sections=sections,
        asked=asked,
        errors=errors or {},
        form_error=form_error,
        ticked=ticked or {},
        values=values or {},
    )


@router.get("/screen/questions", response_class=HTMLResponse)
def questions_page(request: Request, ctx: Ctx) -> HTMLResponse:
    return _questions_page(request, ctx)


@router.post("/screen/questions", response_class=HTMLResponse)
async def questions_submit(request: Request, ctx: Ctx) -> Response:
    form = await request.form()
    answers: dict[str, Any] = {"red_flags": []}
    signs: list[str] = []
    ticked: dict[str, list[str]] = {}
    for section in _other_sections():
        chosen = _chosen(section, form)
        ticked[section.id] = chosen
        if section.answer == SIGNS_ANSWER:
            signs = chosen
        elif section.answer:
            answers[section.answer] = chosen
    values = {k: v.strip() for k, v in form.items() if isinstance(v, str) and k.startswith("serum")}
    if values.get("serum_magnesium"):
        answers["serum_magnesium"] = values["serum_magnesium"]
        unit = values.get("serum_unit") or screen.default_for(
            _question("serum_unit"), {"serum_magnesium": _number(values["serum_magnesium"])}
        )
        answers["serum_unit"] = unit
    try:
        view = await call(
            screen.screen,
            ctx,
            ScreenRequest(answers=answers, too_much_magnesium_signs=signs),
        )
    except MagcoachError as exc:
        errors, error = errors_of(exc)
        if not errors and "serum" in exc.message:
            errors = {"serum_magnesium": exc.message}
        return await call(
            _questions_page,
            request,
            ctx,
            errors=errors,
            form_error=error,
            ticked=ticked,
            values=values,
            status_code=400,
        )
    return _show_result(request, view)


def _question(question_id: str) -> Any:
    for section in _other_sections():
        for question in section.questions:
            if question.id == question_id:
                return question
    raise KeyError(question_id)


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return 0.0


@router.get("/screen/result", response_class=HTMLResponse)
def result_page(
    request: Request, note: Annotated[str | None, Query(max_length=40)] = None
) -> Response:
    shown = [m.view for m in request.app.state.flash.peek(note) if m.view is not None]
    if not shown:  # an unknown or forgotten result: start again
        return RedirectResponse("/screen", status_code=303)
    return render(request, "screen_result.html", result=shown[0])
