"""A new person's journey in real Chromium, at desktop and phone width: add the person, log
three foods by typing and picking, a supplement, pain; the day's total on screen equals the
API's. And the same logging by keyboard alone."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from typing import Any

from playwright.sync_api import Dialog, Page, expect

from tests.web.webtools import Server, assert_accessible, shot


def api(server: Server, path: str) -> Any:
    with urllib.request.urlopen(server.url + path, timeout=30) as response:
        return json.loads(response.read())


def add_person(page: Page, server: Server) -> None:
    page.goto(server.url + "/")
    expect(page).to_have_url(server.url + "/welcome")
    assert_accessible(page)
    page.get_by_label("Name").fill("Robin")
    page.get_by_label("Age (years)").fill("130")  # out of range: refused beside the box
    page.get_by_label("Female").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator("#age-error")).to_be_visible()
    expect(page.get_by_label("Name")).to_have_value("Robin")  # what was typed stays
    shot(page, "welcome-error")
    page.get_by_label("Age (years)").fill("44")
    page.get_by_label("Medicines (separate with commas)").fill("omeprazole")
    page.get_by_role("button", name="Save and continue").click()
    expect(page).to_have_url(server.url + "/screen")


def screen_without_red_flags(page: Page) -> None:
    """Red flags first, on their own page; then symptoms; the result explains its score."""
    assert_accessible(page)
    for no in page.locator("#section-emergency input[value=no]").all():
        no.check()
    shot(page, "screen-red-flags")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("group", name="Symptoms")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Muscle spasms, cramps or twitches").check()
    page.get_by_role("button", name="See the result").click()
    expect(page.get_by_text("Chance that low magnesium plays a part")).to_be_visible()
    # Omeprazole (a PPI) scores one point in the Magnesium Depletion Score, with its reason.
    expect(page.get_by_role("heading", name="Magnesium Depletion Score: 1 of 5")).to_be_visible()
    expect(page.locator("table").first).to_contain_text("ppi")
    shot(page, "screen-result")


def log_food(page: Page, text: str, *, pick: int | None = None) -> None:
    box = page.get_by_label("What did you eat?")
    box.fill("")
    box.press_sequentially(text, delay=15)  # typed, so the preview follows the typing
    expect(page.locator("#food-understood")).to_contain_text("Understood")
    if pick is not None:
        page.locator("#food-alternatives label").nth(pick).click()
        expect(page.locator("#food-pick")).to_have_value(str(pick))
        shot(page, "today-preview")
    page.get_by_role("button", name="Log food").click()
    expect(page.get_by_role("status").first).to_contain_text("Logged")


def test_new_person_journey(page: Page, fresh_server: Server) -> None:
    server = fresh_server
    add_person(page, server)
    screen_without_red_flags(page)

    page.goto(server.url + "/today")
    assert_accessible(page)
    log_food(page, "1 cup cooked spinach")
    log_food(page, "30 g almonds")
    log_food(page, "1 cup black beans", pick=1)  # not the best match: the first alternative
    shot(page, "today-foods")
    entries = api(server, "/api/entries")["entries"]
    assert [e["kind"] for e in entries].count("food") == 3

    # A supplement product, then four capsules: above the upper limit, and it says so.
    page.get_by_text("Add a supplement product").click()
    page.get_by_label("Name", exact=True).fill("Mag glycinate")
    page.get_by_label("Form (optional)").fill("glycinate")
    page.get_by_label("Magnesium per unit").fill("100")
    page.get_by_role("button", name="Add product").click()
    page.get_by_label("How many").fill("4")
    page.get_by_role("button", name="Save dose").click()
    expect(page.locator(".warn-urgent").first).to_contain_text("upper limit")
    expect(page.locator(".warn-urgent").first).to_contain_text("Urgent")  # words, not colour

    # Pain 6 with a large tap target.
    page.locator("label[for=score-6]").click()
    page.get_by_label("Where").select_option("lower-back")
    page.get_by_role("button", name="Save pain").click()
    expect(page.get_by_role("status").first).to_contain_text("Pain 6/10")

    day = api(server, "/api/day")
    shown = page.locator("#day-total")
    assert float(shown.get_attribute("data-total-mg") or "nan") == day["total_mg"]
    expect(shown).to_have_text(f"{day['total_mg']:,.0f} mg")
    assert day["above_ul"] is True
    assert day["food_entries"] == 3
    assert_accessible(page)
    shot(page, "today")


def test_keyboard_only_logging(page: Page, fresh_server: Server) -> None:
    server = fresh_server
    server.cli("person", "add", "Kim", "--age", "50", "--sex", "male")
    page.goto(server.url + "/today")
    page.keyboard.press("Tab")  # the skip link comes first
    expect(page.locator(".skip")).to_be_focused()
    page.keyboard.press("Enter")  # to the page, past the navigation
    tab_to(page, "food-text")
    page.keyboard.type("2 slices whole wheat bread", delay=10)
    expect(page.locator("#food-understood")).to_contain_text("Understood")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("Logged")

    # The pain scale by keyboard: Tab into the group, arrows move the choice.
    tab_to(page, "score-0")
    page.keyboard.press("Space")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    expect(page.locator("#score-3")).to_be_checked()
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Save pain":
            break
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("Pain 3/10")
    assert api(server, "/api/day")["food_entries"] == 1
    shot(page, "today-keyboard")


def tab_to(page: Page, element_id: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == element_id:
            return
    raise AssertionError(f"Tab never reached #{element_id}")


def test_food_box_is_reached_by_tab_with_visible_focus(page: Page, fresh_server: Server) -> None:
    fresh_server.cli("person", "add", "Kim", "--age", "50", "--sex", "male")
    page.goto(fresh_server.url + "/today")
    tab_to(page, "food-text")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", ""), "focus is not visible"


def test_an_emergency_answer_takes_over(page: Page, fresh_server: Server) -> None:
    fresh_server.cli("person", "add", "Kim", "--age", "50", "--sex", "male")
    page.goto(fresh_server.url + "/screen")
    page.locator("#section-emergency input[value=yes]").first.click()  # ends the questions
    takeover = page.locator("#takeover")
    expect(takeover).to_be_visible()
    expect(takeover).to_contain_text("Emergency")  # the word and an icon, not colour alone
    expect(page.get_by_text("Symptoms", exact=True)).to_have_count(0)  # nothing else asked
    expect(page.get_by_text("Magnesium Depletion Score")).to_have_count(0)
    shot(page, "screen-emergency")
    saved = fresh_server.cli("entries", "--json")
    assert '"kind": "screening"' in saved.stdout  # the red flag is kept in the diary


def post(server: Server, path: str, body: dict[str, Any]) -> Any:
    request = urllib.request.Request(
        server.url + path,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def record_demo_journal(server: Server) -> None:
    """Dana's six weeks of pain, capsules and events (the demo's journal) through /api."""
    import csv

    from magcoach.demo.__main__ import HERE, SUPPLEMENT

    post(server, "/api/supplements", {"name": SUPPLEMENT, "form": "glycinate", "elemental_mg": 100})
    lines = (HERE / "journal.csv").read_text(encoding="utf-8").splitlines()
    for row in csv.DictReader(line for line in lines if not line.startswith("#")):
        day = row["date"]
        post(
            server,
            "/api/pain-entries",
            {
                "score": float(row["pain"]),
                "activity": float(row["activity"]),
                "sleep": float(row["sleep"]),
                "where": "lower-back",
                "at": f"{day} 20:00",
            },
        )
        if float(row["magnesium_capsules"]):
            dose = {"product": SUPPLEMENT, "units": float(row["magnesium_capsules"])}
            post(server, "/api/supplement-doses", {**dose, "at": f"{day} 13:00"})
        if row["event"]:
            post(server, "/api/events", {"text": row["event"], "kind": "treatment", "at": day})


def test_plan_did_it_help_and_report_on_an_imported_diary(page: Page, fresh_server: Server) -> None:
    from magcoach.demo.__main__ import HERE, SUPPLEMENT

    server = fresh_server
    server.cli(
        "person", "add", "Dana", "--age", "47", "--sex", "female", "--medicine", "omeprazole"
    )

    # Upload the diary another app exported (CSV), as a person would.
    page.goto(server.url + "/data")
    assert_accessible(page)
    page.get_by_label("What kind of file").select_option("csv")
    page.get_by_label("File", exact=True).set_input_files(str(HERE / "diary.csv"))
    page.get_by_role("button", name="Import").click()
    expect(page.locator("#import-status")).to_contain_text("Imported 294 of 294 rows")
    shot(page, "data-imported")
    record_demo_journal(server)

    page.goto(server.url + "/plan")
    assert_accessible(page)
    api_plan = api(server, "/api/plan")
    expect(page.locator("#decision-heading")).to_have_text(api_plan["decision_title"])
    shot(page, "plan")

    page.goto(server.url + "/did-it-help?supplement=" + urllib.parse.quote(SUPPLEMENT))
    assert_accessible(page)
    verdict = api(server, "/api/did-it-help?supplement=" + urllib.parse.quote(SUPPLEMENT))
    assert verdict["verdict"] != "not_enough_data"
    expect(page.locator("#verdict")).to_have_text(verdict["verdict_text"].capitalize())
    chart = page.locator("#trend-chart")
    expect(chart).to_be_visible()
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0"), "the chart did not load"
    shot(page, "did-it-help")

    page.goto(server.url + "/report")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF").click()
    pdf = download_info.value
    assert pdf.suggested_filename.endswith(".pdf")
    with open(pdf.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_typed_script_stays_text_in_the_browser(page: Page, fresh_server: Server) -> None:
    fresh_server.cli("person", "add", "Kim", "--age", "50", "--sex", "male")
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(fresh_server.url + "/today")
    page.get_by_text("Note a treatment or event").click()
    page.get_by_label("What happened").fill("<script>alert(1)</script>")
    page.get_by_role("button", name="Save event").click()
    expect(page.locator("#entries")).to_contain_text("<script>alert(1)</script>")
    assert dialogs == []
