"""The whole plan: decision, food plan, supplement, safety; with the real USDA food data."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from magcoach.person import Person
from magcoach.plan import build_plan, resolve_pool, to_json, to_markdown
from magcoach.planner import FoodPlan, PoolFood
from magcoach.reference import evidence, match_medicines, supplement_forms
from magcoach.reference.plan_data import food_pool, lifestyle_advice
from magcoach.requirements import requirements
from magcoach.supplements import CLINICIAN_DIRECTION, HardStop, SupplementAdvice, medicine_rules

TODAY = date(2026, 6, 15)


@pytest.fixture
def pool(food_db: Any) -> list[PoolFood]:
    return resolve_pool(food_pool(), food_db.get)


def woman(**changes: Any) -> Person:
    return Person(**{"name": "Ann", "age": 45, "sex": "female", **changes})


def make(person: Person, intake: float, pool: list[PoolFood], **kwargs: Any) -> Any:
    return build_plan(
        person,
        requirements(person),
        intake,
        pool,
        supplement_forms().values(),
        lifestyle_advice(),
        evidence(),
        TODAY,
        medicines=medicine_rules(match_medicines(person.medicines, allow_unknown=True)),
        **kwargs,
    )


def test_pool_grams_match_usda_portions_and_values_come_from_usda(food_db: Any) -> None:
    for entry in food_pool():
        food = food_db.get(entry.food_id)
        grams = [p.grams for p in food.portions]
        assert any(
            abs(entry.grams - g * k) < 0.6 for g in grams for k in (0.25, 0.5, 1, 2, 3, 4)
        ), (entry.food_id, entry.grams, grams)
    spinach = next(p for p in resolve_pool(food_pool(), food_db.get) if p.food_id == "sr:11458")
    assert spinach.magnesium_mg == pytest.approx(87 * 1.8, abs=0.2)  # SR28: 87 mg/100 g


def test_mild_shortfall_is_diet_first_reaching_rda_within_300_kcal(pool: list[PoolFood]) -> None:
    plan = make(woman(), 180, pool)
    assert plan.decision == "diet_first"
    assert plan.supplement is None
    assert isinstance(plan.food_plan, FoodPlan)
    out = to_json(plan)
    assert out["food_plan"]["magnesium_mg_after"] >= 320
    assert out["food_plan"]["added_kcal"] <= 300
    assert out["supplement"] is None
    assert out["food_plan"]["solve_ms"] < 200
    assert set(out) == {
        "urgency",
        "decision",
        "screening",  # answered or not, and from where (stored screening or answers file)
        "notes",
        "decision_why",  # the reasons for the decision, as the text plan gives them
        "current_supplement_mg",  # what the person already takes (weighed, never ignored)
        "requirements",
        "intake",
        "food_plan",
        "supplement",
        "lifestyle",
        "evidence",
    }
    assert set(out["food_plan"]["items"][0]) == {
        "food",
        "servings",
        "grams",
        "magnesium_mg",
        "kcal",
    }
    ids = {e["id"] for e in out["evidence"]}
    assert {"yousef2013", "tarleton2020", "park2020", "cochrane-cramps-2020", "bayram2021"} <= ids


def test_crohns_means_supplement_with_clinician(pool: list[PoolFood]) -> None:
    plan = make(woman(conditions=("crohns",)), 180, pool)
    assert plan.decision == "supplement_with_clinician"
    assert isinstance(plan.supplement, SupplementAdvice)
    assert plan.supplement.clinician_required
    assert any("Crohn's" in r for r in plan.supplement.clinician_reasons)
    assert len(set(plan.supplement.clinician_reasons)) == len(plan.supplement.clinician_reasons)
    assert "Talk to your clinician before starting" in to_markdown(plan)
    assert to_json(plan)["supplement"]["clinician_required"] is True


def test_egfr_25_no_supplement_clinician_with_kidney_reason(pool: list[PoolFood]) -> None:
    plan = make(woman(egfr=25), 120, pool)
    assert plan.decision == "clinician_only"
    assert isinstance(plan.supplement, HardStop)
    assert "eGFR is 25" in plan.supplement.message
    out = to_json(plan)
    assert out["supplement"] is None
    assert "kidney" in to_markdown(plan).lower()


def test_doxycycline_schedule_keeps_antibiotic_apart(pool: list[PoolFood]) -> None:
    plan = make(woman(conditions=("crohns",), medicines=("doxycycline",)), 180, pool)
    assert isinstance(plan.supplement, SupplementAdvice)
    schedule = to_json(plan)["supplement"]["schedule"]

    def h(t: str) -> float:
        return int(t[:2]) + int(t[3:]) / 60

    antibiotic = [h(e["time"]) for e in schedule if e["what"] == "doxycycline"]
    magnesium = [h(e["time"]) for e in schedule if e["what"].startswith("magnesium")]
    assert antibiotic and magnesium
    for m in magnesium:
        for a in antibiotic:
            assert (m - a) % 24 >= 2  # antibiotic at least 2 h before magnesium
            assert (a - m) % 24 >= 4  # next antibiotic at least 4-6 h after magnesium


def test_vegan_with_nut_allergy_no_animal_foods_no_nuts_reaches_rda(
    pool: list[PoolFood],
) -> None:
    person = woman(diet="vegan", allergies=("nuts",))
    plan = make(person, 180, pool)
    assert isinstance(plan.food_plan, FoodPlan)
    chosen = [p for p in pool if p.food_id in {i.food_id for i in plan.food_plan.items}]
    for p in chosen:
        assert not p.tags & {"animal", "fish", "dairy", "egg", "nuts"}, p.serving
    assert plan.intake_mg + plan.food_plan.magnesium_mg_added >= requirements(person).rda_mg


def test_region_eu_caps_supplement_at_250(pool: list[PoolFood]) -> None:
    person = Person(name="Jo", age=50, sex="male", region="eu")
    plan = make(person, 60, pool)  # severe shortfall: 60 of 350 mg
    assert plan.decision == "supplement_with_clinician"
    assert isinstance(plan.supplement, SupplementAdvice)
    assert plan.supplement.upper_limit_mg == 250
    assert plan.supplement.elemental_mg_per_day <= 250
    assert any(CLINICIAN_DIRECTION in w for w in plan.supplement.warnings)


def test_red_flags_make_the_plan_only_see_a_doctor(pool: list[PoolFood]) -> None:
    plan = make(
        woman(), 180, pool, urgency="emergency", red_flag_findings=("new loss of bladder control",)
    )
    assert plan.decision == "see_doctor_now"
    assert plan.food_plan is None and plan.supplement is None
    text = to_markdown(plan)
    assert "See a doctor now" in text and "bladder" in text
    assert "Food plan" not in text


def test_generated_people_never_get_a_dose_above_the_limit_without_clinician_wording(
    pool: list[PoolFood],
) -> None:
    count = 0
    for age in (5, 12, 16, 25, 45, 70, 85):
        for sex in ("female", "male"):
            for region in ("us", "eu"):
                for intake in (20, 90, 160, 250):
                    for conditions in ((), ("crohns",), ("celiac",)):
                        person = Person(
                            name="g",
                            age=age,
                            sex=sex,
                            region=region,
                            conditions=conditions,
                            diet="vegan" if age > 60 else "omnivore",
                        )
                        plan = make(person, intake, pool)
                        count += 1
                        s = plan.supplement
                        if isinstance(s, SupplementAdvice):
                            assert s.upper_limit_mg is not None
                            assert s.elemental_mg_per_day <= s.upper_limit_mg or (
                                s.clinician_required
                                and any(CLINICIAN_DIRECTION in w for w in s.warnings)
                            )
                            assert sum(d.elemental_mg for d in s.doses) == pytest.approx(
                                s.elemental_mg_per_day
                            )
    assert count == 336
