"""Serving the web app: where it may listen and whether everything is ready before it does.

The local mode serves this computer only (the diary is health data). The shared (clinic) mode
sits behind a reverse proxy, so it may listen on a network address; it starts only with
PostgreSQL, a secret and a database already at this version's schema (upgrading is a separate
step, run once for the whole clinic, never by each worker at start).
"""

from __future__ import annotations

from magcoach.app.context import Context
from magcoach.app.views import View
from magcoach.errors import InvalidInput
from magcoach.settings import Settings, check_shared_settings

#: Names that reach only this computer.
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
MAX_WORKERS = 32
#: Where the worker processes of `serve --shared` find the address they answer to (the factory
#: reads them; uvicorn starts each worker from an import string, with no arguments).
BIND_HOST_VARIABLE = "MAGCOACH_BIND_HOST"
BIND_PORT_VARIABLE = "MAGCOACH_BIND_PORT"


class ServePlan(View):
    """What `serve` will do: where, how many worker processes, for which mode."""

    host: str
    port: int
    workers: int
    shared: bool
    url: str  # where this server listens
    public_url: str | None  # where people reach it (the reverse proxy's address)
    revision: str | None  # the database schema in shared mode
    foods: int | None  # foods in the food database, opened (built if missing) before workers


def check_bind(settings: Settings, *, host: str, port: int, workers: int) -> None:
    """Refuse an address or a number of workers the mode does not allow."""
    if not 1 <= port <= 65535:
        raise InvalidInput(f"The port must be 1 to 65535, not {port}.", field="port")
    if not 1 <= workers <= MAX_WORKERS:
        raise InvalidInput(
            f"The number of workers must be 1 to {MAX_WORKERS}, not {workers}.", field="workers"
        )
    if settings.shared:
        if not host.strip():
            raise InvalidInput("The address to listen on is empty.", field="host")
        return
    if host not in LOCAL_HOSTS:
        raise InvalidInput(
            f"magcoach serves only this computer (127.0.0.1 or localhost), not {host!r}: "
            "your diary is health data. A clinic's server uses the shared mode.",
            field="host",
        )
    if workers != 1:
        raise InvalidInput(
            "Several workers are for the shared (clinic) mode on PostgreSQL; on this "
            "computer one is plenty.",
            field="workers",
        )


def shown_url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def check_ready_to_serve(ctx: Context, *, host: str, port: int, workers: int = 1) -> ServePlan:
    """Everything `serve` needs before it listens. In shared mode: PostgreSQL and a secret
    (settings), the schema already current (no migration here), and the food database opened
    once, so that it is built before several workers would each try to."""
    from magcoach.app import accounts

    settings = ctx.settings
    check_bind(settings, host=host, port=port, workers=workers)
    revision: str | None = None
    foods: int | None = None
    if settings.shared:
        check_shared_settings(settings)
        revision = accounts.require_current_schema(ctx)
        foods = ctx.food_db().count()  # builds it when missing or stale, once, here
    return ServePlan(
        host=host,
        port=port,
        workers=workers,
        shared=settings.shared,
        url=shown_url(host, port),
        public_url=settings.public_url,
        revision=revision,
        foods=foods,
    )
