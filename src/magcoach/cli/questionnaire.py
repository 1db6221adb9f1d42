"""The screening questions in the terminal: `magcoach screen` asks them when nothing was
answered. The questions themselves are data (`magcoach.app.screen.questionnaire`), so a web form
asks the same ones in the same order; this module only prompts and reads the typed answers.

Only the standard library and magcoach.cli.* load at import time; rich prompts load on use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from magcoach.cli.common import console

if TYPE_CHECKING:
    from magcoach.app import Context
    from magcoach.app.screen import QuestionView, ScreenRequest


def _pick(title: str, items: list[tuple[str, str]]) -> list[str]:
    """Show a numbered list; return the ids of the numbers typed (Enter for none)."""
    from rich.markup import escape
    from rich.prompt import Prompt

    out = console()
    out.print(f"\n[bold]{escape(title)}[/]")
    for number, (_ident, text) in enumerate(items, start=1):
        out.print(f"  {number:>2}. {escape(text)}")
    while True:
        raw = Prompt.ask(
            "Numbers that apply (e.g. 1,3), or Enter for none",
            default="",
            show_default=False,
            console=out,
        )
        parts = [p for p in raw.replace(" ", ",").split(",") if p]
        try:
            chosen = [int(p) for p in parts]
        except ValueError:
            out.print("Please type numbers from the list, separated by commas.")
            continue
        if all(1 <= c <= len(items) for c in chosen):
            return [items[c - 1][0] for c in dict.fromkeys(chosen)]
        out.print(f"Please use numbers between 1 and {len(items)}.")


def ask_questions(ctx: Context, request: ScreenRequest, *, diary: bool) -> ScreenRequest:
    """Ask the questionnaire's sections in their order (red flags first) and return the
    request with the answers. A red flag ends the questions; a one-off screening then still
    asks what the summary needs (age, sex)."""
    from rich.markup import escape
    from rich.prompt import Confirm

    from magcoach.app import screen as screening

    out = console()
    out.print("[bold]A few questions about your back pain and magnesium[/] (about two minutes).")
    answers: dict[str, Any] = {"red_flags": []}
    if diary:
        answers["_stored_serum"] = screening.has_stored_serum(ctx, request.person)
    stopped = False
    for section in screening.questionnaire(diary_person=diary).sections:
        if stopped and not any(q.after_stop for q in section.questions):
            continue
        if not screening.section_applies(section, answers):
            continue
        chosen: list[str] = []
        if section.kind == "yes_no_each":
            out.print(escape(section.prompt) + " Answer y or n.")
            chosen = [
                o.id
                for o in section.options
                if Confirm.ask(f"{escape(o.text)}?", default=False, console=out)
            ]
        elif section.kind == "choose_many":
            chosen = _pick(section.prompt, [(o.id, o.text) for o in section.options])
        else:
            for question in section.questions:
                if (not stopped or question.after_stop) and screening.applies(question, answers):
                    answers[question.id] = _ask_question(question, answers)
        if section.answer:
            answers[section.answer] = [*answers.get(section.answer, []), *chosen]
        if screening.stops(section, chosen):
            stopped = True
            out.print(
                "[bold red]Please see a doctor: this sign needs a doctor rather than "
                "self-care.[/]"
                + ("" if diary else " Two quick questions so your summary is complete.")
            )
    return screening.with_answers(request, answers, diary=diary, stopped=stopped)


def _ask_question(question: QuestionView, answers: dict[str, Any]) -> Any:
    """Ask one question until the answer reads; Enter skips a question that is not required."""
    from rich.markup import escape
    from rich.prompt import Confirm, Prompt

    from magcoach.app.screen import default_for
    from magcoach.errors import MagcoachError

    out = console()
    if question.kind == "yes_no":
        return Confirm.ask(escape(question.text), default=False, console=out)
    if question.kind == "choice":
        return Prompt.ask(
            escape(question.text),
            choices=question.choices,
            default=default_for(question, answers),
            console=out,
        )
    default = default_for(question, answers) or ""
    prompt = question.text + ("" if question.required or default else " (Enter to skip)")
    while True:
        raw = Prompt.ask(escape(prompt), default=default, show_default=bool(default), console=out)
        if raw == "" and not question.required:
            return None
        try:
            return _convert(question.kind, raw)
        except MagcoachError as exc:
            out.print(f"[red]{escape(str(exc))}[/]")
        except ValueError:
            out.print(f"[red]{escape(repr(raw))} is not a number; try again.[/]")


def _convert(kind: str, raw: str) -> Any:
    from magcoach import reference
    from magcoach.requirements import parse_age

    if kind == "age":
        return parse_age(raw)
    if kind == "number":
        return float(raw)
    if kind == "list":
        names = [n.strip() for n in raw.split(",") if n.strip()]
        reference.match_medicines(names, allow_unknown=True)
        return names
    return raw
