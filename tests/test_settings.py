"""Settings come from MAGCOACH_* variables first, then the config file, then defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from magcoach.errors import BadFile, InvalidInput
from magcoach.settings import Settings


def test_defaults_live_in_the_data_directory(tmp_path: Path) -> None:
    settings = Settings.load({"MAGCOACH_HOME": str(tmp_path)})
    assert settings.home == tmp_path
    assert settings.database_url == f"sqlite:///{tmp_path / 'magcoach.sqlite'}"
    assert settings.food_db == tmp_path / "foods.sqlite"
    assert settings.region == "us"
    assert settings.usda_dir.name == "usda"


def test_environment_beats_config_file(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('region = "eu"\nusda_dir = "/data/usda"\n')
    from_file = Settings.load({"MAGCOACH_HOME": str(tmp_path)})
    assert from_file.region == "eu"
    assert from_file.usda_dir == Path("/data/usda")
    from_env = Settings.load({"MAGCOACH_HOME": str(tmp_path), "MAGCOACH_REGION": "us"})
    assert from_env.region == "us"


def test_unknown_region_is_refused_with_the_choices(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="'us'"):
        Settings.load({"MAGCOACH_HOME": str(tmp_path), "MAGCOACH_REGION": "mars"})


@pytest.mark.parametrize(
    ("text", "message"),
    [("region = \n", "not valid TOML"), ('regoin = "eu"\n', "Unknown key")],
)
def test_broken_config_file_is_named(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "config.toml").write_text(text)
    with pytest.raises(BadFile, match=message) as info:
        Settings.load({"MAGCOACH_HOME": str(tmp_path)})
    assert str(tmp_path / "config.toml") in str(info.value)
