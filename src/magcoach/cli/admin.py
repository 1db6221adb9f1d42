"""Shared-mode administration: `magcoach admin create-user/disable/enable/list` and
`magcoach db upgrade`. Parse, call `magcoach.app.accounts`, render."""

from __future__ import annotations

import sys
from contextlib import AbstractContextManager

import typer

from magcoach.cli.apps import _group, app
from magcoach.cli.common import JSON_OPTION, app_context, console, emit_view

admin_app = _group(
    "Shared (clinic) mode: accounts. The server's operator runs these on the server."
)
db_app = _group("The database: bring its schema up to date.")
app.add_typer(admin_app, name="admin")
app.add_typer(db_app, name="db")


def _worded() -> AbstractContextManager[None]:
    from magcoach.cli.common import hints_for

    return hints_for(
        schema="Bring the database up to date once. On the command line: magcoach db upgrade"
    )


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        return line[:-1] if line.endswith("\n") else line
    password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return password


@admin_app.command("create-user")
def create_user(
    email: str = typer.Argument(..., help="The account's email (how they log in)."),
    role: str = typer.Option(..., "--role", help="admin, clinician or person."),
    name: str = typer.Option(None, "--name", help="The name shown to others (default: email)."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from the first line of stdin."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Make an account (the first admin is made this way). Asks for the password: at least 8
    characters, not a common one."""
    from magcoach.app import accounts

    password = _read_password(password_stdin)
    with _worded(), app_context() as ctx:
        view = accounts.create_user(
            ctx, email=email, role=role, password=password, display_name=name
        )
    if as_json:
        emit_view(view)
        return
    console().print(f"Created {view.role} account {view.email} ({view.display_name}).")


def _set_disabled(email: str, disabled: bool, as_json: bool) -> None:
    from magcoach.app import accounts

    with _worded(), app_context() as ctx:
        view = accounts.disable_account(ctx, email=email, disabled=disabled)
    if as_json:
        emit_view(view)
    elif disabled:
        console().print(f"Disabled {view.email}: its sessions ended and it cannot log in.")
    else:
        console().print(f"Enabled {view.email}: it can log in again.")


@admin_app.command("disable")
def disable(
    email: str = typer.Argument(..., help="The account's email."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Disable an account: it is logged out everywhere at once and cannot log in."""
    _set_disabled(email, True, as_json)


@admin_app.command("enable")
def enable(
    email: str = typer.Argument(..., help="The account's email."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Let a disabled account log in again."""
    _set_disabled(email, False, as_json)


@admin_app.command("list")
def list_accounts(as_json: bool = JSON_OPTION) -> None:
    """Every account: email, name, role, disabled."""
    from rich.markup import escape
    from rich.table import Table

    from magcoach.app import accounts

    with _worded(), app_context() as ctx:
        view = accounts.list_accounts(ctx, None)
    if as_json:
        emit_view(view)
        return
    if not view.accounts:
        console().print("No accounts yet. Make the first admin with: magcoach admin create-user")
        return
    table = Table("Email", "Name", "Role", "Status")
    for row in view.accounts:
        table.add_row(
            escape(row.email),
            escape(row.display_name),
            row.role,
            "disabled" if row.disabled else "active",
        )
    console().print(table)


@db_app.command("upgrade")
def upgrade(as_json: bool = JSON_OPTION) -> None:
    """Bring the database schema up to date (run once after installing a new version)."""
    from magcoach.app import accounts

    with app_context() as ctx:
        view = accounts.upgrade_database(ctx)
    if as_json:
        emit_view(view)
    elif view.changed:
        console().print(
            f"Upgraded {view.database} from {view.before or 'an empty database'} to {view.after}."
        )
    else:
        console().print(f"{view.database} is up to date ({view.after}).")
