"""`magcoach requirements | screen | evidence`: requirements, deficiency screening, sources.

Only typer, the standard library and magcoach.cli.* are imported at the top; the reference
data, pydantic models and the screening core load inside the commands.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import typer

from magcoach.cli.apps import PANEL_SCREEN, app
from magcoach.cli.common import JSON_OPTION, app_context, console, emit_json, emit_view, settings
from magcoach.errors import InvalidInput

if TYPE_CHECKING:
    from magcoach.app import Context
    from magcoach.app.screen import QuestionView, ScreenRequest
    from magcoach.person import Person
    from magcoach.requirements import Requirements
    from magcoach.screening import Assessment

DISCLAIMER = "magcoach informs; it does not diagnose."


# --- requirements ---------------------------------------------------------------------------


def requirements_json(reqs: Requirements) -> dict[str, Any]:
    return {
        "rda_mg": reqs.rda_mg,
        "ear_mg": reqs.ear_mg,
        "supplemental_ul_mg": reqs.supplemental_ul_mg,
        "region": reqs.region,
        "life_stage": reqs.life_stage,
        "sources": list(reqs.sources),
        "is_ai": reqs.is_ai,
        "ul_note": reqs.ul_note,
        "note": reqs.note,
    }


@app.command("requirements", rich_help_panel=PANEL_SCREEN)
def requirements_command(
    age: str = typer.Option(..., "--age", help="Years (45, 2.5) or months for babies (5m)."),
    sex: str = typer.Option(..., "--sex", help="female or male."),
    pregnant: bool = typer.Option(False, "--pregnant", help="Currently pregnant."),
    lactating: bool = typer.Option(False, "--lactating", help="Currently breastfeeding."),
    region: str | None = typer.Option(
        None, "--region", help="us (IOM 1997) or eu (EFSA 2015); default from settings."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Daily magnesium need: RDA (or AI), EAR and the supplemental upper limit."""
    from magcoach.person import Person
    from magcoach.requirements import normalise_sex, parse_age, requirements
    from magcoach.validation import parse_model

    data = {
        "age": parse_age(age),
        "sex": normalise_sex(sex),
        "pregnant": pregnant,
        "lactating": lactating,
        "region": (region or settings().region).strip().lower(),
    }
    person = parse_model(Person, data, what="person")
    reqs = requirements(person)
    if as_json:
        emit_json(requirements_json(reqs))
        return
    out = console()
    kind = "AI (adequate intake)" if reqs.is_ai else "RDA"
    out.print(f"[bold]Magnesium for {reqs.life_stage}[/] (region {reqs.region.upper()})")
    out.print(f"  {kind}: [bold]{reqs.rda_mg:g} mg/day[/] from food, drinks and supplements")
    ear = f"{reqs.ear_mg:g} mg/day" if reqs.ear_mg is not None else "none set"
    out.print(f"  EAR (average requirement): {ear}")
    ul = (
        f"{reqs.supplemental_ul_mg:g} mg/day" if reqs.supplemental_ul_mg is not None else "none set"
    )
    out.print(f"  Upper limit for supplements and medicines: {ul}")
    out.print(f"  {reqs.ul_note}")
    if reqs.note:
        out.print(f"  Note: {reqs.note}")
    out.print(f"  Sources: {', '.join(reqs.sources)}")


# --- screen ---------------------------------------------------------------------------------


def _print_list() -> None:
    from rich.table import Table

    from magcoach.app.screen import screening_ids

    out = console()
    for title, items in screening_ids().model_dump().items():
        table = Table(title=title.replace("_", " ").capitalize(), title_justify="left")
        table.add_column("id")
        table.add_column("text")
        extra = "urgency" if title == "red_flags" else None
        if extra:
            table.add_column(extra)
        for item in items:
            row = [item["id"], item["text"]] + ([item[extra]] if extra else [])
            table.add_row(*row)
        out.print(table)


