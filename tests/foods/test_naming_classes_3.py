"""Which food a line names, third round (issue 9, part 1): a dish noun named alone, a
category's own generic record, the bread a food is on, and
an "and" inside a name; each on the real food database."""

from __future__ import annotations

import pytest

from magcoach.foods import parse_meal
from magcoach.foods.db import FoodDB


def _foods(text: str, db: FoodDB) -> list[str]:
    return [e.food.description.lower() for e in parse_meal(text, db)]


@pytest.mark.parametrize("text", ["a salad", "a bowl of salad", "olive garden salad"])
def test_a_salad_named_alone_is_a_side_salad(food_db: FoodDB, text: str) -> None:
    assert _foods(text, food_db) == [
        "lettuce, salad with assorted vegetables including tomatoes and/or carrots, no dressing"
    ]


def test_a_named_salad_is_still_that_salad(food_db: FoodDB) -> None:
    assert "egg salad" in _foods("an egg salad sandwich", food_db)[0]


@pytest.mark.parametrize("text", ["a bowl of cereal", "cereal"])
def test_cereal_named_alone_is_usdas_generic_cereal(food_db: FoodDB, text: str) -> None:
    assert _foods(text, food_db) == ["cereal, ready-to-eat, nfs"]


@pytest.mark.parametrize(
    ("text", "food"),
    [("pomegranate seeds", "pomegranate"), ("tim hortons timbits", "doughnut holes")],
)
def test_common_names_for_what_is_eaten(food_db: FoodDB, text: str, food: str) -> None:
    assert food in _foods(text, food_db)[0]


def test_a_food_on_a_grain_bread_is_a_sandwich_or_the_food_and_that_bread(
    food_db: FoodDB,
) -> None:
    assert _foods("ham on wheat", food_db) == ["ham sandwich on wheat"]
    rye = _foods("turkey on rye", food_db)
    assert len(rye) == 2 and "turkey" in rye[0] and rye[1] == "bread, rye"
    assert not any("cream of" in f for f in _foods("cheese on a bagel", food_db))


def test_peanut_butter_on_toast_stays_two_foods(food_db: FoodDB) -> None:
    foods = _foods("peanut butter on toast", food_db)
    assert len(foods) == 2 and "toast" in foods[1]


def test_an_and_inside_a_name_keeps_the_name_whole(food_db: FoodDB) -> None:
    foods = _foods("2 egg rolls with sweet and sour sauce", food_db)
    assert foods[1:] == ["sweet and sour sauce"]
    assert "rice soup" in _foods("chicken and rice soup", food_db)[0]
    assert len(_foods("eggs and bacon", food_db)) == 2  # two foods, not a sandwich
