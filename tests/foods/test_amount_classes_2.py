"""More classes of amount the parser misread (issue 9, part 1): a portion lent by a record of
another food, a can, a handful of fresh fruit, a dish named by the word for its whole, the
item a count names. Each test checks what the person sees (the food, the grams, the portion
and notes, or the refusal's hint) on the real food database, on lines other than the ones
that revealed the class."""

from __future__ import annotations

import pytest

from magcoach.errors import InvalidInput
from magcoach.foods.db import FoodDB
from magcoach.foods.household import measure_for
from magcoach.foods.parse import parse_entry

# ------------------------------------------ a record of another food lends no portion


@pytest.mark.parametrize(
    ("text", "never"),
    [
        ("2 squares of milk chocolate", ("peanut", "almond", "nuts")),
        ("a handful of fresh blueberries", ("dried",)),
        ("a handful of raspberries", ("dried",)),
        ("a veggie burger", ("cheese",)),
        ("a can of peaches", ("nectar", "juice")),
    ],
)
def test_a_portion_is_never_taken_from_another_food(
    food_db: FoodDB, text: str, never: tuple[str, ...]
) -> None:
    try:
        entry = parse_entry(text, food_db)
    except InvalidInput as refused:  # a refusal says so; it takes no other food's portion
        assert "can" in text and "label" in (refused.hint or "")
        return
    description = entry.food.description.lower()
    assert not any(word in description for word in never), description


def test_a_veggie_burger_is_the_patty_not_a_cheese_sandwich(food_db: FoodDB) -> None:
    entry = parse_entry("2 veggie burgers", food_db)
    assert "cheese" not in entry.food.description.lower()
    assert entry.grams == pytest.approx(140, rel=0.1)  # two 70 g patties


# ---------------------------------------------------------------- a can


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [("a tin of tuna", 150, 180), ("2 tins of sardines", 150, 200), ("a can of salmon", 200, 420)],
)
def test_a_can_is_the_can_usda_gives_and_a_tin_is_a_can(
    food_db: FoodDB, text: str, low: float, high: float
) -> None:
    entry = parse_entry(text, food_db)
    assert "can" in (entry.portion_used or "")
    assert low <= entry.grams <= high


@pytest.mark.parametrize("text", ["a can of pears", "a tin of fruit cocktail", "a can of apricots"])
def test_a_can_usda_does_not_give_is_refused_asking_for_the_label(
    food_db: FoodDB, text: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_entry(text, food_db)
    assert "label" in (refused.value.hint or "")
    assert "1 cup" in str(refused.value)  # the portions USDA does give are listed


# ---------------------------------------------------------------- a handful of fresh fruit


@pytest.mark.parametrize(
    ("text", "grams"),
    [
        ("a handful of red grapes", 80),
        ("handful of green grapes", 80),
        ("a handful of blackberries", 80),
        ("a handful of frozen blueberries", 40),
        ("2 handfuls of raspberries", 80),
    ],
)
def test_a_handful_of_fresh_fruit_is_the_cited_portion(
    food_db: FoodDB, text: str, grams: float
) -> None:
    entry = parse_entry(text, food_db)
    assert entry.grams == pytest.approx(grams)
    row = measure_for("handful", entry.food)
    assert row is not None and "bhf-portion-guide" in row.sources


@pytest.mark.parametrize("text", ["a handful of cherry tomatoes", "a handful of baby carrots"])
def test_a_handful_without_a_cited_weight_asks_for_a_count(food_db: FoodDB, text: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_entry(text, food_db)
    assert "count" in (refused.value.hint or "")


# ------------------------------------------ a dish named by the word for its whole


@pytest.mark.parametrize("text", ["an eel roll", "a tuna roll", "1 avocado roll"])
def test_a_sushi_roll_is_the_roll_not_one_piece(food_db: FoodDB, text: str) -> None:
    entry = parse_entry(text, food_db)
    assert "sushi" in entry.food.description.lower()
    assert entry.grams >= 120  # a roll is several 30 g pieces
    assert "usual amount" in (entry.portion_used or "")


def test_pieces_of_a_roll_are_pieces(food_db: FoodDB) -> None:
    entry = parse_entry("2 pieces of salmon roll", food_db)
    assert entry.grams == pytest.approx(60, rel=0.2)


# ---------------------------------------------------------------- the item a count names


@pytest.mark.parametrize("text", ["2 chicken strips", "4 chicken tenders", "a chicken finger"])
def test_a_count_is_of_the_item_its_last_word_names(food_db: FoodDB, text: str) -> None:
    entry = parse_entry(text, food_db)
    each = entry.grams / entry.quantity
    assert each >= 40, entry.portion_used  # a tender or strip, never a 14 g chicken fry
