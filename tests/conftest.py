"""Shared fixtures: every test gets its own data directory; the food database is built once
per test session from the real USDA files in ../shared/data/usda."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from typer.testing import CliRunner, Result

#: The shared-mode world (accounts, people, clinicians) for account, app and web tests.
pytest_plugins = ["tests.clinic_world"]

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from magcoach.store import Store

REPO = Path(__file__).resolve().parents[1]
USDA_DIR = Path(os.environ.get("MAGCOACH_USDA_DIR", REPO.parent / "shared" / "data" / "usda"))


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty diary database brought to the newest schema once per test session: each test
    starts from a copy instead of running every migration again (a third of a second each)."""
    from magcoach.store import open_store

    path = tmp_path_factory.mktemp("template") / "magcoach.sqlite"
    open_store(url=f"sqlite:///{path}").close()
    return path


#: The suites whose tests run on both databases (the store's own fixtures already do), and
#: the fixtures of tests that pick their database themselves (the shared-mode world, the
#: authorization matrix) or drive a browser against a server of their own.
BOTH_DATABASES = ("app", "web")
OWN_DATABASE = {"database_url", "scene", "browser", "page", "fresh_server"}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test of tests/app and tests/web runs twice: on SQLite and on PostgreSQL."""
    tests = Path(__file__).resolve().parent
    try:
        suite = Path(str(metafunc.definition.path)).resolve().relative_to(tests).parts[0]
    except ValueError:
        return
    names = set(metafunc.fixturenames)
    if suite in BOTH_DATABASES and "diary_database" in names and not names & OWN_DATABASE:
        metafunc.parametrize("diary_database", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def diary_database(request: pytest.FixtureRequest) -> str:
    """Which database the test's diary is on (SQLite unless parametrized above)."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    """An empty PostgreSQL diary brought to the newest schema once per session: each test's
    database is a copy of it (CREATE DATABASE ... TEMPLATE is fast; migrating is not)."""
    import uuid

    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from magcoach.store import open_store
    from magcoach.store.db import normalise_url

    admin = make_url(normalise_url(pg_admin_url()))
    name = f"magcoach_template_{uuid.uuid4().hex[:12]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        open_store(url=admin.set(database=name).render_as_string(hide_password=False)).close()
        yield name
    finally:
        drop_database(engine, name)
        engine.dispose()


@pytest.fixture
def pg_diary(pg_template: str) -> Iterator[str]:
    """A PostgreSQL diary of the test's own, copied from the migrated template; its URL."""
    import uuid

    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from magcoach.store.db import normalise_url

    admin = make_url(normalise_url(pg_admin_url()))
    name = f"magcoach_t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    copy_database(engine, name, template=pg_template)
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        drop_database(engine, name)
        engine.dispose()


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    migrated_template: Path,
    diary_database: str,
    request: pytest.FixtureRequest,
) -> Path:
    """The test's own data folder with an empty diary: a copy of the migrated SQLite file,
    or (tests/app and tests/web, second run) a PostgreSQL database named by
    MAGCOACH_DATABASE_URL."""
    home = tmp_path / "home"
    home.mkdir()
    shutil.copyfile(migrated_template, home / "magcoach.sqlite")
    monkeypatch.setenv("MAGCOACH_HOME", str(home))
    monkeypatch.setenv("MAGCOACH_USDA_DIR", str(USDA_DIR))
    for var in ("MAGCOACH_DATABASE_URL", "MAGCOACH_REGION", "MAGCOACH_CONFIG", "MAGCOACH_FOOD_DB"):
        monkeypatch.delenv(var, raising=False)
    if diary_database == "postgresql":
        monkeypatch.setenv("MAGCOACH_DATABASE_URL", str(request.getfixturevalue("pg_diary")))
    # a fixed evening, so "today 8am" and "today 8pm" are in the past whatever the wall clock
    monkeypatch.setenv("MAGCOACH_TODAY", "2026-06-15T21:30")
    return home


@pytest.fixture(scope="session")
def food_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real food database, built once from the USDA files."""
    from magcoach.foods.build import build_database

    path = tmp_path_factory.mktemp("foods") / "foods.sqlite"
    build_database(USDA_DIR, path)
    return path


@pytest.fixture
def food_db(food_db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """An open FoodDB on the session's database; commands in the test use it too."""
    from magcoach.foods.db import FoodDB

    monkeypatch.setenv("MAGCOACH_FOOD_DB", str(food_db_path))
    db = FoodDB(food_db_path)
    yield db
    db.close()


CliRun = Callable[..., Result]


@pytest.fixture
def cli() -> CliRun:
    """Run `magcoach ARGS...` in-process; returns Typer's Result (exit_code, stdout, stderr)."""
    from magcoach.cli import app

    runner = CliRunner()

    def run(*args: str, input: str | None = None) -> Result:
        return runner.invoke(app, list(args), input=input)

    return run


NOW = datetime(2026, 6, 15, 10, 0)  # "now" for tests that call the store services directly


@pytest.fixture
def store(tmp_path: Path, migrated_template: Path) -> Iterator[Store]:
    """A fresh diary database of its own (store and io_formats tests)."""
    from magcoach.store import open_store

    path = tmp_path / "diary.sqlite"
    shutil.copyfile(migrated_template, path)
    opened = open_store(url=f"sqlite:///{path}")
    yield opened
    opened.close()


@pytest.fixture
def person_id(store: Store) -> int:
    """Ana (44, female) in `store`; her id."""
    from magcoach.person import Person
    from magcoach.store import service

    with store.session() as s:
        return service.add_person(s, Person(name="Ana", age=44, sex="female"), now=NOW)


def drop_database(engine: Engine, name: str) -> None:
    """Drop a throw-away PostgreSQL test database. A backend the test role may not end (an
    autovacuum worker that just started on it) can refuse the first try; retry, then leave
    it for the cluster rather than fail a test that passed."""
    import time

    from sqlalchemy.exc import DBAPIError

    for attempt in range(5):
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except DBAPIError:
            time.sleep(0.2 * (attempt + 1))


def copy_database(engine: Engine, name: str, *, template: str) -> None:
    """CREATE DATABASE from a template fails while another session is connected to the
    template (another test run's copy): try again for a few seconds."""
    import time

    from sqlalchemy.exc import OperationalError

    for attempt in range(40):
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
            return
        except OperationalError as exc:
            busy = "being accessed by other users" in str(exc)
            if not (busy or "terminating connection" in str(exc)) or attempt == 39:
                raise
            time.sleep(0.25)


PG_ENV = "MAGCOACH_TEST_PG_URL"


def pg_admin_url() -> str:
    """The PostgreSQL the both-database tests run on (`make test` starts one and sets the
    URL, through tools/test-system). Missing is a failure, never a skip: a skipped test
    proves nothing."""
    url = os.environ.get(PG_ENV)
    if url:
        return url
    pytest.fail(
        f"{PG_ENV} is not set: these tests need a PostgreSQL; run them with `make test`, "
        "which starts one (tools/test-system).",
        pytrace=False,
    )
