"""Sixth round of amount classes the parser misread (issue 9, part 1): a food named without
an amount whose USDA one is a whole cooked for several (a bird, a roast, a turkey breast by
the half), a cut word that is the food's own name ("a grilled steak", "a steak taco"), a
slice of a meat no record slices (a deli slice), a portion named by a cut that weighs the
whole pan, a fraction word that is part of a food's name ("a quarter pounder"), and an
unknown word in the unit's place refused with the foods it may be. Each test checks what
the person sees on the real food database, on lines other than the ones that revealed the
class."""

from __future__ import annotations

import pytest

from magcoach.errors import InvalidInput
from magcoach.foods.db import FoodDB
from magcoach.foods.parse import parse_entry


@pytest.mark.parametrize(
    ("text", "food_word"),
    [
        ("roast chicken", "chicken"),  # SR's "0.5 chicken, bone removed" is a whole bird
        ("a roasted chicken", "chicken"),
        ("a turkey breast", "turkey"),  # SR's "0.5 breast, bone removed" = 864 g
        ("a ribeye", "ribeye"),  # SR's "1 roast" = 714 g
        ("pork tenderloin", "pork"),  # "1 piece (yield from 1 lb raw meat)" = 333 g
        ("leg of lamb", "lamb"),
    ],
)
def test_a_food_whose_usda_one_is_a_whole_for_several_is_a_helping(
    food_db: FoodDB, text: str, food_word: str
) -> None:
    entry = parse_entry(text, food_db)
    assert food_word in entry.food.description.lower()
    assert 50 <= entry.grams <= 180  # a helping of meat (FDA's 85 g), never the whole


def test_a_whole_one_typed_stays_whole(food_db: FoodDB) -> None:
    assert parse_entry("a whole roast chicken", food_db).grams > 400


def test_a_steak_or_a_chop_is_one_however_big(food_db: FoodDB) -> None:
    steak = parse_entry("a t-bone steak", food_db)
    assert "steak" in steak.food.description.lower()
    assert steak.grams > 150


@pytest.mark.parametrize(
    ("text", "food_word", "low", "high"),
    [
        ("a broiled steak", "steak", 80, 450),  # not a 60 g piece of broiled chicken
        ("a grilled fillet", "fillet", 60, 250),
        ("2 steak tacos", "taco", 150, 350),  # 2 tacos, not 2 steaks of taco
    ],
)
def test_a_cut_word_that_names_the_food_is_the_food(
    food_db: FoodDB, text: str, food_word: str, low: float, high: float
) -> None:
    entry = parse_entry(text, food_db)
    assert food_word in entry.food.description.lower()
    assert entry.unit is None  # the cut word is the food's, not a unit of "grilled"
    assert low <= entry.grams <= high


def test_a_cut_after_a_food_is_still_its_unit(food_db: FoodDB) -> None:
    entry = parse_entry("a tilapia fillet", food_db)
    assert "tilapia" in entry.food.description.lower()
    assert 80 <= entry.grams <= 250


@pytest.mark.parametrize("text", ["3 slices of roast beef", "a slice of roast beef"])
def test_a_slice_of_a_meat_no_record_slices_is_a_deli_slice(food_db: FoodDB, text: str) -> None:
    entry = parse_entry(text, food_db)
    assert "luncheon meat" in entry.food.description.lower()
    assert 20 <= entry.grams / entry.quantity <= 40  # FNDDS "1 slice, NFS" = 28 g
    assert any("luncheon" in n for n in entry.notes)


@pytest.mark.parametrize(
    ("text", "high"),
    [("a square of cornbread", 120), ("2 squares of cornbread", 240)],
)
def test_a_cut_never_takes_a_portion_that_is_the_whole_pan(
    food_db: FoodDB, text: str, high: float
) -> None:
    entry = parse_entry(text, food_db)  # not "1 square cornbread (8\" pan)", 541 g
    assert "cornbread" in entry.food.description.lower()
    assert entry.grams <= high


def test_a_fraction_word_in_a_food_name_is_the_name(food_db: FoodDB) -> None:
    entry = parse_entry("2 quarter pounders", food_db)
    assert "quarter pounder" in entry.food.description.lower()
    assert entry.grams > 250  # two burgers, not half of one
    assert parse_entry("half a bagel", food_db).quantity == 0.5


