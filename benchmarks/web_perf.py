"""Web app speed: search as you type, the Today page with half a year of diary, first paint in
Chromium, and 20 local clients at once.

    .venv/bin/python benchmarks/web_perf.py [--usda-dir DIR] [--food-db PATH] [--seconds 30]

Targets (issue 12): search p99 < 15 ms server time and within 3× of a bare FastAPI endpoint
measured in the same run; Today p95 < 50 ms with 180 days of diary; Today's first contentful
paint < 1 s; 20 concurrent clients for 30 s with 0 errors. Everything runs on 127.0.0.1 only,
every loop is bounded in count and time, and the servers are stopped at the end.

Server time is the app's own `Server-Timing` header (time until the answer starts); client
time is the round trip on a kept-alive local connection. The bare endpoint is a one-line
FastAPI route served by the same uvicorn, measured interleaved with search so both see the
same noise on this shared 2-core machine.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_USDA = REPO.parent / "shared" / "data" / "usda"
TODAY = "2026-06-15T21:30"  # a fixed moment: the evening's entries are in the past
DIARY_DAYS = 180
TYPED = [
    "spinach",
    "almonds",
    "black beans",
    "pumpkin seeds",
    "dark chocolate",
    "oatmeal",
    "banana",
    "brown rice",
    "yogurt",
    "cashews",
]
MEALS = [
    "1 cup oatmeal",
    "30 g almonds",
    "1 banana",
    "1 cup cooked spinach",
    "2 slices whole wheat bread",
    "1 cup black beans",
    "1 cup brown rice",
    "1 cup plain yogurt",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def bare_app() -> object:
    from fastapi import FastAPI

    app = FastAPI()

    @app.get("/ping")
    def ping() -> dict[str, str]:
        return {"ok": "yes"}

    return app


@contextmanager
def serving(command: list[str], env: dict[str, str], port: int, probe: str) -> Iterator[None]:
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{probe}", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"server did not start: {command}") from None
                time.sleep(0.2)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


class Client:
    """One kept-alive connection to 127.0.0.1:PORT."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def get(self, path: str) -> tuple[int, float, float | None]:
        """(status, client ms, server ms from Server-Timing)."""
        t0 = time.perf_counter()
        self.connection.request("GET", path, headers={"Host": f"127.0.0.1:{self.port}"})
        response = self.connection.getresponse()
        response.read()
        took = (time.perf_counter() - t0) * 1000
        timing = response.getheader("server-timing")
        server = float(timing.split("dur=")[1]) if timing and "dur=" in timing else None
        return response.status, took, server

    def post_json(self, path: str, body: dict[str, object]) -> int:
        self.connection.request(
            "POST",
            path,
            body=json.dumps(body),
            headers={"Host": f"127.0.0.1:{self.port}", "Content-Type": "application/json"},
        )
        response = self.connection.getresponse()
        response.read()
        return response.status


def seed_diary(env: dict[str, str]) -> float:
    """Dana with 180 days of meals, a supplement most days and a daily pain score."""
    from datetime import datetime, timedelta

    from magcoach.app import Clock, Context, diary, people
    from magcoach.app.diary import PainInput, SupplementProductInput
    from magcoach.app.people import PersonInput
    from magcoach.settings import Settings

    t0 = time.perf_counter()
    now = datetime.fromisoformat(TODAY)
    ctx = Context(Settings.load(env), Clock(fixed_now=now))
    people.add_person(ctx, PersonInput(name="Dana", age=44, sex="female"))
    diary.add_supplement(ctx, SupplementProductInput(name="Mag citrate", elemental_mg=150))
    last = now.date()
    for back in range(DIARY_DAYS):
        day = last - timedelta(days=back)
        for i, meal in enumerate(MEALS[back % 4 : back % 4 + 4]):
            diary.log_food(ctx, meal, at=f"{day} {8 + 4 * i:02d}:00")
        if back % 3:
            diary.take_supplement(ctx, "Mag citrate", at=f"{day} 21:00")
        diary.log_pain(ctx, PainInput(score=3 + back % 5, at=f"{day} 20:00"))
    ctx.close()
    return time.perf_counter() - t0


def typed_prefixes() -> list[str]:
    return [word[:n] for word in TYPED for n in range(2, len(word) + 1)]


def measure_search(app_port: int, bare_port: int, rounds: int) -> dict[str, list[float]]:
    app, bare = Client(app_port), Client(bare_port)
    times: dict[str, list[float]] = {
        "search": [],
        "search_server": [],
        "bare": [],
        "bare_server": [],
    }
    queries = typed_prefixes()
    for q in queries:  # warm both
        app.get(f"/api/foods/search?q={urllib.parse.quote(q)}")
        bare.get("/ping")
    for _ in range(rounds):
        for q in queries:
            _, took, server = app.get(f"/api/foods/search?q={urllib.parse.quote(q)}")
            times["search"].append(took)
            if server is not None:
                times["search_server"].append(server)
            _, took, _ = bare.get("/ping")
            times["bare"].append(took)
    return times


def measure_today(port: int, n: int) -> tuple[list[float], list[float]]:
    client = Client(port)
    client.get("/today")
    client_ms: list[float] = []
    server_ms: list[float] = []
    for _ in range(n):
        status, took, server = client.get("/today")
        assert status == 200, status
        client_ms.append(took)
        if server is not None:
            server_ms.append(server)
    return client_ms, server_ms


