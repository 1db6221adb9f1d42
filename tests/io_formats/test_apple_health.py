"""Apple Health: streamed import, severity mapping, duplicates, and hostile XML refused."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from magcoach.errors import BadFile
from magcoach.io import apple_health
from magcoach.io.importing import ImportReport, file_sha256, run_import
from magcoach.store import Store, service
from magcoach.store.models import FoodEntryRow, PainEntryRow
from tests.conftest import NOW

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout)*)>
<!ATTLIST HealthData locale CDATA #REQUIRED>
]>
<HealthData locale="en_GB">
 <ExportDate value="2026-06-15 09:00:00 +0100"/>
 <Me HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale"/>
"""


def record(kind: str, start: str, value: str, unit: str | None = "mg", app: str = "MyFood") -> str:
    unit_attr = f' unit="{unit}"' if unit else ""
    return (
        f' <Record type="{kind}" sourceName="{app}" sourceVersion="1"{unit_attr} '
        f'creationDate="{start}" startDate="{start}" endDate="{start}" value="{value}"/>\n'
    )


def export(records: list[str], *, filler: int = 0) -> str:
    steps = record(
        "HKQuantityTypeIdentifierStepCount", "2026-06-01 10:00:00 +0100", "812", "count", "iPhone"
    )
    return HEAD + steps * filler + "".join(records) + "</HealthData>\n"


MG = apple_health.MAGNESIUM
KCAL = apple_health.ENERGY
PAIN = apple_health.BACK_PAIN
SAMPLE = [
    record(MG, "2026-06-01 08:00:00 +0100", "120.5"),
    record(KCAL, "2026-06-01 08:00:00 +0100", "450", "kcal"),
    record(MG, "2026-06-01 19:00:00 +0100", "0.1", "g"),
    record(KCAL, "2026-06-02 12:00:00 +0100", "700", "kcal"),  # energy only: Mg unknown
    record(PAIN, "2026-06-01 21:00:00 +0100", "HKCategoryValueSeverityModerate", None, "Health"),
    record(PAIN, "2026-06-02 21:00:00 +0100", "HKCategoryValueSeverityMild", None, "Health"),
    record(PAIN, "2026-06-03 21:00:00 +0100", "HKCategoryValueSeverityUnspecified", None, "H"),
]


def do_import(store: Store, pid: int, path: Path, skip_bad: bool = False) -> ImportReport:
    with store.session() as s:
        return run_import(
            s,
            pid,
            source=apple_health.SOURCE,
            path=path,
            sha256=file_sha256(path),
            items=apple_health.read(path),
            skip_bad=skip_bad,
            now=NOW,
        )


def counts(store: Store) -> tuple[int, int]:
    with store.session() as s:
        return (
            s.scalar(select(func.count(FoodEntryRow.id))) or 0,
            s.scalar(select(func.count(PainEntryRow.id))) or 0,
        )


def test_streamed_import_merges_meals_maps_pain_and_is_idempotent(
    store: Store, person_id: int, tmp_path: Path
) -> None:
    path = tmp_path / "export.xml"
    path.write_text(export(SAMPLE, filler=3000), encoding="utf-8")  # ~0.6 MB of other records
    seen: list[int] = []
    stats = apple_health.AppleHealthStats()
    list(apple_health.read(path, lambda done, total: seen.append(done), stats))
    assert stats.records_seen == 3000 + len(SAMPLE)
    assert seen and seen[-1] == path.stat().st_size  # progress reached the end
    assert stats.unspecified_pain == 1

    report = do_import(store, person_id, path)
    assert report.imported == 3 + 2  # 3 meals, 2 pain entries
    with store.session() as s:
        d1 = service.daily_intake(s, person_id, date(2026, 6, 1))
        d2 = service.daily_intake(s, person_id, date(2026, 6, 2))
        pain = service.pain_series(s, person_id, date(2026, 6, 1), date(2026, 6, 3))
    assert d1.food_mg == pytest.approx(220.5)  # 120.5 mg + 0.1 g
    assert d1.energy_kcal == 450
    assert d2.food_mg == 0 and len(d2.unknown_entries) == 1  # energy-only: listed, not 0
    assert [(p.pain, p.location) for p in pain] == [(5.0, "lower-back"), (2.0, "lower-back")]
    again = do_import(store, person_id, path)
    assert (again.imported, again.duplicates) == (0, 5)
    assert counts(store) == (3, 2)


