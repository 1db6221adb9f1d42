"""One settings object: environment variables (MAGCOACH_*) first, then a config file.

The config file is `config.toml` in the data directory (or the file named by
MAGCOACH_CONFIG) with the same keys in lower case: `home`, `database_url`, `usda_dir`,
`region`, `food_db`. Kept free of heavy imports: every command reads it at start-up.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from magcoach.errors import BadFile, InvalidInput

REGIONS = ("us", "eu")
_KEYS = ("home", "database_url", "usda_dir", "region", "food_db")


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
        )


def _read_config(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
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
    return {key: str(value) for key, value in data.items()}
