"""The layers keep their word (DESIGN.md): shells parse, call one use case and render; every
decision, query and database access lives in the application layer or below."""

from __future__ import annotations

import ast
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


def test_the_cli_imports_no_database_or_store_code() -> None:
    offenders = {
        f"{path.relative_to(SRC)}: {name}"
        for path in (SRC / "cli").glob("*.py")
        for name in _imports(path)
        if name.startswith(FORBIDDEN_IN_SHELLS)
    }
    assert not offenders, sorted(offenders)
