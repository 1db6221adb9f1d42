"""The application layer: one function per use case, `(Context, typed request) -> typed view`.

Every shell goes through here: the CLI (`magcoach ...`, whose `--json` prints the view), the
web pages (which render the view) and `/api` (which returns it). Decisions, validation and
queries live here or below; shells only parse, call and render. Modules follow the journey:
`people`, `screen`, `foods`, `diary`, `daily`, `plan`, `outcomes`, `transfer`.
"""

from magcoach.app.context import Clock, Context

__all__ = ["Clock", "Context"]
