"""The clinician's and the admin's pages in shared mode, on SQLite and PostgreSQL: the
dashboard (red flags first, sortable, the way in to each patient's read-only pages and PDF),
read-only pages within the scope a person shared, notes, and the admin page."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from fastapi.testclient import TestClient

from magcoach.app import Context, clinic, diary
from magcoach.app.accounts import Actor
from tests.accounts.test_dashboard import food, pain, screening
from tests.clinic_world import PASSWORD, Clinic, own_person, share

if TYPE_CHECKING:
    from playwright.sync_api import Page

Client = Callable[..., TestClient]
TODAY = date(2026, 6, 15)


def fill_diaries(ctx: Context) -> None:
    """Bo logs food and pain daily; Ana's latest screening has an urgent red flag, and she
    started a supplement three days ago."""
    for back in range(10):
        food(ctx, "Bo", TODAY - timedelta(days=back), 420)
    for back in range(14, 28):
        pain(ctx, "Bo", TODAY - timedelta(days=back), 7)
    for back in range(14):
        pain(ctx, "Bo", TODAY - timedelta(days=back), 3)
    diary.log_pain(ctx, diary.PainInput(score=5, note="bo-private-note"), person="Bo")
    screening(ctx, "Ana", urgency="urgent", red_flags=["history_of_cancer"])
    food(ctx, "Ana", TODAY - timedelta(days=1), 150)
    diary.add_supplement(
        ctx, diary.SupplementProductInput(name="MagGly", elemental_mg=200), person="Ana"
    )
    started = TODAY - timedelta(days=3)
    diary.take_supplement(ctx, "MagGly", units=1, at=f"{started} 08:00", person="Ana")


@pytest.fixture
def practice(world: Clinic) -> Clinic:
    """The diaries of `fill_diaries`: Ana shared "summary and reports" with the physio, Bo his
    full diary; nobody shared with the GP."""
    fill_diaries(world.ctx)
    share(world, world.ana, "summary")
    share(world, world.bo, "diary")
    return world


def rows(html: str) -> list[str]:
    """The patients' names in the dashboard's order."""
    return re.findall(r'<span class="patient-name">([^<]+)</span>', html)


def test_the_dashboard_lists_patients_red_flags_first_and_sorts_by_each_column(
    practice: Clinic, browser_as: Client
) -> None:
    physio = browser_as(practice.clinician)
    page = physio.get("/clinic")
    assert page.status_code == 200, page.text
    assert rows(page.text) == ["Ana", "Bo"]  # Ana's red flag first, though B comes after A
    ana_row = page.text.split('<span class="patient-name">Ana</span>')[1].split("</tr>")[0]
    assert "Urgent: red flag" in ana_row and "You have had cancer" in ana_row  # icon + words
    assert 'class="icon"' in ana_row
    assert "summary and reports" in ana_row
    bo_row = page.text.split('<span class="patient-name">Bo</span>')[1].split("</tr>")[0]
    assert "Nothing flagged" in bo_row and "10 of 14" in bo_row and "420 mg a day" in bo_row
    assert "better" in bo_row  # pain 7 → 3
    # every column heading sorts, by a plain link (a keyboard reaches it like any other)
    for key in clinic.SORTS:
        assert f'href="/clinic?sort={key}"' in page.text
    assert rows(physio.get("/clinic?sort=days_logged").text) == ["Bo", "Ana"]
    assert rows(physio.get("/clinic?sort=pain").text) == ["Bo", "Ana"]
    by_name = physio.get("/clinic?sort=name")
    assert rows(by_name.text) == ["Ana", "Bo"] and 'aria-sort="ascending"' in by_name.text
    wrong = physio.get("/clinic?sort=age")
    assert wrong.status_code == 400 and "Sort by one of" in wrong.text
    api = physio.get("/api/clinic/patients", params={"sort": "days_logged"}).json()
    assert [p["name"] for p in api["patients"]] == ["Bo", "Ana"]
    assert api["patients"][0]["days_logged"] == 10
    # a personal page: never cached
    assert page.headers["cache-control"] == "no-store"


def test_a_clinician_without_a_share_sees_nobody_and_how_to_get_one(
    practice: Clinic, browser_as: Client
) -> None:
    gp = browser_as(practice.other_clinician)
    page = gp.get("/clinic")
    assert page.status_code == 200
    assert rows(page.text) == [] and "Ana" not in page.text and "Bo" not in page.text
    assert "Sharing" in page.text and "invite you" in page.text
    assert gp.get("/api/clinic/patients").json()["patients"] == []
    # an id in a URL opens nothing
    assert gp.post(f"/people/{practice.ana}/open").status_code == 403
    refused = gp.post(f"/clinic/patients/{practice.ana}/report")
    assert refused.status_code == 403 and "You have had cancer" not in refused.text


def test_only_clinicians_have_a_dashboard(practice: Clinic, browser_as: Client) -> None:
    ana = browser_as(practice.ana_owner)
    assert ana.get("/clinic").status_code == 403
    assert ana.get("/api/clinic/patients").status_code == 403
    assert browser_as().get("/clinic").headers["location"] == "/login"


def test_a_clinician_with_nobody_open_goes_to_the_dashboard_not_the_welcome_form(
    practice: Clinic, browser_as: Client
) -> None:
    physio = browser_as(practice.clinician)
    assert physio.get("/today").headers["location"] == "/clinic"
    assert browser_as(practice.admin).get("/history").headers["location"] == "/admin"


def test_summary_scope_reads_the_summaries_and_gets_a_kind_refusal_for_the_diary(
    practice: Clinic, browser_as: Client
) -> None:
    physio = browser_as(practice.clinician)
    opened = physio.post(f"/people/{practice.ana}/open")
    assert opened.status_code == 303 and opened.headers["location"] == "/history"
    for path in ("/history", "/did-it-help", "/plan", "/report", "/person", "/trial", "/notes"):
        page = physio.get(path)
        assert page.status_code == 200, (path, page.text[-600:])
        assert "read-only" in page.text, path
        assert "Ana" in page.text, path
        assert '<form method="post" action="/today' not in page.text
        assert 'href="/person/edit"' not in page.text and 'action="/trial"' not in page.text
    history = physio.get("/history").text
    assert 'href="/today?date=' not in history  # single days are the full diary
    today = physio.get("/today")
    assert today.status_code == 403
    assert "not shared with you" in today.text
    for link in ("/history", "/plan", "/did-it-help", "/report"):
        assert f'href="{link}"' in today.text
    assert physio.get("/api/entries").status_code == 403
    pdf = physio.get("/api/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_diary_scope_sees_today_without_any_form_and_cannot_change_anything(
    practice: Clinic, browser_as: Client
) -> None:
    physio = browser_as(practice.clinician)
    assert physio.post(f"/people/{practice.bo}/open").status_code == 303
    today = physio.get("/today")
    assert today.status_code == 200, today.text[-600:]
    assert "bo-private-note" in today.text and "read-only" in today.text
    assert '<form method="post"' not in today.text.split("<main")[1]  # no form that changes
    assert "Delete" not in today.text and "Log food" not in today.text
    assert 'href="/today?date=' in physio.get("/history").text
    before = physio.get("/api/entries").json()
    for path, data in (
        ("/today/pain", {"score": "1"}),
        ("/today/food", {"text": "1 banana"}),
        ("/trial/doses", {"taken": "yes"}),
        ("/person/edit", {"name": "Mallory"}),
        ("/screen", {}),
    ):
        data["csrf"] = practice.clinician.csrf or ""
        assert physio.post(path, data=data).status_code == 403, path
    assert physio.post("/api/pain-entries", json={"score": 1}).status_code == 403
    assert physio.get("/api/entries").json() == before


def test_a_clinician_leaves_a_note_the_owner_reads(practice: Clinic, browser_as: Client) -> None:
    physio = browser_as(practice.clinician)
    physio.post(f"/people/{practice.ana}/open")
    page = physio.get("/notes")
    assert 'action="/notes"' in page.text and 'name="text"' in page.text
    empty = physio.post("/notes", data={"text": "  ", "csrf": practice.clinician.csrf})
    assert empty.status_code == 400 and "Write the note first." in empty.text
    saved = physio.post(
        "/notes",
        data={"text": "Try the glycinate <b>at night</b>.", "csrf": practice.clinician.csrf},
    )
    assert saved.status_code == 303
    shown = physio.get(saved.headers["location"]).text
    assert "Note saved" in shown
    assert "Try the glycinate &lt;b&gt;at night&lt;/b&gt;." in shown  # text, never markup
    assert physio.post("/api/notes", json={"text": "Second note."}).status_code == 201
    assert [n["text"] for n in physio.get("/api/notes").json()["notes"]] == [
        "Second note.",  # newest first
        "Try the glycinate <b>at night</b>.",
    ]
    # the owner reads them (use case and page); the other clinician cannot write one
    mine = clinic.notes(practice.ctx, practice.ana_owner.actor, person_id=practice.ana)
    assert {n.text for n in mine.notes} == {"Try the glycinate <b>at night</b>.", "Second note."}
    owner_page = browser_as(practice.ana_owner).get("/notes")
    assert "Second note." in owner_page.text and 'action="/notes"' not in owner_page.text
    gp = browser_as(practice.other_clinician)  # nobody open, and Ana cannot be opened
    assert gp.post("/api/notes", json={"text": "hello"}).status_code == 404
    sent = gp.post("/notes", data={"text": "hi", "csrf": practice.other_clinician.csrf})
    assert sent.headers["location"] == "/clinic"
    assert gp.post(f"/people/{practice.ana}/open").status_code == 403
    assert (
        len(clinic.notes(practice.ctx, practice.ana_owner.actor, person_id=practice.ana).notes) == 2
    )


def test_the_pdf_report_button_opens_the_patient_and_downloads_the_pdf(
    practice: Clinic, browser_as: Client
) -> None:
    physio = browser_as(practice.clinician)
    answer = physio.post(f"/clinic/patients/{practice.bo}/report")
    assert answer.status_code == 303
    where = answer.headers["location"]
    assert where == "/api/report.pdf"  # no name or other personal data in the address
    pdf = physio.get(where)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-type"] == "application/pdf"


def test_the_admin_lists_disables_enables_and_invites(practice: Clinic, browser_as: Client) -> None:
    admin = browser_as(practice.admin)
    page = admin.get("/admin")
    assert page.status_code == 200
    for email in ("ana@example.org", "physio@clinic.example", "admin@clinic.example"):
        assert email in page.text
    csrf = practice.admin.csrf or ""
    done = admin.post(
        "/admin/accounts/disable",
        data={"email": "bo@example.org", "action": "disable", "csrf": csrf},
    )
    assert done.status_code == 303
    assert "bo@example.org is disabled" in admin.get(done.headers["location"]).text
    assert browser_as(practice.bo_owner).get("/api/person").status_code == 401  # session ended
    assert (
        admin.post(
            "/api/admin/accounts/disable", json={"email": "bo@example.org", "disabled": False}
        ).json()["disabled"]
        is False
    )
    own = admin.post(
        "/admin/accounts/disable",
        data={"email": "admin@clinic.example", "action": "disable", "csrf": csrf},
    )
    assert own.status_code == 400 and "cannot disable your own account" in own.text

    invited = admin.post("/admin/invite", data={"role": "clinician", "email": "", "csrf": csrf})
    assert invited.status_code == 200
    code = re.search(r'id="invitation-code">([^<]+)<', invited.text)
    assert code is not None and "7 days" in invited.text
    assert f"/signup?code={code.group(1)}" in invited.text
    signed_up = browser_as().post(
        "/signup",
        data={
            "email": "diet@clinic.example",
            "password": "a long enough passphrase",
            "code": code.group(1),
        },
    )
    assert signed_up.status_code == 303 and signed_up.headers["location"] == "/clinic"
    made = admin.post("/api/admin/invitations", json={"role": "person", "email": "cy@example.org"})
    assert made.status_code == 201 and made.json()["kind"] == "person" and made.json()["code"]
    refused = admin.post("/admin/invite", data={"role": "admin", "csrf": csrf})
    assert refused.status_code == 400 and "operator" in refused.text
    listed = admin.get("/api/admin/accounts").json()["accounts"]
    assert "diet@clinic.example" in {a["email"] for a in listed}


def test_only_admins_reach_the_admin_page(practice: Clinic, browser_as: Client) -> None:
    for login in (practice.ana_owner, practice.clinician):
        other = browser_as(login)
        assert other.get("/admin").status_code == 403
        assert other.get("/api/admin/accounts").status_code == 403
        assert other.post("/api/admin/invitations", json={"role": "clinician"}).status_code == 403
        refused = other.post(
            "/admin/accounts/disable",
            data={"email": "bo@example.org", "action": "disable", "csrf": login.csrf or ""},
        )
        assert refused.status_code == 403
    assert browser_as(practice.bo_owner).get("/api/person").status_code == 200


# ---------------------------------------------------------------- in Chromium, on PostgreSQL


def _arrange_clinic(ctx: Context) -> None:
    """Ana and Bo share with the physio (summary; full diary), through their own codes."""
    from magcoach.app import accounts

    logins = {
        email: accounts.log_in(ctx, email=email, password=PASSWORD, address="10.0.0.9")
        for email in ("ana@example.org", "bo@example.org", "physio@clinic.example")
    }
    physio = logins["physio@clinic.example"].actor
    people = {
        name: (logins[email].actor, own_person(ctx, logins[email].actor, name), scope)
        for email, name, scope in (
            ("ana@example.org", "Ana", "summary"),
            ("bo@example.org", "Bo", "diary"),
        )
    }
    fill_diaries(ctx)
    for owner, person, scope in people.values():
        invitation = clinic.share_with_clinician(ctx, owner, person_id=person, scope=scope)
        assert invitation.code
        clinic.accept_share(ctx, physio, code=invitation.code)


def test_a_clinicians_journey_in_the_browser(
    page: Page, food_db_path: Path, tmp_path: Path
) -> None:
    """Log in as a clinician, read the dashboard, sort it with the keyboard, open a patient's
    read-only History and Did it help?, download the PDF report, and leave a note."""
    from tests.web.clinic_server import start_clinic_server
    from tests.web.webtools import assert_accessible, shot

    users = [
        ("ana@example.org", "person", PASSWORD),
        ("bo@example.org", "person", PASSWORD),
        ("physio@clinic.example", "clinician", PASSWORD),
    ]
    with start_clinic_server(
        food_db_path, tmp_path / "server.log", users, _arrange_clinic
    ) as server:
        page.goto(f"{server.url}/login")
        page.get_by_label("Email").fill("physio@clinic.example")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{server.url}/clinic")
        names = page.locator(".patient-name")
        assert names.all_inner_texts() == ["Ana", "Bo"]
        first = page.locator("table.patients tbody tr").first
        assert "Urgent: red flag" in first.inner_text()
        assert_accessible(page)
        shot(page, "clinic-dashboard")

        by_days = page.get_by_role("link", name="Days logged")
        by_days.focus()
        page.keyboard.press("Enter")
        page.wait_for_url(f"{server.url}/clinic?sort=days_logged")
        assert names.all_inner_texts() == ["Bo", "Ana"]
        shot(page, "clinic-sorted")

        page.get_by_role("button", name="Open Ana").click()
        page.wait_for_url(f"{server.url}/history")
        assert "Ana" in page.locator(".viewing").inner_text()
        assert "read-only" in page.locator(".viewing").inner_text()
        assert page.locator("main form[method=post]").count() == 0
        assert_accessible(page)
        shot(page, "clinic-patient-history")

        page.locator("#patient-links").get_by_role("link", name="Did it help?").click()
        page.wait_for_url(f"{server.url}/did-it-help")
        assert page.locator("#verdict").is_visible()
        assert page.locator("main form[method=post]").count() == 0
        shot(page, "clinic-patient-did-it-help")

        page.goto(f"{server.url}/clinic")
        with page.expect_download() as caught:
            page.get_by_role("button", name="PDF report of Bo").click()
        pdf = Path(caught.value.path())
        assert pdf.read_bytes().startswith(b"%PDF")
        assert caught.value.suggested_filename.endswith(".pdf")

        page.get_by_role("button", name="Open Ana").click()
        page.wait_for_url(f"{server.url}/history")
        page.get_by_role("link", name="Notes for Ana").click()
        page.get_by_label("A note for Ana").fill("Take the glycinate with dinner.")
        page.get_by_role("button", name="Save the note").click()
        page.wait_for_url(re.compile(r".*/notes\?note=.*"))
        assert "Note saved" in page.locator("main").inner_text()
        assert "Take the glycinate with dinner." in page.locator("#notes").inner_text()
        assert_accessible(page)
        shot(page, "clinic-patient-notes")
        mine = clinic.notes(
            server.ctx, _actor(server.ctx, "ana@example.org"), person_id=_id(server.ctx, "Ana")
        )
        assert [n.text for n in mine.notes] == ["Take the glycinate with dinner."]


def _actor(ctx: Context, email: str) -> Actor:
    from magcoach.app import accounts

    return accounts.log_in(ctx, email=email, password=PASSWORD, address="10.0.0.9").actor


def _id(ctx: Context, name: str) -> int:
    from magcoach.store import service

    with ctx.unit() as s:
        person_id: int = service.get_person(s, name)[0]
    return person_id
