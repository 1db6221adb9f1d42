"""The diary's memory: database models, migrations and service functions.

`open_store(settings)` gives a `Store`; `magcoach.store.service` has the functions the
command line, the plan, the outcomes analysis and the web app call.
"""

from magcoach.store.db import Store, open_store

__all__ = ["Store", "open_store"]
