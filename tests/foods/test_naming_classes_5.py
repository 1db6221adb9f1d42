"""Which food a line names, fifth round (issue 9, part 1): coffee-shop drink names, beer
styles and bolognese are cited synonyms; a brand's product does not stand for the food a
person names; a cheese named by its kind alone; a cut word is how a food is served, not
another food. Each on the real food database, on lines other than the ones that revealed
them."""

from __future__ import annotations

import pytest

from magcoach.foods import parse_meal
from magcoach.foods.db import FoodDB


def _foods(text: str, db: FoodDB) -> list[str]:
    return [e.food.description.lower() for e in parse_meal(text, db)]


@pytest.mark.parametrize(
    ("text", "drink"),
    [
        ("a flat white", "coffee, latte"),
        ("2 cortados", "coffee, latte"),
        ("a doppio", "coffee, espresso"),
        ("a large cold brew", "iced coffee, brewed"),
        ("a tall caramel macchiato", "coffee, latte, flavored"),
        ("a vanilla latte", "coffee, latte, flavored"),
        ("a pint of ale", "beer"),
        ("a bottle of ipa", "beer"),
    ],
)
def test_coffee_shop_and_beer_names_are_their_drinks(
    food_db: FoodDB, text: str, drink: str
) -> None:
    # not whiting fish, taffy (a "can" of lager) or "word not known"
    assert _foods(text, food_db) == [drink]


def test_a_can_of_lager_is_a_can_of_beer(food_db: FoodDB) -> None:
    (entry,) = parse_meal("a can of lager", food_db)
    assert entry.food.description == "Beer"
    assert 330 <= entry.grams <= 380  # a 12 fl oz can


def test_ginger_ale_is_still_the_soft_drink(food_db: FoodDB) -> None:
    assert "ginger ale" in _foods("a can of ginger ale", food_db)[0]


def test_bolognese_is_pasta_with_meat_sauce(food_db: FoodDB) -> None:
    assert _foods("a plate of spag bol", food_db)[0].startswith(
        "pasta with tomato-based sauce and meat"
    )


@pytest.mark.parametrize(
    ("text", "food"),
    [
        ("a mango smoothie", "fruit smoothie, nfs"),
        ("a peach mango smoothie", "fruit smoothie, nfs"),
    ],
)
def test_a_brand_product_does_not_stand_for_the_food(food_db: FoodDB, text: str, food: str) -> None:
    # only brands' records (V8 SPLASH with no magnesium value, NAKED JUICE) hold every
    # word: FNDDS's generic smoothie is what a person drank
    assert _foods(text, food_db) == [food]


def test_a_soup_only_a_brand_makes_is_the_generic_soup(food_db: FoodDB) -> None:
    # CAMPBELL'S chicken tortilla soup has magnesium 0 in SR
    (entry,) = parse_meal("a cup of chicken tortilla soup", food_db)
    assert "tortilla soup" in entry.food.description.lower()
    assert (entry.nutrients["magnesium_mg"] or 0) > 10


def test_a_typed_brand_keeps_its_record(food_db: FoodDB) -> None:
    assert "naked juice" in _foods("a naked juice smoothie", food_db)[0]


@pytest.mark.parametrize(
    ("text", "cheese"),
    [
        ("a slice of swiss", "cheese, swiss"),
        ("3 slices of american", "cheese, american"),
        ("a slice of pepper jack", "cheese, monterey"),
    ],
)
def test_a_cheese_named_by_its_kind_alone(food_db: FoodDB, text: str, cheese: str) -> None:
    # not Swiss steak
    assert _foods(text, food_db)[0].startswith(cheese)


@pytest.mark.parametrize(("text", "dish"), [("swiss steak", "swiss steak")])
def test_dishes_named_after_swiss_keep_their_names(food_db: FoodDB, text: str, dish: str) -> None:
    assert _foods(text, food_db)[0] == dish


@pytest.mark.parametrize(
    ("text", "food"),
    [
        ("a cup of sliced tomatoes", "tomatoes, red, ripe, raw"),
        ("a cup of chopped onion", "onions, raw"),
        ("a sliced apple", "apples, raw"),
        ("a cup of diced potatoes", "potato"),
    ],
)
def test_a_cut_word_is_how_a_food_is_served(food_db: FoodDB, text: str, food: str) -> None:
    # not a sliced chicken sandwich, frozen chopped onions, canned sliced apples or baby food
    assert _foods(text, food_db)[0].startswith(food)


def test_meat_bought_sliced_is_deli_meat(food_db: FoodDB) -> None:
    assert _foods("2 oz sliced turkey", food_db) == ["turkey, prepackaged or deli, luncheon meat"]
    assert _foods("a sliced chicken sandwich", food_db)[0].startswith("sliced chicken sandwich")


@pytest.mark.parametrize(
    ("text", "food"),
    [
        ("a bag of pretzels", "pretzels, hard"),
        ("a cup of sugar snap peas", "snowpeas"),
        ("a veggie wrap", "vegetable sandwich wrap"),
        ("a chocolate ice cream cone", "ice cream cone, scooped, chocolate"),
        ("a cup of chicken stir fry", "chicken or turkey"),
    ],
)
def test_the_usual_form_of_a_food_people_name(food_db: FoodDB, text: str, food: str) -> None:
    # not a soft pretzel, green peas, any sandwich wrap, a prepackaged cone, or stir-fried
    # vegetables without the chicken typed
    assert _foods(text, food_db)[0].startswith(food)


def test_a_hot_dog_comes_in_its_bun_unless_typed_without(food_db: FoodDB) -> None:
    (in_bun,) = parse_meal("2 hot dogs", food_db)
    assert "sandwich" in in_bun.food.description.lower()
    assert "sandwich" not in _foods("a hot dog no bun", food_db)[0]
    assert _foods("a hot dog bun", food_db)[0].startswith("roll")
    assert "sandwich" in _foods("a chili dog", food_db)[0]


@pytest.mark.parametrize(
    ("text", "food"),
    [
        ("a cup of roasted brussels sprouts", "brussels sprouts, ns as to form, cooked"),
        ("a cup of steamed carrots", "carrots, ns as to form, cooked"),
    ],
)
def test_a_cooking_method_no_record_holds_is_not_another_method(
    food_db: FoodDB, text: str, food: str
) -> None:
    # not SR's boiled record: USDA's generic cooked one
    assert _foods(text, food_db) == [food]


def test_zucchini_is_the_summer_squash(food_db: FoodDB) -> None:
    assert "zucchini" in _foods("a cup of grilled zucchini", food_db)[0]
    assert "pickled" not in _foods("a cup of zucchini", food_db)[0]
    assert _foods("a slice of zucchini bread", food_db) == ["bread, zucchini"]
