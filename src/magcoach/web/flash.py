"""One-time messages across a redirect (post, redirect, get): "Logged 1 cup spinach. Undo".

The message stays on the server; the redirect carries only a random token, so no text a page
shows can be put into a link by someone else. Locally it is kept in this process's memory; in
shared mode in the database (app.notices), readable only by the account it was written for,
because the page after the redirect may be served by another worker.
"""

from __future__ import annotations

import importlib
import json
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from pydantic import BaseModel

from magcoach.web.deps import app_context, visitor


@dataclass(frozen=True)
class FlashMessage:
    text: str
    level: str = "done"  # "done", or a warning level: "emergency", "urgent", "caution"
    undo: bool = False  # offer to undo the last delete
    logged: Any = None  # a LoggedFoodView: what was matched, and the alternatives to pick
    view: Any = None  # a use case's view to show once (a screening result)


class Flash:
    """Messages waiting to be shown once: a small bounded store in memory (local mode), or
    the database (shared mode)."""

    def __init__(self, capacity: int = 256) -> None:
        self.capacity = capacity
        self._messages: OrderedDict[str, list[FlashMessage]] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, request: Request, *messages: FlashMessage) -> str:
        actor = visitor(request)
        if actor is not None:
            from magcoach.app import notices

            return notices.put_notice(app_context(request), actor, _dump(messages))
        token = secrets.token_urlsafe(12)
        with self._lock:
            self._messages[token] = list(messages)
            while len(self._messages) > self.capacity:
                self._messages.popitem(last=False)
        return token

    def take(self, request: Request, token: str | None) -> list[FlashMessage]:
        return self._read(request, token, keep=False)

    def peek(self, request: Request, token: str | None) -> list[FlashMessage]:
        """The messages without using them up (a result page may be reloaded)."""
        return self._read(request, token, keep=True)

    def _read(self, request: Request, token: str | None, *, keep: bool) -> list[FlashMessage]:
        if not token:
            return []
        actor = visitor(request)
        if actor is not None:
            from magcoach.app import notices

            body = notices.read_notice(app_context(request), actor, token, keep=keep)
            return [] if body is None else _load(body)
        with self._lock:
            if keep:
                return list(self._messages.get(token, []))
            return self._messages.pop(token, [])


# ---------------------------------------------------------------- kept as JSON (shared mode)


def _dump(messages: tuple[FlashMessage, ...]) -> str:
    return json.dumps(
        [
            {
                "text": m.text,
                "level": m.level,
                "undo": m.undo,
                "logged": _dump_view(m.logged),
                "view": _dump_view(m.view),
            }
            for m in messages
        ]
    )


def _dump_view(view: Any) -> dict[str, Any] | None:
    if view is None:
        return None
    kind = type(view)
    return {"type": f"{kind.__module__}:{kind.__qualname__}", "data": view.model_dump(mode="json")}


def _load(body: str) -> list[FlashMessage]:
    return [
        FlashMessage(
            text=item["text"],
            level=item["level"],
            undo=item["undo"],
            logged=_load_view(item["logged"]),
            view=_load_view(item["view"]),
        )
        for item in json.loads(body)
    ]


def _load_view(data: dict[str, Any] | None) -> Any:
    """A view again, of the class it was; only the application layer's views are made."""
    if data is None:
        return None
    module, _, name = data["type"].partition(":")
    if not module.startswith("magcoach.app."):
        return None
    kind = getattr(importlib.import_module(module), name, None)
    if not (isinstance(kind, type) and issubclass(kind, BaseModel)):
        return None
    return kind.model_validate(data["data"])
