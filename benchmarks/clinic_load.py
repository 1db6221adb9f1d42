"""A clinic under load: `magcoach serve --shared --workers 2` over a fresh PostgreSQL database,
50 simulated people and clinicians for 60 s, then every acknowledged write checked in the
database; optionally with a worker killed or PostgreSQL restarted half-way.

    .venv/bin/python benchmarks/clinic_load.py [--admin-url URL] [--seconds 60]
        [--kill-worker | --restart-db] [--food-db PATH] [--keep-db]

`--admin-url` (or MAGCOACH_TEST_PG_URL) names a local PostgreSQL role that may create
databases; the script makes a database of its own and drops it at the end. It refuses any
server that is not on this machine. 40 people (an account and a person each) log in, log food
(a unique weight per entry as its marker) and pain (a unique note), and look at their day; 10
clinicians (4 patients each, full-diary shares) open the dashboard (GET /api/clinic/patients,
or, where that route does not exist yet, open each patient and read their week). Bounded:
--seconds (at most 600) and --max-requests.

Targets (issue 13): 0 errors; after the run every acknowledged write is present exactly once.
`--kill-worker`: SIGKILL to one uvicorn worker mid-load loses no acknowledged write; errors
only on what that worker had in flight. `--restart-db` (root; `pg_ctlcluster 15 main restart`):
clear 503s while PostgreSQL restarts, then recovery without restarting magcoach.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
LOCAL = {"localhost", "127.0.0.1", "::1", ""}
PASSWORD = "purple tortoise umbrella"
PEOPLE, CLINICIANS = 40, 10
FOODS = ("cooked spinach", "almonds", "black beans", "banana", "plain yogurt", "oatmeal")


@dataclass
class Stats:
    """What every simulated user saw, gathered under one lock."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    took: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, dict[str, int]] = field(default_factory=dict)
    # (sent at, answered at, kind, outcome), monotonic seconds
    events: list[tuple[float, float, str, str]] = field(default_factory=list)
    acked: list[tuple[str, int, str]] = field(default_factory=list)  # (kind, person, marker)
    unacked: list[tuple[str, int, str]] = field(default_factory=list)
    requests: int = 0

    def add(self, kind: str, seconds: float, outcome: str) -> None:
        with self.lock:
            self.requests += 1
            now = time.monotonic()
            self.events.append((now - seconds, now, kind, outcome))
            if outcome == "ok":
                self.took.setdefault(kind, []).append(seconds)
            else:
                counts = self.errors.setdefault(kind, {})
                counts[outcome] = counts.get(outcome, 0) + 1


@dataclass
class User:
    email: str
    role: str
    person_id: int | None = None
    patients: list[int] = field(default_factory=list)