@pytest.mark.parametrize(("text", "word"), [("2 everything bagels", "everything")])
def test_an_unknown_word_in_the_units_place_is_refused_with_foods(
    food_db: FoodDB, text: str, word: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_entry(text, food_db)
    assert "unit" not in str(refused.value).split(":")[0].lower()
    assert word in str(refused.value)
    assert "bagel" in (refused.value.hint or "").lower()


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("a quarter of a pie", 200, 400),  # a share of FNDDS's whole 9" pie, not of a slice
        ("1/8 of a pie", 100, 200),
        ("half a chicken", 200, 400),  # half the bird, not half a helping
    ],
)
def test_a_share_of_a_whole_is_of_the_whole_one(
    food_db: FoodDB, text: str, low: float, high: float
) -> None:
    assert low <= parse_entry(text, food_db).grams <= high


@pytest.mark.parametrize(
    ("text", "word"), [("a carafe of wine", "carafe"), ("a sack of fries", "sack")]
)
def test_a_measure_word_before_of_is_never_fixed_into_a_food_word(
    food_db: FoodDB, text: str, word: str
) -> None:
    with pytest.raises(InvalidInput) as refused:  # not caramel wine, not a snack
        parse_entry(text, food_db)
    assert word in str(refused.value)


def test_a_food_named_alone_is_never_a_smaller_item_than_its_cut(food_db: FoodDB) -> None:
    entry = parse_entry("meatloaf", food_db)  # FNDDS's "medium slice", not a 28 g meatball
    assert "meat loaf" in entry.food.description.lower()
    assert 80 <= entry.grams <= 150


def test_a_record_without_portions_borrows_from_one_that_lists_its_parts(
    food_db: FoodDB,
) -> None:
    # FNDDS's "Club sandwich on white" has no portions; "Turkey, ham, and roast beef club
    # sandwich" is a sandwich too (its parts listed first), so its "1 sandwich" is lent
    entry = parse_entry("a club sandwich", food_db)
    assert "club sandwich" in entry.food.description.lower()
    assert 150 <= entry.grams <= 300


def test_a_slice_of_a_food_no_record_slices_weighs_a_slice_of_its_kind(food_db: FoodDB) -> None:
    entry = parse_entry("2 slices of brie", food_db)  # "Cheese, NFS": 1 slice = 21 g
    assert "brie" in entry.food.description.lower()
    assert 30 <= entry.grams <= 60
    assert any("no slice" in n for n in entry.notes)


def test_the_helping_of_a_whole_is_not_swapped_for_another_records_item(
    food_db: FoodDB,
) -> None:
    # "a chicken" is a helping of chicken, never FNDDS's "1/2 chicken, skin only" of skin
    entry = parse_entry("a roasted chicken", food_db)
    assert "skin" not in entry.food.description.lower().split(",")[0]
    assert 50 <= entry.grams <= 180


def test_an_eighth_is_a_part_of_one(food_db: FoodDB) -> None:
    entry = parse_entry("an eighth of a cup of almonds", food_db)
    assert entry.quantity == pytest.approx(0.125)
    assert 12 <= entry.grams <= 25  # FNDDS's cup of almonds is 143 g


@pytest.mark.parametrize("text", ["a 12 inch sub", "a footlong sub"])
def test_a_foot_long_is_usdas_foot_long_portion(food_db: FoodDB, text: str) -> None:
    entry = parse_entry(text, food_db)  # FNDDS "1 Subway Sub (footlong)", twice the 6"
    assert "sub" in entry.food.description.lower()
    assert 400 <= entry.grams <= 600


@pytest.mark.parametrize("text", ["a piece of pork", "a piece of roast beef"])
def test_a_piece_of_a_meat_is_never_the_roast_a_raw_pound_yields(
    food_db: FoodDB, text: str
) -> None:
    entry = parse_entry(text, food_db)  # not SR's "1 piece (yield from 1 lb raw meat)"
    assert 30 <= entry.grams <= 150


def test_a_serving_of_a_meat_usda_gives_no_serving_is_fdas_3_oz(food_db: FoodDB) -> None:
    entry = parse_entry("a portion of salmon", food_db)
    assert "salmon" in entry.food.description.lower()
    assert entry.grams == pytest.approx(85, abs=1)


def test_a_piece_of_a_food_counted_by_its_own_noun_is_one_of_it(food_db: FoodDB) -> None:
    entry = parse_entry("2 pieces of steak", food_db)  # FNDDS "1 medium steak", 156 g
    assert "steak" in entry.food.description.lower()
    assert 200 <= entry.grams <= 450  # not two 21 g slices of London Broil
    assert 15 <= parse_entry("a piece of toast", food_db).grams <= 40  # still a slice
