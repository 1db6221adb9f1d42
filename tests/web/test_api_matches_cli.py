"""One door: /api returns the same JSON as the CLI's --json for the same data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from typer.testing import Result

CliRun = Callable[..., Result]


def cli_json(cli: CliRun, *args: str) -> Any:
    import json

    result = cli(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_day_week_entries_and_person_agree(client: TestClient, cli: CliRun) -> None:
    cli("person", "add", "Dana", "--age", "44", "--sex", "female", "--medicine", "omeprazole")
    assert (
        client.post(
            "/api/food-entries", json={"text": "1 cup cooked spinach", "at": "08:00"}
        ).status_code
        == 201
    )
    cli("log", "30 g almonds", "--at", "yesterday 12:00")
    client.post("/api/pain-entries", json={"score": 5, "where": "lower-back", "at": "09:00"})
    cli("supp", "add", "Mag citrate", "--elemental-mg", "150")
    client.post("/api/supplement-doses", json={"product": "Mag citrate", "units": 1, "at": "10:00"})

    assert client.get("/api/day").json() == cli_json(cli, "day")
    assert client.get("/api/day", params={"date": "2026-06-14"}).json() == cli_json(
        cli, "day", "2026-06-14"
    )
    assert client.get("/api/week", params={"days": 14}).json() == cli_json(
        cli, "week", "--days", "14"
    )
    assert client.get("/api/entries").json() == cli_json(cli, "entries")
    assert client.get("/api/person").json() == cli_json(cli, "person", "show")
