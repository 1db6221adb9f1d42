"""`magcoach foods rich`, `plan` and `plan foods` from the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

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
    food_plan = out["food_plan"]
    assert food_plan["magnesium_mg_after"] >= 320 and food_plan["added_kcal"] <= 300
    whole = json.loads(
        cli("plan", "--answers", answers(tmp_path), "--intake-mg", "180", "--json").stdout
    )
    # one assembly: the same food plan with the same fields (only the solver's time differs)
    assert {**whole["food_plan"], "solve_ms": 0} == {**food_plan, "solve_ms": 0}


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


# --- a diary person: the latest stored screening reaches the plan ------------------------------


def _diary_person(cli: Any, *extra: str) -> None:
    added = cli("person", "add", "Ana", "--age", "45", "--sex", "female", *extra)
    assert added.exit_code == 0, added.output


def test_stored_emergency_red_flag_makes_the_plan_see_a_doctor_now(cli: Any, food_db: Any) -> None:
    _diary_person(cli)
    saved = cli("screen", "--person", "Ana", "--red-flag", "new_bladder_dysfunction")
    assert saved.exit_code == 0, saved.output
    result = cli("plan", "--intake-mg", "180", "--json")
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["urgency"] == "emergency" and out["decision"] == "see_doctor_now"
    assert out["screening"]["answered"] is True and "Q1" in out["screening"]["source"]
    assert out["supplement"] is None and out["food_plan"]["items"] == []
    text = " ".join(cli("plan", "--person", "Ana", "--intake-mg", "180").stdout.split())
    assert text.index("See a doctor now") < text.index("bladder")
    foods = cli("plan", "foods", "--intake-mg", "180")
    assert foods.exit_code == 0, foods.output
    assert "See a doctor first" in " ".join(foods.stdout.split()).split("Ana:")[0]

    # a later screening without red flags replaces it as the one the plan uses
    assert cli("screen", "--person", "Ana", "--symptom", "muscle_cramps").exit_code == 0
    later = json.loads(cli("plan", "--intake-mg", "180", "--json").stdout)
    assert later["urgency"] == "none" and later["decision"] == "diet_first"
    assert "Q2" in later["screening"]["source"]


def test_plan_without_a_stored_screening_says_so(cli: Any, food_db: Any) -> None:
    _diary_person(cli)
    out = json.loads(cli("plan", "--intake-mg", "180", "--json").stdout)
    assert out["urgency"] == "unknown"  # never "none": nobody answered the red flags
    assert out["screening"]["answered"] is False
    notes = out["notes"]
    assert any("No screening answered yet" in n and "screening questions" in n for n in notes)
    text = " ".join(cli("plan", "--intake-mg", "180").stdout.split())
    assert "No screening answered yet" in text and "run magcoach screen" in text
    assert "no red flags" not in text.lower()
    foods = json.loads(cli("plan", "foods", "--intake-mg", "180", "--json").stdout)
    assert foods["urgency"] == "unknown" and "screening questions" in foods["notes"][0]


def test_stored_too_much_magnesium_signs_stop_the_supplement(cli: Any, food_db: Any) -> None:
    _diary_person(cli, "--condition", "crohns")
    assert cli("screen", "--person", "Ana", "--symptom", "muscle_cramps").exit_code == 0
    before = json.loads(cli("plan", "--intake-mg", "150", "--json").stdout)
    assert before["decision"] == "supplement_with_clinician" and before["supplement"]
    signs = cli("screen", "--person", "Ana", "--too-much-sign", "diarrhoea")
    assert signs.exit_code == 0, signs.output
    after = json.loads(cli("plan", "--intake-mg", "150", "--json").stdout)
    assert after["decision"] == "clinician_only" and after["supplement"] is None
    text = " ".join(cli("plan", "--intake-mg", "150").stdout.split())
    assert "Diarrhoea or loose stools" in text


def test_stored_symptoms_choose_the_supplement_goal(cli: Any, food_db: Any) -> None:
    _diary_person(cli, "--condition", "crohns")
    assert cli("screen", "--person", "Ana", "--symptom", "fatigue_weakness").exit_code == 0
    out = json.loads(cli("plan", "--intake-mg", "150", "--json").stdout)
    assert out["supplement"]["form"].lower().endswith("malate")  # malate: muscle pain, fatigue


def test_stored_red_flag_comes_first_even_without_an_intake(cli: Any, food_db: Any) -> None:
    _diary_person(cli)
    assert cli("plan", "--json").exit_code == ExitCode.INVALID_INPUT  # no flag: intake needed
    assert cli("screen", "--person", "Ana", "--red-flag", "saddle_numbness").exit_code == 0
    out = json.loads(cli("plan", "--json").stdout)  # no diary days, no --intake-mg
    assert out["urgency"] == "emergency" and out["decision"] == "see_doctor_now"
    foods = cli("plan", "foods")
    assert foods.exit_code == 0, foods.output
    assert "See a doctor first" in " ".join(foods.stdout.split())


def test_foods_rich_default_is_a_list_for_a_person(cli: Any, food_db: Any) -> None:
    from magcoach.planner import is_branded, variant_key

    result = cli("foods", "rich", "--limit", "20", "--json")
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["scope"] == "common"
    foods = out["foods"]
    assert len(foods) == 20
    for f in foods:
        assert not is_branded(f["description"], ""), f["description"]
        assert "restaurant" not in f["description"].lower()
    keys = [variant_key(f["description"]) for f in foods]
    assert len(keys) == len(set(keys)), keys  # no food twice
    assert sum("pumpkin" in f["description"].lower() for f in foods) == 1
    seeds = {f["seed_food"] for f in foods} - {None}
    assert {"pumpkin seeds", "spinach", "black beans"} <= seeds, seeds
    for rare in ("mothbean", "yardlong", "catjang", "hyacinth", "kashi"):
        assert rare not in " ".join(f["description"].lower() for f in foods)
    text = cli("foods", "rich").stdout
    assert "--all for every USDA food" in text
    assert "★" in text


def test_foods_rich_all_shows_more(cli: Any, food_db: Any) -> None:
    narrow = ("--diet", "vegan", "--exclude", "nuts,seeds,soy,gluten", "--max-sodium-mg", "20")
    common = json.loads(cli("foods", "rich", *narrow, "--limit", "500", "--json").stdout)["foods"]
    every = json.loads(cli("foods", "rich", *narrow, "--all", "--limit", "500", "--json").stdout)
    assert every["scope"] == "all"
    assert len(every["foods"]) > len(common)
    for f in common + every["foods"]:  # the diet and the exclusions hold in both lists
        assert not set(f["tags"]) & {"animal", "fish", "dairy", "egg", "nuts", "seeds", "soy"}
        assert f["sodium_mg"] is None or f["sodium_mg"] <= 20
    descriptions = " ".join(f["description"] for f in every["foods"])
    assert "Mothbeans" in descriptions
    assert "Mothbeans" not in " ".join(f["description"] for f in common)
    per_kcal = json.loads(cli("foods", "rich", "--per", "100kcal", "--json").stdout)["foods"]
    values = [f["magnesium_mg_per_100kcal"] for f in per_kcal]
    assert values == sorted(values, reverse=True)


def test_diary_plan_works_from_food_and_sets_logged_supplements_apart(
    cli: Any, food_db: Any
) -> None:
    """A low diet propped up by a supplement is still a low diet: the plan says so, names the
    supplement, and does not stack new supplement advice on top of it."""
    _diary_person(cli)
    assert cli("screen", "--person", "Ana", "--symptom", "muscle_cramps").exit_code == 0
    assert cli("supp", "add", "Mag", "--form", "citrate", "--elemental-mg", "150").exit_code == 0
    for day in ("2026-06-13", "2026-06-14"):
        logged = cli("log", "1 medium banana", "--at", f"{day} 08:00")
        assert logged.exit_code == 0, logged.output
        assert cli("supp", "take", "Mag", "--units", "2", "--at", f"{day} 09:00").exit_code == 0
    plan = json.loads(cli("plan", "--json").stdout)
    assert 25 < plan["intake"]["mg_per_day"] < 40  # the banana, not banana + 300 mg supplement
    assert "about 300 mg a day" in plan["intake"]["source"]
    assert any("replaces it rather than adding to it" in w for w in plan["decision_why"])
    assert plan["decision"] != "diet_first" or plan["food_plan"]["items"]


def test_diary_plan_counts_the_dose_in_the_persons_own_capsules(cli: Any, food_db: Any) -> None:
    _diary_person(cli, "--condition", "crohns")
    assert cli("screen", "--person", "Ana", "--symptom", "muscle_cramps").exit_code == 0
    added = cli("supp", "add", "Mag gly", "--form", "glycinate", "--salt-mg", "500")
    assert added.exit_code == 0, added.output
    plan = json.loads(cli("plan", "--intake-mg", "150", "--json").stdout)
    products = plan["supplement"]["products"]
    assert [p["name"] for p in products] == ["Mag gly"]
    assert products[0]["elemental_mg_per_unit"] == pytest.approx(70.5)
    assert products[0]["units_per_day"] == 2
    assert products[0]["elemental_mg_per_day"] <= plan["requirements"]["supplemental_ul_mg"]
    text = " ".join(cli("plan", "--intake-mg", "150").stdout.split())
    assert "With your Mag gly (70.5 mg magnesium per capsule): 2 capsules a day" in text
