"""The trial page as a person uses it: refused (every reason shown) before a screening, planned
after one, doses recorded, stopped with a reason, the result of a finished trial with its
chart; the /api twins, and /api/trial/result equal to `magcoach trial result --json`. One
browser test at phone width plans a trial and sees the schedule."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Page, expect
from typer.testing import Result

from tests.web.webtools import Server, assert_accessible, shot

CliRun = Callable[..., Result]


def _person(cli: CliRun) -> None:
    added = cli("person", "add", "Ana", "--age", "45", "--sex", "female")
    assert added.exit_code == 0, added.output


def _screen(cli: CliRun) -> None:
    saved = cli("screen", "--symptom", "muscle_cramps")
    assert saved.exit_code == 0, saved.output


def _set_today(client: TestClient, on: date) -> None:
    """Move the running app's clock (as MAGCOACH_TODAY does for a new process)."""
    from magcoach.app.context import Clock

    client.app.state.ctx.clock = Clock(fixed_now=datetime.combine(on, time(21, 30)))  # type: ignore[attr-defined]


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _plan(client: TestClient, **boxes: str) -> Any:
    form = {"pairs": "3", "period_days": "14", "washin_days": "5", **boxes}
    return client.post("/trial", data=form)


def _planned(client: TestClient, cli: CliRun) -> dict[str, Any]:
    """Ana screened, with a trial planned through the API (seed 7, from tomorrow)."""
    _person(cli)
    _screen(cli)
    response = client.post("/api/trial", json={"seed": 7})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_no_trial_shows_the_plan_form_with_defaults_and_reasons(
    client: TestClient, cli: CliRun
) -> None:
    _person(cli)
    page = client.get("/trial")
    assert page.status_code == 200
    text = _text(page.text)
    assert 'name="pairs"' in page.text and 'value="3"' in page.text
    assert 'value="14"' in page.text and 'value="5"' in page.text
    assert "Default 3 (2 to 6)" in text and "Default 14 (7 to 28)" in text
    assert "Magnesium needs a few days to act and to wear off" in text
    assert "My clinician agreed to this trial" in text and 'name="placebo"' in page.text
    assert '<a href="/trial"' in page.text  # in the navigation


def test_plan_is_refused_without_a_screening_and_every_reason_shown(
    client: TestClient, cli: CliRun
) -> None:
    _person(cli)
    refused = _plan(client)
    assert refused.status_code == 400
    text = _text(refused.text)
    assert "Urgent: magcoach will not set up a magnesium trial for you now" in text
    assert "You have not answered the screening yet" in text
    assert 'class="warn warn-urgent"' in refused.text and 'href="/screen"' in refused.text
    assert "magcoach screen" not in text  # no command-line wording on a page
    assert client.get("/api/trial").status_code == 404  # nothing saved


def test_plan_succeeds_after_a_screening_and_shows_the_schedule(
    client: TestClient, cli: CliRun
) -> None:
    _person(cli)
    _screen(cli)
    planned = _plan(client, period_days="10", washin_days="3", placebo="yes")
    assert planned.status_code == 303, planned.text
    page = client.get(planned.headers["location"])
    text = _text(page.text)
    assert "Your trial is planned: 3 pairs of 10-day periods from Tue 16 Jun." in text
    assert "not started" in text and "Download the calendar (.ics)" in text
    assert text.count(" A magnesium ") == 3 and text.count(" B no magnesium ") == 3
    assert "The first 3 days of each period are a wash-in" in text
    assert "look-alike placebo" in text
    status = client.get("/api/trial").json()
    assert status["design"]["period_days"] == 10 and status["design"]["placebo"] is True
    ics = client.get("/api/trial.ics")
    assert ics.status_code == 200 and ics.headers["content-type"].startswith("text/calendar")
    assert ics.text.count("BEGIN:VEVENT") >= 3  # at least one per magnesium period


def test_without_a_person_the_page_sends_to_the_first_run_form(client: TestClient) -> None:
    response = client.get("/trial")
    assert response.status_code == 303 and response.headers["location"] == "/welcome"


def test_a_medicine_needing_the_clinician_is_refused_until_the_box_is_ticked(
    client: TestClient, cli: CliRun
) -> None:
    assert cli("person", "add", "Ana", "--age", "45", "--sex", "female",
               "--medicine", "spironolactone").exit_code == 0  # fmt: skip
    _screen(cli)
    refused = _plan(client)
    text = _text(refused.text)
    assert refused.status_code == 400 and "Urgent:" in text and "spironolactone" in text.lower()
    agreed = _plan(client, with_clinician="yes")
    assert agreed.status_code == 303, _text(agreed.text)


def test_a_bad_design_value_is_named_beside_its_box(client: TestClient, cli: CliRun) -> None:
    _person(cli)
    _screen(cli)
    refused = _plan(client, pairs="9")
    assert refused.status_code == 400
    assert 'id="pairs-error"' in refused.text and "2 to 6 pairs" in refused.text
    assert 'value="9"' in refused.text  # what was typed stays


def test_took_and_not_took_are_recorded(client: TestClient, cli: CliRun) -> None:
    design = _planned(client, cli)["design"]
    first = design["periods"][0]
    _set_today(client, date.fromisoformat(first["start"]))
    page = _text(client.get("/trial").text)
    assert f"today: {'magnesium' if first['arm'] == 'A' else 'no-magnesium'} day 1 of 14" in page
    assert "magnesium (now)" in page
    took = client.post("/trial/doses", data={"taken": "yes"})
    assert took.status_code == 303
    shown = _text(client.get(took.headers["location"]).text)
    assert "magnesium taken." in shown and "Recorded for today: magnesium taken" in shown
    if first["arm"] == "B":
        assert "this is a no-magnesium day" in shown
    missed = client.post("/trial/doses", data={"taken": "no"})
    shown = _text(client.get(missed.headers["location"]).text)
    assert "Recorded for today: magnesium not taken" in shown
    assert client.get("/api/trial").json()["doses_skipped"] == 1