def test_zip_export_is_read(store: Store, person_id: int, tmp_path: Path) -> None:
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("apple_health_export/export.xml", export(SAMPLE))
        archive.writestr("apple_health_export/export_cda.xml", "<x/>")
    assert do_import(store, person_id, path).imported == 5


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE HealthData [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<HealthData><Record type="HKQuantityTypeIdentifierDietaryMagnesium" value="&lol9;"/></HealthData>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE HealthData [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
<HealthData><Record type="HKQuantityTypeIdentifierDietaryMagnesium" sourceName="&secret;"
 startDate="2026-06-01 08:00:00 +0100" unit="mg" value="1"/></HealthData>
"""


@pytest.mark.parametrize("content", [BILLION_LAUGHS, EXTERNAL], ids=["bomb", "external"])
def test_hostile_xml_is_refused_and_nothing_saved(
    store: Store, person_id: int, tmp_path: Path, content: str
) -> None:
    path = tmp_path / "export.xml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BadFile, match="refused: it declares XML entities"):
        do_import(store, person_id, path)
    assert counts(store) == (0, 0)


def test_cut_off_file_imports_nothing(store: Store, person_id: int, tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    path.write_text(export(SAMPLE)[:-40], encoding="utf-8")
    with pytest.raises(BadFile, match="not valid XML"):
        do_import(store, person_id, path)
    assert counts(store) == (0, 0)


def test_bad_record_names_it_and_skip_bad_keeps_the_rest(
    store: Store, person_id: int, tmp_path: Path
) -> None:
    path = tmp_path / "export.xml"
    bad = record(MG, "2026-06-04 08:00:00 +0100", "12", "mmol")
    path.write_text(export([*SAMPLE, bad]), encoding="utf-8")
    with pytest.raises(BadFile, match="record 8: DietaryMagnesium: magnesium unit 'mmol'"):
        do_import(store, person_id, path)
    assert counts(store) == (0, 0)
    report = do_import(store, person_id, path, skip_bad=True)
    assert report.imported == 5 and len(report.skipped) == 1


VALUES = st.one_of(
    st.sampled_from(["12", "0.5", "-3", "nan", "inf", "", "1e400", "abc"]),
    st.sampled_from([*apple_health.SEVERITY_TO_NRS, "HKCategoryValueSeverityUnspecified"]),
)
DATES = st.sampled_from(
    ["2026-06-01 08:00:00 +0100", "2026-06-01T08:00:00+0100", "yesterday", "", "2026-02-30 1:00:00"]
)


@settings(max_examples=50, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from([MG, KCAL, PAIN, "HKOther"]),
            DATES,
            VALUES,
            st.sampled_from(["mg", "g", "kcal", "kJ", "IU", None]),
        ),
        max_size=10,
    ),
    skip_bad=st.booleans(),
)
def test_arbitrary_records_never_crash_or_half_import(
    rows: list[tuple[str, str, str, str | None]], skip_bad: bool
) -> None:
    import tempfile

    from magcoach.person import Person
    from magcoach.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(url=f"sqlite:///{tmp}/d.sqlite")
        with store.session() as s:
            pid = service.add_person(s, Person(name="H", age=40, sex="male"), now=NOW)
        path = Path(tmp) / "export.xml"
        path.write_text(export([record(*r) for r in rows]), encoding="utf-8")
        try:
            report = do_import(store, pid, path, skip_bad=skip_bad)
        except BadFile:
            assert not skip_bad
            assert counts(store) == (0, 0)
        else:
            assert sum(counts(store)) == report.imported
        store.close()
