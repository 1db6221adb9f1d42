"""The diary from the command line, as a person uses it (real food database)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from magcoach.errors import ExitCode

CliRun = Callable[..., Result]


DEMO_DIARY = Path(__file__).resolve().parents[1] / "src" / "magcoach" / "demo" / "diary.csv"
DAY_KEYS = {
    "date",
    "food_mg",
    "supplement_mg",
    "total_mg",
    "rda_mg",
    "ear_mg",
    "supplemental_ul_mg",
    "contributors",
    "unknown_entries",
    "warnings",
}


def flat(text: str) -> str:
    """Output with Rich's line wrapping undone."""
    return " ".join(text.split())


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def as_json(result: Result) -> Any:
    return json.loads(ok(result).stdout)


@pytest.fixture
def ana(cli: CliRun) -> CliRun:
    ok(cli("person", "add", "Ana", "--age", "44", "--sex", "female"))
    return cli


def test_commands_without_a_person_say_how_to_add_one(cli: CliRun) -> None:
    result = cli("day")
    assert result.exit_code == ExitCode.NOT_FOUND
    assert "magcoach person add NAME --age N --sex female" in flat(result.output)
    assert "Traceback" not in result.output


def test_log_then_day_json_has_the_contract(ana: CliRun, food_db: object) -> None:
    logged = as_json(ana("log", "1 cup cooked spinach", "--at", "today 8am", "--json"))
    assert logged["text"] == "1 cup cooked spinach" and len(logged["entries"]) == 1
    logged = logged["entries"][0]
    assert logged["food"]["id"] == "sr:11458" and logged["grams"] == 180
    assert logged["alternatives"]
    almonds = as_json(ana("log", "1 oz almonds", "--at", "yesterday 19:00", "--json"))
    almonds_mg = almonds["entries"][0]["nutrients"]["magnesium_mg"]
    assert almonds_mg == pytest.approx(77, rel=0.05)  # 1 oz of almonds in USDA: 76-79 mg
    day = as_json(ana("day", "--json"))
    assert set(day) >= DAY_KEYS
    assert day["date"] == "2026-06-15"
    assert day["food_mg"] == pytest.approx(156.6, abs=0.1)
    assert (day["rda_mg"], day["ear_mg"], day["supplemental_ul_mg"]) == (320, 265, 350)
    assert day["contributors"][0]["food"].startswith("Spinach, cooked")
    assert as_json(ana("day", "yesterday", "--json"))["food_mg"] == pytest.approx(
        almonds_mg, abs=0.1
    )
    text = flat(ok(ana("day")).stdout)
    assert "RDA 320 mg" in text and "EAR 265 mg" in text and "┃" in text


def test_pick_an_alternative_and_fix_delete_undo(ana: CliRun, food_db: object) -> None:
    first = as_json(ana("log", "1 cup cooked spinach", "--json"))["entries"][0]
    alt = first["alternatives"][0]
    picked = as_json(ana("log", "1 cup cooked spinach", "--pick", "1", "--json"))["entries"][0]
    assert picked["food"]["id"] == alt["id"]
    fixed = as_json(ana("entry", "fix", first["id"], "--grams", "90", "--json"))
    assert fixed["magnesium_mg"] == pytest.approx(78.3, abs=0.1)
    ok(ana("entry", "delete", picked["id"], "--yes"))
    assert as_json(ana("day", "--json"))["food_mg"] == pytest.approx(78.3, abs=0.1)
    assert ok(ana("entry", "undo")).stdout.startswith(f"Brought back {picked['id']}")
    refused = ana("entry", "delete", first["id"], input="n\n")
    assert refused.exit_code == ExitCode.CANCELLED
    entries = as_json(ana("entries", "--json"))["entries"]
    assert len(entries) == 2


def test_supplements_above_the_ul_warn_in_day(ana: CliRun) -> None:
    added = as_json(
        ana("supp", "add", "Mag glycinate", "--form", "glycinate", "--salt-mg", "500", "--json")
    )
    assert round(added["elemental_mg_per_unit"]) == 70
    assert "500 mg" in added["explanation"]
    ok(ana("supp", "take", "Mag glycinate", "--units", "3", "--at", "today 8am"))
    day = as_json(ana("day", "--json"))
    assert day["warnings"] == []
    ok(ana("supp", "take", "Mag glycinate", "--units", "3", "--at", "today 8pm"))
    day = as_json(ana("day", "--json"))
    assert day["supplement_mg"] == pytest.approx(423, abs=1)
    assert len(day["warnings"]) == 1 and "350 mg" in day["warnings"][0]
    text = flat(ok(ana("day")).stdout)
    assert "Warning:" in text and "supplements and medicines only" in text
    assert "Mag glycinate" in ok(ana("supp", "list")).stdout


def test_unknown_magnesium_shows_under_coverage(ana: CliRun, tmp_path: Path) -> None:
    xml = tmp_path / "export.xml"
    xml.write_text(
        '<?xml version="1.0"?><HealthData>'
        '<Record type="HKQuantityTypeIdentifierDietaryEnergyConsumed" sourceName="MyFood" '
        'unit="kcal" startDate="2026-06-15 12:00:00 +0100" value="600"/>'
        '<Record type="HKQuantityTypeIdentifierDietaryMagnesium" sourceName="MyFood" '
        'unit="mg" startDate="2026-06-15 08:00:00 +0100" value="90"/></HealthData>',
        encoding="utf-8",
    )
    report = as_json(ana("import", "apple-health", str(xml), "--json"))
    assert report["imported"] == 2
    day = as_json(ana("day", "--json"))
    assert day["food_mg"] == 90 and len(day["unknown_entries"]) == 1
    text = flat(ok(ana("day")).stdout)
    assert "unknown (not counted as 0)" in text and "known for 1 of 2" in text


