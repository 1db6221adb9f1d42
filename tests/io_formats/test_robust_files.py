"""Files that are not what they seem, dates no diary can hold, and exports that keep their word."""

from __future__ import annotations

import csv
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

import pytest

from magcoach.app.diary import entry_views
from magcoach.errors import BadFile
from magcoach.io import cronometer
from magcoach.io.csvread import read_csv
from magcoach.io.importing import file_sha256, run_import
from magcoach.person import Person
from magcoach.products import ProductDose
from magcoach.settings import Settings
from magcoach.store import Store, open_store, service
from tests.conftest import NOW, CliRun

HEADER = "Day,Time,Group,Food Name,Amount,Magnesium (mg)\n"


def _import(store: Store, person_id: int, path: Path, skip_bad: bool = False) -> object:
    source, items = cronometer.read(path)
    with store.session() as s:
        return run_import(
            s, person_id, source=source, path=path, sha256=file_sha256(path),
            items=items, skip_bad=skip_bad, now=NOW,
        )  # fmt: skip


@pytest.mark.parametrize("day", ["2099-01-01", "9999-12-31", "1753-01-01", "0001-01-01"])
def test_imports_refuse_dates_no_diary_can_hold_naming_the_line(
    store: Store, person_id: int, tmp_path: Path, day: str
) -> None:
    path = tmp_path / "servings.csv"
    path.write_text(HEADER + f"2026-06-01,8:00 AM,Breakfast,Oats,40 g,50\n{day},,,Nuts,30 g,80\n")
    with pytest.raises(BadFile, match=f"line 3: the date {day}"):
        _import(store, person_id, path)
    with store.session() as s:
        assert service.diary_span(s, person_id) is None  # nothing half-imported


def test_scientific_and_non_finite_amounts_in_csv(
    store: Store, person_id: int, tmp_path: Path
) -> None:
    path = tmp_path / "servings.csv"
    path.write_text(HEADER + "2026-06-01,,,Almonds,1e3 g,\n2026-06-01,,,Nuts,nan g,\n")
    with pytest.raises(BadFile, match=r"line 3: amount 'nan g'"):
        _import(store, person_id, path)
    path.write_text(HEADER + "2026-06-01,,,Almonds,1e3 g,\n")
    _import(store, person_id, path)
    with store.session() as s:
        (row,) = service.food_entries(s, person_id, date(2026, 6, 1), date(2026, 6, 1))
    assert row.grams == pytest.approx(1000)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-8-sig"])
def test_utf16_and_bom_csv_are_read(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "diary.csv"
    path.write_bytes("date,time,text\n2026-06-01,08:00,1 cup oatmeal\n".encode(encoding))
    header, rows = read_csv(path)
    assert header == ["date", "time", "text"] and rows[0][1][2] == "1 cup oatmeal"


def test_binary_and_non_regular_files_are_refused_at_once(tmp_path: Path) -> None:
    binary = tmp_path / "photo.csv"
    binary.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(BadFile, match="binary file"):
        read_csv(binary)
    for special in ("/dev/urandom", "/dev/zero"):
        with pytest.raises(BadFile, match="not an ordinary file"):
            read_csv(Path(special))
        with pytest.raises(BadFile, match="not an ordinary file"):
            file_sha256(Path(special))
    with pytest.raises(BadFile, match="is a folder"):
        read_csv(tmp_path)


def test_import_apple_health_from_dev_urandom_stops_at_once() -> None:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "magcoach", "import", "apple-health", "/dev/urandom"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 5, done.stderr
    assert "not an ordinary file" in done.stderr and "Traceback" not in done.stderr
    assert time.perf_counter() - started < 30


def test_export_csv_holds_every_entry_of_the_diary(cli: CliRun, tmp_path: Path) -> None:
    store = open_store(Settings.load())
    try:
        with store.session() as s:
            pid = service.add_person(s, Person(name="Ana", age=44, sex="female"), now=NOW)
            service.add_food_entry(
                s, pid, eaten_at=datetime(2026, 6, 10, 8), text="oats",
                nutrients={"magnesium_mg": 60.0}, now=NOW,
            )  # fmt: skip
            service.add_supplement_product(
                s, pid, name="Mag", dose=ProductDose(100, "label", None, ""), form_id=None,
                salt_mg=None, label_elemental_mg=100, unit_name="capsule", now=NOW,
            )  # fmt: skip
            service.take_supplement(
                s, pid, "Mag", units=1, taken_at=datetime(2026, 6, 11, 13), now=NOW
            )
            service.add_pain(s, pid, at=datetime(2026, 6, 12, 20), pain=6, activity=4, now=NOW)
            service.add_pain(s, pid, at=datetime(2026, 6, 12, 8), pain=4, now=NOW)
            service.add_checkin(s, pid, at=datetime(2026, 6, 13, 21), scores={"cramps": 3}, now=NOW)
            service.add_event(s, pid, at=datetime(2026, 6, 9, 9), text="started physio", now=NOW)
            service.add_serum_result(s, pid, measured_on=date(2026, 6, 14), mmol_per_l=0.7, now=NOW)
            gone = service.add_pain(s, pid, at=datetime(2026, 6, 14, 9), pain=9, now=NOW)
            service.delete_entry(s, pid, f"P{gone.id}", now=NOW)
            diary = entry_views(s, pid, date(1900, 1, 1), date(2026, 6, 15))
    finally:
        store.close()
    out = tmp_path / "diary.csv"
    result = cli("export", "csv", str(out))
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as handle:
        exported = list(csv.DictReader(handle))
    serum = {"id": "L1", "kind": "serum result"}
    expected = {(v.id, v.kind) for v in diary} | {(serum["id"], serum["kind"])}
    assert {(r["id"], r["kind"]) for r in exported} == expected
    assert {r["kind"] for r in exported} == {
        "food", "supplement", "pain", "check-in", "event", "serum result",
    }  # fmt: skip
    pain = {r["id"]: r for r in exported if r["kind"] == "pain"}
    assert sorted(r["pain"] for r in pain.values()) == ["4.00", "6.00"]  # the deleted 9 is absent
    with (tmp_path / "diary-days.csv").open(encoding="utf-8") as handle:
        days = {r["date"]: r for r in csv.DictReader(handle)}
    assert set(days) == {f"2026-06-{d:02d}" for d in (9, 10, 11, 12, 13, 14)}
    assert days["2026-06-12"]["pain_mean"] == "5.00" and days["2026-06-12"]["pain_entries"] == "2"
    assert days["2026-06-13"]["cramps_mean"] == "3.00"
    assert days["2026-06-09"]["events"] == "started physio"
    assert days["2026-06-14"]["serum_mmol_per_l"] == "0.7"
    assert days["2026-06-10"]["food_mg"] == "60.00"
    assert not list(tmp_path.glob("*.part"))


def test_exports_never_write_over_a_device_or_a_folder(tmp_path: Path) -> None:
    from magcoach.io.files import check_output_file

    for target in (Path("/dev/null"), Path("/dev/full"), tmp_path):
        with pytest.raises(BadFile):
            check_output_file(target)
    with pytest.raises(BadFile, match="does not exist"):
        check_output_file(tmp_path / "missing" / "x.csv")
    check_output_file(tmp_path / "new.csv")  # a new file in an existing folder is fine
