"""Passwords, session ids, invitation codes, CSRF tokens and the log-in limits.

Pure functions (no database, no clock): the use cases in `magcoach.app.accounts` and
`magcoach.app.clinic` pass in the time and store what these return.

- Passwords are hashed with Argon2id (argon2-cffi's defaults, RFC 9106's second recommended
  profile: 64 MiB, 3 passes, 4 lanes). A stored hash made with other parameters is rehashed at
  the next successful log-in. Rules follow NIST SP 800-63B: at least 8 characters, not in the
  shipped list of common passwords, not the email; no composition rules.
- Session ids and invitation codes come from `secrets`; only their SHA-256 is stored.
- Comparisons of secrets go through `hmac.compare_digest` (constant time).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from functools import cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from magcoach.errors import InvalidInput

MIN_PASSWORD_LENGTH = 8
# Argon2 hashes any length, but a megabyte "password" would be a cheap way to make the
# server work hard: 1024 characters is far above any pass phrase.
MAX_PASSWORD_LENGTH = 1024

#: A session ends after this long without a request (idle timeout)...
SESSION_IDLE = timedelta(minutes=30)
#: ...and this long after log-in whatever happens (absolute timeout).
SESSION_ABSOLUTE = timedelta(hours=12)
#: `last_seen_at` is written at most this often, so each request does not write a row.
SESSION_TOUCH = timedelta(seconds=60)

#: An invitation code is valid this long (the issue: "a code or link valid 7 days").
INVITATION_VALID = timedelta(days=7)

#: Log-in limits, counted over a sliding window: failures for one email (since its last
#: success), and failures from one address, whoever they were for. Past either limit, log-ins
#: are refused without checking the password until the oldest failure leaves the window.
LOGIN_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 20

ROLES = ("person", "clinician", "admin")
SCOPES = ("summary", "diary")  # "summary and reports" | "full diary, read-only"

# Invitation codes: 16 characters from an alphabet without look-alikes (no 0/O, 1/I/L),
# shown in groups of four: 16 x log2(31) = 79 bits.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 16

_HASHER = PasswordHasher()  # argon2id with the library's current recommended parameters


def hasher() -> PasswordHasher:
    return _HASHER


def set_hasher(new: PasswordHasher) -> PasswordHasher:
    """Swap the hasher (tests use cheap parameters); returns the previous one."""
    global _HASHER
    previous, _HASHER = _HASHER, new
    _dummy_hash.cache_clear()
    return previous


# ---------------------------------------------------------------- passwords


@cache
def common_passwords() -> frozenset[str]:
    text = (
        resources.files("magcoach.accounts")
        .joinpath("data/common-passwords.txt")
        .read_text(encoding="utf-8")
    )
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line and not line.startswith("# ")
    )


def check_new_password(password: str, *, email: str | None = None) -> None:
    """Refuse a password that is too short, too long, common, or the email itself."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"The password must be at least {MIN_PASSWORD_LENGTH} characters long.",
            hint="A few unrelated words make a long password that is easy to remember.",
            field="password",
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidInput(
            f"The password must be at most {MAX_PASSWORD_LENGTH} characters long.",
            field="password",
        )
    folded = password.strip().lower()
    if folded in common_passwords():
        raise InvalidInput(
            "That password is on the list of the most common passwords, which are tried "
            "first by anyone guessing. Choose another.",
            field="password",
        )
    if email and folded in (email.strip().lower(), email.strip().lower().split("@", 1)[0]):
        raise InvalidInput("The password must not be your email address.", field="password")


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(stored_hash: str, password: str) -> tuple[bool, str | None]:
    """(matches, new hash when the stored one used other parameters and should be replaced)."""
    try:
        _HASHER.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False, None
    if _HASHER.check_needs_rehash(stored_hash):
        return True, _HASHER.hash(password)
    return True, None


@cache
def _dummy_hash() -> str:
    return _HASHER.hash(secrets.token_urlsafe(16))


def waste_verification(password: str) -> None:
    """Take as long as a real check, for an email with no account: the time a failed log-in
    takes does not tell whether the account exists."""
    verify_password(_dummy_hash(), password)


# ---------------------------------------------------------------- tokens and codes


def new_session_token() -> str:
    """A fresh session id for the cookie: 256 random bits."""
    return secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """What is stored for a session id or an invitation code."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_invitation_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalise_code(text: str) -> str:
    """A code as typed ('abcd efgh-...', lower case, spaces) in its canonical form."""
    raw = "".join(ch for ch in text.upper() if ch.isalnum())
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def csrf_token(secret: str, session_token: str) -> str:
    """The CSRF token for a session: an HMAC of its id, so nothing more need be stored and it
    changes with every new session."""
    return hmac.new(
        secret.encode("utf-8"), b"csrf:" + session_token.encode("utf-8"), hashlib.sha256
    ).hexdigest()


def csrf_ok(secret: str, session_token: str, presented: str | None) -> bool:
    return presented is not None and hmac.compare_digest(
        csrf_token(secret, session_token), presented
    )


def session_cookie(https: bool) -> tuple[str, dict[str, object]]:
    """The session cookie's name and attributes: HttpOnly (no script reads it), SameSite=Lax
    (not sent on cross-site posts), and over HTTPS Secure with the `__Host-` prefix (no
    subdomain or plain-HTTP page can set or overwrite it). It lasts no longer than the session.
    """
    attributes: dict[str, object] = {
        "httponly": True,
        "samesite": "lax",
        "secure": https,
        "path": "/",
        "max_age": int(SESSION_ABSOLUTE.total_seconds()),
    }
    return ("__Host-magcoach-session" if https else "magcoach-session"), attributes


# ---------------------------------------------------------------- accounts


def normalise_email(text: str) -> str:
    """Emails are compared lower-cased and trimmed; a minimal shape check only (the real check
    is that the invitation reached the person)."""
    email = text.strip().lower()
    local, at, domain = email.partition("@")
    if not at or not local or "." not in domain or " " in email or len(email) > 254:
        raise InvalidInput(f"{text.strip()!r} is not an email address.", field="email")
    return email


def check_role(role: str) -> str:
    cleaned = role.strip().lower()
    if cleaned not in ROLES:
        raise InvalidInput(f"Unknown role {role!r}; use one of: {', '.join(ROLES)}.", field="role")
    return cleaned


def check_scope(scope: str) -> str:
    cleaned = scope.strip().lower()
    if cleaned not in SCOPES:
        raise InvalidInput(
            f"Unknown scope {scope!r}: 'summary' (summary and reports) or 'diary' "
            "(the full diary, read-only).",
            field="scope",
        )
    return cleaned


def scope_allows(scope: str, need: str) -> bool:
    """A 'diary' grant includes the summary; nobody but the owner may write."""
    if need == "summary":
        return scope in SCOPES
    if need == "diary":
        return scope == "diary"
    return False
