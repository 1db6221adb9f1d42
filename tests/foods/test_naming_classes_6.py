"""Which food a line names, sixth round (issue 9, part 1): the part of a plant a food is eaten
as is no other food; a record without a magnesium value never stands for a food that has
one, and is never logged as a silent 0 mg; a wine named by its grape is table wine; a typo
fix never turns a real word into another food. Each on the real food database, on lines
other than the ones that revealed them."""

from __future__ import annotations

import pytest

from magcoach.errors import NotFound
from magcoach.foods import parse_meal
from magcoach.foods.db import FoodDB
from magcoach.foods.parse import parse_entry


def _foods(text: str, db: FoodDB) -> list[str]:
    return [e.food.description.lower() for e in parse_meal(text, db)]


@pytest.mark.parametrize(
    ("text", "food", "low", "high"),
    [
        ("a cup of kale leaves", "kale", 15, 80),
        ("a cup of broccoli florets", "broccoli", 60, 160),
        ("2 cups of baby spinach leaves", "spinach", 40, 130),
        ("a cup of lettuce leaves", "lettuce", 20, 80),
        ("a cup of sweet corn kernels", "corn", 120, 200),
    ],
)
def test_a_plant_part_after_a_food_is_that_food(
    food_db: FoodDB, text: str, food: str, low: float, high: float
) -> None:
    (entry,) = parse_meal(text, food_db)
    # not "Lau lau (... wrapped in taro or spinach leaves)", and no "florets" read as "forest"
    assert food in entry.food.description.lower()
    assert low <= entry.grams <= high
    assert entry.confidence != "low"
    assert not any("forest" in note for note in entry.notes)


@pytest.mark.parametrize(
    ("text", "food"),
    [("grape leaves", "grape leaves"), ("a handful of sunflower kernels", "sunflower")],
)
def test_a_food_usda_names_by_its_part_keeps_it(food_db: FoodDB, text: str, food: str) -> None:
    assert food in _foods(text, food_db)[0]


@pytest.mark.parametrize(
    ("text", "wine"),
    [
        ("a glass of pinot noir", "wine, table, red"),
        ("a glass of syrah", "wine, table, red"),
        ("2 glasses of malbec", "wine, table, red"),
        ("a glass of sangiovese", "wine, table, red"),
        ("a glass of riesling", "wine, table, white"),
        ("a glass of sauvignon blanc", "wine, table, white"),
        ("a glass of prosecco", "wine, table, white"),
        ("a glass of rosé", "wine, rose"),
    ],
)
def test_a_wine_named_by_its_grape_is_table_wine_with_magnesium(
    food_db: FoodDB, text: str, wine: str
) -> None:
    (entry,) = parse_meal(text, food_db)
    assert wine in entry.food.description.lower()
    assert entry.magnesium_mg is not None and entry.magnesium_mg > 5
    assert entry.confidence == "high"


def test_beef_burgundy_is_still_the_dish(food_db: FoodDB) -> None:
    assert "beef burgundy" in _foods("a bowl of beef burgundy", food_db)[0]


def test_a_record_without_magnesium_is_never_a_silent_zero(food_db: FoodDB) -> None:
    # only SR's late-harvest records name it, and USDA gives them no magnesium value
    entry = parse_entry("a glass of late harvest wine", food_db)
    assert entry.magnesium_mg is None
    assert entry.confidence == "low"
    assert any("no magnesium value" in note for note in entry.notes)


@pytest.mark.parametrize("text", ["matcha", "a cup of skyr"])
def test_a_word_usda_does_not_know_is_refused_not_swapped(food_db: FoodDB, text: str) -> None:
    # "matcha" is no "mat" + "cha" (a hot sauce brand), no "MARTHA WHITE" biscuit mix;
    # "skyr" is no "Sky Bar"
    with pytest.raises(NotFound):
        parse_meal(text, food_db)


@pytest.mark.parametrize(
    ("text", "food"),
    [
        ("a bowl of wholewheat pasta", "whole-wheat"),
        ("a cup of choc milk", "chocolate milk"),
        ("2 choc chip cookies", "chocolate chip"),
    ],
)
def test_compounds_and_shorthand_still_read(food_db: FoodDB, text: str, food: str) -> None:
    assert food in _foods(text, food_db)[0]


