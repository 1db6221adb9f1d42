"""`magcoach admin ...` and `magcoach db upgrade` as the server's operator types them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from magcoach.errors import ExitCode

CliRun = Callable[..., Result]


def test_db_upgrade_says_what_it_did_then_that_nothing_was_needed(
    cli: CliRun, isolated_home: Path
) -> None:
    (isolated_home / "magcoach.sqlite").unlink()  # a new server: no database yet
    first = cli("db", "upgrade")
    assert first.exit_code == 0, first.output
    assert "from an empty database to 0005" in first.output
    again = cli("db", "upgrade")
    assert "is up to date (0005)" in again.output


def test_create_the_first_admin_then_disable_and_enable_a_clinician(cli: CliRun) -> None:
    made = cli(
        "admin",
        "create-user",
        "Boss@Clinic.example",
        "--role",
        "admin",
        "--name",
        "Dr Boss",
        "--password-stdin",
        input="purple tortoise umbrella\n",
    )
    assert made.exit_code == 0, made.output
    assert "Created admin account boss@clinic.example (Dr Boss)." in made.output
    cli(
        "admin",
        "create-user",
        "gp@clinic.example",
        "--role",
        "clinician",
        input="green kettle orchestra\ngreen kettle orchestra\n",
    )
    listed = json.loads(cli("admin", "list", "--json").stdout)
    assert [(a["email"], a["role"]) for a in listed["accounts"]] == [
        ("boss@clinic.example", "admin"),
        ("gp@clinic.example", "clinician"),
    ]
    assert "password" not in json.dumps(listed)  # no hashes in the output
    off = cli("admin", "disable", "gp@clinic.example")
    assert "Disabled gp@clinic.example" in off.output
    assert "disabled" in cli("admin", "list").output
    on = cli("admin", "enable", "gp@clinic.example")
    assert on.exit_code == 0 and "can log in again" in on.output


def test_bad_input_is_a_clear_message_and_its_exit_code(cli: CliRun) -> None:
    common = cli(
        "admin",
        "create-user",
        "a@example.org",
        "--role",
        "admin",
        "--password-stdin",
        input="password123\n",
    )
    assert common.exit_code == ExitCode.INVALID_INPUT
    assert "most common passwords" in common.output
    assert "Traceback" not in common.output
    role = cli(
        "admin",
        "create-user",
        "a@example.org",
        "--role",
        "nurse",
        "--password-stdin",
        input="purple tortoise umbrella\n",
    )
    assert role.exit_code == ExitCode.INVALID_INPUT and "person, clinician, admin" in role.output
    missing = cli("admin", "disable", "nobody@example.org")
    assert missing.exit_code == ExitCode.NOT_FOUND and "No account for" in missing.output


def test_in_shared_mode_the_admin_commands_point_at_db_upgrade(
    cli: CliRun, monkeypatch: pytest.MonkeyPatch, isolated_home: Path
) -> None:
    (isolated_home / "magcoach.sqlite").unlink()  # a new server: no database yet
    monkeypatch.setenv("MAGCOACH_SHARED", "true")
    before = cli("admin", "list")
    assert before.exit_code == ExitCode.SETUP
    assert "On the command line: magcoach db upgrade" in before.output
    assert cli("db", "upgrade").exit_code == 0
    assert "No accounts yet" in cli("admin", "list").output
