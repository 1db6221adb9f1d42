"""Lines naming several foods, each with its own amount (issue 9, part 1: "never drop a part
silently"), and a decimal point at the start of a part (".5 cup": half a cup, not five)."""

from __future__ import annotations

import pytest

from magcoach.foods.db import FoodDB
from magcoach.foods.meal import parse_meal


@pytest.mark.parametrize(
    ("text", "foods"),
    [
        ("2 eggs and a slice of toast", ("egg", "bread")),
        ("a hard boiled egg and half a cup of blueberries", ("egg", "blueberr")),
        ("eggs and a slice of toast", ("egg", "bread")),
    ],
)
def test_each_food_with_its_own_amount_is_its_own_entry(
    food_db: FoodDB, text: str, foods: tuple[str, ...]
) -> None:
    entries = parse_meal(text, food_db)
    assert len(entries) == len(foods)
    for entry, food in zip(entries, foods, strict=True):
        assert food in entry.food.description.lower()


@pytest.mark.parametrize("text", [".5 cup rice", "1 cup beans, .5 cup rice"])
def test_a_leading_decimal_point_is_kept(food_db: FoodDB, text: str) -> None:
    rice = parse_meal(text, food_db)[-1]
    assert "rice" in rice.food.description.lower()
    assert 60 <= rice.grams <= 110  # half a cup of cooked rice, not five cups
