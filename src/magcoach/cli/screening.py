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
from magcoach.cli.questionnaire import ask_questions
from magcoach.errors import InvalidInput

if TYPE_CHECKING:
    from rich.panel import Panel

    from magcoach.app.screen import ScreeningView, ScreenRequest
    from magcoach.heuristic import SymptomRiskScore
    from magcoach.mds import MagnesiumDepletionScore
    from magcoach.person import Person
    from magcoach.requirements import Requirements
    from magcoach.screening import Assessment, RedFlagResult

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


# The options of `magcoach screen`, named once so the command's signature stays readable.
_ANSWERS = typer.Option(
    None, "--answers", help="Answers file (TOML or JSON) with Person fields and answers."
)
_AGE = typer.Option(None, "--age", help="Age in years (or '5m' for months).")
_SEX = typer.Option(None, "--sex", help="female or male.")
_PREGNANT = typer.Option(None, "--pregnant/--not-pregnant", show_default=False)
_LACTATING = typer.Option(None, "--lactating/--not-lactating", show_default=False)
_REGION = typer.Option(None, "--region", help="us or eu (default: settings).")
_EGFR = typer.Option(None, "--egfr", help="eGFR in mL/min/1.73 m² from a blood test.")
_KIDNEY_DISEASE = typer.Option(None, "--kidney-disease/--no-kidney-disease", show_default=False)
_MEDICINE = typer.Option(None, "--medicine", help="A medicine you take (repeat for each).")
_CONDITION = typer.Option(
    None, "--condition", help="A condition id or name, e.g. crohns, t2d (repeatable)."
)
_DRINKS = typer.Option(
    None, "--drinks-per-day", help="Alcoholic drinks a day (1 drink = 14 g alcohol)."
)
_SYMPTOM = typer.Option(None, "--symptom", help="Symptom id (repeatable).")
_RISK_FACTOR = typer.Option(None, "--risk-factor", help="Risk factor id (repeatable).")
_RED_FLAG = typer.Option(None, "--red-flag", help="Red flag id (repeatable).")
_SERUM = typer.Option(None, "--serum", help="Serum magnesium value.")
_SERUM_UNIT = typer.Option(None, "--serum-unit", help="mmol/L (default) or mg/dL.")
_LIST = typer.Option(
    False, "--list", help="List every symptom, risk factor and red flag id, then stop."
)
_TOO_MUCH = typer.Option(
    None,
    "--too-much-sign",
    help="A sign of too much magnesium you have now, e.g. diarrhoea or breathing_difficulty "
    "(repeatable; ids in `magcoach screen --list`).",
)
_PERSON = typer.Option(
    None,
    "--person",
    "-p",
    help="Screen this diary person: profile from the diary, answers saved for the plan.",
)
_ASK = typer.Option(False, "--ask", help="Ask the questions even when input is not a terminal.")


@app.command("screen", rich_help_panel=PANEL_SCREEN)
def screen(
    answers_file: Path | None = _ANSWERS,
    age: str | None = _AGE,
    sex: str | None = _SEX,
    pregnant: bool | None = _PREGNANT,
    lactating: bool | None = _LACTATING,
    region: str | None = _REGION,
    egfr: float | None = _EGFR,
    kidney_disease: bool | None = _KIDNEY_DISEASE,
    medicine: list[str] | None = _MEDICINE,
    condition: list[str] | None = _CONDITION,
    drinks_per_day: float | None = _DRINKS,
    symptom: list[str] | None = _SYMPTOM,
    risk_factor: list[str] | None = _RISK_FACTOR,
    red_flag: list[str] | None = _RED_FLAG,
    serum: float | None = _SERUM,
    serum_unit: str | None = _SERUM_UNIT,
    list_items: bool = _LIST,
    too_much: list[str] | None = _TOO_MUCH,
    person_name: str | None = _PERSON,
    ask: bool = _ASK,
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
        _list_ids(as_json)
        return
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
        "age": _age(age),
    }
    answers: dict[str, Any] = {
        "symptoms": symptom or None,
        "risk_factors": risk_factor or None,
        "red_flags": red_flag or None,
        "serum_magnesium": serum,
        "serum_unit": serum_unit,
    }
    request = _request(person_name, answers_file, profile, answers, too_much)
    _run_screen(request, ask=ask, as_json=as_json)


