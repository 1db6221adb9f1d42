"""Shared mode refuses to start half set up; migration 0004 keeps every diary row and leaves
local people without an owner (the local single-person mode is unchanged)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from magcoach.errors import InvalidInput, SetupError
from magcoach.settings import Settings, check_shared_settings
from magcoach.store import db

PG = "postgresql://magcoach:pw@db.internal/magcoach"


def test_shared_mode_is_off_by_default_and_read_from_the_environment(tmp_path: Path) -> None:
    plain = Settings.load({"MAGCOACH_HOME": str(tmp_path)})
    assert (plain.shared, plain.secret, plain.open_signup) == (False, None, False)
    check_shared_settings(plain)  # nothing to check in the local mode
    shared = Settings.load(
        {
            "MAGCOACH_HOME": str(tmp_path),
            "MAGCOACH_SHARED": "yes",
            "MAGCOACH_SECRET": "k" * 40,
            "MAGCOACH_OPEN_SIGNUP": "true",
            "MAGCOACH_DATABASE_URL": PG,
        }
    )
    assert shared.shared and shared.open_signup
    check_shared_settings(shared)
    assert "k" * 40 not in repr(shared)  # the secret never reaches a log line


def test_the_config_file_takes_toml_booleans(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text(
        f'shared = true\nsecret = "{"k" * 40}"\ndatabase_url = "{PG}"\n', encoding="utf-8"
    )
    settings = Settings.load({"MAGCOACH_HOME": str(tmp_path)})
    assert settings.shared and not settings.open_signup


def test_shared_mode_without_postgresql_or_a_secret_says_what_to_set(tmp_path: Path) -> None:
    base = {"MAGCOACH_HOME": str(tmp_path), "MAGCOACH_SHARED": "1"}
    with pytest.raises(SetupError, match="needs a PostgreSQL database") as no_pg:
        check_shared_settings(Settings.load({**base, "MAGCOACH_SECRET": "k" * 40}))
    assert "MAGCOACH_DATABASE_URL=postgresql://" in str(no_pg.value)
    with pytest.raises(SetupError, match="MAGCOACH_SECRET") as no_secret:
        check_shared_settings(Settings.load({**base, "MAGCOACH_DATABASE_URL": PG}))
    assert "secrets.token_urlsafe" in str(no_secret.value)
    with pytest.raises(SetupError, match="at least 32"):
        check_shared_settings(
            Settings.load({**base, "MAGCOACH_DATABASE_URL": PG, "MAGCOACH_SECRET": "short"})
        )
    with pytest.raises(InvalidInput, match="true or false") as bad:
        Settings.load({**base, "MAGCOACH_SHARED": "maybe"})
    assert bad.value.field == "shared"


def _at(engine: object, revision: str) -> None:
    """Upgrade the database to `revision` (only ever forwards here)."""
    from alembic import command
    from alembic.config import Config

    from magcoach.store.db import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:  # type: ignore[attr-defined]
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def test_migrating_a_filled_diary_to_0004_keeps_every_row(database_url: str) -> None:
    from magcoach.store.db import make_engine

    engine = make_engine(database_url)
    try:
        _at(engine, "0003")
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO people (name, age, sex, pregnant, lactating, region, "
                    "kidney_disease, medicines, conditions, drinks_per_day, diet, allergies, "
                    "wants_weight_loss, is_default, created_at, updated_at) VALUES ('Ana', 44, "
                    "'female', false, false, 'us', false, '[]', '[]', 0, 'omnivore', '[]', "
                    "false, true, '2026-06-01', '2026-06-01')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO pain_entries (person_id, at, pain, created_at, updated_at) "
                    "SELECT id, '2026-06-01 20:00', 6, '2026-06-01', '2026-06-01' FROM people"
                )
            )
        _at(engine, db.HEAD)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT name, account_id FROM people")).all() == [
                ("Ana", None)
            ]
            assert conn.execute(text("SELECT count(*) FROM pain_entries")).scalar() == 1
            assert conn.execute(text("SELECT count(*) FROM accounts")).scalar() == 0
    finally:
        engine.dispose()


def test_a_shared_server_refuses_an_old_schema_until_db_upgrade(database_url: str) -> None:
    from dataclasses import replace

    from sqlalchemy.engine import make_url

    from magcoach.app import Context, accounts

    ctx = Context(replace(Settings.load(), database_url=database_url))
    try:
        with pytest.raises(SetupError, match="Upgrade the database once") as caught:
            accounts.require_current_schema(ctx)
        assert caught.value.field == "schema"  # the CLI words it as `magcoach db upgrade`
        assert "(empty)" in caught.value.message
        if make_url(database_url).password:  # shown hidden
            assert ":***@" in caught.value.message
        view = accounts.upgrade_database(ctx)
        assert (view.before, view.after, view.changed) == (None, db.HEAD, True)
        assert accounts.require_current_schema(ctx) == db.HEAD
    finally:
        ctx.close()


def test_in_shared_mode_admin_commands_wait_for_db_upgrade(tmp_path: Path) -> None:
    from dataclasses import replace

    from magcoach.app import Context, accounts

    settings = replace(
        Settings.load(), database_url=f"sqlite:///{tmp_path / 'c.sqlite'}", shared=True
    )
    ctx = Context(settings)
    try:
        with pytest.raises(SetupError, match="Upgrade the database once"):
            accounts.create_user(
                ctx, email="a@clinic.example", role="admin", password="purple tortoise umbrella"
            )
        accounts.upgrade_database(ctx)
        accounts.create_user(
            ctx, email="a@clinic.example", role="admin", password="purple tortoise umbrella"
        )
    finally:
        ctx.close()
