"""Stored screenings: saved answers, the latest one, delete/undo, backup, migration 0001 → 0002."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from magcoach.app.diary import entry_views
from magcoach.errors import InvalidInput
from magcoach.io.backup import backup, restore
from magcoach.person import Person
from magcoach.screening import Answers
from magcoach.store import Store, open_store, service
from magcoach.store.db import HEAD, MIGRATIONS, make_engine
from magcoach.store.models import Base
from tests.conftest import NOW


def _save(store: Store, person_id: int, answers: Answers, at: datetime, **kw: object) -> str:
    with store.session() as s:
        row = service.save_screening(
            s, person_id, answers, at=at, now=NOW, level=str(kw.get("level", "moderate")),
            urgency=str(kw.get("urgency", "none")),
            too_much_magnesium_signs=tuple(kw.get("excess", ())),  # type: ignore[arg-type]
        )  # fmt: skip
        return f"Q{row.id}"


def test_nothing_stored_means_none(store: Store, person_id: int) -> None:
    with store.session() as s:
        assert service.latest_screening(s, person_id) is None


def test_save_then_latest_gives_the_answers_back(store: Store, person_id: int) -> None:
    answers = Answers(
        symptoms=("muscle_cramps",),
        red_flags=("new_bladder_dysfunction",),
        serum_magnesium=1.7,
        serum_unit="mg/dL",
    )
    entry = _save(store, person_id, answers, NOW, urgency="emergency", excess=("diarrhoea",))
    with store.session() as s:
        latest = service.latest_screening(s, person_id)
    assert latest is not None and latest.entry_id == entry
    assert latest.answers == answers and latest.answers.red_flags == ("new_bladder_dysfunction",)
    assert latest.urgency == "emergency" and latest.taken_at == NOW
    assert latest.too_much_magnesium_signs == ("diarrhoea",)


def test_a_newer_screening_replaces_the_older_and_delete_undo_works(
    store: Store, person_id: int
) -> None:
    first = _save(store, person_id, Answers(red_flags=("fever",)), NOW - timedelta(days=3))
    second = _save(store, person_id, Answers(symptoms=("insomnia",)), NOW)
    with store.session() as s:
        latest = service.latest_screening(s, person_id)
        assert latest is not None and latest.entry_id == second
        kinds = [v.kind for v in entry_views(s, person_id, NOW.date(), NOW.date())]
        assert kinds == ["screening"]
        service.delete_entry(s, person_id, second, now=NOW)
    with store.session() as s:
        latest = service.latest_screening(s, person_id)
        assert latest is not None and latest.entry_id == first
        assert latest.answers.red_flags == ("fever",)
        assert service.undo_delete(s, person_id, now=NOW) == second


def test_other_people_do_not_share_screenings(store: Store, person_id: int) -> None:
    _save(store, person_id, Answers(red_flags=("fever",)), NOW)
    with store.session() as s:
        other = service.add_person(s, Person(name="Ben", age=50, sex="male"), now=NOW)
        assert service.latest_screening(s, other) is None


def test_bad_urgency_is_refused(store: Store, person_id: int) -> None:
    with store.session() as s, pytest.raises(InvalidInput):
        service.save_screening(s, person_id, Answers(), at=NOW, now=NOW, level=None, urgency="x")


def test_backup_and_restore_keep_screenings(store: Store, person_id: int, tmp_path: Path) -> None:
    _save(store, person_id, Answers(red_flags=("saddle_numbness",)), NOW, urgency="emergency")
    with store.session() as s:
        data = backup(s, now=NOW)
    assert len(data["tables"]["screenings"]) == 1 and data["schema"] == HEAD
    fresh = open_store(url=f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    try:
        with fresh.session() as s:
            counts = restore(s, data)
        assert counts["screenings"] == 1
        with fresh.session() as s:
            latest = service.latest_screening(s, person_id)
        assert latest is not None and latest.answers.red_flags == ("saddle_numbness",)
        assert latest.urgency == "emergency"
    finally:
        fresh.close()


def test_a_database_made_at_revision_0001_upgrades_cleanly(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = make_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    assert not inspect(engine).has_table("screenings")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO people (name, age, sex, pregnant, lactating, region, kidney_disease, "
            "medicines, conditions, drinks_per_day, diet, allergies, wants_weight_loss, "
            "is_default, created_at, updated_at) VALUES ('Old', 60, 'male', 0, 0, 'us', 0, "
            "'[]', '[]', 0, 'omnivore', '[]', 0, 1, '2026-01-01 00:00:00', "
            "'2026-01-01 00:00:00')"
        )
    engine.dispose()

    store = open_store(url=url)
    try:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == HEAD
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
        with store.session() as s:
            person_id, person = service.get_person(s)
            assert person.name == "Old"
            assert service.latest_screening(s, person_id) is None
        _save(store, person_id, Answers(red_flags=("fever",)), NOW, urgency="urgent")
        with store.session() as s:
            latest = service.latest_screening(s, person_id)
        assert latest is not None and latest.urgency == "urgent"
    finally:
        store.close()
