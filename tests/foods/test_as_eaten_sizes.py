"""A counted item weighs what FNDDS, USDA's survey of what people eat, says one weighs (issue
9, part 1: "prefer the record USDA itself uses ... and the typical portion"): SR's market
units (a 336 g mango, a 201 g avocado, a 166 g slice of pineapple) are not what a person means
by "a mango". Measures (cups, grams) keep SR's analysed record. Lines other than the ones in
the labelled sets."""

from __future__ import annotations

import pytest

from magcoach.foods.db import FoodDB
from magcoach.foods.parse import parse_entry


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("a grapefruit", 290, 325),  # FNDDS 308 g, not SR's 246 g
        ("2 slices of pineapple", 100, 125),  # FNDDS 56 g a slice, not SR's 166 g
        ("a cucumber", 190, 210),  # FNDDS 200 g, not SR's 301 g
        ("a swordfish steak", 215, 240),  # FNDDS 227 g
        ("a slice of muenster", 19, 23),  # FNDDS 21 g
    ],
)
def test_a_counted_item_weighs_what_people_eat(
    food_db: FoodDB, text: str, low: float, high: float
) -> None:
    entry = parse_entry(text, food_db)
    assert entry.food.id.startswith("fndds:"), entry.food
    assert low <= entry.grams <= high


@pytest.mark.parametrize("text", ["1 cup sliced pineapple", "a pear", "a medium banana"])
def test_the_analysed_record_stays_for_a_measure_or_a_like_size(food_db: FoodDB, text: str) -> None:
    """A cup is a cup in either source; SR's pear (178 g) and FNDDS's (180 g) agree."""
    assert not parse_entry(text, food_db).food.id.startswith("fndds:")


@pytest.mark.parametrize(("text", "low"), [("a tomato", 100), ("a sliced tomato", 100)])
def test_no_smaller_kind_stands_in_for_the_item(food_db: FoodDB, text: str, low: float) -> None:
    """FNDDS weighs a grape tomato under tomatoes: 8 g is not a tomato."""
    assert parse_entry(text, food_db).grams >= low


@pytest.mark.parametrize("text", ["2 boiled eggs", "a poached egg"])
def test_another_part_is_not_the_same_food(food_db: FoodDB, text: str) -> None:
    """'Egg, white, cooked' names a part the person did not type."""
    assert "white" not in parse_entry(text, food_db).food.description.lower()


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("a chicken breast", 100, 140),  # FNDDS 120-130 g; SR's "0.5 breast" is 86 g
        ("a haddock fillet", 200, 240),  # FNDDS medium fillet 227 g; SR 150 g
        ("a lamb chop", 60, 100),
    ],
)
def test_the_survey_record_is_found_past_many_analysed_ones(
    food_db: FoodDB, text: str, low: float, high: float
) -> None:
    """SR's many chicken breasts crowd FNDDS's out of the close matches: it is still found."""
    entry = parse_entry(text, food_db)
    assert entry.food.id.startswith("fndds:"), entry.food
    assert low <= entry.grams <= high


@pytest.mark.parametrize("text", ["2 chicken breasts", "3 turkey drumsticks", "2 chicken legs"])
def test_a_plural_is_the_same_food_not_a_part_of_it(food_db: FoodDB, text: str) -> None:
    """'breasts' holds SR's breast: the survey's record is a breast, never its skin alone."""
    name = parse_entry(text, food_db).food.description.lower()
    assert "skin" not in name.split(",")[0]
    assert text.split()[-1].rstrip("s") in name
