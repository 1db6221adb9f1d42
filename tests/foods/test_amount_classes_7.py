"""Seventh round of amount classes the parser misread (issue 9, part 1): a bare count of a
small item USDA weighs by the patty (a falafel ball, a hash brown), an omelet named without a
count of eggs (USDA's usual omelet, not its "1 egg"), and "an order of" a side that only the
restaurant record sells by the order. Each test checks what the person sees on the real food
database, on lines other than the ones that revealed the class."""

from __future__ import annotations

import pytest

from magcoach.foods.db import FoodDB
from magcoach.foods.parse import parse_entry


@pytest.mark.parametrize(("text", "count"), [("5 falafel", 5), ("2 hash browns", 2)])
def test_a_bare_count_of_a_patty_food_is_that_many_patties(
    food_db: FoodDB, text: str, count: int
) -> None:
    entry = parse_entry(text, food_db)
    assert "patty" in (entry.portion_used or "")
    assert 10 * count <= entry.grams <= 60 * count  # patties, not USDA's helping of several


@pytest.mark.parametrize("text", ["a mushroom omelet", "a veggie omelet", "a cheese omelet"])
def test_an_omelet_without_a_count_of_eggs_is_the_usual_omelet(food_db: FoodDB, text: str) -> None:
    entry = parse_entry(text, food_db)
    assert "omelet" in entry.food.description.lower()
    assert entry.grams >= 100  # FNDDS's usual omelet, never one egg's worth (60-75 g)


def test_an_order_of_a_side_is_the_restaurant_order(food_db: FoodDB) -> None:
    entry = parse_entry("an order of tater tots", food_db)
    assert "restaurant" in entry.food.description.lower()
    assert "order" in (entry.portion_used or "")
    assert 110 <= entry.grams <= 150


@pytest.mark.parametrize(("text", "count"), [("3 large eggs", 3), ("4 large eggs", 4)])
def test_a_size_never_pulls_another_preparation(food_db: FoodDB, text: str, count: int) -> None:
    entry = parse_entry(text, food_db)
    description = entry.food.description.lower()
    assert not any(w in description for w in ("poached", "omelet", "fried", "scrambled"))
    assert 44 * count <= entry.grams <= 63 * count  # one egg each (USDA 44-63 g)


def test_a_size_with_its_preparation_typed_keeps_it(food_db: FoodDB) -> None:
    assert "fried" in parse_entry("2 large fried eggs", food_db).food.description.lower()


def test_a_common_name_ending_in_a_unit_word_is_a_name(food_db: FoodDB) -> None:
    # "poke bowl" (synonyms.csv) is a dish, never "1 bowl" of poke greens
    entry = parse_entry("2 poke bowls", food_db)
    assert "greens" not in entry.food.description.lower()
    assert 250 <= entry.grams <= 450  # two of USDA's usual amount, not two 30 g pieces


def test_a_ham_steak_is_ham_not_a_pot_pie(food_db: FoodDB) -> None:
    entry = parse_entry("2 ham steaks", food_db)
    assert "pie" not in entry.food.description.lower()
    assert "ham" in entry.food.description.lower()


@pytest.mark.parametrize(
    ("text", "low", "high"), [("2 kit kats", 70, 100), ("a butterfinger", 35, 60)]
)
def test_a_candy_named_by_its_brand_is_its_bar(
    food_db: FoodDB, text: str, low: float, high: float
) -> None:
    entry = parse_entry(text, food_db)
    assert "bar" in (entry.portion_used or "")
    assert low <= entry.grams <= high  # the bar, never a 3 g bite nor a cup of the bites


def test_a_bar_typed_is_the_plain_bar_not_a_wrapper_size(food_db: FoodDB) -> None:
    entry = parse_entry("a hershey bar", food_db)
    assert "fun" not in (entry.portion_used or "")
    assert 35 <= entry.grams <= 50


def test_a_platter_is_a_plate(food_db: FoodDB) -> None:
    assert parse_entry("a platter of nachos", food_db).grams >= 150  # an order, not one chip


def test_a_count_named_by_a_word_of_a_measure_is_the_item(food_db: FoodDB) -> None:
    # "1 surface inch, Belgian waffle" (3.7 g) is a measure of a waffle, not a waffle
    entry = parse_entry("2 belgian waffles", food_db)
    assert 200 <= entry.grams <= 320


def test_a_count_takes_the_size_usda_leaves_unsaid_before_a_small_cut(food_db: FoodDB) -> None:
    # "1 pretzel, NS as to size" (3 g), not "1 pretzel stick" (1 g)
    entry = parse_entry("8 pretzels", food_db)
    assert 18 <= entry.grams <= 40


@pytest.mark.parametrize(("text", "low"), [("a pack of skittles", 40), ("2 packs of oatmeal", 200)])
def test_a_pack_is_a_packet(food_db: FoodDB, text: str, low: float) -> None:
    entry = parse_entry(text, food_db)
    assert entry.grams >= low  # the packet, never one candy or a refusal
