"""Classes of diary phrases that generalise (issue 9, part 1): each test names a class of
misses and checks what the person sees (the food, its weight, the notes), on new examples
of the class rather than the phrase that revealed it."""

from __future__ import annotations

import pytest

from magcoach.errors import InvalidInput, NotFound
from magcoach.foods import parse_meal
from magcoach.foods.db import FoodDB
from magcoach.foods.household import measure_for
from magcoach.foods.parse import parse_entry

FL_OZ_G = 29.57  # a fluid ounce of a water-like drink, in grams


def _name(text: str, db: FoodDB) -> str:
    return parse_entry(text, db).food.description.lower()


# ---------------------------------------------------------------- which food


@pytest.mark.parametrize(
    ("text", "must", "never"),
    [
        ("mac and cheese", "macaroni", "easy mac"),  # "and" in a synonym phrase
        ("1 cup macaroni and cheese", "macaroni", "easy mac"),
        ("a plate of spaghetti and meatballs", "meatball", "pasta, cooked"),
    ],
)
def test_synonyms_with_and_or_with_still_apply(
    food_db: FoodDB, text: str, must: str, never: str
) -> None:
    name = _name(text, food_db)
    assert must in name and never not in name


@pytest.mark.parametrize(
    ("text", "noun", "never"),
    [
        ("pumpkin pie", "pie", "spice"),  # not "Spices, pumpkin pie spice"
        ("a scoop of chocolate ice cream", "ice cream", "bar or stick"),
        ("a caesar salad", "salad", "salad dressing"),
        ("a glass of chocolate soy milk", "soy milk", "drink"),
        ("a square of milk chocolate", "chocolate", "fluid"),  # candy, not chocolate milk
    ],
)
def test_the_last_word_names_the_food(food_db: FoodDB, text: str, noun: str, never: str) -> None:
    name = _name(text, food_db)
    assert noun in name and never not in name


@pytest.mark.parametrize(
    "text", ["a slice of cherry pie", "a slice of pumpkin pie", "a bowl of chicken noodle soup"]
)
def test_a_dish_or_sweet_is_the_as_eaten_record_not_a_commercial_product(
    food_db: FoodDB, text: str
) -> None:
    entry = parse_entry(text, food_db)
    assert entry.food.source.startswith("FNDDS")
    assert "commercially prepared" not in entry.food.description.lower()
    assert "chunky" not in entry.food.description.lower()


@pytest.mark.parametrize(
    ("text", "kind"),
    [("a cup of hot tea", "black"), ("a glass of iced tea", "black"), ("a mug of tea", "black")],
)
def test_tea_without_its_kind_is_black_tea(food_db: FoodDB, text: str, kind: str) -> None:
    assert kind in _name(text, food_db)


def test_named_teas_stay_what_they_are(food_db: FoodDB) -> None:
    assert "herbal" in _name("a mug of herbal tea", food_db)
    assert "green" in _name("a cup of green tea", food_db)


def test_usdas_other_names_for_a_food_count(food_db: FoodDB) -> None:
    # FNDDS lists "key lime" and "blueberry" among the other names of its records
    assert "key lime" in _name("a slice of key lime pie", food_db)
    assert "lemon meringue" not in _name("a slice of key lime pie", food_db)


def test_x_or_y_in_a_name_is_still_an_extra_word(food_db: FoodDB) -> None:
    # "Quesadilla, beef or pork" is a kind of quesadilla; USDA's NFS record is the plain one
    assert "beef or pork" not in _name("a quesadilla", food_db)


def test_spelling_variants_are_usdas_words(food_db: FoodDB) -> None:
    assert "shake" in _name("a small chocolate milkshake", food_db)
    assert "omelet" in _name("an omelette", food_db)
    assert "chili con carne" in _name("a bowl of beef chili", food_db)


# ---------------------------------------------------------------- how much


@pytest.mark.parametrize("text", ["a bowl of ice cream", "a bowl of frozen yogurt"])
def test_a_bowl_of_anything_is_a_cup(food_db: FoodDB, text: str) -> None:
    entry = parse_entry(text, food_db)
    assert "sundae" not in entry.food.description.lower()
    assert entry.portion_used is not None and "cup" in entry.portion_used
    assert 100 <= entry.grams <= 260


def test_a_plate_or_an_order_is_usdas_order(food_db: FoodDB) -> None:
    nachos = parse_entry("a plate of nachos", food_db)
    assert "nacho" in nachos.food.description.lower() and nachos.confidence != "low"
    assert nachos.grams > 150  # an order, never one 7 g nacho
    rings = parse_entry("an order of onion rings", food_db)
    assert rings.grams == pytest.approx(120)


