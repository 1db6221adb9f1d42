"""Free-text amounts: quantities, units, either order, bad input; hypothesis properties."""

from __future__ import annotations

import contextlib
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from magcoach.errors import InvalidInput, MagcoachError, NotFound
from magcoach.foods.db import FoodDB
from magcoach.foods.parse import parse_entry, parse_quantity, split_entry

# ---------------------------------------------------------------- quantities (pure)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2", 2),
        ("1.5", 1.5),
        ("1,5", 1.5),
        ("1/2", 0.5),
        ("1 1/2", 1.5),
        ("½", 0.5),
        ("1½", 1.5),
        ("1 ½", 1.5),
        ("¾", 0.75),
        ("a", 1),
        ("an", 1),
        ("one", 1),
        ("two", 2),
        ("half", 0.5),
        ("a half", 0.5),
        ("one and a half", 1.5),
        ("a dozen", 12),
        ("three quarters", 0.75),
    ],
)
def test_parse_quantity(text: str, value: float) -> None:
    assert parse_quantity(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "   ", "cup", "1/0", "-2", "two cups"])
def test_parse_quantity_refuses_what_is_not_an_amount(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_quantity(text)


@given(st.integers(min_value=0, max_value=100_000))
def test_integers_parse_to_themselves(n: int) -> None:
    assert parse_quantity(str(n)) == n


@given(st.decimals(min_value=0, max_value=10_000, places=3, allow_nan=False))
def test_decimals_parse_to_their_value(d: object) -> None:
    assert parse_quantity(f"{d}") == pytest.approx(float(str(d)))


@given(st.integers(min_value=0, max_value=50), st.integers(min_value=1, max_value=64))
def test_fractions_parse_to_their_value(num: int, den: int) -> None:
    assert parse_quantity(f"{num}/{den}") == pytest.approx(num / den)


@given(
    st.integers(min_value=1, max_value=20),
    st.integers(min_value=1, max_value=15),
    st.integers(min_value=2, max_value=16),
)
def test_mixed_numbers_parse(whole: int, num: int, den: int) -> None:
    if num >= den:
        num = den - 1
    expected = float(whole + Fraction(num, den))
    assert parse_quantity(f"{whole} {num}/{den}") == pytest.approx(expected)


@given(st.sampled_from(["½", "⅓", "⅔", "¼", "¾", "⅛"]), st.integers(min_value=0, max_value=9))
def test_unicode_fractions_parse(char: str, whole: int) -> None:
    values = {"½": 0.5, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 0.25, "¾": 0.75, "⅛": 0.125}
    text = f"{whole}{char}" if whole else char
    assert parse_quantity(text) == pytest.approx(whole + values[char])


@given(st.text(max_size=40))
def test_parse_quantity_never_crashes(text: str) -> None:
    try:
        value = parse_quantity(text)
    except MagcoachError:
        return
    assert value >= 0


@given(st.text(max_size=60))
def test_split_entry_never_crashes(text: str) -> None:
    with contextlib.suppress(MagcoachError):
        split_entry(text)


# ---------------------------------------------------------------- entries (real database)


@pytest.mark.parametrize(
    ("text", "grams"),
    [
        ("30g almonds", 30),
        ("almonds 30 g", 30),
        ("almonds, 30g", 30),
        ("1 kg almonds", 1000),
        ("500 mg almonds", 0.5),
        ("2 oz almonds", 56.7),
        ("1 lb almonds", 453.6),
    ],
)
def test_mass_units_in_either_order(food_db: FoodDB, text: str, grams: float) -> None:
    entry = parse_entry(text, food_db)
    assert entry.food.id in ("fndds:42100100", "sr:12061")  # generic almonds, FNDDS or SR
    assert entry.grams == pytest.approx(grams, rel=0.01)


def test_volume_units_go_through_the_foods_own_portions(food_db: FoodDB) -> None:
    cup = parse_entry("1 cup cooked black beans", food_db)
    assert cup.grams == 172 and cup.portion_used == "1 cup"
    half = parse_entry("½ cup cooked black beans", food_db)
    assert half.grams == pytest.approx(86)
    tbsp = parse_entry("2 tbsp cooked black beans", food_db)  # no tbsp portion: via the cup
    assert tbsp.grams == pytest.approx(172 / 8, rel=0.01)
    ml = parse_entry("250 ml milk", food_db)
    assert 240 < ml.grams < 270


def test_the_foods_own_portions(food_db: FoodDB) -> None:
    assert parse_entry("a medium banana", food_db).grams == 118
    assert parse_entry("1 large banana", food_db).grams == 136
    # FNDDS's avocado as eaten (150 g), not SR's 201 g market fruit
    assert parse_entry("half an avocado", food_db).grams == pytest.approx(75)
    assert parse_entry("2 large eggs", food_db).grams == 100
    assert parse_entry("two eggs", food_db).grams == pytest.approx(100, rel=0.02)
    assert parse_entry("1 slice whole wheat bread", food_db).grams == 32
    assert parse_entry("1 tbsp ground flaxseed", food_db).grams == 7  # "ground", not whole


def test_other_entries_from_the_issue(food_db: FoodDB) -> None:
    choc = parse_entry("1 oz dark chocolate 70%", food_db)
    assert choc.food.description == "Chocolate, dark, 70-85% cacao solids"
    assert choc.grams == pytest.approx(28.35, rel=0.01)
    salmon = parse_entry("3 oz baked salmon", food_db)
    assert "salmon" in salmon.food.description.lower()
    assert salmon.grams == pytest.approx(85.05, rel=0.01)


def test_result_lists_alternatives_and_json_shape(food_db: FoodDB) -> None:
    entry = parse_entry("1 cup cooked spinach", food_db)
    assert entry.alternatives and all(a.id != entry.food.id for a in entry.alternatives)
    data = entry.to_json()
    assert set(data) >= {"text", "quantity", "unit", "grams", "food", "nutrients", "alternatives"}
    assert set(data["food"]) == {"id", "description", "source"}
    assert data["nutrients"]["magnesium_mg"] == pytest.approx(156.6)
    assert "energy_kcal" in data["nutrients"]


@pytest.mark.parametrize("text", ["", "   ", "0 g almonds", "zero almonds", "-5 g almonds"])
def test_empty_zero_and_negative_are_refused(food_db: FoodDB, text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_entry(text, food_db)


def test_absurd_amount_is_refused_with_a_message(food_db: FoodDB) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_entry("6 kg almonds", food_db)
    assert "5 kg" in err.value.message


def test_unknown_unit_is_named(food_db: FoodDB) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_entry("3 blorps almonds", food_db)
    assert "blorps" in err.value.message


def test_unit_the_food_has_no_portion_for_lists_its_portions(food_db: FoodDB) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_entry("2 slices raw spinach", food_db)
    assert "1 cup = 30 g" in err.value.message


def test_unknown_food_suggests(food_db: FoodDB) -> None:
    with pytest.raises(NotFound):
        parse_entry("100 g qwzxv", food_db)
    with pytest.raises(NotFound) as err:
        parse_entry("100 g spinach qwzxv", food_db)
    assert "Did you mean" in str(err.value)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.one_of(
        st.text(max_size=50),
        st.builds(
            lambda q, u, f: f"{q} {u} {f}",
            st.sampled_from(["1", "0", "-1", "1/0", "½", "a", "half", "99999", "1e9", "2.5"]),
            st.sampled_from(["g", "cup", "tbsp", "slice", "medium", "zorp", "fl oz", ""]),
            st.sampled_from(["almonds", "spinach", "milk", "qq", "banana", ""]),
        ),
    )
)
def test_parse_entry_never_crashes(food_db: FoodDB, text: str) -> None:
    try:
        entry = parse_entry(text, food_db)
    except MagcoachError:
        return
    assert 0 < entry.grams <= 5000
