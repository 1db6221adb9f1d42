"""`magcoach requirements | screen | evidence`: requirements, deficiency screening, sources.

Only typer, the standard library and magcoach.cli.* are imported at the top; the reference
data, pydantic models and the screening core load inside the commands.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from magcoach.cli.apps import PANEL_SCREEN, app
from magcoach.cli.common import JSON_OPTION, console, emit_json, settings, today

if TYPE_CHECKING:
    from magcoach.person import Person
    from magcoach.requirements import Requirements
    from magcoach.screening import Answers, Assessment

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


def _list_payload() -> dict[str, list[dict[str, Any]]]:
    from magcoach import reference

    return {
        "symptoms": [
            {
                "id": s.id,
                "text": s.text,
                "stage": s.stage,
                "weight": s.weight,
                "seek_care": s.seek_care,
            }
            for s in reference.symptoms().values()
        ],
        "risk_factors": [
            {"id": r.id, "text": r.text, "weight": r.weight, "in_mds": r.in_mds}
            for r in reference.risk_factors().values()
        ],
        "red_flags": [
            {
                "id": f.id,
                "text": f.text,
                "urgency": f.urgency,
                "group": f.group,
                "instruction": f.instruction,
            }
            for f in reference.red_flags().values()
        ],
        "conditions": [
            {"id": c.id, "text": c.name, "kind": c.kind} for c in reference.conditions().values()
        ],
        "too_much_magnesium": [
            {"id": t.id, "text": t.text, "severity": t.severity}
            for t in reference.too_much_magnesium_signs()
        ],
    }


def _print_list() -> None:
    from rich.table import Table

    out = console()
    for title, items in _list_payload().items():
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


def assessment_json(result: Assessment) -> dict[str, Any]:
    data = result.model_dump(mode="json")
    data["requirements"] = requirements_json(result.requirements)
    data["supplements_blocked"] = result.supplements_blocked
    return data


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
        if as_json:
            emit_json(_list_payload())
        else:
            _print_list()
        return

    from magcoach.errors import InvalidInput
    from magcoach.screening import assess, read_answers_file, split_answers

    cfg = settings()
    flags: dict[str, Any] = {
        "sex": sex,
        "pregnant": pregnant,
        "lactating": lactating,
        "region": region.strip().lower() if region else None,
        "egfr": egfr,
        "kidney_disease": kidney_disease,
        "medicines": medicine or None,
        "conditions": condition or None,
        "drinks_per_day": drinks_per_day,
        "symptoms": symptom or None,
        "risk_factors": risk_factor or None,
        "red_flags": red_flag or None,
        "serum_magnesium": serum,
        "serum_unit": serum_unit,
        "too_much_magnesium_signs": too_much or None,
    }
    if age is not None:
        from magcoach.requirements import parse_age

        flags["age"] = parse_age(age)
    given = {key: value for key, value in flags.items() if value is not None}

    from magcoach.screening import ANSWER_KEYS

    profile_flags = [key for key in given if key not in ANSWER_KEYS]
    if person_name is not None or (
        answers_file is None and not profile_flags and _diary_has_person()
    ):
        if profile_flags:
            raise InvalidInput(
                "For a diary person the profile comes from the diary, so "
                f"{', '.join('--' + k.replace('_', '-') for k in profile_flags)} cannot be "
                "given here.",
                hint="Change the profile with `magcoach person edit NAME ...`, or leave out "
                "--person to screen a one-off profile (nothing is saved then).",
            )
        _screen_diary_person(
            person_name,
            answers_file,
            {
                k: v
                for k, v in given.items()
                if k in ANSWER_KEYS and k != "too_much_magnesium_signs"
            },
            too_much or [],
            ask=ask,
            as_json=as_json,
        )
        return
    if answers_file is not None:
        data = {**read_answers_file(answers_file), **given}
        what = f"answers file {answers_file.name}" + (" and flags" if given else "")
        person, answers = split_answers(data, what=what, default_region=cfg.region, today=today())
    elif "age" in given and "sex" in given:
        person, answers = split_answers(
            given, what="answers", default_region=cfg.region, today=today()
        )
    elif ask or sys.stdin.isatty():
        person, answers = _questionnaire(cfg.region)
    else:
        raise InvalidInput(
            "No answers to screen: input is not a terminal, so magcoach cannot ask questions.",
            hint="Pass --answers FILE (TOML or JSON; see `magcoach screen --list`) or at least "
            "--age and --sex.",
        )
    result = assess(person, answers)
    if as_json:
        emit_json(assessment_json(result))
    else:
        render_assessment(result, person)


def _diary_has_person() -> bool:
    """Whether the diary holds at least one person (without creating a database)."""
    from magcoach.store import open_store
    from magcoach.store.service import list_people

    cfg = settings()
    url = cfg.database_url
    if url.startswith("sqlite") and "///" in url:
        path = url.split("///", 1)[1]
        if path in ("", ":memory:") or not Path(path).expanduser().is_file():
            return False
    store = open_store(cfg)
    try:
        with store.session() as session:
            return bool(list_people(session))
    finally:
        store.close()


def _file_answer_data(path: Path) -> tuple[dict[str, Any], list[str]]:
    """(answer keys, too-much-magnesium signs) of an answers file; its profile keys are
    ignored because a diary person's profile comes from the diary."""
    from magcoach.errors import BadFile
    from magcoach.reference.matching import suggestions
    from magcoach.screening import ANSWER_KEYS, PERSON_KEYS, read_answers_file

    raw = read_answers_file(path)
    allowed = (*PERSON_KEYS, *ANSWER_KEYS, "too_much_magnesium_signs", "person", "intake_mg")
    for key in raw:
        if key not in allowed:
            near = suggestions(str(key), allowed, score=60)
            raise BadFile(
                f"Unknown key '{key}' in answers file {path.name}.",
                hint=(f"Did you mean: {', '.join(near)}? " if near else "")
                + f"Answer keys: {', '.join(ANSWER_KEYS)}.",
            )
    signs = raw.get("too_much_magnesium_signs") or []
    if not isinstance(signs, list):
        raise BadFile(f"too_much_magnesium_signs in {path.name} must be a list of ids.")
    return {k: v for k, v in raw.items() if k in ANSWER_KEYS}, [str(x) for x in signs]