def first_contentful_paint(port: int, loads: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ]
    paints: list[float] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        for _ in range(loads):
            context = browser.new_context(viewport={"width": 390, "height": 844})
            page = context.new_page()
            page.goto(f"http://127.0.0.1:{port}/today", wait_until="load")
            fcp = page.evaluate(
                "() => new Promise(done => { const find = () => { const e = performance"
                ".getEntriesByName('first-contentful-paint')[0]; e ? done(e.startTime) : "
                "setTimeout(find, 20); }; find(); })"
            )
            paints.append(float(fcp))
            context.close()
        browser.close()
    return paints


def load_test(port: int, clients: int, seconds: float) -> tuple[int, int, list[str]]:
    """`clients` threads, each on its own connection, for `seconds`: a mix of search as you
    type, parse, the day, the week and the Today page. Returns (requests, errors, samples)."""
    stop = time.monotonic() + seconds
    counts = [0] * clients
    errors: list[str] = []
    lock = threading.Lock()
    paths = [f"/api/foods/search?q={urllib.parse.quote(w)}" for w in TYPED] + [
        "/api/day",
        "/api/week?days=28",
        "/today",
        "/history?days=28",
    ]

    def worker(n: int) -> None:
        client = Client(port)
        i = n
        while time.monotonic() < stop and counts[n] < 100_000:
            try:
                if i % 7 == 0:
                    status = client.post_json("/api/foods/parse", {"text": MEALS[i % len(MEALS)]})
                else:
                    status, _, _ = client.get(paths[i % len(paths)])
                if status != 200:
                    with lock:
                        errors.append(f"HTTP {status}")
            except Exception as exc:  # a dropped connection is an error to report, not a crash
                with lock:
                    errors.append(repr(exc))
                client = Client(port)
            counts[n] += 1
            i += 1

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 60)
    return sum(counts), len(errors), errors[:5]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--usda-dir", type=Path, default=DEFAULT_USDA)
    parser.add_argument("--food-db", type=Path, help="a built food database to reuse")
    parser.add_argument("--seconds", type=float, default=30.0, help="load test length")
    parser.add_argument("--rounds", type=int, default=8, help="passes over the typed prefixes")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="magcoach-web-perf-") as tmp_name:
        tmp = Path(tmp_name)
        food_db = args.food_db
        if food_db is None:
            from magcoach.foods.build import build_database

            food_db = tmp / "foods.sqlite"
            build_database(args.usda_dir, food_db)
        env = dict(
            os.environ,
            MAGCOACH_HOME=str(tmp / "home"),
            MAGCOACH_FOOD_DB=str(food_db),
            MAGCOACH_USDA_DIR=str(args.usda_dir),
            MAGCOACH_TODAY=TODAY,
        )
        for var in ("MAGCOACH_DATABASE_URL", "MAGCOACH_CONFIG", "MAGCOACH_REGION"):
            env.pop(var, None)
        seeded = seed_diary(env)
        print(f"diary: {DIARY_DAYS} days (4 meals, pain, most days a supplement) in {seeded:.1f} s")

        app_port, bare_port = free_port(), free_port()
        app_cmd = [
            sys.executable,
            "-m",
            "magcoach",
            "serve",
            "--port",
            str(app_port),
            "--no-browser",
        ]
        bare_cmd = [
            sys.executable,
            "-c",
            "import sys, uvicorn; sys.path.insert(0, sys.argv[2]); import web_perf; "
            "uvicorn.run(web_perf.bare_app(), host='127.0.0.1', port=int(sys.argv[1]), "
            "log_level='warning')",
            str(bare_port),
            str(Path(__file__).parent),
        ]
        with (
            serving(app_cmd, env, app_port, "/static/app.css"),
            serving(bare_cmd, env, bare_port, "/ping"),
        ):
            t = measure_search(app_port, bare_port, args.rounds)
            s99, b99 = percentile(t["search"], 99), percentile(t["bare"], 99)
            print(
                f"search as you type, {len(t['search'])} requests ({len(typed_prefixes())} "
                f"prefixes × {args.rounds}): server p50 "
                f"{percentile(t['search_server'], 50):.2f} ms, p99 "
                f"{percentile(t['search_server'], 99):.2f} ms (target < 15);"
                f" round trip p50 {percentile(t['search'], 50):.2f} / p99 {s99:.2f} ms"
            )
            print(
                f"bare FastAPI endpoint, same run: round trip p50 {percentile(t['bare'], 50):.2f}"
                f" / p99 {b99:.2f} ms; search / bare at p99: {s99 / b99:.2f}× (target ≤ 3×), "
                f"at p50: {percentile(t['search'], 50) / percentile(t['bare'], 50):.2f}×"
            )
            client_ms, server_ms = measure_today(app_port, 200)
            print(
                f"Today page with {DIARY_DAYS} days of diary, 200 loads: server p50 "
                f"{percentile(server_ms, 50):.1f} / p95 {percentile(server_ms, 95):.1f} ms; "
                f"round trip p50 {percentile(client_ms, 50):.1f} / p95 "
                f"{percentile(client_ms, 95):.1f} ms (target p95 < 50)"
            )
            paints = first_contentful_paint(app_port, 7)
            print(
                f"first contentful paint of Today in Chromium (390×844), 7 fresh loads: median "
                f"{statistics.median(paints):.0f} ms, max {max(paints):.0f} ms (target < 1000)"
            )
            total, errors, samples = load_test(app_port, 20, args.seconds)
            print(
                f"20 concurrent local clients for {args.seconds:.0f} s: {total} requests "
                f"({total / args.seconds:.0f}/s), {errors} errors (target 0)"
                + (f"; first: {samples}" if samples else "")
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
