"""Which food a line names, fourth round (issue 9, part 1): the word before a dish's noun
names the dish, a food a portion word names, what a dish is served on, a packaged frozen
meal, and meat a person did not type; each on the real food database, on lines other than
the ones that revealed them."""

from __future__ import annotations

import pytest

from magcoach.foods import parse_meal
from magcoach.foods.db import FoodDB


def _foods(text: str, db: FoodDB) -> list[str]:
    return [e.food.description.lower() for e in parse_meal(text, db)]


@pytest.mark.parametrize(
    ("text", "dish"),
    [
        ("a cup of chicken salad", "chicken or turkey salad"),
        ("1/2 cup egg salad", "egg salad"),
        ("a fried egg sandwich", "egg sandwich"),
    ],
)
def test_the_word_before_the_noun_names_the_dish(food_db: FoodDB, text: str, dish: str) -> None:
    # not "Taco or tostada salad with chicken", "Macaroni or pasta salad with egg" or a
    # "Fried seafood sandwich": a record holding the word only as a filling is another dish
    assert dish in _foods(text, food_db)[0]


@pytest.mark.parametrize("text", ["a double chocolate muffin", "1 triple berry muffin"])
def test_a_muffin_is_a_muffin(food_db: FoodDB, text: str) -> None:
    # not a snack cake or a cereal some brand names after a muffin
    assert _foods(text, food_db)[0].startswith("muffin")


def test_an_egg_muffin_is_one_dish_named_by_its_muffin(food_db: FoodDB) -> None:
    assert _foods("a sausage egg and cheese english muffin", food_db) == [
        "egg, cheese, and sausage on english muffin"
    ]


def test_eggs_over_easy_are_still_fried_eggs(food_db: FoodDB) -> None:
    assert "fried" in _foods("3 eggs over easy", food_db)[0]


def test_a_cup_of_a_dish_is_not_a_frozen_dinner(food_db: FoodDB) -> None:
    (entry,) = parse_meal("2 cups spaghetti and meatballs", food_db)
    assert "frozen meal" not in entry.food.description.lower()
    assert 400 <= entry.grams <= 550


@pytest.mark.parametrize(
    ("text", "food"),
    [("a bean and rice burrito", "meatless"), ("a cup of pasta salad", "mayonnaise")],
)
def test_meat_not_typed_is_not_chosen(food_db: FoodDB, text: str, food: str) -> None:
    assert food in _foods(text, food_db)[0]


def test_meat_typed_is_still_chosen(food_db: FoodDB) -> None:
    assert "meat" in _foods("a slice of meat lasagna", food_db)[0]
