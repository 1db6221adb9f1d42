"""Pain diary analysis: synthetic diaries with a known truth."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from magcoach.errors import InvalidInput
from magcoach.outcomes import (
    Event,
    IntakeDay,
    PainDay,
    Verdict,
    adherence,
    build_trends,
    classify,
    daily_pain,
    did_it_help,
    magnesium_pain_association,
    minimal_important_change,
    rolling_mean,
)

START = date(2026, 3, 1)


def ar1_noise(rng: np.random.Generator, n: int, phi: float, sd: float) -> np.ndarray:
    e = np.empty(n)
    e[0] = rng.normal(0, sd)
    for i in range(1, n):
        e[i] = phi * e[i - 1] + rng.normal(0, sd * np.sqrt(1 - phi**2))
    return e


def diary(
    levels: list[float], *, seed: int = 1, phi: float = 0.6, sd: float = 1.0
) -> list[PainDay]:
    rng = np.random.default_rng(seed)
    pain = np.clip(np.round(np.asarray(levels) + ar1_noise(rng, len(levels), phi, sd)), 0, 10)
    return [PainDay(START + timedelta(days=i), float(p)) for i, p in enumerate(pain)]


def test_pain_falling_from_7_to_4_is_a_meaningful_improvement() -> None:
    # 21 days at ~7, the change, 7 wash-in days, 21 days at ~4
    days = diary([7.0] * 21 + [5.5] * 7 + [4.0] * 21, seed=3)
    change = START + timedelta(days=21)
    result = did_it_help(days, change, change_label="magnesium glycinate")
    assert result.verdict is Verdict.IMPROVED
    assert result.verdict_text == "improved by a meaningful amount"
    assert result.ci_high is not None and result.ci_high < 0  # interval excludes 0
    assert result.difference is not None and -3.8 < result.difference < -2.2
    assert result.mic_points == pytest.approx(2.0)
    assert result.baseline.recorded_days == 21 and result.after.recorded_days == 21
    assert "ostelo2008" in result.sources


def test_no_change_plus_noise_is_no_clear_change() -> None:
    days = diary([5.0] * 49, seed=11, sd=1.5)
    result = did_it_help(days, START + timedelta(days=21))
    assert result.verdict is Verdict.NO_CLEAR_CHANGE
    assert result.verdict_text == "no clear change"
    assert result.ci_low is not None and result.ci_high is not None
    assert result.ci_low < 0 < result.ci_high


def test_five_days_after_the_change_says_how_many_more_days_are_needed() -> None:
    days = diary([6.0] * 14 + [6.0] * 5)
    change = START + timedelta(days=14)
    today = days[-1].date  # day 5 after the change: 2 wash-in days still to come
    result = did_it_help(days, change, today=today)
    assert result.verdict is Verdict.NOT_ENOUGH_DATA
    assert result.days_needed == 2 + 14
    assert result.verdict_text == "not enough data yet (16 more days needed)"
    assert result.difference is None


def test_five_days_of_diary_before_a_planned_change() -> None:
    days = diary([6.0] * 5)
    today = days[-1].date
    result = did_it_help(days, today + timedelta(days=1), today=today)
    # 9 more baseline days, 7 wash-in days, 14 days after
    assert result.days_needed == 9 + 7 + 14
    assert result.verdict_text == "not enough data yet (30 more days needed)"


def test_too_short_baseline_after_the_change_cannot_be_made_up() -> None:
    days = diary([6.0] * 3 + [6.0] * 30)
    result = did_it_help(days, START + timedelta(days=3))
    assert result.verdict is Verdict.NOT_ENOUGH_DATA
    assert result.days_needed is None
    assert "baseline of at least 7 days" in result.verdict_text
    assert "too short" in result.explanation


def test_pain_rising_is_got_worse() -> None:
    days = diary([3.0] * 21 + [4.0] * 7 + [6.0] * 21, seed=5)
    result = did_it_help(days, START + timedelta(days=21))
    assert result.verdict is Verdict.WORSE
    assert "talk to your clinician" in result.explanation


def test_verdict_rule_is_exact() -> None:
    assert classify(-2.5, -4.0, -1.0, 2.0) is Verdict.IMPROVED
    assert classify(-2.0, -3.0, -0.5, 2.0) is Verdict.IMPROVED  # reaching the MIC counts
    assert classify(-1.0, -1.5, -0.5, 2.0) is Verdict.SMALL_CHANGE
    assert classify(-3.0, -6.0, 0.1, 2.0) is Verdict.NO_CLEAR_CHANGE  # big but uncertain
    assert classify(0.8, 0.2, 1.4, 2.0) is Verdict.WORSE


def test_minimal_important_change_is_2_points_or_30_percent() -> None:
    assert minimal_important_change(8.0) == pytest.approx(2.0)
    assert minimal_important_change(5.0) == pytest.approx(1.5)


def test_null_diaries_rarely_claim_a_meaningful_improvement() -> None:
    """300 diaries, no true effect, AR(1) noise phi = 0.6: at most ~5% false claims."""
    rng = np.random.default_rng(20260615)
    n_before, lag, n_after, runs = 14, 7, 14, 300
    n = n_before + lag + n_after
    # vectorised AR(1) paths
    noise = np.empty((runs, n))
    noise[:, 0] = rng.normal(0, 1.5, runs)
    shocks = rng.normal(0, 1.5 * np.sqrt(1 - 0.6**2), (runs, n))
    for i in range(1, n):
        noise[:, i] = 0.6 * noise[:, i - 1] + shocks[:, i]
    pains = np.clip(np.round(5.0 + noise), 0, 10)
    change = START + timedelta(days=n_before)
    claims = excludes_zero = 0
    for row in pains:
        days = [PainDay(START + timedelta(days=i), float(p)) for i, p in enumerate(row)]
        result = did_it_help(days, change)
        claims += result.verdict is Verdict.IMPROVED
        assert result.ci_low is not None and result.ci_high is not None
        excludes_zero += result.ci_high < 0 or result.ci_low > 0
    assert claims / runs <= 0.05
    assert excludes_zero / runs <= 0.08  # the interval is honest about autocorrelation


def test_caveats_name_other_treatments_missing_days_and_bad_spells() -> None:
    levels = [5.0] * 14 + [8.0] * 7 + [5.0] * 7 + [4.0] * 21
    days = diary(levels, seed=2, sd=0.5)
    change = START + timedelta(days=21)
    days = [d for i, d in enumerate(days) if not (28 <= i < 49 and i % 3 == 0)]  # skip days
    events = [
        Event(change, "supplement_started", "started Magnesium glycinate"),
        Event(change + timedelta(days=10), "treatment", "started physiotherapy"),
    ]
    result = did_it_help(days, change, events=events, change_label="magnesium glycinate")
    text = " ".join(result.caveats)
    assert "physiotherapy" in text
    assert "started Magnesium glycinate" not in text  # the change itself is not a confounder
    assert "no pain entry" in text
    assert "regression to the mean" in text
    assert "not a trial" in text


def test_association_of_magnesium_with_next_days_pain() -> None:
    rng = np.random.default_rng(4)
    n = 60
    mg = rng.uniform(150, 550, n)
    pain_today = 7 - 0.8 * (mg - 350) / 100 + rng.normal(0, 0.5, n)
    pain_days = [
        PainDay(START + timedelta(days=i), float(np.clip(p, 0, 10)))
        for i, p in enumerate(pain_today)
    ]
    intake = [IntakeDay(START + timedelta(days=i), float(m)) for i, m in enumerate(mg)]
    assoc = magnesium_pain_association(pain_days, intake, seed=1)
    assert assoc.slope_per_100mg is not None and assoc.slope_ci is not None
    assert assoc.slope_per_100mg < 0 and assoc.slope_ci[1] < 0
    assert "not a cause" in assoc.caveat
    again = magnesium_pain_association(pain_days, intake, seed=1)
    assert again.slope_ci == assoc.slope_ci  # deterministic given the seed


def test_association_needs_enough_days() -> None:
    pain_days = [PainDay(START + timedelta(days=i), 5.0) for i in range(5)]
    intake = [IntakeDay(START + timedelta(days=i), 300.0) for i in range(5)]
    assoc = magnesium_pain_association(pain_days, intake)
    assert assoc.slope_per_100mg is None
    assert "at least 14" in assoc.summary


def test_daily_pain_averages_and_rejects_out_of_range() -> None:
    days = daily_pain([(START, 4), (START, 6), (START + timedelta(days=1), 3)])
    assert days == [PainDay(START, 5.0), PainDay(START + timedelta(days=1), 3.0)]
    with pytest.raises(InvalidInput, match="between 0 and 10"):
        daily_pain([(START, 11)])


def test_trends_rolling_mean_and_adherence() -> None:
    pain = [PainDay(START + timedelta(days=i), float(i % 2) * 2 + 4) for i in range(14)]
    rolled = dict(rolling_mean(pain))
    assert rolled[START] is None  # too few days yet
    assert rolled[START + timedelta(days=13)] == pytest.approx(5.0, abs=0.3)
    taken = [START + timedelta(days=i) for i in range(4, 14) if i != 8]
    adh = adherence(taken, end=START + timedelta(days=13))
    assert (adh.days, adh.days_taken) == (10, 9) and adh.share == pytest.approx(0.9)
    intake = [
        IntakeDay(START + timedelta(days=i), 250.0, 200.0 if i >= 4 else 0) for i in range(14)
    ]
    trends = build_trends(pain, intake, [], START, START + timedelta(days=13), requirement_mg=310)
    assert trends.days_meeting_requirement == 10
    assert trends.adherence.share == pytest.approx(1.0)
    with pytest.raises(InvalidInput):
        build_trends(pain, intake, [], START, START - timedelta(days=1))


def test_days_still_needed_counts_the_wash_in_and_both_windows() -> None:
    from magcoach.outcomes import days_still_needed

    today = date(2026, 6, 1)
    # change in 3 days, 10 baseline days so far: 2 more before it, 4 short, 7 wash-in, 14 after
    assert days_still_needed(10, 0, today + timedelta(3), today, lag_days=7, min_days=14) == (
        False,
        2 + 2 + 7 + 14,
    )
    # enough after but a baseline under 7 days: no number of days can answer
    assert days_still_needed(5, 20, today - timedelta(30), today, lag_days=7, min_days=14) == (
        False,
        None,
    )
    assert days_still_needed(14, 14, today - timedelta(30), today, lag_days=7, min_days=14) == (
        True,
        None,
    )
