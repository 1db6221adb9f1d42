"""The people commands: `magcoach person add/list/show/edit/use`. A thin shell over
`magcoach.store.service`; heavy modules are imported inside the commands."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import typer

from magcoach.cli._diary_common import _esc, _session
from magcoach.cli.apps import person_app
from magcoach.cli.common import JSON_OPTION, console, emit_json, now, settings, today

if TYPE_CHECKING:
    from magcoach.person import Person


def _person_data(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


MEDICINE_OPTION = typer.Option(
    None, "--medicine", "--medicines", help="A medicine you take (repeat the option, or a, b)."
)
CONDITION_OPTION = typer.Option(
    None,
    "--condition",
    "--conditions",
    help="A condition, e.g. crohns, celiac, type2_diabetes, heart_block (repeat, or a, b).",
)
ALLERGY_OPTION = typer.Option(
    None, "--allergy", "--allergies", help="A food allergy, e.g. nuts, fish (repeat, or a, b)."
)


def _listed(values: list[str] | None) -> tuple[str, ...] | None:
    """Repeated options and comma-separated text alike become one tuple."""
    if values is None:
        return None
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


@person_app.command("add")
def person_add(
    name: str = typer.Argument(..., help="A name for this profile."),
    age: float = typer.Option(None, "--age", help="Age in years (fractions for infants)."),
    sex: str = typer.Option(..., "--sex", help="female or male (sets the requirement)."),
    birth_date: str = typer.Option(None, "--birth-date", help="YYYY-MM-DD (instead of --age)."),
    pregnant: bool = typer.Option(False, "--pregnant", help="Pregnant now."),
    lactating: bool = typer.Option(False, "--lactating", help="Breastfeeding now."),
    region: str = typer.Option(
        None, "--region", help="us (IOM) or eu (EFSA); default from settings."
    ),
    weight_kg: float = typer.Option(None, "--weight-kg", help="Body weight in kg."),
    height_cm: float = typer.Option(None, "--height-cm", help="Height in cm."),
    egfr: float = typer.Option(None, "--egfr", help="Kidney function (eGFR, mL/min/1.73 m²)."),
    kidney_disease: bool = typer.Option(False, "--kidney-disease", help="Known kidney disease."),
    medicines: list[str] = MEDICINE_OPTION,
    conditions: list[str] = CONDITION_OPTION,
    drinks_per_day: float = typer.Option(None, "--drinks-per-day", help="Alcoholic drinks a day."),
    diet: str = typer.Option(None, "--diet", help="omnivore, pescatarian, vegetarian or vegan."),
    allergies: list[str] = ALLERGY_OPTION,
    wants_weight_loss: bool = typer.Option(
        False, "--wants-weight-loss", help="Wants to lose weight."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Add a person (the first one becomes the default)."""
    from magcoach.errors import InvalidInput
    from magcoach.person import Person, age_on
    from magcoach.store import service
    from magcoach.validation import parse_model

    born = None
    if birth_date is not None:
        try:
            born = date.fromisoformat(birth_date)
        except ValueError:
            raise InvalidInput(f"--birth-date {birth_date!r} is not YYYY-MM-DD.") from None
        if age is None:
            age = age_on(born, today())
    if age is None:
        raise InvalidInput("Give --age N (years) or --birth-date YYYY-MM-DD.")
    data = _person_data(
        name=name,
        age=age,
        birth_date=born,
        sex=sex.strip().lower(),
        pregnant=pregnant,
        lactating=lactating,
        region=(region or settings().region).lower(),
        weight_kg=weight_kg,
        height_cm=height_cm,
        egfr=egfr,
        kidney_disease=kidney_disease,
        medicines=_listed(medicines),
        conditions=_listed(conditions),
        drinks_per_day=drinks_per_day,
        diet=diet.lower() if diet else None,
        allergies=_listed(allergies),
        wants_weight_loss=wants_weight_loss,
    )
    person = parse_model(Person, data, what="person")
    with _session() as s:
        person_id = service.add_person(s, person, now=now())
        is_default = service.get_person(s, None)[0] == person_id
    if as_json:
        emit_json({"id": person_id, "default": is_default, "person": person})
        return
    console().print(
        f"Added {_esc(person.name)}" + (" (the default person)." if is_default else ".")
    )
    _print_requirement(person)


