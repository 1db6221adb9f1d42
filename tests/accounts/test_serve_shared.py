"""`magcoach serve --shared [--workers N]`: refuses to start half set up (one clear message, its
exit code, no traceback), never migrates at start, and runs N worker processes that each build
the app from the environment (magcoach.web.factory)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import Result

from magcoach.app import Context, serving
from magcoach.errors import InvalidInput
from magcoach.settings import Settings
from tests.clinic_world import SECRET, _pg_database
from tests.conftest import USDA_DIR, CliRun

PG_SOMEWHERE = "postgresql://magcoach:pw@db.internal/magcoach"


def refused(result: Result, code: int) -> str:
    """The refusal's text, after checking it is a plain message with its exit code."""
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit)  # not an exception escaping the command
    assert "Traceback" not in result.output
    assert result.output.startswith("Error: ")
    return result.output


@pytest.fixture
def empty_pg() -> Iterator[str]:
    """A new PostgreSQL database nobody has upgraded yet."""
    yield from _pg_database()


@pytest.fixture
def ready_pg(empty_pg: str) -> str:
    """A new PostgreSQL database after `magcoach db upgrade`."""
    from dataclasses import replace

    from magcoach.app import accounts

    ctx = Context(replace(Settings.load(), database_url=empty_pg))
    try:
        accounts.upgrade_database(ctx)
    finally:
        ctx.close()
    return empty_pg


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({}, "needs a PostgreSQL database, not sqlite"),  # no URL: the local SQLite file
        ({"MAGCOACH_DATABASE_URL": "sqlite:///clinic.sqlite"}, "needs a PostgreSQL database"),
        ({"MAGCOACH_DATABASE_URL": PG_SOMEWHERE, "MAGCOACH_SECRET": ""}, "needs a secret"),
        ({"MAGCOACH_DATABASE_URL": PG_SOMEWHERE, "MAGCOACH_SECRET": "short"}, "at least 32"),
    ],
)
@pytest.mark.parametrize("how", ["--shared", "MAGCOACH_SHARED"])
def test_shared_mode_refuses_to_start_without_postgresql_and_a_secret(
    cli: CliRun, monkeypatch: pytest.MonkeyPatch, env: dict[str, str], says: str, how: str
) -> None:
    monkeypatch.setenv("MAGCOACH_SECRET", SECRET)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    if how == "MAGCOACH_SHARED":
        monkeypatch.setenv("MAGCOACH_SHARED", "true")
        result = cli("serve", "--port", str(free_port()))
    else:
        result = cli("serve", "--shared", "--port", str(free_port()))
    text = refused(result, 6)
    assert says in text
    assert "MAGCOACH_" in text  # says what to set
    assert "pw" not in text.replace("password", "")  # never a database password