def test_stop_needs_a_reason_and_the_box_then_shows_the_result(
    client: TestClient, cli: CliRun
) -> None:
    design = _planned(client, cli)["design"]
    _set_today(client, date.fromisoformat(design["periods"][1]["start"]))
    unconfirmed = client.post("/trial/stop", data={"reason": "loose stools"})
    assert unconfirmed.status_code == 400 and "Tick the box" in unconfirmed.text
    no_reason = client.post("/trial/stop", data={"reason": " ", "confirm": "yes"})
    assert no_reason.status_code == 400 and "Say why" in no_reason.text
    assert client.get("/api/trial").json()["status"] == "running"
    stopped = client.post("/trial/stop", data={"reason": "loose stools", "confirm": "yes"})
    assert stopped.status_code == 303 and stopped.headers["location"].startswith("/trial/result")
    text = _text(client.get(stopped.headers["location"]).text)
    assert "Trial stopped on" in text and "loose stools" in text
    assert "stopped early" in text and "Plan a new trial" in text
    assert client.get("/trial").headers["location"] == "/trial/result"


def _log_trial_pain(effect: float) -> None:
    """Pain for every trial day, straight into the store (as tests/test_trial_app.py does)."""
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
            now = datetime.combine(max(d.date for d in days), time(21))
            for day in days:
                service.add_pain(
                    s, person_id, at=datetime.combine(day.date, time(20)), pain=day.pain, now=now
                )
    finally:
        store.close()


def test_a_finished_trial_shows_the_result_with_its_chart(
    client: TestClient, cli: CliRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    design = _planned(client, cli)["design"]
    _log_trial_pain(-3.0)
    after = date.fromisoformat(design["end"]) + timedelta(days=1)
    _set_today(client, after)
    assert client.get("/trial").headers["location"] == "/trial/result"
    page = client.get("/trial/result")
    assert page.status_code == 200
    text = _text(page.text)
    assert "Magnesium lowered your pain by a meaningful amount" in text
    assert "As assigned" in text and "Per adherence" in text and "95 % interval" in text
    assert "Chance that magnesium lowers your pain at all:" in text
    assert "Chance that it lowers it by a meaningful amount" in text
    assert "Paired periods" in text and "not blinded" in text
    assert 'class="warn warn-caution"' in page.text  # limits at the caution level, with icon
    chart = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', page.text)
    assert chart is not None
    assert "<svg" in base64.b64decode(chart.group(1)).decode()

    # the API's result is the CLI's, byte for byte in meaning
    monkeypatch.setenv("MAGCOACH_TODAY", f"{after}T21:30")
    from_cli = cli("trial", "result", "--json")
    assert from_cli.exit_code == 0, from_cli.output
    assert client.get("/api/trial/result").json() == json.loads(from_cli.stdout)
    assert client.get("/api/trial").json() == json.loads(cli("trial", "show", "--json").stdout)


def test_api_twins_plan_dose_stop_and_errors(client: TestClient, cli: CliRun) -> None:
    _person(cli)
    refused = client.post("/api/trial", json={})
    assert refused.status_code == 400
    body = refused.json()
    assert set(body) == {"error", "field", "message"} and body["field"] == "screening"
    assert "You have not answered the screening yet" in body["message"]
    assert client.get("/api/trial/result").json()["error"] == "not_found"
    _screen(cli)
    dry = client.post("/api/trial", json={"seed": 7, "save": False})
    assert dry.status_code == 200 and dry.json()["saved"] is False
    planned = client.post("/api/trial", json={"seed": 7}).json()
    start = date.fromisoformat(planned["design"]["start"])
    _set_today(client, start)
    dose = client.post("/api/trial/doses", json={"taken": False})
    assert dose.status_code == 201 and dose.json()["taken"] is False
    bad = client.post("/api/trial/doses", json={"day": "2027-01-01"})
    assert bad.status_code == 400 and "future" in bad.json()["message"]
    stopped = client.post("/api/trial/stop", json={"reason": "a new treatment"})
    assert stopped.status_code == 200 and stopped.json()["status"] == "stopped early"
    again = client.post("/api/trial/stop", json={"reason": "again"})
    assert again.status_code in (400, 409) and set(again.json()) == {"error", "field", "message"}


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_plan_a_trial_in_the_browser_at_phone_width(page: Page, fresh_server: Server) -> None:
    assert (
        fresh_server.cli("person", "add", "Robin", "--age", "44", "--sex", "female").returncode == 0
    )
    assert fresh_server.cli("screen", "--symptom", "muscle_cramps").returncode == 0
    page.goto(fresh_server.url + "/today")
    page.get_by_role("link", name="Trial").click()
    expect(page.get_by_role("heading", name="Plan your trial")).to_be_visible()
    assert_accessible(page)
    shot(page, "trial-plan")
    page.get_by_label("Days in each period").fill("10")
    page.get_by_label("Wash-in days at the start of each period (not compared)").fill("3")
    page.get_by_role("button", name="Plan my trial").click()
    expect(page.get_by_text("Your trial is planned: 3 pairs of 10-day periods")).to_be_visible()
    expect(page.locator("#trial-schedule tbody tr")).to_have_count(6)
    expect(page.get_by_role("link", name="Download the calendar (.ics)")).to_be_visible()
    page.get_by_text("Stop the trial early").click()  # the stop form, opened, is labelled too
    expect(page.get_by_label("Why you stop (goes into the result)")).to_be_visible()
    assert_accessible(page)
    shot(page, "trial-schedule")
