"""One settings object: environment variables (MAGCOACH_*) first, then a config file.

The config file is `config.toml` in the data directory (or the file named by
MAGCOACH_CONFIG) with the same keys in lower case: `home`, `database_url`, `usda_dir`,
`region`, `food_db`, and for the shared (clinic) mode `shared`, `secret`, `open_signup`,
`public_url`.
Kept free of heavy imports: every command reads it at start-up.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from magcoach.errors import BadFile, InvalidInput, SetupError

REGIONS = ("us", "eu")
_KEYS = (
    "home",
    "database_url",
    "usda_dir",
    "region",
    "food_db",
    "shared",
    "secret",
    "open_signup",
    "public_url",
)
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off", "")
#: A secret shorter than this is too easy to guess (32 characters of `secrets.token_urlsafe`
#: carry 192 bits).
MIN_SECRET_LENGTH = 32


def _default_home() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("magcoach", appauthor=False))


def _default_usda_dir() -> Path:
    # The project sits beside ../shared; from an installed package fall back to the working dir.
    repo_root = Path(__file__).resolve().parents[2]
    candidate = repo_root.parent / "shared" / "data" / "usda"
    return candidate if candidate.exists() else Path.cwd().parent / "shared" / "data" / "usda"


@dataclass(frozen=True)
class Settings:
    home: Path
    database_url: str
    usda_dir: Path
    region: str
    food_db: Path
    # Shared (clinic) mode: accounts, sharing with clinicians, one PostgreSQL database.
    shared: bool = False
    secret: str | None = field(default=None, repr=False)  # signs CSRF tokens; never printed
    open_signup: bool = False  # people may sign up without an invitation code
    # The address people type, e.g. https://magcoach.clinic.example (the reverse proxy's):
    # the only Host answered, and https:// makes cookies Secure and __Host- prefixed.
    public_url: str | None = None

    @classmethod
    def load(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        values: dict[str, str] = {}
        config_path = env.get("MAGCOACH_CONFIG")
        home_hint = env.get("MAGCOACH_HOME")
        if config_path is None:
            base = Path(home_hint) if home_hint else _default_home()
            config_path = str(base / "config.toml")
        values.update(_read_config(Path(config_path)))
        for key in _KEYS:
            if f"MAGCOACH_{key.upper()}" in env:
                values[key] = env[f"MAGCOACH_{key.upper()}"]

        home = Path(values["home"]).expanduser() if "home" in values else _default_home()
        region = values.get("region", "us").lower()
        if region not in REGIONS:
            raise InvalidInput(
                f"Unknown region {region!r} in MAGCOACH_REGION or config.",
                hint="Use 'us' (US/Canada, IOM 1997) or 'eu' (EFSA 2015).",
            )
        return cls(
            home=home,
            database_url=values.get("database_url") or f"sqlite:///{home / 'magcoach.sqlite'}",
            usda_dir=Path(values["usda_dir"]).expanduser()
            if "usda_dir" in values
            else _default_usda_dir(),
            region=region,
            food_db=Path(values["food_db"]).expanduser()
            if "food_db" in values
            else home / "foods.sqlite",
            shared=_flag(values, "shared"),
            secret=values.get("secret") or None,
            open_signup=_flag(values, "open_signup"),
            public_url=_public_url(values.get("public_url")),
        )


def _flag(values: Mapping[str, str], key: str) -> bool:
    text = values.get(key, "").strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise InvalidInput(
        f"MAGCOACH_{key.upper()} (or {key} in the config) must be true or false, not {text!r}.",
        field=key,
    )


def _public_url(text: str | None) -> str | None:
    if not text or not text.strip():
        return None
    from urllib.parse import urlsplit

    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/"):
        raise InvalidInput(
            f"MAGCOACH_PUBLIC_URL must be the site's address like https://magcoach.example.org, "
            f"not {text.strip()!r}.",
            field="public_url",
        )
    return f"{parts.scheme}://{parts.netloc.lower()}"


def check_shared_settings(settings: Settings) -> None:
    """Shared mode needs PostgreSQL (several workers write at once; SQLite is one file on one
    machine) and a secret. Refuse to start without them, saying what to set."""
    if not settings.shared:
        return
    url = settings.database_url
    if not url.startswith(("postgresql", "postgres")):
        raise SetupError(
            f"Shared mode needs a PostgreSQL database, not {url.split(':', 1)[0] or 'this URL'}.",
            hint="Set MAGCOACH_DATABASE_URL=postgresql://USER:PASSWORD@HOST/DBNAME "
            "(or database_url in config.toml), then bring its schema up to date once.",
        )
    if not settings.secret or len(settings.secret) < MIN_SECRET_LENGTH:
        raise SetupError(
            f"Shared mode needs a secret of at least {MIN_SECRET_LENGTH} characters "
            "(MAGCOACH_SECRET).",
            hint='Make one with: python3 -c "import secrets; print(secrets.token_urlsafe(32))" '
            "and keep it out of version control.",
        )


def _read_config(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    import tomllib  # only when there is a config file: most people have none

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BadFile(f"The config file {path} is not valid TOML: {exc}") from None
    unknown = sorted(set(data) - set(_KEYS))
    if unknown:
        raise BadFile(
            f"Unknown key(s) in {path}: {', '.join(unknown)}.",
            hint=f"Allowed keys: {', '.join(_KEYS)}.",
        )
    # TOML booleans arrive as True/False; the flags read "true"/"false".
    return {
        key: str(value).lower() if isinstance(value, bool) else str(value)
        for key, value in data.items()
    }
