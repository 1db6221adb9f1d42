"""Use cases called directly: a Context on the test's own data folder and the session's food
database, the clock pinned to the conftest's MAGCOACH_TODAY."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from magcoach.app import Context


@pytest.fixture
def ctx(food_db: object) -> Iterator[Context]:
    context = Context.from_env()
    yield context
    context.close()


@pytest.fixture
def ana(ctx: Context) -> str:
    from magcoach.app import people

    people.add_person(ctx, people.PersonInput(name="Ana", age=44, sex="female"))
    return "Ana"


@pytest.fixture
def answers_file(tmp_path: Path) -> Path:
    """One answers file with a [person] table, answers and intake_mg: every command reads it."""
    path = tmp_path / "me.toml"
    path.write_text(
        'intake_mg = 180\nsymptoms = ["muscle_cramps"]\nred_flags = []\n\n'
        '[person]\nname = "Bo"\nage = 52\nsex = "male"\nmedicines = ["omeprazole"]\n',
        encoding="utf-8",
    )
    return path
