"""One-time notices across a redirect in shared mode ("Logged 1 cup spinach. Undo"): kept in
the database, not in a worker's memory, so the page after the redirect may be served by any
worker. A notice is readable only by the account it was written for, for `NOTICE_KEPT`.

The body is opaque here (the web app writes and reads it); the redirect carries only a random
token, whose SHA-256 is what is stored.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from magcoach.accounts import security
from magcoach.app.accounts import Actor
from magcoach.app.context import Context

NOTICE_KEPT = timedelta(hours=1)


def put_notice(ctx: Context, actor: Actor, body: str) -> str:
    from magcoach.store import accounts as store

    token = secrets.token_urlsafe(18)  # 144 bits; short enough for the pages' `note=`
    now = ctx.clock.now()
    with ctx.unit() as s:
        store.prune_notices(s, before=now - NOTICE_KEPT)
        store.add_notice(
            s, token_hash=security.digest(token), account_id=actor.account_id, body=body, now=now
        )
    return token


def read_notice(ctx: Context, actor: Actor, token: str, *, keep: bool) -> str | None:
    """The notice's body (used up unless `keep`: a result page may be reloaded), or None
    when it is unknown, another account's, or older than `NOTICE_KEPT`."""
    from magcoach.store import accounts as store

    now = ctx.clock.now()
    with ctx.unit() as s:
        row = store.notice(s, security.digest(token), actor.account_id)
        if row is None or row.created_at < now - NOTICE_KEPT:
            return None
        body = row.body
        if not keep:
            s.delete(row)
    return body
