"""Sharing in real Chromium against the real server in the shared mode on PostgreSQL, at
desktop and phone width: the owner logs in and invites a clinician ("summary and reports");
the clinician signs up with the link in a second browser and opens the patient; the owner
sees the grant and the access log, stops sharing, and the clinician's next request is
refused."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.clinic_world import PASSWORD, _pg_database, own_person
from tests.web.webtools import (
    DESKTOP,
    PHONE,
    TEST_SECRET,
    Server,
    assert_accessible,
    shot,
    start_shared_server,
    stop_server,
)


@dataclass
class Clinic:
    server: Server
    ana: int  # Ana's person id


@pytest.fixture
def clinic_server(food_db_path: Path, tmp_path: Path) -> Iterator[Clinic]:
    """A fresh PostgreSQL database brought up to date, Ana's account with her diary (a pain
    entry), and the server over it."""
    from magcoach.app import Context, accounts, diary
    from magcoach.settings import Settings

    for url in _pg_database():
        settings = replace(Settings.load(), database_url=url, shared=True, secret=TEST_SECRET)
        ctx = Context(settings)
        try:
            accounts.upgrade_database(ctx)
            accounts.create_user(
                ctx,
                email="ana@example.org",
                role="person",
                password=PASSWORD,
                display_name="Ana Owner",
            )
            login = accounts.log_in(ctx, email="ana@example.org", password=PASSWORD, address="t")
            ana = own_person(ctx, login.actor, "Ana")
            bound = ctx.for_person(ana, read_only=False)
            diary.log_pain(bound, diary.PainInput(score=5, at="today 9am"))
        finally:
            ctx.close()
        home = tmp_path / "clinic-home"
        home.mkdir()
        server = start_shared_server(home, food_db_path, url, home / "server.log")
        try:
            yield Clinic(server, ana)
        finally:
            stop_server(server)


def _second_browser(browser: Browser, width_name: str) -> tuple[BrowserContext, Page]:
    """The clinician's own browser (its own cookies), at the same size as the owner's."""
    size = DESKTOP if width_name == "desktop" else PHONE
    context = browser.new_context(viewport=size, is_mobile=width_name == "phone")
    page = context.new_page()
    page.width_name = width_name  # type: ignore[attr-defined]
    return context, page


def test_sharing_with_a_clinician_and_stopping(
    page: Page, browser: Browser, clinic_server: Clinic
) -> None:
    url = clinic_server.server.url
    # The owner logs in and invites a clinician to see the summary and reports.
    page.goto(url + "/")
    expect(page).to_have_url(url + "/login")
    page.get_by_label("Email").fill("ana@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(url + "/today")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sharing").click()
    expect(page.get_by_role("heading", name="Sharing Ana's diary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Summary and reports").check()
    page.get_by_role("button", name="Make an invitation").click()
    made = page.locator("#invitation-made")
    expect(made).to_contain_text("Monday 22 June 2026 at 21:30")
    code = page.locator("#invitation-code").inner_text().strip()
    link = page.locator("#invitation-link").get_attribute("href")
    assert link is not None and link.endswith(f"/signup?code={code}")
    assert_accessible(page)
    shot(page, "sharing-invitation")

    # The clinician signs up with the link in a browser of their own and opens the patient.
    width = getattr(page, "width_name", "desktop")
    context, doctor = _second_browser(browser, width)
    try:
        doctor.goto(link)
        expect(doctor.get_by_label("Invitation code")).to_have_value(code)
        doctor.get_by_label("Your name").fill("Dr Physio")
        doctor.get_by_label("Email").fill("physio@clinic.example")
        doctor.get_by_label("Password").fill(PASSWORD)
        doctor.get_by_role("button", name="Sign up").click()
        doctor.goto(url + "/account")
        expect(doctor.get_by_role("heading", name="Enter a sharing code")).to_be_visible()
        assert_accessible(doctor)
        shot(doctor, "clinician-account")
        csrf = doctor.locator('meta[name="csrf-token"]').get_attribute("content")
        assert csrf is not None
        opened = doctor.request.post(
            f"{url}/people/{clinic_server.ana}/open", form={"csrf": csrf}, max_redirects=0
        )
        assert opened.status == 303
        doctor.goto(url + "/history")
        expect(doctor.locator(".viewing")).to_contain_text("Ana")
        expect(doctor.locator(".viewing")).to_contain_text("summary and reports, read-only")
        nav = doctor.get_by_role("navigation", name="Main")
        expect(nav.get_by_role("link", name="Sharing")).to_have_count(0)
        shot(doctor, "clinician-history")

        # The owner sees the grant and the clinician's look in the access log.
        page.goto(url + "/data")
        access = page.locator("#access")
        expect(access).to_contain_text("Dr Physio")
        expect(access).to_contain_text("History")
        expect(page.get_by_role("button", name="Delete this person's diary")).to_be_visible()
        expect(page.get_by_text("Restore a backup")).to_have_count(0)
        assert_accessible(page)
        shot(page, "data-access-log")
        page.goto(url + "/sharing")
        expect(page.locator("#grants")).to_contain_text("Dr Physio")
        expect(page.locator("#grants")).to_contain_text("Summary and reports")
        page.get_by_role("button", name="Stop sharing with Dr Physio").click()
        expect(page.get_by_role("status").first).to_contain_text("Sharing stopped")
        expect(page.get_by_role("button", name="Stop sharing with Dr Physio")).to_have_count(0)
        assert_accessible(page)
        shot(page, "sharing-stopped")

        # The clinician's next request is refused, without a word of Ana's diary.
        response = doctor.goto(url + "/history")
        assert response is not None and response.status == 403
        expect(
            doctor.get_by_role("heading", name="This page is not shared with you")
        ).to_be_visible()
        assert "Pain" not in doctor.locator("main").inner_text()
        shot(doctor, "clinician-refused")
    finally:
        context.close()
