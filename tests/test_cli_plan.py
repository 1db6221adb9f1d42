"""`magcoach foods rich`, `plan` and `plan foods` from the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from magcoach.errors import ExitCode


def answers(tmp_path: Path, **person: Any) -> str:
    fields = {"name": "Ann", "age": 45, "sex": "female", **person}
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"person": fields}), encoding="utf-8")
    return str(path)


def test_foods_rich_ranks_per_serving_and_respects_diet(cli: Any, food_db: Any) -> None:
    result = cli("foods", "rich", "--limit", "15", "--json")
    assert result.exit_code == 0, result.stderr
    foods = json.loads(result.stdout)["foods"]
    assert len(foods) == 15
    mg = [f["magnesium_mg"] for f in foods]
    assert mg == sorted(mg, reverse=True)
    assert all(f["sodium_mg"] is None or f["sodium_mg"] <= 400 for f in foods)
    text = " ".join(f["description"].lower() for f in foods)
    for junk in ("bran, crude", "agar", "spices", "formula", "fish sauce"):
        assert junk not in text
    vegan = json.loads(
        cli(
            "foods", "rich", "--diet", "vegan", "--exclude", "nuts,seeds", "--limit", "40", "--json"
        ).stdout
    )["foods"]
    for f in vegan:
        assert not set(f["tags"]) & {"animal", "fish", "dairy", "egg", "nuts", "seeds"}, f


def test_foods_rich_highlights_seed_foods(cli: Any, food_db: Any) -> None:
    result = cli("foods", "rich", "--limit", "60")
    assert result.exit_code == 0, result.stderr
    assert "★" in result.stdout


def test_plan_json_shape_for_mild_shortfall(cli: Any, food_db: Any, tmp_path: Path) -> None:
    md = tmp_path / "plan.md"
    result = cli(
        "plan",
        "--answers",
        answers(tmp_path),
        "--intake-mg",
        "180",
        "--json",
        "--markdown",
        str(md),
    )
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["decision"] == "diet_first"
    assert out["supplement"] is None
    assert out["food_plan"]["magnesium_mg_after"] >= 320
    assert "## 3. Food plan" in md.read_text(encoding="utf-8")


def test_plan_text_with_crohns_says_clinician(cli: Any, food_db: Any, tmp_path: Path) -> None:
    result = cli(
        "plan", "--answers", answers(tmp_path, conditions=["crohns"]), "--intake-mg", "180"
    )
    assert result.exit_code == 0, result.stderr
    assert "clinician" in result.stdout


def test_plan_foods_json(cli: Any, food_db: Any, tmp_path: Path) -> None:
    result = cli("plan", "foods", "--answers", answers(tmp_path), "--intake-mg", "180", "--json")
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["magnesium_mg_after"] >= 320 and out["added_kcal"] <= 300


def test_plan_foods_infeasible_says_what_to_relax(cli: Any, food_db: Any, tmp_path: Path) -> None:
    result = cli(
        "plan", "foods", "--answers", answers(tmp_path), "--intake-mg", "0", "--kcal-budget", "50"
    )
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert "binds" in result.stderr and "Traceback" not in result.stderr


def test_bad_inputs_are_named_errors(cli: Any, food_db: Any, tmp_path: Path) -> None:
    assert cli("foods", "rich", "--per", "cup").exit_code == ExitCode.INVALID_INPUT
    assert cli("plan", "--answers", answers(tmp_path), "--intake-mg", "-5").exit_code == (
        ExitCode.INVALID_INPUT
    )
    missing = cli("plan", "--answers", str(tmp_path / "nope.toml"), "--intake-mg", "100")
    assert missing.exit_code == ExitCode.BAD_FILE
    bad = cli("plan", "--answers", answers(tmp_path, age=300), "--intake-mg", "100")
    assert bad.exit_code == ExitCode.INVALID_INPUT
    goal = cli("plan", "--answers", answers(tmp_path), "--intake-mg", "100", "--goal", "fun")
    assert goal.exit_code == ExitCode.INVALID_INPUT


def test_red_flag_answers_make_the_plan_see_a_doctor_now(
    cli: Any, food_db: Any, tmp_path: Path
) -> None:
    path = tmp_path / "flags.toml"
    path.write_text(
        'age = 45\nsex = "female"\nred_flags = ["new_bladder_dysfunction"]\nintake_mg = 180\n',
        encoding="utf-8",
    )
    result = cli("plan", "--answers", str(path), "--json")
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["urgency"] == "emergency" and out["decision"] == "see_doctor_now"
    assert out["supplement"] is None and out["food_plan"]["items"] == []
    text = cli("plan", "--answers", str(path)).stdout
    assert "See a doctor now" in text and "bladder" in text
