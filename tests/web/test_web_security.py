"""Safe even on localhost: Host (DNS rebinding), cross-site changes, no change on GET, bounded
bodies, the Content-Security-Policy, escaped user text, and errors that never leak a 500."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from magcoach.web.security import check_request, local_hosts

HOSTS = local_hosts("127.0.0.1", 8000)
PERSON = {"name": "Dana", "age": 44, "sex": "female"}


def headers(**values: str) -> dict[str, str]:
    return {"host": "127.0.0.1:8000", **{k.replace("_", "-"): v for k, v in values.items()}}


# ---------------------------------------------------------------- the rules, one by one


def test_bound_names_are_the_only_hosts_accepted() -> None:
    assert {"127.0.0.1:8000", "localhost:8000"} == HOSTS
    assert check_request("GET", headers(), HOSTS) is None
    assert check_request("GET", {"host": "localhost:8000"}, HOSTS) is None
    for bad in ("evil.example:8000", "evil.example", "127.0.0.1:9000", "127.0.0.1", ""):
        refusal = check_request("GET", {"host": bad}, HOSTS)
        assert refusal is not None and refusal.status == 400, bad


@pytest.mark.parametrize("site", ["cross-site", "same-site"])
def test_cross_site_posts_are_refused(site: str) -> None:
    refusal = check_request("POST", headers(sec_fetch_site=site), HOSTS)
    assert refusal is not None and refusal.status == 403


@pytest.mark.parametrize(
    "origin", ["http://evil.example", "null", "http://127.0.0.1:9000", "https://127.0.0.1:8000"]
)
def test_foreign_origins_cannot_post(origin: str) -> None:
    refusal = check_request("POST", headers(origin=origin), HOSTS)
    assert refusal is not None and refusal.code == "cross_site"


def test_own_pages_and_local_scripts_may_post() -> None:
    same = headers(origin="http://127.0.0.1:8000", sec_fetch_site="same-origin")
    assert check_request("POST", same, HOSTS) is None
    assert check_request("POST", headers(origin="http://localhost:8000"), HOSTS) is None
    # curl or a script on this computer: no Origin, no Sec-Fetch-Site (a browser page always
    # sends Origin on a cross-origin POST, so this cannot be a foreign website).
    assert check_request("DELETE", headers(), HOSTS) is None


# ---------------------------------------------------------------- through the app


def test_dns_rebinding_host_is_refused_on_every_path(client: TestClient) -> None:
    for path in ("/today", "/api/day", "/static/app.css", "/openapi.json"):
        response = client.get(path, headers={"host": "evil.example:8000"})
        assert response.status_code == 400, path
    api = client.get("/api/day", headers={"host": "evil.example"})
    assert api.json()["error"] == "bad_host"


def test_cross_site_form_post_changes_nothing(client: TestClient) -> None:
    attack = client.post(
        "/welcome",
        data={"name": "Mallory", "age": "30", "sex": "male"},
        headers={"origin": "http://evil.example", "sec-fetch-site": "cross-site"},
    )
    assert attack.status_code == 403
    assert "own pages" in attack.text
    assert client.get("/api/people").json() == {"people": []}


def test_same_origin_form_post_is_accepted(client: TestClient) -> None:
    ok = client.post(
        "/welcome",
        data={"name": "Dana", "age": "44", "sex": "female"},
        headers={"origin": "http://127.0.0.1:8000", "sec-fetch-site": "same-origin"},
    )
    assert ok.status_code == 303
    assert [p["person"]["name"] for p in client.get("/api/people").json()["people"]] == ["Dana"]


def all_routes(routes: Any) -> Iterator[Any]:
    for route in routes:
        included = getattr(route, "original_router", None)  # a router included in another
        yield from all_routes(included.routes) if included is not None else [route]


def test_get_never_changes_anything(client: TestClient) -> None:
    """Every route that changes data refuses GET, and a GET on it adds nothing."""
    changing = {
        route.path
        for route in all_routes(client.app.routes)  # type: ignore[attr-defined]
        if {"POST", "PATCH", "PUT", "DELETE"} & set(getattr(route, "methods", None) or ())
    }
    gettable = {
        route.path
        for route in all_routes(client.app.routes)  # type: ignore[attr-defined]
        if "GET" in (getattr(route, "methods", None) or ())
    }
    assert {"/api/person", "/welcome"} <= changing
    for path in sorted(changing - gettable):
        if "{" not in path:
            assert client.get(path).status_code == 405, path
    assert client.get("/api/people").json() == {"people": []}


def test_bodies_are_bounded(client: TestClient) -> None:
    big = "x" * (1024 * 1024 + 10)
    declared = client.post("/api/person", content=big, headers={"content-type": "text/plain"})
    assert declared.status_code == 413
    assert declared.json()["error"] == "too_large"

    def chunks() -> Any:  # no Content-Length: the limit applies while reading
        for _ in range(40):
            yield b"y" * 65536

    streamed = client.post(
        "/api/person", content=chunks(), headers={"content-type": "application/json"}
    )
    assert streamed.status_code == 413
    assert client.get("/api/people").json() == {"people": []}


def test_content_security_policy_allows_only_this_server(client: TestClient) -> None:
    response = client.get("/welcome")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    html = response.text
    assert "<script>" not in html  # no inline script
    assert "style=" not in html  # no inline style
    assert "http://" not in html and "https://" not in html  # nothing from the internet


def test_user_text_is_escaped(client: TestClient, dana: dict[str, Any]) -> None:
    attack = "<script>alert(1)</script>"
    client.patch("/api/person", json={"allergies": [attack]})
    page = client.get("/person").text
    assert attack not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# ---------------------------------------------------------------- errors


def test_errors_are_json_with_code_field_and_message(client: TestClient) -> None:
    missing = client.get("/api/day")
    assert missing.status_code == 404
    assert set(missing.json()) == {"error", "field", "message"}
    assert missing.json()["error"] == "not_found"

    bad_type = client.get("/api/day", params={"date": "next tuesdayish"})
    assert bad_type.status_code == 400
    assert bad_type.json()["error"] == "invalid_input"
    assert bad_type.json()["field"] == "date"

    out_of_range = client.get("/api/week", params={"days": 0})
    assert out_of_range.status_code == 400
    assert out_of_range.json() == {
        "error": "invalid_input",
        "field": "days",
        "message": out_of_range.json()["message"],
    }

    no_route = client.get("/api/nothing-here")
    assert no_route.status_code == 404 and no_route.json()["error"] == "not_found"

    garbage = client.post(
        "/api/person", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert garbage.status_code == 400 and garbage.json()["error"] == "invalid_input"


def test_conflict_is_409(client: TestClient, dana: dict[str, Any]) -> None:
    again = client.post("/api/person", json=PERSON)
    assert again.status_code == 409
    assert again.json()["error"] == "conflict"


def test_pages_show_errors_inline_without_traceback(client: TestClient) -> None:
    response = client.get("/history", params={"days": "lots"})
    assert response.status_code in (400, 303)
    bad = client.post("/welcome", data={"name": "Dana", "age": "forty", "sex": "female"})
    assert bad.status_code == 400
    assert "Please enter a number." in bad.text
    assert 'aria-invalid="true"' in bad.text
    assert "Traceback" not in bad.text


def test_no_person_yet_opens_the_first_run_page(client: TestClient) -> None:
    response = client.get("/today")
    assert response.status_code == 303
    assert response.headers["location"] == "/welcome"


ATTACK = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_a_food_note_with_a_script_shows_as_text(client: TestClient, dana: dict[str, Any]) -> None:
    refused = client.post("/today/food", data={"text": f"1 cup spinach {ATTACK}", "date": ""})
    assert refused.status_code == 400
    assert ATTACK not in refused.text
    assert ESCAPED in refused.text  # in the box as typed, and in the message beside it

    client.post("/api/events", json={"text": f"started physio {ATTACK}"})
    client.post("/api/pain-entries", json={"score": 4, "note": ATTACK})
    today = client.get("/today").text
    assert ATTACK not in today
    assert f"started physio {ESCAPED}" in today


JUNK_BODIES: list[Any] = [
    {},
    [],
    "text",
    None,
    {"text": 5},
    {"text": "", "at": "32/13/2026"},
    {"text": "1 cup spinach", "at": "next century"},
    {"text": "1 cup spinach", "pick": 99},
    {"text": "1 cup spinach", "grams": -4},
    {"text": "x" * 5000},
    {"score": "high"},
    {"score": 11},
    {"score": 3, "where": "elbow"},
    {"product": "nothing like it", "units": 1},
    {"name": "", "elemental_mg": -1},
    {"answers": {"red_flags": ["not_a_flag"]}},
    {"answers": {"serum_magnesium": 99}},
    {"mmol_per_l": 0},
]

JSON_ENDPOINTS = [
    ("post", "/api/foods/parse"),
    ("post", "/api/food-entries"),
    ("post", "/api/pain-entries"),
    ("post", "/api/symptom-entries"),
    ("post", "/api/events"),
    ("post", "/api/serum-results"),
    ("post", "/api/supplements"),
    ("post", "/api/supplement-doses"),
    ("post", "/api/screenings"),
    ("post", "/api/person"),
    ("patch", "/api/person"),
    ("patch", "/api/entries/F999"),
    ("patch", "/api/entries/not-an-id"),
]


@pytest.mark.parametrize(("method", "path"), JSON_ENDPOINTS)
def test_bad_input_is_a_4xx_with_a_message_never_a_500(
    client: TestClient, dana: dict[str, Any], method: str, path: str
) -> None:
    for body in JUNK_BODIES:
        response = client.request(method.upper(), path, json=body)
        if response.status_code < 300:
            continue  # some bodies are valid for some endpoints
        assert 400 <= response.status_code < 500, (path, body, response.text)
        error = response.json()
        assert set(error) == {"error", "field", "message"}, error
        assert error["message"] and "Traceback" not in error["message"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/day?date=2026-02-30",
        "/api/week?days=-3",
        "/api/week?days=99999",
        "/api/foods/search?q=",
        "/api/foods/search?q=spinach&limit=0",
        "/api/foods/rich?diet=carnivore",
        "/api/foods/rich?per=spoon",
        "/api/did-it-help?change=someday",
        "/api/did-it-help?lag_days=400",
        "/api/trends?days=0",
        "/api/evidence?topic=zzzzqqq",
        "/api/entries?date=yesterday-ish",
        "/api/export/pdf",
        "/api/report.pdf?start=2026-06-10&end=2026-06-01",
    ],
)
def test_bad_queries_are_4xx(client: TestClient, dana: dict[str, Any], path: str) -> None:
    response = client.get(path)
    assert 400 <= response.status_code < 500, response.text
    assert set(response.json()) == {"error", "field", "message"}
