"""`magcoach requirements | screen | evidence` as a person would use them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from magcoach.errors import ExitCode

DEMO = Path(__file__).resolve().parents[1] / "src/magcoach/demo/answers.toml"


def _flat(text: str) -> str:
    """Rich wraps lines at the terminal width; compare text with single spaces."""
    return " ".join(text.split())


def _json(result) -> dict:  # type: ignore[no-untyped-def, type-arg]
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--age", "45", "--sex", "female"], (320, 265, 350)),
        (["--age", "45", "--sex", "female", "--region", "eu"], (300, None, 250)),
        (["--age", "16", "--sex", "male"], (410, 340, 350)),
        (["--age", "25", "--sex", "female", "--pregnant"], (350, 290, 350)),
        (["--age", "2", "--sex", "female"], (80, 65, 65)),
        (["--age", "5 months", "--sex", "male"], (30, None, None)),
        (["--age", "5m", "--sex", "female"], (30, None, None)),
    ],
)
def test_requirements_json(cli, args: list[str], expected: tuple[object, ...]) -> None:  # type: ignore[no-untyped-def]
    data = _json(cli("requirements", *args, "--json"))
    assert (data["rda_mg"], data["ear_mg"], data["supplemental_ul_mg"]) == expected
    assert {"rda_mg", "ear_mg", "supplemental_ul_mg", "region", "life_stage", "sources"} <= set(
        data
    )
    assert data["sources"]


def test_requirements_eu_is_an_ai_and_region_comes_from_settings(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("MAGCOACH_REGION", "eu")
    data = _json(cli("requirements", "--age", "45", "--sex", "female", "--json"))
    assert data["region"] == "eu" and data["is_ai"] is True and data["rda_mg"] == 300


def test_requirements_text(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("requirements", "--age", "45", "--sex", "female")
    assert result.exit_code == 0
    assert "320 mg/day" in result.stdout and "supplements and medicines only" in result.stdout


@pytest.mark.parametrize(
    ("args", "code", "text"),
    [
        (["requirements", "--age", "200", "--sex", "female"], ExitCode.INVALID_INPUT, "age"),
        (["requirements", "--age", "45", "--sex", "robot"], ExitCode.INVALID_INPUT, "sex"),
        (["requirements", "--age", "old", "--sex", "male"], ExitCode.INVALID_INPUT, "age"),
        (
            ["requirements", "--age", "30", "--sex", "male", "--pregnant"],
            ExitCode.INVALID_INPUT,
            "pregnant",
        ),
        (
            ["screen", "--age", "40", "--sex", "female", "--egfr", "-5"],
            ExitCode.INVALID_INPUT,
            "egfr",
        ),
        (["screen", "--age", "200", "--sex", "female"], ExitCode.INVALID_INPUT, "age"),
        (["screen", "--age", "40", "--sex", "x"], ExitCode.INVALID_INPUT, "sex"),
        (
            ["screen", "--age", "40", "--sex", "female", "--medicine", "omeprazol"],
            ExitCode.NOT_FOUND,
            "Did you mean: omeprazole?",
        ),
        (
            ["screen", "--age", "40", "--sex", "female", "--symptom", "cramp"],
            ExitCode.INVALID_INPUT,
            "muscle_cramps",
        ),
        (["screen", "--answers", "/no/such/file.toml"], ExitCode.BAD_FILE, "does not exist"),
        (["screen"], ExitCode.INVALID_INPUT, "--answers"),
        (["evidence", "zzzzqqq"], ExitCode.NOT_FOUND, "No evidence matches"),
    ],
)
def test_bad_input_is_a_clear_message_with_a_named_exit_code(  # type: ignore[no-untyped-def]
    cli, args: list[str], code: ExitCode, text: str
) -> None:
    result = cli(*args)
    assert result.exit_code == int(code), result.output
    assert text in _flat(result.output)
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("name", "content", "code", "text"),
    [
        (
            "typo.toml",
            'age = 47\nsex = "female"\nsypmtoms = ["insomnia"]\n',
            ExitCode.BAD_FILE,
            "sypmtoms",
        ),
        ("broken.toml", 'age = 47\nsex = "female\n', ExitCode.BAD_FILE, "not valid TOML"),
        ("broken.json", '{"age": 47, "sex": }', ExitCode.BAD_FILE, "not valid JSON"),
        ("bad.json", '{"age": 200, "sex": "female"}', ExitCode.INVALID_INPUT, "age"),
        (
            "med.json",
            '{"age": 40, "sex": "female", "medicines": ["omeprazol"]}',
            ExitCode.NOT_FOUND,
            "omeprazole",
        ),
    ],
)
def test_bad_answers_files(  # type: ignore[no-untyped-def]
    cli, tmp_path: Path, name: str, content: str, code: ExitCode, text: str
) -> None:
    path = tmp_path / name
    path.write_text(content)
    result = cli("screen", "--answers", str(path))
    assert result.exit_code == int(code), result.output
    out = _flat(result.output)
    assert text in out
    assert name in out or code == ExitCode.NOT_FOUND
    assert "Traceback" not in result.output


def test_screen_json_shape_and_mds_five(cli) -> None:  # type: ignore[no-untyped-def]
    data = _json(
        cli(
            "screen",
            "--age",
            "60",
            "--sex",
            "male",
            "--medicine",
            "omeprazole",
            "--medicine",
            "furosemide",
            "--egfr",
            "55",
            "--drinks-per-day",
            "3",
            "--json",
        )
    )
    assert data["mds"]["score"] == 5
    assert {"score", "items"} <= set(data["mds"])
    assert data["level"] == "high"
    assert isinstance(data["reasons"], list) and data["reasons"]
    assert data["red_flags"] == {
        "urgency": "none",
        "findings": [],
        "message": data["red_flags"]["message"],
        "note": data["red_flags"]["note"],
    }
    assert data["requirements"]["rda_mg"] == 420


def test_screen_emergency_from_flags_overrides_everything(cli) -> None:  # type: ignore[no-untyped-def]
    data = _json(
        cli(
            "screen",
            "--answers",
            str(DEMO),
            "--red-flag",
            "saddle_numbness",
            "--serum",
            "0.9",
            "--json",
        )
    )
    assert data["red_flags"]["urgency"] == "emergency"
    assert "emergency department" in data["red_flags"]["findings"][0]["instruction"]
    assert data["reasons"][0].startswith("See a doctor first")


def test_screen_text_shows_red_flags_first_and_the_disclaimer(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli(
        "screen",
        "--age",
        "50",
        "--sex",
        "female",
        "--red-flag",
        "new_bladder_dysfunction",
        "--symptom",
        "muscle_cramps",
    )
    assert result.exit_code == 0, result.output
    out = _flat(result.stdout)
    assert out.index("EMERGENCY") < out.index("Chance that low magnesium")
    assert "New loss of bladder control" in out
    assert out.rstrip().endswith("magcoach informs; it does not diagnose.")


def test_screen_demo_answers_text(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("screen", "--answers", str(DEMO))
    assert result.exit_code == 0, result.output
    out = _flat(result.stdout)
    assert "Magnesium Depletion Score: 2 of 5" in out
    assert "omeprazole" in out
    assert "does not rule out low body stores" in out
    assert "EMERGENCY" not in out


def test_screen_list_json(cli) -> None:  # type: ignore[no-untyped-def]
    data = _json(cli("screen", "--list", "--json"))
    assert {"symptoms", "risk_factors", "red_flags"} <= set(data)
    assert all({"id", "text"} <= set(item) for group in data.values() for item in group)
    flags = {f["id"]: f for f in data["red_flags"]}
    assert flags["saddle_numbness"]["urgency"] == "emergency"
    assert flags["fever"]["urgency"] == "urgent"


def test_screen_questionnaire_asks_red_flags_first(cli) -> None:  # type: ignore[no-untyped-def]
    # five emergency questions (n), urgent list (none), age, sex, pregnant, breastfeeding,
    # medicines, eGFR, drinks, conditions, symptoms, risk factors, serum
    answers = ["n"] * 5 + ["", "47", "female", "n", "n", "omeprazole", "", "2", "", "1,5", "", ""]
    result = cli("screen", "--ask", "--json", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    first_question = result.stdout.index("New loss of bladder control")
    assert first_question < result.stdout.index("Your age")
    data = json.loads(result.stdout[result.stdout.index("{\n") :])
    assert data["mds"]["score"] == 2
    assert [s["id"] for s in data["symptom_score"]["symptoms"]] == ["muscle_cramps", "insomnia"]


def test_screen_questionnaire_stops_early_for_an_emergency(cli) -> None:  # type: ignore[no-untyped-def]
    answers = ["y", "n", "n", "n", "n", "60", "male"]
    result = cli("screen", "--ask", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "emergency department" in _flat(result.stdout)
    assert "Medicines" not in result.stdout


def test_evidence_lists_and_filters(cli) -> None:  # type: ignore[no-untyped-def]
    everything = _json(cli("evidence", "--json"))
    assert len(everything) >= 60
    cramps = _json(cli("evidence", "cramps", "--json"))
    assert "cochrane-cramps-2020" in [e["id"] for e in cramps]
    assert all(
        {"id", "citation", "year", "kind", "finding", "strength", "url"} <= set(e) for e in cramps
    )
    text = cli("evidence", "back pain")
    assert text.exit_code == 0
    assert "yousef2013" in text.stdout and "weak" in text.stdout
    assert "bayram2021" in text.stdout and "negative" in text.stdout
