"""The person's side of sharing in the web app (shared mode, SQLite and PostgreSQL): the
Sharing page and its /api twins, the account page (my people, the password, a clinician's
sharing code), clinicians' notes on Today, and "Your data" (the access log, one person's
backup and delete, no restore). The local mode says plainly that sharing needs the clinic."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from magcoach.app import accounts, clinic
from tests.clinic_world import PASSWORD, Clinic, share

Client = Callable[..., TestClient]
CODE = re.compile(r'id="invitation-code">([^<]+)<')


def _csrf(world: Clinic, who: str = "ana") -> dict[str, str]:
    login = world.ana_owner if who == "ana" else world.bo_owner
    assert login.csrf is not None
    return {"csrf": login.csrf}


def test_the_owner_invites_a_clinician_who_signs_up_with_the_link(
    world: Clinic, browser_as: Client
) -> None:
    ana = browser_as(world.ana_owner)
    page = ana.get("/sharing")
    assert page.status_code == 200 and "Sharing Ana" in page.text
    assert "Nobody: Ana" in page.text and 'name="csrf"' in page.text
    assert 'href="/sharing"' in page.text and 'href="/account"' in page.text  # in the nav

    made = ana.post("/sharing/invitations", data={"scope": "summary", **_csrf(world)})
    assert made.status_code == 201
    code = CODE.search(made.text)
    assert code is not None
    link = f"/signup?code={code.group(1)}"
    assert link in made.text
    assert "Summary and reports" in made.text
    assert "Monday 22 June 2026 at 21:30" in made.text  # 7 days from now
    assert "Anyone with the code" in made.text  # now pending

    newcomer = browser_as()
    form = newcomer.get(link)
    assert code.group(1) in form.text  # the code is filled in
    signed = newcomer.post(
        "/signup",
        data={
            "code": code.group(1),
            "email": "diet@clinic.example",
            "password": PASSWORD,
            "display_name": "Dee Dietitian",
        },
    )
    assert signed.status_code == 303
    after = ana.get("/sharing")
    assert "Dee Dietitian" in after.text and "diet@clinic.example" in after.text
    assert "Stop sharing with Dee Dietitian" in after.text
    assert "Anyone with the code" not in after.text  # used: no longer pending


def test_a_bad_scope_is_named_beside_the_choice_and_nothing_is_made(
    world: Clinic, browser_as: Client
) -> None:
    ana = browser_as(world.ana_owner)
    wrong = ana.post("/sharing/invitations", data={"scope": "all", **_csrf(world)})
    assert wrong.status_code == 400 and 'id="scope-error"' in wrong.text
    assert "invitation-code" not in wrong.text
    assert ana.get("/api/sharing").json()["pending"] == []


def test_resend_gives_a_new_code_and_cancel_withdraws_it(world: Clinic, browser_as: Client) -> None:
    ana = browser_as(world.ana_owner)
    first = ana.post("/sharing/invitations", data={"scope": "diary", **_csrf(world)})
    old = CODE.search(first.text)
    assert old is not None
    invitation = ana.get("/api/sharing").json()["pending"][0]
    again = ana.post(f"/sharing/invitations/{invitation['id']}/resend", data=_csrf(world))
    new = CODE.search(again.text)
    assert again.status_code == 200 and new is not None and new.group(1) != old.group(1)
    assert "sent 2 times" in again.text

    withdrawn = ana.post(f"/sharing/invitations/{invitation['id']}/cancel", data=_csrf(world))
    assert withdrawn.status_code == 303
    shown = ana.get(withdrawn.headers["location"])
    assert "Invitation withdrawn" in shown.text and "Full diary, read-only ·" not in shown.text
    refused = browser_as().post(
        "/signup", data={"code": new.group(1), "email": "x@clinic.example", "password": PASSWORD}
    )
    assert refused.status_code == 400 and "cannot be used" in refused.text


def test_stop_sharing_refuses_the_clinicians_next_request(
    world: Clinic, browser_as: Client
) -> None:
    grant = share(world, world.ana, "summary")
    physio = browser_as(world.clinician)
    assert physio.post(f"/api/people/{world.ana}/open").status_code == 200
    assert physio.get("/api/week").status_code == 200

    ana = browser_as(world.ana_owner)
    stopped = ana.post(f"/sharing/grants/{grant}/revoke", data=_csrf(world))
    assert stopped.status_code == 303
    page = ana.get(stopped.headers["location"])
    assert "Sharing stopped" in page.text and "Stopped" in page.text
    assert "Stop sharing with" not in page.text
    assert physio.get("/api/week").status_code == 403
    assert physio.get("/history").status_code == 403


def test_only_the_owner_reaches_the_sharing_routes(world: Clinic, browser_as: Client) -> None:
    grant = share(world, world.ana, "diary")
    physio = browser_as(world.clinician)
    physio.post(f"/api/people/{world.ana}/open")
    assert physio.get("/today").status_code == 200  # the full diary was shared
    nav = physio.get("/today").text.split("</nav>")[0]
    assert 'href="/sharing"' not in nav and 'href="/data"' not in nav
    for path in ("/sharing", "/api/sharing", "/api/sharing/notes", "/data"):
        assert physio.get(path).status_code == 403, path
    assert physio.post("/api/sharing/invitations", json={"scope": "diary"}).status_code == 403
    assert physio.post(f"/api/sharing/grants/{grant}/revoke").status_code == 403
    bo = browser_as(world.bo_owner)  # Bo's session has Bo open: Ana's grant is not his
    assert bo.post(f"/api/sharing/grants/{grant}/revoke").status_code == 403
    assert "Ana" not in bo.get("/sharing").text
    assert browser_as().get("/sharing").headers["location"] == "/login"
    assert clinic.authorized_person(world.ctx, world.clinician.actor, world.ana, "diary")


def test_the_api_twins(world: Clinic, browser_as: Client) -> None:
    ana = browser_as(world.ana_owner)
    made = ana.post(
        "/api/sharing/invitations", json={"scope": "summary", "email": "Physio@Clinic.example"}
    )
    assert made.status_code == 201
    body = made.json()
    assert body["signup_url"].endswith(f"/signup?code={body['code']}")
    assert body["email"] == "physio@clinic.example" and body["expires_at"] == "2026-06-22T21:30:00"
    resent = ana.post(f"/api/sharing/invitations/{body['id']}/resend").json()
    assert resent["code"] != body["code"] and resent["sent_count"] == 2
    grant = clinic.accept_share(world.ctx, world.clinician.actor, code=resent["code"])
    shared = ana.get("/api/sharing").json()
    assert shared["person"] == "Ana" and shared["pending"] == []
    assert [g["clinician_email"] for g in shared["grants"]] == ["physio@clinic.example"]
    assert ana.post(f"/api/sharing/grants/{grant.id}/revoke").status_code == 200
    assert ana.get("/api/sharing").json()["grants"][0]["revoked_at"] is not None

    other = ana.post("/api/sharing/invitations", json={"scope": "diary"}).json()
    assert ana.delete(f"/api/sharing/invitations/{other['id']}").status_code == 200
    assert ana.delete(f"/api/sharing/invitations/{other['id']}").status_code == 403
    assert ana.post("/api/sharing/invitations", json={"scope": "x"}).status_code == 400


def test_the_local_mode_says_sharing_needs_the_clinic(client: TestClient, dana: Any) -> None:
    for path in ("/sharing", "/account"):
        page = client.get(path)
        assert page.status_code == 400 and "shared (clinic) mode" in page.text, path
    api = client.get("/api/sharing")
    assert api.status_code == 400 and "shared (clinic) mode" in api.json()["message"]
    nav = client.get("/today").text.split("</nav>")[0]
    assert 'href="/sharing"' not in nav and 'href="/account"' not in nav
    data = client.get("/data").text
    assert "Delete everything" in data and "Restore a backup" in data
    assert "Who looked" not in data


def test_the_account_page_lists_my_people_and_adds_one(world: Clinic, browser_as: Client) -> None:
    ana = browser_as(world.ana_owner)
    share(world, world.ana, "summary")
    page = ana.get("/account")
    assert page.status_code == 200
    for text in ("ana@example.org", "Keeps a diary", "Open Ana", "Shared with physio", "/welcome"):
        assert text in page.text, text
    assert "Enter a sharing code" not in page.text

    added = ana.post("/welcome", data={"name": "Kit", "age": "9", "sex": "male", **_csrf(world)})
    assert added.status_code == 303
    me = ana.get("/api/me").json()
    assert [p["name"] for p in me["people"]] == ["Ana", "Kit"]
    assert me["actor"]["person_id"] == next(p["id"] for p in me["people"] if p["name"] == "Kit")
    assert "Kit" in ana.get("/api/person").text
    account = ana.get("/account").text
    assert "Kit</strong> (open now)" in account
    back = ana.post(f"/people/{world.ana}/open", data=_csrf(world))
    assert back.status_code == 303 and ana.get("/api/person").json()["person"]["name"] == "Ana"


def test_changing_the_password_ends_the_other_sessions(world: Clinic, browser_as: Client) -> None:
    phone = accounts.log_in(world.ctx, email="ana@example.org", password=PASSWORD, address="x")
    ana = browser_as(world.ana_owner)
    wrong = ana.post(
        "/account/password",
        data={"current_password": "not it at all", "password": "a new long phrase", **_csrf(world)},
    )
    assert wrong.status_code == 400 and "current password is wrong" in wrong.text
    done = ana.post(
        "/account/password",
        data={"current_password": PASSWORD, "password": "a new long phrase", **_csrf(world)},
    )
    assert done.status_code == 303
    assert "1 other session ended" in ana.get(done.headers["location"]).text
    assert browser_as(phone).get("/api/person").status_code == 401
    assert ana.get("/api/person").status_code == 200  # this browser stays
    api = ana.post(
        "/api/account/password",
        json={"current_password": "a new long phrase", "password": "another long phrase"},
    )
    assert api.status_code == 200 and api.json()["message"] == "Password changed."


def test_a_clinician_enters_a_sharing_code_on_the_account_page(
    world: Clinic, browser_as: Client
) -> None:
    invitation = clinic.share_with_clinician(
        world.ctx, world.ana_owner.actor, person_id=world.ana, scope="diary"
    )
    physio = browser_as(world.clinician)
    page = physio.get("/account")
    assert "Enter a sharing code" in page.text and "The diaries you keep" not in page.text
    bad = physio.post(
        "/account/sharing-code", data={"code": "WRONG-CODE", "csrf": world.clinician.csrf}
    )
    assert bad.status_code == 400 and "cannot be used" in bad.text
    done = physio.post(
        "/account/sharing-code", data={"code": invitation.code, "csrf": world.clinician.csrf}
    )
    assert done.status_code == 303
    assert (
        "Ana shared their diary with you (full diary" in physio.get(done.headers["location"]).text
    )
    assert physio.post(f"/api/people/{world.ana}/open").status_code == 200
    # a person's account cannot accept a share
    other = clinic.share_with_clinician(
        world.ctx, world.ana_owner.actor, person_id=world.ana, scope="summary"
    )
    bo = browser_as(world.bo_owner)
    assert bo.post("/api/account/sharing-code", json={"code": other.code}).status_code == 403


def test_clinicians_notes_show_on_today_newest_first(world: Clinic, browser_as: Client) -> None:
    share(world, world.ana, "summary")
    ana = browser_as(world.ana_owner)
    assert "Notes from your clinicians" not in ana.get("/today").text
    clinic.add_note(world.ctx, world.clinician.actor, person_id=world.ana, text="Walk daily.")
    world.ctx.clock.advance(minutes=5)  # type: ignore[attr-defined]
    clinic.add_note(world.ctx, world.clinician.actor, person_id=world.ana, text="Try <yoga>.")
    today = ana.get("/today").text
    assert "Notes from your clinicians" in today
    assert today.index("Try &lt;yoga&gt;.") < today.index("Walk daily.")
    assert "physio, Monday 15 June 2026" in today
    notes = ana.get("/api/sharing/notes").json()["notes"]
    assert [n["text"] for n in notes] == ["Try <yoga>.", "Walk daily."]
    assert "Walk daily." not in browser_as(world.bo_owner).get("/today").text


def test_your_data_shows_the_access_log_and_acts_on_one_person(
    world: Clinic, browser_as: Client
) -> None:
    ana = browser_as(world.ana_owner)
    bo = browser_as(world.bo_owner)
    assert ana.post("/api/pain-entries", json={"score": 5, "note": "ana-only"}).status_code == 201
    assert bo.post("/api/pain-entries", json={"score": 2, "note": "bo-only"}).status_code == 201
    share(world, world.ana, "summary")
    physio = browser_as(world.clinician)
    physio.post(f"/api/people/{world.ana}/open")
    assert physio.get("/history").status_code == 200

    page = ana.get("/data")
    assert "Who looked at Ana" in page.text and "physio@clinic.example" in page.text
    assert "<td>History</td>" in page.text
    assert "Restore a backup" not in page.text and "Delete everything" not in page.text
    assert "Delete this person's diary" in page.text
    assert "Nobody else has looked" in bo.get("/data").text

    backup = ana.get("/data/export/backup")
    assert backup.status_code == 200
    data = json.loads(backup.content)
    assert data["person"] == "Ana" and "bo-only" not in backup.text and "ana-only" in backup.text

    refused = ana.post(
        "/data/restore", files={"file": ("b.json", backup.content)}, data=_csrf(world)
    )
    assert refused.status_code == 403 and "not offered in the shared" in refused.text
    assert ana.post("/api/restore", files={"file": ("b.json", backup.content)}).status_code == 403

    gone = ana.post("/data/delete", data={"confirm": "yes", **_csrf(world)})
    assert gone.status_code == 303 and gone.headers["location"].startswith("/account")
    assert "Ana&#39;s diary was deleted" in ana.get(gone.headers["location"]).text
    assert ana.get("/api/me").json()["people"] == []
    assert "bo-only" in bo.get("/api/entries").text  # Bo's diary is whole
    gone_for_physio = physio.get("/api/week")  # the session forgot her: choose a diary first
    assert gone_for_physio.status_code == 404 and "Ana" not in gone_for_physio.text
