"""Web fixtures: an in-process client for the routes, and the real server (`magcoach serve` in a
subprocess on a free port) driven by Debian's Chromium through Playwright."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.web.webtools import (
    BASE,
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    PHONE,
    Server,
    start_server,
)

if TYPE_CHECKING:
    from fastapi.testclient import TestClient
    from playwright.sync_api import Browser, Page


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


# ---------------------------------------------------------------- shared (clinic) mode


@pytest.fixture
def clinic_app(world: Any, food_db_path: Path) -> Iterator[Any]:
    """The web app in shared mode over the accounts of tests/clinic_world.py (SQLite and
    PostgreSQL), with the real food database."""
    from dataclasses import replace

    from magcoach.app import Context
    from magcoach.web import create_app

    settings = replace(world.ctx.settings, food_db=food_db_path)
    ctx = Context(settings, world.ctx.clock)
    yield create_app(ctx, host="127.0.0.1", port=8000)
    ctx.close()


@pytest.fixture
def browser_as(clinic_app: Any) -> Iterator[Callable[..., TestClient]]:
    """A client logged in as `login` (a LoginView; None: anonymous), sending its CSRF token
    with every change as the pages' forms and script do."""
    from fastapi.testclient import TestClient

    from magcoach.accounts.security import session_cookie

    clients: list[TestClient] = []

    def make(login: Any = None, *, csrf: bool = True) -> TestClient:
        client = TestClient(clinic_app, base_url=BASE, follow_redirects=False)
        if login is not None:
            client.cookies.set(session_cookie(False)[0], login.token)
            if csrf and login.csrf:
                client.headers["X-CSRF-Token"] = login.csrf
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()
