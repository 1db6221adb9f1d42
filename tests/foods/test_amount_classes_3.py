"""Third round of amount classes the parser misread (issue 9, part 1): a count of a food USDA
gives only by its container, a can of a drink that is not canned food, one piece of chocolate,
a small or large handful, a household measure of a juice, small cookies counted. Each test
checks what the person sees (the food, the grams, the portion and notes) on the real food
database, on lines other than the ones that revealed the class."""

from __future__ import annotations

import pytest

from magcoach.errors import InvalidInput
from magcoach.foods.db import FoodDB
from magcoach.foods.parse import parse_entry

# ------------------------------------------ a count of a food USDA gives by its container


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [("2 milkshakes", 500, 760), ("a chocolate shake", 280, 400)],
)
def test_a_count_of_a_food_sold_by_its_container_is_its_container(
    food_db: FoodDB, text: str, low: float, high: float
) -> None:
    entry = parse_entry(text, food_db)
    description = entry.food.description.lower()
    assert "shake" in description and "nutritional" not in description
    assert low <= entry.grams <= high


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [("a fruit smoothie", 300, 340), ("2 eggs", 90, 110), ("a cheeseburger", 120, 220)],
)
def test_a_count_with_an_item_or_usual_amount_keeps_it(
    food_db: FoodDB, text: str, low: float, high: float
) -> None:
    assert low <= parse_entry(text, food_db).grams <= high


# ------------------------------------------------- a can of a drink that is not canned food


@pytest.mark.parametrize("text", ["a can of coconut water", "a can of pineapple juice"])
def test_a_can_of_a_drink_is_the_12_fl_oz_can(food_db: FoodDB, text: str) -> None:
    entry = parse_entry(text, food_db)
    drink = text.removeprefix("a can of ").split()
    description = entry.food.description.lower()
    assert all(word in description for word in drink), description  # never canned coconut milk
    assert 340 <= entry.grams <= 400  # 12 fl oz


def test_a_can_of_food_without_its_can_still_asks_for_the_label(food_db: FoodDB) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_entry("a can of coconut cream", food_db)  # a food, not a drink's 12 fl oz
    assert "label" in (refused.value.hint or "")


def test_a_canned_record_of_the_food_named_is_still_used(food_db: FoodDB) -> None:
    entry = parse_entry("a can of sardines", food_db)
    assert "sardine" in entry.food.description.lower() and "can" in (entry.portion_used or "")


# ------------------------------------- a household measure's excludes read the food's name


def test_a_handful_of_a_fruit_juice_is_not_a_handful_of_the_fruit(food_db: FoodDB) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_entry("a handful of apple juice", food_db)  # was 80 g of a grape-juice blend
    assert "cups or fl oz" in (refused.value.hint or "")


def test_a_fruit_filed_with_fruit_juices_keeps_its_handful(food_db: FoodDB) -> None:
    entry = parse_entry("a handful of red grapes", food_db)
    assert "juice" not in entry.food.description.lower()
    assert entry.grams == pytest.approx(80)


# ------------------------------------------------------------- one candy is a piece


@pytest.mark.parametrize("text", ["2 chocolates", "a dark chocolate", "a hard candy"])
def test_one_candy_is_a_piece_not_a_molded_figure_or_a_bar(food_db: FoodDB, text: str) -> None:
    entry = parse_entry(text, food_db)
    count = 2 if text.startswith("2") else 1
    assert entry.grams / count < 20  # a piece, never a 132 g hollow figure or a 4 oz bar
    assert "piece" in (entry.portion_used or "")


# ------------------------------------------------- a size of a measure no source weighs


@pytest.mark.parametrize(
    ("sized", "plain", "size"),
    [
        ("a small handful of cashews", "a handful of cashews", "small"),
        ("a large handful of raisins", "a handful of raisins", "large"),
    ],
)
def test_a_size_no_source_weighs_is_said_never_silent(
    food_db: FoodDB, sized: str, plain: str, size: str
) -> None:
    entry = parse_entry(sized, food_db)
    assert entry.grams == pytest.approx(parse_entry(plain, food_db).grams)
    assert entry.confidence != "high"
    assert any(f"'{size}' not counted" in note for note in entry.notes)


def test_a_size_usda_gives_is_used_without_a_note(food_db: FoodDB) -> None:
    entry = parse_entry("a large slice of pizza", food_db)
    assert "large" in (entry.portion_used or "")
    assert not any("not counted" in note for note in entry.notes)


# ----------------------------- small cookies counted: the item named before a bare size


def test_a_count_takes_the_item_another_record_names_when_a_bare_size_is_4_times_it(
    food_db: FoodDB,
) -> None:
    entry = parse_entry("4 gingersnaps", food_db)  # FNDDS "1 medium" 30 g; SR "1 cookie" 7 g
    assert entry.grams == pytest.approx(28, abs=4)
    assert entry.portion_used == "1 cookie"
    assert any("gives only a size" in note for note in entry.notes)


def test_a_bare_size_close_to_the_named_item_is_kept(food_db: FoodDB) -> None:
    # SR's shortbread "1 cookie" (11.8 g) is not 4 times apart from FNDDS's medium (30 g)
    entry = parse_entry("2 shortbread cookies", food_db)
    assert entry.grams == pytest.approx(60)


def test_a_variant_record_lends_no_item(food_db: FoodDB) -> None:
    # SR's 7 g oatmeal cookie is a special dietary one: not the oatmeal cookie typed
    entry = parse_entry("an oatmeal cookie", food_db)
    assert "dietary" not in entry.food.description.lower()
