"""Open the store: create the data directory, connect, bring the schema up to date."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from magcoach.errors import SetupError
from magcoach.settings import Settings

MIGRATIONS = Path(__file__).with_name("migrations")
HEAD = "0003"


@dataclass
class Store:
    """An open database: `with store.session() as s:` commits on success, rolls back on error."""

    engine: Engine
    session_factory: sessionmaker[Session]

    @contextmanager
    def session(self) -> Iterator[Session]:
        session = self.session_factory()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def migrate(engine: Engine) -> None:
    """Run Alembic migrations up to head, programmatically."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _current_revision(engine: Engine) -> str | None:
    if not inspect(engine).has_table("alembic_version"):
        return None
    with engine.connect() as conn:
        row = conn.exec_driver_sql("SELECT version_num FROM alembic_version").first()
    return None if row is None else str(row[0])


def open_store(settings: Settings | None = None, *, url: str | None = None) -> Store:
    """Open (creating if needed) the database named by `settings.database_url` or `url`."""
    if url is None:
        settings = settings or Settings.load()
        settings.home.mkdir(parents=True, exist_ok=True)
        url = settings.database_url
    try:
        engine = make_engine(url)
        if _current_revision(engine) != HEAD:
            migrate(engine)
    except (OperationalError, SQLAlchemyError) as exc:
        raise SetupError(
            f"Cannot open the magcoach database ({url}): {exc.__class__.__name__}: "
            f"{str(exc).splitlines()[0]}",
            hint="Check MAGCOACH_DATABASE_URL / MAGCOACH_HOME and that the folder is writable.",
        ) from None
    return Store(engine=engine, session_factory=sessionmaker(engine, expire_on_commit=False))
