"""Which food a line names, eighth round (issue 9, part 1): where a food came from ("from the
drive thru", "takeout", "to go", "from the deli") is no food word; clipped names ("guac",
"parm", "veg", "mozz") and dish names spelt as they sound ("kung pow", "chow mien") read as
the food they are; a treat named after a cereal is the treat. Each on the real food database,
on lines other than the ones that revealed them."""

from __future__ import annotations

import pytest

from magcoach.foods import parse_meal
from magcoach.foods.db import FoodDB


def _foods(text: str, db: FoodDB) -> list[str]:
    return [entry.food.description.lower() for entry in parse_meal(text, db)]


@pytest.mark.parametrize(
    ("text", "food"),
    [
        ("chicken nuggets from the drive-thru", "chicken nuggets"),
        ("takeout pad thai", "pad thai"),
        ("a turkey sandwich from the deli", "turkey"),
        ("a large latte to go", "latte"),
        ("a takeaway pizza slice", "pizza"),
        ("a chicken burrito from chipotle", "burrito"),
    ],
)
def test_where_a_food_came_from_is_no_food_word(food_db: FoodDB, text: str, food: str) -> None:
    (entry,) = parse_meal(text, food_db)
    assert food in entry.food.description.lower()
    assert any("says where it" in note for note in entry.notes)


@pytest.mark.parametrize(
    ("text", "food"),
    [
        ("tortilla chips and guac", "guacamole"),
        ("a tablespoon of grated parm", "parmesan"),
        ("a bowl of veg soup", "vegetable"),
        ("an ounce of fresh mozz", "mozzarella"),
        ("a slice of marg pizza", "pizza, cheese"),
        ("a cup of steamed brocc", "broccoli"),
        ("a grilled chix sandwich", "chicken"),
        ("a glass of cran juice", "cranberry juice"),
    ],
)
def test_a_clipped_name_is_the_food(food_db: FoodDB, text: str, food: str) -> None:
    assert food in _foods(text, food_db)[-1]


@pytest.mark.parametrize(
    ("text", "dish"),
    [
        ("a plate of kung po chicken", "kung pao"),
        ("2 cups of chicken chow mien", "chow mein"),
        ("a plate of lo mien", "lo mein"),
        ("a bowl of phad thai", "pad thai"),
    ],
)
def test_a_dish_spelt_as_it_sounds_is_that_dish(food_db: FoodDB, text: str, dish: str) -> None:
    (food,) = _foods(text, food_db)
    assert dish in food


def test_a_treat_named_after_a_cereal_is_the_treat(food_db: FoodDB) -> None:
    (entry,) = parse_meal("2 rice crispy treats", food_db)
    food = entry.food.description.lower()
    assert "marshmallow" in food and not food.startswith("cereal")
    assert 40 <= entry.grams <= 120


@pytest.mark.parametrize(
    ("text", "food", "not_kind"),
    [
        ("a tablespoon of crumbled goat cheese", "cheese, goat", "type"),
        ("a cup of baked winter squash", "squash, winter", "spaghetti"),
        ("a cup of potato salad", "potato salad", "german"),
    ],
)
def test_a_kind_nobody_typed_is_not_chosen(
    food_db: FoodDB, text: str, food: str, not_kind: str
) -> None:
    (chosen,) = _foods(text, food_db)
    assert chosen.startswith(food) and not_kind not in chosen


def test_a_kind_typed_is_still_found(food_db: FoodDB) -> None:
    assert "soft type" in _foods("2 oz soft goat cheese", food_db)[0]
    assert "spaghetti" in _foods("a cup of spaghetti squash", food_db)[0]


@pytest.mark.parametrize(
    ("text", "food"),
    [
        ("a cup of apple sauce", "applesauce"),
        ("a bowl of oat meal", "oatmeal"),
        ("a slice of pine apple", "pineapple"),
        ("a cup of water melon", "watermelon"),
    ],
)
def test_a_food_usda_writes_as_one_word_typed_as_two(food_db: FoodDB, text: str, food: str) -> None:
    (chosen,) = _foods(text, food_db)
    assert chosen.startswith(food)  # "apple sauce" is no "Sauce, NFS"


def test_words_usda_writes_apart_stay_apart(food_db: FoodDB) -> None:
    assert "hot dog" in _foods("a hot dog", food_db)[0]


@pytest.mark.parametrize(
    ("text", "food"),
    [("a plate of enchilladas", "enchilada"), ("a plate of fetuccine", "pasta")],
)
def test_one_slip_in_a_long_word_found_in_usda_other_names(
    food_db: FoodDB, text: str, food: str
) -> None:
    (chosen,) = _foods(text, food_db)
    assert food in chosen


def test_a_pasta_named_by_its_vodka_sauce_is_pasta(food_db: FoodDB) -> None:
    (chosen,) = _foods("a bowl of rigatoni vodka", food_db)
    assert chosen.startswith("pasta with tomato")  # not 224 g of vodka
    assert _foods("a shot of vodka", food_db)[0] == "vodka"
