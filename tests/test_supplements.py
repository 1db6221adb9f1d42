"""Supplement advice: dose within the upper limit, timing around medicines, hard stops."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from magcoach.person import Person
from magcoach.reference import supplement_forms
from magcoach.requirements import requirements
from magcoach.supplements import (
    CLINICIAN_DIRECTION,
    HardStop,
    MedicineRule,
    SupplementAdvice,
    advise,
    respects,
    schedule_doses,
    tablets_for,
)

DOXY = MedicineRule("doxycycline", "tetracycline", "Tetracyclines", 2.0, 6.0, ("08:00", "20:00"))


def woman(**changes: object) -> Person:
    return Person(**{"name": "Ann", "age": 45, "sex": "female", **changes})  # type: ignore[arg-type]


def _advise(person: Person, gap: float, **kwargs: object) -> SupplementAdvice | HardStop:
    return advise(person, gap, requirements(person), supplement_forms().values(), **kwargs)  # type: ignore[arg-type]


def hours(text: str) -> float:
    h, m = text.split(":")
    return int(h) + int(m) / 60


def test_doxycycline_antibiotic_two_hours_before_or_six_after_magnesium() -> None:
    advice = _advise(woman(), 140, medicine_rules=[DOXY])
    assert isinstance(advice, SupplementAdvice)
    antibiotic = [hours(e.time) for e in advice.schedule if e.what == "doxycycline"]
    assert antibiotic == [8.0, 20.0]
    for dose in advice.doses:
        t = hours(dose.time)
        for a in antibiotic:
            since = (t - a) % 24  # antibiotic this long before magnesium
            until = (a - t) % 24  # antibiotic this long after magnesium
            assert since >= 2 and until >= 4, (dose.time, a)
    assert any("2 h before" in e.note for e in advice.schedule if e.what == "doxycycline")


def test_timing_rule_rejects_magnesium_too_close_to_the_antibiotic() -> None:
    assert not respects(9.0, DOXY)  # 1 h after the 08:00 dose
    assert not respects(16.0, DOXY)  # 4 h before the 20:00 dose
    assert respects(13.0, DOXY)


def test_no_time_fits_when_rules_cover_the_day() -> None:
    tight = MedicineRule("x", "absorption_reduced", "x", 4, 4, ("07:00", "12:00", "17:00", "22:00"))
    _, ok = schedule_doses([100.0], [tight])
    assert not ok


def test_eu_upper_limit_250_applied_with_clinician_wording_for_the_rest() -> None:
    advice = _advise(woman(region="eu"), 300)
    assert isinstance(advice, SupplementAdvice)
    assert advice.upper_limit_mg == 250
    assert advice.elemental_mg_per_day == 250
    assert any(CLINICIAN_DIRECTION in w for w in advice.warnings)


def test_us_dose_above_250_is_split_in_two() -> None:
    advice = _advise(woman(), 300)
    assert isinstance(advice, SupplementAdvice)
    assert advice.elemental_mg_per_day == 300
    assert len(advice.doses) == 2
    gap_h = abs(hours(advice.doses[0].time) - hours(advice.doses[1].time))
    assert gap_h >= 4


def test_clinician_directed_dose_above_limit_says_so() -> None:
    advice = _advise(woman(), 100, clinician_dose_mg=600)
    assert isinstance(advice, SupplementAdvice)
    assert advice.elemental_mg_per_day == 600
    assert advice.clinician_required
    assert any(CLINICIAN_DIRECTION in w for w in advice.warnings)


@pytest.mark.parametrize(
    ("changes", "reason_id", "words"),
    [
        ({"egfr": 25}, "kidney", "eGFR is 25"),
        ({"kidney_disease": True}, "kidney", "kidney disease"),
        ({"conditions": ("heart_block",)}, "heart_block", "Heart block"),
        ({"conditions": ("myasthenia_gravis",)}, "myasthenia_gravis", "Myasthenia"),
    ],
)
def test_hard_stops_give_the_reason_and_send_to_a_clinician(
    changes: dict[str, object], reason_id: str, words: str
) -> None:
    result = _advise(woman(**changes), 140)
    assert isinstance(result, HardStop)
    assert result.reasons[0].id == reason_id
    assert words in result.message
    assert "Talk to your clinician" in result.message


def test_signs_of_too_much_magnesium_stop_supplements() -> None:
    result = _advise(woman(), 140, excess_signs=["diarrhoea", "flushing"])
    assert isinstance(result, HardStop)
    assert "too much magnesium" in result.message


def test_pregnancy_dose_above_rda_is_a_hard_stop() -> None:
    person = woman(pregnant=True)
    result = _advise(person, 100, intake_mg=300, clinician_dose_mg=200)
    assert isinstance(result, HardStop)
    assert any(r.id == "pregnancy_above_rda" for r in result.reasons)
    ok = _advise(person, 60, intake_mg=300)
    assert isinstance(ok, SupplementAdvice)
    assert 300 + ok.elemental_mg_per_day <= requirements(person).rda_mg
    assert ok.clinician_required


def test_forms_follow_goals() -> None:
    for goal, form in [
        ("muscle_tension", "glycinate"),
        ("constipation", "citrate"),
        ("muscle_pain", "malate"),
    ]:
        advice = _advise(woman(), 140, goals=[goal])
        assert isinstance(advice, SupplementAdvice)
        assert advice.form.id == form, goal
    advice = _advise(woman(), 140, goals=["constipation"])
    assert isinstance(advice, SupplementAdvice)
    assert any("loosen stools" in w for w in advice.warnings)


def test_salt_weight_is_not_magnesium() -> None:
    count = tablets_for(140, salt_mg=500, elemental_pct=14.1, form_name="glycinate")
    assert count.elemental_mg_per_tablet == pytest.approx(70.5)
    assert count.tablets_per_day == 2
    assert "about 70 mg of magnesium" in count.warnings[0]


def test_tablets_never_exceed_the_upper_limit() -> None:
    count = tablets_for(340, label_elemental_mg=100, upper_limit_mg=250)
    assert count.tablets_per_day == 2
    big = tablets_for(100, label_elemental_mg=400, upper_limit_mg=350)
    assert big.tablets_per_day == 0
    assert CLINICIAN_DIRECTION in big.warnings[0]


@dataclass(frozen=True)
class _Case:
    age: int
    sex: str
    region: str
    gap: float


@settings(max_examples=200, deadline=None)
@given(
    age=st.integers(min_value=1, max_value=95),
    sex=st.sampled_from(["female", "male"]),
    region=st.sampled_from(["us", "eu"]),
    gap=st.floats(min_value=1, max_value=900),
    clinician=st.one_of(st.none(), st.floats(min_value=50, max_value=1200)),
)
def test_no_dose_above_the_upper_limit_without_clinician_wording(
    age: int, sex: str, region: str, gap: float, clinician: float | None
) -> None:
    person = Person(name="x", age=age, sex=sex, region=region)  # type: ignore[arg-type]
    result = _advise(person, gap, clinician_dose_mg=clinician)
    if isinstance(result, HardStop):
        return
    limit = result.upper_limit_mg
    assert limit is not None
    if result.elemental_mg_per_day > limit:
        assert result.clinician_required
        assert any(CLINICIAN_DIRECTION in w for w in result.warnings)


def test_advised_dose_in_the_persons_own_products() -> None:
    from magcoach.supplements import Product, product_counts

    advice = _advise(woman(), 200)
    assert isinstance(advice, SupplementAdvice)
    capsules = Product("Mag glycinate", "capsule", 100.0)
    big = Product("Mag oxide 400", "tablet", 400.0)
    by_name = {pc.product.name: pc.count for pc in product_counts(advice, [capsules, big])}
    assert by_name["Mag glycinate"].tablets_per_day == 2
    assert by_name["Mag glycinate"].elemental_mg_per_day == 200
    # one 400 mg tablet would pass the 350 mg upper limit: none, with the reason
    assert by_name["Mag oxide 400"].tablets_per_day == 0
    assert "upper limit" in " ".join(by_name["Mag oxide 400"].warnings)


def test_advice_explains_that_salt_weight_is_not_magnesium() -> None:
    advice = _advise(woman(), 200, goals=("muscle_tension",))
    assert isinstance(advice, SupplementAdvice)
    assert any("'500 mg" in w and "elemental magnesium" in w for w in advice.warnings)