def _list_ids(as_json: bool) -> None:
    from magcoach.app.screen import screening_ids

    if as_json:
        emit_view(screening_ids())
    else:
        _print_list()


def _age(text: str | None) -> float | None:
    if text is None:
        return None
    from magcoach.requirements import parse_age

    return parse_age(text)


def _request(
    person_name: str | None,
    answers_file: Path | None,
    profile: dict[str, Any],
    answers: dict[str, Any],
    too_much: list[str] | None,
) -> ScreenRequest:
    """The options given, as the screen use case's request (options not given are left out)."""
    from magcoach.app.screen import ScreenRequest

    return ScreenRequest(
        person=person_name,
        profile={k: v for k, v in profile.items() if v is not None},
        answers={k: v for k, v in answers.items() if v is not None},
        too_much_magnesium_signs=too_much or [],
        answers_file=answers_file,
    )


def _run_screen(request: ScreenRequest, *, ask: bool, as_json: bool) -> None:
    """Ask the questions when nothing was answered (in a terminal, or with --ask), screen, and
    print the result; a diary person's profile error points at `person edit`."""
    from magcoach.app import screen as screening

    diary = False
    try:
        with app_context() as ctx:
            diary = screening.is_diary_screening(ctx, request)
            if _nothing_answered(request, diary=diary):
                if not (ask or sys.stdin.isatty()):
                    raise InvalidInput(_no_answers_message(diary), hint=_no_answers_hint(diary))
                request = ask_questions(ctx, request, diary=diary)
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
    _print_after(view)


def _nothing_answered(request: ScreenRequest, *, diary: bool) -> bool:
    """No answers, no signs and no answers file — and for a one-off, no profile either."""
    return (
        not request.answers
        and not request.too_much_magnesium_signs
        and (request.answers_file is None and (diary or not request.profile))
    )


def _print_after(view: ScreeningView) -> None:
    """What the screening did beyond the assessment: the serum it used, the signs of too much
    magnesium it noted, the answers it saved."""
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
    out = console()
    if result.red_flags.urgency != "none":
        out.print(_red_flag_panel(result.red_flags))
    _print_level(result)
    _print_mds(result.mds)
    _print_symptom_score(result.symptom_score)
    _print_serum(result)
    _print_medicines(result)
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


def escape(text: str) -> str:
    """Text from the data and the person, shown as typed (never read as rich markup)."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def _red_flag_panel(flags: RedFlagResult) -> Panel:
    """Red flags first, in red: each finding, each instruction once."""
    from rich.panel import Panel

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
    return Panel("\n".join(lines), title=title, border_style="bold red", style="red")


def _print_level(result: Assessment) -> None:
    out = console()
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


def _print_mds(mds: MagnesiumDepletionScore) -> None:
    from rich.table import Table

    out = console()
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


def _print_symptom_score(score: SymptomRiskScore) -> None:
    from rich.table import Table

    if not (score.symptoms or score.risk_factors):
        return
    out = console()
    heur = Table(title=f"Symptoms and risk factors: {score.points} points", title_justify="left")
    heur.add_column("Item")
    heur.add_column("Points", justify="right")
    heur.add_column("Why")
    for scored in (*score.symptoms, *score.risk_factors):
        why = scored.why + (f" — {scored.note}" if scored.note else "")
        heur.add_row(escape(scored.text), str(scored.points), escape(why))
    out.print()
    out.print(heur)
    out.print(f"[dim]{escape(score.method)}[/]")


def _print_serum(result: Assessment) -> None:
    out = console()
    if result.serum:
        out.print(f"\n[bold]Blood test:[/] {escape(result.serum.text)}")
        out.print(f"  {escape(result.serum.caveat)}")
    else:
        out.print(
            "\n[bold]Blood test:[/] none given. A serum magnesium test helps, but a normal "
            "value does not rule out low body stores."
        )


def _print_medicines(result: Assessment) -> None:
    """Interactions with the person's medicines, unknown medicines, and supplement cautions."""
    out = console()
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
