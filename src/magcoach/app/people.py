"""People in the diary: add, change, show, list, choose the default. Each view carries the
person's requirement so every shell shows the same target."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict

from magcoach.app.context import Context
from magcoach.app.views import View
from magcoach.errors import InvalidInput
from magcoach.person import Person
from magcoach.requirements import Requirements
from magcoach.store.base import NO_PERSON as NO_PERSON  # shown when nobody is in the diary


class RequirementView(View):
    kind: str  # "RDA" or "AI"
    rda_mg: float
    ear_mg: float | None
    supplemental_ul_mg: float | None
    region: str
    life_stage: str
    is_ai: bool
    sources: list[str]
    ul_note: str
    note: str

    @classmethod
    def of(cls, r: Requirements) -> RequirementView:
        return cls(
            kind=r.kind,
            rda_mg=r.rda_mg,
            ear_mg=r.ear_mg,
            supplemental_ul_mg=r.supplemental_ul_mg,
            region=r.region,
            life_stage=r.life_stage,
            is_ai=r.is_ai,
            sources=list(r.sources),
            ul_note=r.ul_note,
            note=r.note,
        )


class MedicineView(View):
    name: str
    interaction_class: str | None  # None: no known magnesium interaction


class PersonView(View):
    id: int
    default: bool
    person: Person
    requirement: RequirementView
    medicines: list[MedicineView]


class PeopleView(View):
    people: list[PersonView]


class PersonInput(BaseModel):
    """What a form or the command line gives for a new person or a change. Fields left None
    are not given (a change keeps the current value)."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    age: float | None = None
    birth_date: date | None = None
    sex: str | None = None
    pregnant: bool | None = None
    lactating: bool | None = None
    region: str | None = None
    weight_kg: float | None = None
    height_cm: float | None = None
    egfr: float | None = None
    kidney_disease: bool | None = None
    medicines: tuple[str, ...] | None = None
    conditions: tuple[str, ...] | None = None
    drinks_per_day: float | None = None
    diet: str | None = None
    allergies: tuple[str, ...] | None = None
    wants_weight_loss: bool | None = None

    def given(self) -> dict[str, Any]:
        values = self.model_dump(exclude_none=True)
        for key in ("sex", "region", "diet"):
            if key in values:
                values[key] = str(values[key]).strip().lower()
        return values


def _view(ctx: Context, session: Any, person_id: int, person: Person) -> PersonView:
    from magcoach.store import service

    default_id = service.default_person_id(session)
    return PersonView(
        id=person_id,
        default=default_id == person_id,
        person=person,
        requirement=RequirementView.of(service.requirement_for(person)),
        medicines=[
            MedicineView(name=m.name, interaction_class=m.matched_class)
            for m in service.medicines(session, person_id)
        ],
    )


def add_person(ctx: Context, new: PersonInput, *, owner: int | None = None) -> PersonView:
    """Add a person (the first becomes the default). Age comes from the birth date when
    only that is given; the region defaults to the settings'. `owner` is the account the
    person belongs to in shared mode (None: the local single-person mode)."""
    from magcoach.person import age_on
    from magcoach.store import service
    from magcoach.validation import parse_model

    data = new.given()
    if "birth_date" in data and "age" not in data:
        data["age"] = age_on(data["birth_date"], ctx.clock.today())
    if "age" not in data:
        raise InvalidInput("Give an age in years or a date of birth.", field="age")
    if "sex" not in data:
        raise InvalidInput("Give the sex (female or male): it sets the requirement.", field="sex")
    data.setdefault("region", ctx.settings.region)
    person = parse_model(Person, data, what="person")
    with ctx.unit() as s:
        person_id = service.add_person(s, person, now=ctx.clock.now())
        if owner is not None:
            from magcoach.store.accounts import set_owner

            set_owner(s, person_id, owner, now=ctx.clock.now())
        return _view(ctx, s, person_id, person)


def edit_person(ctx: Context, name: str | None, changes: PersonInput) -> PersonView:
    """Change a person's profile: only the fields given change."""
    from magcoach.store import service

    with ctx.unit() as s:
        person = service.update_person(s, name, changes.given(), now=ctx.clock.now())
        person_id, person = service.get_person(s, person.name, ctx.clock.today())
        return _view(ctx, s, person_id, person)


def show_person(ctx: Context, name: str | None = None) -> PersonView:
    with ctx.diary(name) as (s, person_id, person):
        return _view(ctx, s, person_id, person)


def list_people(ctx: Context) -> PeopleView:
    from magcoach.store import service

    with ctx.unit() as s:
        people = service.list_people(s, ctx.clock.today())
        return PeopleView(people=[_view(ctx, s, i, p) for i, p, _ in people])


def use_person(ctx: Context, name: str) -> PersonView:
    """Make `name` the default person for every command and page."""
    from magcoach.store import service

    with ctx.unit() as s:
        person_id = service.set_default_person(s, name, now=ctx.clock.now())
        _, person = service.get_person(s, name.strip(), ctx.clock.today())
        return _view(ctx, s, person_id, person)


def requirement(person: Person) -> RequirementView:
    """The requirement for a person who need not be in the diary (`magcoach requirements`)."""
    from magcoach.requirements import requirements

    return RequirementView.of(requirements(person))