def _too_much_ids(values: list[str]) -> tuple[str, ...]:
    from magcoach.errors import InvalidInput
    from magcoach.reference import too_much_magnesium_signs
    from magcoach.reference.matching import suggestions

    known = {t.id: t for t in too_much_magnesium_signs()}
    out: list[str] = []
    for value in values:
        key = value.strip().lower().replace("-", "_").replace(" ", "_")
        if key not in known:
            near = suggestions(value, known, score=60)
            raise InvalidInput(
                f"Unknown sign of too much magnesium {value!r}.",
                hint=(f"Did you mean: {', '.join(near)}? " if near else "")
                + f"Known: {', '.join(known)}.",
            )
        if key not in out:
            out.append(key)
    return tuple(out)


def _screen_diary_person(
    name: str | None,
    answers_file: Path | None,
    answer_flags: dict[str, Any],
    too_much: list[str],
    *,
    ask: bool,
    as_json: bool,
) -> None:
    """Screen a diary person with their stored profile and save the answers."""
    from magcoach.cli.common import now
    from magcoach.errors import InvalidInput
    from magcoach.screening import Answers, assess
    from magcoach.store import open_store, service
    from magcoach.validation import parse_model

    store = open_store(settings())
    try:
        with store.session() as session:
            person_id, person = service.get_person(session, name, today())
            serums = [
                r for r in service.serum_results(session, person_id) if r.measured_on <= today()
            ]
            latest_serum = (
                (serums[-1].id, serums[-1].measured_on, serums[-1].mmol_per_l) if serums else None
            )

        data: dict[str, Any] = {}
        signs = list(too_much)
        if answers_file is not None:
            from_file, file_signs = _file_answer_data(answers_file)
            data.update(from_file)
            signs = file_signs + signs
        data.update(answer_flags)
        if not data and not signs:
            if ask or sys.stdin.isatty():
                _, asked = _questionnaire(
                    person.region, person=person, ask_serum=latest_serum is None
                )
                data = asked.model_dump(exclude_defaults=True)
            else:
                raise InvalidInput(
                    f"No answers to screen for {person.name}: input is not a terminal, so "
                    "magcoach cannot ask questions.",
                    hint="Pass --red-flag/--symptom/--risk-factor/--serum (ids from `magcoach "
                    "screen --list`; red flags not passed count as 'no'), or --ask.",
                )
        serum_note = None
        if "serum_magnesium" not in data and latest_serum is not None:
            serum_id, measured_on, mmol = latest_serum
            data["serum_magnesium"] = mmol
            data["serum_unit"] = "mmol/L"
            serum_note = f"Blood test: your result L{serum_id} of {measured_on} ({mmol:g} mmol/L)."
        excess = _too_much_ids([*data.get("too_much_magnesium_signs", []), *signs])
        if excess:  # the signs are answers too: the screening weighs them
            data["too_much_magnesium_signs"] = list(excess)
        answers = parse_model(Answers, data, what="answers")
        result = assess(person, answers)
        moment = now()
        with store.session() as session:
            row = service.save_screening(
                session, person_id, answers, at=moment, now=moment, level=str(result.level),
                urgency=str(result.red_flags.urgency), too_much_magnesium_signs=excess,
            )  # fmt: skip
            entry_id = f"Q{row.id}"
    finally:
        store.close()
    saved = f"Saved for {person.name}; `magcoach plan` will use these answers."
    if as_json:
        payload = assessment_json(result)
        payload["saved"] = {
            "person": person.name,
            "id": entry_id,
            "taken_at": moment.isoformat(),
            "too_much_magnesium_signs": list(excess),
        }
        emit_json(payload)
        return
    render_assessment(result, person)
    out = console()
    if serum_note:
        out.print(serum_note)
    if excess:
        out.print(
            "Signs of too much magnesium noted: "
            + ", ".join(excess)
            + ". Stop magnesium supplements and talk to your clinician: the plan will not "
            "suggest any."
        )
    out.print(f"[bold]{saved}[/] ({entry_id})")


