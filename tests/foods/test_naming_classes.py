"""Which food a line names, and how a line splits into foods (issue 9, part 1): each test
names a class of phrase and checks what the person sees (the foods logged, their weight, the
notes), on the real food database and on examples of the class other than the ones that
revealed it."""

from __future__ import annotations

import pytest

from magcoach.foods import parse_meal, split_foods
from magcoach.foods.db import FoodDB
from magcoach.foods.parse import parse_entry


def _names(text: str, db: FoodDB) -> list[str]:
    return [e.food.description.lower() for e in parse_meal(text, db)]


def _name(text: str, db: FoodDB) -> str:
    return parse_entry(text, db).food.description.lower()


# ---------------------------------------------------------------- 1. mixes and parts


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        # a cooking word in the record ("toasted kernels") does not name the toast typed
        ("toast with honey", ["bread", "honey"]),
        ("2 slices of toast with butter and jam", ["bread", "butter", "jam"]),
        # a rarely meant kind (babyfood) is not the oatmeal and fruit typed
        ("oatmeal with strawberries", ["oatmeal", "strawberries"]),
        ("oatmeal with raisins", ["oatmeal", "raisins"]),  # not an oatmeal raisin cookie
        # the record's noun must be the food typed: pancakes, not pancake syrup
        ("pancakes with syrup", ["pancakes", "syrup"]),
        ("eggs and bacon", ["egg", "bacon"]),  # not a bacon and egg sandwich
        ("nutella on toast", ["hazelnut", "bread"]),
        ("peanut butter on toast", ["peanut butter", "bread"]),
    ],
)
def test_foods_named_together_are_each_logged(food_db: FoodDB, text: str, parts: list[str]) -> None:
    names = _names(text, food_db)
    assert len(names) == len(parts), names
    for name, part in zip(names, parts, strict=True):
        assert part in name
    assert not any("babyfood" in n or "baby food" in n or "cookie" in n for n in names)


@pytest.mark.parametrize(
    ("text", "noun"),
    [
        ("bean and cheese burrito", "burrito"),
        ("mac and cheese", "macaroni"),
        ("a bowl of oatmeal with milk", "oatmeal"),
        ("whiskey and cola", "whiskey and cola"),
        ("a ham and cheese sandwich", "sandwich"),
        ("a turkey sandwich on wheat", "turkey sandwich"),  # the sandwich's own bread
        ("a hot dog on a bun", "hot dog"),
    ],
)
def test_a_dish_named_by_its_parts_is_one_food(food_db: FoodDB, text: str, noun: str) -> None:
    names = _names(text, food_db)
    assert len(names) == 1 and noun in names[0], names


def test_milk_in_coffee_is_not_a_non_dairy_latte(food_db: FoodDB) -> None:
    coffee, milk = parse_meal("coffee with milk", food_db)
    assert "coffee" in coffee.food.description.lower()
    assert "latte" not in coffee.food.description.lower()
    assert "non-dairy" not in milk.food.description.lower()
    assert milk.grams < 40  # a splash, not a glass


def test_a_counted_food_after_and_is_a_food_not_an_amount(food_db: FoodDB) -> None:
    assert split_foods("coffee and a muffin") == ["coffee", "a muffin"]
    assert split_foods("almonds, 1 oz") == ["almonds, 1 oz"]
    assert split_foods("a ham sandwich on rye with chips") == ["a ham sandwich on rye", "chips"]
    assert split_foods("corn on the cob with butter") == ["corn on the cob", "butter"]
    tea, cookies = parse_meal("tea and 2 cookies", food_db)
    assert "tea" in tea.food.description.lower()
    assert "cookie" in cookies.food.description.lower() and cookies.grams > 20


# ---------------------------------------------------------------- 2. no record holds every word


@pytest.mark.parametrize(
    ("text", "noun", "unmatched"),
    [
        ("a tall gingerbread latte", "latte", "gingerbread"),
        ("a grande salted caramel latte", "latte", "salted"),  # a caramel latte is flavored
    ],
)
def test_the_noun_names_the_food_when_no_record_holds_every_word(
    food_db: FoodDB, text: str, noun: str, unmatched: str
) -> None:
    entry = parse_entry(text, food_db)
    assert noun in entry.food.description.lower()
    assert entry.confidence == "low"
    assert any(unmatched in note for note in entry.notes)


def test_an_amount_word_never_names_the_food(food_db: FoodDB) -> None:
    assert "grapefruit" in _name("a grapefruit half", food_db)
    assert "espresso" in _name("a double espresso", food_db)


# ---------------------------------------------------------------- 3. variants not typed


@pytest.mark.parametrize(
    ("text", "must", "never"),
    [
        ("a bar of milk chocolate", "milk chocolate", ("peanut", "almond", "nuts", "fluid")),
        ("a spinach omelette", "omelet", ("meat", "cheese")),
        ("an omelette", "omelet", ("plantain", "meat")),
        ("a hash brown", "hash brown", ("butter sauce",)),
        ("a bowl of lentil soup", "lentil", ("ham",)),
        ("a cup of tea", "tea", ("decaffeinated", "iced", "diet")),
        ("a chocolate milkshake", "chocolate", ("candy",)),
    ],
)
def test_a_variant_the_person_did_not_type_loses(
    food_db: FoodDB, text: str, must: str, never: tuple[str, ...]
) -> None:
    name = _name(text, food_db)
    assert must in name and not any(word in name for word in never), name


