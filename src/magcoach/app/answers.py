"""The one reader of an answers file (TOML or JSON), for screening, the plan and the report.

A file holds a profile (top-level Person fields, or a `[person]` table), screening answers
(symptoms, risk_factors, red_flags, serum_magnesium, serum_unit), and two plan keys:
`intake_mg` and `too_much_magnesium_signs`. Every command that takes an answers file reads it
here, so a file that works for one works for all.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from magcoach.app.context import Context
from magcoach.errors import BadFile, InvalidInput

if TYPE_CHECKING:
    from magcoach.person import Person
    from magcoach.screening import Answers
    from magcoach.services import ScreeningInput

PLAN_KEYS = ("intake_mg",)


@dataclass(frozen=True)
class AnswersFile:
    name: str
    profile: dict[str, Any]  # Person fields as written (may be empty for a diary person)
    answer_data: dict[str, Any]  # screening answer fields as written
    too_much_signs: tuple[str, ...]
    intake_mg: float | None
    person: Person | None  # None when the file has no profile
    answers: Answers

    @property
    def screening(self) -> ScreeningInput:
        from magcoach.services import ScreeningInput

        return ScreeningInput(
            self.answers, excess_signs=self.too_much_signs, source=f"answers file {self.name}"
        )

    @property
    def doctor_now(self) -> bool:
        from magcoach.services import needs_doctor_now

        return self.person is not None and needs_doctor_now(self.person, self.screening)

    def intake(self, given_mg: float | None) -> tuple[float, str]:
        """(mg/day, where it came from): the value given, else the file's; when neither is
        known a red flag still lets the plan say "see a doctor now"."""
        from magcoach.services import UNKNOWN_INTAKE

        if given_mg is not None:
            return float(given_mg), "entered"
        if self.intake_mg is not None:
            return self.intake_mg, "from the answers file"
        if self.doctor_now:
            return 0.0, UNKNOWN_INTAKE
        raise InvalidInput(
            "magcoach does not know your magnesium intake: the answers file has no intake_mg.",
            hint="Add intake_mg (mg a day, e.g. from another app) to the file, or log a few "
            "days of food in the diary.",
            field="intake_mg",
        )


def read_answers(ctx: Context, path: Path | str, *, profile_required: bool = True) -> AnswersFile:
    """Read and validate an answers file. `profile_required=False` for a diary person, whose
    profile comes from the diary (a profile in the file is then checked but not used)."""
    from magcoach.screening import (
        ANSWER_KEYS,
        PERSON_KEYS,
        read_answers_file,
        split_answers,
    )
    from magcoach.validation import parse_model

    path = Path(path)
    raw = dict(read_answers_file(path))
    nested = raw.pop("person", None)
    if nested is not None and not isinstance(nested, dict):
        raise BadFile(f"[person] in {path.name} must be a table of profile fields.")
    if isinstance(nested, dict):
        raw = {**nested, **raw}
    from magcoach.validation import check_keys

    check_keys(raw, (*PERSON_KEYS, *ANSWER_KEYS, *PLAN_KEYS), what=f"answers file {path.name}")
    signs = raw.get("too_much_magnesium_signs") or []
    if not isinstance(signs, list):
        raise BadFile(f"too_much_magnesium_signs in {path.name} must be a list of ids.")
    if signs:  # ids as the reference names them, refused with suggestions when unknown
        raw["too_much_magnesium_signs"] = list(too_much_ids([str(s) for s in signs]))
    intake_mg = _intake(raw.pop("intake_mg", None), path.name)
    profile = {k: v for k, v in raw.items() if k in PERSON_KEYS}
    answer_data = {k: v for k, v in raw.items() if k in ANSWER_KEYS}
    what = f"answers file {path.name}"
    person: Person | None = None
    if profile or profile_required:
        person, answers = split_answers(
            raw, what=what, default_region=ctx.settings.region, today=ctx.clock.today()
        )
    else:
        from magcoach.screening import Answers

        answers = parse_model(Answers, answer_data, what=what)
    return AnswersFile(
        name=path.name,
        profile=profile,
        answer_data=answer_data,
        too_much_signs=tuple(answers.too_much_magnesium_signs),
        intake_mg=intake_mg,
        person=person,
        answers=answers,
    )


def _intake(value: object, name: str) -> float | None:
    if value is None:
        return None
    try:
        mg = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise BadFile(f"intake_mg in {name} must be a number (mg a day).") from None
    if not 0 <= mg <= 5000:
        raise BadFile(f"intake_mg in {name} must be 0 to 5000 mg a day.")
    return mg


def too_much_ids(values: list[str]) -> tuple[str, ...]:
    """Signs of too much magnesium as reference ids; an unknown sign is refused with
    suggestions."""
    from magcoach.reference import too_much_magnesium_signs
    from magcoach.reference.matching import suggestions

    known = {t.id: t for t in too_much_magnesium_signs()}
    out: list[str] = []
    for value in values:
        key = value.strip().lower().replace("-", "_").replace(" ", "_")
        if key not in known:
            near = suggestions(value, known, score=60)
            raise InvalidInput(
                f"Unknown sign of too much magnesium {value!r}.",
                hint=(f"Did you mean: {', '.join(near)}? " if near else "")
                + f"Known: {', '.join(known)}.",
                field="too_much_magnesium_signs",
            )
        if key not in out:
            out.append(key)
    return tuple(out)