def render_assessment(result: Assessment, person: Person) -> None:
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
    from rich.prompt import Prompt

    out = console()
    out.print(f"\n[bold]{title}[/]")
    for number, (_ident, text) in enumerate(items, start=1):
        out.print(f"  {number:>2}. {text}")
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


def _questionnaire(
    default_region: str, person: Person | None = None, *, ask_serum: bool = True
) -> tuple[Person, Answers]:
    """Ask the questions, red flags first. With a diary `person` the profile questions are
    skipped (it comes from the diary) and only the answers are asked."""
    from rich.markup import escape
    from rich.prompt import Confirm, Prompt

    from magcoach import reference
    from magcoach.errors import MagcoachError
    from magcoach.requirements import normalise_sex, parse_age
    from magcoach.screening import Answers, split_answers
    from magcoach.validation import parse_model

    out = console()
    out.print(
        "[bold]A few questions about your back pain and magnesium[/] (about two minutes).\n"
        "First, some signs that need a doctor rather than self-care. Answer y or n."
    )
    flags = reference.red_flags()
    data: dict[str, Any] = {"red_flags": []}
    for flag in flags.values():
        if flag.urgency == "emergency" and Confirm.ask(f"{flag.text}?", default=False, console=out):
            data["red_flags"].append(flag.id)
    if data["red_flags"] and person is not None:
        out.print("[bold red]Please go to an emergency department today.[/]")
        return person, parse_model(Answers, data, what="answers")
    if data["red_flags"]:
        out.print(
            "[bold red]Please go to an emergency department today.[/] Two quick questions so "
            "your summary is complete."
        )
    else:
        data["red_flags"] += _pick(
            "Do any of these apply to you?",
            [(f.id, f.text) for f in flags.values() if f.urgency == "urgent"],
        )

    def ask_value(question: str, convert: Any, default: str = "") -> Any:
        while True:
            raw = Prompt.ask(question, default=default, show_default=bool(default), console=out)
            if raw == "" and not default:
                return None
            try:
                return convert(raw)
            except MagcoachError as exc:
                out.print(f"[red]{escape(str(exc))}[/]")
            except ValueError:
                out.print(f"[red]{escape(repr(raw))} is not a number; try again.[/]")

    if person is not None:
        return person, parse_model(Answers, _ask_answers(data, ask_serum=ask_serum), what="answers")

    data["age"] = None
    while data["age"] is None:
        data["age"] = ask_value("Your age (years; '5m' for a baby)", parse_age)
    data["sex"] = normalise_sex(
        Prompt.ask("Sex (for the requirement tables)", choices=["female", "male"], console=out)
    )
    data["region"] = default_region
    if data["red_flags"] and any(flags[f].urgency == "emergency" for f in data["red_flags"]):
        return split_answers(data, what="answers", default_region=default_region)

    if data["sex"] == "female" and 10 <= data["age"] <= 60:
        data["pregnant"] = Confirm.ask("Are you pregnant?", default=False, console=out)
        if not data["pregnant"]:
            data["lactating"] = Confirm.ask("Are you breastfeeding?", default=False, console=out)

    def medicines(raw: str) -> list[str]:
        names = [n.strip() for n in raw.split(",") if n.strip()]
        reference.match_medicines(names, allow_unknown=True)
        return names

    data["medicines"] = (
        ask_value(
            "Medicines and supplements you take, separated by commas (Enter for none)", medicines
        )
        or []
    )
    data["egfr"] = ask_value("Your eGFR from a blood test, if you know it (Enter to skip)", float)
    data["drinks_per_day"] = ask_value("Alcoholic drinks on a typical day", float, "0")
    data["conditions"] = _pick(
        "Do you have any of these conditions?",
        [(c.id, c.name) for c in reference.conditions().values()],
    )
    data = _ask_answers(data)
    clean = {k: v for k, v in data.items() if v is not None}
    return split_answers(clean, what="answers", default_region=default_region)


