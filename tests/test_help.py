"""`magcoach --help`: plain and quick, still grouped by the journey."""

from __future__ import annotations

import subprocess
import sys

from magcoach.cli.apps import PANEL_ORDER
from tests.conftest import CliRun


def test_top_level_help_lists_every_command_under_the_journey_steps(cli: CliRun) -> None:
    result = cli("--help")
    assert result.exit_code == 0
    positions = [result.stdout.index(panel) for panel in PANEL_ORDER]
    assert positions == sorted(positions)
    for command in ("screen", "log", "plan", "pain", "report", "import", "export", "restore"):
        assert f"\n  {command} " in result.stdout


def test_top_level_help_does_not_load_rich_or_the_database() -> None:
    code = (
        "import sys\n"
        "from magcoach.cli import app\n"
        "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('rich', 'sqlalchemy', 'pydantic') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"
