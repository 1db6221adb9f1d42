"""Which food a line names, seventh round (issue 9, part 1): a roll named by its raw-fish
filling is sushi; a slice of a bread's grain is that bread; a whole-wheat crust is named by
those who eat it; British and takeaway names read as the food they are (a pie of meat is a pot
pie, bitter is beer, a toastie a toasted sandwich, an egg mayo filling egg salad, an iced or
currant bun a sweet roll). Each on the real food database, on lines other than the ones that
revealed them."""

from __future__ import annotations

import pytest

from magcoach.foods import parse_meal
from magcoach.foods.db import FoodDB


def _one(text: str, db: FoodDB) -> tuple[str, float, str]:
    (entry,) = parse_meal(text, db)
    return entry.food.description.lower(), entry.grams, entry.confidence


@pytest.mark.parametrize(
    ("text", "fish"),
    [
        ("a tuna roll", "tuna"),
        ("2 salmon avocado rolls", "salmon"),
        ("a philly roll", "salmon"),
        ("an eel roll", "eel"),
        ("a shrimp tempura roll", "shrimp"),
    ],
)
def test_a_roll_named_by_its_fish_is_sushi(food_db: FoodDB, text: str, fish: str) -> None:
    food, grams, _ = _one(text, food_db)
    # not "Roll, NS as to major flour": a bread roll of 43 g
    assert food.startswith("sushi roll") and fish in food
    assert grams >= 150


@pytest.mark.parametrize(
    ("text", "bread", "low", "high"),
    [
        ("3 slices of rye", "bread, rye", 80, 110),
        ("a slice of granary", "bread, multigrain", 20, 45),
        ("2 slices of multigrain", "bread, multigrain", 45, 80),
    ],
)
def test_a_slice_of_a_grain_is_that_bread(
    food_db: FoodDB, text: str, bread: str, low: float, high: float
) -> None:
    food, grams, _ = _one(text, food_db)
    assert food.startswith(bread)  # not rye crackers, rye grain or flour
    assert low <= grams <= high


def test_a_whole_wheat_crust_is_named_by_those_who_eat_it(food_db: FoodDB) -> None:
    food, _, _ = _one("2 slices of vegetable pizza", food_db)
    assert "pizza" in food and "whole wheat" not in food and "gluten" not in food
    # named, it is still found
    food, _, _ = _one("a slice of whole wheat veggie pizza", food_db)
    assert "whole wheat" in food


@pytest.mark.parametrize(
    ("text", "wanted", "not_wanted"),
    [
        ("a pint of bitter", "beer", "melon"),
        ("a steak and kidney pie", "pot pie, beef", "pie, nfs"),
        ("a chicken and mushroom pie", "pot pie, chicken", "puerto rican"),
        ("a slice of cottage pie", "shepherd's pie", "pie, nfs"),
        ("2 yorkshire puddings", "popover", "bread"),
        ("a toastie", "grilled cheese sandwich", "bread, cheese"),
        ("an egg mayonnaise sandwich", "egg salad sandwich", "egg white"),
        ("2 iced buns", "roll, sweet, frosted", "bao"),
        ("a toasted teacake", "roll, sweet", "black forest"),
        ("3 custard creams", "cookie, vanilla sandwich", "cream puff"),
        ("a philly cheese steak", "steak and cheese", "roast beef"),
        ("a bacon sarnie", "bacon sandwich", "roll, ns"),
        ("a tuna roll", "sushi roll", "roll, ns"),
        ("chole", "chickpeas", "pizza"),
        ("a cornish pasty", "turnover, meat-, potato-", "pastry, puff"),
        ("a battered cod", "cod, fried", "grilled"),
        ("a doner kebab", "gyro", "unknown"),
        ("2 yum yums", "doughnuts", "pop-tarts"),
        ("2 digestive biscuits", "graham crackers", "unknown"),
        ("a steak torta", "sandwich", "pound cake"),
        ("2 hershey bars", "chocolate", "kit kat"),
        ("a can of hard seltzer", "vodka and soda", "hard candy"),
        ("a cup of queso", "cheese dip", "asadero"),
        ("a bag of mini cheddars", "crackers, cheese", "spread"),
        ("2 slices of black pudding", "blood sausage", "pudding, bread"),
        ("a glass of lemon squash", "fruit flavored drink", "squash, winter"),
        ("a can of coke zero", "cola, diet", "powerade"),
        ("2 tortilla wraps", "tortilla, flour", "sandwich"),
        ("3 lamb cutlets", "lamb chop", "pork"),
        ("2 satsumas", "tangerine", "unknown"),
        ("a fromage frais", "yogurt", "venison"),
        ("3 onion bhajis", "pakora", "onions, raw"),
        ("a chicken banh mi", "sandwich", "rice paper"),
    ],
)
def test_british_and_takeaway_names_are_the_food_they_name(
    food_db: FoodDB, text: str, wanted: str, not_wanted: str
) -> None:
    food, grams, _ = _one(text, food_db)
    assert wanted in food and not_wanted not in food
    assert grams > 5


