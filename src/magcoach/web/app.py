"""The web app: FastAPI pages and their /api twins over the application layer.

One door: every route parses its input, calls one use case in `magcoach.app`, and renders
(pages) or returns (/api) the view it gets. Routes hold no domain decisions, no validation
beyond the shape of the input, and no queries.
"""

from __future__ import annotations

from importlib.resources import files

from fastapi import Depends, FastAPI, Request
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from magcoach.app.context import Context
from magcoach.web.errors import install_error_handlers
from magcoach.web.security import SecurityMiddleware, local_hosts, public_hosts

#: Requests are small forms and JSON; uploads of diaries from other apps may be large.
MAX_BODY_BYTES = 1024 * 1024
MAX_UPLOAD_BYTES = 200 * 1024 * 1024
UPLOAD_PATHS = ("/data/import", "/api/import", "/data/restore", "/api/restore")


def create_app(
    ctx: Context,
    *,
    host: str,
    port: int,
    max_body_bytes: int = MAX_BODY_BYTES,
    max_upload_bytes: int = MAX_UPLOAD_BYTES,
) -> FastAPI:
    """The web app serving `ctx`'s diary, answering only to `host`:`port`."""
    from magcoach.web import api, pages
    from magcoach.web.deps import signed_in
    from magcoach.web.flash import Flash
    from magcoach.web.pages import account, sharing

    app = FastAPI(
        title="magcoach",
        summary="Magnesium and back-pain companion: the JSON twin of every page.",
        version="1",
        docs_url=None,  # the interactive docs load scripts from a CDN; /openapi.json stays
        redoc_url=None,
    )
    app.state.ctx = ctx
    app.state.flash = Flash()
    public = ctx.settings.public_url
    app.add_middleware(
        SecurityMiddleware,
        allowed_hosts=local_hosts(host, port) | public_hosts(public),
        scheme="https" if public and public.startswith("https://") else "http",
        max_body_bytes=max_body_bytes,
        max_upload_bytes=max_upload_bytes,
        upload_paths=UPLOAD_PATHS,
    )
    install_error_handlers(app)
    static_dir = files("magcoach.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static_dir)), name="static")
    # Signed in (shared mode) before any page or /api route; log-in and sign-up are outside.
    app.include_router(account.api)
    app.include_router(account.router)
    app.include_router(api.router, dependencies=[Depends(signed_in)])
    app.include_router(sharing.api, dependencies=[Depends(signed_in)])
    app.include_router(pages.router, dependencies=[Depends(signed_in)])
    app.include_router(pages.api, dependencies=[Depends(signed_in)])

    @app.get("/", include_in_schema=False)
    def home(request: Request) -> RedirectResponse:
        shared = request.app.state.ctx.settings.shared
        return RedirectResponse("/login" if shared else "/today", status_code=303)

    return app
