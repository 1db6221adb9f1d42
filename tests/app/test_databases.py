"""The application and web suites run on both databases: the diary a test gets is on the one
its parametrization names (a test here that found SQLite on its PostgreSQL run would mean
the PostgreSQL runs test nothing new)."""

from __future__ import annotations

from magcoach.app import Context


def test_the_diary_is_on_the_database_the_test_runs_for(diary_database: str) -> None:
    ctx = Context.from_env()
    try:
        assert ctx.store.engine.dialect.name == diary_database
    finally:
        ctx.close()
