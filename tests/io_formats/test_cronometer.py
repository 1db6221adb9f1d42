"""Cronometer imports: atomic, idempotent, --skip-bad, and never crashing on odd rows."""

from __future__ import annotations

import contextlib
import csv
import io
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from magcoach.errors import BadFile
from magcoach.io import cronometer
from magcoach.io.importing import ImportReport, file_sha256, run_import
from magcoach.store import Store, open_store, service
from magcoach.store.models import FoodEntryRow, ImportBatch
from tests.conftest import NOW

HEADER = [
    "Day",
    "Time",
    "Group",
    "Food Name",
    "Amount",
    "Energy (kcal)",
    "Protein (g)",
    "Magnesium (mg)",
    "Sodium (mg)",
    "Category",
]
ROWS = [
    [
        "2026-06-01",
        "8:00 AM",
        "Breakfast",
        "Oatmeal, cooked",
        "234.00 g",
        "166",
        "5.9",
        "63.2",
        "9",
        "Breakfast Cereals",
    ],
    [
        "2026-06-01",
        "",
        "Lunch",
        "Spinach, cooked",
        "180.00 g",
        "41",
        "5.3",
        "156.6",
        "126",
        "Vegetables",
    ],
    ["2026-06-01", "", "Snacks", "Almonds", "1.00 oz", "164", "6", "76.5", "0", "Nuts"],
    [
        "2026-06-02",
        "7:30 PM",
        "Dinner",
        "Mystery stew",
        "1.00 serving",
        "350",
        "20",
        "",
        "800",
        "Other",
    ],
]


def write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def do_import(store: Store, person_id: int, path: Path, skip_bad: bool = False) -> ImportReport:
    source, items = cronometer.read(path)
    with store.session() as s:
        return run_import(
            s,
            person_id,
            source=source,
            path=path,
            sha256=file_sha256(path),
            items=items,
            skip_bad=skip_bad,
            now=NOW,
        )


def food_count(store: Store) -> int:
    with store.session() as s:
        return s.scalar(select(func.count(FoodEntryRow.id))) or 0


def test_servings_import_keeps_cronometer_magnesium_and_unknowns(
    store: Store, person_id: int, tmp_path: Path
) -> None:
    report = do_import(store, person_id, write(tmp_path / "servings.csv", HEADER, ROWS))
    assert (report.imported, report.duplicates, report.skipped) == (4, 0, [])
    with store.session() as s:
        day1 = service.daily_intake(s, person_id, date(2026, 6, 1))
        day2 = service.daily_intake(s, person_id, date(2026, 6, 2))
        rows = service.food_entries(s, person_id, date(2026, 6, 1), date(2026, 6, 1))
    assert day1.food_mg == pytest.approx(63.2 + 156.6 + 76.5)
    assert {r.magnesium_source for r in rows} == {"cronometer (as reported)"}
    assert rows[0].eaten_at.hour == 8 and rows[1].eaten_at.hour == 12  # Lunch → 12:30
    assert rows[2].grams == pytest.approx(28.3495)
    assert day2.food_mg == 0 and [u.text for u in day2.unknown_entries] == [
        "1.00 serving Mystery stew"
    ]


def test_reimporting_the_same_file_adds_nothing(
    store: Store, person_id: int, tmp_path: Path
) -> None:
    path = write(tmp_path / "servings.csv", HEADER, [*ROWS, ROWS[0]])  # a real second helping
    first = do_import(store, person_id, path)
    second = do_import(store, person_id, path)
    assert first.imported == 5
    assert (second.imported, second.duplicates) == (0, 5)
    assert food_count(store) == 5
    with store.session() as s:
        assert s.scalar(select(func.count(ImportBatch.id))) == 1


