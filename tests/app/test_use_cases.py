"""The application layer, called as the web app calls it: each use case is one function from
a context and a typed request to a typed view."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from magcoach.app import Context, daily, diary, foods, people, plan, screen
from magcoach.errors import InvalidInput, NotFound

TODAY = date(2026, 6, 15)


def test_logging_reaches_the_day_and_the_week(ctx: Context, ana: str) -> None:
    spinach = diary.log_food(ctx, "1 cup cooked spinach", at="today 8am").entries[0]
    almonds = diary.log_food(ctx, "30 g almonds", at="yesterday 19:00").entries[0]
    assert spinach.id.startswith("F") and spinach.magnesium_mg == pytest.approx(157, abs=1)
    day = daily.day(ctx)
    assert day.person == "Ana" and day.food_entries == 1
    assert day.food_mg == pytest.approx(spinach.magnesium_mg, abs=0.1)
    assert day.ear_reached is False and day.contributors[0].food.startswith("Spinach")
    week = daily.week(ctx, days=7)
    assert week.logged_days == 2 and week.days[-2].total_mg == pytest.approx(
        almonds.magnesium_mg or 0, abs=0.1
    )


def test_errors_name_the_field_they_concern(ctx: Context, ana: str) -> None:
    with pytest.raises(InvalidInput) as when:
        diary.log_food(ctx, "1 cup cooked spinach", at="next thursday")
    assert when.value.field == "at"
    with pytest.raises(InvalidInput) as grams:
        diary.log_food(ctx, "almonds", grams=-3)
    assert grams.value.field == "grams"
    with pytest.raises(InvalidInput) as pick:
        diary.log_food(ctx, "almonds", pick=99)
    assert pick.value.field == "pick"
    with pytest.raises(NotFound) as missing:
        foods.search(ctx, "zzzxq")
    assert missing.value.field == "q" and missing.value.code == "not_found"
    with pytest.raises(InvalidInput) as age:
        people.add_person(ctx, people.PersonInput(name="Old", age=300, sex="male"))
    assert age.value.field == "age"


def test_supplement_above_the_upper_limit_warns(ctx: Context, ana: str) -> None:
    diary.add_supplement(
        ctx, diary.SupplementProductInput(name="Mag", form="citrate", elemental_mg=200)
    )
    taken = diary.take_supplement(ctx, "Mag", units=2)
    assert taken.above_ul and taken.supplement_mg_that_day == 400
    assert any("upper limit" in w for w in taken.warnings)
    assert daily.day(ctx).above_ul


def test_fix_delete_and_undo_round_trip(ctx: Context, ana: str) -> None:
    entry = diary.log_food(ctx, "1 cup cooked spinach").entries[0]
    fixed = diary.fix_entry(ctx, entry.id, diary.EntryFix(grams=90))
    assert fixed.changed == ["food"] and fixed.grams == 90
    assert diary.delete_entry(ctx, entry.id).action == "deleted"
    assert diary.entries(ctx).entries == []
    assert diary.undo_delete(ctx).id == entry.id
    assert [e.id for e in diary.entries(ctx).entries] == [entry.id]


def test_plan_foods_and_plan_agree_for_weak_kidneys(ctx: Context) -> None:
    people.add_person(ctx, people.PersonInput(name="Kim", age=70, sex="female", egfr=22))
    screen.screen(ctx, screen.ScreenRequest(person="Kim", answers={"symptoms": ["muscle_cramps"]}))
    request = plan.PlanRequest(person="Kim", intake_mg=150)
    whole = plan.plan(ctx, request)
    alone = plan.plan_foods(ctx, request)
    assert whole.food_plan.items == [] and whole.food_plan.note
    assert alone.food_plan == whole.food_plan  # held back in both, for the same reason


def test_one_answers_file_works_for_screen_plan_and_report(
    ctx: Context, cli: Any, answers_file: Path, tmp_path: Path
) -> None:
    one_off = screen.screen(ctx, screen.ScreenRequest(answers_file=answers_file))
    assert one_off.saved is None and one_off.mds.score >= 1  # omeprazole counts
    made = plan.plan(ctx, plan.PlanRequest(answers=answers_file))
    assert made.person == "Bo" and made.intake.mg_per_day == 180
    assert made.intake.source == "from the answers file"
    for command in (["screen"], ["plan"], ["plan", "foods"]):
        result = cli(*command, "--answers", str(answers_file), "--json")
        assert result.exit_code == 0, (command, result.output)
    # the report is for a diary person: the file's answers are used, its profile is not
    assert cli("person", "add", "Ana", "--age", "44", "--sex", "female").exit_code == 0
    assert cli("pain", "5", "--at", "yesterday 9am").exit_code == 0
    report = cli(
        "report", "--answers", str(answers_file), "--from", "yesterday",
        "--html", str(tmp_path / "r.html"), "--json",
    )  # fmt: skip
    assert report.exit_code == 0, report.output
    out = json.loads(report.stdout)
    assert out["start"] == (TODAY - timedelta(days=1)).isoformat()
    assert Path(out["files"]["html"]).is_file()


def test_questionnaire_is_one_order_for_every_shell() -> None:
    one_off = [s.id for s in screen.questionnaire(diary_person=False).sections]
    diary_person = [s.id for s in screen.questionnaire(diary_person=True).sections]
    assert one_off[:2] == ["emergency", "urgent"]  # red flags first
    assert diary_person[:2] == ["emergency", "urgent"]
    assert "profile" in one_off and "profile" not in diary_person
    emergency = screen.questionnaire(diary_person=True).sections[0]
    assert emergency.stop_on_yes and all(o.urgency == "emergency" for o in emergency.options)
    assert screen.stops(emergency, ["saddle_numbness"]) and not screen.stops(emergency, [])


def test_views_are_what_json_prints(ctx: Context, ana: str, cli: Any) -> None:
    diary.log_food(ctx, "1 cup cooked spinach")
    from_cli = json.loads(cli("day", "--json").stdout)
    assert from_cli == json.loads(daily.day(ctx).model_dump_json())
