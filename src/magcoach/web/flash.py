"""One-time messages across a redirect (post, redirect, get): "Logged 1 cup spinach. Undo".

The message stays on the server; the redirect carries only a random token, so no text a page
shows can be put into a link by someone else.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FlashMessage:
    text: str
    level: str = "done"  # "done", or a warning level: "emergency", "urgent", "caution"
    undo: bool = False  # offer to undo the last delete
    logged: Any = None  # a LoggedFoodView: what was matched, and the alternatives to pick
    view: Any = None  # a use case's view to show once (a screening result)


class Flash:
    """A small bounded store of messages waiting to be shown once."""

    def __init__(self, capacity: int = 256) -> None:
        self.capacity = capacity
        self._messages: OrderedDict[str, list[FlashMessage]] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, *messages: FlashMessage) -> str:
        token = secrets.token_urlsafe(12)
        with self._lock:
            self._messages[token] = list(messages)
            while len(self._messages) > self.capacity:
                self._messages.popitem(last=False)
        return token

    def take(self, token: str | None) -> list[FlashMessage]:
        if not token:
            return []
        with self._lock:
            return self._messages.pop(token, [])

    def peek(self, token: str | None) -> list[FlashMessage]:
        """The messages without using them up (a result page may be reloaded)."""
        if not token:
            return []
        with self._lock:
            return list(self._messages.get(token, []))
