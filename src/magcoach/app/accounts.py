"""Accounts and sessions for the shared (clinic) mode: create users, sign up, log in and out,
change a password, disable an account, and turn a session token into the acting account.

A session is a row in the database (only the SHA-256 of its random id is stored), so logging
out, changing a password or an admin disabling the account ends it for every worker at once.
Sessions end after `SESSION_IDLE` without a request and `SESSION_ABSOLUTE` after log-in.
Log-ins are limited per email and per address (see `magcoach.accounts.security`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from magcoach.accounts import security
from magcoach.app.context import Context
from magcoach.app.views import View
from magcoach.errors import Forbidden, InvalidInput, RateLimited, Unauthenticated

WRONG_LOGIN = "Wrong email or password."
SESSION_ENDED = "Your session has ended; please log in again."
MAX_NAME = 120
#: Log-in attempts are only needed for the rate limit's window; a day is plenty to look back on.
ATTEMPTS_KEPT = timedelta(days=1)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from magcoach.store.models import AccountRow


class Actor(View):
    """Who is acting: the account behind a valid session."""

    account_id: int
    email: str
    display_name: str
    role: str  # "person" | "clinician" | "admin"
    #: Whose diary this session has open (its owner's or a patient's), re-authorized on every
    #: request; None until one is chosen.
    person_id: int | None = None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_clinician(self) -> bool:
        return self.role == "clinician"


class AccountView(View):
    id: int
    email: str
    display_name: str
    role: str
    disabled: bool
    created_at: datetime


class AccountsView(View):
    accounts: list[AccountView]


class LoginView(View):
    """A new session. `token` goes into the cookie and nowhere else; `csrf` into each form."""

    token: str
    csrf: str | None  # None when no secret is configured (local use of the use cases)
    expires_at: datetime
    actor: Actor


class Done(View):
    message: str


def _account_view(row: AccountRow) -> AccountView:
    return AccountView.model_validate(row, from_attributes=True)


def _actor(row: AccountRow) -> Actor:
    return Actor(account_id=row.id, email=row.email, display_name=row.display_name, role=row.role)


def _display_name(name: str | None, email: str) -> str:
    cleaned = " ".join((name or "").split())
    if len(cleaned) > MAX_NAME:
        raise InvalidInput(f"The name must be at most {MAX_NAME} characters.", field="name")
    return cleaned or email.split("@", 1)[0]


def require_admin(ctx: Context, actor: Actor | None) -> None:
    """`None` is the server's operator at the command line (who holds the database anyway).
    In shared mode the operator's commands do not migrate the database as a side effect:
    that is `magcoach db upgrade`'s job."""
    if actor is not None and not actor.is_admin:
        raise Forbidden("Only an admin can do this.")
    if actor is None and ctx.settings.shared:
        require_current_schema(ctx)


# ---------------------------------------------------------------- accounts


def create_user(
    ctx: Context,
    *,
    email: str,
    role: str,
    password: str,
    display_name: str | None = None,
    actor: Actor | None = None,
) -> AccountView:
    """Make an account (`magcoach admin create-user`: the first admin is made this way)."""
    from magcoach.store import accounts as store

    require_admin(ctx, actor)
    address = security.normalise_email(email)
    role = security.check_role(role)
    security.check_new_password(password, email=address)
    hashed = security.hash_password(password)
    with ctx.unit() as s:
        row = store.add_account(
            s,
            email=address,
            display_name=_display_name(display_name, address),
            role=role,
            password_hash=hashed,
            now=ctx.clock.now(),
        )
        return _account_view(row)


def list_accounts(ctx: Context, actor: Actor | None) -> AccountsView:
    from magcoach.store import accounts as store

    require_admin(ctx, actor)
    with ctx.unit() as s:
        return AccountsView(accounts=[_account_view(r) for r in store.accounts(s)])


def disable_account(
    ctx: Context, *, email: str, actor: Actor | None = None, disabled: bool = True
) -> AccountView:
    """Disable (or enable again) an account; disabling ends all its sessions at once."""
    from magcoach.errors import NotFound
    from magcoach.store import accounts as store

    require_admin(ctx, actor)
    address = security.normalise_email(email)
    if actor is not None and disabled and actor.email == address:
        raise InvalidInput("You cannot disable your own account.", field="email")
    with ctx.unit() as s:
        row = store.account_by_email(s, address)
        if row is None:
            raise NotFound(f"No account for {address}.", field="email")
        row.disabled = disabled
        row.updated_at = ctx.clock.now()
        if disabled:
            store.end_sessions(s, row.id)
        return _account_view(row)


# ---------------------------------------------------------------- sign-up and log-in