def _ask_answers(data: dict[str, Any], *, ask_serum: bool = True) -> dict[str, Any]:
    """Ask about signs of too much magnesium, then the symptom, risk-factor and serum
    questions; add them to `data`."""
    from rich.prompt import Confirm, Prompt

    from magcoach import reference

    out = console()
    if Confirm.ask(
        "Do you take magnesium now: a supplement, or a laxative or antacid that contains it "
        "(such as milk of magnesia)?",
        default=False,
        console=out,
    ):
        data["too_much_magnesium_signs"] = _pick(
            "Have you noticed any of these lately?",
            [(t.id, t.text) for t in reference.too_much_magnesium_signs()],
        )
    data["symptoms"] = _pick(
        "Which of these have you noticed lately?",
        [(s.id, s.text) for s in reference.symptoms().values()],
    )
    derived = {
        "long_term_ppi",
        "diuretic_use",
        "heavy_drinking",
        "kidney_problems",
        "type2_diabetes",
        "gi_malabsorption",
        "older_age",
        "processed_diet",
        "other_magnesium_wasting_drug",
    }
    data["risk_factors"] = _pick(
        "And these?",
        [(r.id, r.text) for r in reference.risk_factors().values() if r.id not in derived],
    )
    serum = None
    while ask_serum:
        raw = Prompt.ask(
            "Serum magnesium from a blood test, if you have one (Enter to skip)",
            default="",
            show_default=False,
            console=out,
        )
        if not raw:
            break
        try:
            serum = float(raw)
            break
        except ValueError:
            out.print(f"[red]{raw!r} is not a number.[/]")
    if serum is not None:
        data["serum_magnesium"] = serum
        data["serum_unit"] = Prompt.ask(
            "Unit",
            choices=["mmol/L", "mg/dL"],
            default="mg/dL" if serum > 1.5 else "mmol/L",
            console=out,
        )
    return {k: v for k, v in data.items() if v is not None}


# --- evidence -------------------------------------------------------------------------------


@app.command("evidence", rich_help_panel=PANEL_SCREEN)
def evidence_command(
    topic: str | None = typer.Argument(
        None, help="Words to look for in the id, citation, finding or kind (e.g. cramps, mds)."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """The sources magcoach cites: what each found and how strong it is."""
    from magcoach import reference
    from magcoach.errors import NotFound

    items = list(reference.evidence().values())
    if topic:
        words = topic.casefold().split()
        items = [
            e
            for e in items
            if all(
                w in f"{e.id} {e.citation} {e.finding} {e.kind} {e.strength}".casefold()
                for w in words
            )
        ]
        if not items:
            raise NotFound(
                f"No evidence matches '{topic}'.",
                hint="Try a shorter word, e.g. cramps, back, mds, ppi, serum, topical.",
            )
    if as_json:
        emit_json([e.model_dump(mode="json") for e in items])
        return
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
