"""The app of one worker process of `magcoach serve --shared --workers N`.

uvicorn starts each worker from the import string `magcoach.web.factory:create_from_env` with no
arguments, so everything comes from the environment: the settings (MAGCOACH_*) and the address
`serve` listens on (`magcoach.app.serving.BIND_HOST_VARIABLE`/`BIND_PORT_VARIABLE`). A worker
keeps no state of its own: sessions, notices and diaries are in the database, the food database
is a read-only file each worker opens, and the database is opened at the first request (a
worker started while the database restarts still starts, and answers 503 until it is back).
"""

from __future__ import annotations

import os

from fastapi import FastAPI

from magcoach.app import Context
from magcoach.app.serving import BIND_HOST_VARIABLE, BIND_PORT_VARIABLE
from magcoach.web.app import create_app

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def create_from_env() -> FastAPI:
    """A web app for this process, from the environment `serve` set up."""
    host = os.environ.get(BIND_HOST_VARIABLE) or DEFAULT_HOST
    port = int(os.environ.get(BIND_PORT_VARIABLE) or DEFAULT_PORT)
    return create_app(Context.from_env(), host=host, port=port)
