"""Diary lines as people type them (issue 9): household measures, words that are sizes not foods,
generic phrases, disputed USDA values, records without portions, several foods in one line,
weak matches, and numbers that are not amounts (issue 10)."""

from __future__ import annotations

import pytest

from magcoach.errors import InvalidInput, NotFound
from magcoach.foods import parse_meal, split_foods
from magcoach.foods.db import FoodDB
from magcoach.foods.household import household_measures, measure_for
from magcoach.foods.parse import parse_entry, parse_quantity
from magcoach.foods.units import PORTION_WORDS
from magcoach.reference import evidence

FL_OZ_G = 29.57  # a fluid ounce of a water-like drink, in grams


# ---------------------------------------------------------------- household measures (data)


def test_every_household_measure_cites_known_evidence_and_can_be_typed() -> None:
    known = set(evidence())
    for row in household_measures():
        assert row.sources and set(row.sources) <= known, row
        assert row.measure in PORTION_WORDS.values(), f"{row.measure!r} cannot be typed"
        assert row.amount > 0 and row.unit in ("g", "fl oz", "cup")


def test_a_glass_of_wine_is_a_standard_drink_not_fndds_glass(food_db: FoodDB) -> None:
    wine = parse_entry("a glass of red wine", food_db)
    assert "wine" in wine.food.description.lower()
    assert wine.grams == pytest.approx(5 * FL_OZ_G, rel=0.06)  # 5 fl oz, not 8 or 6
    row = measure_for("glass", wine.food)
    assert row is not None and "niaaa-standard-drink" in row.sources


@pytest.mark.parametrize(
    "text",
    ["a handful of almonds", "handful of cashews", "a handful of peanuts", "handful of walnuts"],
)
def test_a_handful_of_nuts_is_30_g(food_db: FoodDB, text: str) -> None:
    entry = parse_entry(text, food_db)
    assert entry.grams == pytest.approx(30)
    assert text.split()[-1].rstrip("s")[:4] in entry.food.description.lower()


def test_two_handfuls_are_twice_one(food_db: FoodDB) -> None:
    assert parse_entry("2 handfuls of pecans", food_db).grams == pytest.approx(60)


@pytest.mark.parametrize(
    "text", ["a glass of orange juice", "glass of orange juice", "the glass of orange juice"]
)
def test_articles_do_not_change_a_glass_of_juice(food_db: FoodDB, text: str) -> None:
    entry = parse_entry(text, food_db)
    assert "orange juice" in entry.food.description.lower()
    assert 230 <= entry.grams <= 255  # 8 fl oz, never "1 fruit yields" 86 g


def test_glass_of_oj_is_orange_juice(food_db: FoodDB) -> None:
    entry = parse_entry("glass of OJ", food_db)
    assert "orange juice" in entry.food.description.lower()
    assert 230 <= entry.grams <= 255


def test_scoop_square_mug_and_bowl(food_db: FoodDB) -> None:
    scoop = parse_entry("a scoop of ice cream", food_db)
    assert "ice cream" in scoop.food.description.lower() and scoop.grams == 120
    square = parse_entry("square of 70% dark chocolate", food_db)
    assert "70-85%" in square.food.description and square.grams == pytest.approx(5.4)
    # a square is USDA's own "piece" where the record has one (FNDDS 7.6 g), else 5.4 g
    assert 5 <= parse_entry("1 square dark chocolate", food_db).grams <= 8
    mug = parse_entry("a mug of coffee", food_db)
    assert "coffee" in mug.food.description.lower()
    assert mug.grams == pytest.approx(8 * FL_OZ_G, rel=0.05)
    bowl = parse_entry("bowl of bran flakes", food_db)
    assert "bran flakes" in bowl.food.description.lower() and 30 <= bowl.grams <= 60


@pytest.mark.parametrize(
    "text",
    ["slice of pizza", "cheese pizza slice", "1 slice cheese pizza", "a slice of cheese pizza"],
)
def test_a_slice_of_pizza_is_usdas_piece_not_a_whole_pizza(food_db: FoodDB, text: str) -> None:
    entry = parse_entry(text, food_db)
    assert "pizza" in entry.food.description.lower()
    assert 80 <= entry.grams <= 150, entry.portion_used
    assert entry.portion_used is not None and "piece" in entry.portion_used


