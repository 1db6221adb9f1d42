"""Whole-database operations in the shared mode, on SQLite and PostgreSQL: the JSON backup holds
one person only (and restores on its own into an empty database), "delete" deletes one
person's diary and leaves everyone else's, and restore is refused."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from magcoach.app import Context, clinic, daily, diary, transfer
from magcoach.errors import Forbidden, InvalidInput, NotFound
from magcoach.settings import Settings
from tests.clinic_world import Clinic, share


def _bound(world: Clinic, person_id: int, *, read_only: bool = False) -> Context:
    return world.ctx.for_person(person_id, read_only=read_only)


def _fill(world: Clinic) -> None:
    """Ana: pain, a supplement product and a dose, a trial with a dose day, a note and an
    access-log line; Bo: pain with a note of his own."""
    from magcoach.store.models import TrialDoseRow, TrialRow

    ana = _bound(world, world.ana)
    diary.log_pain(ana, diary.PainInput(score=6, note="ana-pain", at="today 9am"))
    diary.add_supplement(ana, diary.SupplementProductInput(name="Ana glycinate", elemental_mg=100))
    diary.take_supplement(ana, "Ana glycinate", at="today 8am")
    now = world.ctx.clock.now()
    with ana.unit() as s:
        trial = TrialRow(
            person_id=world.ana,
            start_date=date(2026, 6, 1),
            pairs=2,
            period_days=7,
            washin_days=2,
            seed="1",
            sequence="ABBA",
            dose_mg=200,
            dose_times=[],
            form="glycinate",
            created_at=now,
            updated_at=now,
        )
        s.add(trial)
        s.flush()
        s.add(
            TrialDoseRow(
                trial_id=trial.id, day=date(2026, 6, 2), taken=True, created_at=now, updated_at=now
            )
        )
    diary.log_pain(_bound(world, world.bo), diary.PainInput(score=3, note="bo-pain"))
    share(world, world.ana, "diary")
    clinic.authorize(world.ctx, world.clinician.actor, world.ana, "diary", what="day")
    clinic.add_note(world.ctx, world.clinician.actor, person_id=world.ana, text="Walk daily.")


def test_the_backup_holds_the_bound_person_only_and_restores_on_its_own(
    world: Clinic, tmp_path: Path
) -> None:
    _fill(world)
    view = transfer.export_backup(_bound(world, world.ana), tmp_path / "ana.json")
    text = Path(view.file).read_text(encoding="utf-8")
    assert "ana-pain" in text and "bo-pain" not in text and '"Bo"' not in text
    data = json.loads(text)
    assert data["person"] == "Ana"
    assert [p["name"] for p in data["tables"]["people"]] == ["Ana"]
    assert data["tables"]["people"][0]["account_id"] is None  # no account outside the clinic
    assert view.rows["supplement_products"] == 1 and view.rows["supplement_intakes"] == 1
    assert view.rows["trials"] == 1 and view.rows["trial_doses"] == 1
    # nothing from the accounts side (sessions, notes, the access log, other people)
    assert set(data["tables"]) <= {"people", *view.rows}
    assert "Walk daily." not in text and "physio@clinic.example" not in text

    # Into an empty local database: Ana's diary on its own, as the default person.
    local = Context(
        replace(Settings.load(), database_url=f"sqlite:///{tmp_path / 'mine.sqlite'}"),
        world.ctx.clock,
    )
    try:
        restored = transfer.restore(local, Path(view.file))
        assert restored.restored["pain_entries"] == 1 and restored.restored["trial_doses"] == 1
        day = daily.day(local)
        assert day.person == "Ana" and day.supplement_mg == 100
        assert "ana-pain" in diary.entries(local).model_dump_json()
    finally:
        local.close()


def test_without_a_bound_person_the_shared_backup_needs_a_name(
    world: Clinic, tmp_path: Path
) -> None:
    _fill(world)
    with pytest.raises(NotFound):
        transfer.export_backup(world.ctx, tmp_path / "all.json")
    assert not (tmp_path / "all.json").exists()
    named = transfer.export_backup(world.ctx, tmp_path / "bo.json", person="Bo")
    assert named.rows["people"] == 1 and named.rows["pain_entries"] == 1
    assert "ana-pain" not in (tmp_path / "bo.json").read_text(encoding="utf-8")


def test_delete_removes_one_persons_diary_and_nobody_elses(world: Clinic) -> None:
    from magcoach.store import accounts as store

    _fill(world)
    ana = _bound(world, world.ana)
    with pytest.raises(InvalidInput):
        transfer.delete_everything(ana, confirmed=False)
    with pytest.raises(Forbidden):  # a clinician's read-only view of Ana cannot delete her
        transfer.delete_everything(_bound(world, world.ana, read_only=True), confirmed=True)
    deleted = transfer.delete_everything(ana, confirmed=True).deleted
    assert deleted["people"] == 1 and deleted["pain_entries"] == 1
    assert deleted["trial_doses"] == 1 and deleted["grants"] == 1
    assert deleted["clinician_notes"] == 1 and deleted["access_log"] >= 1
    assert "accounts" not in deleted and "sessions" not in deleted

    with world.ctx.unit() as s:
        assert store.owned_people(s, world.ana_owner.actor.account_id) == []
        assert len(store.owned_people(s, world.bo_owner.actor.account_id)) == 1
    # Bo's diary is whole, and the accounts (Ana's session too) still work.
    assert "bo-pain" in diary.entries(_bound(world, world.bo)).model_dump_json()
    from magcoach.app import accounts

    assert accounts.resolve_session(world.ctx, world.ana_owner.token).person_id is None
    assert clinic.patients(world.ctx, world.clinician.actor).patients == []


def test_restore_is_refused_in_the_shared_mode(world: Clinic, tmp_path: Path) -> None:
    backup = transfer.export_backup(_bound(world, world.ana), tmp_path / "ana.json")
    for ctx in (world.ctx, _bound(world, world.ana)):
        with pytest.raises(Forbidden) as refused:
            transfer.restore(ctx, Path(backup.file))
        assert "shared" in refused.value.message and "pg_restore" in (refused.value.hint or "")
    with world.ctx.unit() as s:  # nothing was written
        from sqlalchemy import func, select

        from magcoach.store.models import PersonRow

        assert s.scalar(select(func.count()).select_from(PersonRow)) == 2


def test_a_local_backup_still_holds_everyone(tmp_path: Path) -> None:
    from magcoach.app import people

    local = Context(
        replace(Settings.load(), database_url=f"sqlite:///{tmp_path / 'local.sqlite'}"),
    )
    try:
        for name in ("Cy", "Di"):
            people.add_person(local, people.PersonInput(name=name, age=30, sex="male"))
        view = transfer.export_backup(local, tmp_path / "all.json")
        assert view.rows["people"] == 2
        assert "person" not in json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    finally:
        local.close()