def test_pain_symptoms_and_week(ana: CliRun) -> None:
    ok(
        ana(
            "pain",
            "6",
            "--activity",
            "5",
            "--sleep",
            "4",
            "--where",
            "lower-back",
            "--note",
            "after gardening",
            "--at",
            "yesterday 20:00",
        )
    )
    ok(ana("symptoms", "--cramps", "3", "--sleep-quality", "6"))
    bad = ana("pain", "12")
    assert bad.exit_code == ExitCode.INVALID_INPUT and "between 0 and 10" in flat(bad.output)
    bad_at = ana("pain", "3", "--at", "next thursday")
    assert bad_at.exit_code == ExitCode.INVALID_INPUT and "yesterday 19:00" in flat(bad_at.output)
    week = as_json(ana("week", "--days", "7", "--json"))
    assert week["average_pain"] == 6


def test_cronometer_import_cli_is_idempotent(ana: CliRun, tmp_path: Path) -> None:
    path = tmp_path / "servings.csv"
    path.write_text(
        "Day,Time,Group,Food Name,Amount,Energy (kcal),Magnesium (mg),Category\n"
        '2026-06-10,8:00 AM,Breakfast,"Oatmeal, cooked",234.00 g,166,63.2,Cereal\n'
        "2026-06-10,,Dinner,Black Beans,1.00 cup,227,120.4,Legumes\n",
        encoding="utf-8",
    )
    first = as_json(ana("import", "cronometer", str(path), "--no-match", "--json"))
    again = as_json(ana("import", "cronometer", str(path), "--no-match", "--json"))
    assert (first["imported"], again["imported"], again["duplicates"]) == (2, 0, 2)
    day = as_json(ana("day", "2026-06-10", "--json"))
    assert day["food_mg"] == pytest.approx(183.6)


def test_backup_restore_gives_identical_days_and_exports(
    ana: CliRun, food_db: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    imported = as_json(ana("import", "csv", str(DEMO_DIARY), "--json"))
    assert imported["imported"] > 200 and imported["skipped"] == 0
    ok(ana("supp", "add", "Mag citrate", "--elemental-mg", "150", "--unit", "tablet"))
    ok(ana("supp", "take", "Mag citrate", "--at", "2026-06-01 08:00"))
    ok(ana("pain", "5", "--at", "2026-06-01 21:00"))
    ok(ana("serum", "0.74", "--on", "2026-05-20"))
    ok(ana("event", "started magnesium", "--at", "2026-05-25 09:00"))
    ok(ana("screen", "--red-flag", "fever", "--symptom", "muscle_cramps"))  # saved for Ana
    screened = as_json(ana("entries", "--json"))["entries"]
    before = as_json(ana("week", "--days", "60", "--end", "2026-06-14", "--json"))
    backup = tmp_path / "backup.json"
    ok(ana("export", "json", str(backup)))
    refused = ana("restore", str(backup))
    assert refused.exit_code == ExitCode.CONFLICT and "empty" in flat(refused.output)

    monkeypatch.setenv("MAGCOACH_HOME", str(tmp_path / "fresh"))
    ok(ana("restore", str(backup)))
    after = as_json(ana("week", "--days", "60", "--end", "2026-06-14", "--json"))
    assert after["days"] == before["days"]
    assert after["logged_days"] == 42
    assert as_json(ana("entries", "--json"))["entries"] == screened
    assert any(e["kind"] == "screening" and "fever" in e["summary"] for e in screened)

    bundle_path = tmp_path / "bundle.json"
    ok(ana("export", "fhir", str(bundle_path)))
    bundle = json.loads(bundle_path.read_text())
    codes = [
        e["resource"].get("code", {}).get("coding", [{}])[0].get("code") for e in bundle["entry"]
    ]
    assert codes.count("72514-3") == 1 and codes.count("19123-9") == 1
    assert codes.count("dietary-magnesium-day") == 42

    out = tmp_path / "diary.csv"
    ok(ana("export", "csv", str(out), "--from", "2026-06-01", "--to", "2026-06-07"))
    # header, foods, 1 supplement and the pain entry: export csv holds every kind of entry
    assert len(out.read_text().splitlines()) == 1 + 7 * 6 + 1 + 1
    assert len((tmp_path / "diary-days.csv").read_text().splitlines()) == 1 + 7


def test_profile_options_repeat_and_conditions_become_reference_ids(cli: CliRun) -> None:
    result = cli(
        "person", "add", "Ana", "--age", "45", "--sex", "female",
        "--medicine", "doxycycline", "--medicine", "Nexium",
        "--condition", "Crohn's", "--allergy", "nuts, fish", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    person = json.loads(result.stdout)["person"]
    assert person["medicines"] == ["doxycycline", "Nexium"]
    assert person["conditions"] == ["crohns"]
    assert person["allergies"] == ["nuts", "fish"]


def test_misspelt_medicine_or_condition_is_refused_with_a_suggestion(cli: CliRun) -> None:
    result = cli(
        "person", "add", "Ana", "--age", "45", "--sex", "female", "--medicine", "omeprazol"
    )
    assert result.exit_code == int(ExitCode.NOT_FOUND)
    assert "Did you mean: omeprazole?" in result.stderr
    result = cli("person", "add", "Ana", "--age", "45", "--sex", "female", "--condition", "chrons")
    assert result.exit_code == int(ExitCode.NOT_FOUND)
    assert "crohns" in result.stderr
    assert cli("person", "list").stdout.startswith("No person yet")
