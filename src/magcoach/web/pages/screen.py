"""Screening: red flags first, on their own page; a red flag (emergency or urgent) takes over
and ends the questions. Then symptoms, risk factors, signs of too much magnesium and a serum
value, in the order of the questionnaire data the terminal walks too."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from magcoach.app import people, screen
from magcoach.app.screen import QuestionView, ScreenRequest, SectionView
from magcoach.errors import MagcoachError
from magcoach.web.deps import Ctx, FormErrors, OwnerCtx, call, errors_of
from magcoach.web.flash import FlashMessage
from magcoach.web.render import render

router = APIRouter()


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
    token = request.app.state.flash.put(request, FlashMessage("Screening saved.", view=view))
    return RedirectResponse(f"/screen/result?note={token}", status_code=303)


@router.get("/screen", response_class=HTMLResponse)
def red_flags_page(request: Request, ctx: OwnerCtx) -> HTMLResponse:
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
            stopped = screen.with_answers(
                ScreenRequest(), {"red_flags": flags}, diary=True, stopped=True
            )
            view = await call(screen.screen, ctx, stopped)
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
def questions_page(request: Request, ctx: OwnerCtx) -> HTMLResponse:
    return _questions_page(request, ctx)


@router.post("/screen/questions", response_class=HTMLResponse)
async def questions_submit(request: Request, ctx: Ctx) -> Response:
    """The answers collected section by section in the questionnaire's order, as the terminal
    collects them: a section whose condition does not hold is left out."""
    form = await request.form()
    stored_serum = await call(screen.has_stored_serum, ctx, None)
    answers: dict[str, Any] = {"red_flags": [], "_stored_serum": stored_serum}
    ticked: dict[str, list[str]] = {}
    try:
        for section in _other_sections():
            if not screen.section_applies(section, answers):
                continue
            chosen = _chosen(section, form)
            ticked[section.id] = chosen
            for question in section.questions:
                if screen.applies(question, answers):
                    answers[question.id] = _answer(question, form.get(question.id), answers)
            if section.answer:
                answers[section.answer] = [*answers.get(section.answer, []), *chosen]
        screening = screen.with_answers(ScreenRequest(), answers, diary=True, stopped=False)
        view = await call(screen.screen, ctx, screening)
    except FormErrors as exc:
        errors, error = exc.errors, None
    except MagcoachError as exc:
        errors, error = errors_of(exc)
    else:
        return _show_result(request, view)
    values = {k: v for k, v in form.items() if isinstance(v, str)}
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


def _answer(question: QuestionView, raw: object, answers: dict[str, Any]) -> Any:
    """A form box's text as the questionnaire's kind of answer (blank: not answered)."""
    text = raw.strip() if isinstance(raw, str) else ""
    if question.kind == "yes_no":
        return text == "yes"
    if question.kind == "number":
        if not text:
            return None
        try:
            return float(text)
        except ValueError:
            raise FormErrors({question.id: "Please enter a number."}) from None
    if question.kind == "choice" and not text:
        return screen.default_for(question, answers)
    return text or None


@router.get("/screen/result", response_class=HTMLResponse)
def result_page(
    request: Request, ctx: OwnerCtx, note: Annotated[str | None, Query(max_length=40)] = None
) -> Response:
    shown = [m.view for m in request.app.state.flash.peek(request, note) if m.view is not None]
    if not shown:  # an unknown or forgotten result: start again
        return RedirectResponse("/screen", status_code=303)
    return render(request, "screen_result.html", result=shown[0])
