"""The layers keep their word (DESIGN.md): shells parse, call one use case and render; every
decision, query and database access lives in the application layer or below."""

from __future__ import annotations

import ast
import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "magcoach"
#: What a shell may not import: the database and the places decisions live below the app layer.
FORBIDDEN_IN_SHELLS = (
    "sqlalchemy",
    "magcoach.store",
    "magcoach.services",
    "magcoach.report.gather",
)


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_shells_import_no_database_or_store_code() -> None:
    offenders = {
        f"{path.relative_to(SRC)}: {name}"
        for path in (*(SRC / "cli").glob("*.py"), *(SRC / "web").rglob("*.py"))
        for name in _imports(path)
        if name.startswith(FORBIDDEN_IN_SHELLS)
    }
    assert not offenders, sorted(offenders)


#: A CLI flag or a `magcoach COMMAND` in a message: only the CLI may word such a hint.
COMMANDS = [
    "screen",
    "requirements",
    "evidence",
    "log",
    "pain",
    "symptoms",
    "event",
    "serum",
    "supp",
    "entries",
    "entry",
    "day",
    "week",
    "person",
    "plan",
    "foods",
    "trends",
    "did-it-help",
    "report",
    "import",
    "export",
    "restore",
    "trial",
    "serve",
    "admin",
    "db",
]
CLI_WORDING = re.compile(
    r"(?<![\w-])--[a-z][a-z-]+|\bmagcoach (?:" + "|".join(COMMANDS) + r")\b(?![\w-])"
)
#: Where CLI wording belongs, or is documentation rather than a message.
WORDING_ALLOWED = ("cli/", "demo/", "web/")


def _messages(path: Path) -> list[tuple[int, str]]:
    """String constants in a module, without docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def test_no_message_outside_the_cli_names_a_cli_flag_or_command() -> None:
    offenders = [
        f"{path.relative_to(SRC)}:{line}: {CLI_WORDING.search(text).group(0)!r}"  # type: ignore[union-attr]
        for path in SRC.rglob("*.py")
        if not str(path.relative_to(SRC)).startswith(WORDING_ALLOWED)
        for line, text in _messages(path)
        if CLI_WORDING.search(text)
    ]
    assert not offenders, "\n".join(offenders)