@pytest.mark.parametrize(("text", "low", "high"), [("3 eggs", 130, 170), ("an egg", 40, 60)])
def test_eggs_without_a_preparation_are_cooked_eggs(
    food_db: FoodDB, text: str, low: float, high: float
) -> None:
    # eggs are eaten cooked: USDA codes an unstated preparation as "cooked, NS as to method"
    (entry,) = parse_meal(text, food_db)
    name = entry.food.description.lower()
    assert "egg, whole" in name and "cooked" in name and "raw" not in name
    assert low <= entry.grams <= high


def test_a_raw_egg_is_still_raw(food_db: FoodDB) -> None:
    assert "raw" in _foods("a raw egg", food_db)[0]


@pytest.mark.parametrize(
    ("text", "never"),
    [
        ("a bean and cheese taco", "no cheese"),
        ("a slice of chocolate cake with frosting", "no icing"),
    ],
)
def test_a_food_typed_is_never_matched_by_a_record_without_it(
    food_db: FoodDB, text: str, never: str
) -> None:
    assert not any(never in food for food in _foods(text, food_db))


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("a green salad with dressing", ("salad", "dressing")),
        ("tea with half and half", ("tea", "half and half")),
    ],
)
def test_a_common_name_only_names_the_whole_line(
    food_db: FoodDB, text: str, parts: tuple[str, str]
) -> None:
    # "salad" alone is a synonym, "half and half" names a part: neither is the whole line
    foods = _foods(text, food_db)
    assert len(foods) == 2
    assert parts[0] in foods[0] and parts[1] in foods[1]


@pytest.mark.parametrize(
    ("text", "dish"),
    [
        ("a pork and bean burrito", "burrito"),
        ("a chicken and cheese quesadilla", "quesadilla"),
        ("a ham and cheese omelette", "omelet"),
    ],
)
def test_fillings_joined_by_and_before_a_dish_name_one_dish(
    food_db: FoodDB, text: str, dish: str
) -> None:
    # not roast pork and a meatless burrito
    foods = _foods(text, food_db)
    assert len(foods) == 1 and dish in foods[0]


def test_a_plain_hot_dog_is_the_generic_one_on_a_white_bun(food_db: FoodDB) -> None:
    (food,) = _foods("2 hot dogs", food_db)
    assert food.startswith("hot dog sandwich, nfs") and "white bun" in food


@pytest.mark.parametrize(
    ("text", "food"),
    [("a bacon biscuit", "bacon on biscuit"), ("2 sausage biscuits", "sausage on biscuit")],
)
def test_a_dish_named_by_what_it_comes_on_holds_no_food_not_typed(
    food_db: FoodDB, text: str, food: str
) -> None:
    # not "Egg and bacon on biscuit": nobody typed the egg
    assert _foods(text, food_db) == [food]


@pytest.mark.parametrize(("text", "food"), [("2 pieces of fudge", "fudge, chocolate")])
def test_the_record_fndds_codes_the_plain_food_as_comes_first(
    food_db: FoodDB, text: str, food: str
) -> None:
    # FNDDS lists "fudge, NFS" among the other names of "Fudge, chocolate": not vanilla
    assert _foods(text, food_db) == [food]


def test_a_flavour_typed_still_picks_it(food_db: FoodDB) -> None:
    assert _foods("a piece of vanilla fudge", food_db) == ["fudge, vanilla"]


@pytest.mark.parametrize(
    ("text", "food"),
    [
        ("a bag of gummy worms", "candy, gummy"),  # not bear meat
        ("4 mozzarella sticks", "mozzarella sticks"),  # not the cheese
        ("a pain au chocolat", "croissant, chocolate"),
        ("a plate of chicken parm", "parmigiana"),  # not chicken salad
        ("a bowl of chicken korma", "chicken curry"),
    ],
)
def test_dish_and_sweet_names_people_use_are_their_usda_records(
    food_db: FoodDB, text: str, food: str
) -> None:
    (entry,) = parse_meal(text, food_db)
    assert food in entry.food.description.lower()
    assert entry.confidence == "high"  # a common name is no typo to report


@pytest.mark.parametrize("text", ["a hot toddy", "a cup of matcha"])
def test_a_typo_fix_never_lands_on_a_brand_or_another_name(food_db: FoodDB, text: str) -> None:
    # "toddy" is no "(Teddy Grahams)": a word only a brand's name holds is no fix
    with pytest.raises(NotFound):
        parse_meal(text, food_db)


