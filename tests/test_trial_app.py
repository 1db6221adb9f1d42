"""`magcoach trial ...` as a person uses it: safety refusals, the saved schedule, the trial line
on `magcoach day`, doses, stopping early, the result, the calendar and the report."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

TODAY = date(2026, 6, 15)  # MAGCOACH_TODAY in tests/conftest.py


def _person(cli: Any, *extra: str) -> None:
    added = cli("person", "add", "Ana", "--age", "45", "--sex", "female", *extra)
    assert added.exit_code == 0, added.output


def _screen(cli: Any, *answers: str) -> None:
    saved = cli("screen", "--person", "Ana", *(answers or ("--symptom", "muscle_cramps")))
    assert saved.exit_code == 0, saved.output


def _refusal(cli: Any, *args: str) -> str:
    result = cli("trial", "plan", *args)
    assert result.exit_code != 0, result.output
    assert "Traceback" not in result.output
    return " ".join(result.stderr.split())


# --------------------------------------------------------------------------- safety


def test_no_trial_before_the_screening_is_answered(cli: Any) -> None:
    _person(cli)
    text = _refusal(cli)
    assert "will not set up a magnesium trial" in text and "magcoach screen" in text


def test_no_trial_while_a_red_flag_stands(cli: Any) -> None:
    _person(cli)
    _screen(cli, "--red-flag", "saddle_numbness")
    text = _refusal(cli)
    assert "will not set up" in text and "numb" in text.lower()
    assert "doctor" in text


def test_no_trial_with_signs_of_too_much_magnesium(cli: Any) -> None:
    _person(cli)
    _screen(cli, "--symptom", "muscle_cramps", "--too-much-sign", "diarrhoea")
    text = _refusal(cli, "--with-clinician")  # a clinician's agreement does not lift it
    assert "too much magnesium" in text.lower()


@pytest.mark.parametrize(
    ("profile", "words"),
    [
        (("--egfr", "25"), "eGFR is 25"),
        (("--condition", "heart_block"), "Heart block"),
        (("--condition", "myasthenia_gravis"), "Myasthenia gravis"),
    ],
)
def test_no_trial_where_the_plan_stops_supplements(
    cli: Any, profile: tuple[str, ...], words: str
) -> None:
    _person(cli, *profile)
    _screen(cli)
    text = _refusal(cli, "--with-clinician")
    assert words in text and "Talk to your clinician" in text
    assert json.loads(cli("trial", "show", "--json").stdout or "null") is None


def test_an_interacting_medicine_needs_the_clinician_first(cli: Any) -> None:
    _person(cli, "--medicine", "spironolactone")
    _screen(cli)
    text = _refusal(cli)
    assert "spironolactone" in text.lower() and "--with-clinician" in text
    agreed = cli("trial", "plan", "--with-clinician", "--json")
    assert agreed.exit_code == 0, agreed.output
    assert any("spironolactone" in r for r in json.loads(agreed.stdout)["clinician_reasons"])


def test_dose_is_timed_around_a_binding_medicine(cli: Any) -> None:
    _person(cli, "--medicine", "ciprofloxacin")
    _screen(cli)
    out = json.loads(cli("trial", "plan", "--json").stdout)
    times = out["design"]["dose_times"]
    assert times and all(t not in {"08:00", "20:00"} for t in times)
    assert any("ciprofloxacin" in line for line in out["schedule"])


def test_a_dose_above_the_upper_limit_is_refused(cli: Any) -> None:
    _person(cli)
    _screen(cli)
    result = cli("trial", "plan", "--dose-mg", "600")
    assert result.exit_code == 3 and "upper limit" in result.stderr


# --------------------------------------------------------------------------- the trial


def _plan(cli: Any, *args: str) -> dict[str, Any]:
    _person(cli)
    _screen(cli)
    result = cli("trial", "plan", "--seed", "7", "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_plan_saves_a_seeded_balanced_schedule_with_the_plans_dose(cli: Any) -> None:
    out = _plan(cli)
    design = out["design"]
    assert out["saved"] is True and design["seed"] == 7
    assert design["start"] == str(TODAY + timedelta(days=1))
    assert [p["arm"] for p in design["periods"]].count("A") == 3
    assert design["order"] in {"AB AB AB", "AB AB BA", "AB BA AB", "AB BA BA",
                               "BA AB AB", "BA AB BA", "BA BA AB", "BA BA BA"}  # fmt: skip
    assert 0 < design["dose_mg"] <= 350 and design["dose_times"]
    assert "detect a 2-point effect about" in out["detection"]
    # the same seed gives the same order (a dry run saves nothing)
    again = json.loads(cli("trial", "plan", "--seed", "7", "--dry-run", "--json").stdout)
    assert again["saved"] is False and again["design"]["order"] == design["order"]
    # only one open trial at a time
    second = cli("trial", "plan")
    assert second.exit_code == 7 and "already planned or running" in second.stderr


def test_bad_design_values_are_named(cli: Any) -> None:
    _person(cli)
    _screen(cli)
    result = cli("trial", "plan", "--pairs", "1")
    assert result.exit_code == 3 and "2 to 6 pairs" in result.stderr
    assert "--pairs N" in result.stderr  # the CLI names its option for the field
    past = cli("trial", "plan", "--start", "2026-01-01")
    assert past.exit_code == 3 and "past" in past.stderr


def test_magcoach_day_shows_todays_part_of_the_trial(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    design = _plan(cli)["design"]
    a_period = next(p for p in design["periods"] if p["arm"] == "A")
    fifth = date.fromisoformat(a_period["start"]) + timedelta(days=4)
    monkeypatch.setenv("MAGCOACH_TODAY", fifth.isoformat())
    text = " ".join(cli("day").stdout.split())
    assert f"today: magnesium day 5 of 14 (trial period {a_period['number']} of 6)" in text
    assert "take " in text
    as_json = json.loads(cli("day", "--json").stdout)
    assert as_json["trial"]["day_of_period"] == 5 and as_json["trial"]["arm"] == "A"


def test_doses_stop_and_result(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    design = _plan(cli)["design"]
    first = design["periods"][0]
    monkeypatch.setenv("MAGCOACH_TODAY", first["start"])
    took = cli("trial", "took", "--json")
    assert took.exit_code == 0, took.output
    note = json.loads(took.stdout)["note"]
    if first["arm"] == "B":
        assert "no-magnesium day" in note
    else:
        assert note == "Recorded."
    future = cli("trial", "took", "2026-12-01")
    assert future.exit_code == 3 and "future" in future.stderr

    empty = cli("trial", "stop", "--reason", " ")
    assert empty.exit_code == 3 and "Say why" in empty.stderr
    stopped = cli("trial", "stop", "--reason", "diarrhoea", "--json")
    assert stopped.exit_code == 0, stopped.output
    assert json.loads(stopped.stdout)["status"] == "stopped early"
    result = json.loads(cli("trial", "result", "--json").stdout)["result"]
    assert result["status"] == "stopped early" and result["verdict"] == "not_enough_data"
    assert any("diarrhoea" in limit for limit in result["limits"])
    # once stopped, a new trial may be planned
    assert cli("trial", "plan", "--dry-run").exit_code == 0


def _log_trial_pain(effect: float) -> None:
    """Pain for every trial day, straight into the store (the diary a person would keep)."""
    from magcoach.settings import Settings
    from magcoach.store import open_store, service
    from magcoach.store import trials as store_trials
    from magcoach.trial import simulate_pain

    store = open_store(Settings.load())
    try:
        with store.session() as s:
            person_id, _ = service.get_person(s, "Ana")
            trial = store_trials.current_trial(s, person_id)
            days = simulate_pain(
                trial.design, effect_points=effect, autocorrelation=0.3, noise_sd=1.0, seed=3
            )
            now = datetime.combine(max(d.date for d in days), time(21))  # as each evening
            for day in days:
                service.add_pain(s, person_id, at=datetime.combine(day.date, time(20)),
                                 pain=day.pain, now=now)  # fmt: skip
    finally:
        store.close()


def test_a_finished_trial_gives_a_verdict_chart_calendar_and_report_section(
    cli: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    design = _plan(cli)["design"]
    _log_trial_pain(-3.0)
    monkeypatch.setenv("MAGCOACH_TODAY", design["end"])
    chart = tmp_path / "trial.svg"
    result = cli("trial", "result", "--png", str(chart))
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "Verdict: magnesium lowered your pain by a meaningful amount" in text
    assert "not blinded" in text and "Paired periods" in text
    assert "<svg" in chart.read_text()

    ics = tmp_path / "trial.ics"
    assert cli("trial", "calendar", str(ics)).exit_code == 0
    assert ics.read_bytes().count(b"BEGIN:VEVENT") == 9
    assert cli("trial", "calendar", str(tmp_path / "trial.txt")).exit_code == 3

    html = tmp_path / "report.html"
    report = cli("report", "--html", str(html))
    assert report.exit_code == 0, report.output
    page = html.read_text()
    assert "Magnesium trial: periods on and off magnesium" in page
    assert "kravitz2014-nof1" in page and "Design and Implementation of N-of-1 Trials" in page


def test_a_supplement_already_taken_must_pause_in_the_off_periods(cli: Any) -> None:
    _person(cli)
    _screen(cli)
    assert cli("supp", "add", "Mag citrate", "--elemental-mg", "150").exit_code == 0
    assert cli("supp", "take", "Mag citrate", "--at", "yesterday 8am").exit_code == 0
    out = json.loads(cli("trial", "plan", "--dry-run", "--json").stdout)
    assert any("Mag citrate" in n and "no-magnesium days" in n for n in out["notes"])
    text = " ".join(cli("trial", "plan", "--dry-run").stdout.split())
    assert "Note: You logged Mag citrate" in text
