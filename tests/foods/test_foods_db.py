"""The food database built from the real USDA files: agreement with USDA values, grouping,
missing values, search behaviour."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from magcoach.errors import NotFound, SetupError
from magcoach.foods.build import build_database, build_needed
from magcoach.foods.db import FoodDB, open_food_db
from magcoach.foods.parse import parse_entry
from magcoach.settings import Settings

# The agreement checks: (entry, expected magnesium low, high) — within 15% of USDA.
AGREEMENT = [
    ("1 cup cooked spinach", 157 * 0.85, 157 * 1.15),
    ("30 g almonds", 81 * 0.85, 81 * 1.15),
    ("a medium banana", 32 * 0.85, 32 * 1.15),
    ("1 oz pumpkin seeds", 156 * 0.85, 168 * 1.15),
    ("1 cup cooked black beans", 120 * 0.85, 120 * 1.15),
    ("2 tbsp chia seeds", 65 * 0.85, 90 * 1.15),
    ("1 slice whole wheat bread", 24 * 0.85, 24 * 1.15),
    ("3 oz cooked Atlantic mackerel", 82 * 0.85, 82 * 1.15),
]


@pytest.mark.parametrize(("text", "low", "high"), AGREEMENT)
def test_magnesium_agrees_with_usda(food_db: FoodDB, text: str, low: float, high: float) -> None:
    entry = parse_entry(text, food_db)
    assert entry.magnesium_mg is not None
    assert low <= entry.magnesium_mg <= high, (text, entry.food.description, entry.grams)


def test_cooked_black_beans_are_not_the_raw_record(food_db: FoodDB) -> None:
    entry = parse_entry("1 cup cooked black beans", food_db)
    assert "cooked" in entry.food.description.lower()
    assert entry.food.nutrients_per_100g["magnesium_mg"] != 171  # the raw value


def test_sr28_and_sr_legacy_are_one_food_with_provenance(food_db: FoodDB) -> None:
    food = food_db.get("sr:11458")
    assert food.description == "Spinach, cooked, boiled, drained, without salt"
    assert food.source == "SR Legacy"
    assert "sr28:11458" in food.provenance
    assert any(p.startswith("fdc:") for p in food.provenance)
    # the FDC id leads to the same grouped food
    fdc_id = next(p for p in food.provenance if p.startswith("fdc:"))
    assert food_db.get(fdc_id).id == "sr:11458"


def test_fndds_releases_are_grouped_newer_first(food_db: FoodDB) -> None:
    rows = food_db.con.execute(
        "SELECT id FROM foods WHERE provenance LIKE '%fndds-2017-2018%' "
        "AND provenance LIKE '%fndds-2019-2020%' LIMIT 1"
    ).fetchone()
    food = food_db.get(rows[0])
    assert food.source == "FNDDS 2019-2020"
    assert len(food.provenance) == 2
    # the same food code appears once in search results
    hits = food_db.search(food.description, 20)
    assert [h.id for h in hits].count(food.id) == 1


def test_foundation_food_joins_its_sr_food(food_db: FoodDB) -> None:
    hummus = food_db.get("sr:16158")
    assert "fdc:321358" in hummus.provenance  # Foundation "Hummus, commercial"
    ids = [h.id for h in food_db.search("hummus commercial", 10)]
    assert "fdc:321358" not in ids and "sr:16158" in ids


def test_every_household_portion_is_kept(food_db: FoodDB) -> None:
    banana = food_db.get("sr:9040")
    grams = {p.description: p.grams for p in banana.portions}
    assert grams['1 medium (7" to 7-7/8" long)'] == 118
    assert grams["1 cup, mashed"] == 225
    fndds = food_db.get("fndds:63107010")  # FNDDS banana: portions from Portions and Weights
    assert len(fndds.portions) >= 5


def test_missing_magnesium_stays_none_not_zero(food_db: FoodDB, food_db_path: Path) -> None:
    con = sqlite3.connect(food_db_path)
    missing = con.execute(
        "SELECT id FROM foods WHERE magnesium_mg IS NULL AND id LIKE 'sr:%' LIMIT 1"
    ).fetchone()[0]
    zero_count = con.execute("SELECT count(*) FROM foods WHERE magnesium_mg IS NULL").fetchone()[0]
    con.close()
    assert zero_count > 500  # SR28 alone has 739 foods without a magnesium value
    food = food_db.get(missing)
    assert food.nutrients_per_100g["magnesium_mg"] is None
    assert food.nutrients_for(100)["magnesium_mg"] is None


def test_get_unknown_id_raises_not_found(food_db: FoodDB) -> None:
    with pytest.raises(NotFound):
        food_db.get("sr:999999")


def test_meta_records_schema_and_input_checksums(food_db: FoodDB) -> None:
    meta = food_db.meta()
    assert meta["schema_version"]
    assert "sr28/NUT_DATA.txt" in meta["input_sha256"]
    assert food_db.units()["tbsp"][0] == "volume"
    assert abs(food_db.units()["oz"][1] - 28.3495) < 0.001


def test_build_is_atomic_and_idempotent(food_db_path: Path, tmp_path: Path) -> None:
    from tests.conftest import USDA_DIR

    assert not build_needed(USDA_DIR, food_db_path)
    target = tmp_path / "again.sqlite"
    # a failing build (missing inputs) leaves nothing behind
    with pytest.raises(SetupError):
        build_database(tmp_path / "no-such-usda", target)
    assert not target.exists() and not list(tmp_path.glob(".again*"))
    first = build_database(USDA_DIR, target)
    second = build_database(USDA_DIR, target)
    assert (first.foods, first.portions) == (second.foods, second.portions)
    assert first.seconds < 30
    assert not build_needed(USDA_DIR, target)


def test_open_food_db_without_usda_names_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAGCOACH_USDA_DIR", str(tmp_path / "missing"))
    with pytest.raises(SetupError) as err:
        open_food_db(Settings.load())
    assert "MAGCOACH_USDA_DIR" in str(err.value)
    assert str(tmp_path / "missing") in str(err.value)


# ---------------------------------------------------------------- search


def _top(db: FoodDB, query: str) -> str:
    hits = db.search(query, 5)
    assert hits, query
    return hits[0].food.description


def test_word_order_and_punctuation_do_not_matter(food_db: FoodDB) -> None:
    assert _top(food_db, "cooked spinach") == "Spinach, cooked, boiled, drained, without salt"
    assert _top(food_db, "spinach, cooked!") == _top(food_db, "cooked spinach")


def test_synonyms_from_the_data_file(food_db: FoodDB) -> None:
    assert _top(food_db, "pumpkin seeds").startswith("Seeds, pumpkin and squash seed kernels")
    assert _top(food_db, "dark chocolate 70%") == "Chocolate, dark, 70-85% cacao solids"
    garbanzo = {h.id for h in food_db.search("garbanzo", 5)}
    chickpeas = {h.id for h in food_db.search("chickpeas", 5)}
    assert garbanzo & chickpeas


def test_typos_and_plurals_are_forgiven(food_db: FoodDB) -> None:
    assert _top(food_db, "spinch") == _top(food_db, "spinach")
    assert _top(food_db, "almnds") in ("Nuts, almonds", "Almonds, NFS")
    assert _top(food_db, "almond") == _top(food_db, "almonds")
    assert _top(food_db, "bananas") == _top(food_db, "banana") == "Bananas, raw"


def test_generic_whole_foods_rank_above_branded_and_restaurant(food_db: FoodDB) -> None:
    for query in ("bread", "chicken", "beans", "yogurt", "milk", "egg"):
        top = food_db.search(query, 3)
        for hit in top:
            text = hit.food.description.lower()
            assert "restaurant" not in text and "babyfood" not in text, (query, text)
            assert not any(w.isupper() and len(w) > 3 for w in hit.food.description.split())


def test_form_in_query_picks_that_form_otherwise_the_usual_one(food_db: FoodDB) -> None:
    assert "raw" in _top(food_db, "banana").lower()
    assert "cooked" in _top(food_db, "lentils").lower()
    assert "cooked" in _top(food_db, "brown rice").lower()
    assert "roasted" in _top(food_db, "roasted almonds").lower()
    assert "boiled" in _top(food_db, "boiled potatoes").lower()
    assert "raw" in _top(food_db, "raw spinach").lower()


def test_search_nonsense_returns_nothing(food_db: FoodDB) -> None:
    assert food_db.search("qwzxv plorb") == []