@pytest.mark.parametrize(
    ("text", "food"),
    [
        ("a bottle of heineken", "beer"),
        ("2 coors lights", "beer, light"),
        ("3 fish fingers", "fish"),
        ("a grilled lobster tail", "lobster"),
        ("a cup of riced cauliflower", "cauliflower"),
        ("10 jelly beans", "jellybeans"),
    ],
)
def test_brand_and_household_names_are_the_food(food_db: FoodDB, text: str, food: str) -> None:
    assert food in _foods(text, food_db)[0]


def test_a_mixed_drink_named_with_a_brand_is_the_mix(food_db: FoodDB) -> None:
    (entry,) = parse_meal("a vodka and coke", food_db)
    assert entry.food.description.lower() == "vodka and cola"
    assert entry.confidence == "high"


@pytest.mark.parametrize(
    ("text", "food", "never"),
    [
        ("a grilled lobster tail", "lobster", "cheese"),  # no grilled cheese sandwich
        ("2 grilled pork chops", "pork", "burrito"),  # no burrito a grilled pork is in
        ("grilled zucchini", "squash", "raw"),
    ],
)
def test_a_cooking_method_no_record_names_keeps_the_food(
    food_db: FoodDB, text: str, food: str, never: str
) -> None:
    (entry,) = parse_meal(text, food_db)
    name = entry.food.description.lower()
    assert food in name and never not in name


@pytest.mark.parametrize(
    ("text", "food", "never"),
    [
        ("a steak sandwich", "steak sandwich", "sandwich steak"),  # a sandwich, not a cut
        ("a side of steak fries", "potato", "beef"),
        ("a turkey steak", "steak", "beef"),
    ],
)
def test_steak_is_beef_only_when_named_alone(
    food_db: FoodDB, text: str, food: str, never: str
) -> None:
    name = _foods(text, food_db)[0]
    assert food in name and never not in name


@pytest.mark.parametrize(("text", "food"), [("a kids size fries", "french fries")])
def test_a_size_word_is_no_food_word(food_db: FoodDB, text: str, food: str) -> None:
    # not "Pie, individual size or tart"
    assert food in _foods(text, food_db)[0]


@pytest.mark.parametrize("text", ["a chicken thigh", "2 chicken drumsticks"])
def test_poultry_is_eaten_with_its_skin_unless_said(food_db: FoodDB, text: str) -> None:
    # SR's "meat only" is the meat without its skin
    assert "meat only" not in _foods(text, food_db)[0]


def test_a_word_usda_writes_in_two_words_meets_its_record(food_db: FoodDB) -> None:
    # FNDDS "Bread, sour dough", not SR's french bread that "includes sourdough"
    (entry,) = parse_meal("2 slices of sourdough", food_db)
    assert entry.food.description == "Bread, sour dough"
    assert 40 <= entry.grams <= 80


@pytest.mark.parametrize(
    ("text", "food", "never"),
    [
        ("2 pieces of fried chicken", "chicken", "meatless"),
        ("a bowl of meatballs", "meatball", "meatless"),
        ("a bean burrito", "meatless", "meat and"),  # a meatless burrito is the bean one
    ],
)
def test_a_meatless_version_of_a_meat_is_named_as_such(
    food_db: FoodDB, text: str, food: str, never: str
) -> None:
    name = _foods(text, food_db)[0]
    assert food in name and never not in name


@pytest.mark.parametrize(
    ("text", "food", "never"),
    [
        ("a bowl of penne alla vodka", "pasta", "vodka"),  # the style, not the food
        ("a square of cornbread", "cornbread, prepared from mix", "chicken"),
        ("a slice of hawaiian pizza", "pizza with meat and fruit, medium crust", "thin"),
        ("a veggie dog", "hot dog, vegetarian", "sandwich"),
    ],
)
def test_the_food_is_not_the_style_the_mix_or_an_unasked_crust(
    food_db: FoodDB, text: str, food: str, never: str
) -> None:
    name = _foods(text, food_db)[0]
    assert food in name and never not in name


@pytest.mark.parametrize("text", ["fried chicken", "a piece of fried chicken"])
def test_a_part_eaten_apart_is_named_as_such(food_db: FoodDB, text: str) -> None:
    # not SR's fried chicken skin alone, nor the giblets
    name = _foods(text, food_db)[0]
    assert "skin only" not in name and "giblets" not in name


def test_a_word_of_a_common_name_is_no_unknown_unit(food_db: FoodDB) -> None:
    # "a jacket potato": "jacket" is a word of the common name, not a unit or a typo
    (entry,) = parse_meal("a jacket potato", food_db)
    name = entry.food.description.lower()
    assert "potato" in name and "baked" in name
    assert entry.confidence == "high"


