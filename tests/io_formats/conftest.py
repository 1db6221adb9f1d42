from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from magcoach.person import Person
from magcoach.store import Store, open_store, service

NOW = datetime(2026, 6, 15, 10, 0)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(url=f"sqlite:///{tmp_path / 'diary.sqlite'}")
    yield opened
    opened.close()


@pytest.fixture
def person_id(store: Store) -> int:
    with store.session() as s:
        return service.add_person(s, Person(name="Ana", age=44, sex="female"), now=NOW)