class Client:
    """One simulated browser: a kept-alive connection, the session cookie, the CSRF token."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookie = ""
        self.csrf = ""
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        headers = {"Accept": "application/json"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        if self.csrf and method != "GET":
            headers["X-CSRF-Token"] = self.csrf
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        try:
            self.conn.request(method, path, body=data, headers=headers)
            answer = self.conn.getresponse()
            raw = answer.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()  # a new connection next time (to a live worker)
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            raise
        for name, value in answer.getheaders():
            if name.lower() == "set-cookie" and "magcoach-session=" in value:
                self.cookie = value.split(";", 1)[0]
        try:
            return answer.status, json.loads(raw) if raw else None
        except ValueError:
            return answer.status, None


def outcome_of(status: int, body: Any, expected: int) -> str:
    if status == expected:
        return "ok"
    error = body.get("error") if isinstance(body, dict) else None
    return f"{status} {error}" if error else str(status)


def timed(
    stats: Stats,
    client: Client,
    kind: str,
    method: str,
    path: str,
    body: Any = None,
    expected: int = 200,
) -> tuple[str, Any]:
    started = time.perf_counter()
    try:
        status, answer = client.call(method, path, body)
        outcome = outcome_of(status, answer, expected)
    except (OSError, http.client.HTTPException) as exc:
        answer, outcome = None, f"connection: {type(exc).__name__}"
    stats.add(kind, time.perf_counter() - started, outcome)
    return outcome, answer


def log_in(stats: Stats, client: Client, user: User) -> bool:
    outcome, answer = timed(
        stats, client, "log in", "POST", "/api/login", {"email": user.email, "password": PASSWORD}
    )
    if outcome == "ok":
        client.csrf = answer["csrf"]
    return outcome == "ok"


def person_step(stats: Stats, client: Client, user: User, seq: int, tag: str) -> None:
    assert user.person_id is not None
    grams = round(10 + seq * 0.01, 2)  # this person's marker for this entry
    food = {"text": FOODS[seq % len(FOODS)], "grams": grams}
    outcome, _ = timed(stats, client, "log food", "POST", "/api/food-entries", food, 201)
    record = stats.acked if outcome == "ok" else stats.unacked
    with stats.lock:
        record.append(("food", user.person_id, f"{grams:.2f}"))
    note = f"{tag}-{user.person_id}-{seq}"
    pain = {"score": seq % 11, "note": note}
    outcome, _ = timed(stats, client, "log pain", "POST", "/api/pain-entries", pain, 201)
    record = stats.acked if outcome == "ok" else stats.unacked
    with stats.lock:
        record.append(("pain", user.person_id, note))
    timed(stats, client, "view day", "GET", "/api/day")


def clinician_step(stats: Stats, client: Client, user: User, dashboard: bool) -> None:
    if dashboard:
        timed(stats, client, "dashboard", "GET", "/api/clinic/patients")
        return
    for pid in user.patients:  # the dashboard route is not there: open each patient's week
        outcome, _ = timed(stats, client, "open patient", "POST", f"/api/people/{pid}/open")
        if outcome == "ok":
            timed(stats, client, "patient week", "GET", "/api/week")


def simulate(user: User, port: int, stats: Stats, until: float, limit: int, opts: Any) -> None:
    rng = random.Random(user.email)
    time.sleep(rng.uniform(0, opts.ramp))  # people arrive over the first seconds, not at once
    client = Client(port)
    seq, signed_in = 0, False
    while time.monotonic() < until and stats.requests < limit:
        if not signed_in:
            signed_in = log_in(stats, client, user)
            if not signed_in:
                time.sleep(0.5)
                continue
        if user.role == "person":
            person_step(stats, client, user, seq, opts.tag)
        else:
            clinician_step(stats, client, user, opts.dashboard)
        seq += 1
        time.sleep(rng.uniform(0.5 * opts.think, 1.5 * opts.think))
    client.conn.close()


# ---------------------------------------------------------------- setting up


def local_only(url: str) -> str:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if (parsed.host or "") not in LOCAL:
        raise SystemExit(f"clinic_load.py runs against this machine only, not {parsed.host!r}.")
    return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)


def create_database(admin_url: str) -> tuple[str, str]:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    name = f"magcoach_load_{uuid.uuid4().hex[:10]}"
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    engine.dispose()
    return name, make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_database(admin_url: str, name: str) -> None:
    from sqlalchemy import create_engine

    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    engine.dispose()


def make_accounts(env: dict[str, str]) -> list[User]:
    """Admin, 40 people with a person each, 10 clinicians with 4 full-diary shares each, made
    through the application layer (cheap password hashes here: the server rehashes each with
    the real parameters at its first log-in, as it does when the parameters change)."""
    from argon2 import PasswordHasher

    from magcoach.accounts import security
    from magcoach.app import Context, accounts, clinic
    from magcoach.app.people import PersonInput
    from magcoach.settings import Settings

    previous = security.set_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    ctx = Context(replace(Settings.load(env), shared=True))
    try:
        accounts.create_user(ctx, email="admin@clinic.test", role="admin", password=PASSWORD)
        clinicians = []
        for c in range(CLINICIANS):
            email = f"clinician{c}@clinic.test"
            accounts.create_user(ctx, email=email, role="clinician", password=PASSWORD)
            login = accounts.log_in(ctx, email=email, password=PASSWORD, address="127.0.0.1")
            clinicians.append((User(email, "clinician"), login.actor))
        people = []
        for p in range(PEOPLE):
            email = f"person{p}@clinic.test"
            accounts.create_user(ctx, email=email, role="person", password=PASSWORD)
            actor = accounts.log_in(ctx, email=email, password=PASSWORD, address="127.0.0.1").actor
            new = PersonInput(name=f"Load person {p}", age=30 + p % 40, sex="female")
            person_id = clinic.add_person(ctx, actor, new).id
            user, clinician = clinicians[p % CLINICIANS]
            code = clinic.share_with_clinician(ctx, actor, person_id=person_id, scope="diary").code
            clinic.accept_share(ctx, clinician, code=str(code))
            user.patients.append(person_id)
            people.append(User(email, "person", person_id=person_id))
        return people + [user for user, _ in clinicians]
    finally:
        ctx.close()
        security.set_hasher(previous)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(
    env: dict[str, str], port: int, log: Path, workers: int
) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "magcoach", "serve", "--shared", "--port", str(port)]
    server = subprocess.Popen(
        [*command, "--workers", str(workers)],
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 300  # the food database may be built first
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"magcoach serve exited:\n{log.read_text(errors='replace')}")
        if len(workers_of(server.pid)) == workers:
            try:
                status, _ = Client(port).call("GET", "/login")
                if status == 200:
                    return server
            except OSError:
                pass
        time.sleep(0.3)
    server.terminate()
    raise SystemExit(f"magcoach serve did not answer:\n{log.read_text(errors='replace')}")


def workers_of(master: int) -> list[int]:
    """uvicorn's worker processes: the master's children started by multiprocessing."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (entry / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        if parent == master and b"spawn_main" in cmdline:
            found.append(int(entry.name))
    return sorted(found)


