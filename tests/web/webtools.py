"""Helpers for the web tests: the real server in a subprocess, screenshots, and the
accessibility checks every visited page must pass. (Fixtures are in conftest.py.)"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page, ViewportSize

REPO = Path(__file__).resolve().parents[2]
USDA_DIR = Path(os.environ.get("MAGCOACH_USDA_DIR", REPO.parent / "shared" / "data" / "usda"))
CHROMIUM = Path(os.environ.get("MAGCOACH_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = REPO / "out" / "screenshots"
TODAY = "2026-06-15T21:30"  # a fixed moment, as in tests/conftest.py: "today 20:00" is past
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 390, "height": 844}
BASE = "http://127.0.0.1:8000"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Server:
    url: str
    home: Path
    env: dict[str, str]
    process: subprocess.Popen[bytes]

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        """`magcoach ARGS` against the same data directory as the server."""
        return subprocess.run(
            [sys.executable, "-m", "magcoach", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )


def start_server(home: Path, food_db: Path, log: Path) -> Server:
    port = free_port()
    env = {
        **os.environ,
        "MAGCOACH_HOME": str(home),
        "MAGCOACH_FOOD_DB": str(food_db),
        "MAGCOACH_USDA_DIR": str(USDA_DIR),
        "MAGCOACH_TODAY": TODAY,
    }
    for var in ("MAGCOACH_DATABASE_URL", "MAGCOACH_REGION", "MAGCOACH_CONFIG"):
        env.pop(var, None)
    out = log.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "magcoach", "serve", "--port", str(port), "--no-browser"],
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"magcoach serve exited: {log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}/static/app.css", timeout=2):
                return Server(url, home, env, process)
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError(f"magcoach serve did not answer in 60 s: {log.read_text(errors='replace')}")


#: A secret for the test servers' CSRF tokens (never a real one).
TEST_SECRET = "test-secret-" + "x" * 40

SHARED_SERVER = """
import sys, uvicorn
from magcoach.app import Context
from magcoach.web import create_app
port = int(sys.argv[1])
ctx = Context.from_env()
try:
    uvicorn.run(create_app(ctx, host="127.0.0.1", port=port), host="127.0.0.1", port=port,
                log_level="warning", server_header=False)
finally:
    ctx.close()
"""


def start_shared_server(home: Path, food_db: Path, database_url: str, log: Path) -> Server:
    """The web app in the shared (clinic) mode over `database_url` (a PostgreSQL database the
    caller made and brought up to date), in a subprocess on a free port, its clock pinned to
    TODAY. Until `magcoach serve --shared` lands, uvicorn runs create_app directly."""
    port = free_port()
    env = {
        **os.environ,
        "MAGCOACH_HOME": str(home),
        "MAGCOACH_FOOD_DB": str(food_db),
        "MAGCOACH_USDA_DIR": str(USDA_DIR),
        "MAGCOACH_TODAY": TODAY,
        "MAGCOACH_DATABASE_URL": database_url,
        "MAGCOACH_SHARED": "true",
        "MAGCOACH_SECRET": TEST_SECRET,
    }
    for var in (
        "MAGCOACH_REGION",
        "MAGCOACH_CONFIG",
        "MAGCOACH_OPEN_SIGNUP",
        "MAGCOACH_PUBLIC_URL",
    ):
        env.pop(var, None)
    out = log.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-c", SHARED_SERVER, str(port)],
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    return _wait_for(Server(f"http://127.0.0.1:{port}", home, env, process), log)


def _wait_for(server: Server, log: Path) -> Server:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"the server exited: {log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{server.url}/static/app.css", timeout=2):
                return server
        except OSError:
            time.sleep(0.2)
    server.process.terminate()
    raise RuntimeError(f"the server did not answer in 60 s: {log.read_text(errors='replace')}")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(timeout=10)


def shot(page: Page, name: str) -> Path:
    """Save a full-page screenshot under out/screenshots/ (a test artefact, gitignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    width = getattr(page, "width_name", "page")
    path = SCREENSHOTS / f"{name}-{width}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


UNLABELLED_JS = """
() => [...document.querySelectorAll('input, select, textarea')]
  .filter(e => e.type !== 'hidden')
  .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
               && !e.getAttribute('aria-labelledby'))
  .map(e => e.outerHTML.slice(0, 120))
"""


SMALL_TARGETS_JS = """
() => [...document.querySelectorAll(
    'main button, main select, main label.check, main .scale label, main summary, .top nav a,'
    + ' main input:not([type=hidden]):not([type=radio]):not([type=checkbox])')]
  .filter(e => e.offsetParent !== null)
  .map(e => [e.outerHTML.slice(0, 80), e.getBoundingClientRect().height])
  .filter(([, h]) => h < 43.5)
"""


def assert_accessible(page: Page) -> None:
    """Every input labelled; tap targets at least 44 px high; no horizontal scrolling (at
    phone width the page is one column)."""
    unlabelled = page.evaluate(UNLABELLED_JS)
    assert not unlabelled, f"inputs without a label on {page.url}: {unlabelled}"
    small = page.evaluate(SMALL_TARGETS_JS)
    assert not small, f"tap targets under 44 px on {page.url}: {small}"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow} px"
