"""Open the store: create the data directory, connect, bring the schema up to date."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.exc import (
    DBAPIError,
    InterfaceError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker

from magcoach.errors import Busy, MagcoachError, SetupError, Unavailable
from magcoach.settings import Settings
from magcoach.store.quick import BUSY_MESSAGE, BUSY_TIMEOUT_S

MIGRATIONS = Path(__file__).with_name("migrations")
HEAD = "0005"
PSYCOPG_HINT = (
    "PostgreSQL needs the psycopg driver: .venv/bin/pip install 'psycopg[binary]' "
    "(magcoach declares it; reinstall with `make install` if it went missing)."
)
log = logging.getLogger("magcoach.store")
UNAVAILABLE_MESSAGE = "The database is not reachable just now; try again in a moment."


@dataclass
class Store:
    """An open database: `with store.session() as s:` commits on success, rolls back on error."""

    engine: Engine
    session_factory: sessionmaker[Session]

    @contextmanager
    def session(self) -> Iterator[Session]:
        """The one place database failures become errors a person can act on: SQLite busy
        for longer than the timeout, a PostgreSQL server that is restarting or dropped the
        connection (the pool pings before each use, so the next unit reconnects by itself)."""
        session = self.session_factory()
        try:
            yield session
            session.commit()
        except (DBAPIError, PoolTimeout) as exc:
            _rollback_quietly(session)
            mapped = worded_failure(exc, self.engine.dialect.name)
            if mapped is None:
                raise
            # The person sees the plain words; the operator's log keeps the driver's.
            log.warning("%s: %s", mapped.code, _first_line(exc))
            raise mapped from None
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()


def _rollback_quietly(session: Session) -> None:
    """Roll back what can be; a connection that is gone has nothing left to roll back."""
    with suppress(SQLAlchemyError):
        session.rollback()


def worded_failure(exc: SQLAlchemyError, dialect: str) -> MagcoachError | None:
    """The error a person sees for a database failure, or None for a fault in magcoach
    itself (a bad query stays a bug: it must not pass for a passing outage)."""
    if dialect == "sqlite":  # one file: only a writer holding on too long is expected
        return Busy(BUSY_MESSAGE) if isinstance(exc, OperationalError) and is_busy(exc) else None
    if isinstance(exc, OperationalError | InterfaceError | PoolTimeout) or (
        isinstance(exc, DBAPIError) and exc.connection_invalidated
    ):
        # Server down or restarting, connection dropped, a deadlock or serialization
        # conflict, every pooled connection busy: all pass; nothing was saved.
        return Unavailable(UNAVAILABLE_MESSAGE)
    return None


#: What a PostgreSQL driver says when the server is not there just now (stopped, starting,
#: shutting down, or the connection dropped), as opposed to a wrong password or database name.
SERVER_AWAY = (
    "connection refused",
    "the database system is starting up",
    "the database system is shutting down",
    "server closed the connection",
    "terminating connection",
    "timeout expired",
)


def server_away(exc: BaseException) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    return any(marker in text for marker in SERVER_AWAY)


def _check_text_lengths(session: Session, _context: Any, _instances: Any) -> None:
    """Before anything is written, every new or changed row's text must fit its column, the
    same on SQLite (which would store it) and PostgreSQL (which would refuse it)."""
    from magcoach.validation import check_lengths

    for row in (*session.new, *session.dirty):
        table = getattr(row, "__table__", None)
        if table is not None:
            check_lengths(table, {c.key: getattr(row, c.key, None) for c in table.columns})


def is_busy(exc: BaseException) -> bool:
    """SQLite's 'database is locked' (another writer held on longer than the busy timeout)."""
    text = str(getattr(exc, "orig", exc)).lower()
    return "database is locked" in text or "database is busy" in text


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Transactions are begun by _begin_immediate, not by the driver.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
    cursor.close()


def _begin_immediate(connection: Any) -> None:
    # Take the write lock when the transaction starts, so the busy timeout applies: a deferred
    # transaction that reads and then writes fails at once ('database is locked') when another
    # writer committed in between, whatever the timeout.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # unparseable: hide whatever sits between '//user:' and '@'
        import re

        return re.sub(r"(//[^/:@]*:)[^@/]*@", r"\1***@", url)


def normalise_url(url: str) -> str:
    """postgres:// and postgresql:// mean PostgreSQL through psycopg 3 (the declared driver)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _begin_immediate)
        return engine
    if url.startswith("postgresql+psycopg"):
        try:
            import psycopg  # noqa: F401
        except ImportError:
            raise SetupError(
                f"Cannot open the magcoach database ({redact(url)}): the psycopg driver is "
                "not installed.",
                hint=PSYCOPG_HINT,
            ) from None
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
        if is_busy(exc):
            raise Busy(BUSY_MESSAGE) from None
        detail = (
            f"Cannot open the magcoach database ({redact(url)}): "
            f"{_without_secrets(_first_line(exc), url)}"
        )
        if server_away(exc):  # e.g. a web worker's first request while PostgreSQL restarts
            raise Unavailable(
                UNAVAILABLE_MESSAGE,
                hint=f"{detail}\nCheck MAGCOACH_DATABASE_URL and that the database server runs.",
            ) from None
        raise SetupError(
            detail,
            hint="Check MAGCOACH_DATABASE_URL / MAGCOACH_HOME and that the folder is writable.",
        ) from None
    except (ImportError, ValueError) as exc:  # an unknown scheme, a malformed URL
        raise SetupError(
            f"Cannot open the magcoach database ({redact(url)}): "
            f"{_without_secrets(str(exc).splitlines()[0], url)}",
            hint="MAGCOACH_DATABASE_URL looks like sqlite:///path/to/magcoach.sqlite or "
            "postgresql://user:password@host/dbname.",
        ) from None
    factory = sessionmaker(engine, expire_on_commit=False)
    event.listen(factory, "before_flush", _check_text_lengths)
    return Store(engine=engine, session_factory=factory)


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip()
    return f"{exc.__class__.__name__}: {text.splitlines()[0] if text else ''}"


def _without_secrets(text: str, url: str) -> str:
    """Drop the URL's password (and the URL itself) from a driver's message."""
    from sqlalchemy.engine import make_url

    try:
        password = make_url(normalise_url(url)).password
    except Exception:
        password = None
    text = text.replace(url, redact(url))
    return text.replace(str(password), "***") if password else text
