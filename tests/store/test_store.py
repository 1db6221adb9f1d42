"""The store: migrations, people, entries with soft delete and undo, supplements, the day."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from magcoach import products
from magcoach.errors import Conflict, InvalidInput, NotFound
from magcoach.io.when import parse_day, parse_when
from magcoach.person import Person
from magcoach.settings import Settings
from magcoach.store import Store, open_store, service
from magcoach.store.models import Base
from tests.conftest import NOW


def test_migrations_build_exactly_the_models(store: Store) -> None:
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_open_store_creates_the_data_dir_with_wal(tmp_path: Path) -> None:
    home = tmp_path / "new" / "home"
    settings = Settings.load({"MAGCOACH_HOME": str(home)})
    store = open_store(settings)
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    store.close()
    assert (home / "magcoach.sqlite").is_file()
    open_store(settings).close()  # opening again is a no-op migration


def test_no_person_says_how_to_add_one(store: Store) -> None:
    with store.session() as s, pytest.raises(NotFound, match="add the person first") as caught:
        service.get_person(s)
    assert caught.value.field == "person"  # the CLI words it as `magcoach person add ...`


def test_first_person_is_default_and_use_switches(store: Store, person_id: int) -> None:
    with store.session() as s:
        other = service.add_person(s, Person(name="Ben", age=50, sex="male"), now=NOW)
        assert service.get_person(s)[0] == person_id
        service.set_default_person(s, "Ben", now=NOW)
        assert service.get_person(s)[0] == other
        with pytest.raises(Conflict):
            service.add_person(s, Person(name="Ben", age=51, sex="male"), now=NOW)
        with pytest.raises(NotFound, match="Ana, Ben"):
            service.get_person(s, "Cleo")


def test_edit_person_validates_and_keeps_the_rest(store: Store, person_id: int) -> None:
    with store.session() as s:
        person = service.update_person(s, "Ana", {"egfr": 55, "medicines": "omeprazole"}, now=NOW)
        assert person.age == 44 and person.egfr == 55 and person.medicines == ("omeprazole",)
        meds = service.medicines(s, person_id)
        assert [m.name for m in meds] == ["omeprazole"]
        assert meds[0].matched_class  # linked to the interaction data
        with pytest.raises(InvalidInput):
            service.update_person(s, "Ana", {"pregnant": True, "sex": "male"}, now=NOW)


def test_delete_then_undo_brings_the_entry_back(store: Store, person_id: int) -> None:
    with store.session() as s:
        row = service.add_food_entry(
            s, person_id, eaten_at=NOW, text="spinach", nutrients={"magnesium_mg": 157}, now=NOW
        )
        pain = service.add_pain(s, person_id, at=NOW, pain=6, now=NOW)
        service.delete_entry(s, person_id, f"F{row.id}", now=NOW)
        service.delete_entry(s, person_id, f"P{pain.id}", now=NOW + timedelta(minutes=1))
        assert service.daily_intake(s, person_id, NOW.date()).food_mg == 0
        assert service.undo_delete(s, person_id, now=NOW) == f"P{pain.id}"
        assert service.undo_delete(s, person_id, now=NOW) == f"F{row.id}"
        assert service.daily_intake(s, person_id, NOW.date()).food_mg == 157
        with pytest.raises(NotFound):
            service.undo_delete(s, person_id, now=NOW)
        with pytest.raises(InvalidInput):
            service.get_entry(s, person_id, "X9")


def test_snapshot_keeps_past_days_fixed(store: Store, person_id: int) -> None:
    with store.session() as s:
        nutrients = {"magnesium_mg": 87.0, "energy_kcal": 23.0}
        service.add_food_entry(
            s, person_id, eaten_at=NOW, text="100 g spinach", nutrients=nutrients, now=NOW
        )
        nutrients["magnesium_mg"] = 1.0  # a later food database change
        assert service.daily_intake(s, person_id, NOW.date()).food_mg == 87.0


def test_elemental_dose_from_salt_and_from_label() -> None:
    name, pct = products.form_elemental_pct("glycinate")
    computed = products.product_dose(
        form_id="glycinate",
        form_name=name,
        elemental_pct=pct,
        label_elemental_mg=None,
        salt_mg=500,
    )
    assert computed.basis == "computed"
    assert round(computed.elemental_mg_per_unit) == 70
    assert "500 mg" in computed.explanation and "≈ 70 mg magnesium" in computed.explanation
    both = products.product_dose(
        form_id="glycinate",
        form_name=name,
        elemental_pct=pct,
        label_elemental_mg=100,
        salt_mg=500,
    )
    assert both.elemental_mg_per_unit == 100 and both.computed_mg is not None
    assert "label figure is used" in both.explanation
    with pytest.raises(InvalidInput):
        products.product_dose(
            form_id=None,
            form_name=None,
            elemental_pct=None,
            label_elemental_mg=None,
            salt_mg=None,
        )
    with pytest.raises(NotFound, match="Known forms"):
        products.form_elemental_pct("unobtainium")


def test_series_average_supplements_pain_and_events(store: Store, person_id: int) -> None:
    with store.session() as s:
        dose = products.ProductDose(100.0, "label", None, "100 mg per capsule (label)")
        service.add_supplement_product(
            s,
            person_id,
            name="Mag",
            dose=dose,
            form_id="glycinate",
            salt_mg=None,
            label_elemental_mg=100,
            unit_name="capsule",
            now=NOW,
        )
        for i in range(3):
            at = datetime(2026, 6, 10 + i, 12)
            service.add_food_entry(
                s, person_id, eaten_at=at, text="x", nutrients={"magnesium_mg": 200}, now=NOW
            )
            service.add_pain(s, person_id, at=at, pain=6 - i, now=NOW)
        service.take_supplement(
            s, person_id, "mag", units=2, taken_at=datetime(2026, 6, 12, 9), now=NOW
        )
        service.add_event(s, person_id, at=datetime(2026, 6, 11, 9), text="started physio", now=NOW)
        series = service.daily_series(s, person_id, date(2026, 6, 9), date(2026, 6, 12))
        assert [d.total_mg for d in series] == [0, 200, 200, 400]
        assert not series[0].logged
        recent = service.recent_average_intake(s, person_id, 7, date(2026, 6, 12))
        assert recent is not None and recent.days_logged == 3
        assert (recent.food_mg, recent.supplement_mg) == (200, 200 / 3)
        assert recent.total_mg == 800 / 3
        assert service.recent_average_intake(s, person_id, 7, date(2026, 1, 1)) is None
        assert service.daily_pain(s, person_id, date(2026, 6, 1), date(2026, 6, 30)) == {
            date(2026, 6, 10): 6,
            date(2026, 6, 11): 5,
            date(2026, 6, 12): 4,
        }
        assert [e.text for e in service.events(s, person_id)] == ["started physio"]
        assert (
            service.supplement_intakes(s, person_id, date(2026, 6, 12), date(2026, 6, 12))[
                0
            ].elemental_mg
            == 200
        )
        with pytest.raises(NotFound, match="Mag"):
            service.take_supplement(s, person_id, "zinc", units=1, taken_at=NOW, now=NOW)
        with pytest.raises(InvalidInput):
            service.add_pain(s, person_id, at=NOW, pain=11, now=NOW)
        with pytest.raises(InvalidInput, match="lower-back"):
            service.add_pain(s, person_id, at=NOW, pain=3, location="knee", now=NOW)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday 19:00", datetime(2026, 6, 14, 19, 0)),
        ("today 8am", datetime(2026, 6, 15, 8, 0)),
        ("2 days ago", datetime(2026, 6, 13, 10, 30)),
        ("2026-06-01", datetime(2026, 6, 1, 12, 0)),
        ("2026-06-01 07:45", datetime(2026, 6, 1, 7, 45)),
        ("yesterday lunch", datetime(2026, 6, 14, 12, 30)),
        ("9am", datetime(2026, 6, 15, 9, 0)),
        ("7pm", datetime(2026, 6, 14, 19, 0)),  # later than now: last evening
    ],
)
def test_when_words(text: str, expected: datetime) -> None:
    assert parse_when(text, datetime(2026, 6, 15, 10, 30)) == expected


@pytest.mark.parametrize("text", ["tomorrow", "2026-06-16", "25:00", "13pm", "soon"])
def test_when_refuses_nonsense_and_the_future(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_when(text, datetime(2026, 6, 15, 10, 30))


def test_parse_day() -> None:
    assert parse_day("3 days ago", date(2026, 6, 15)) == date(2026, 6, 12)
    assert parse_day(None, date(2026, 6, 15)) == date(2026, 6, 15)
    assert parse_day("06/15/2026", date(2026, 6, 15)) == date(2026, 6, 15)  # one reading
    with pytest.raises(InvalidInput):
        parse_day("15th of Smarch", date(2026, 6, 15))
