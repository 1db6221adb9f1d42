"""`magcoach log` with lines as people type them: several foods, weak matches, bad numbers."""

from __future__ import annotations

import json
from collections.abc import Callable

from typer.testing import Result

from magcoach.errors import ExitCode
from magcoach.foods.db import FoodDB

CliRun = Callable[..., Result]


def _flat(text: str) -> str:
    return " ".join(text.split())


def _with_person(cli: CliRun) -> CliRun:
    added = cli("person", "add", "Ana", "--age", "44", "--sex", "female")
    assert added.exit_code == 0, added.output
    return cli


def test_log_several_foods_logs_each_and_says_so(food_db: FoodDB, cli: CliRun) -> None:
    run = _with_person(cli)
    result = run("log", "2 slices whole wheat toast with peanut butter")
    assert result.exit_code == 0, result.output
    out = _flat(result.stdout)
    assert "Logged F1" in out and "Logged F2" in out  # nothing dropped
    assert "Peanut butter" in out and "Bread, whole-wheat" in out
    listed = json.loads(run("entries", "--json").stdout)["entries"]
    assert len([e for e in listed if e["kind"] == "food"]) == 2
    # each part is its own entry, so each can be corrected on its own
    fixed = run("entry", "fix", "F2", "--grams", "16")
    assert fixed.exit_code == 0, fixed.output


def test_log_json_of_several_foods_lists_entries(food_db: FoodDB, cli: CliRun) -> None:
    run = _with_person(cli)
    data = json.loads(run("log", "a banana and an apple", "--json").stdout)
    assert [e["id"] for e in data["entries"]] == ["F1", "F2"]
    assert all(e["confidence"] == "high" for e in data["entries"])
    one = json.loads(run("log", "30 g almonds", "--json").stdout)["entries"]  # the same shape
    assert len(one) == 1 and one[0]["id"] == "F3"
    assert one[0]["confidence"] == "high" and one[0]["notes"] == []


def test_pick_with_several_foods_is_refused_plainly(food_db: FoodDB, cli: CliRun) -> None:
    run = _with_person(cli)
    result = run("log", "a banana and an apple", "--pick", "1")
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert "names 2 foods" in _flat(result.output)


def test_log_says_when_it_is_not_sure(food_db: FoodDB, cli: CliRun) -> None:
    run = _with_person(cli)
    out = _flat(run("log", "tofu scramble").stdout)
    assert "Not sure of this match (low)" in out
    assert "does not match the word(s) 'scramble'" in out
    assert "--pick N" in out  # the alternatives are shown


def test_log_refuses_numbers_that_are_not_amounts(food_db: FoodDB, cli: CliRun) -> None:
    run = _with_person(cli)
    for text in ("1e308 g almonds", "nan g almonds"):
        result = run("log", text)
        assert result.exit_code == ExitCode.INVALID_INPUT, text
        assert "Traceback" not in result.output
    assert "(1000 g)" in _flat(run("log", "1e3 g almonds").stdout)  # read, not 1 g
