"""The local web app: FastAPI pages and their /api twins over `magcoach.app` (see app.py)."""

from magcoach.web.app import create_app

__all__ = ["create_app"]
