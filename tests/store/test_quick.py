"""`magcoach pain` takes the quick path (stdlib sqlite3) for the ordinary case; what it writes
reads back exactly like a row the service wrote, and anything unusual goes the full way."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime

from magcoach.settings import Settings
from magcoach.store import open_store, service
from magcoach.store.quick import add_pain_quickly, newest_revision
from tests.conftest import CliRun


def _url() -> str:
    return Settings.load().database_url


def test_the_quick_path_writes_what_the_service_would(cli: CliRun) -> None:
    assert cli("person", "add", "Ana", "--age", "44", "--sex", "female").exit_code == 0
    now = datetime(2026, 6, 15, 21, 30)
    quick = add_pain_quickly(
        _url(), person=None, at=datetime(2026, 6, 15, 8), pain=4, activity=3, sleep=None,
        location="neck", note="after the drive", now=now,
    )  # fmt: skip
    assert quick is not None
    store = open_store(Settings.load())
    try:
        with store.session() as s:
            slow = service.add_pain(
                s, 1, at=datetime(2026, 6, 15, 9), pain=4, activity=3, location="neck",
                note="after the drive", now=now,
            )  # fmt: skip
            slow_id = slow.id
        with store.session() as s:
            points = service.pain_series(s, 1, now.date(), now.date())
    finally:
        store.close()
    assert [p.entry_id for p in points] == [f"P{quick}", f"P{slow_id}"]
    first, second = points
    assert (first.pain, first.activity_interference, first.location, first.note) == (
        second.pain, second.activity_interference, second.location, second.note,
    )  # fmt: skip
    assert first.at == datetime(2026, 6, 15, 8)


def test_anything_unusual_takes_the_full_path(cli: CliRun) -> None:
    url = _url()
    base = {
        "person": None, "at": datetime(2026, 6, 15, 8), "pain": 3.0, "activity": None,
        "sleep": None, "location": None, "note": None, "now": datetime(2026, 6, 15, 21),
    }  # fmt: skip
    assert add_pain_quickly(url, **base) is None  # type: ignore[arg-type]  # no diary yet
    assert cli("person", "add", "Ana", "--age", "44", "--sex", "female").exit_code == 0
    unusual: list[dict[str, object]] = [
        {"pain": 11.0},
        {"pain": float("nan")},
        {"location": "knee"},
        {"person": "Bo"},
        {"at": datetime(1900, 1, 1)},
    ]
    for changes in unusual:
        assert add_pain_quickly(url, **{**base, **changes}) is None  # type: ignore[arg-type]
    assert add_pain_quickly("postgresql://x@y/z", **base) is None  # type: ignore[arg-type]
    refused = cli("pain", "11")
    assert refused.exit_code == 3 and "between 0 and 10" in refused.stderr


def test_the_quick_path_knows_the_newest_schema() -> None:
    from magcoach.store.db import HEAD

    assert newest_revision() == HEAD


def test_pain_does_not_load_sqlalchemy(cli: CliRun) -> None:
    assert cli("person", "add", "Ana", "--age", "44", "--sex", "female").exit_code == 0
    code = (
        "import json, sys\nfrom magcoach.cli import app\n"
        "try:\n    app(['pain', '3'])\nexcept SystemExit:\n    pass\n"
        "print(json.dumps('sqlalchemy' in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    recorded, loaded = done.stdout.strip().splitlines()[-2:]
    assert recorded.startswith("Recorded P1 at 2026-06-15 21:30: pain 3/10.")
    assert json.loads(loaded) is False