def sign_up(
    ctx: Context,
    *,
    email: str,
    password: str,
    display_name: str | None = None,
    code: str | None = None,
) -> LoginView:
    """Open an account and log in. With an invitation code the code says the role: an admin's
    invitation makes a clinician or a person; a person's share invitation makes a clinician
    who sees that person at once. Without a code only when the clinic allows open sign-up
    (people only)."""
    from magcoach.app import clinic
    from magcoach.store import accounts as store

    address_email = security.normalise_email(email)
    security.check_new_password(password, email=address_email)
    now = ctx.clock.now()
    if not code and not ctx.settings.open_signup:
        raise InvalidInput(
            "Signing up needs an invitation code.",
            hint="Ask your clinic or the person who wants to share with you for one.",
            field="code",
        )
    hashed = security.hash_password(password)
    with ctx.unit() as s:
        invitation = clinic.usable_invitation(s, code, now=now) if code else None
        role = "person"
        if invitation is not None:
            role = "clinician" if invitation.kind in ("clinician", "share") else "person"
        row = store.add_account(
            s,
            email=address_email,
            display_name=_display_name(display_name, address_email),
            role=role,
            password_hash=hashed,
            now=now,
        )
        if invitation is not None:
            clinic.use_invitation(s, invitation, row.id, now=now)
        return _new_session(ctx, s, row, now)


def log_in(
    ctx: Context,
    *,
    email: str,
    password: str,
    address: str,
    replacing: str | None = None,
) -> LoginView:
    """Check the password and start a new session (always a new id: a token the browser had
    before, `replacing`, is ended). `address` is the client's IP address (as the reverse proxy
    reports it). Too many failures for the email or from the address → RateLimited, without
    checking the password."""
    from magcoach.store import accounts as store

    now = ctx.clock.now()
    try:
        address_email = security.normalise_email(email)
    except InvalidInput:
        security.waste_verification(password)
        raise Unauthenticated(WRONG_LOGIN, field="email") from None
    with ctx.unit() as s:
        _check_rate(s, address_email, address, now)
        row = store.account_by_email(s, address_email)
        account_id = None if row is None else row.id
        stored_hash = "" if row is None else row.password_hash
        disabled = row is not None and row.disabled
    # Argon2 takes a fraction of a second: no transaction is held open meanwhile.
    if account_id is None:
        security.waste_verification(password)
        ok, rehashed = False, None
    else:
        ok, rehashed = security.verify_password(stored_hash, password)
    with ctx.unit() as s:
        store.record_attempt(
            s, email=address_email, address=address, at=now, succeeded=ok and not disabled
        )
        store.prune_attempts(s, before=now - ATTEMPTS_KEPT)
        account = store.account(s, account_id) if account_id is not None else None
        # Re-read: disabled or given a new password while the hash was being checked?
        current = account is not None and not account.disabled
        if ok and account is not None and current and account.password_hash == stored_hash:
            if rehashed is not None:
                account.password_hash = rehashed
                account.updated_at = now
            if replacing:
                store.end_session(s, security.digest(replacing))
            store.prune_sessions(s, idle_before=now - security.SESSION_IDLE, now=now)
            return _new_session(ctx, s, account, now)
    # Raised after the unit ends, so the failed attempt is kept for the rate limit.
    if ok and disabled:
        raise Unauthenticated(
            "This account is disabled.", hint="Ask the clinic's admin.", field="email"
        )
    raise Unauthenticated(WRONG_LOGIN, field="password")


