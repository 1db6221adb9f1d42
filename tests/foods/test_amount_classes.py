"""Classes of amount that people type and the parser misread (issue 9, part 1): a portion word
after the food, a food word that is one of USDA's portion names, slips in unit words, sizes
USDA does not give, drinks named without a measure, shots. Each test checks what the person
sees (the food, the grams, the notes) on the real food database, on examples of the class
rather than the phrase that revealed it."""

from __future__ import annotations

import pytest

from magcoach.errors import InvalidInput
from magcoach.foods import parse_meal
from magcoach.foods.db import FoodDB
from magcoach.foods.parse import ParsedEntry, parse_entry
from magcoach.foods.portions import _own_hints, grams_for


def _same_amount(a: ParsedEntry, b: ParsedEntry) -> bool:
    return a.food.id == b.food.id and a.grams == pytest.approx(b.grams)


# ---------------------------------------------------------------- the word after the food


@pytest.mark.parametrize(
    ("after", "before"),
    [
        ("6 asparagus spears", "6 spears of asparagus"),
        ("3 celery stalks", "3 stalks of celery"),
        ("2 cheese pizza slices", "2 slices of cheese pizza"),
        ("4 garlic cloves", "4 cloves of garlic"),
        ("2 sausage links", "2 links of sausage"),
        ("3 lettuce leaves", "3 leaves of lettuce"),
    ],
)
def test_a_portion_word_after_the_food_is_its_unit(
    food_db: FoodDB, after: str, before: str
) -> None:
    assert _same_amount(parse_entry(after, food_db), parse_entry(before, food_db))


@pytest.mark.parametrize(
    ("after", "before"),
    [("sausage link", "a link of sausage"), ("pizza slcie", "a slice of pizza")],
)
def test_one_portion_word_after_the_food_without_a_number_is_one(
    food_db: FoodDB, after: str, before: str
) -> None:
    assert _same_amount(parse_entry(after, food_db), parse_entry(before, food_db))


def test_a_food_whose_name_holds_the_portion_word_elsewhere_is_not_chosen_for_it(
    food_db: FoodDB,
) -> None:
    # "Sausage, pork, chorizo, link or ground": the link is not what names the food
    entry = parse_entry("2 sausage links", food_db)
    assert "chorizo" not in entry.food.description.lower()
    assert entry.grams < 200


@pytest.mark.parametrize(
    ("text", "name"), [("5 fish sticks", "fish stick"), ("3 chicken wings", "wing")]
)
def test_a_portion_word_usda_names_the_food_by_stays_in_the_name(
    food_db: FoodDB, text: str, name: str
) -> None:
    entry = parse_entry(text, food_db)
    assert name in entry.food.description.lower().replace(",", "")


def test_a_word_after_the_food_no_record_of_the_rest_has_is_read_as_typed(
    food_db: FoodDB,
) -> None:
    # no buffalo (game meat) record has a wing: the entry is read as the words were typed
    entry = parse_entry("6 buffalo wings", food_db)
    assert "wing" in entry.food.description.lower()


# ---------------------------------------------------------------- a word that is a portion


@pytest.mark.parametrize(
    ("text", "food", "grams"),
    [
        ("8 cherry tomatoes", "tomato", (100, 180)),  # 8 x "1 cherry", never 8 green tomatoes
        ("12 baby carrots", "carrot", (90, 200)),
        ("2 fig newtons", "fig", (25, 45)),  # "1 Newton bar", not the 43 g fig bar
        ("2 mini muffins", "muffin", (20, 70)),  # "1 mini", not two medium muffins
        ("3 fun size snickers", "snickers", (35, 70)),  # "1 fun/snack size"
    ],
)
def test_a_typed_word_that_names_a_usda_portion_counts_that_portion(
    food_db: FoodDB, text: str, food: str, grams: tuple[float, float]
) -> None:
    entry = parse_entry(text, food_db)
    assert food in entry.food.description.lower()
    assert grams[0] <= entry.grams <= grams[1]
    assert entry.confidence != "low"  # the word is the portion's name, not a missing word