def test_a_matcha_latte_is_a_tea_latte_and_matcha_alone_is_refused(food_db: FoodDB) -> None:
    (entry,) = parse_meal("a matcha latte", food_db)
    assert entry.food.description == "Tea, hot, with milk"  # FNDDS: "tea latte"
    with pytest.raises(NotFound):
        parse_meal("2 tsp matcha", food_db)


@pytest.mark.parametrize(
    ("text", "food"),
    [
        ("a little caesars slice", "pizza"),  # not meatless luncheon slices
        ("2 slices of sbarro", "pizza"),
        ("a cheesecake factory cheesecake", "cheesecake"),
    ],
)
def test_a_chain_named_with_only_an_amount_is_what_it_sells(
    food_db: FoodDB, text: str, food: str
) -> None:
    (entry,) = parse_meal(text, food_db)
    assert food in entry.food.description.lower()
    assert any("where it was bought" in note for note in entry.notes)


def test_a_food_word_in_a_record_is_no_chain_record(food_db: FoodDB) -> None:
    # "chipotle" of "Chipotle dip" is a pepper, not the chain's own record of a bowl
    assert not any("dip" in food for food in _foods("a chipotle burrito", food_db))


@pytest.mark.parametrize(
    ("text", "food"),
    [
        ("a bowl of ramen", "soup, mostly noodles"),  # not the dry block
        ("a mug of earl grey", "tea"),
        ("an activia", "yogurt"),  # not active dry yeast
        ("a quest bar", "nutrition bar"),  # not queso
        ("a can of lacroix", "water, carbonated"),
    ],
)
def test_brand_and_dish_names_are_their_foods(food_db: FoodDB, text: str, food: str) -> None:
    assert food in _foods(text, food_db)[0]


@pytest.mark.parametrize("text", ["a vanilla milkshake", "a strawberry shake"])
def test_a_shake_is_the_one_fndds_codes_for_any_type_not_a_bottled_one(
    food_db: FoodDB, text: str
) -> None:
    # FNDDS lists "NS as to flavor or type" among the fast-food shake's other names
    (food,) = _foods(text, food_db)
    assert "milk shake" in food and "bottled" not in food and "other than chocolate" in food


def test_a_record_other_than_the_flavour_typed_is_not_it(food_db: FoodDB) -> None:
    # "flavors other than chocolate" is no chocolate shake
    assert "other than chocolate" not in _foods("a large chocolate milkshake", food_db)[0]


@pytest.mark.parametrize(
    "text", ["eggs and whole wheat toast", "chicken and brown rice", "pasta and garlic bread"]
)
def test_two_foods_joined_by_and_are_never_one_of_them(food_db: FoodDB, text: str) -> None:
    # only a filled dish ("a beef and bean burrito") is one food: nothing is dropped
    assert len(_foods(text, food_db)) == 2


def test_with_skin_is_how_a_food_was_eaten_not_another_food(food_db: FoodDB) -> None:
    # not a baked potato and 100 g of boiled pork skin
    (food,) = _foods("a baked potato with the skin", food_db)
    assert "potato" in food and "skin" in food


@pytest.mark.parametrize(
    ("text", "food"),
    [("a cup of artichoke hearts", "artichokes"), ("a cup of edamame beans", "edamame")],
)
def test_the_part_or_kind_word_after_a_food_is_that_food(
    food_db: FoodDB, text: str, food: str
) -> None:
    assert _foods(text, food_db)[0].startswith(food)  # not beef heart, not snap beans


def test_a_percentage_in_the_record_name_is_matched(food_db: FoodDB) -> None:
    (entry,) = parse_meal("a square of 85% dark chocolate", food_db)
    assert "70-85%" in entry.food.description and entry.confidence == "high"


@pytest.mark.parametrize(
    ("text", "food"),
    [
        ("a glass of port", "wine, dessert"),  # not Port Salut cheese
        ("a hot cross bun", "roll, sweet"),  # not a hot dog
        ("a bacon butty", "bacon sandwich"),  # not a pork butt
        ("2 sausage rolls", "pig in a blanket"),
        ("sausage and mash", "potato, mashed"),
    ],
)
def test_british_names_are_their_foods(food_db: FoodDB, text: str, food: str) -> None:
    assert any(food in name for name in _foods(text, food_db))
