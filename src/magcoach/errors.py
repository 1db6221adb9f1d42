"""Errors a person can act on, and the exit codes the command line maps them to."""

from enum import IntEnum


class ExitCode(IntEnum):
    """Named exit codes, one per kind of failure, so scripts can tell them apart."""

    OK = 0
    ERROR = 1
    USAGE = 2  # Typer/Click's own code for a malformed command line
    INVALID_INPUT = 3  # a value out of range, an unknown choice, an unparseable amount
    NOT_FOUND = 4  # no such food, medicine, person, entry
    BAD_FILE = 5  # a file that cannot be read or has the wrong shape
    SETUP = 6  # missing USDA data, a food database that cannot be built
    CONFLICT = 7  # the action would overwrite or duplicate something
    CANCELLED = 8  # the person said no at a confirmation prompt
    FORBIDDEN = 9  # shared mode: not yours to see or change (or no such thing: never told apart)
    UNAUTHENTICATED = 10  # shared mode: not logged in, wrong password, session ended
    RATE_LIMITED = 11  # shared mode: too many failed log-ins; wait and try again
    UNAVAILABLE = 12  # the database server cannot be reached just now; try again shortly


class MagcoachError(Exception):
    """Base class: the message must tell the person what went wrong and what to do.

    `code` names the kind of failure for machines (the web API's "error"), `field` the input
    it concerns ("text", "at", "score"...), so a web form can show the message beside the
    right box and the CLI can name its own option. `hint` is extra advice in plain words.
    """

    exit_code: ExitCode = ExitCode.ERROR
    code: str = "error"

    def __init__(self, message: str, *, hint: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.field = field

    def __str__(self) -> str:
        return f"{self.message}\n{self.hint}" if self.hint else self.message


class InvalidInput(MagcoachError):
    exit_code = ExitCode.INVALID_INPUT
    code = "invalid_input"


class NotFound(MagcoachError):
    exit_code = ExitCode.NOT_FOUND
    code = "not_found"


class BadFile(MagcoachError):
    exit_code = ExitCode.BAD_FILE
    code = "bad_file"


class SetupError(MagcoachError):
    exit_code = ExitCode.SETUP
    code = "setup"


class Conflict(MagcoachError):
    exit_code = ExitCode.CONFLICT
    code = "conflict"


class Cancelled(MagcoachError):
    exit_code = ExitCode.CANCELLED
    code = "cancelled"


class Busy(MagcoachError):
    """Another magcoach (usually an import) held the diary longer than we could wait."""

    exit_code = ExitCode.ERROR
    code = "busy"


class Forbidden(MagcoachError):
    """Shared mode: the actor may not do this. The same message whether or not the thing
    exists, so an id in a URL never tells a stranger that a person is there."""

    exit_code = ExitCode.FORBIDDEN
    code = "forbidden"


class Unauthenticated(MagcoachError):
    """Shared mode: no valid session (never logged in, logged out, timed out, disabled) or a
    wrong email/password pair (never saying which of the two was wrong)."""

    exit_code = ExitCode.UNAUTHENTICATED
    code = "unauthenticated"


class RateLimited(MagcoachError):
    """Shared mode: too many failed log-ins for this account or from this address."""

    exit_code = ExitCode.RATE_LIMITED
    code = "rate_limited"


class Unavailable(SetupError):
    """The database server cannot be reached just now (restarting, a dropped connection):
    nothing was saved from this request, and trying again in a moment should work. A kind of
    SetupError: when the server never comes back, its address or the server itself is wrong."""

    exit_code = ExitCode.UNAVAILABLE
    code = "unavailable"