def test_a_slice_of_cake_is_a_piece(food_db: FoodDB) -> None:
    cake = parse_entry("slice of chocolate cake", food_db)
    assert "cake" in cake.food.description.lower()
    assert 40 <= cake.grams <= 160 and "piece" in (cake.portion_used or "")


def test_a_can_of_a_drink_is_its_size_not_canned_food(food_db: FoodDB) -> None:
    for text in ("can of coke", "1 can cola"):
        cola = parse_entry(text, food_db)
        assert cola.food.description == "Soft drink, cola", text
        assert cola.grams == pytest.approx(372)
    tuna = parse_entry("a can of tuna", food_db)
    assert "canned" in tuna.food.description.lower()


# ---------------------------------------------------------------- sizes are not foods


@pytest.mark.parametrize(
    ("text", "fl_oz"),
    [("tall latte", 12), ("grande latte", 16), ("venti mocha", 20), ("a grande cappuccino", 16)],
)
def test_coffee_shop_sizes_are_sizes(food_db: FoodDB, text: str, fl_oz: float) -> None:
    entry = parse_entry(text, food_db)
    assert entry.food.description.startswith("Coffee"), entry.food.description
    assert entry.grams == pytest.approx(fl_oz * 30, rel=0.05)


def test_typo_fixes_never_swap_a_real_word_for_another_food(food_db: FoodDB) -> None:
    fix = food_db.searcher.correct
    assert fix("grande") != "round" and fix("galaxy") != "gala"
    assert fix("spinch") == "spinach" and fix("avacado") == "avocado"
    with pytest.raises(NotFound):
        parse_entry("a slice of galaxy cake", food_db)  # refused, never "gala" apples


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2 slices wholegrain bread", ("bread", "whole")),
        ("wholewheat bread", ("bread", "whole")),
        ("1 cup cornflakes", ("corn flakes",)),
    ],
)
def test_words_written_together(food_db: FoodDB, text: str, words: tuple[str, ...]) -> None:
    description = parse_entry(text, food_db).food.description.lower()
    assert all(w in description for w in words), description


# ---------------------------------------------------------------- the food people mean


def test_generic_phrases_take_the_generic_record(food_db: FoodDB) -> None:
    spaghetti = parse_entry("2 cups cooked spaghetti", food_db)
    assert "spinach" not in spaghetti.food.description.lower()
    assert spaghetti.magnesium_mg is not None and spaghetti.magnesium_mg < 80
    croissant = parse_entry("croissant", food_db)
    assert "mini" not in (croissant.portion_used or "") and croissant.grams >= 45
    soy = parse_entry("a glass of soy milk", food_db)
    assert soy.food.description == "Soy milk"  # FNDDS generic: the fortified kind people buy
    assert (soy.food.nutrients_per_100g["calcium_mg"] or 0) > 50
    peas = parse_entry("a cup of peas", food_db)
    assert "frozen" in peas.food.description.lower() or "NS as to form" in peas.food.description


def test_string_cheese_is_a_stick_of_mozzarella(food_db: FoodDB) -> None:
    cheese = parse_entry("string cheese", food_db)
    assert "mozzarella" in cheese.food.description.lower()
    assert cheese.grams == pytest.approx(28.35, rel=0.05)


def test_fast_food_fries_by_size(food_db: FoodDB) -> None:
    fries = parse_entry("medium fries", food_db)
    assert "french fries" in fries.food.description.lower()
    assert "raw" not in (fries.portion_used or "") and 120 <= fries.grams <= 170


def test_mixed_drinks_and_dishes_are_not_confused(food_db: FoodDB) -> None:
    assert parse_entry("whiskey and cola", food_db).food.description == "Whiskey and cola"
    oatmeal = parse_meal("bowl of oatmeal with milk", food_db)
    assert len(oatmeal) == 1
    assert "oatmeal" in oatmeal[0].food.description.lower()
    assert "beverage" not in oatmeal[0].food.description.lower()
    toast = parse_entry("2 slices whole grain toast", food_db)
    assert "french" not in toast.food.description.lower()
    assert "bread" in toast.food.description.lower()


# ---------------------------------------------------------------- values and portions


def test_disputed_fndds_values_are_settled_at_build(food_db: FoodDB) -> None:
    bran = food_db.get("fndds:57207000")  # 2019-2020 says 29 mg/100 g; others 165-229
    assert bran.magnesium_mg_per_100g is not None and bran.magnesium_mg_per_100g > 100
    assert "2017-2018" in bran.value_note and "29" in bran.value_note
    assert parse_entry("bowl of bran flakes", food_db).to_json()["value_note"]
    assert food_db.get("sr:11458").value_note == ""  # undisputed records say nothing