def _print_requirement(person: Person) -> None:
    from magcoach.store.service import requirement_for

    req = requirement_for(person)
    ear = f", EAR {req.ear_mg:g} mg" if req.ear_mg else ""
    ul = (
        f"; upper limit for supplements {req.supplemental_ul_mg:g} mg/day"
        if req.supplemental_ul_mg
        else ""
    )
    kind = "AI" if getattr(req, "is_ai", False) else "RDA"
    console().print(f"Magnesium target: {kind} {req.rda_mg:g} mg/day{ear}{ul}.")


@person_app.command("list")
def person_list(as_json: bool = JSON_OPTION) -> None:
    """List the people in this diary."""
    from magcoach.store import service

    with _session() as s:
        people = service.list_people(s, today())
    if as_json:
        emit_json([{"id": i, "default": d, "person": p} for i, p, d in people])
        return
    if not people:
        console().print(service.NO_PERSON)
        return
    for _, p, is_default in people:
        mark = "*" if is_default else " "
        console().print(f"{mark} {_esc(p.name)}: {p.sex}, {p.age:g} y, region {p.region}")


@person_app.command("show")
def person_show(
    name: str = typer.Argument(None, help="Who (default: the default person)."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Show a person's profile and magnesium target."""
    from magcoach.store import service

    with _session() as s:
        person_id, person = service.get_person(s, name, today())
        meds = [(m.name, m.matched_class) for m in service.medicines(s, person_id)]
    if as_json:
        emit_json(
            {
                "id": person_id,
                "person": person,
                "medicines": [{"name": n, "class": c} for n, c in meds],
            }
        )
        return
    out = console()
    out.print(f"[bold]{_esc(person.name)}[/]")
    for key, value in person.model_dump().items():
        if key != "name" and value not in (None, (), [], False):
            shown = ", ".join(value) if isinstance(value, tuple | list) else value
            out.print(f"  {key.replace('_', ' ')}: {_esc(shown)}")
    for med, cls in meds:
        out.print(f"  medicine {_esc(med)}: {_esc(cls or 'no known magnesium interaction class')}")
    _print_requirement(person)


@person_app.command("edit")
def person_edit(
    name: str = typer.Argument(..., help="Who to change."),
    new_name: str = typer.Option(None, "--name", help="A new name."),
    age: float = typer.Option(None, "--age", help="Age in years."),
    sex: str = typer.Option(None, "--sex", help="female or male."),
    pregnant: bool = typer.Option(None, "--pregnant/--not-pregnant", help="Pregnant now?"),
    lactating: bool = typer.Option(None, "--lactating/--not-lactating", help="Breastfeeding?"),
    region: str = typer.Option(None, "--region", help="us or eu."),
    weight_kg: float = typer.Option(None, "--weight-kg", help="Body weight in kg."),
    height_cm: float = typer.Option(None, "--height-cm", help="Height in cm."),
    egfr: float = typer.Option(None, "--egfr", help="Kidney function (eGFR)."),
    kidney_disease: bool = typer.Option(
        None, "--kidney-disease/--no-kidney-disease", help="Known kidney disease?"
    ),
    medicines: list[str] = MEDICINE_OPTION,
    conditions: list[str] = CONDITION_OPTION,
    drinks_per_day: float = typer.Option(None, "--drinks-per-day", help="Alcoholic drinks a day."),
    diet: str = typer.Option(None, "--diet", help="omnivore, pescatarian, vegetarian or vegan."),
    allergies: list[str] = ALLERGY_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Change a person's profile (only the options given change)."""
    from magcoach.store import service

    changes = _person_data(
        name=new_name,
        age=age,
        sex=sex.lower() if sex else None,
        pregnant=pregnant,
        lactating=lactating,
        region=region.lower() if region else None,
        weight_kg=weight_kg,
        height_cm=height_cm,
        egfr=egfr,
        kidney_disease=kidney_disease,
        medicines=_listed(medicines),
        conditions=_listed(conditions),
        drinks_per_day=drinks_per_day,
        diet=diet.lower() if diet else None,
        allergies=_listed(allergies),
    )
    with _session() as s:
        person = service.update_person(s, name, changes, now=now())
    if as_json:
        emit_json({"person": person})
        return
    console().print(f"Updated {_esc(person.name)}.")
    _print_requirement(person)


@person_app.command("use")
def person_use(name: str = typer.Argument(..., help="Who becomes the default person.")) -> None:
    """Make NAME the default person for every command."""
    from magcoach.store import service

    with _session() as s:
        service.set_default_person(s, name, now=now())
    console().print(f"{_esc(name.strip())} is now the default person.")
