"""A cup of something is weighed as that food is (issue 9, part 1): a record USDA lists
without portions borrows a cup only from a record of the same form (leaves, not a strained
purée), and a cup of a food sold both as a powder and as a drink is the drink unless the
powder is named. Checked on the real food database."""

from __future__ import annotations

from magcoach.foods.db import FoodDB
from magcoach.foods.parse import parse_entry


def test_a_cup_of_leaves_is_not_weighed_as_a_puree(food_db: FoodDB) -> None:
    entry = parse_entry("2 cups of baby spinach", food_db)
    assert "spinach" in entry.food.description.lower()
    assert entry.grams < 100, (entry.grams, entry.notes)  # raw leaves: about 30 g a cup


def test_a_cup_of_cocoa_is_the_drink_and_a_spoonful_the_powder(food_db: FoodDB) -> None:
    drink = parse_entry("a mug of cocoa", food_db), parse_entry("1 cup of cocoa", food_db)
    for entry in drink:
        assert "powder" not in entry.food.description.lower()
        assert entry.grams > 200 and (entry.magnesium_mg or 0) < 100
    spoon = parse_entry("1 tbsp cocoa", food_db)
    assert "powder" in spoon.food.description.lower() and spoon.grams < 10
    named = parse_entry("1/2 cup cocoa powder", food_db)
    assert "powder" in named.food.description.lower()
