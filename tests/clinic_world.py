"""Shared-mode fixtures (a pytest plugin, so the account, application and web tests share
them): a Context on a fresh database with a clock the test moves by hand, and a
cheap Argon2 hasher (the real parameters take ~0.4 s a hash on this machine).

Runs on SQLite; also on PostgreSQL when MAGCOACH_TEST_PG_URL names a role that may create
databases (each test then gets a database of its own).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher

from magcoach.accounts import security
from magcoach.app import Clock, Context, accounts
from magcoach.app.accounts import Actor, LoginView
from magcoach.settings import Settings
from tests.conftest import drop_database, pg_admin_url

SECRET = "s" * 40
PASSWORD = "purple tortoise umbrella"
CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


class HandClock(Clock):
    """A clock that only moves when the test says so."""

    def __init__(self, start: datetime) -> None:
        super().__init__(start.date())
        self.current = start

    def now(self) -> datetime:
        return self.current

    def today(self) -> date:
        return self.current.date()

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


@pytest.fixture(autouse=True)
def cheap_hasher() -> Iterator[None]:
    previous = security.set_hasher(CHEAP)
    yield
    security.set_hasher(previous)


@pytest.fixture
def clock() -> HandClock:
    return HandClock(datetime(2026, 6, 15, 21, 30, 0))  # evening: the day's entries are past


def _create_database(engine: Any, name: str) -> None:
    """CREATE DATABASE copies template1 and fails while another session (another test run on
    the same cluster) is copying it too: try again for a few seconds."""
    from sqlalchemy.exc import OperationalError

    for attempt in range(20):
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
            return
        except OperationalError as exc:
            if "being accessed by other users" not in str(exc) or attempt == 19:
                raise
            time.sleep(0.25)


def _pg_database() -> Iterator[str]:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    admin_url = pg_admin_url()
    # The psycopg (3) driver, whichever form the URL was given in.
    admin = make_url(admin_url).set(drivername="postgresql+psycopg")
    name = f"magcoach_acc_{uuid.uuid4().hex[:12]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    _create_database(engine, name)
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        drop_database(engine, name)
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'clinic.sqlite'}"
    else:
        yield from _pg_database()


@pytest.fixture
def clinic_ctx(database_url: str, clock: HandClock) -> Iterator[Context]:
    settings = replace(Settings.load(), database_url=database_url, shared=True, secret=SECRET)
    context = Context(settings, clock)
    accounts.upgrade_database(context)  # shared mode: an explicit step
    yield context
    context.close()


@dataclass
class Clinic:
    """Accounts every sharing test needs: two owners with a person each, two clinicians and an
    admin, all logged in."""

    ctx: Context
    ana_owner: LoginView
    bo_owner: LoginView
    clinician: LoginView
    other_clinician: LoginView
    admin: LoginView
    ana: int  # person ids
    bo: int


def login(ctx: Context, email: str, role: str) -> LoginView:
    from magcoach.app import accounts

    accounts.create_user(ctx, email=email, role=role, password=PASSWORD)
    return accounts.log_in(ctx, email=email, password=PASSWORD, address="10.0.0.1")


def own_person(ctx: Context, actor: Actor, name: str) -> int:
    from magcoach.app import clinic
    from magcoach.app.people import PersonInput

    return clinic.add_person(ctx, actor, PersonInput(name=name, age=40, sex="female")).id


@pytest.fixture
def world(clinic_ctx: Context) -> Clinic:
    ctx = clinic_ctx
    ana_owner = login(ctx, "ana@example.org", "person")
    bo_owner = login(ctx, "bo@example.org", "person")
    return Clinic(
        ctx=ctx,
        ana_owner=ana_owner,
        bo_owner=bo_owner,
        clinician=login(ctx, "physio@clinic.example", "clinician"),
        other_clinician=login(ctx, "gp@clinic.example", "clinician"),
        admin=login(ctx, "admin@clinic.example", "admin"),
        ana=own_person(ctx, ana_owner.actor, "Ana"),
        bo=own_person(ctx, bo_owner.actor, "Bo"),
    )


def share(world: Clinic, person: int, scope: str, clinician: LoginView | None = None) -> int:
    """The owner shares `person` with the clinician, who accepts; returns the grant id."""
    from magcoach.app import clinic

    owner = world.ana_owner if person == world.ana else world.bo_owner
    invitation = clinic.share_with_clinician(world.ctx, owner.actor, person_id=person, scope=scope)
    assert invitation.code is not None
    grant = clinic.accept_share(
        world.ctx, (clinician or world.clinician).actor, code=invitation.code
    )
    return grant.id
