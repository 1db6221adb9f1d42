"""Fourth round of amount classes the parser misread (issue 9, part 1): size abbreviations
from menus, a cut word that is part of a dish's name, a count of sauced wings, cubes of a
food. Each test checks what the person sees (the food, the grams, the portion) on the real
food database, on lines other than the ones that revealed the class."""

from __future__ import annotations

import pytest

from magcoach.foods.db import FoodDB
from magcoach.foods.meal import parse_meal
from magcoach.foods.parse import parse_entry


@pytest.mark.parametrize(
    ("text", "size"),
    [("a lg latte", "large"), ("sm fries", "small"), ("2 med bananas", "medium")],
)
def test_size_abbreviations_are_sizes(food_db: FoodDB, text: str, size: str) -> None:
    entry = parse_entry(text, food_db)
    assert entry.unit == size


def test_extra_large_abbreviated_is_extra_large(food_db: FoodDB) -> None:
    entry = parse_entry("an xl coffee", food_db)
    assert "coffee" in entry.food.description.lower()
    assert entry.unit == "extra large"


@pytest.mark.parametrize(
    ("text", "named"),
    [("2 steak tacos", "taco"), ("a steak quesadilla", "quesadilla"), ("a chop suey", "suey")],
)
def test_a_cut_word_before_a_dish_is_part_of_its_name(
    food_db: FoodDB, text: str, named: str
) -> None:
    entry = parse_entry(text, food_db)
    assert named in entry.food.description.lower()
    assert entry.grams > 100  # the dish, not a refusal or one steak's portion of it


def test_a_cut_before_of_stays_the_unit(food_db: FoodDB) -> None:
    entry = parse_entry("a leg of lamb", food_db)
    assert entry.unit == "leg" and "lamb" in entry.food.description.lower()


@pytest.mark.parametrize(("text", "low", "high"), [("10 hot wings", 300, 400)])
def test_a_count_of_sauced_wings_is_per_drummette(
    food_db: FoodDB, text: str, low: float, high: float
) -> None:
    entry = parse_entry(text, food_db)
    assert "wing" in entry.food.description.lower()
    assert low <= entry.grams <= high


@pytest.mark.parametrize(
    ("text", "low", "high"), [("5 cubes of swiss cheese", 70, 90), ("4 cheese cubes", 55, 80)]
)
def test_a_cube_is_a_cubic_inch(food_db: FoodDB, text: str, low: float, high: float) -> None:
    entry = parse_entry(text, food_db)
    assert "cheese" in entry.food.description.lower()
    assert low <= entry.grams <= high


def test_a_cube_of_a_food_without_one_is_a_cubic_inch_by_volume(food_db: FoodDB) -> None:
    entry = parse_entry("10 cubes of pineapple", food_db)
    assert "pineapple" in entry.food.description.lower()
    assert 80 <= entry.grams <= 200  # ten bite-sized cubes, not ten whole fruit


def test_a_slice_of_bread_is_never_a_loafs_worth(food_db: FoodDB) -> None:
    entry = parse_entry("3 slices of sourdough toast", food_db)
    assert "bread" in entry.food.description.lower()
    assert entry.grams <= 3 * 100


def test_a_sized_can_is_that_size_of_can(food_db: FoodDB) -> None:
    small = parse_entry("2 small cans of salmon", food_db)
    assert "salmon" in small.food.description.lower()
    assert "small" in (small.portion_used or "")
    assert 150 <= small.grams <= 220


@pytest.mark.parametrize(
    ("text", "named"), [("orange wedges", "orange"), ("pizza slices", "pizza")]
)
def test_pieces_in_the_plural_without_a_count_are_the_usual_amount(
    food_db: FoodDB, text: str, named: str
) -> None:
    entry = parse_entry(text, food_db)
    assert named in entry.food.description.lower()
    one = parse_entry(text.rstrip("s"), food_db)  # "orange wedge": one of them
    assert entry.grams > one.grams  # more than one piece, not a whole pie
    assert entry.grams < 400


@pytest.mark.parametrize("text", ["banana with cashew butter", "toast with almond butter"])
def test_a_nut_butter_as_a_side_is_two_tablespoons(food_db: FoodDB, text: str) -> None:
    side = parse_meal(text, food_db)[-1]
    assert "butter" in side.food.description.lower()
    assert 28 <= side.grams <= 36  # 2 tbsp, FDA's reference amount, not SR's first "1 tbsp"
