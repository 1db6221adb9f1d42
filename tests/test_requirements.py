"""A person's magnesium requirement comes from the right table row, with its sources."""

from __future__ import annotations

import pytest

from magcoach.errors import InvalidInput
from magcoach.person import Person
from magcoach.requirements import parse_age, requirements


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        (dict(age=45, sex="female"), (320, 265, 350, False)),
        (dict(age=45, sex="female", region="eu"), (300, None, 250, True)),
        (dict(age=16, sex="male"), (410, 340, 350, False)),
        (dict(age=25, sex="female", pregnant=True), (350, 290, 350, False)),
        (dict(age=2, sex="female"), (80, 65, 65, False)),
        (dict(age=5 / 12, sex="male"), (30, None, None, True)),
        (dict(age=0.75, sex="female"), (75, None, None, True)),
        (dict(age=17, sex="female", lactating=True), (360, 300, 350, False)),
        (dict(age=35, sex="female", pregnant=True), (360, 300, 350, False)),
        (dict(age=80, sex="male"), (420, 350, 350, False)),
        (dict(age=2, sex="male", region="eu"), (170, None, None, True)),
        (dict(age=3.5, sex="male", region="eu"), (230, None, None, True)),
        (dict(age=5, sex="male", region="eu"), (230, None, 250, True)),
        (dict(age=30, sex="female", pregnant=True, region="eu"), (300, None, 250, True)),
    ],
)
def test_requirements_for_life_stages(
    person: dict[str, object], expected: tuple[object, ...]
) -> None:
    reqs = requirements(Person.model_validate(person))
    assert (reqs.rda_mg, reqs.ear_mg, reqs.supplemental_ul_mg, reqs.is_ai) == expected
    assert reqs.sources


def test_life_stage_label_and_sources() -> None:
    reqs = requirements(Person(age=45, sex="female"))
    assert reqs.life_stage == "female 31–50 y"
    assert reqs.region == "us"
    assert "iom1997" in reqs.sources
    eu = requirements(Person(age=45, sex="female", region="eu"))
    assert {"efsa2015", "scf2001"} <= set(eu.sources)


def test_the_upper_limit_is_for_supplements_never_food() -> None:
    reqs = requirements(Person(age=45, sex="female"))
    assert "supplements and medicines only" in reqs.ul_note
    assert "never" in reqs.ul_note and "food" in reqs.ul_note
    baby = requirements(Person(age=0.3, sex="female"))
    assert baby.supplemental_ul_mg is None and "No upper limit" in baby.ul_note


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("45", 45),
        ("2.5", 2.5),
        ("5m", 5 / 12),
        ("5 months", 5 / 12),
        ("18 mo", 1.5),
        ("30 years", 30),
    ],
)
def test_parse_age(text: str, years: float) -> None:
    assert parse_age(text) == pytest.approx(years)


@pytest.mark.parametrize("text", ["", "old", "-3", "200", "5 fortnights"])
def test_parse_age_rejects_nonsense(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_age(text)
