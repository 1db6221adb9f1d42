"""The store tests run on SQLite and on a real PostgreSQL.

PostgreSQL comes from MAGCOACH_TEST_PG_URL (a role allowed to create databases; `.ci/run`
starts a cluster and sets it). Each test gets a fresh database of its own. Without the URL the
PostgreSQL runs fail with one line in CI (CI=true) and are skipped on a development machine.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.conftest import drop_database, pg_admin_url

if TYPE_CHECKING:
    from magcoach.store import Store


@contextmanager
def new_pg_database() -> Iterator[str]:
    """A new, empty PostgreSQL database; dropped afterwards."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from magcoach.store.db import normalise_url

    admin = make_url(normalise_url(pg_admin_url()))
    name = f"magcoach_t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        drop_database(engine, name)
        engine.dispose()


@pytest.fixture
def pg_url() -> Iterator[str]:
    with new_pg_database() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'diary.sqlite'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """A fresh diary database of its own, on each backend."""
    from magcoach.store import open_store

    opened = open_store(url=store_url)
    yield opened
    opened.close()


@pytest.fixture
def empty_store(store_url: str, tmp_path: Path) -> Iterator[Store]:
    """A second, empty database on the same backend as `store` (to restore into)."""
    from magcoach.store import open_store

    with ExitStack() as stack:
        if store_url.startswith("sqlite"):
            url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
        else:
            url = stack.enter_context(new_pg_database())
        opened = open_store(url=url)
        yield opened
        opened.close()
