"""What keeps commands quick to start must not change what they do: plain values read without
pydantic are the values Typer's own reader gives, bad values get Typer's own message, and
`magcoach NAME` built alone behaves like the whole app."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main

from magcoach.cli import _only_command, app
from magcoach.cli._values import plain_values
from tests.conftest import CliRun

TYPED = [
    (str, ["3", " spaced ", "", "-1", "1e3", "nan", "é"]),
    (int, ["0", "7", "-3", "007", "+4", "1_000", " 5", "1.0", "x", "99999999999999999999"]),
    (float, ["0", "3", "3.5", "-1", "-0", "1e3", "nan", "inf", ".5", "5.", " 2", "1_0", "x"]),
]


def test_other_types_are_read_by_typer_when_given_and_cost_nothing_when_not() -> None:
    @typer.Typer().command()
    def probe(
        path: Path | None = typer.Option(None),
        many: list[str] | None = typer.Option(None),
        score: int = typer.Option(5, min=0, max=10),
    ) -> None:  # pragma: no cover
        pass

    def read(light: bool, name: str, value: object) -> object:
        command = typer.main.get_command(_app_with(probe))
        ctx = typer.Context(command, info_name="probe")
        if light:
            plain_values(command, ctx)
        param = _params(command)[name]
        try:
            return param.get_runtime_param().coerce(value, param=param, ctx=ctx)
        except typer.BadParameter as exc:
            return ("refused", exc.format_message())

    cases = [
        ("path", None), ("path", "out/r.pdf"), ("path", str(Path(__file__))), ("path", ""),
        ("path", "."), ("path", "a\0b"), ("path", "/root/../etc/hostname"),
        ("many", None), ("many", ("a", "b")), ("many", "a"),
        ("score", "7"), ("score", "11"), ("score", "x"), ("score", 5),
    ]  # fmt: skip
    for name, value in cases:
        assert repr(read(True, name, value)) == repr(read(False, name, value)), (name, value)
    command = typer.main.get_command(_app_with(probe))
    ctx = typer.Context(command, info_name="probe")
    plain_values(command, ctx)
    for name in ("path", "many"):
        param = _params(command)[name]
        assert param.get_runtime_param().coerce(None, param=param, ctx=ctx) in (None, ())
        assert param.get_runtime_param().typer_own == []  # no pydantic adapter was built


def _params(command: Any) -> dict[str, Any]:
    return {p.name: p for p in command.params}


def test_plain_values_are_what_typers_reader_gives() -> None:
    @typer.Typer().command()
    def probe(a: str = "", b: int = 0, c: float = 0.0) -> None:  # pragma: no cover
        pass

    def read(light: bool, name: str, text: str) -> object:
        command = typer.main.get_command(_app_with(probe))
        ctx = typer.Context(command, info_name="probe")
        if light:
            plain_values(command, ctx)
        param = _params(command)[name]
        assert (type(param.get_runtime_param()).__name__ == "_PlainParam") is light
        try:
            return param.get_runtime_param().coerce(text, param=param, ctx=ctx)
        except typer.BadParameter as exc:
            return ("refused", exc.format_message())

    for kind, texts in TYPED:
        name = {str: "a", int: "b", float: "c"}[kind]
        for text in texts:
            own, light = read(False, name, text), read(True, name, text)
            assert repr(light) == repr(own), (kind, text)
            assert type(light) is type(own)


def _app_with(callback: Any) -> typer.Typer:
    one = typer.Typer()
    one.command()(callback)
    return one


def test_the_command_named_is_built_alone_and_anything_else_gets_the_whole_app() -> None:
    only = _only_command(["foods"])
    assert only is not None and [g.name for g in only.registered_groups] == ["foods"]
    assert only.registered_commands == []
    pain = _only_command(["pain"])
    assert pain is not None and len(pain.registered_commands) == 1
    assert len(app.registered_commands) > 1  # the app itself is left whole
    for first in ([], ["--help"], ["paine"], ["FOODS"]):
        assert _only_command(first) is None


@pytest.mark.parametrize(
    "args",
    [["pain", "abc"], ["pain", "3", "--activity", "x"], ["nosuch"], ["foods", "nosuch"]],
)
def test_the_installed_command_answers_bad_input_as_the_whole_app_does(args: list[str]) -> None:
    whole = (
        "import sys\nfrom magcoach.cli import app\n"
        f"sys.argv = ['magcoach', *{args!r}]\napp(prog_name='magcoach')\n"
    )
    alone = (
        f"import sys\nfrom magcoach.cli import main\nsys.argv = ['magcoach', *{args!r}]\nmain()\n"
    )
    env = {**os.environ, "COLUMNS": "100"}
    runs = [
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
        for code in (whole, alone)
    ]
    assert runs[0].returncode == runs[1].returncode != 0
    assert runs[0].stderr == runs[1].stderr
    assert "Usage: magcoach" in runs[1].stderr


def test_pain_loads_neither_pydantic_nor_sqlalchemy(cli: CliRun) -> None:
    assert cli("person", "add", "Ana", "--age", "44", "--sex", "female").exit_code == 0
    code = (
        "import sys\nfrom magcoach.cli import main\n"
        "sys.argv = ['magcoach', 'pain', '3', '--at', '2026-06-15 07:00']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('pydantic', 'sqlalchemy') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    recorded, loaded = done.stdout.strip().splitlines()[-2:]
    assert recorded.startswith("Recorded P1 at 2026-06-15 07:00: pain 3/10.")
    assert loaded == "[]"