def test_a_modifier_is_not_the_food(food_db: FoodDB) -> None:
    assert "candies" in _name("a square of milk chocolate", food_db)  # not chocolate milk
    assert "milk" in _name("a glass of chocolate milk", food_db)
    assert "candy" not in _name("a glass of chocolate milk", food_db)


# ---------------------------------------------------------------- 4. common names


@pytest.mark.parametrize(
    ("text", "record"),
    [
        ("a large sweet tea", "pre-sweetened"),
        ("2 tbsp of nutella", "chocolate hazelnut spread"),
        ("3 oreo cookies", "cookie, chocolate sandwich"),
        ("a bowl of cheerios", "cereal, o's, plain"),
        ("2 pop tarts", "breakfast tart"),
        ("a cup of jello", "gelatin dessert"),
        ("a glass of kool aid", "fruit flavored drink, powdered"),
        ("a raspberry yogurt", "yogurt, ns as to type of milk, fruit"),
        ("a chocolate yogurt", "flavors other than fruit"),
        ("a burger", "hamburger"),
        ("a can of sprite", "soft drink, fruit flavored"),
        ("a chai tea latte", "tea, hot, with milk"),
        ("a glass of fruit punch", "fruit juice drink"),  # not the alcoholic punch
        ("a can of ginger ale", "soft drink, ginger ale"),  # not whiskey and ginger ale
    ],
)
def test_common_names_mean_one_usda_record(food_db: FoodDB, text: str, record: str) -> None:
    entry = parse_entry(text, food_db)
    assert record in entry.food.description.lower()
    assert entry.confidence == "high"


def test_a_misspelt_espresso_is_read_and_said(food_db: FoodDB) -> None:
    entry = parse_entry("an expresso", food_db)
    assert "espresso" in entry.food.description.lower()
    assert any("'expresso' as 'espresso'" in note for note in entry.notes)


def test_a_brand_spelt_with_an_ampersand_is_one_food(food_db: FoodDB) -> None:
    (pbj,) = parse_meal("a pb&j", food_db)
    assert "peanut butter and jelly sandwich" in pbj.food.description.lower()


# ---------------------------------------------------------------- 5. salted and prepared


@pytest.mark.parametrize("nut", ["cashews", "almonds", "pistachios", "mixed nuts"])
def test_salted_nuts_are_roasted_and_salted(food_db: FoodDB, nut: str) -> None:
    name = _name(f"a handful of salted {nut}", food_db)
    assert "salt" in name and "without salt" not in name and "boiled" not in name


def test_boiled_peanuts_only_when_typed(food_db: FoodDB) -> None:
    salted = parse_entry("a handful of salted peanuts", food_db)
    assert "boiled" not in salted.food.description.lower()
    assert salted.magnesium_mg is not None and salted.magnesium_mg > 40  # roasted: ~176 mg/100 g
    assert "boiled" in _name("a handful of boiled peanuts", food_db)
    unsalted = _name("a handful of unsalted almonds", food_db)
    assert "unsalted" in unsalted or "without salt" in unsalted


# ---------------------------------------------------------------- 6. record families


def test_a_generic_phrase_takes_usdas_generic_record(food_db: FoodDB) -> None:
    # FNDDS's NFS records are what USDA codes for a food named without its kind
    for text in ("a hash brown", "4 chicken tenders", "a cupcake", "a cup of yogurt"):
        name = _name(text, food_db)
        assert "nfs" in name or "ns as to" in name, (text, name)


def test_naming_what_a_generic_record_leaves_open_picks_that_kind(food_db: FoodDB) -> None:
    assert "heavy" in _name("2 tbsp heavy cream", food_db)  # not "NS as to light, heavy..."
    assert "ns as to beans" in _name("a bowl of chili", food_db)
    (chili,) = parse_meal("a bowl of chili with beans", food_db)  # one dish, not chili + beans
    assert "with beans" in chili.food.description.lower()
    assert "instant" in _name("a cup of instant coffee", food_db)
    assert "ns as to" not in _name("a cup of instant coffee", food_db)


@pytest.mark.parametrize(
    ("text", "must", "never"),
    [
        ("a blueberry yogurt", "yogurt", ("baby", "soy")),
        ("a vanilla yogurt", "yogurt", ("frozen", "greek", "non-fat")),
        ("a fruit cup", "fruit", ("candy",)),
        ("2 peanut butter cups", "peanut butter cup", ("smooth",)),
        ("a bowl of chili with cheese", "chili", ("cheddar",)),
    ],
)
def test_the_record_is_of_the_family_typed(
    food_db: FoodDB, text: str, must: str, never: tuple[str, ...]
) -> None:
    name = _name(text, food_db)
    assert must in name and not any(word in name for word in never), name
