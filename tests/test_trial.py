"""The personal trial core: randomisation, the schedule and its calendar, and verdicts on
simulated diaries whose truth is known."""

from __future__ import annotations

import time
from collections import Counter
from datetime import date, timedelta

import pytest

from magcoach.errors import InvalidInput
from magcoach.outcomes import PainDay, Verdict
from magcoach.trial import (
    Arm,
    TrialDesign,
    analyse_trial,
    design_trial,
    detection_rate,
    estimate_noise,
    randomise_sequence,
    simulate_pain,
    trial_calendar,
)

START = date(2026, 7, 6)
END_OF_TIME = date(2027, 12, 31)


def _design(seed: int = 7, **kw: object) -> TrialDesign:
    return design_trial(
        START,
        seed,
        dose_mg=250,
        dose_times=("13:00",),
        form="Magnesium glycinate",
        **kw,  # type: ignore[arg-type]
    )


def _all_taken(design: TrialDesign) -> dict[date, bool]:
    return {
        design.start + timedelta(days=i): True
        for i in range(design.total_days)
        if design.sequence[i // design.period_days] is Arm.MAGNESIUM
    }


# --------------------------------------------------------------------------- randomisation


def test_every_pair_has_one_magnesium_and_one_off_period() -> None:
    for seed in range(200):
        sequence = randomise_sequence(4, seed)
        assert len(sequence) == 8
        for pair in range(4):
            assert set(sequence[2 * pair : 2 * pair + 2]) == {Arm.MAGNESIUM, Arm.NO_MAGNESIUM}


def test_the_same_seed_gives_the_same_order_and_orders_vary() -> None:
    assert randomise_sequence(3, 123) == randomise_sequence(3, 123)
    assert _design(99).order == _design(99).order
    orders = Counter(_design(seed).order for seed in range(400))
    assert len(orders) == 8  # all 2^3 orders of three pairs occur
    # each pair starts with magnesium about half the time (400 draws: 50% +- 7.5 points)
    for pair in range(3):
        starts_on = sum(
            randomise_sequence(3, seed)[2 * pair] is Arm.MAGNESIUM for seed in range(400)
        )
        assert 170 <= starts_on <= 230


def test_design_bounds_say_why() -> None:
    with pytest.raises(InvalidInput, match="pairs") as caught:
        _design(pairs=1)
    assert "slow change" in str(caught.value) and caught.value.field == "pairs"
    with pytest.raises(InvalidInput, match="period lasts") as period:
        _design(period_days=5)
    assert period.value.field == "period_days"
    with pytest.raises(InvalidInput, match="wash-in") as washin:
        _design(period_days=10, washin_days=8)
    assert washin.value.field == "washin_days"
    with pytest.raises(InvalidInput, match="dose"):
        design_trial(START, 1, dose_mg=0, dose_times=(), form="x")


def test_each_day_knows_its_place_in_the_schedule() -> None:
    design = _design(7)
    assert design.total_days == 84 and design.end == START + timedelta(days=83)
    first_a = next(p for p in design.periods if p.arm is Arm.MAGNESIUM)
    fifth = design.day(first_a.start + timedelta(days=4))
    assert fifth is not None
    assert fifth.summary.startswith("magnesium day 5 of 14 (period")
    assert not fifth.analysed  # day 5 is still in the 5-day wash-in
    sixth = design.day(first_a.start + timedelta(days=5))
    assert sixth is not None and sixth.analysed
    assert design.day(START - timedelta(days=1)) is None
    assert design.day(design.end + timedelta(days=1)) is None


def test_calendar_is_valid_icalendar_with_a_reminder_on_magnesium_days() -> None:
    design = _design(7, placebo=True)
    text = trial_calendar(design, uid="trial-1", stamp=date(2026, 7, 1))
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    lines = text.split("\r\n")[:-1]
    assert all(len(line.encode()) <= 75 for line in lines)
    assert text.count("BEGIN:VEVENT") == 6 + 3  # every period, plus a reminder per A period
    first = design.periods[0]
    assert f"DTSTART;VALUE=DATE:{first.start:%Y%m%d}" in text
    assert f"DTEND;VALUE=DATE:{first.end + timedelta(days=1):%Y%m%d}" in text
    assert "RRULE:FREQ=DAILY;COUNT=14" in text
    unfolded = text.replace("\r\n ", "")
    assert "look-alike placebo" in unfolded


# --------------------------------------------------------------------------- verdicts


def _analyse(design: TrialDesign, pain: list[PainDay], **kw: object) -> object:
    return analyse_trial(design, pain, _all_taken(design), today=END_OF_TIME, **kw)  # type: ignore[arg-type]


def test_a_real_three_point_benefit_is_found_and_called_meaningful() -> None:
    design = _design(11)
    pain = simulate_pain(
        design, effect_points=-3, autocorrelation=0.3, noise_sd=1.2, missing_share=0.1, seed=1
    )
    result = analyse_trial(design, pain, _all_taken(design), today=END_OF_TIME)
    assert result.verdict is Verdict.IMPROVED
    est = result.as_assigned
    assert est is not None and est.ci_low <= -3 <= est.ci_high
    assert est.prob_lower > 0.99 and est.prob_meaningful > 0.5
    assert result.status == "finished"
    assert "meaningful benefit" in result.explanation
    assert result.paired.favour_magnesium == 3


def test_no_effect_gives_no_clear_difference_even_with_a_strong_drift() -> None:
    design = _design(12)
    pain = simulate_pain(
        design, effect_points=0, autocorrelation=0.5, noise_sd=1.5, trend_per_week=-0.25, seed=2
    )
    result = analyse_trial(design, pain, _all_taken(design), today=END_OF_TIME)
    assert result.verdict is Verdict.NO_CLEAR_CHANGE
    est = result.as_assigned
    assert est is not None and est.ci_low < 0 < est.ci_high
    assert est.trend_per_week < -0.1  # the drift is found, and not taken for magnesium


def test_a_small_but_clear_benefit_is_called_less_than_meaningful() -> None:
    design = _design(13, pairs=4)
    pain = simulate_pain(design, effect_points=-1, autocorrelation=0.2, noise_sd=0.5, seed=3)
    result = analyse_trial(design, pain, _all_taken(design), today=END_OF_TIME)
    assert result.verdict is Verdict.SMALL_CHANGE
    assert "less than a meaningful amount" in result.verdict_text


def test_pain_higher_on_magnesium_is_called_worse() -> None:
    design = _design(14)
    pain = simulate_pain(design, effect_points=2.5, autocorrelation=0.3, noise_sd=1.0, seed=4)
    result = analyse_trial(design, pain, _all_taken(design), today=END_OF_TIME)
    assert result.verdict is Verdict.WORSE
    assert "higher on magnesium" in result.verdict_text


def test_too_few_periods_is_not_enough_data_and_says_what_is_needed() -> None:
    design = _design(15)
    pain = simulate_pain(design, effect_points=-3, autocorrelation=0.3, noise_sd=1.0, seed=5)
    two_periods = design.periods[1].end
    result = analyse_trial(design, pain, _all_taken(design), today=two_periods)
    assert result.verdict is Verdict.NOT_ENOUGH_DATA and result.as_assigned is None
    assert result.status == "running" and result.days_elapsed == 28
    assert "two magnesium and two no-magnesium periods" in result.explanation


def test_stopping_early_is_stated_and_uses_only_days_until_the_stop() -> None:
    design = _design(16)
    pain = simulate_pain(design, effect_points=-3, autocorrelation=0.3, noise_sd=1.0, seed=6)
    stop = design.periods[3].end
    result = analyse_trial(design, pain, _all_taken(design), today=END_OF_TIME, stopped_on=stop)
    assert result.status == "stopped early"
    assert result.pain_days == sum(1 for p in pain if p.date <= stop)
    assert any("stopped early" in limit for limit in result.limits)


def test_per_adherence_leaves_out_days_that_did_not_go_as_scheduled() -> None:
    design = _design(17)
    pain = simulate_pain(design, effect_points=-2, autocorrelation=0.3, noise_sd=1.0, seed=7)
    taken = _all_taken(design)
    a_days = sorted(taken)
    for day in a_days[::4]:
        taken[day] = False  # missed every fourth magnesium day
    b_day = next(p.start for p in design.periods if p.arm is Arm.NO_MAGNESIUM) + timedelta(8)
    taken[b_day] = True  # took magnesium on a no-magnesium day
    result = analyse_trial(design, pain, taken, today=END_OF_TIME)
    assert result.adherence.on_days_missed == len(a_days[::4])
    assert result.adherence.off_days_taken == 1
    assert result.as_assigned is not None and result.per_adherence is not None
    assert result.per_adherence.days_used < result.as_assigned.days_used


def test_the_analysis_is_unblinded_unless_a_placebo_is_used() -> None:
    pain = simulate_pain(_design(18), effect_points=0, autocorrelation=0.3, noise_sd=1, seed=8)
    open_label = _analyse(_design(18), pain)
    blinded = _analyse(_design(18, placebo=True), pain)
    assert any("not blinded" in limit for limit in open_label.limits)  # type: ignore[attr-defined]
    assert not any("not blinded" in limit for limit in blinded.limits)  # type: ignore[attr-defined]


def test_analysis_runs_well_under_a_second() -> None:
    design = _design(19, pairs=6, period_days=28)
    pain = simulate_pain(design, effect_points=-1, autocorrelation=0.6, noise_sd=1.5, seed=9)
    analyse_trial(design, pain, _all_taken(design), today=END_OF_TIME)  # warm imports
    started = time.perf_counter()
    analyse_trial(design, pain, _all_taken(design), today=END_OF_TIME)
    assert time.perf_counter() - started < 0.5  # 336 days, both analyses


# --------------------------------------------------------------------------- calibration


def test_calibration_sanity_false_claims_rare_and_power_as_predicted() -> None:
    """A small version of benchmarks/trial_calibration.py (the full one runs 18,000 trials)."""
    runs = 60
    claims = {0.0: 0, 2.0: 0}
    covered = 0
    for effect in claims:
        for run in range(runs):
            design = _design(1000 + run)
            pain = simulate_pain(
                design,
                effect_points=-effect,
                autocorrelation=0.3,
                noise_sd=1.5,
                missing_share=0.15,
                seed=5000 + run,
            )
            result = analyse_trial(design, pain, {}, today=END_OF_TIME)
            est = result.as_assigned
            assert est is not None
            claims[effect] += est.ci_high < 0
            covered += est.ci_low <= -effect <= est.ci_high
    assert claims[0.0] <= 3  # nominal 2.5%: 1.5 of 60
    predicted = detection_rate(
        _design(1), 2.0, autocorrelation=0.3, noise_sd=1.5, missing_share=0.15
    )
    assert abs(claims[2.0] / runs - predicted) < 0.15
    assert covered / (2 * runs) >= 0.9


def test_detection_rate_grows_with_the_effect_and_falls_with_noise() -> None:
    design = _design(1)
    rates = [detection_rate(design, e, autocorrelation=0.3, noise_sd=1.5) for e in (1, 2, 3)]
    assert rates == sorted(rates) and rates[2] > 0.95
    noisy = detection_rate(design, 2, autocorrelation=0.6, noise_sd=2.5)
    assert noisy < rates[1]


def test_own_noise_needs_three_weeks_of_ratings() -> None:
    few = [PainDay(START + timedelta(days=i), 5.0) for i in range(10)]
    assert estimate_noise(few).days == 0 and "typical values" in estimate_noise(few).source
    design = _design(2)
    pain = simulate_pain(design, effect_points=0, autocorrelation=0.5, noise_sd=2.0, seed=3)
    own = estimate_noise(pain[:40])
    assert own.days == 40 and 1.2 < own.noise_sd < 2.8


def test_whitening_is_the_exact_inverse_of_the_did_it_help_correlation() -> None:
    """The trial's fast AR(1) fit and "did it help?" share one model of day-to-day
    correlation (phi to the power of the gap in days, missing days included)."""
    import numpy as np

    from magcoach.outcomes import ar1_correlation
    from magcoach.trial import _whiten

    days = np.array([0, 1, 2, 5, 6, 9, 10, 11, 15])
    x = np.random.default_rng(0).normal(size=(len(days), 2))
    whitened, logdet = _whiten(days, x, [0.6, -0.3])
    for g, phi in enumerate((0.6, -0.3)):
        corr = ar1_correlation(days, days, phi)
        assert np.allclose(whitened[g].T @ whitened[g], x.T @ np.linalg.inv(corr) @ x)
        assert np.isclose(logdet[g], np.linalg.slogdet(corr)[1])