def has_dashboard(port: int, clinician: User) -> bool:
    client = Client(port)
    status, answer = client.call(
        "POST", "/api/login", {"email": clinician.email, "password": PASSWORD}
    )
    if status != 200:
        raise SystemExit(f"a clinician cannot log in: {status} {answer}")
    client.csrf = answer["csrf"]
    status, _ = client.call("GET", "/api/clinic/patients")
    client.call("POST", "/api/logout")
    return status == 200


# ---------------------------------------------------------------- faults


def kill_worker(server: subprocess.Popen[bytes], at: float, notes: dict[str, Any]) -> None:
    time.sleep(max(0.0, at - time.monotonic()))
    before = workers_of(server.pid)
    victim = before[0]
    os.kill(victim, signal.SIGKILL)
    killed = time.monotonic()
    notes.update(killed_pid=victim, killed_at=killed)
    deadline = killed + 60
    while time.monotonic() < deadline:
        now = workers_of(server.pid)
        if len(now) == len(before) and victim not in now:
            notes.update(
                respawned_pid=sorted(set(now) - set(before)), respawn_s=time.monotonic() - killed
            )
            return
        time.sleep(0.05)
    notes["respawned_pid"] = None


def restart_db(at: float, cluster: str, notes: dict[str, Any]) -> None:
    time.sleep(max(0.0, at - time.monotonic()))
    version, name = cluster.split("/")
    started = time.monotonic()
    done = subprocess.run(
        ["pg_ctlcluster", version, name, "restart"], capture_output=True, text=True
    )
    notes.update(
        restart_started=started,
        restart_s=time.monotonic() - started,
        restart_rc=done.returncode,
        restart_output=(done.stdout + done.stderr).strip()[-300:],
    )


# ---------------------------------------------------------------- checking