def test_shared_mode_refuses_an_old_schema_and_does_not_migrate_it(
    cli: CliRun, monkeypatch: pytest.MonkeyPatch, empty_pg: str
) -> None:
    from sqlalchemy import create_engine, inspect

    monkeypatch.setenv("MAGCOACH_DATABASE_URL", empty_pg)
    monkeypatch.setenv("MAGCOACH_SECRET", SECRET)
    text = refused(cli("serve", "--shared", "--workers", "2"), 6)
    assert "is at schema (empty); this magcoach needs" in text
    assert "Run `magcoach db upgrade` once" in text
    engine = create_engine(empty_pg.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        assert inspect(engine).get_table_names() == []  # nothing was created at start
    finally:
        engine.dispose()


def test_shared_mode_refuses_a_database_it_cannot_reach(
    cli: CliRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "MAGCOACH_DATABASE_URL", f"postgresql://ana:s3cret@127.0.0.1:{free_port()}/x"
    )
    monkeypatch.setenv("MAGCOACH_SECRET", SECRET)
    text = refused(cli("serve", "--shared"), 6)
    assert "Cannot reach the database" in text and "s3cret" not in text


@pytest.mark.parametrize("workers", ["0", "33", "-1"])
def test_workers_are_1_to_32(cli: CliRun, monkeypatch: pytest.MonkeyPatch, workers: str) -> None:
    monkeypatch.setenv("MAGCOACH_DATABASE_URL", PG_SOMEWHERE)
    monkeypatch.setenv("MAGCOACH_SECRET", SECRET)
    text = refused(cli("serve", "--shared", "--workers", workers), 3)
    assert f"must be 1 to 32, not {workers}" in text


def test_several_workers_and_network_addresses_are_for_the_shared_mode(cli: CliRun) -> None:
    assert "shared (clinic) mode" in refused(cli("serve", "--workers", "2", "--no-browser"), 3)
    assert "only this computer" in refused(cli("serve", "--host", "0.0.0.0", "--no-browser"), 3)


def test_the_bind_rules(tmp_path: Path) -> None:
    local = Settings.load({"MAGCOACH_HOME": str(tmp_path)})
    shared = Settings.load({"MAGCOACH_HOME": str(tmp_path), "MAGCOACH_SHARED": "1"})
    for workers in (1, 32):  # the bounds are allowed
        serving.check_bind(shared, host="0.0.0.0", port=8000, workers=workers)
    serving.check_bind(shared, host="192.168.1.20", port=443, workers=4)  # a LAN address
    serving.check_bind(local, host="localhost", port=8000, workers=1)
    for settings, host, port, workers, field in (
        (local, "192.168.1.20", 8000, 1, "host"),
        (local, "127.0.0.1", 8000, 2, "workers"),
        (shared, "0.0.0.0", 8000, 33, "workers"),
        (shared, "0.0.0.0", 70000, 2, "port"),
        (shared, " ", 8000, 2, "host"),
    ):
        with pytest.raises(InvalidInput) as caught:
            serving.check_bind(settings, host=host, port=port, workers=workers)
        assert caught.value.field == field


def test_the_factory_builds_a_shared_app_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, ready_pg: str, food_db_path: Path
) -> None:
    from magcoach.web.factory import create_from_env

    for name, value in {
        "MAGCOACH_SHARED": "true",
        "MAGCOACH_DATABASE_URL": ready_pg,
        "MAGCOACH_SECRET": SECRET,
        "MAGCOACH_FOOD_DB": str(food_db_path),
        "MAGCOACH_PUBLIC_URL": "https://magcoach.clinic.example",
        serving.BIND_HOST_VARIABLE: "0.0.0.0",
        serving.BIND_PORT_VARIABLE: "8123",
    }.items():
        monkeypatch.setenv(name, value)
    app = create_from_env()
    ctx: Context = app.state.ctx
    try:
        assert ctx.settings.shared and ctx.settings.database_url == ready_pg
        with TestClient(app, base_url="https://magcoach.clinic.example") as client:
            assert client.get("/", follow_redirects=False).headers["location"] == "/login"
            assert client.get("/login").status_code == 200
            me = client.get("/api/me")  # every /api route needs a session in shared mode
            assert me.status_code == 401
            for host in ("evil.example", "127.0.0.1:8000", "magcoach.clinic.example:8123"):
                assert client.get("/login", headers={"Host": host}).status_code == 400
            # The proxy may also be reached at the address magcoach listens on.
            assert client.get("/login", headers={"Host": "0.0.0.0:8123"}).status_code == 200
    finally:
        ctx.close()


def _workers_of(master: int) -> list[int]:
    """The uvicorn worker processes started by `master` (its multiprocessing children)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == master and "spawn_main" in cmdline:
            found.append(int(entry.name))
    return sorted(found)


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=20) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def _answers(url: str) -> bool:
    try:
        return _get(url) == 200
    except OSError:  # not listening yet
        return False


def test_two_real_workers_both_answer_and_stop_cleanly(
    ready_pg: str, food_db_path: Path, tmp_path: Path
) -> None:
    """One short real start: `magcoach serve --shared --workers 2` on a free port. Each worker
    is paused in turn (SIGSTOP), so the other one alone must answer the log-in page."""
    port = free_port()
    env = {
        **os.environ,
        "MAGCOACH_HOME": str(tmp_path / "home"),
        "MAGCOACH_DATABASE_URL": ready_pg,
        "MAGCOACH_SECRET": SECRET,
        "MAGCOACH_FOOD_DB": str(food_db_path),
        "MAGCOACH_USDA_DIR": str(USDA_DIR),
        "PYTHONPATH": os.pathsep.join(p for p in sys.path if p),
    }
    log = (tmp_path / "serve.log").open("wb")
    command = ["serve", "--shared", "--workers", "2", "--port", str(port)]
    server = subprocess.Popen(
        [sys.executable, "-m", "magcoach", *command],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/login"
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 120
        while len(workers) < 2 or not _answers(url):
            assert server.poll() is None, (tmp_path / "serve.log").read_text()
            assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
            time.sleep(0.3)
            workers = _workers_of(server.pid)
        assert len(workers) == 2
        for paused in workers:
            os.kill(paused, signal.SIGSTOP)
            try:
                assert [_get(url) for _ in range(3)] == [200, 200, 200]
            finally:
                os.kill(paused, signal.SIGCONT)
        assert [_get(url) for _ in range(4)] == [200] * 4
        assert _workers_of(server.pid) == workers  # none was replaced meanwhile
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            code = server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            raise
        log.close()
    assert code == 0, (tmp_path / "serve.log").read_text()
    output = (tmp_path / "serve.log").read_text()
    assert "shared mode, 2 workers" in output and "Traceback" not in output
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)