def test_another_name_for_the_unit_counts_one_item(food_db: FoodDB) -> None:
    # a slice of melon is USDA's "1 wedge", never "10 pieces, balls"; a piece of a food USDA
    # gives by the half ("0.5 chicken") is not the whole bird
    assert 40 <= parse_entry("a slice of melon", food_db).grams <= 150
    assert parse_entry("a piece of chicken", food_db).grams < 300


@pytest.mark.parametrize("dish", ["pie", "quiche", "apple pie"])
def test_one_of_a_dish_made_for_several_is_one_helping(food_db: FoodDB, dish: str) -> None:
    # USDA's whole 9" pie is 1,203 g and it lists "1 piece (1/8 of 9" dia)": "a pie" is a
    # helping, "a whole pie" all of it
    one = parse_entry(f"a {dish}", food_db)
    assert one.grams < 300
    assert "weighs" in (one.portion_used or "")
    assert parse_entry(f"a whole {dish}", food_db).grams > 500


def test_a_measure_word_that_names_the_food_counts_its_items(food_db: FoodDB) -> None:
    # "2 peanut butter cups" of USDA's candy are two cups of candy (about 17 g each), never
    # two 162 g measuring cups of it
    candy = food_db.get("fndds:91734100")
    assert "peanut butter cup" in candy.description.lower()
    hints = frozenset({"peanut", "butter", "cups"})
    grams, portion = grams_for(candy, 2, None, food_db.units(), _own_hints(hints, candy), "cups")
    assert 25 <= grams <= 45
    assert portion is not None and "cup" in portion


def test_a_count_of_small_items_is_of_one_item(food_db: FoodDB) -> None:
    # "50 berries" is how USDA weighs blueberries: 20 of them are not 20 typical helpings
    assert parse_entry("20 blueberries", food_db).grams < 50


# ---------------------------------------------------------------- slips in unit words


@pytest.mark.parametrize(
    ("slip", "meant", "word"),
    [
        ("a handfull of walnuts", "a handful of walnuts", "handful"),
        ("2 peices of pizza", "2 pieces of pizza", "piece"),
        ("1 tblsp olive oil", "1 tbsp olive oil", "tbsp"),
        ("a galss of milk", "a glass of milk", "glass"),
        ("2 slcies of bread", "2 slices of bread", "slice"),
        ("a botle of beer", "a bottle of beer", "bottle"),
    ],
)
def test_a_slip_in_a_unit_word_is_read_as_the_unit_and_said(
    food_db: FoodDB, slip: str, meant: str, word: str
) -> None:
    entry = parse_entry(slip, food_db)
    assert _same_amount(entry, parse_entry(meant, food_db))
    assert any(word in note for note in entry.notes)
    assert entry.confidence != "high"


@pytest.mark.parametrize("text", ["a smear of cream cheese", "a scoup of ice cream"])
def test_a_real_word_one_far_key_from_a_unit_is_no_slip(food_db: FoodDB, text: str) -> None:
    # m and p, u and o are not neighbouring keys: "smear" is no "spear", "scoup" no "scoop"
    try:
        entry = parse_entry(text, food_db)
    except InvalidInput:
        return
    assert not any("Read 'smear'" in n or "as 'scoop'" in n for n in entry.notes)


