"""`magcoach foods build | search | parse` as a person uses them: output, JSON, exit codes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from magcoach.errors import ExitCode
from magcoach.foods.db import FoodDB

CliRun = Callable[..., Result]


def test_search_json_shape(food_db: FoodDB, cli: CliRun) -> None:
    result = cli("foods", "search", "pumpkin seeds", "--limit", "3", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["query"] == "pumpkin seeds"
    assert len(data["foods"]) == 3
    first = data["foods"][0]
    assert set(first) == {"id", "description", "source", "magnesium_mg_per_100g", "portions"}
    assert first["description"].startswith("Seeds, pumpkin and squash seed kernels")
    assert first["magnesium_mg_per_100g"] > 500
    portion = first["portions"][0]
    assert {"description", "grams", "magnesium_mg"} == set(portion)
    assert portion["magnesium_mg"] == round(
        first["magnesium_mg_per_100g"] * portion["grams"] / 100, 1
    )


def test_search_text_shows_magnesium_per_portion(food_db: FoodDB, cli: CliRun) -> None:
    result = cli("foods", "search", "boiled spinach", "--limit", "2")
    assert result.exit_code == 0
    assert "Spinach, cooked, boiled" in result.stdout
    assert "1 cup (180 g): 157 mg" in result.stdout


def test_parse_json_shape(food_db: FoodDB, cli: CliRun) -> None:
    result = cli("foods", "parse", "30 g almonds", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["text"] == "30 g almonds"
    assert data["quantity"] == 30 and data["unit"] == "g" and data["grams"] == 30
    food = {k: data["food"][k] for k in ("id", "description", "source")}
    # USDA's generic almonds: the FNDDS "Almonds, NFS" record or SR's "Nuts, almonds"
    assert food["id"] in ("fndds:42100100", "sr:12061")
    assert data["confidence"] == "high" and data["notes"] == []
    assert data["nutrients"]["magnesium_mg"] == pytest.approx(81, rel=0.05)
    assert data["magnesium_mg"] == data["nutrients"]["magnesium_mg"]
    assert isinstance(data["alternatives"], list) and data["alternatives"]


def test_parse_text_puts_magnesium_first(food_db: FoodDB, cli: CliRun) -> None:
    result = cli("foods", "parse", "a medium banana")
    assert result.exit_code == 0
    assert "Magnesium: 31.9 mg" in result.stdout
    assert "Not the right food?" in result.stdout


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (("foods", "parse", ""), ExitCode.INVALID_INPUT, "empty"),
        (("foods", "parse", "0 g almonds"), ExitCode.INVALID_INPUT, "zero"),
        (("foods", "parse", "-- -3 cups milk"), ExitCode.INVALID_INPUT, "negative"),
        (("foods", "parse", "6 kg almonds"), ExitCode.INVALID_INPUT, "5 kg"),
        (("foods", "parse", "3 blorps almonds"), ExitCode.INVALID_INPUT, "Unknown word"),
        (("foods", "parse", "2 slices raw spinach"), ExitCode.INVALID_INPUT, "portions"),
        (("foods", "parse", "qwzxv plorb"), ExitCode.NOT_FOUND, "No food matches"),
        (("foods", "parse", "100 g spinnach qwzxv"), ExitCode.NOT_FOUND, "Did you mean"),
        (("foods", "search", "qwzxv plorb"), ExitCode.NOT_FOUND, "No food matches"),
        (("foods", "search", " "), ExitCode.INVALID_INPUT, "empty"),
    ],
)
def test_bad_input_gives_a_message_and_named_exit_code(
    food_db: FoodDB,
    cli: CliRun,  # type: ignore[no-untyped-def]
    args: tuple[str, ...],
    code: ExitCode,
    words: str,
) -> None:
    argv = list(args)
    if argv[-1].startswith("-- "):  # pass a value that starts with '-' after '--'
        argv = [*argv[:-1], "--", argv[-1][3:]]
    result = cli(*argv)
    assert result.exit_code == int(code), (result.stdout, result.stderr)
    assert words in " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr + result.stdout


def test_missing_usda_dir_is_a_setup_error(
    cli: CliRun, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("MAGCOACH_USDA_DIR", str(tmp_path / "nowhere"))
    result = cli("foods", "search", "spinach")
    assert result.exit_code == int(ExitCode.SETUP)
    assert "MAGCOACH_USDA_DIR" in result.stderr
    assert "Traceback" not in result.stderr


def test_build_json_summary(cli: CliRun, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    target = tmp_path / "built.sqlite"
    monkeypatch.setenv("MAGCOACH_FOOD_DB", str(target))
    result = cli("foods", "build", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["foods"] > 15000 and data["portions"] > 40000
    assert set(data["foods_by_source"]) >= {"SR Legacy", "FNDDS 2019-2020", "Foundation Foods 2024"}
    assert target.is_file()
    bad = cli("foods", "build", "--usda-dir", str(tmp_path / "none"))
    assert bad.exit_code == int(ExitCode.SETUP)
    assert str(tmp_path / "none") in bad.stderr
