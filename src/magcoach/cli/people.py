"""The people commands: `magcoach person add/list/show/edit/use`: parse, call
`magcoach.app.people`, render its view."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from magcoach.cli._diary_common import _esc
from magcoach.cli.apps import person_app
from magcoach.cli.common import JSON_OPTION, app_context, console, emit_view

if TYPE_CHECKING:
    from magcoach.app.people import PersonInput, PersonView


ADD_PERSON_HINT = "Add one with: magcoach person add NAME --age N --sex female"


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
    from magcoach.app import people

    new = _input(
        name=name,
        age=age,
        birth_date=birth_date,
        sex=sex,
        pregnant=pregnant,
        lactating=lactating,
        region=region,
        weight_kg=weight_kg,
        height_cm=height_cm,
        egfr=egfr,
        kidney_disease=kidney_disease,
        medicines=_listed(medicines),
        conditions=_listed(conditions),
        drinks_per_day=drinks_per_day,
        diet=diet,
        allergies=_listed(allergies),
        wants_weight_loss=wants_weight_loss,
    )
    with app_context() as ctx:
        view = people.add_person(ctx, new)
    if as_json:
        emit_view(view)
        return
    console().print(
        f"Added {_esc(view.person.name)}" + (" (the default person)." if view.default else ".")
    )
    _print_requirement(view)


def _input(**values: Any) -> PersonInput:
    from magcoach.app.people import PersonInput
    from magcoach.validation import parse_model

    return parse_model(PersonInput, _person_data(**values), what="person")


def _print_requirement(view: PersonView) -> None:
    req = view.requirement
    ear = f", EAR {req.ear_mg:g} mg" if req.ear_mg else ""
    ul = (
        f"; upper limit for supplements {req.supplemental_ul_mg:g} mg/day"
        if req.supplemental_ul_mg
        else ""
    )
    console().print(f"Magnesium target: {req.kind} {req.rda_mg:g} mg/day{ear}{ul}.")


@person_app.command("list")
def person_list(as_json: bool = JSON_OPTION) -> None:
    """List the people in this diary."""
    from magcoach.app import people

    with app_context() as ctx:
        view = people.list_people(ctx)
    if as_json:
        emit_view(view)
        return
    if not view.people:
        console().print(
            "No person yet. Add one with: magcoach person add NAME --age N --sex female"
        )
        return
    for v in view.people:
        p = v.person
        mark = "*" if v.default else " "
        console().print(f"{mark} {_esc(p.name)}: {p.sex}, {p.age:g} y, region {p.region}")


@person_app.command("show")
def person_show(
    name: str = typer.Argument(None, help="Who (default: the default person)."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Show a person's profile and magnesium target."""
    from magcoach.app import people

    with app_context() as ctx:
        view = people.show_person(ctx, name)
    if as_json:
        emit_view(view)
        return
    out = console()
    out.print(f"[bold]{_esc(view.person.name)}[/]")
    for key, value in view.person.model_dump().items():
        if key != "name" and value not in (None, (), [], False):
            shown = ", ".join(value) if isinstance(value, tuple | list) else value
            out.print(f"  {key.replace('_', ' ')}: {_esc(shown)}")
    for med in view.medicines:
        cls = med.interaction_class or "no known magnesium interaction class"
        out.print(f"  medicine {_esc(med.name)}: {_esc(cls)}")
    _print_requirement(view)


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
    from magcoach.app import people

    changes = _input(
        name=new_name,
        age=age,
        sex=sex,
        pregnant=pregnant,
        lactating=lactating,
        region=region,
        weight_kg=weight_kg,
        height_cm=height_cm,
        egfr=egfr,
        kidney_disease=kidney_disease,
        medicines=_listed(medicines),
        conditions=_listed(conditions),
        drinks_per_day=drinks_per_day,
        diet=diet,
        allergies=_listed(allergies),
    )
    with app_context() as ctx:
        view = people.edit_person(ctx, name, changes)
    if as_json:
        emit_view(view)
        return
    console().print(f"Updated {_esc(view.person.name)}.")
    _print_requirement(view)


@person_app.command("use")
def person_use(name: str = typer.Argument(..., help="Who becomes the default person.")) -> None:
    """Make NAME the default person for every command."""
    from magcoach.app import people

    with app_context() as ctx:
        view = people.use_person(ctx, name)
    console().print(f"{_esc(view.person.name)} is now the default person.")
