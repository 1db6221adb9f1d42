"""The daily picture: totals, unknown magnesium never counted as 0, UL warning, contributors."""

from __future__ import annotations

from datetime import date, datetime

from magcoach.intake import (
    FoodItem,
    SupplementItem,
    day_summary,
    period_summary,
)
from magcoach.person import Person
from magcoach.requirements import requirements

DAY = date(2026, 6, 15)
WOMAN = requirements(Person(age=40, sex="female"))  # RDA 320, EAR 265, UL 350 (US)


def food(text: str, mg: float | None, hour: int = 12, kcal: float | None = 100) -> FoodItem:
    return FoodItem(
        eaten_at=datetime(2026, 6, 15, hour),
        text=text,
        nutrients={"magnesium_mg": mg, "energy_kcal": kcal},
        description=text.title(),
        entry_id=f"F{hour}",
    )


def supp(mg: float, hour: int = 9) -> SupplementItem:
    return SupplementItem(datetime(2026, 6, 15, hour), "Mag glycinate", 1, mg, f"S{hour}")


def test_unknown_magnesium_is_listed_and_not_counted_as_zero() -> None:
    summary = day_summary(DAY, [food("spinach", 157), food("mystery bar", None, 15)], [], WOMAN)
    assert summary.food_mg == 157
    assert [u.text for u in summary.unknown_entries] == ["mystery bar"]
    assert summary.coverage == 0.5
    assert any("lower bound" in n for n in summary.notes)
    data = summary.to_json()
    assert data["unknown_entries"][0]["text"] == "mystery bar"
    assert data["contributors"][0]["food"] == "Spinach"


def test_supplements_above_the_upper_limit_warn_with_limit_and_reasons() -> None:
    summary = day_summary(DAY, [food("spinach", 157)], [supp(200), supp(200, 21)], WOMAN)
    assert summary.supplement_mg == 400
    assert summary.total_mg == 557
    (warning,) = summary.warnings
    assert "350 mg" in warning
    assert "supplements and medicines only" in warning
    assert "diarrhoea" in warning and "kidney" in warning


def test_food_alone_never_triggers_the_upper_limit() -> None:
    summary = day_summary(DAY, [food("pumpkin seeds", 900)], [supp(300)], WOMAN)
    assert summary.warnings == ()


def test_below_ear_gets_a_kind_note_not_a_warning() -> None:
    summary = day_summary(DAY, [food("banana", 32)], [], WOMAN)
    assert summary.below_ear
    assert summary.warnings == ()
    assert any("below the EAR of 265 mg" in n for n in summary.notes)


def test_entries_of_other_days_are_ignored_and_contributors_ranked() -> None:
    other = FoodItem(datetime(2026, 6, 14, 12), "x", {"magnesium_mg": 999})
    items = [food("almonds", 80, 8), food("almonds", 80, 10), food("spinach", 157, 19), other]
    summary = day_summary(DAY, items, [], WOMAN)
    assert summary.food_mg == 317
    assert [(c.food, c.magnesium_mg, c.entries) for c in summary.contributors] == [
        ("Almonds", 160, 2),
        ("Spinach", 157, 1),
    ]
    assert summary.energy_kcal == 300


def test_infant_supplement_without_ul_is_flagged() -> None:
    infant = requirements(Person(age=0.25, sex="female"))  # AI 30, no EAR, no UL
    summary = day_summary(DAY, [], [supp(10)], infant)
    assert summary.warnings and "doctor" in summary.warnings[0]


def test_period_summary_ignores_unlogged_days_and_finds_the_trend() -> None:
    days = []
    for i in range(14):
        d = date(2026, 6, 1 + i)
        items = (
            []
            if i % 7 == 6
            else [FoodItem(datetime(2026, 6, 1 + i, 12), "x", {"magnesium_mg": 200.0 + 10 * i})]
        )
        days.append(day_summary(d, items, [], WOMAN))
    period = period_summary(days, {date(2026, 6, 2): 6.0, date(2026, 6, 3): 4.0})
    assert period.logged_days == 12
    assert period.days_below_ear == sum(1 for i in range(14) if i % 7 != 6 and 200 + 10 * i < 265)
    assert period.trend_mg_per_week is not None and abs(period.trend_mg_per_week - 70) < 1e-6
    assert period.average_pain == 5.0