def test_a_record_without_portions_falls_back_to_the_same_food(food_db: FoodDB) -> None:
    burrito = parse_entry("bean and cheese burrito", food_db)
    assert "burrito" in burrito.food.description.lower() and burrito.grams > 80


def test_a_food_without_a_count_takes_its_usual_measure(food_db: FoodDB) -> None:
    peanut_butter = parse_entry("peanut butter", food_db)
    assert peanut_butter.grams == pytest.approx(32)
    assert "usual measure" in (peanut_butter.portion_used or "")


# ---------------------------------------------------------------- several foods in one line


def test_split_foods_keeps_amounts_and_one_food_names_together() -> None:
    assert split_foods("2 slices whole wheat toast with peanut butter") == [
        "2 slices whole wheat toast",
        "peanut butter",
    ]
    assert split_foods("eggs, bacon and toast") == ["eggs", "bacon", "toast"]
    assert split_foods("almonds, 1 oz") == ["almonds, 1 oz"]
    assert split_foods("one and a half cups rice") == ["one and a half cups rice"]
    assert split_foods("1,5 cups milk") == ["1,5 cups milk"]


def test_several_foods_become_several_entries(food_db: FoodDB) -> None:
    toast, peanut_butter = parse_meal("2 slices whole wheat toast with peanut butter", food_db)
    assert "bread" in toast.food.description.lower() and toast.quantity == 2
    assert "peanut butter" in peanut_butter.food.description.lower()
    fruit = parse_meal("a banana and an apple", food_db)
    assert [e.food.description.split(",")[0] for e in fruit] == ["Bananas", "Apples"]


def test_one_food_named_with_and_stays_one(food_db: FoodDB) -> None:
    for text in ("bean and cheese burrito", "mac and cheese", "peanut butter and jelly sandwich"):
        assert len(parse_meal(text, food_db)) == 1, text


def test_a_part_that_cannot_be_read_is_refused_by_name(food_db: FoodDB) -> None:
    with pytest.raises(NotFound) as err:
        parse_meal("salmon with qwzx", food_db)
    assert "part 2" in err.value.message and "qwzx" in err.value.message


# ---------------------------------------------------------------- confidence


def test_a_confident_match_says_so(food_db: FoodDB) -> None:
    entry = parse_entry("1 cup cooked spinach", food_db)
    assert entry.confidence == "high" and not entry.weak_match and entry.notes == ()


def test_a_typo_fix_is_said(food_db: FoodDB) -> None:
    entry = parse_entry("spinch", food_db)
    assert entry.confidence == "medium"
    assert any("'spinch' as 'spinach'" in note for note in entry.notes)


@pytest.mark.parametrize("text", ["tofu scramble", "purple carrot cake"])
def test_a_weak_match_says_so_and_offers_alternatives(food_db: FoodDB, text: str) -> None:
    entry = parse_entry(text, food_db)
    assert entry.weak_match and entry.confidence == "low"
    assert any("does not match" in note for note in entry.notes)
    assert entry.alternatives
    assert entry.to_json()["confidence"] == "low"


def test_unknown_words_are_still_refused_with_suggestions(food_db: FoodDB) -> None:
    with pytest.raises(NotFound) as err:
        parse_entry("a bowl of spinach qwzxv", food_db)
    assert "qwzxv" in err.value.message and "Did you mean" in (err.value.hint or "")


# ---------------------------------------------------------------- numbers (issue 10)


def test_scientific_notation_is_read(food_db: FoodDB) -> None:
    assert parse_quantity("1e2") == 100
    assert parse_entry("1e3 g almonds", food_db).grams == pytest.approx(1000)
    assert parse_entry("2.5e1 g almonds", food_db).grams == pytest.approx(25)


@pytest.mark.parametrize(
    "text", ["1e308 g almonds", "1e6 g almonds", "nan g almonds", "inf g almonds", "NaN cups milk"]
)
def test_non_finite_and_absurd_amounts_are_refused(food_db: FoodDB, text: str) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_entry(text, food_db)
    assert "not a" in err.value.message  # "not a number" / "not a plausible amount"


@pytest.mark.parametrize("text", ["nan", "inf", "1e400", "-1e3"])
def test_parse_quantity_refuses_what_is_not_a_plausible_number(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_quantity(text)
