"""Amounts nobody typed (issue 9, part 1): a food named in the plural without a count is
USDA's usual amount of it, not one berry; a food named after another without an amount is
its usual amount as a side ("Quantity not specified", how FNDDS codes an unstated amount),
not one whole avocado. Checked on the real food database."""

from __future__ import annotations

import pytest

from magcoach.foods import parse_meal
from magcoach.foods.db import FoodDB
from magcoach.foods.parse import parse_entry


@pytest.mark.parametrize(("text", "at_least"), [("raspberries", 40), ("cherries", 40)])
def test_a_plural_without_a_count_is_a_helping_not_one_item(
    food_db: FoodDB, text: str, at_least: float
) -> None:
    entry = parse_entry(text, food_db)
    assert entry.grams >= at_least, (entry.food.description, entry.grams, entry.portion_used)


def test_a_count_typed_is_still_counted(food_db: FoodDB) -> None:
    one = parse_entry("1 strawberry", food_db)
    assert one.grams < 30
    assert parse_entry("3 strawberries", food_db).grams == pytest.approx(3 * one.grams, rel=0.01)


@pytest.mark.parametrize(
    ("text", "side", "most"),
    [("a bagel with avocado", "avocado", 100), ("crackers and cheddar cheese", "cheddar", 60)],
)
def test_a_side_named_without_an_amount_is_its_usual_amount(
    food_db: FoodDB, text: str, side: str, most: float
) -> None:
    entries = parse_meal(text, food_db)
    assert len(entries) == 2
    second = entries[1]
    assert side in second.food.description.lower()
    assert 0 < second.grams <= most, (second.food.description, second.grams)


def test_a_side_with_an_amount_keeps_it(food_db: FoodDB) -> None:
    entries = parse_meal("toast with a whole avocado", food_db)
    assert entries[1].grams > 120


@pytest.mark.parametrize("text", ["a bowl of porridge w/ blueberries", "toast W/jam"])
def test_w_slash_is_with(food_db: FoodDB, text: str) -> None:
    assert len(parse_meal(text, food_db)) == 2
