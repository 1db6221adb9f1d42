"""Whoever logs a magnesium supplement hears the standing safety warnings on that day,
even if they never ran `magcoach plan`: kidneys, heart block, interacting medicines."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from typer.testing import Result

from magcoach.person import Person
from magcoach.reference import match_medicines
from magcoach.supplements import medicine_rules, self_supplement_warnings

CliRun = Callable[..., Result]


def _take_supplement(cli: CliRun, *profile: str) -> None:
    assert cli("person", "add", "Kim", "--age", "70", "--sex", "male", *profile).exit_code == 0
    added = cli("supp", "add", "Mag citrate", "--form", "citrate", "--elemental-mg", "100")
    assert added.exit_code == 0, added.output


def test_kidney_disease_and_doxycycline_are_warned_when_a_supplement_is_logged(cli: CliRun) -> None:
    _take_supplement(cli, "--egfr", "25", "--medicine", "doxycycline")
    taken = cli("supp", "take", "Mag citrate", "--at", "today 09:00")
    assert taken.exit_code == 0, taken.output
    assert "eGFR is 25" in taken.output
    day = json.loads(cli("day", "--json").stdout)
    warnings = " ".join(day["warnings"])
    assert "eGFR is 25" in warnings and "clinician" in warnings
    assert "doxycycline" in warnings
    assert "at least 2 hours before magnesium, or at least 6 hours after" in warnings


def test_no_supplement_that_day_no_safety_nagging(cli: CliRun) -> None:
    _take_supplement(cli, "--egfr", "25")
    day = json.loads(cli("day", "--json").stdout)
    assert day["supplement_mg"] == 0
    assert not any("eGFR" in w for w in day["warnings"])


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        ({"egfr": 25}, "eGFR is 25"),
        ({"conditions": ("heart_block",)}, "heart"),
        ({"conditions": ("myasthenia_gravis",)}, "myasthenia"),
        ({"medicines": ("alendronate",)}, "4 hours"),
        ({"medicines": ("spironolactone",)}, "talk to your clinician"),
    ],
)
def test_each_standing_risk_produces_a_warning(profile: dict[str, object], expected: str) -> None:
    person = Person(age=60, sex="female", **profile)  # type: ignore[arg-type]
    rules = medicine_rules(match_medicines(person.medicines, allow_unknown=True))
    text = " ".join(self_supplement_warnings(person, rules)).lower()
    assert expected.lower() in text


def test_a_person_without_risks_gets_no_warnings() -> None:
    person = Person(age=40, sex="female", medicines=("ibuprofen",))
    rules = medicine_rules(match_medicines(person.medicines, allow_unknown=True))
    assert self_supplement_warnings(person, rules) == []
