"""trends, did-it-help and report on a real diary store."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path

import numpy as np
import pytest
from typer.testing import Result

from magcoach.person import Person

from .conftest import pdf_pages_text

CliRun = Callable[..., Result]


TODAY = date(2026, 6, 15)  # MAGCOACH_TODAY in tests
CHANGE = TODAY - timedelta(days=35)
FIRST = TODAY - timedelta(days=62)


@pytest.fixture
def diary() -> None:
    """62 days: pain ~7 before Magnesium glycinate, ~4 after; food ~230 mg/day."""
    from magcoach.products import ProductDose
    from magcoach.settings import Settings
    from magcoach.store import open_store, service

    store = open_store(Settings.load())
    now = datetime.combine(TODAY, time(9))
    rng = np.random.default_rng(3)
    noise = 0.0
    with store.session() as s:
        pid = service.add_person(s, Person(name="Sam", age=44, sex="female"), now=now)
        dose = ProductDose(100.0, "label", None, "label says 100 mg")
        service.add_supplement_product(
            s, pid, name="Magnesium glycinate", dose=dose, form_id="glycinate", salt_mg=None,
            label_elemental_mg=100.0, unit_name="capsule", now=now,
        )  # fmt: skip
        day = FIRST
        while day <= TODAY:
            noise = 0.6 * noise + rng.normal(0, 0.8)
            level = 7.0 if day < CHANGE else (5.5 if day < CHANGE + timedelta(days=7) else 4.0)
            at = datetime.combine(day, time(20))
            pain = float(np.clip(round(level + noise), 0, 10))
            service.add_pain(s, pid, at=at, pain=pain, now=now)
            service.add_food_entry(
                s, pid, eaten_at=datetime.combine(day, time(12)), text="1 cup cooked spinach",
                nutrients={"magnesium_mg": 157.0, "energy_kcal": 41.0}, now=now,
                food_description="Spinach, cooked, boiled",
            )  # fmt: skip
            service.add_food_entry(
                s, pid, eaten_at=datetime.combine(day, time(8)), text="28 g almonds",
                nutrients={"magnesium_mg": 76.0, "energy_kcal": 164.0}, now=now,
                food_description="Almonds",
            )  # fmt: skip
            if day >= CHANGE:
                for hour in (8, 20):
                    service.take_supplement(
                        s, pid, "Magnesium glycinate", units=1,
                        taken_at=datetime.combine(day, time(hour)), now=now,
                    )  # fmt: skip
            day += timedelta(days=1)
        service.add_event(
            s, pid, at=datetime.combine(CHANGE + timedelta(days=20), time(10)),
            text="started physiotherapy", now=now, kind="treatment",
        )  # fmt: skip
    store.close()


def test_did_it_help_from_the_supplement_start(cli: CliRun, diary: None) -> None:
    result = cli("did-it-help", "--supplement", "magnesium glycinate", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["change_date"] == CHANGE.isoformat()
    assert data["verdict"] == "improved"
    assert data["verdict_text"] == "improved by a meaningful amount"
    assert data["ci_high"] < 0
    assert any("physiotherapy" in c for c in data["caveats"])
    assert data["association"]["caveat"].startswith("An association is not a cause")
    text = cli("did-it-help")
    assert text.exit_code == 0, text.output
    assert "Verdict: improved by a meaningful amount" in text.stdout


def test_did_it_help_with_a_change_date_and_bad_input(cli: CliRun, diary: None) -> None:
    # change 5 days ago: 1 wash-in day still to come, then 14 days after
    soon = cli("did-it-help", "--change", (TODAY - timedelta(days=5)).isoformat(), "--json")
    assert soon.exit_code == 0, soon.output
    assert json.loads(soon.stdout)["verdict_text"] == "not enough data yet (15 more days needed)"
    both = cli("did-it-help", "--change", "2026-05-01", "--supplement", "x")
    assert both.exit_code == 3 and "not both" in both.stderr
    bad = cli("did-it-help", "--change", "someday")
    assert bad.exit_code == 3 and "Cannot read 'someday'" in bad.stderr
    assert "--change" in bad.stderr  # the CLI names its option for the field
    assert cli("did-it-help", "--change", "May 1st").exit_code == 0  # the one date parser
    words = cli("did-it-help", "--change", "2 weeks ago", "--json")  # as every date option
    assert words.exit_code == 0, words.output
    assert json.loads(words.stdout)["change_date"] == (TODAY - timedelta(weeks=2)).isoformat()
    unknown = cli("did-it-help", "--supplement", "fish oil")
    assert unknown.exit_code == 4 and "Magnesium glycinate" in unknown.stderr
    assert "Traceback" not in unknown.output


def test_did_it_help_without_a_person_says_how_to_add_one(cli: CliRun) -> None:
    result = cli("did-it-help")
    assert result.exit_code == 4
    assert "person add" in result.stderr


def test_trends_draws_a_png(cli: CliRun, diary: None, tmp_path: Path) -> None:
    png = tmp_path / "trends.png"
    result = cli("trends", "--days", "60", "--png", str(png))
    assert result.exit_code == 0, result.output
    assert png.read_bytes()[:4] == b"\x89PNG"
    assert "Supplement taken on 36 of 36 days" in result.stdout
    assert "started physiotherapy" in result.stdout
    data = json.loads(cli("trends", "--days", "14", "--json").stdout)
    assert len(data["trends"]["days"]) == 14
    assert data["trends"]["requirement_mg"] == pytest.approx(320)
    assert cli("trends", "--png", str(tmp_path / "t.gif")).exit_code == 3


def test_report_writes_html_and_pdf(cli: CliRun, diary: None, tmp_path: Path) -> None:
    html, pdf = tmp_path / "r.html", tmp_path / "r.pdf"
    result = cli("report", "--html", str(html), "--pdf", str(pdf))
    assert result.exit_code == 0, result.output
    assert "Did it help? improved by a meaningful amount" in result.stdout
    page = html.read_text(encoding="utf-8")
    assert "Sam" in page and "Spinach, cooked, boiled" in page
    assert "usually around 08:00 and 20:00" in page
    text = "\n".join(pdf_pages_text(pdf))
    flat = " ".join(text.split())
    assert "Requirement: 320 mg/day" in flat
    assert "[ostelo2008]" in flat


def test_report_defaults_to_the_data_folder(cli: CliRun, diary: None, isolated_home: Path) -> None:
    result = cli("report", "--from", (TODAY - timedelta(days=30)).isoformat(), "--json")
    assert result.exit_code == 0, result.output
    files = json.loads(result.stdout)["files"]
    assert Path(files["pdf"]).parent == isolated_home / "reports"
    assert Path(files["html"]).exists() and Path(files["pdf"]).exists()
    bad = cli("report", "--from", "2026-06-10", "--to", "2026-06-01")
    assert bad.exit_code == 3


def test_report_screening_red_flags(cli: CliRun, diary: None, tmp_path: Path) -> None:
    html = tmp_path / "r.html"
    plain = cli("report", "--html", str(html))
    assert plain.exit_code == 0, plain.output
    page = html.read_text(encoding="utf-8")
    assert "red-flag questions were not answered" in page
    assert "back passage" in page  # the emergency signs to watch for are listed
    answers = tmp_path / "answers.toml"
    answers.write_text(
        'name = "Sam"\nage = 44\nsex = "female"\nred_flags = ["saddle_numbness"]\n',
        encoding="utf-8",
    )
    flagged = cli("report", "--html", str(html), "--answers", str(answers))
    assert flagged.exit_code == 0, flagged.output
    page = html.read_text(encoding="utf-8")
    assert "Red flags reported." in page
    assert "emergency department" in page


def test_report_uses_the_stored_screening_and_the_plan(
    cli: CliRun, diary: None, food_db: object, tmp_path: Path
) -> None:
    saved = cli("screen", "--person", "Sam", "--red-flag", "new_bladder_dysfunction")
    assert saved.exit_code == 0, saved.output
    html = tmp_path / "r.html"
    result = cli("report", "--html", str(html))
    assert result.exit_code == 0, result.output
    page = " ".join(html.read_text(encoding="utf-8").split())
    assert "Red flags reported." in page and "emergency department" in page
    assert "red-flag questions were not answered" not in page
    assert "<h2>Suggested plan</h2>" in page and "See a doctor now." in page


def test_report_shows_the_suggested_supplement_dose_and_timing(
    cli: CliRun, food_db: object, tmp_path: Path
) -> None:
    added = cli("person", "add", "Kim", "--age", "45", "--sex", "female", "--condition", "crohns")
    assert added.exit_code == 0, added.output
    for day in range(1, 8):
        when = f"2026-06-{day + 7:02d} 12:00"
        assert cli("log", "1 cup cooked spinach", "--at", when).exit_code == 0
    assert cli("screen", "--person", "Kim", "--symptom", "muscle_cramps").exit_code == 0
    html = tmp_path / "r.html"
    assert cli("report", "--html", str(html)).exit_code == 0
    page = " ".join(html.read_text(encoding="utf-8").split())
    assert "Suggested supplement:" in page and "mg of elemental magnesium a day" in page
    assert "Suggested daily timing:" in page and "Crohn" in page
    assert "No back-pain red flags were reported at screening." in page


def test_report_without_a_food_database_says_why_there_is_no_plan(
    cli: CliRun, diary: None, tmp_path: Path
) -> None:
    html = tmp_path / "r.html"
    result = cli("report", "--html", str(html))
    assert result.exit_code == 0, result.output
    page = " ".join(html.read_text(encoding="utf-8").split())
    assert "No suggested plan in this report: the food database is not built yet." in page
    assert "Build the food database once" in page


def test_report_red_flag_plan_needs_no_diary_or_food_database(cli: CliRun, tmp_path: Path) -> None:
    assert cli("person", "add", "Lee", "--age", "50", "--sex", "male").exit_code == 0
    assert cli("screen", "--red-flag", "new_bowel_incontinence").exit_code == 0
    html = tmp_path / "r.html"
    result = cli("report", "--html", str(html))  # empty diary, no food database
    assert result.exit_code == 0, result.output
    page = " ".join(html.read_text(encoding="utf-8").split())
    assert "See a doctor now." in page and "Red flags reported." in page
