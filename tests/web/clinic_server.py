"""The real web app in shared (clinic) mode for browser tests: uvicorn in a subprocess over a
fresh PostgreSQL database, whose schema is brought up to date and whose accounts are made
first, as a clinic's operator would (`magcoach db upgrade`, `magcoach admin create-user`).

(Until `magcoach serve --shared` exists this starts uvicorn on `create_app` itself.)
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from magcoach.app import Context, accounts
from magcoach.settings import Settings
from tests.clinic_world import SECRET, HandClock, _pg_database
from tests.web.webtools import REPO, TODAY, USDA_DIR, free_port


@dataclass
class ClinicServer:
    url: str
    ctx: Context  # the same database, for the test to arrange and check
    process: subprocess.Popen[bytes]


def app_from_env() -> object:
    """The ASGI app the subprocess serves (uvicorn --factory): settings from the environment."""
    from magcoach.web import create_app

    ctx = Context.from_env()
    return create_app(ctx, host="127.0.0.1", port=int(os.environ["MAGCOACH_TEST_PORT"]))


def _wait(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the clinic server exited: {log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}/static/app.css", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(
        f"the clinic server did not answer in 60 s: {log.read_text(errors='replace')}"
    )


@contextlib.contextmanager
def start_clinic_server(
    food_db: Path,
    log: Path,
    users: list[tuple[str, str, str]],
    arrange: Callable[[Context], None] | None = None,
) -> Iterator[ClinicServer]:
    """A fresh PostgreSQL database: schema upgraded, `users` (email, role, password) made,
    `arrange(ctx)` run (diaries, shares); then the server on a free port, ended on exit."""
    with contextlib.contextmanager(_pg_database)() as url:
        settings = replace(
            Settings.load({"MAGCOACH_HOME": str(log.parent)}),
            database_url=url,
            shared=True,
            secret=SECRET,
            food_db=food_db,
        )
        ctx = Context(settings, HandClock(datetime.fromisoformat(TODAY)))
        try:
            accounts.upgrade_database(ctx)
            for email, role, password in users:
                accounts.create_user(ctx, email=email, role=role, password=password)
            if arrange is not None:
                arrange(ctx)
            port = free_port()
            env = {
                **os.environ,
                "MAGCOACH_SHARED": "1",
                "MAGCOACH_SECRET": SECRET,
                "MAGCOACH_DATABASE_URL": url,
                "MAGCOACH_FOOD_DB": str(food_db),
                "MAGCOACH_USDA_DIR": str(USDA_DIR),
                "MAGCOACH_TODAY": TODAY,
                "MAGCOACH_HOME": str(log.parent),
                "MAGCOACH_TEST_PORT": str(port),
                "PYTHONPATH": os.pathsep.join(
                    p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p
                ),
            }
            for var in ("MAGCOACH_REGION", "MAGCOACH_CONFIG", "MAGCOACH_PUBLIC_URL"):
                env.pop(var, None)
            with log.open("wb") as out:
                process = subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "uvicorn",
                        "--factory",
                        "tests.web.clinic_server:app_from_env",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        str(port),
                        "--no-access-log",
                    ],
                    env=env,
                    cwd=REPO,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            server = ClinicServer(f"http://127.0.0.1:{port}", ctx, process)
            try:
                _wait(server.url, process, log)
                yield server
            finally:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)
        finally:
            ctx.close()