def verify(url: str, stats: Stats, tag: str) -> dict[str, int]:
    """Every acknowledged write exactly once; unacknowledged ones at most once."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        food = conn.execute(
            text("SELECT person_id, grams, count(*) FROM food_entries GROUP BY person_id, grams")
        ).all()
        pain = conn.execute(
            text(
                "SELECT person_id, note, count(*) FROM pain_entries WHERE note LIKE :tag "
                "GROUP BY person_id, note"
            ),
            {"tag": f"{tag}-%"},
        ).all()
    engine.dispose()
    found = {("food", int(p), f"{float(g):.2f}"): int(n) for p, g, n in food}
    found |= {("pain", int(p), str(note)): int(n) for p, note, n in pain}
    acked = set(stats.acked)
    unacked = set(stats.unacked)
    return {
        "acknowledged": len(stats.acked),
        "acknowledged missing": sum(1 for k in acked if found.get(k, 0) == 0),
        "duplicated": sum(1 for n in found.values() if n > 1),
        "acknowledged twice by the client": len(stats.acked) - len(acked),
        "unacknowledged attempts": len(unacked),
        "unacknowledged but saved": sum(1 for k in unacked if found.get(k, 0) == 1),
        "rows nobody asked for": sum(1 for k in found if k not in acked | unacked),
    }


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def report(
    stats: Stats, seconds: float, checks: dict[str, int], notes: dict[str, Any]
) -> dict[str, Any]:
    kinds = sorted(set(stats.took) | set(stats.errors))
    print(
        f"\n{stats.requests} requests in {seconds:.1f} s: {stats.requests / seconds:.1f} requests/s"
    )
    print(f"{'request':14} {'ok':>6} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8}  errors by kind")
    table = {}
    for kind in kinds:
        took = stats.took.get(kind, [])
        errors = stats.errors.get(kind, {})
        p50 = percentile(took, 0.5) * 1000 if took else float("nan")
        p95 = percentile(took, 0.95) * 1000 if took else float("nan")
        table[kind] = {"ok": len(took), "errors": errors, "p50_ms": p50, "p95_ms": p95}
        print(
            f"{kind:14} {len(took):6} {sum(errors.values()):6} {p50:8.1f} {p95:8.1f}",
            errors or "",
        )
    total_errors = sum(sum(e.values()) for e in stats.errors.values())
    print(f"errors: {total_errors}")
    for name, value in checks.items():
        print(f"  {name}: {value}")
    shown = {k: (round(v, 2) if isinstance(v, float) else v) for k, v in notes.items()}
    if shown:
        print("fault:", json.dumps(shown, default=str))
    return {
        "requests": stats.requests,
        "seconds": seconds,
        "per_s": stats.requests / seconds,
        "table": table,
        "errors": total_errors,
        "checks": checks,
        "fault": shown,
    }


def fault_window(stats: Stats, notes: dict[str, Any]) -> None:
    """For --restart-db: how many 503s, and how long from the restart to the last failure."""
    start = notes.get("restart_started") or notes.get("killed_at")
    if start is None:
        return
    failures = [(sent, t, o) for sent, t, _, o in stats.events if t >= start and o != "ok"]
    notes["failures after fault"] = len(failures)
    notes["503 unavailable"] = sum(1 for _, _, o in failures if o == "503 unavailable")
    notes["other failures"] = sorted({o for _, _, o in failures if o != "503 unavailable"})
    # Sent before the fault: in flight. Sent after: on a kept-alive connection to the dead
    # worker (the request never reached a live one) or during the outage.
    notes["failed requests sent before the fault"] = sum(1 for s, _, _ in failures if s < start)
    if failures:
        last = max(t for _, t, _ in failures)
        notes["last failure after_s"] = last - start
        notes["ok after it"] = sum(1 for _, t, _, o in stats.events if t > last and o == "ok")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--admin-url", default=os.environ.get("MAGCOACH_TEST_PG_URL"))
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--think", type=float, default=0.5, help="mean pause between steps, s")
    parser.add_argument("--ramp", type=float, default=20.0, help="arrivals spread over, s")
    parser.add_argument("--food-db", type=Path, default=os.environ.get("MAGCOACH_FOOD_DB"))
    parser.add_argument("--kill-worker", action="store_true")
    parser.add_argument("--restart-db", action="store_true")
    parser.add_argument("--cluster", default="15/main", help="for --restart-db: VERSION/NAME")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args()
    if not args.admin_url:
        parser.error("--admin-url (or MAGCOACH_TEST_PG_URL) is needed")
    if not 1 <= args.seconds <= 600:
        parser.error("--seconds must be 1 to 600")
    args.seconds = float(args.seconds)
    return args


def run_load(
    args: argparse.Namespace, users: list[User], server: subprocess.Popen[bytes], port: int
) -> tuple[Stats, float, dict[str, Any]]:
    stats = Stats()
    notes: dict[str, Any] = {}
    args.tag = f"load{uuid.uuid4().hex[:6]}"
    args.dashboard = has_dashboard(port, next(u for u in users if u.role == "clinician"))
    print(
        "clinicians use",
        "GET /api/clinic/patients"
        if args.dashboard
        else "open patient + GET /api/week (no /api/clinic/patients on this branch)",
    )
    started = time.monotonic()
    until = started + args.seconds
    threads = [
        threading.Thread(target=simulate, args=(u, port, stats, until, args.max_requests, args))
        for u in users
    ]
    if args.kill_worker:
        threads.append(
            threading.Thread(target=kill_worker, args=(server, started + args.seconds / 2, notes))
        )
    if args.restart_db:
        threads.append(
            threading.Thread(
                target=restart_db, args=(started + args.seconds / 2, args.cluster, notes)
            )
        )
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return stats, time.monotonic() - started, notes


def main() -> None:
    args = parse_args()
    admin_url = local_only(args.admin_url)
    name, url = create_database(admin_url)
    tmp = Path(tempfile.mkdtemp(prefix="magcoach-clinic-load-"))
    env = {
        **os.environ,
        "MAGCOACH_HOME": str(tmp),
        "MAGCOACH_DATABASE_URL": url,
        "MAGCOACH_SECRET": secrets.token_urlsafe(32),
        "MAGCOACH_FOOD_DB": str(args.food_db or tmp / "foods.sqlite"),
        "PYTHONPATH": str(REPO / "src"),
    }
    for var in ("MAGCOACH_TODAY", "MAGCOACH_PUBLIC_URL", "MAGCOACH_CONFIG", "MAGCOACH_SHARED"):
        env.pop(var, None)
    server = None
    try:
        subprocess.run([sys.executable, "-m", "magcoach", "db", "upgrade"], env=env, check=True)
        users = make_accounts(env)
        port = free_port()
        server = start_server(env, port, tmp / "serve.log", args.workers)
        print(
            f"{len(users)} users against {args.workers} workers on 127.0.0.1:{port}, "
            f"{args.seconds:.0f} s"
        )
        stats, seconds, notes = run_load(args, users, server, port)
        fault_window(stats, notes)
        checks = verify(url, stats, args.tag)
        figures = report(stats, seconds, checks, notes)
        figures["server_alive"] = server.poll() is None
        print("magcoach serve still running (never restarted):", figures["server_alive"])
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2, default=str))
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()
            log = (tmp / "serve.log").read_text(errors="replace")
            print("serve log (last lines):\n" + "\n".join(log.splitlines()[-12:]))
        if not args.keep_db:
            drop_database(admin_url, name)
        else:
            print("kept database", name)


if __name__ == "__main__":
    main()