def test_a_broken_row_imports_nothing_and_names_the_line(
    store: Store, person_id: int, tmp_path: Path
) -> None:
    bad = [
        *ROWS[:2],
        ["2026-06-01", "", "Lunch", "Bread", "2 slices", "", "", "lots", "", ""],
        *ROWS[2:],
    ]
    path = write(tmp_path / "servings.csv", HEADER, bad)
    with pytest.raises(BadFile) as caught:
        do_import(store, person_id, path)
    assert "line 4" in caught.value.message and "Magnesium (mg) 'lots'" in caught.value.message
    assert "skip bad rows" in (caught.value.hint or "") and caught.value.field == "skip_bad"
    assert food_count(store) == 0


def test_skip_bad_imports_the_rest_and_lists_skipped(
    store: Store, person_id: int, tmp_path: Path
) -> None:
    bad = [ROWS[0], ["2026-13-01", "", "", "Bread", "1 g", "", "", "1", "", ""], ROWS[1]]
    report = do_import(store, person_id, write(tmp_path / "s.csv", HEADER, bad), skip_bad=True)
    assert report.imported == 2
    assert [(e.line, e.reason) for e in report.skipped] == [
        (3, "date '2026-13-01' is not YYYY-MM-DD")
    ]
    assert report.to_json()["skipped"] == 1


def test_daily_summary_is_kept_as_reported(store: Store, person_id: int, tmp_path: Path) -> None:
    path = write(
        tmp_path / "dailysummary.csv",
        ["Date", "Energy (kcal)", "Magnesium (mg)", "Completed"],
        [["2026-06-03", "1900", "241.5", "true"], ["2026-06-04", "1500", "", "false"]],
    )
    report = do_import(store, person_id, path)
    assert report.source == cronometer.DAILY and report.imported == 2
    with store.session() as s:
        d3 = service.daily_intake(s, person_id, date(2026, 6, 3))
        d4 = service.daily_intake(s, person_id, date(2026, 6, 4))
    assert d3.food_mg == 241.5
    assert "not complete" in d4.unknown_entries[0].text


def test_a_file_that_is_not_cronometer_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv", ["a", "b"], [["1", "2"]])
    with pytest.raises(BadFile, match="Cronometer"):
        cronometer.read(path)


CELL = st.one_of(
    st.text(alphabet="0123456789.-: ,gAPMtsp\"'\n\tabcé\x00", max_size=12),
    st.sampled_from(["", "1e999", "nan", "-1", "2026-06-01", "9:00 AM", "150.00 g", "inf"]),
    st.text(max_size=8),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(st.lists(CELL, min_size=0, max_size=len(HEADER) + 2), max_size=8),
    skip_bad=st.booleans(),
)
def test_arbitrary_rows_never_crash_or_half_import(rows: list[list[str]], skip_bad: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(url=f"sqlite:///{tmp}/d.sqlite")
        with store.session() as s:
            from magcoach.person import Person

            pid = service.add_person(s, Person(name="H", age=40, sex="male"), now=NOW)
        path = write(Path(tmp) / "servings.csv", HEADER, [*ROWS[:1], *rows])
        try:
            report = do_import(store, pid, path, skip_bad=skip_bad)
        except BadFile:
            assert not skip_bad
            assert food_count(store) == 0  # nothing half-written
        else:
            assert food_count(store) == report.imported
            assert report.imported + report.duplicates + len(report.skipped) == report.rows
            if not skip_bad:
                assert report.skipped == []
        store.close()


@settings(max_examples=40, deadline=None)
@given(content=st.binary(max_size=300))
def test_arbitrary_bytes_are_refused_cleanly(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.csv"
        path.write_bytes(content)
        with contextlib.suppress(BadFile):
            list(cronometer.read(path)[1])


def test_csv_text_helper_roundtrip() -> None:
    # the header is found by name whatever the order and case of columns
    buffer = io.StringIO()
    csv.writer(buffer).writerow(["magnesium (MG)", "food name", "day"])
    assert cronometer.detect(["magnesium (MG)", "food name", "day"]) == cronometer.SERVINGS
