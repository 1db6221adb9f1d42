"""Which food a line names, second round (issue 9, part 1): chains' names, generic records,
names with '&', and common names USDA words otherwise; each on the real food database and on
lines other than the ones that revealed the class."""

from __future__ import annotations

import pytest

from magcoach.foods import parse_meal
from magcoach.foods.db import FoodDB


def _one(text: str, db: FoodDB) -> tuple[str, tuple[str, ...]]:
    entries = parse_meal(text, db)
    assert len(entries) == 1, [e.food.description for e in entries]
    return entries[0].food.description.lower(), entries[0].notes


@pytest.mark.parametrize(
    ("text", "food"),
    [
        ("a dunkin donut", "doughnut"),
        ("a panda express orange chicken", "orange chicken"),
        ("a costco hot dog", "hot dog"),
        ("trader joe's hummus", "hummus"),
        ("five guys burger", "hamburger"),
        ("a tim hortons coffee", "coffee"),
    ],
)
def test_a_chain_without_usda_records_says_where_not_what(
    food_db: FoodDB, text: str, food: str
) -> None:
    name, notes = _one(text, food_db)
    assert food in name
    assert any("where it was bought" in n for n in notes)


@pytest.mark.parametrize(
    ("text", "chain"),
    [("large mcdonald's fries", "mcdonald"), ("kfc chicken breast", "kfc")],
)
def test_a_chains_own_usda_record_is_kept(food_db: FoodDB, text: str, chain: str) -> None:
    name, notes = _one(text, food_db)
    assert chain in name
    assert not any("where it was bought" in n for n in notes)


@pytest.mark.parametrize(
    ("text", "food"),
    [
        ("sausage", "sausage, nfs"),
        ("a hot dog no bun", "hot dog, nfs"),  # in its bun it is the sandwich
        ("2 sausages", "sausage, nfs"),
    ],
)
def test_a_generic_phrase_is_usdas_generic_record(food_db: FoodDB, text: str, food: str) -> None:
    assert food in _one(text, food_db)[0]


@pytest.mark.parametrize(
    ("text", "food"),
    [
        ("m&m's", "candy shell"),
        ("a bag of m&ms", "candy shell"),
        ("peanut m&ms", "peanut"),
        ("a pb&j sandwich", "peanut butter and jelly"),
    ],
)
def test_an_ampersand_inside_a_name_does_not_split_it(
    food_db: FoodDB, text: str, food: str
) -> None:
    assert food in _one(text, food_db)[0]


@pytest.mark.parametrize(
    ("text", "food", "not_food"),
    [
        ("an americano", "coffee, brewed", "grape"),
        ("a large iced americano", "coffee", "grape"),
        ("half a whole wheat pita", "pita", "chips"),
        ("a pita", "bread, pita", "chips"),
        ("2 egg rolls", "egg roll", "dinner"),
        ("a glass of lemonade", "lemonade", "powder"),
        ("3 bacon strips", "bacon", "meatless"),
    ],
)
def test_common_names_are_the_food_people_mean(
    food_db: FoodDB, text: str, food: str, not_food: str
) -> None:
    name = _one(text, food_db)[0]
    assert food in name
    assert not_food not in name


def test_what_the_common_name_excludes_is_still_read(food_db: FoodDB) -> None:
    assert "chips" in _one("a handful of pita chips", food_db)[0]
    assert "powder" in _one("lemonade powder", food_db)[0]
    assert "meatless" in _one("meatless bacon strips", food_db)[0]
