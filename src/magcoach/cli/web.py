"""`magcoach serve`: the web app on this computer, opened in the browser; or, with `--shared`,
a clinic's server of several worker processes over one PostgreSQL, behind a reverse proxy."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

import typer

from magcoach.cli.apps import PANEL_DATA, app

if TYPE_CHECKING:
    from magcoach.app.serving import ServePlan

FACTORY = "magcoach.web.factory:create_from_env"


def _worded() -> AbstractContextManager[None]:
    from magcoach.cli.common import hints_for

    return hints_for(
        schema="Run `magcoach db upgrade` once (one step for the whole clinic, not one per "
        "worker), then start `magcoach serve --shared` again.",
        workers="--workers N takes 1 to 32 (with --shared; one without).",
    )


@app.command("serve", rich_help_panel=PANEL_DATA)
def serve(
    port: int = typer.Option(8000, "--port", help="Port to serve on."),
    host: str = typer.Option(
        "127.0.0.1",
        "--host",
        help="Address to bind: 127.0.0.1 or localhost (this computer). With --shared also a "
        "network address (0.0.0.0 or this machine's), for a reverse proxy in front.",
    ),
    no_browser: bool = typer.Option(False, "--no-browser", help="Do not open the browser."),
    shared: bool = typer.Option(
        False,
        "--shared",
        help="Shared (clinic) mode: accounts on PostgreSQL (or set MAGCOACH_SHARED=true). "
        "Needs MAGCOACH_DATABASE_URL, MAGCOACH_SECRET and `magcoach db upgrade` first.",
    ),
    workers: int = typer.Option(
        1, "--workers", help="Worker processes (shared mode, 1 to 32): more for more people."
    ),
) -> None:
    """Open magcoach in the browser: every step of the journey as pages (Ctrl+C stops it)."""
    from dataclasses import replace

    from magcoach.app import Clock, Context, serving
    from magcoach.settings import Settings

    settings = Settings.load()
    if shared:
        settings = replace(settings, shared=True)
    ctx = Context(settings, Clock.from_env())
    try:
        with _worded():
            plan = serving.check_ready_to_serve(ctx, host=host, port=port, workers=workers)
    finally:
        ctx.close()
    if plan.shared:
        run_shared(plan)
    else:
        run_server(host, port, open_browser=not no_browser)


def run_shared(plan: ServePlan) -> None:
    """uvicorn's supervisor starts `plan.workers` processes, each building its app from the
    environment (magcoach.web.factory), and starts a new one when one dies."""
    import os

    import uvicorn

    from magcoach.app.serving import BIND_HOST_VARIABLE, BIND_PORT_VARIABLE

    os.environ["MAGCOACH_SHARED"] = "true"  # --shared reaches the workers too
    os.environ[BIND_HOST_VARIABLE] = plan.host
    os.environ[BIND_PORT_VARIABLE] = str(plan.port)
    workers = f"{plan.workers} worker{'s' if plan.workers != 1 else ''}"
    reached = plan.public_url or "your reverse proxy's address (set MAGCOACH_PUBLIC_URL)"
    typer.echo(
        f"magcoach (shared mode, {workers}, schema {plan.revision}, {plan.foods} foods) listens "
        f"on {plan.url}; people reach it at {reached}. Ctrl+C stops it."
    )
    uvicorn.run(
        FACTORY,
        factory=True,
        host=plan.host,
        port=plan.port,
        workers=plan.workers,
        log_level="info",  # a worker that dies and is replaced is worth a line
        access_log=False,
        server_header=False,
    )


def run_server(host: str, port: int, *, open_browser: bool) -> None:
    import threading
    import webbrowser

    import uvicorn

    from magcoach.app import Context
    from magcoach.app.serving import shown_url
    from magcoach.web import create_app

    ctx = Context.from_env()
    url = shown_url(host, port)
    typer.echo(f"magcoach is at {url} (only this computer can reach it). Ctrl+C stops it.")
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    try:
        uvicorn.run(
            create_app(ctx, host=host, port=port),
            host=host,
            port=port,
            log_level="warning",
            server_header=False,
        )
    finally:
        ctx.close()
