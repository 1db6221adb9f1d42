"""The store under bad dates, absurd numbers, damaged backups, long text and a busy database,
on SQLite and PostgreSQL alike."""

from __future__ import annotations

import copy
import threading
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from magcoach.errors import BadFile, Busy, InvalidInput, SetupError
from magcoach.io.backup import backup, restore
from magcoach.person import Person
from magcoach.products import ProductDose
from magcoach.store import Store, open_store, service
from tests.conftest import NOW


def _diary(store: Store, person_id: int) -> None:
    """A small diary with one entry of every kind."""
    with store.session() as s:
        service.add_food_entry(
            s, person_id, eaten_at=datetime(2026, 6, 14, 8), text="oats",
            nutrients={"magnesium_mg": 60.0}, now=NOW,
        )  # fmt: skip
        dose = ProductDose(100, "label", None, "100 mg from the label")
        service.add_supplement_product(
            s, person_id, name="Mag", dose=dose, form_id=None, salt_mg=None,
            label_elemental_mg=100, unit_name="capsule", now=NOW,
        )  # fmt: skip
        service.take_supplement(
            s, person_id, "Mag", units=2, taken_at=datetime(2026, 6, 14, 13), now=NOW
        )
        service.add_pain(
            s, person_id, at=datetime(2026, 6, 14, 20), pain=4, note="after the walk", now=NOW
        )
        service.add_checkin(
            s, person_id, at=datetime(2026, 6, 14, 21), scores={"cramps": 3}, now=NOW
        )
        service.add_event(s, person_id, at=datetime(2026, 6, 13, 9), text="started physio", now=NOW)
        service.add_serum_result(
            s, person_id, measured_on=date(2026, 6, 10), mmol_per_l=0.72, now=NOW
        )


@pytest.mark.parametrize(
    "when", [datetime(1, 1, 1), datetime(1900, 1, 1), datetime(1753, 5, 1), datetime(2099, 1, 1)]
)
def test_implausible_dates_are_refused_on_every_kind(
    store: Store, person_id: int, when: datetime
) -> None:
    writes = [
        lambda s: service.add_pain(s, person_id, at=when, pain=3, now=NOW),
        lambda s: service.add_food_entry(
            s, person_id, eaten_at=when, text="x", nutrients={}, now=NOW
        ),
        lambda s: service.add_event(s, person_id, at=when, text="x", now=NOW),
        lambda s: service.add_checkin(s, person_id, at=when, scores={"cramps": 1}, now=NOW),
        lambda s: service.add_serum_result(
            s, person_id, measured_on=when.date(), mmol_per_l=0.8, now=NOW
        ),
    ]
    for write in writes:
        with store.session() as s, pytest.raises(InvalidInput, match=when.date().isoformat()):
            write(s)
    with store.session() as s:
        assert service.diary_span(s, person_id) is None


def test_tomorrow_is_allowed_and_birth_bounds_the_past(store: Store) -> None:
    with store.session() as s:
        pid = service.add_person(
            s, Person(name="Bo", age=30, sex="male", birth_date=date(1996, 3, 1)), now=NOW
        )
        service.add_pain(s, pid, at=datetime(2026, 6, 16, 7), pain=2, now=NOW)
        with pytest.raises(InvalidInput, match="before 1996-03-01"):
            service.add_pain(s, pid, at=datetime(1996, 2, 1, 7), pain=2, now=NOW)


def test_text_too_long_for_its_column_is_refused_the_same_on_both_databases(
    store: Store, person_id: int
) -> None:
    dose = ProductDose(100, "label", None, "")
    with store.session() as s, pytest.raises(InvalidInput, match="at most 200 fit"):
        service.add_supplement_product(
            s, person_id, name="M" * 201, dose=dose, form_id=None, salt_mg=None,
            label_elemental_mg=100, unit_name="capsule", now=NOW,
        )  # fmt: skip


def test_nan_and_absurd_scores_are_refused(store: Store, person_id: int) -> None:
    for value in (float("nan"), float("inf"), -1.0, 99.0):
        with store.session() as s, pytest.raises(InvalidInput, match="between 0 and 10"):
            service.add_pain(s, person_id, at=NOW, pain=value, now=NOW)
    with store.session() as s, pytest.raises(InvalidInput, match="plausible"):
        service.add_serum_result(s, person_id, measured_on=NOW.date(), mmol_per_l=1e308, now=NOW)


def test_backup_restores_and_new_entries_get_new_ids(
    store: Store, empty_store: Store, person_id: int
) -> None:
    _diary(store, person_id)
    with store.session() as s:
        data = backup(s, now=NOW)
    with empty_store.session() as s:
        counts = restore(s, data)
    assert counts["pain_entries"] == 1 and counts["people"] == 1
    with empty_store.session() as s:  # PostgreSQL: the sequences moved past the restored ids
        row = service.add_pain(s, person_id, at=NOW, pain=2, now=NOW)
        other = service.add_person(s, Person(name="Cy", age=20, sex="male"), now=NOW)
    assert row.id == 2 and other == 2


def _damaged(store: Store, person_id: int, change: Any) -> dict[str, Any]:
    _diary(store, person_id)
    with store.session() as s:
        data = copy.deepcopy(backup(s, now=NOW))
    change(data["tables"])
    return data


