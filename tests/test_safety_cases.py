"""Issue 9, part 2: every safety case found by trying magcoach as a new user, as a test.

Core cases run on the pure functions; the end-to-end cases run the real commands on a diary
person, because that is where the failures were seen.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from magcoach.person import Person
from magcoach.plan import resolve_pool, to_json, to_markdown
from magcoach.planner import PoolFood
from magcoach.reference import match_medicines, supplement_forms, too_much_magnesium_signs
from magcoach.reference.plan_data import food_pool
from magcoach.requirements import requirements
from magcoach.screening import RED_FLAG_NOTE, Answers, assess
from magcoach.services import ScreeningInput, plan_for
from magcoach.supplements import (
    HardStop,
    Product,
    SupplementAdvice,
    advise,
    medicine_rules,
    product_count_sentence,
    product_counts,
    respects,
)

TODAY = date(2026, 6, 15)
SERIOUS = [s.id for s in too_much_magnesium_signs() if s.severity == "serious"]
SEVERE = [s.id for s in too_much_magnesium_signs() if s.severity == "severe"]


def flat(text: str) -> str:
    """Terminal output with its line wrapping undone."""
    return " ".join(text.split())


@pytest.fixture
def pool(food_db: Any) -> list[PoolFood]:
    return resolve_pool(food_pool(), food_db.get)


def milk_of_magnesia_man() -> Person:
    """The failing case: 60, eGFR 40, taking 1,000 mg a day as milk of magnesia."""
    return Person(name="Bob", age=60, sex="male", egfr=40)


# --- too much magnesium ---------------------------------------------------------------------


def test_the_list_of_signs_that_escalate_is_the_one_in_facts() -> None:
    # ODS: low blood pressure, urinary retention, lethargy ... progressing to muscle weakness,
    # breathing difficulty and irregular heartbeat (FACTS.md 2.2)
    assert set(SERIOUS) == {"low_blood_pressure", "urinary_retention", "lethargy"}
    assert set(SEVERE) == {"muscle_weakness", "breathing_difficulty", "irregular_heartbeat"}


@pytest.mark.parametrize("sign", SERIOUS + SEVERE)
def test_serious_signs_of_too_much_magnesium_mean_stop_and_get_help_today(sign: str) -> None:
    result = assess(milk_of_magnesia_man(), Answers(too_much_magnesium_signs=[sign]))
    expected = "emergency" if sign in SEVERE else "urgent"
    assert result.red_flags.urgency == expected
    assert result.supplements_blocked
    step = result.next_step
    assert "Stop taking magnesium supplements" in step
    assert "laxatives or antacids that contain magnesium" in step and "milk of magnesia" in step
    assert "today" in step or "now" in step
    assert "today" in result.red_flags.message or "now" in result.red_flags.message
    assert "Start with food" not in step and "within the next few days" not in step
    assert result.reasons[0].startswith("See a doctor first")
    assert result.level_note  # the deficiency level is not to be read as it stands


def test_early_gut_signs_stop_supplements_without_a_red_flag() -> None:
    result = assess(milk_of_magnesia_man(), Answers(too_much_magnesium_signs=["diarrhoea"]))
    assert result.red_flags.urgency == "none"
    assert result.supplements_blocked
    assert result.next_step.startswith("Do not start magnesium supplements")
    assert "laxatives or antacids that contain magnesium" in result.next_step


def test_failing_case_core_plan_holds_food_and_supplement_back(pool: list[PoolFood]) -> None:
    answers = Answers(too_much_magnesium_signs=["breathing_difficulty", "lethargy"])
    plan = plan_for(
        milk_of_magnesia_man(),
        111,
        pool,
        ScreeningInput(answers, source="test"),
        today=TODAY,
        current_supplement_mg=1000,
    )
    assert plan.urgency == "emergency" and plan.decision == "see_doctor_now"
    assert plan.food_plan is None and plan.supplement is None
    text = flat(to_markdown(plan))
    assert "milk of magnesia" in text and "emergency" in text
    for wrong in ("Food plan", "Start with food", "moderate chance", "Adds"):
        assert wrong not in text


def test_signs_given_apart_from_the_answers_still_reach_the_screening() -> None:
    # the store and old answers files keep the signs next to the answers, not inside them
    screening = ScreeningInput(Answers(), excess_signs=("irregular_heartbeat",))
    assert screening.answers is not None
    assert screening.answers.too_much_magnesium_signs == ("irregular_heartbeat",)
    assert assess(milk_of_magnesia_man(), screening.answers).red_flags.urgency == "emergency"


# --- red flag wording -----------------------------------------------------------------------


@pytest.mark.parametrize("flags", [["saddle_numbness"], ["saddle_numbness", "age_new_pain"]])
def test_cauda_equina_emergency_is_never_softened(flags: list[str]) -> None:
    result = assess(Person(name="A", age=45, sex="female"), Answers(red_flags=flags))
    assert result.red_flags.urgency == "emergency"
    assert result.red_flags.note == ""
    cauda = [f for f in result.red_flags.findings if f.group == "cauda_equina"]
    assert cauda and all(f.note == "" for f in cauda)
    said = " ".join([result.red_flags.message, *result.reasons, result.next_step])
    assert "does not mean something serious" not in said


def test_single_flag_caveat_stays_with_the_flags_nice_wrote_it_for() -> None:
    person = Person(name="A", age=45, sex="female")
    assert assess(person, Answers(red_flags=["age_new_pain"])).red_flags.note == RED_FLAG_NOTE
    assert assess(person, Answers(red_flags=["fever"])).red_flags.note == ""  # no note in data


# --- weak kidneys ---------------------------------------------------------------------------


def test_egfr_below_30_never_hears_that_kidneys_clear_extra(pool: list[PoolFood]) -> None:
    person = Person(name="K", age=70, sex="female", egfr=22)
    plan = plan_for(person, 150, pool, ScreeningInput(Answers()), today=TODAY)
    screening = assess(person, Answers())
    text = " ".join(
        [to_markdown(plan), json.dumps(to_json(plan)), screening.next_step, *screening.reasons]
    )
    assert "clear any extra" not in text and "the kidneys clear extra" not in text
    assert "Food sources of magnesium are fine" not in text
    assert plan.food_plan is None and "kidney team" in (plan.food_plan_note or "")
    assert "kidney team" in screening.next_step


# --- supplements the person already takes ------------------------------------------------


def test_supplements_above_the_upper_limit_are_named_and_stop_more(pool: list[PoolFood]) -> None:
    person = Person(name="Ann", age=45, sex="female")
    plan = plan_for(
        person, 250, pool, ScreeningInput(Answers()), today=TODAY, current_supplement_mg=500
    )
    assert plan.decision != "diet_first"
    why = " ".join(plan.decision_why)
    assert "500 mg" in why and "350 mg upper limit" in why
    assert isinstance(plan.supplement, HardStop)
    assert to_json(plan)["current_supplement_mg"] == 500


def test_supplements_within_the_limit_are_replaced_not_stacked() -> None:
    person = Person(name="Ann", age=45, sex="female", conditions=["crohns"])
    plan = plan_for(
        person, 150, [], ScreeningInput(Answers()), today=TODAY, current_supplement_mg=200
    )
    assert isinstance(plan.supplement, SupplementAdvice)
    assert any("replaces it rather than adding to it" in line for line in plan.decision_why)


# --- PPI ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("medicines", "risk_factors"), [(["omeprazole"], []), ([], ["long_term_ppi"])]
)
def test_long_term_ppi_users_always_hear_when_to_seek_care(
    medicines: list[str], risk_factors: list[str]
) -> None:
    person = Person(name="P", age=50, sex="male", medicines=medicines)
    result = assess(person, Answers(risk_factors=risk_factors))  # no tremor reported
    warning = " ".join(result.seek_care)
    for word in ("palpitations", "spasms", "tremor", "seizure"):
        assert word in warning
    plan = plan_for(
        person, 300, [], ScreeningInput(Answers(risk_factors=risk_factors)), today=TODAY
    )
    assert any("palpitations" in note for note in plan.notes)
    assert assess(Person(name="Q", age=50, sex="male"), Answers()).seek_care == ()


# --- red flags unanswered -------------------------------------------------------------------


def test_no_supplement_while_the_red_flag_questions_are_unanswered() -> None:
    person = Person(name="C", age=45, sex="female", conditions=["crohns"])
    unanswered = plan_for(person, 150, [], ScreeningInput(None), today=TODAY)
    assert unanswered.urgency == "unknown"
    assert unanswered.supplement is None and unanswered.decision == "screening_first"
    assert "warning-sign (red-flag) questions" in unanswered.decision_why[0]
    assert "First, the warning-sign questions" in to_markdown(unanswered)
    answered = plan_for(person, 150, [], ScreeningInput(Answers()), today=TODAY)
    assert isinstance(answered.supplement, SupplementAdvice)  # answered: the advice comes back


# --- medicines taken several times a day ---------------------------------------------------


@pytest.mark.parametrize("gap", [150.0, 400.0])  # one dose, and a dose split in two
def test_gabapentin_is_scheduled_three_times_a_day_with_magnesium_clear_of_each(
    gap: float,
) -> None:
    person = Person(name="G", age=50, sex="female", medicines=["Neurontin"])
    rules = medicine_rules(match_medicines(person.medicines))
    assert len(rules[0].times) == 3 and "label-gabapentin" in rules[0].source
    advice = advise(
        person, gap, requirements(person), supplement_forms().values(), medicine_rules=rules
    )
    assert isinstance(advice, SupplementAdvice)
    assert sum(e.what == "Neurontin" for e in advice.schedule) == 3
    for dose in advice.doses:
        h, m = dose.time.split(":")
        assert respects(int(h) + int(m) / 60, rules[0]), dose.time
    assert not any("could not find times" in w for w in advice.warnings)
    assert any("three times a day" in w and "07:00, 15:00 and 23:00" in w for w in advice.warnings)


# --- wording ---------------------------------------------------------------------------------


def test_a_tablet_too_big_for_the_limit_reads_as_a_sentence() -> None:
    person = Person(name="Ann", age=45, sex="female")
    advice = advise(person, 150, requirements(person), supplement_forms().values())
    assert isinstance(advice, SupplementAdvice)
    (count,) = product_counts(advice, [Product("Mag 400", "tablet", 400.0)])
    sentence = product_count_sentence(count, advice.elemental_mg_per_day)
    assert "0 tablets" not in sentence
    assert "does not fit this plan" in sentence and "one tablet gives 400 mg" in sentence
    (fits,) = product_counts(advice, [Product("Mag 75", "capsule", 75.0)])
    assert "2 capsules a day = 150 mg." in product_count_sentence(fits, 150)


# --- end to end, as a person would use it ---------------------------------------------------


def _person(cli: Any, name: str, *flags: str) -> None:
    added = cli("person", "add", name, *flags)
    assert added.exit_code == 0, added.output


def _take_daily(cli: Any, product: str, mg: str, units: str) -> None:
    assert cli("supp", "add", product, "--elemental-mg", mg, "--unit", "dose").exit_code == 0
    for day in ("2026-06-13", "2026-06-14"):
        assert cli("log", "1 medium banana", "--at", f"{day} 08:00").exit_code == 0
        taken = cli("supp", "take", product, "--units", units, "--at", f"{day} 21:00")
        assert taken.exit_code == 0, taken.output


def test_failing_case_end_to_end(cli: Any, food_db: Any) -> None:
    """Age 60, eGFR 40, 1,000 mg a day of milk of magnesia, breathing difficulty and lethargy:
    once "urgency none, moderate chance, +191 mg food plan"."""
    _person(cli, "Bob", "--age", "60", "--sex", "male", "--egfr", "40")
    _take_daily(cli, "Milk of magnesia", "500", "2")
    signs = ("--too-much-sign", "breathing_difficulty", "--too-much-sign", "lethargy")
    screen = cli("screen", "--person", "Bob", *signs)
    assert screen.exit_code == 0, screen.output
    text = flat(screen.stdout)
    assert "EMERGENCY" in text and "Stop taking magnesium supplements" in text
    assert "milk of magnesia" in text and "call emergency services" in text
    assert "Start with food" not in text and "MODERATE" not in text
    assert "does not mean something serious" not in text

    plan = json.loads(cli("plan", "--json").stdout)
    assert plan["urgency"] == "emergency" and plan["decision"] == "see_doctor_now"
    assert plan["food_plan"]["items"] == [] and plan["supplement"] is None
    plan_text = flat(cli("plan").stdout)
    assert "See a doctor now" in plan_text and "Food plan" not in plan_text
    foods = cli("plan", "foods")
    assert foods.exit_code == 0, foods.output
    assert "See a doctor first" in flat(foods.stdout) and " + " not in foods.stdout
    assert json.loads(cli("plan", "foods", "--json").stdout)["food_plan"]["items"] == []


def test_one_off_screen_takes_signs_of_too_much_magnesium(cli: Any) -> None:
    result = cli(
        "screen", "--age", "60", "--sex", "male", "--egfr", "40",
        "--too-much-sign", "urinary retention", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["red_flags"]["urgency"] == "urgent" and out["supplements_blocked"]
    assert "today" in out["red_flags"]["message"]


def test_cauda_equina_box_end_to_end(cli: Any) -> None:
    text = flat(
        cli("screen", "--age", "45", "--sex", "female", "--red-flag", "saddle_numbness").stdout
    )
    assert "EMERGENCY" in text
    assert "does not mean something serious" not in text


def test_weak_kidneys_plan_foods_agrees_with_plan(cli: Any, food_db: Any) -> None:
    _person(cli, "Kay", "--age", "70", "--sex", "female", "--egfr", "22")
    assert cli("screen", "--person", "Kay", "--symptom", "muscle_cramps").exit_code == 0
    plan = json.loads(cli("plan", "--intake-mg", "150", "--json").stdout)
    assert plan["food_plan"]["items"] == []
    foods = json.loads(cli("plan", "foods", "--intake-mg", "150", "--json").stdout)
    assert foods["food_plan"]["items"] == [] and foods["decision"] == plan["decision"]
    assert "kidney team" in foods["food_plan"]["note"]
    text = flat(cli("plan", "foods", "--intake-mg", "150").stdout)
    assert " + " not in text and "kidney team" in text
    for out in (text, flat(cli("plan", "--intake-mg", "150").stdout)):
        assert "clear any extra" not in out and "Swiss chard" not in out


def test_plan_foods_shows_the_same_foods_as_plan(cli: Any, food_db: Any) -> None:
    _person(cli, "Ann", "--age", "45", "--sex", "female")
    assert cli("screen", "--person", "Ann", "--symptom", "muscle_cramps").exit_code == 0
    plan = json.loads(cli("plan", "--intake-mg", "180", "--json").stdout)
    foods = json.loads(cli("plan", "foods", "--intake-mg", "180", "--json").stdout)
    assert foods["food_plan"]["items"] == plan["food_plan"]["items"]
    assert foods["food_plan"]["items"]


def test_intake_mg_still_weighs_the_logged_supplements(cli: Any, food_db: Any) -> None:
    _person(cli, "Ann", "--age", "45", "--sex", "female")
    assert cli("screen", "--person", "Ann", "--symptom", "muscle_cramps").exit_code == 0
    _take_daily(cli, "Mag 250", "250", "2")
    plan = json.loads(cli("plan", "--intake-mg", "250", "--json").stdout)
    assert plan["decision"] != "diet_first"
    assert plan["current_supplement_mg"] == pytest.approx(500)
    assert "500 mg" in plan["intake"]["source"]
    text = flat(cli("plan", "--intake-mg", "250").stdout)
    assert "Diet first" not in text
    assert "500 mg of magnesium a day from supplements, above the 350 mg upper limit" in text


def test_unscreened_person_is_told_the_red_flag_questions_come_first(
    cli: Any, food_db: Any
) -> None:
    _person(cli, "Cy", "--age", "45", "--sex", "female", "--condition", "crohns")
    plan = json.loads(cli("plan", "--intake-mg", "150", "--json").stdout)
    assert plan["urgency"] == "unknown" and plan["supplement"] is None
    assert plan["decision"] == "screening_first"
    text = flat(cli("plan", "--intake-mg", "150").stdout)
    assert "First, the warning-sign questions" in text and "magcoach screen" in text


def test_ppi_warning_in_the_screen_output(cli: Any) -> None:
    text = flat(cli("screen", "--age", "50", "--sex", "male", "--medicine", "omeprazole").stdout)
    assert "palpitations" in text and "tremor" in text and "seizure" in text


def test_questionnaire_asks_about_too_much_magnesium(cli: Any) -> None:
    _person(cli, "Bob", "--age", "60", "--sex", "male", "--egfr", "40")
    # five emergency questions (n), urgent list (none), takes magnesium (y), signs 8 and 6
    # (difficulty breathing, drowsiness), symptoms, risk factors, serum
    answers = ["n"] * 5 + ["", "y", "8,6", "", "", ""]
    result = cli("screen", "--ask", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    text = flat(result.stdout)
    assert "milk of magnesia" in text and "EMERGENCY" in text
    plan = json.loads(cli("plan", "--intake-mg", "150", "--json").stdout)
    assert plan["decision"] == "see_doctor_now" and plan["food_plan"]["items"] == []


def test_milk_of_magnesia_as_a_medicine_is_known_to_contain_magnesium() -> None:
    person = Person(name="Bob", age=60, sex="male", egfr=40, medicines=["Milk of Magnesia"])
    result = assess(person, Answers())
    (note,) = result.interactions
    assert "Contains magnesium" in note.effect and "upper limit" in note.effect
    assert any(c.id == "magnesium_product" for c in result.supplement_cautions)
    assert any("get medical help today" in w for w in result.seek_care)
    rules = medicine_rules(match_medicines(person.medicines))
    assert rules and rules[0].caution  # a supplement on top needs the clinician first


def test_answers_file_signs_of_too_much_magnesium_reach_screen_and_plan(
    cli: Any, food_db: Any, tmp_path: Any
) -> None:
    profile = (
        'age = 60\nsex = "male"\negfr = 40\ntoo_much_magnesium_signs = ["low blood pressure"]\n'
    )
    screen_file = tmp_path / "screen.toml"
    screen_file.write_text(profile, encoding="utf-8")
    screen = json.loads(cli("screen", "--answers", str(screen_file), "--json").stdout)
    assert screen["red_flags"]["urgency"] == "urgent" and screen["supplements_blocked"]
    plan_file = tmp_path / "plan.toml"
    plan_file.write_text(profile + "intake_mg = 150\n", encoding="utf-8")
    plan = json.loads(cli("plan", "--answers", str(plan_file), "--json").stdout)
    assert plan["urgency"] == "urgent" and plan["decision"] == "see_doctor_now"
    assert plan["food_plan"]["items"] == [] and plan["supplement"] is None
