"""The web app in shared (clinic) mode, on SQLite and PostgreSQL: log-in and sign-up pages,
the session cookie, CSRF on every change, no-store, and each request seeing only the person
the session may see."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from tests.clinic_world import PASSWORD, Clinic, share

Client = Callable[..., TestClient]


def test_log_in_page_sets_a_safe_cookie_and_opens_the_diary(
    world: Clinic, browser_as: Client
) -> None:
    anonymous = browser_as()
    assert anonymous.get("/today").headers["location"] == "/login"
    assert anonymous.get("/api/day").status_code == 401
    page = anonymous.get("/login")
    assert page.status_code == 200 and 'name="password"' in page.text

    wrong = anonymous.post("/login", data={"email": "ana@example.org", "password": "nope nope"})
    assert wrong.status_code == 400 and "Wrong email or password." in wrong.text
    assert "set-cookie" not in wrong.headers

    done = anonymous.post("/login", data={"email": "ana@example.org", "password": PASSWORD})
    assert done.status_code == 303 and done.headers["location"] == "/today"
    cookie = done.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie
    today = anonymous.get("/today")
    assert today.status_code == 200 and "Ana" in today.text
    assert today.headers["cache-control"] == "no-store"
    assert 'name="csrf"' in today.text  # every form carries the session's token


def test_every_change_needs_the_csrf_token(world: Clinic, browser_as: Client) -> None:
    without = browser_as(world.ana_owner, csrf=False)
    refused = without.post("/api/pain-entries", json={"score": 4})
    assert refused.status_code == 403
    assert without.get("/api/entries").json()["entries"] == []
    wrong = without.post("/today/pain", data={"score": "4", "csrf": "forged"})
    assert wrong.status_code == 403

    with_token = browser_as(world.ana_owner)
    assert with_token.post("/api/pain-entries", json={"score": 4}).status_code == 201
    form = with_token.post("/today/pain", data={"score": "5", "csrf": world.ana_owner.csrf})
    assert form.status_code == 303


def test_each_person_sees_only_their_own_diary(world: Clinic, browser_as: Client) -> None:
    ana = browser_as(world.ana_owner)
    bo = browser_as(world.bo_owner)
    assert ana.post("/api/pain-entries", json={"score": 7, "note": "ana-secret"}).status_code == 201
    assert ana.get("/api/person").json()["person"]["name"] == "Ana"
    assert bo.get("/api/person").json()["person"]["name"] == "Bo"
    assert "ana-secret" not in bo.get("/api/entries").text
    # an id in the URL gives nothing on its own
    opened = bo.post(f"/api/people/{world.ana}/open")
    assert opened.status_code == 403
    assert "ana-secret" not in bo.get("/api/entries").text


def test_a_clinician_sees_what_was_shared_read_only_until_revoked(
    world: Clinic, browser_as: Client
) -> None:
    from magcoach.app import clinic

    ana = browser_as(world.ana_owner)
    assert ana.post("/api/pain-entries", json={"score": 6, "note": "ana-note"}).status_code == 201
    grant = share(world, world.ana, "summary")
    physio = browser_as(world.clinician)
    assert physio.post(f"/api/people/{world.ana}/open").status_code == 200
    week = physio.get("/api/week")
    assert week.status_code == 200
    assert physio.get("/api/entries").status_code == 403  # the full diary was not shared
    assert physio.post("/api/pain-entries", json={"score": 1}).status_code == 403
    page = physio.get("/history")
    assert page.status_code == 200 and "read-only" in page.text

    clinic.revoke_grant(world.ctx, world.ana_owner.actor, grant_id=grant)
    assert physio.get("/api/week").status_code == 403
    assert "ana-note" not in physio.get("/history").text


def test_log_out_ends_the_session_at_once(world: Clinic, browser_as: Client) -> None:
    ana = browser_as(world.ana_owner)
    assert ana.get("/api/person").status_code == 200
    assert ana.post("/api/logout").status_code == 200
    again = browser_as(world.ana_owner)  # the old cookie, replayed
    assert again.get("/api/person").status_code == 401


def test_a_notice_after_a_redirect_is_kept_in_the_database_for_its_account(
    world: Clinic, browser_as: Client, clinic_app: Any
) -> None:
    ana = browser_as(world.ana_owner)
    done = ana.post("/today/pain", data={"score": "3", "csrf": world.ana_owner.csrf})
    where = done.headers["location"]
    # another worker: a second app over the same database shows it
    from fastapi.testclient import TestClient

    from magcoach.accounts.security import session_cookie
    from magcoach.web import create_app

    other = create_app(clinic_app.state.ctx, host="127.0.0.1", port=8000)
    with TestClient(other, base_url="http://127.0.0.1:8000") as second:
        second.cookies.set(session_cookie(False)[0], world.ana_owner.token)
        assert "Pain 3/10 noted" in second.get(where).text
    # and nobody else can read it
    bo = browser_as(world.bo_owner)
    assert "Pain 3/10" not in bo.get(where).text


def test_the_per_address_log_in_limit_cannot_be_dodged_with_a_forged_header(
    world: Clinic, browser_as: Client
) -> None:
    """20 failures from one address, each claiming another X-Forwarded-For (no proxy is
    configured, so the header is the browser's own word): the 21st is refused."""
    anonymous = browser_as()
    for n in range(20):
        wrong = anonymous.post(
            "/api/login",
            json={"email": f"nobody{n}@example.org", "password": "wrong password"},
            headers={"X-Forwarded-For": f"203.0.113.{n}"},
        )
        assert wrong.status_code == 401, wrong.text
    limited = anonymous.post(
        "/api/login",
        json={"email": "ana@example.org", "password": PASSWORD},
        headers={"X-Forwarded-For": "198.51.100.7"},
    )
    assert limited.status_code == 429
    assert "Too many failed log-ins" in limited.json()["message"]


def test_an_error_page_leads_each_role_back_to_its_own_home(
    world: Clinic, browser_as: Client
) -> None:
    physio = browser_as(world.clinician)
    wrong = physio.get("/clinic", params={"sort": "shoe size"})
    assert wrong.status_code == 400
    assert 'href="/clinic">Back to your patients' in wrong.text
    admin = browser_as(world.admin)
    refused = admin.get("/clinic")
    assert refused.status_code == 403 and 'href="/admin">Back to the accounts' in refused.text
