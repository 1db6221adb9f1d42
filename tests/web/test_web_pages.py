"""Every page renders its use case's view for a person with a diary; the /api twins agree
with the CLI's --json for the plan and did-it-help; OpenAPI lists the API; GET changes nothing;
`magcoach serve` will not serve the network."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import Result

CliRun = Callable[..., Result]

PAGES = [
    "/today",
    "/today?date=2026-06-14",
    "/history",
    "/history?days=28&end=2026-06-10",
    "/plan",
    "/foods",
    "/foods?diet=vegan&exclude=nuts&per=100kcal",
    "/foods/search?q=spinach",
    "/did-it-help",
    "/report",
    "/screen",
    "/screen/questions",
    "/person",
    "/person/edit",
    "/data",
    "/evidence",
    "/evidence?topic=cramps",
]


@pytest.fixture
def diary(client: TestClient, dana: dict[str, Any]) -> TestClient:
    """Dana with three weeks of food and pain, and a supplement started a week ago."""
    client.post("/api/supplements", json={"name": "Mag citrate", "elemental_mg": 150})
    for back in range(21):
        day = f"2026-06-{15 - back:02d}" if back < 15 else f"2026-05-{46 - back:02d}"
        client.post("/api/food-entries", json={"text": "1 cup oatmeal", "at": f"{day} 08:00"})
        client.post("/api/pain-entries", json={"score": 6 - (back < 7) * 2, "at": f"{day} 20:00"})
        if back < 7:
            client.post(
                "/api/supplement-doses", json={"product": "Mag citrate", "at": f"{day} 13:00"}
            )
    return client


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders(diary: TestClient, path: str) -> None:
    response = diary.get(path)
    assert response.status_code == 200, response.text[:500]
    assert "<h1>" in response.text
    assert "Traceback" not in response.text


def test_pages_show_the_views_numbers(diary: TestClient) -> None:
    day = diary.get("/api/day").json()
    today = diary.get("/today").text
    assert f'data-total-mg="{day["total_mg"]}"' in today
    week = diary.get("/api/week").json()
    assert f"{week['average_total_mg']:,.0f} mg" in diary.get("/history").text
    verdict = diary.get("/api/did-it-help").json()
    assert verdict["verdict_text"].capitalize() in diary.get("/did-it-help").text


def test_the_plan_and_did_it_help_agree_with_the_cli(diary: TestClient, cli: CliRun) -> None:
    def cli_json(*args: str) -> Any:
        result = cli(*args, "--json")
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    web_plan, cli_plan = diary.get("/api/plan").json(), cli_json("plan")
    for plan in (web_plan, cli_plan):  # the solver's own time differs from run to run
        plan["food_plan"]["solve_ms"] = None
        plan["markdown"] = re.sub(r"solved in \d+ ms", "solved", plan["markdown"])
    for key in web_plan:
        assert web_plan[key] == cli_plan[key], key
    assert diary.get("/api/did-it-help").json() == cli_json("did-it-help")
    assert diary.get("/api/evidence", params={"topic": "cramps"}).json() == cli_json(
        "evidence", "cramps"
    )


def test_openapi_lists_the_api(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path, method in [
        ("/api/foods/search", "get"),
        ("/api/foods/parse", "post"),
        ("/api/food-entries", "post"),
        ("/api/pain-entries", "post"),
        ("/api/day", "get"),
        ("/api/week", "get"),
        ("/api/plan", "get"),
        ("/api/did-it-help", "get"),
        ("/api/report.pdf", "get"),
        ("/api/person", "get"),
        ("/api/person", "post"),
    ]:
        assert method in paths[path], (path, method)
    assert not any(p.startswith("/today") for p in paths)  # pages are not the API


def test_no_get_changes_the_diary(diary: TestClient) -> None:
    """Every GET route, pages and API alike, leaves the diary as it was."""
    before = diary.get("/api/entries").json(), diary.get("/api/people").json()
    for path in [*PAGES, "/api/day", "/api/week", "/api/plan", "/api/entries", "/api/trends",
                 "/api/supplements", "/api/did-it-help", "/api/questionnaire", "/api/person",
                 "/data/export/backup", "/undo", "/welcome"]:  # fmt: skip
        diary.get(path)
    assert (diary.get("/api/entries").json(), diary.get("/api/people").json()) == before


def test_food_search_and_parse(client: TestClient) -> None:
    hits = client.get("/api/foods/search", params={"q": "almonds"}).json()
    assert hits["foods"] and "almonds" in hits["foods"][0]["description"].lower()
    parsed = client.post("/api/foods/parse", json={"text": "30 g almonds"}).json()
    assert parsed["grams"] == 30 and parsed["magnesium_mg"] > 70
    picked = client.post("/api/foods/parse", json={"text": "30 g almonds", "pick": 1}).json()
    assert picked["food"]["id"] == parsed["alternatives"][0]["id"]
    missing = client.get("/api/foods/search", params={"q": "zzzqqq"})
    assert missing.status_code == 404 and missing.json()["field"] == "q"


def test_log_food_form_then_pick_another(client: TestClient, dana: dict[str, Any]) -> None:
    logged = client.post("/today/food", data={"text": "1 cup black beans", "time": "12:00",
                                               "date": "2026-06-15"})  # fmt: skip
    assert logged.status_code == 303
    page = client.get(logged.headers["location"]).text
    assert "Logged 1 cup black beans" in page
    assert "Not the right food? Pick another" in page  # the alternatives, without JavaScript
    entry = client.get("/api/entries").json()["entries"][0]
    fixed = client.post(f"/entries/{entry['id']}/fix", data={"pick": "1", "date": "2026-06-15"})
    assert fixed.status_code == 303
    after = client.get("/api/entries").json()["entries"][0]
    assert after["summary"] != entry["summary"]
    client.post(f"/entries/{entry['id']}/delete", data={"date": "2026-06-15"})
    assert client.get("/api/entries").json()["entries"] == []
    client.post("/undo", data={"date": "2026-06-15"})
    assert [e["id"] for e in client.get("/api/entries").json()["entries"]] == [entry["id"]]


def test_supplement_above_the_upper_limit_warns(client: TestClient, dana: dict[str, Any]) -> None:
    client.post("/api/supplements", json={"name": "Mag oxide", "elemental_mg": 250})
    dose = {"product": "Mag oxide", "units": "2", "date": "2026-06-15", "time": "09:00"}
    taken = client.post("/today/supplement", data=dose)
    page = client.get(taken.headers["location"]).text
    assert "warn-urgent" in page and "Urgent:" in page and "upper limit" in page


def test_pain_without_a_score_is_refused_beside_the_scale(
    client: TestClient, dana: dict[str, Any]
) -> None:
    refused = client.post("/today/pain", data={"date": "2026-06-15", "where": "neck"})
    assert refused.status_code == 400
    assert 'id="score-error"' in refused.text
    assert client.get("/api/entries").json()["entries"] == []


def test_delete_everything_needs_the_confirmation(client: TestClient, dana: dict[str, Any]) -> None:
    refused = client.post("/data/delete", data={})
    assert refused.status_code == 400 and "confirmation" in refused.text
    assert client.get("/api/people").json()["people"]
    done = client.post("/data/delete", data={"confirm": "yes"})
    assert done.status_code == 303 and done.headers["location"] == "/welcome"
    assert client.get("/api/people").json() == {"people": []}


def test_serve_refuses_to_bind_the_network(cli: CliRun) -> None:
    result = cli("serve", "--host", "0.0.0.0", "--no-browser")
    assert result.exit_code == 3
    assert "only this computer" in result.output


def test_first_run_form_suggests_a_misspelt_medicine(client: TestClient) -> None:
    form = {"name": "Ana", "age": "40", "sex": "female", "medicines": "omeprazol"}
    refused = client.post("/welcome", data=form)
    assert refused.status_code == 400
    assert "Did you mean: omeprazole?" in refused.text
    assert 'value="omeprazol"' in refused.text  # what was typed stays in the box
    assert client.get("/api/people").json() == {"people": []}
    form["medicines"] = "omeprazole"
    assert client.post("/welcome", data=form).headers["location"] == "/screen"


def test_screening_form_asks_too_much_signs_only_of_people_taking_magnesium(
    client: TestClient, dana: dict[str, Any]
) -> None:
    flags = client.get("/screen").text
    assert "Signs that need a doctor today" in flags and "Symptoms" not in flags  # red flags first
    no = {"takes_magnesium": "no", "too_much": "diarrhoea", "symptoms": "muscle_cramps"}
    shown = client.post("/screen/questions", data=no)
    assert shown.status_code == 303
    result = client.get(shown.headers["location"]).text
    assert "Diarrhoea" not in result  # the gate said no: the ticks are left out
    entries = client.get("/api/entries").json()["entries"]
    assert [e["kind"] for e in entries] == ["screening"]

    yes = {**no, "takes_magnesium": "yes", "serum_magnesium": "0.62"}
    shown = client.post("/screen/questions", data=yes)
    result = client.get(shown.headers["location"]).text
    assert "0.62 mmol/L" in result  # the unit guessed from the value, as the terminal does
    assert "too much magnesium you reported: Diarrhoea" in result
    bad = client.post("/screen/questions", data={**no, "serum_magnesium": "lots"})
    assert bad.status_code == 400 and 'id="serum_magnesium-error"' in bad.text