@app.command("screen", rich_help_panel=PANEL_SCREEN)
def screen(
    answers_file: Path | None = typer.Option(
        None, "--answers", help="Answers file (TOML or JSON) with Person fields and answers."
    ),
    age: str | None = typer.Option(None, "--age", help="Age in years (or '5m' for months)."),
    sex: str | None = typer.Option(None, "--sex", help="female or male."),
    pregnant: bool | None = typer.Option(None, "--pregnant/--not-pregnant", show_default=False),
    lactating: bool | None = typer.Option(None, "--lactating/--not-lactating", show_default=False),
    region: str | None = typer.Option(None, "--region", help="us or eu (default: settings)."),
    egfr: float | None = typer.Option(
        None, "--egfr", help="eGFR in mL/min/1.73 m² from a blood test."
    ),
    kidney_disease: bool | None = typer.Option(
        None, "--kidney-disease/--no-kidney-disease", show_default=False
    ),
    medicine: list[str] | None = typer.Option(
        None, "--medicine", help="A medicine you take (repeat for each)."
    ),
    condition: list[str] | None = typer.Option(
        None, "--condition", help="A condition id or name, e.g. crohns, t2d (repeatable)."
    ),
    drinks_per_day: float | None = typer.Option(
        None, "--drinks-per-day", help="Alcoholic drinks a day (1 drink = 14 g alcohol)."
    ),
    symptom: list[str] | None = typer.Option(None, "--symptom", help="Symptom id (repeatable)."),
    risk_factor: list[str] | None = typer.Option(
        None, "--risk-factor", help="Risk factor id (repeatable)."
    ),
    red_flag: list[str] | None = typer.Option(None, "--red-flag", help="Red flag id (repeatable)."),
    serum: float | None = typer.Option(None, "--serum", help="Serum magnesium value."),
    serum_unit: str | None = typer.Option(None, "--serum-unit", help="mmol/L (default) or mg/dL."),
    list_items: bool = typer.Option(
        False, "--list", help="List every symptom, risk factor and red flag id, then stop."
    ),
    too_much: list[str] | None = typer.Option(
        None,
        "--too-much-sign",
        help="A sign of too much magnesium you have now, e.g. diarrhoea or breathing_difficulty "
        "(repeatable; ids in `magcoach screen --list`).",
    ),
    person_name: str | None = typer.Option(
        None,
        "--person",
        "-p",
        help="Screen this diary person: profile from the diary, answers saved for the plan.",
    ),
    ask: bool = typer.Option(
        False, "--ask", help="Ask the questions even when input is not a terminal."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Could low magnesium be part of your back pain, and is anything urgent?

    Two ways to use it:

    * For a diary person (`--person NAME`, or plain `magcoach screen` when the diary has a
    person): the profile (age, sex, medicines, conditions, eGFR, drinks) comes from the
    diary; the answers come from the questions (in a terminal, or with --ask) or from
    --symptom/--risk-factor/--red-flag/--serum (and the answer keys of --answers FILE).
    Red flags you do not pass count as answered "no". Without --serum your latest
    `magcoach serum` result is used. The answers are SAVED for that person, and
    `magcoach plan` and `magcoach report` use the latest ones.

    * One-off (`--answers FILE` or `--age`/`--sex` and other profile flags, without
    --person): screens that profile and saves nothing.

    Run `magcoach screen --list` for the ids an answers file can use.
    """
    if list_items:
        from magcoach.app.screen import screening_ids

        if as_json:
            emit_view(screening_ids())
        else:
            _print_list()
        return

    from magcoach.app import screen as screening

    profile: dict[str, Any] = {
        "sex": sex,
        "pregnant": pregnant,
        "lactating": lactating,
        "region": region.strip().lower() if region else None,
        "egfr": egfr,
        "kidney_disease": kidney_disease,
        "medicines": medicine or None,
        "conditions": condition or None,
        "drinks_per_day": drinks_per_day,
    }
    if age is not None:
        from magcoach.requirements import parse_age

        profile["age"] = parse_age(age)
    answers: dict[str, Any] = {
        "symptoms": symptom or None,
        "risk_factors": risk_factor or None,
        "red_flags": red_flag or None,
        "serum_magnesium": serum,
        "serum_unit": serum_unit,
    }
    request = screening.ScreenRequest(
        person=person_name,
        profile={k: v for k, v in profile.items() if v is not None},
        answers={k: v for k, v in answers.items() if v is not None},
        too_much_magnesium_signs=too_much or [],
        answers_file=answers_file,
    )
    diary = False
    try:
        with app_context() as ctx:
            diary = screening.is_diary_screening(ctx, request)
            if (
                not request.answers
                and not request.too_much_magnesium_signs
                and (answers_file is None and (diary or not request.profile))
            ):
                if not (ask or sys.stdin.isatty()):
                    raise InvalidInput(_no_answers_message(diary), hint=_no_answers_hint(diary))
                request = _questionnaire(ctx, request, diary=diary)
            view = screening.screen(ctx, request)
    except InvalidInput as exc:
        if exc.field in request.profile and diary:
            exc.hint = (
                "Change the profile with `magcoach person edit NAME ...`, or leave out --person "
                "to screen a one-off profile (nothing is saved then)."
            )
        raise
    if as_json:
        emit_view(view)
        return
    render_assessment(view)
    out = console()
    if view.serum_note:
        out.print(view.serum_note)
    if view.too_much_magnesium_signs:
        out.print(
            "Signs of too much magnesium noted: "
            + ", ".join(view.too_much_magnesium_signs)
            + ". Stop magnesium supplements and talk to your clinician: the plan will not "
            "suggest any."
        )
    if view.saved is not None:
        out.print(
            f"[bold]Saved for {view.saved.person}; `magcoach plan` will use these answers.[/] "
            f"({view.saved.id})"
        )


def _no_answers_message(diary: bool) -> str:
    return (
        "No answers to screen: input is not a terminal, so magcoach cannot ask questions."
        if not diary
        else "No answers to screen for the diary person: input is not a terminal, so "
        "magcoach cannot ask questions."
    )


def _no_answers_hint(diary: bool) -> str:
    if diary:
        return (
            "Pass --red-flag/--symptom/--risk-factor/--serum (ids from `magcoach screen "
            "--list`; red flags not passed count as 'no'), or --ask."
        )
    return (
        "Pass --answers FILE (TOML or JSON; see `magcoach screen --list`) or at least --age "
        "and --sex."
    )


def render_assessment(result: Assessment, person: Person | None = None) -> None:
    from rich.markup import escape
    from rich.panel import Panel
    from rich.table import Table

    out = console()
    flags = result.red_flags
    if flags.urgency != "none":
        lines = [f"[bold]{escape(flags.message)}[/]", ""]
        shown: set[str] = set()
        for finding in flags.findings:
            lines.append(f"• [bold]{escape(finding.text)}[/] ({finding.urgency})")
            if finding.instruction not in shown:
                lines.append(f"  {escape(finding.instruction)}")
                shown.add(finding.instruction)
        if flags.note:
            lines += ["", escape(flags.note)]
        title = "EMERGENCY — act today" if flags.urgency == "emergency" else "See a doctor first"
        out.print(Panel("\n".join(lines), title=title, border_style="bold red", style="red"))

    colour = {"low": "green", "moderate": "yellow", "high": "red"}[result.level]
    if result.level_note:
        out.print(f"\nChance that low magnesium plays a part: {escape(result.level_note)}.")
    else:
        out.print(
            f"\nChance that low magnesium plays a part: [bold {colour}]{result.level.upper()}[/]"
        )
    for reason in result.reasons:
        out.print(f"  • {escape(reason)}")
    out.print(f"\n[bold]Next step:[/] {escape(result.next_step)}")
    for warning in result.seek_care:
        out.print(f"[bold]Please note:[/] {escape(warning)}")

    mds = result.mds
    table = Table(title=f"Magnesium Depletion Score: {mds.score} of 5", title_justify="left")
    table.add_column("Item")
    table.add_column("Points", justify="right")
    table.add_column("Why")
    for item in mds.items:
        table.add_row(item.id.replace("_", " "), str(item.points), escape(item.reason))
    if not mds.items:
        table.add_row("—", "0", "no diuretic, PPI, reduced kidney function or heavy drinking")
    out.print()
    out.print(table)
    out.print(escape(mds.meaning))
    for caveat in mds.caveats:
        out.print(f"  [dim]{escape(caveat)}[/]")

    score = result.symptom_score
    if score.symptoms or score.risk_factors:
        heur = Table(
            title=f"Symptoms and risk factors: {score.points} points", title_justify="left"
        )
        heur.add_column("Item")
        heur.add_column("Points", justify="right")
        heur.add_column("Why")
        for scored in (*score.symptoms, *score.risk_factors):
            why = scored.why + (f" — {scored.note}" if scored.note else "")
            heur.add_row(escape(scored.text), str(scored.points), escape(why))
        out.print()
        out.print(heur)
        out.print(f"[dim]{escape(score.method)}[/]")

    if result.serum:
        out.print(f"\n[bold]Blood test:[/] {escape(result.serum.text)}")
        out.print(f"  {escape(result.serum.caveat)}")
    else:
        out.print(
            "\n[bold]Blood test:[/] none given. A serum magnesium test helps, but a normal "
            "value does not rule out low body stores."
        )

    if result.interactions or any(not m.known for m in result.medicines):
        out.print("\n[bold]Your medicines and magnesium[/]")
        for note in result.interactions:
            out.print(
                f"  • [bold]{escape(note.medicine)}[/] ({escape(note.class_name)}): "
                f"{escape(note.effect)} {escape(note.timing_text)}"
            )
        for m in result.medicines:
            if not m.known:
                out.print(
                    f"  • {escape(m.name_as_typed)}: no magnesium interaction on "
                    "magcoach's list (ask your pharmacist if unsure)."
                )
    if result.supplement_cautions:
        out.print("\n[bold]Before any magnesium supplement[/]")
        for caution in result.supplement_cautions:
            mark = "[bold red]STOP[/] " if caution.hard_stop else ""
            out.print(f"  • {mark}{escape(caution.text)}")

    reqs = result.requirements
    ear = f", EAR {reqs.ear_mg:g}" if reqs.ear_mg is not None else ""
    ul = (
        f"; upper limit from supplements {reqs.supplemental_ul_mg:g} mg"
        if reqs.supplemental_ul_mg is not None
        else ""
    )
    out.print(
        f"\n[bold]Your need[/] ({escape(reqs.life_stage)}, {reqs.region.upper()}): "
        f"{'AI' if reqs.is_ai else 'RDA'} {reqs.rda_mg:g} mg/day{ear}{ul}."
    )
    out.print(f"\n[dim]{escape(result.pain_evidence)}[/]")
    out.print(f"[dim]Evidence: {', '.join(result.evidence)} (see `magcoach evidence`).[/]")
    out.print(f"\n[bold]{DISCLAIMER}[/]")


# --- the questionnaire ------------------------------------------------------------------------


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


def _questionnaire(ctx: Context, request: ScreenRequest, *, diary: bool) -> ScreenRequest:
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


# --- evidence -------------------------------------------------------------------------------


@app.command("evidence", rich_help_panel=PANEL_SCREEN)
def evidence_command(
    topic: str | None = typer.Argument(
        None, help="Words to look for in the id, citation, finding or kind (e.g. cramps, mds)."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """The sources magcoach cites: what each found and how strong it is."""
    from magcoach.app.screen import evidence

    view = evidence(topic)
    if as_json:
        emit_view(view)
        return
    items = [SimpleNamespace(**item) for item in view.items]
    from rich.markup import escape
    from rich.table import Table

    colours = {
        "strong": "green",
        "moderate": "cyan",
        "weak": "yellow",
        "negative": "red",
        "context": "dim",
    }
    table = Table(title=f"Evidence ({len(items)})", title_justify="left", show_lines=True)
    table.add_column("id", no_wrap=True)
    table.add_column("year")
    table.add_column("kind")
    table.add_column("strength")
    table.add_column("what it found")
    for e in items:
        table.add_row(
            e.id,
            str(e.year or ""),
            e.kind.replace("_", " "),
            f"[{colours[e.strength]}]{e.strength}[/]",
            escape(e.finding),
        )
    console().print(table)