def _set(table: str, key: str, value: Any) -> Any:
    def change(tables: dict[str, Any]) -> None:
        tables[table][0][key] = value

    return change


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (_set("pain_entries", "pain", 99), "pain_entries, row 1: pain is outside 0 to 10"),
        (_set("pain_entries", "at", "9999-12-31T08:00:00"), "in the future"),
        (_set("pain_entries", "location", "knee"), "location is not one of the known values"),
        (
            lambda t: t["food_entries"][0]["nutrients"].update(magnesium_mg=1e308),
            "nutrient magnesium_mg is out of range",
        ),
        (_set("serum_results", "mmol_per_l", 36.5), "mmol_per_l is outside"),
        (_set("supplement_intakes", "units", float("nan")), "units is not a finite number"),
        (_set("people", "age", -4), "age is not valid for a person"),
        (_set("events", "at", "not a date"), "events is damaged: Invalid isoformat string"),
        (_set("pain_entries", "person_id", 7), "refers to people 7, which is not in the backup"),
        (
            lambda t: t["pain_entries"].append(dict(t["pain_entries"][0])),
            "pain_entries has the id 1 twice",
        ),
        (lambda t: t.pop("people"), "has no table people"),
        (_set("supplement_products", "name", "x" * 300), "at most 200 fit"),
    ],
)
def test_a_damaged_backup_is_refused_clearly_without_personal_data(
    store: Store, empty_store: Store, person_id: int, change: Any, expected: str
) -> None:
    data = _damaged(store, person_id, change)
    with empty_store.session() as s, pytest.raises(BadFile) as caught:
        restore(s, data)
    message = str(caught.value)
    assert expected in message
    assert "after the walk" not in message and "oats" not in message and "Ana" not in message
    with empty_store.session() as s:  # nothing half-restored
        assert s.execute(text("SELECT COUNT(*) FROM people")).scalar() == 0


def test_a_writer_waits_for_another_and_says_busy_when_it_cannot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'busy.sqlite'}"
    holder = open_store(url=url)
    with holder.session() as s:
        pid = service.add_person(s, Person(name="Ana", age=44, sex="female"), now=NOW)
    released = threading.Event()

    def hold(seconds: float) -> None:
        with holder.session() as s:
            service.add_pain(s, pid, at=NOW, pain=1, now=NOW)
            released.wait(seconds)

    # The default timeout: a writer waits for an import-sized hold and then writes.
    worker = threading.Thread(target=hold, args=(0.5,))
    worker.start()
    time.sleep(0.1)
    waiter = open_store(url=url)
    with waiter.session() as s:
        service.add_pain(s, pid, at=NOW, pain=2, now=NOW)
    worker.join()
    waiter.close()
    # A hold longer than the timeout: a plain message, not a traceback.
    monkeypatch.setattr("magcoach.store.db.BUSY_TIMEOUT_S", 0.2)
    impatient = open_store(url=url)
    worker = threading.Thread(target=hold, args=(3,))
    worker.start()
    time.sleep(0.1)
    try:
        with pytest.raises(Busy, match="busy importing; try again"), impatient.session() as s:
            service.add_pain(s, pid, at=NOW, pain=3, now=NOW)
    finally:
        released.set()
        worker.join()
        impatient.close()
        holder.close()


def test_database_urls_never_echo_the_password() -> None:
    for url in (
        "postgres://ana:s3cret-pw@127.0.0.1:1/magcoach",
        "postgresql://ana:s3cret-pw@127.0.0.1:1/magcoach",
        "mysql+nodriver://ana:s3cret-pw@host/db",
    ):
        with pytest.raises(SetupError) as caught:
            open_store(url=url)
        assert "s3cret-pw" not in str(caught.value)
        assert "***" in str(caught.value)


def test_a_missing_psycopg_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(SetupError, match=r"pip install 'psycopg\[binary\]'"):
        open_store(url="postgresql://ana:pw@localhost/magcoach")


@pytest.mark.parametrize(
    ("born", "message"), [("1066-10-14", "older than 120"), ("2030-01-01", "future")]
)
def test_implausible_birth_dates_are_refused(store: Store, born: str, message: str) -> None:
    person = Person(name="Bo", age=40, sex="male", birth_date=date.fromisoformat(born))
    with store.session() as s, pytest.raises(InvalidInput, match=message):
        service.add_person(s, person, now=NOW)


def test_a_deleted_mistyped_entry_no_longer_stretches_the_diary(
    store: Store, person_id: int
) -> None:
    from magcoach.report.gather import first_entry_date

    with store.session() as s:
        typo = service.add_pain(s, person_id, at=datetime(2016, 6, 14, 8), pain=3, now=NOW)
        service.add_pain(s, person_id, at=datetime(2026, 6, 14, 8), pain=3, now=NOW)
        assert first_entry_date(s, person_id) == date(2016, 6, 14)
        service.delete_entry(s, person_id, f"P{typo.id}", now=NOW)
        assert first_entry_date(s, person_id) == date(2026, 6, 14)
        assert service.diary_span(s, person_id) == (date(2026, 6, 14), date(2026, 6, 14))
