"""How much magnesium a person needs: RDA (or AI), EAR and the supplemental upper limit.

US/Canada values come from IOM 1997; EU values are EFSA 2015 adequate intakes with the
SCF 2001 supplemental upper limit. Pure: a Person in, Requirements out.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict

from magcoach.errors import InvalidInput, SetupError
from magcoach.person import MAX_AGE_YEARS, Person
from magcoach.reference import RequirementRow, requirement_rows

UL_NOTE = (
    "The upper limit counts magnesium from supplements and medicines only (e.g. antacids, "
    "laxatives), never magnesium naturally in food: no harm has been found from food magnesium."
)
NO_UL_NOTE = (
    "No upper limit is set at this age: magnesium should come from breast milk, formula or "
    "food; give supplements only if a doctor prescribes them."
)


class Requirements(BaseModel):
    """A person's daily magnesium requirement, with its sources."""

    model_config = ConfigDict(frozen=True)

    rda_mg: float
    ear_mg: float | None
    supplemental_ul_mg: float | None
    region: Literal["us", "eu"]
    life_stage: str
    is_ai: bool
    sources: tuple[str, ...]
    ul_note: str
    note: str = ""

    @property
    def kind(self) -> str:
        """'AI' (adequate intake) or 'RDA'."""
        return "AI" if self.is_ai else "RDA"


def requirement_row(person: Person) -> RequirementRow:
    """The table row for the person's region, age, sex, pregnancy and lactation."""
    for row in requirement_rows():
        if (
            row.region == person.region
            and row.pregnant == person.pregnant
            and row.lactating == person.lactating
            and row.sex in (person.sex, "any")
            and row.age_min <= person.age < row.age_max
        ):
            return row
    raise SetupError(  # Person validation keeps ages and life stages inside the tables
        f"No requirement row for {person.sex}, age {person.age:g}, region {person.region}."
    )


def requirements(person: Person) -> Requirements:
    """RDA (or AI), EAR and supplemental UL for this person, each from the cited table."""
    row = requirement_row(person)
    return Requirements(
        rda_mg=row.rda_mg,
        ear_mg=row.ear_mg,
        supplemental_ul_mg=row.supplemental_ul_mg,
        region=row.region,
        life_stage=row.life_stage,
        is_ai=row.is_ai,
        sources=row.sources,
        ul_note=UL_NOTE if row.supplemental_ul_mg is not None else NO_UL_NOTE,
        note=row.note,
    )


_AGE = re.compile(
    r"^\s*(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>y|yr|yrs|year|years|m|mo|mos|month|months|w|wk|"
    r"wks|week|weeks|d|day|days)?\s*$",
    re.IGNORECASE,
)


def parse_age(text: str) -> float:
    """Age in years from '45', '2.5', '5m', '5 months', '18 mo', '10 weeks'."""
    match = _AGE.match(text)
    if not match:
        raise InvalidInput(
            f"Cannot read the age {text!r}.",
            hint="Give years (45, 2.5) or months for babies (5m, '5 months').",
        )
    number = float(match["number"])
    unit = (match["unit"] or "y").lower()
    if unit.startswith("m"):
        years = number / 12
    elif unit.startswith("w"):
        years = number * 7 / 365.25
    elif unit.startswith("d"):
        years = number / 365.25
    else:
        years = number
    if years > MAX_AGE_YEARS:
        raise InvalidInput(
            f"An age of {text.strip()} is out of range.",
            hint=f"Give an age between 0 and {MAX_AGE_YEARS} years.",
        )
    return years


def normalise_sex(text: str) -> str:
    """'F', 'woman', 'Female' -> 'female'; unknown values pass through for validation."""
    value = text.strip().casefold()
    aliases = {"f": "female", "woman": "female", "w": "female", "m": "male", "man": "male"}
    return aliases.get(value, value)
