"""Web fixtures: an in-process client for the routes, and the real server (`magcoach serve` in a
subprocess on a free port) driven by Debian's Chromium through Playwright."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from fastapi.testclient import TestClient
    from playwright.sync_api import Browser, Page

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
TODAY = "2026-06-15"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
BASE = "http://127.0.0.1:8000"


@pytest.fixture
def client(
    isolated_home: Path, food_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[TestClient]:
    """The app in-process, as the browser at 127.0.0.1:8000 would reach it (no Origin header:
    like curl or a script on this computer), on the session's food database."""
    from fastapi.testclient import TestClient

    monkeypatch.setenv("MAGCOACH_FOOD_DB", str(food_db_path))

    from magcoach.app import Context
    from magcoach.web import create_app

    ctx = Context.from_env()
    app = create_app(ctx, host="127.0.0.1", port=8000)
    with TestClient(app, base_url=BASE, follow_redirects=False) as test_client:
        yield test_client
    ctx.close()


@pytest.fixture
def dana(client: TestClient) -> dict[str, Any]:
    """Dana, 44, female, takes omeprazole: the default person."""
    response = client.post(
        "/api/person",
        json={"name": "Dana", "age": 44, "sex": "female", "medicines": ["omeprazole"]},
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


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


@pytest.fixture(scope="module")
def server(food_db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The real server on a free port with its own data directory (one per test module)."""
    home = tmp_path_factory.mktemp("web-home")
    running = start_server(home, food_db_path, home / "server.log")
    yield running
    running.process.terminate()
    try:
        running.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        running.process.kill()


@pytest.fixture
def fresh_server(food_db_path: Path, tmp_path: Path) -> Iterator[Server]:
    """The real server with an empty diary of its own, for one test."""
    home = tmp_path / "web-home"
    home.mkdir()
    running = start_server(home, food_db_path, home / "server.log")
    yield running
    running.process.terminate()
    try:
        running.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        running.process.kill()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless. A missing Chromium fails here with one clear line."""
    if not CHROMIUM.exists() and shutil.which("chromium") is None:
        pytest.fail(
            f"Chromium is missing ({CHROMIUM}): install Debian's 'chromium' (.ci/run does).",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(params=["desktop", "phone"])
def page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    """A fresh page at desktop (1280×800) or phone (390×844) size; console errors and CSP
    violations fail the test."""
    size = DESKTOP if request.param == "desktop" else PHONE
    context = browser.new_context(viewport=size, is_mobile=request.param == "phone")
    opened = context.new_page()
    problems: list[str] = []
    # Script errors and CSP refusals show as console errors; a 4xx page the test asked for is
    # not a problem, a missing stylesheet, script or image is.
    opened.on(
        "console",
        lambda m: (
            problems.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )
    opened.on("pageerror", lambda e: problems.append(str(e)))
    opened.on(
        "response",
        lambda r: (
            problems.append(f"{r.status} {r.url}")
            if r.status >= 400
            and r.request.resource_type in ("stylesheet", "script", "image", "font")
            else None
        ),
    )
    opened.width_name = request.param  # type: ignore[attr-defined]
    yield opened
    context.close()
    assert not problems, f"browser console errors: {problems}"


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
