"""Screening: the Magnesium Depletion Score, the heuristic, serum, red flags, answers files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from magcoach import reference
from magcoach.errors import BadFile, InvalidInput, NotFound
from magcoach.person import Person
from magcoach.screening import Answers, assess, interpret_serum, load_answers


def test_mds_all_items_scores_five() -> None:
    person = Person(
        age=60, sex="male", medicines=("omeprazole", "furosemide"), egfr=55, drinks_per_day=3
    )
    result = assess(person)
    assert result.mds.score == 5
    points = {item.id: item.points for item in result.mds.items}
    assert points == {"diuretic": 1, "ppi": 1, "kidney_function": 2, "heavy_drinking": 1}
    assert result.mds.band == "high"
    assert result.level == "high"
    assert any("furosemide" in item.reason for item in result.mds.items)


def test_mds_nothing_scores_zero_and_egfr_75_scores_one() -> None:
    assert assess(Person(age=40, sex="female")).mds.score == 0
    mild = assess(Person(age=40, sex="female", egfr=75))
    assert mild.mds.score == 1
    assert mild.mds.items[0].id == "kidney_function"
    assert "between 60 and 90" in mild.mds.items[0].reason


def test_heavy_drinking_threshold_depends_on_sex() -> None:
    assert assess(Person(age=40, sex="female", drinks_per_day=2)).mds.score == 1
    assert assess(Person(age=40, sex="male", drinks_per_day=2)).mds.score == 0
    assert assess(Person(age=40, sex="male", drinks_per_day=2.5)).mds.score == 1


def test_any_diuretic_class_counts_and_brand_names_work() -> None:
    for name in ("Lasix", "hydrochlorothiazide", "spironolactone"):
        result = assess(Person(age=50, sex="female", medicines=(name,)))
        assert [i.id for i in result.mds.items] == ["diuretic"], name
    assert assess(Person(age=50, sex="female", medicines=("Nexium",))).mds.score == 1


def test_mds_meaning_says_what_it_was_validated_against() -> None:
    result = assess(Person(age=40, sex="female"))
    assert "magnesium tolerance test" in result.mds_meaning
    assert "77 adults" in result.mds_meaning
    assert "inflammation" in result.mds_meaning and "NHANES" in result.mds_meaning
    assert "ignores diet" in result.mds_meaning
    assert "fan2021" in result.evidence


def test_symptom_score_is_a_labelled_heuristic() -> None:
    answers = Answers(symptoms=["muscle_cramps", "insomnia"], risk_factors=["low_magnesium_diet"])
    result = assess(Person(age=40, sex="female"), answers)
    assert result.symptom_score.points == 2 + 1 + 2
    assert "heuristic" in result.symptom_score.method
    assert "not a validated test" in result.symptom_score.method
    assert result.level == "moderate"
    cramps = result.symptom_score.symptoms[0]
    assert "Cochrane" in cramps.note


def test_risk_factors_counted_in_the_mds_add_no_heuristic_points() -> None:
    person = Person(age=72, sex="female", medicines=("omeprazole",), conditions=("t2d",))
    result = assess(person)
    factors = {f.id: f.points for f in result.symptom_score.risk_factors}
    assert factors["long_term_ppi"] == 0
    assert factors["type2_diabetes"] == 2
    assert factors["older_age"] == 1


def test_low_level_when_nothing_points_to_low_magnesium() -> None:
    result = assess(Person(age=30, sex="male"))
    assert result.level == "low"
    assert result.red_flags.urgency == "none"
    assert result.disclaimer == "magcoach informs; it does not diagnose."


@pytest.mark.parametrize(
    ("value", "unit", "band"),
    [
        (0.70, "mmol/L", "low"),
        (0.80, "mmol/L", "possible_latent_deficiency"),
        (0.85, "mmol/L", "adequate"),
        (0.90, "mmol/L", "adequate"),
        (1.7, "mg/dL", "low"),  # 0.70 mmol/L
        (2.0, "mg/dL", "possible_latent_deficiency"),  # 0.82 mmol/L
        (2.2, "mg/dL", "adequate"),  # 0.905 mmol/L
        (1.2, "mmol/L", "above_range"),
        (2.0, "mmol/L", "very_high"),
    ],
)
def test_serum_bands(value: float, unit: str, band: str) -> None:
    reading = interpret_serum(value, unit)  # type: ignore[arg-type]
    assert reading.band == band
    assert "does not rule out low body stores" in reading.caveat


def test_serum_conversion_and_level() -> None:
    answers = Answers(serum_magnesium=1.7, serum_unit="mg/dL")
    result = assess(Person(age=40, sex="female"), answers)
    assert result.serum is not None
    assert result.serum.mmol_per_l == pytest.approx(1.7 / 2.431, abs=0.001)
    assert result.level == "high"
    adequate = assess(Person(age=40, sex="female"), Answers(serum_magnesium=0.9))
    assert any("does not rule out" in r for r in adequate.reasons)


def test_implausible_serum_value_is_refused() -> None:
    with pytest.raises(ValueError, match="serum_unit"):
        Answers(serum_magnesium=21, serum_unit="mmol/L")


@pytest.mark.parametrize("flag", ["new_bladder_dysfunction", "saddle_numbness"])
def test_cauda_equina_signs_are_an_emergency_whatever_else(flag: str) -> None:
    answers = Answers(
        red_flags=["fever", flag, "history_of_cancer"],
        symptoms=["muscle_cramps"],
        serum_magnesium=0.9,
    )
    result = assess(Person(age=30, sex="male"), answers)
    assert result.red_flags.urgency == "emergency"
    first = result.red_flags.findings[0]
    assert first.urgency == "emergency" and first.id == flag
    assert "emergency department" in first.instruction and "today" in first.instruction
    assert result.reasons[0].startswith("See a doctor first")
    assert result.next_step == first.instruction
    assert result.supplements_blocked


def test_urgent_red_flag_says_see_a_doctor_first() -> None:
    result = assess(Person(age=55, sex="female"), Answers(red_flags=["unexplained_weight_loss"]))
    assert result.red_flags.urgency == "urgent"
    assert result.reasons[0].startswith("See a doctor first")
    assert "false-positive" in result.red_flags.note


def test_seizures_point_to_urgent_care() -> None:
    result = assess(Person(age=40, sex="female"), Answers(symptoms=["seizures"]))
    assert result.red_flags.urgency == "urgent"
    assert result.red_flags.findings[0].id == "seizures"


def test_supplement_cautions() -> None:
    failing = assess(Person(age=70, sex="male", egfr=25))
    assert [c.id for c in failing.supplement_cautions if c.hard_stop] == ["kidney_failure"]
    assert failing.supplements_blocked
    assert "Do not start magnesium supplements" in failing.next_step
    heart = assess(Person(age=70, sex="male", conditions=("heart block",)))
    assert any(c.id == "heart_block" and c.hard_stop for c in heart.supplement_cautions)
    mg = assess(Person(age=40, sex="female", conditions=("myasthenia gravis",)))
    assert any(c.id == "myasthenia_gravis" for c in mg.supplement_cautions)
    moderate = assess(Person(age=70, sex="male", egfr=45))
    assert [c.id for c in moderate.supplement_cautions] == ["reduced_kidney_function"]
    digoxin = assess(Person(age=70, sex="male", medicines=("Lanoxin",)))
    assert any(c.id == "digoxin" for c in digoxin.supplement_cautions)


def test_interaction_notes_for_medicines() -> None:
    result = assess(Person(age=40, sex="female", medicines=("doxycycline", "ibuprofen")))
    notes = {n.class_id: n for n in result.interactions}
    assert notes["tetracycline"].separate_before_h == 2
    assert notes["tetracycline"].separate_after_h == 6
    assert [m.known for m in result.medicines] == [True, False]


def test_unknown_ids_and_medicines_suggest() -> None:
    with pytest.raises(ValueError, match="muscle_cramps"):
        Answers(symptoms=["muscle cramp"])
    assert Answers(symptoms=["Muscle Cramps"]).symptoms == ("muscle_cramps",)
    with pytest.raises(NotFound, match="omeprazole"):
        assess(Person(age=40, sex="female", medicines=("omeprazol",)))


# --- answers files ----------------------------------------------------------------------


def test_load_toml_and_json_answers(tmp_path: Path) -> None:
    toml_file = tmp_path / "a.toml"
    toml_file.write_text(
        'age = 47\nsex = "female"\nmedicines = ["omeprazole"]\nsymptoms = ["insomnia"]\n'
        'serum_magnesium = 2.0\nserum_unit = "mg/dL"\n'
    )
    person, answers = load_answers(toml_file)
    assert person.age == 47 and person.medicines == ("omeprazole",)
    assert answers.serum_unit == "mg/dL"
    json_file = tmp_path / "a.json"
    json_file.write_text(json.dumps({"age": 30, "sex": "male", "red_flags": ["fever"]}))
    person, answers = load_answers(json_file, default_region="eu")
    assert person.region == "eu" and answers.red_flags == ("fever",)


def test_demo_answers_file_is_valid_and_marked_as_demo() -> None:
    path = Path(__file__).resolve().parents[1] / "src/magcoach/demo/answers.toml"
    assert "DEMO DATA" in path.read_text()
    person, answers = load_answers(path)
    result = assess(person, answers)
    assert result.red_flags.urgency == "none"
    assert result.mds.score == 2  # omeprazole + 2 drinks a day (woman)


def test_typo_key_names_file_and_key(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text('age = 47\nsex = "female"\nsypmtoms = ["insomnia"]\n')
    with pytest.raises(BadFile) as caught:
        load_answers(path)
    assert "sypmtoms" in caught.value.message and "mine.toml" in caught.value.message
    assert "symptoms" in str(caught.value.hint)


@pytest.mark.parametrize(
    ("name", "text"),
    [("broken.toml", "age = = 4\n"), ("broken.json", '{"age": 4,'), ("list.json", "[1, 2]")],
)
def test_broken_files_are_bad_files(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(BadFile, match=name):
        load_answers(path)


def test_bad_values_in_a_file_are_invalid_input(tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    path.write_text('age = 200\nsex = "female"\n')
    with pytest.raises(InvalidInput, match="age"):
        load_answers(path)
    with pytest.raises(BadFile, match="does not exist"):
        load_answers(tmp_path / "missing.toml")


# --- properties ---------------------------------------------------------------------------

ALL_FLAGS = sorted(reference.red_flags())
ALL_SYMPTOMS = sorted(reference.symptoms())
ALL_FACTORS = sorted(reference.risk_factors())
EMERGENCIES = [f.id for f in reference.red_flags().values() if f.urgency == "emergency"]
MEDICINES = ["omeprazole", "Lasix", "doxycycline", "ibuprofen", "Lanoxin", "spironolactone"]
CONDITIONS = sorted(reference.conditions())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    age=st.floats(min_value=0, max_value=120),
    sex=st.sampled_from(["female", "male"]),
    egfr=st.none() | st.floats(min_value=0, max_value=200),
    drinks=st.floats(min_value=0, max_value=50),
    medicines=st.lists(st.sampled_from(MEDICINES), max_size=4),
    conditions=st.lists(st.sampled_from(CONDITIONS), max_size=3),
    symptoms=st.lists(st.sampled_from(ALL_SYMPTOMS), max_size=6),
    factors=st.lists(st.sampled_from(ALL_FACTORS), max_size=5),
    flags=st.lists(st.sampled_from(ALL_FLAGS), max_size=4),
    serum=st.none() | st.floats(min_value=0.1, max_value=5),
    emergency=st.none() | st.sampled_from(EMERGENCIES),
)
def test_assess_never_crashes_and_emergency_always_wins(
    age: float,
    sex: str,
    egfr: float | None,
    drinks: float,
    medicines: list[str],
    conditions: list[str],
    symptoms: list[str],
    factors: list[str],
    flags: list[str],
    serum: float | None,
    emergency: str | None,
) -> None:
    person = Person(
        age=age,
        sex=sex,
        egfr=egfr,
        drinks_per_day=drinks,  # type: ignore[arg-type]
        medicines=tuple(medicines),
        conditions=tuple(conditions),
    )
    red = [*flags, emergency] if emergency else flags
    answers = Answers(symptoms=symptoms, risk_factors=factors, red_flags=red, serum_magnesium=serum)
    result = assess(person, answers)
    assert 0 <= result.mds.score <= 5
    assert result.level in ("low", "moderate", "high")
    assert set(result.evidence) <= set(reference.evidence())
    if emergency or any(f in EMERGENCIES for f in flags):
        assert result.red_flags.urgency == "emergency"
        assert result.red_flags.findings[0].urgency == "emergency"
        assert result.reasons[0].startswith("See a doctor first")
        assert result.supplements_blocked
    elif result.red_flags.findings:
        assert result.red_flags.urgency == "urgent"
    else:
        assert result.red_flags.urgency == "none"


def test_mds_kidney_points_change_exactly_at_egfr_90_and_60() -> None:
    from magcoach.mds import band_of, kidney_item

    assert kidney_item(None) is None
    assert kidney_item(90) is None
    one, two = kidney_item(89.9), kidney_item(59.9)
    assert one is not None and one.points == 1
    assert two is not None and two.points == 2
    at_60 = kidney_item(60)
    assert at_60 is not None and at_60.points == 1
    assert [band_of(n) for n in range(6)] == ["low", "low", "middle", "high", "high", "high"]


def test_next_step_puts_a_red_flag_before_a_supplement_hard_stop() -> None:
    urgent = assess(Person(age=40, sex="female", egfr=20), Answers(red_flags=["fever"]))
    assert urgent.next_step == urgent.red_flags.findings[0].instruction
    stop = assess(Person(age=40, sex="female", egfr=20))
    assert stop.next_step.startswith("Do not start magnesium supplements on your own")
    assert "kidney team" in stop.next_step
