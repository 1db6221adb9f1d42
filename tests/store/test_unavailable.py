"""A PostgreSQL that restarts or drops its connections gives a clear 503 ("try again in a
moment"), never a 500, and magcoach recovers by itself on the next request. SQLite keeps its
own behaviour (only a writer holding on too long is 'busy'; anything else stays a fault)."""

from __future__ import annotations

import socket
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm import sessionmaker

from magcoach.accounts.security import session_cookie
from magcoach.app import Context, accounts
from magcoach.errors import Unavailable
from magcoach.settings import Settings
from magcoach.store import open_store
from magcoach.store.db import UNAVAILABLE_MESSAGE, Store, make_engine
from magcoach.web import create_app
from tests.clinic_world import SECRET
from tests.conftest import pg_admin_url

BASE = "http://127.0.0.1:8000"


@pytest.fixture
def migrated_pg(pg_url: str) -> str:
    """A fresh PostgreSQL database of this test's own, at the newest schema."""
    open_store(url=pg_url).close()
    return pg_url


def terminate_backends(url: str) -> int:
    """End every connection to `url`'s database from an admin connection, as a restart of
    the server (or a network cut) would. Returns how many were ended."""
    database = make_url(url).database
    admin = create_engine(
        make_url(pg_admin_url()).set(drivername="postgresql+psycopg"),
        isolation_level="AUTOCOMMIT",
    )
    try:
        with admin.connect() as conn:
            ended = conn.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": database},
            ).scalar()
        return int(ended or 0)
    finally:
        admin.dispose()


def closed_port() -> int:
    """A port on this machine where nothing listens (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_dropped_connection_mid_unit_is_unavailable_then_the_next_unit_reconnects(
    migrated_pg: str,
) -> None:
    pg_url = migrated_pg
    store = open_store(url=pg_url)
    try:
        with pytest.raises(Unavailable) as caught, store.session() as s:
            assert s.execute(text("SELECT 1")).scalar() == 1
            assert terminate_backends(pg_url) >= 1
            s.execute(text("SELECT 1"))
        assert caught.value.code == "unavailable"
        assert caught.value.message == UNAVAILABLE_MESSAGE
        with store.session() as s:  # the pool pings first and opens a new connection
            assert s.execute(text("SELECT count(*) FROM people")).scalar() == 0
    finally:
        store.close()


def test_a_bad_query_stays_a_fault_not_an_outage(store: Store) -> None:
    """On both databases: a query magcoach got wrong must not pass for a passing outage."""
    with pytest.raises((OperationalError, ProgrammingError)), store.session() as s:
        s.execute(text("SELECT * FROM no_such_table"))


def _shared_ctx(url: str, tmp_path: Path) -> Context:
    settings = replace(
        Settings.load(),
        database_url=url,
        shared=True,
        secret=SECRET,
        food_db=tmp_path / "no-foods.sqlite",
    )
    return Context(settings)


def test_a_database_that_cannot_be_reached_answers_503_with_the_message(
    migrated_pg: str, tmp_path: Path
) -> None:
    pg_url = migrated_pg
    ctx = _shared_ctx(pg_url, tmp_path)
    # The store was opened while the server was there; now nothing listens at its address.
    down = make_url(pg_url).set(host="127.0.0.1", port=closed_port())
    engine = make_engine(down.render_as_string(hide_password=False))
    ctx._store = Store(engine=engine, session_factory=sessionmaker(engine))
    name = session_cookie(False)[0]
    try:
        with TestClient(create_app(ctx, host="127.0.0.1", port=8000), base_url=BASE) as client:
            client.cookies.set(name, "a-session-token-the-database-would-be-asked-about")
            api = client.get("/api/me")
            assert api.status_code == 503
            assert api.json() == {
                "error": "unavailable",
                "field": None,
                "message": UNAVAILABLE_MESSAGE,
            }
            page = client.get("/today", follow_redirects=False)
            assert page.status_code == 503
            assert UNAVAILABLE_MESSAGE.replace("'", "&#39;") in page.text
            assert "Traceback" not in page.text
    finally:
        ctx.close()


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_the_app_recovers_by_itself_after_postgresql_drops_every_connection(
    clinic_ctx: Context,
) -> None:
    accounts.create_user(
        clinic_ctx, email="ana@example.org", role="person", password="purple tortoise umbrella"
    )
    login = accounts.log_in(
        clinic_ctx, email="ana@example.org", password="purple tortoise umbrella", address="::1"
    )
    with TestClient(create_app(clinic_ctx, host="127.0.0.1", port=8000), base_url=BASE) as client:
        client.cookies.set(session_cookie(False)[0], login.token)
        assert client.get("/api/me").json()["actor"]["email"] == "ana@example.org"
        assert terminate_backends(clinic_ctx.settings.database_url) >= 1
        again = client.get("/api/me")  # no restart of magcoach in between
        assert again.status_code == 200
        assert again.json()["actor"]["email"] == "ana@example.org"


def test_a_worker_whose_first_request_finds_the_database_down_answers_503_without_its_address(
    tmp_path: Path,
) -> None:
    """The store opens at a worker's first request; if PostgreSQL is away just then, the
    visitor gets the same 503 and never the database's address (the operator's CLI does)."""
    port = closed_port()
    ctx = _shared_ctx(f"postgresql://clinic:pw@127.0.0.1:{port}/clinic", tmp_path)
    name = session_cookie(False)[0]
    try:
        with TestClient(create_app(ctx, host="127.0.0.1", port=8000), base_url=BASE) as client:
            client.cookies.set(name, "a-session-token-the-database-would-be-asked-about")
            api = client.get("/api/me")
            assert api.status_code == 503
            assert api.json()["message"] == UNAVAILABLE_MESSAGE
            page = client.get("/today", follow_redirects=False)
            assert page.status_code == 503
            for body in (api.text, page.text):
                assert str(port) not in body and "clinic:" not in body
    finally:
        ctx.close()
    with pytest.raises(Unavailable) as caught:
        open_store(url=f"postgresql://clinic:pw@127.0.0.1:{port}/clinic")
    assert f"127.0.0.1:{port}" in str(caught.value)  # the operator is told where it looked
    assert ":pw@" not in str(caught.value)