@pytest.mark.parametrize("text", ["1 tsb honey", "a spoonful of sugar", "a spoonfull of jam"])
def test_a_unit_that_could_be_a_teaspoon_or_a_tablespoon_is_asked(
    food_db: FoodDB, text: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_entry(text, food_db)
    hint = refused.value.hint or ""
    assert "tsp" in hint and "tbsp" in hint


def test_a_negative_amount_after_an_article_is_refused(food_db: FoodDB) -> None:
    with pytest.raises(InvalidInput, match="negative"):
        parse_entry("a -2 oz can of cola", food_db)


def test_a_food_word_is_never_read_as_a_unit(food_db: FoodDB) -> None:
    entry = parse_entry("10 tortilla chips", food_db)  # "chips" is no slip for "chops"
    assert "chip" in entry.food.description.lower()
    assert not entry.notes


def test_next_to_nothing_is_never_sure(food_db: FoodDB) -> None:
    entry = parse_entry("1 pine nut", food_db)
    assert entry.grams < 0.5
    assert entry.confidence == "low"
    assert any("check the amount" in note for note in entry.notes)


# ---------------------------------------------------------------- sizes


def test_a_size_usda_gives_in_its_record_names_takes_that_record(food_db: FoodDB) -> None:
    large = parse_entry("a large cheeseburger", food_db)
    small = parse_entry("a small cheeseburger", food_db)
    usual = parse_entry("a cheeseburger", food_db)
    assert "large" in large.food.description.lower()
    assert small.grams < usual.grams < large.grams


def test_a_size_usda_gives_no_sizes_for_is_its_usual_amount_said(food_db: FoodDB) -> None:
    entry = parse_entry("a large sub", food_db)  # refused before: "Cannot tell how much"
    assert entry.grams == pytest.approx(parse_entry("a sub", food_db).grams)
    assert any("no sizes" in note for note in entry.notes)


def test_a_size_beyond_usdas_is_its_nearest(food_db: FoodDB) -> None:
    entry = parse_entry("an extra large coffee", food_db)
    assert entry.grams == pytest.approx(parse_entry("a large coffee", food_db).grams)
    assert any("used its large" in note for note in entry.notes)


def test_a_size_written_after_the_item_is_that_size(food_db: FoodDB) -> None:
    # SR names them "1 potato large", "1 potato medium", "1 potato small"
    grams = [parse_entry(f"a {size} baked potato", food_db).grams for size in ("small", "large")]
    assert grams[0] < parse_entry("a baked potato", food_db).grams < grams[1]


@pytest.mark.parametrize(
    ("big", "plain"),
    [("a big bowl of soup", "a bowl of soup"), ("a big glass of milk", "a glass of milk")],
)
def test_big_is_a_size_and_does_not_break_a_measure(food_db: FoodDB, big: str, plain: str) -> None:
    entry = parse_entry(big, food_db)
    assert entry.grams == pytest.approx(parse_entry(plain, food_db).grams)
    # no source weighs a big bowl: one bowl, and the note says the size was not counted
    assert entry.confidence != "low"
    assert any("'large' not counted" in note for note in entry.notes)


def test_big_in_a_usda_name_stays_in_the_name(food_db: FoodDB) -> None:
    assert "big mac" in parse_entry("a big mac", food_db).food.description.lower()


def test_the_size_of_a_slice_picks_the_slice(food_db: FoodDB) -> None:
    medium = parse_entry("a medium pizza slice", food_db)
    large = parse_entry("a large pizza slice", food_db)
    assert medium.food.id == large.food.id
    assert medium.grams < large.grams


def test_a_size_of_an_order_is_the_order_size(food_db: FoodDB) -> None:
    small, medium, large = (
        parse_entry(f"a {size} order of fries", food_db).grams
        for size in ("small", "medium", "large")
    )
    assert small < medium < large
    assert 130 <= medium <= 160  # FNDDS's medium fast-food order, 145 g


# ---------------------------------------------------------------- drinks


@pytest.mark.parametrize(
    ("text", "grams"),
    [
        ("a 6 oz yogurt", (165, 175)),
        ("a 4 oz steak", (110, 117)),
        ("a 2 oz bag of chips", (55, 59)),
        ("a 12 oz can of cola", (355, 385)),  # a drink's ounces are fluid ounces
        ("an 8 oz glass of milk", (235, 250)),
    ],
)
def test_a_weight_stated_with_the_count_is_the_amount(
    food_db: FoodDB, text: str, grams: tuple[float, float]
) -> None:
    entry = parse_entry(text, food_db)
    assert grams[0] <= entry.grams <= grams[1]
    assert entry.confidence == "high"


def test_ounces_of_a_drink_are_fluid_ounces(food_db: FoodDB) -> None:
    assert parse_entry("8 oz milk", food_db).grams == pytest.approx(
        parse_entry("8 fl oz milk", food_db).grams
    )


@pytest.mark.parametrize(
    ("text", "grams"),
    [
        ("a fruit smoothie", (300, 350)),  # "Quantity not specified", not the 32 fl oz medium
        ("a latte", (330, 400)),  # 12 fl oz, FNDDS's small
        ("an iced latte", (330, 400)),
        ("a cola", (350, 400)),  # a 12 fl oz can, not a 512 g medium fountain drink
        ("a vanilla milkshake", (200, 550)),  # its container (fast food: 405 g), not 1 fl oz
    ],
)
def test_a_drink_named_without_a_measure_is_one_usual_serving(
    food_db: FoodDB, text: str, grams: tuple[float, float]
) -> None:
    assert grams[0] <= parse_entry(text, food_db).grams <= grams[1]


def test_a_can_of_a_drink_sold_in_several_cans_is_the_12_fl_oz_can(food_db: FoodDB) -> None:
    entry = parse_entry("a can of energy drink", food_db)
    assert entry.grams == pytest.approx(372, abs=15)
    assert "12 fl oz" in (entry.portion_used or "")


# ---------------------------------------------------------------- shots


def test_double_and_triple_are_shots(food_db: FoodDB) -> None:
    one = parse_entry("a shot of espresso", food_db)
    assert _same_amount(parse_entry("a single espresso", food_db), one)
    for text, shots in (("a double espresso", 2), ("a double shot of espresso", 2)):
        entry = parse_entry(text, food_db)
        assert entry.food.id == one.food.id and entry.grams == pytest.approx(shots * one.grams)
    vodka = parse_entry("a shot of vodka", food_db)
    assert parse_entry("a triple vodka", food_db).grams == pytest.approx(3 * vodka.grams)


def test_double_on_a_food_not_served_by_the_shot_stays_in_the_name(food_db: FoodDB) -> None:
    entry = parse_entry("a double cheeseburger", food_db)
    assert "double" in entry.food.description.lower()


def test_double_on_a_drink_not_served_by_the_shot_is_its_strength(food_db: FoodDB) -> None:
    # a double latte is a latte with a second shot in it, not two lattes nor a burger
    latte = parse_entry("a latte", food_db)
    for text in ("a double latte", "a double shot latte"):
        entry = parse_entry(text, food_db)
        assert _same_amount(entry, latte)
        assert any("strength" in note for note in entry.notes)
    mixed = parse_entry("a double gin and tonic", food_db)  # a glass, not two 1.5 fl oz shots
    assert mixed.grams > 150


def test_a_shot_of_nothing_named_is_asked(food_db: FoodDB) -> None:
    with pytest.raises(InvalidInput, match="shot"):
        parse_entry("a double shot", food_db)


# ---------------------------------------------------------------- a side of


def test_a_side_of_a_dish_is_its_usual_amount(food_db: FoodDB) -> None:
    side = parse_entry("a side of fries", food_db)
    assert "fries" in side.food.description.lower()
    assert 80 <= side.grams <= 160
    # "side" is a unit only before "of": a side salad is a salad
    assert "salad" in parse_entry("a side salad", food_db).food.description.lower()


def test_a_meal_line_keeps_its_parts_when_the_last_one_ends_with_a_portion_word(
    food_db: FoodDB,
) -> None:
    entries = parse_meal("eggs and sausage links", food_db)
    assert len(entries) == 2
    assert "egg" in entries[0].food.description.lower()
    assert "sausage" in entries[1].food.description.lower()
