"""The diary's memory: database models, migrations and service functions.

`open_store(settings)` gives a `Store`; `magcoach.store.service` has the functions the
command line, the plan, the outcomes analysis and the web app call. `Store` and `open_store`
load SQLAlchemy when first used, so `magcoach.store.quick` stays quick.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from magcoach.store.db import Store, open_store

__all__ = ["Store", "open_store"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from magcoach.store import db

        return getattr(db, name)
    raise AttributeError(f"module 'magcoach.store' has no attribute {name!r}")
