"""Imports, exports, restore and deleting everything, as the web's "Your data" page calls them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from magcoach.app import Context, daily, diary, transfer
from magcoach.errors import BadFile, InvalidInput


def _csv(tmp_path: Path) -> Path:
    path = tmp_path / "diary.csv"
    path.write_text(
        "date,time,text\n2026-06-14,08:00,1 cup cooked spinach\n2026-06-15,09:00,30 g almonds\n",
        encoding="utf-8",
    )
    return path


def test_import_is_idempotent_and_reaches_the_day(ctx: Context, ana: str, tmp_path: Path) -> None:
    path = _csv(tmp_path)
    seen: list[tuple[int, int]] = []
    first = transfer.import_file(ctx, "csv", path, progress=lambda d, t: seen.append((d, t)))
    assert first.imported == 2 and first.duplicates == 0
    again = transfer.import_file(ctx, "csv", path)
    assert again.imported == 0 and again.duplicates == 2
    assert daily.day(ctx).food_entries == 1  # 2026-06-15: the almonds


def test_unknown_kind_and_bad_places_are_refused(ctx: Context, ana: str, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as kind:
        transfer.import_file(ctx, "myfitnesspal", _csv(tmp_path))
    assert kind.value.field == "kind"
    with pytest.raises(BadFile):
        transfer.export_csv(ctx, tmp_path)  # a folder, not a file
    with pytest.raises(BadFile):
        transfer.export_backup(ctx, tmp_path / "missing" / "b.json")


def test_backup_restore_and_delete_everything(ctx: Context, ana: str, tmp_path: Path) -> None:
    diary.log_food(ctx, "1 cup cooked spinach")
    diary.log_pain(ctx, diary.PainInput(score=4))
    backup = transfer.export_backup(ctx, tmp_path / "b.json")
    assert backup.rows["people"] == 1 and json.loads(Path(backup.file).read_text())
    with pytest.raises(InvalidInput):
        transfer.delete_everything(ctx, confirmed=False)
    assert daily.day(ctx).food_entries == 1  # nothing deleted without the confirmation
    deleted = transfer.delete_everything(ctx, confirmed=True)
    assert deleted.deleted["people"] == 1 and deleted.deleted["food_entries"] == 1
    restored = transfer.restore(ctx, Path(backup.file))
    assert restored.restored["food_entries"] == 1
    assert daily.day(ctx).food_entries == 1


def test_fhir_and_csv_exports_write_files(ctx: Context, ana: str, tmp_path: Path) -> None:
    diary.log_food(ctx, "1 cup cooked spinach")
    diary.log_pain(ctx, diary.PainInput(score=6, at="today 9am"))
    fhir = transfer.export_fhir(ctx, tmp_path / "f.json")
    assert fhir.observations >= 2
    csv = transfer.export_csv(ctx, tmp_path / "e.csv")
    assert csv.entries >= 1 and Path(csv.days_file).is_file()
