"""`magcoach serve`: the web app on this computer, opened in the browser."""

from __future__ import annotations

import typer

from magcoach.cli.apps import PANEL_DATA, app

#: Names that reach only this computer. Serving to the network is the clinic mode's job.
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@app.command("serve", rich_help_panel=PANEL_DATA)
def serve(
    port: int = typer.Option(8000, "--port", help="Port to serve on."),
    host: str = typer.Option(
        "127.0.0.1", "--host", help="Address to bind: 127.0.0.1 or localhost (this computer)."
    ),
    no_browser: bool = typer.Option(False, "--no-browser", help="Do not open the browser."),
) -> None:
    """Open magcoach in the browser: every step of the journey as pages (Ctrl+C stops it)."""
    from magcoach.errors import InvalidInput

    if host not in LOCAL_HOSTS:
        raise InvalidInput(
            f"magcoach serves only this computer (127.0.0.1 or localhost), not {host!r}: "
            "your diary is health data.",
            field="host",
        )
    if not 1 <= port <= 65535:
        raise InvalidInput(f"The port must be 1 to 65535, not {port}.", field="port")
    run_server(host, port, open_browser=not no_browser)


def run_server(host: str, port: int, *, open_browser: bool) -> None:
    import threading
    import webbrowser

    import uvicorn

    from magcoach.app import Context
    from magcoach.web import create_app

    ctx = Context.from_env()
    shown_host = "[::1]" if host == "::1" else host
    url = f"http://{shown_host}:{port}/"
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
