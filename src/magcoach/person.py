"""The person magcoach advises: what every requirement, screening and plan depends on."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Sex = Literal["female", "male"]
Region = Literal["us", "eu"]
Diet = Literal["omnivore", "pescatarian", "vegetarian", "vegan"]

MAX_AGE_YEARS = 120


class Person(BaseModel):
    """A person's profile. Frozen: a change makes a new Person.

    `age` is in years and may be fractional for infants (5 months = 5/12). When only
    `birth_date` is known, callers derive `age` with `age_on(birth_date, today)`.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = "me"
    age: float = Field(ge=0, le=MAX_AGE_YEARS, description="years")
    birth_date: date | None = None
    sex: Sex
    pregnant: bool = False
    lactating: bool = False
    region: Region = "us"
    weight_kg: float | None = Field(default=None, gt=0, le=400)
    height_cm: float | None = Field(default=None, gt=30, le=260)
    egfr: float | None = Field(
        default=None, ge=0, le=200, description="mL/min/1.73 m², from a blood test"
    )
    kidney_disease: bool = False
    medicines: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    drinks_per_day: float = Field(default=0, ge=0, le=50)
    diet: Diet = "omnivore"
    allergies: tuple[str, ...] = ()
    wants_weight_loss: bool = False

    @field_validator("name")
    @classmethod
    def _name_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a name is needed")
        return value.strip()

    @field_validator("medicines", "conditions", "allergies", mode="before")
    @classmethod
    def _split_text(cls, value: object) -> object:
        # Accept "a, b" from a flag as well as a list from a file.
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("conditions")
    @classmethod
    def _condition_ids(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        # "Crohn's", "coeliac" and "crohns" must mean the same thing to screening and the plan;
        # an unknown condition raises NotFound with suggestions.
        from magcoach.errors import MagcoachError
        from magcoach.reference import match_condition

        try:
            return tuple(dict.fromkeys(match_condition(text).id for text in value))
        except MagcoachError as exc:
            exc.field = exc.field or "conditions"
            raise

    @field_validator("medicines")
    @classmethod
    def _medicines_spelled_right(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        # A near miss ("omeprazol") would silently lose an interaction: refuse it with a
        # suggestion. A medicine with no known magnesium interaction is kept as typed.
        from magcoach.errors import MagcoachError
        from magcoach.reference import match_medicines

        try:
            match_medicines(value, allow_unknown=True)
        except MagcoachError as exc:
            exc.field = exc.field or "medicines"  # a form shows it beside the medicines box
            raise
        return value

    @model_validator(mode="after")
    def _life_stage_consistent(self) -> Person:
        if (self.pregnant or self.lactating) and self.sex != "female":
            raise ValueError("pregnant/lactating applies to sex 'female' only")
        if self.pregnant and self.lactating:
            raise ValueError("choose pregnant or lactating, not both")
        if (self.pregnant or self.lactating) and not 10 <= self.age <= 60:
            raise ValueError("pregnancy/lactation is only modelled for ages 10 to 60")
        return self

    @property
    def bmi(self) -> float | None:
        if self.weight_kg is None or self.height_cm is None:
            return None
        return self.weight_kg / (self.height_cm / 100) ** 2


def age_on(birth_date: date, today: date) -> float:
    """Age in years, fractional below one year, for tables that change at birthdays."""
    months = (today.year - birth_date.year) * 12 + today.month - birth_date.month
    if today.day < birth_date.day:
        months -= 1
    return float(months // 12) if months >= 12 else max(months, 0) / 12