def _check_rate(s: Session, email: str, address: str, now: datetime) -> None:
    from magcoach.store import accounts as store

    since = now - security.LOGIN_WINDOW
    by_account = store.failures(s, since=since, email=email)
    by_address = store.failures(s, since=since, address=address)
    for times, limit in (
        (by_account, security.MAX_FAILURES_PER_ACCOUNT),
        (by_address, security.MAX_FAILURES_PER_ADDRESS),
    ):
        if len(times) >= limit:
            free_at = times[-limit] + security.LOGIN_WINDOW
            minutes = max(1, -(-int((free_at - now).total_seconds()) // 60))
            raise RateLimited(
                "Too many failed log-ins for this account or from this address.",
                hint=f"Try again in {minutes} minute{'s' if minutes != 1 else ''}.",
                field="email",
            )


def _new_session(ctx: Context, s: Session, row: AccountRow, now: datetime) -> LoginView:
    from magcoach.store import accounts as store

    token = security.new_session_token()
    expires_at = now + security.SESSION_ABSOLUTE
    store.add_session(
        s,
        account_id=row.id,
        token_hash=security.digest(token),
        now=now,
        expires_at=expires_at,
    )
    return LoginView(
        token=token, csrf=csrf_for(ctx, token), expires_at=expires_at, actor=_actor(row)
    )


def csrf_for(ctx: Context, token: str) -> str | None:
    """The CSRF token forms of this session carry (None without a configured secret)."""
    secret = ctx.settings.secret
    return security.csrf_token(secret, token) if secret else None


def check_csrf(ctx: Context, token: str, presented: str | None) -> None:
    """Every state change in the web app: the form's token must match the session's."""
    secret = ctx.settings.secret
    if not secret or not security.csrf_ok(secret, token, presented):
        raise Forbidden("The form has expired or did not come from this site; reload the page.")


def log_out(ctx: Context, *, token: str) -> Done:
    from magcoach.store import accounts as store

    with ctx.unit() as s:
        store.end_session(s, security.digest(token))
    return Done(message="Logged out.")


def resolve_session(ctx: Context, token: str | None) -> Actor:
    """The acting account for a session token, or Unauthenticated when there is none, it
    timed out (idle or absolute), or the account is disabled. Refreshes the idle clock."""
    from magcoach.store import accounts as store

    if not token:
        raise Unauthenticated("Please log in.")
    now = ctx.clock.now()
    with ctx.unit() as s:
        found = store.session_by_hash(s, security.digest(token))
        if found is None:
            raise Unauthenticated(SESSION_ENDED)
        row, account = found
        idle = now - row.last_seen_at
        if now >= row.expires_at or idle >= security.SESSION_IDLE or account.disabled:
            s.delete(row)
            expired = True
        else:
            expired = False
            if idle >= security.SESSION_TOUCH:
                row.last_seen_at = now
            actor = _actor(account).model_copy(update={"person_id": row.person_id})
    if expired:
        raise Unauthenticated(SESSION_ENDED)
    return actor


def open_person(ctx: Context, *, token: str, person_id: int) -> Actor:
    """Open a person's diary in this session (an owner's own person, or a patient who shared
    with the clinician). Checked now and again on every request, so it never grants access."""
    from magcoach.app import clinic
    from magcoach.store import accounts as store

    actor = resolve_session(ctx, token)
    ref = clinic.authorized_person(ctx, actor, person_id, "summary", what="opened")
    with ctx.unit() as s:
        store.set_session_person(s, security.digest(token), ref.id)
    return actor.model_copy(update={"person_id": ref.id})


def change_password(ctx: Context, *, token: str, current_password: str, new_password: str) -> Done:
    """Change the password (the current one is asked again); every other session of the
    account ends, this one stays."""
    from magcoach.store import accounts as store

    actor = resolve_session(ctx, token)
    security.check_new_password(new_password, email=actor.email)
    if new_password == current_password:
        raise InvalidInput("The new password is the same as the current one.", field="password")
    with ctx.unit() as s:
        row = store.account(s, actor.account_id)
        if row is None:
            raise Unauthenticated(SESSION_ENDED)
        current_hash = row.password_hash
    ok, _ = security.verify_password(current_hash, current_password)
    if ok:
        new_hash = security.hash_password(new_password)
        with ctx.unit() as s:
            row = store.account(s, actor.account_id)
            if row is None or row.password_hash != current_hash:  # changed meanwhile
                raise InvalidInput("The password was just changed elsewhere; log in again.")
            row.password_hash = new_hash
            row.updated_at = ctx.clock.now()
            ended = store.end_sessions(s, row.id, keep_hash=security.digest(token))
    if not ok:
        raise InvalidInput("The current password is wrong.", field="current_password")
    others = f" {ended} other session{'s' if ended != 1 else ''} ended." if ended else ""
    return Done(message=f"Password changed.{others}")


# ---------------------------------------------------------------- the database schema


class UpgradeView(View):
    database: str  # the URL without its password
    before: str | None  # None: an empty database
    after: str
    changed: bool


def upgrade_database(ctx: Context) -> UpgradeView:
    """Bring the database schema up to date (`magcoach db upgrade`): in shared mode an explicit
    step run once per release, not by each of several workers at start."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    from magcoach.errors import SetupError
    from magcoach.store import db

    url = ctx.settings.database_url
    shown = make_url(url).render_as_string(hide_password=True)
    if url.startswith("sqlite"):
        ctx.settings.home.mkdir(parents=True, exist_ok=True)
    try:
        engine = db.make_engine(url)
        try:
            before = db._current_revision(engine)
            if before != db.HEAD:
                db.migrate(engine)
            after = db._current_revision(engine) or db.HEAD
        finally:
            engine.dispose()
    except SQLAlchemyError as exc:
        raise SetupError(
            f"Cannot upgrade the database {shown}: {exc.__class__.__name__}: "
            f"{str(exc).splitlines()[0]}",
            hint="Check MAGCOACH_DATABASE_URL and that the database server is running.",
        ) from None
    return UpgradeView(database=shown, before=before, after=after, changed=before != after)


def require_current_schema(ctx: Context) -> str:
    """For `serve --shared` at start: refuse when the database is not at this version's
    schema, instead of letting each of several workers migrate it at once. Returns the
    revision."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    from magcoach.errors import SetupError
    from magcoach.store import db

    url = ctx.settings.database_url
    shown = make_url(url).render_as_string(hide_password=True)
    try:
        engine = db.make_engine(url)
        try:
            current = db._current_revision(engine)
        finally:
            engine.dispose()
    except SQLAlchemyError as exc:
        raise SetupError(
            f"Cannot reach the database {shown}: {exc.__class__.__name__}.",
            hint="Check MAGCOACH_DATABASE_URL and that the database server is running.",
        ) from None
    if current != db.HEAD:
        raise SetupError(
            f"The database {shown} is at schema {current or '(empty)'}; this magcoach needs "
            f"{db.HEAD}.",
            hint="Upgrade the database once (one step for the whole clinic, not one per "
            "worker), then try again.",
            field="schema",
        )
    return current
