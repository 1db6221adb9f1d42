"""`magcoach requirements | screen | evidence` as a person would use them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from magcoach.errors import ExitCode

CliRun = Callable[..., Result]


DEMO = Path(__file__).resolve().parents[1] / "src/magcoach/demo/answers.toml"


def _flat(text: str) -> str:
    """Rich wraps lines at the terminal width; compare text with single spaces."""
    return " ".join(text.split())


def _json(result: Result) -> Any:
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
def test_requirements_json(cli: CliRun, args: list[str], expected: tuple[object, ...]) -> None:
    data = _json(cli("requirements", *args, "--json"))
    assert (data["rda_mg"], data["ear_mg"], data["supplemental_ul_mg"]) == expected
    assert {"rda_mg", "ear_mg", "supplemental_ul_mg", "region", "life_stage", "sources"} <= set(
        data
    )
    assert data["sources"]


def test_requirements_eu_is_an_ai_and_region_comes_from_settings(
    cli: CliRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAGCOACH_REGION", "eu")
    data = _json(cli("requirements", "--age", "45", "--sex", "female", "--json"))
    assert data["region"] == "eu" and data["is_ai"] is True and data["rda_mg"] == 300


def test_requirements_text(cli: CliRun) -> None:
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


def test_screen_json_shape_and_mds_five(cli: CliRun) -> None:
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


def test_screen_emergency_from_flags_overrides_everything(cli: CliRun) -> None:
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


def test_screen_text_shows_red_flags_first_and_the_disclaimer(cli: CliRun) -> None:
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


def test_screen_demo_answers_text(cli: CliRun) -> None:
    result = cli("screen", "--answers", str(DEMO))
    assert result.exit_code == 0, result.output
    out = _flat(result.stdout)
    assert "Magnesium Depletion Score: 2 of 5" in out
    assert "omeprazole" in out
    assert "does not rule out low body stores" in out
    assert "EMERGENCY" not in out


def test_screen_list_json(cli: CliRun) -> None:
    data = _json(cli("screen", "--list", "--json"))
    assert {"symptoms", "risk_factors", "red_flags"} <= set(data)
    assert all({"id", "text"} <= set(item) for group in data.values() for item in group)
    flags = {f["id"]: f for f in data["red_flags"]}
    assert flags["saddle_numbness"]["urgency"] == "emergency"
    assert flags["fever"]["urgency"] == "urgent"


def test_screen_questionnaire_asks_red_flags_first(cli: CliRun) -> None:
    # five emergency questions (n), urgent list (none), age, sex, pregnant, breastfeeding,
    # medicines, eGFR, drinks, conditions, takes magnesium, symptoms, risk factors, serum
    answers = ["n"] * 5 + ["", "47", "female", "n", "n", "omeprazole", "", "2", "", "n", "1,5"]
    answers += ["", ""]
    result = cli("screen", "--ask", "--json", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    first_question = result.stdout.index("New loss of bladder control")
    assert first_question < result.stdout.index("Your age")
    data = json.loads(result.stdout[result.stdout.index("{\n") :])
    assert data["mds"]["score"] == 2
    assert [s["id"] for s in data["symptom_score"]["symptoms"]] == ["muscle_cramps", "insomnia"]


def test_questionnaire_asks_again_after_a_typo(cli: CliRun) -> None:
    # a misspelt medicine and a word for the eGFR are asked again, with a plain message
    answers = ["n"] * 5 + ["", "47", "female", "n", "n", "omeprazol", "omeprazole", "abc", "55"]
    answers += ["0", "", "n", "", "", ""]
    result = cli("screen", "--ask", "--json", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Did you mean: omeprazole?" in result.stdout
    assert "'abc' is not a number" in result.stdout
    assert "could not convert" not in result.stdout
    data = json.loads(result.stdout[result.stdout.index("{\n") :])
    assert data["mds"]["score"] == 3  # PPI 1 + eGFR 55 (< 60) 2


def test_screen_questionnaire_stops_early_for_an_emergency(cli: CliRun) -> None:
    answers = ["y", "n", "n", "n", "n", "60", "male"]
    result = cli("screen", "--ask", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "emergency department" in _flat(result.stdout)
    assert "Medicines" not in result.stdout


def test_evidence_lists_and_filters(cli: CliRun) -> None:
    everything = _json(cli("evidence", "--json"))["items"]
    assert len(everything) >= 60
    cramps = _json(cli("evidence", "cramps", "--json"))["items"]
    assert "cochrane-cramps-2020" in [e["id"] for e in cramps]
    assert all(
        {"id", "citation", "year", "kind", "finding", "strength", "url"} <= set(e) for e in cramps
    )
    text = cli("evidence", "back pain")
    assert text.exit_code == 0
    assert "yousef2013" in text.stdout and "weak" in text.stdout
    assert "bayram2021" in text.stdout and "negative" in text.stdout


# --- a diary person: profile from the diary, answers saved -----------------------------------


def _latest(cli: CliRun) -> Any:
    from magcoach.settings import Settings
    from magcoach.store import open_store, service

    store = open_store(Settings.load())
    try:
        with store.session() as s:
            person_id, _ = service.get_person(s)
            return service.latest_screening(s, person_id)
    finally:
        store.close()


def test_screen_person_uses_the_diary_profile_and_saves(cli: CliRun) -> None:
    add = cli("person", "add", "Ana", "--age", "60", "--sex", "male", "--medicine", "omeprazole")
    assert add.exit_code == 0, add.output
    ok = cli("screen", "--person", "Ana", "--red-flag", "new_bladder_dysfunction")
    assert ok.exit_code == 0, ok.output
    text = _flat(ok.stdout)
    assert "Saved for Ana; `magcoach plan` will use these answers." in text
    assert "EMERGENCY" in text and "omeprazole" in text  # profile came from the diary
    first = _latest(cli)
    assert first.answers.red_flags == ("new_bladder_dysfunction",)
    assert first.urgency == "emergency"

    again = _json(cli("screen", "--symptom", "muscle_cramps", "--json"))  # default person
    assert again["saved"]["person"] == "Ana" and again["red_flags"]["urgency"] == "none"
    latest = _latest(cli)
    assert latest.entry_id == again["saved"]["id"] != first.entry_id
    assert latest.answers.red_flags == () and latest.answers.symptoms == ("muscle_cramps",)
    listed = _json(cli("entries", "--json"))
    assert [e["kind"] for e in listed["entries"]] == ["screening", "screening"]


def test_screen_person_takes_the_latest_stored_serum(cli: CliRun) -> None:
    assert cli("person", "add", "Ana", "--age", "44", "--sex", "female").exit_code == 0
    assert cli("serum", "0.9", "--on", "2026-01-10").exit_code == 0
    assert cli("serum", "0.68", "--on", "2026-05-02").exit_code == 0
    data = _json(cli("screen", "--person", "Ana", "--symptom", "insomnia", "--json"))
    assert data["serum"]["mmol_per_l"] == pytest.approx(0.68)
    assert data["serum"]["band"] == "low"
    given = _json(cli("screen", "--person", "Ana", "--serum", "0.9", "--json"))
    assert given["serum"]["mmol_per_l"] == pytest.approx(0.9)


def test_screen_person_questionnaire_skips_the_profile(cli: CliRun) -> None:
    assert cli("person", "add", "Ana", "--age", "44", "--sex", "female").exit_code == 0
    # five emergency questions (n), urgent list (none), takes magnesium (y), signs of too
    # much magnesium (1 = diarrhoea), symptoms (1), risk factors, serum
    answers = ["n"] * 5 + ["", "y", "1", "1", "", ""]
    result = cli("screen", "--ask", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Your age" not in result.stdout and "Medicines" not in result.stdout
    assert "Saved for Ana" in result.stdout
    latest = _latest(cli)
    assert latest.answers.symptoms == ("muscle_cramps",)
    assert latest.too_much_magnesium_signs == ("diarrhoea",)
    assert latest.urgency == "none"


def test_an_urgent_red_flag_ends_the_questions(cli: CliRun) -> None:
    assert cli("person", "add", "Ana", "--age", "44", "--sex", "female").exit_code == 0
    # five emergency questions (n), urgent list (4 = night pain): nothing more is asked
    result = cli("screen", "--ask", input="\n".join(["n"] * 5 + ["4"]) + "\n")
    assert result.exit_code == 0, result.output
    assert "Which of these have you noticed" not in result.stdout
    assert "see a doctor" in _flat(result.stdout).lower()
    latest = _latest(cli)
    assert len(latest.answers.red_flags) == 1 and latest.urgency == "urgent"


def test_screen_person_refuses_profile_flags_and_unknown_signs(cli: CliRun) -> None:
    assert cli("person", "add", "Ana", "--age", "44", "--sex", "female").exit_code == 0
    bad = cli("screen", "--person", "Ana", "--age", "50", "--symptom", "insomnia")
    assert bad.exit_code == ExitCode.INVALID_INPUT and "person edit" in _flat(bad.output)
    sign = cli("screen", "--person", "Ana", "--too-much-sign", "diarhoea")
    assert sign.exit_code == ExitCode.INVALID_INPUT and "diarrhoea" in sign.output
    missing = cli("screen", "--person", "Bob", "--symptom", "insomnia")
    assert missing.exit_code == ExitCode.NOT_FOUND
    nothing = cli("screen")  # not a terminal, no answers: nothing is saved
    assert nothing.exit_code == ExitCode.INVALID_INPUT and "--red-flag" in _flat(nothing.output)
    assert _latest(cli) is None
    oneoff = cli("screen", "--age", "40", "--sex", "female", "--red-flag", "fever")
    assert oneoff.exit_code == 0 and "Saved for" not in oneoff.stdout
    assert _latest(cli) is None