def test_chana_masala_is_a_chickpea_dish_with_a_magnesium_value(food_db: FoodDB) -> None:
    (entry,) = parse_meal("a bowl of chana masala", food_db)
    # not a branded frozen pizza without a magnesium value
    assert "chickpea" in entry.food.description.lower()
    assert entry.magnesium_mg is not None and entry.magnesium_mg > 20


@pytest.mark.parametrize(
    ("text", "dish"),
    [
        ("a cheese and lettuce sandwich", "cheese sandwich"),
        ("a cheese and onion sandwich", "cheese sandwich"),
        ("a lettuce and tomato sandwich", "tomato sandwich"),
    ],
)
def test_a_sandwich_of_fillings_is_no_meat_nobody_typed(
    food_db: FoodDB, text: str, dish: str
) -> None:
    (entry,) = parse_meal(text, food_db)
    food = entry.food.description.lower()
    # not the chicken or steak submarine sandwich that lists the fillings among what it holds
    assert food.startswith(dish)
    assert not any(meat in food for meat in ("chicken", "steak", "turkey", "beef", "ham"))


def test_a_meat_typed_still_picks_the_sandwich_of_that_meat(food_db: FoodDB) -> None:
    (entry,) = parse_meal("a chicken and cheese sandwich", food_db)
    assert "chicken" in entry.food.description.lower()


@pytest.mark.parametrize(
    ("text", "food"),
    [
        ("a cup of general tso's chicken", "general tso"),
        ("2 cups of general tso's chicken", "general tso"),
    ],
)
def test_a_possessive_s_is_no_word_of_the_name(food_db: FoodDB, text: str, food: str) -> None:
    (entry,) = parse_meal(text, food_db)
    # the FNDDS dish, not a restaurant record matched on the lone "s" of "tso's"
    assert entry.food.description.lower().startswith(food)
    assert entry.grams > 100


def test_a_day_or_a_meal_deal_is_no_food(food_db: FoodDB) -> None:
    # "sunday" is no typo of "sundae", "deal" none of "dal"
    for text in ("a sunday roast", "a meal deal sandwich"):
        (entry,) = parse_meal(text, food_db)
        food = entry.food.description.lower()
        assert "sundae" not in food and "dal" not in food.split()


@pytest.mark.parametrize(
    ("text", "food"),
    [("3 grilled tomatoes", "tomato"), ("a cup of roasted vegetables", "vegetable")],
)
def test_a_cooked_food_is_no_dish_that_holds_it(food_db: FoodDB, text: str, food: str) -> None:
    (entry,) = parse_meal(text, food_db)
    name = entry.food.description.lower()
    # not "Fast Foods, grilled chicken filet sandwich, with lettuce, tomato" nor a brand's
    # "Fire Roasted Vegetable Crackers"
    assert name.startswith(food)
    assert "sandwich" not in name and "cracker" not in name