@pytest.mark.parametrize("text", ["medium onion rings", "small onion rings"])
def test_a_size_word_on_fast_food_is_an_order(food_db: FoodDB, text: str) -> None:
    entry = parse_entry(text, food_db)
    assert "onion rings" in entry.food.description.lower()
    assert entry.portion_used is not None and "order" in entry.portion_used
    assert entry.grams >= 100  # not one ring, not "10 rings" of a frozen bag


def test_coffee_shop_sizes_apply_to_drinks_usda_does_not_size(food_db: FoodDB) -> None:
    large = parse_entry("a large hot chocolate", food_db)
    assert "hot chocolate" in large.food.description.lower()
    assert large.grams == pytest.approx(20 * FL_OZ_G, rel=0.08)
    assert "household measure" in (large.portion_used or "")


def test_counted_items_are_one_item_not_a_bag(food_db: FoodDB) -> None:
    cookies = parse_entry("3 chocolate sandwich cookies", food_db)
    assert cookies.grams == pytest.approx(42, rel=0.15)  # 3 x "1 sandwich", not "large"
    chips = parse_entry("10 tortilla chips", food_db)
    assert chips.grams < 60  # ten chips, not ten medium bags
    bag = parse_entry("a small bag of potato chips", food_db)
    assert bag.portion_used is not None and "small" in bag.portion_used


def test_a_plainly_named_item_is_not_srs_mini_size(food_db: FoodDB) -> None:
    assert parse_entry("a blueberry muffin", food_db).grams > 80  # not SR's 31 g "1 muffin"
    assert parse_entry("two eggs", food_db).grams == pytest.approx(100, rel=0.02)


def test_a_food_named_without_a_count_is_not_one_tiny_piece(food_db: FoodDB) -> None:
    entries = parse_meal("a handful of almonds and raisins", food_db)
    assert [e.food.description.lower().count("raisin") > 0 for e in entries] == [False, True]
    assert entries[1].grams >= 20  # USDA's amount for raisins eaten, never one 0.5 g raisin


def test_milk_or_cream_in_coffee_is_a_splash(food_db: FoodDB) -> None:
    coffee, milk = parse_meal("1 cup coffee with milk", food_db)
    assert "coffee" in coffee.food.description.lower()
    assert "milk" in milk.food.description.lower()
    assert milk.grams == pytest.approx(15, rel=0.1)  # FDA's 15 mL, not a cup of milk
    assert "household measure" in (milk.portion_used or "")
    row = measure_for("splash", milk.food)
    assert row is not None and "fda-racc" in row.sources
    # milk with a food is not a splash, and an amount typed is kept
    _, glass = parse_meal("coffee with 1 cup milk", food_db)
    assert glass.grams > 200


def test_a_handful_of_snacks_is_30_g_and_popcorn_is_refused(food_db: FoodDB) -> None:
    assert parse_entry("a handful of pretzels", food_db).grams == pytest.approx(30)
    with pytest.raises(InvalidInput) as err:
        parse_entry("a handful of popcorn", food_db)
    assert "popcorn" in err.value.message.lower()


def test_a_record_without_portions_borrows_a_weight_and_says_so(food_db: FoodDB) -> None:
    entry = parse_entry("a slice of red velvet cake", food_db)
    assert "red velvet" in entry.food.description.lower()  # its own nutrients
    assert entry.grams > 20
    assert any("no portions" in note and "weight is taken from" in note for note in entry.notes)
    assert entry.confidence != "high"


# ---------------------------------------------------------------- safety stays


def test_unknown_words_are_still_refused_not_guessed(food_db: FoodDB) -> None:
    with pytest.raises(NotFound) as err:
        parse_entry("a plate of zorbleflax", food_db)
    assert "zorbleflax" in err.value.message


def test_a_slice_of_a_dish_usda_does_not_cut_is_its_usual_amount(food_db: FoodDB) -> None:
    entry = parse_entry("a slice of apple crumble", food_db)
    assert "apple" in entry.food.description.lower()
    assert entry.grams > 50
    assert any("usual amount" in note for note in entry.notes)


@pytest.mark.parametrize("text", ["a garden salad", "a side salad", "a bowl of green salad"])
def test_a_plain_salad_is_a_lettuce_salad_not_a_taco_salad(food_db: FoodDB, text: str) -> None:
    name = _name(text, food_db)
    assert "lettuce" in name and "taco" not in name and "chicken" not in name
