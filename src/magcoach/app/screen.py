"""Screening: the questionnaire (as data, the same for every shell) and the assessment, for a
diary person (profile from the diary, answers saved for the plan and the report) or one-off
(a profile given here, nothing saved)."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, computed_field

from magcoach.app.context import Context
from magcoach.app.views import View
from magcoach.errors import InvalidInput
from magcoach.screening import Assessment

# ---------------------------------------------------------------- the questionnaire


class OptionView(View):
    id: str
    text: str
    urgency: str | None = None


class QuestionView(View):
    id: str
    kind: str  # "age", "choice", "yes_no", "number", "list"
    text: str
    choices: list[str] = Field(default_factory=list)
    default: str | None = None
    required: bool = False
    when: str | None = None  # a rule name in WHEN: ask only if it holds
    after_stop: bool = False  # asked even when a red flag ended the questions (one-off)
    keep: bool = True  # False: the answer only steers the questions, it is not stored


class SectionView(View):
    id: str
    kind: str  # "yes_no_each", "choose_many", "questions"
    title: str
    prompt: str
    answer: str | None = None  # the answer field the chosen options go to
    stop_on_yes: bool = False
    profile: bool = False  # only when the profile does not come from the diary
    diary_only: bool = False  # only for a diary person (kept with their screening)
    when: str | None = None  # a rule name in WHEN: ask the section only if it holds
    options: list[OptionView] = Field(default_factory=list)
    questions: list[QuestionView] = Field(default_factory=list)
    source: list[str] = Field(default_factory=list)  # evidence ids behind the questions


class QuestionnaireView(View):
    diary_person: bool
    sections: list[SectionView]


def _options(spec: str) -> list[OptionView]:
    from magcoach import reference

    table, _, which = spec.partition(":")
    if table == "red_flags":
        return [
            OptionView(id=f.id, text=f.text, urgency=f.urgency)
            for f in reference.red_flags().values()
            if f.urgency == which
        ]
    if table == "conditions":
        return [OptionView(id=c.id, text=c.name) for c in reference.conditions().values()]
    if table == "symptoms":
        return [OptionView(id=s.id, text=s.text) for s in reference.symptoms().values()]
    if table == "risk_factors":  # "asked": only those not derived from the profile
        return [
            OptionView(id=r.id, text=r.text)
            for r in reference.risk_factors().values()
            if which != "asked" or r.derived_from.startswith("your answer")
        ]
    if table == "too_much_magnesium":
        return [OptionView(id=t.id, text=t.text) for t in reference.too_much_magnesium_signs()]
    raise ValueError(f"questionnaire.toml: unknown options {spec!r}")


@cache
def _all_sections() -> tuple[SectionView, ...]:
    from magcoach.reference.loaders import read_text

    data = tomllib.loads(read_text("questionnaire.toml"))
    sections = []
    for raw in data["section"]:
        fields = {k: v for k, v in raw.items() if k not in ("options", "question")}
        sections.append(
            SectionView(
                **fields,
                options=_options(raw["options"]) if "options" in raw else [],
                questions=[QuestionView(**q) for q in raw.get("question", [])],
            )
        )
    return tuple(sections)


def questionnaire(*, diary_person: bool) -> QuestionnaireView:
    """The questions in order: profile sections only for a one-off screening, the too-much
    signs only for a diary person."""
    return QuestionnaireView(
        diary_person=diary_person,
        sections=[
            s
            for s in _all_sections()
            if not (s.profile and diary_person) and not (s.diary_only and not diary_person)
        ],
    )


#: When a conditional question is asked, given the answers so far.
WHEN: Mapping[str, Callable[[Mapping[str, Any]], bool]] = {
    "may_be_pregnant": lambda a: a.get("sex") == "female" and 10 <= (a.get("age") or 0) <= 60,
    "may_breastfeed": lambda a: (
        a.get("sex") == "female" and 10 <= (a.get("age") or 0) <= 60 and not a.get("pregnant")
    ),
    "no_stored_serum": lambda a: not a.get("_stored_serum"),
    "serum_given": lambda a: a.get("serum_magnesium") is not None,
    "takes_magnesium": lambda a: bool(a.get("takes_magnesium")),
}


def applies(question: QuestionView, answers: Mapping[str, Any]) -> bool:
    return question.when is None or WHEN[question.when](answers)


def section_applies(section: SectionView, answers: Mapping[str, Any]) -> bool:
    return section.when is None or WHEN[section.when](answers)


def default_for(question: QuestionView, answers: Mapping[str, Any]) -> str | None:
    """The suggested answer: the data's default; the serum unit guessed from the value
    (values above 1.5 are mg/dL, below are mmol/L)."""
    if question.id == "serum_unit" and answers.get("serum_magnesium") is not None:
        return "mg/dL" if float(answers["serum_magnesium"]) > 1.5 else "mmol/L"
    return question.default


def stops(section: SectionView, chosen: list[str]) -> bool:
    """Whether this section's answers end the questionnaire (a red flag: see a doctor)."""
    return section.stop_on_yes and bool(chosen)


def with_answers(
    request: ScreenRequest, collected: Mapping[str, Any], *, diary: bool, stopped: bool
) -> ScreenRequest:
    """The request with what the questionnaire collected: profile answers to the profile,
    the rest to the answers; answers that only steer the questions are dropped."""
    sections = questionnaire(diary_person=diary).sections
    steering = {q.id for s in sections for q in s.questions if not q.keep}
    profile_keys = {q.id for s in _all_sections() if s.profile for q in s.questions}
    profile_keys |= {s.answer for s in _all_sections() if s.profile and s.answer}
    given = {
        k: v
        for k, v in collected.items()
        if k not in steering and not k.startswith("_") and v not in (None, [], "")
    }
    return request.model_copy(
        update={
            "profile": {**request.profile, **{k: v for k, v in given.items() if k in profile_keys}},
            "answers": {k: v for k, v in given.items() if k not in profile_keys},
            "stopped_early": stopped,
        }
    )


# ---------------------------------------------------------------- screening


class ScreenRequest(BaseModel):
    """What to screen. A diary person (named, or the default one when no profile is given)
    brings their profile and is saved; a profile here makes a one-off screening."""

    model_config = ConfigDict(extra="forbid")

    person: str | None = None
    profile: dict[str, Any] = Field(default_factory=dict)  # Person fields (one-off)
    answers: dict[str, Any] = Field(default_factory=dict)  # symptoms, red_flags, serum...
    too_much_magnesium_signs: list[str] = Field(default_factory=list)
    answers_file: Path | None = None
    stopped_early: bool = False  # a red flag ended the questions


class SavedScreeningView(View):
    person: str
    id: str
    taken_at: datetime
    too_much_magnesium_signs: list[str]


class ScreeningView(Assessment):
    """The assessment, plus who it is for and whether it was saved."""

    person: str | None
    saved: SavedScreeningView | None
    serum_note: str | None
    too_much_magnesium_signs: list[str]
    stopped_early: bool

    @computed_field  # type: ignore[prop-decorator]
    @property
    def supplements_blocked(self) -> bool:
        """True when self-directed supplements must wait for a clinician."""
        return bool(Assessment.supplements_blocked.fget(self))  # type: ignore[attr-defined]


def diary_has_person(ctx: Context) -> bool:
    """Whether the diary holds at least one person (without creating a database)."""
    from magcoach.store.service import list_people

    url = ctx.settings.database_url
    if url.startswith("sqlite") and "///" in url:
        path = url.split("///", 1)[1]
        if path in ("", ":memory:") or not Path(path).expanduser().is_file():
            return False
    with ctx.unit() as session:
        return bool(list_people(session))


def is_diary_screening(ctx: Context, request: ScreenRequest) -> bool:
    if request.person is not None:
        return True
    if request.profile:
        return False
    if request.answers_file is not None:
        from magcoach.app.answers import read_answers

        if read_answers(ctx, request.answers_file, profile_required=False).profile:
            return False
    return diary_has_person(ctx)


def screen(ctx: Context, request: ScreenRequest) -> ScreeningView:
    """Assess the chance that low magnesium plays a part, and the red flags (first)."""
    if is_diary_screening(ctx, request):
        return _screen_diary_person(ctx, request)
    return _screen_one_off(ctx, request)


def _view(
    result: Assessment,
    *,
    person: str | None,
    request: ScreenRequest,
    saved: SavedScreeningView | None = None,
    serum_note: str | None = None,
    signs: tuple[str, ...] = (),
) -> ScreeningView:
    return ScreeningView(
        **dict(result),
        person=person,
        saved=saved,
        serum_note=serum_note,
        too_much_magnesium_signs=list(signs),
        stopped_early=request.stopped_early,
    )


def _screen_one_off(ctx: Context, request: ScreenRequest) -> ScreeningView:
    from magcoach.app.answers import too_much_ids
    from magcoach.screening import assess, split_answers

    data: dict[str, Any] = {}
    what = "answers"
    if request.answers_file is not None:
        from magcoach.app.answers import read_answers

        file = read_answers(ctx, request.answers_file, profile_required=False)
        data.update(file.profile)
        data.update(file.answer_data)
        what = f"answers file {request.answers_file.name}"
    data.update(request.profile)
    data.update(request.answers)
    given = [*data.pop("too_much_magnesium_signs", []), *request.too_much_magnesium_signs]
    signs = too_much_ids([str(s) for s in given])
    if signs:  # the signs are answers too: the screening weighs them
        data["too_much_magnesium_signs"] = list(signs)
    if ("age" not in data and "birth_date" not in data) or "sex" not in data:
        raise InvalidInput(
            "To screen without a diary person, give at least the age and sex.", field="age"
        )
    person, answers = split_answers(
        data, what=what, default_region=ctx.settings.region, today=ctx.clock.today()
    )
    return _view(assess(person, answers), person=None, request=request, signs=signs)


def _screen_diary_person(ctx: Context, request: ScreenRequest) -> ScreeningView:
    from magcoach.app.answers import read_answers, too_much_ids
    from magcoach.screening import Answers, assess
    from magcoach.store import service
    from magcoach.validation import parse_model

    if request.profile:
        names = ", ".join(sorted(request.profile))
        raise InvalidInput(
            f"For a diary person the profile comes from the diary, so {names} cannot be "
            "given with the screening: change the profile instead.",
            field=sorted(request.profile)[0],
        )
    data: dict[str, Any] = {}
    signs = list(request.too_much_magnesium_signs)
    if request.answers_file is not None:
        file = read_answers(ctx, request.answers_file, profile_required=False)
        data.update(file.answer_data)
        signs = list(file.too_much_signs) + signs
    data.update(request.answers)
    excess = too_much_ids([*data.pop("too_much_magnesium_signs", []), *signs])
    if excess:  # the signs are answers too: the screening weighs them
        data["too_much_magnesium_signs"] = list(excess)
    today = ctx.clock.today()
    with ctx.diary(request.person) as (session, person_id, person):
        serum_note = None
        if "serum_magnesium" not in data:
            latest = latest_serum(session, person_id, today)
            if latest is not None:
                serum_id, measured_on, mmol = latest
                data["serum_magnesium"], data["serum_unit"] = mmol, "mmol/L"
                serum_note = (
                    f"Blood test: your result L{serum_id} of {measured_on} ({mmol:g} mmol/L)."
                )
        answers = parse_model(Answers, data, what="answers")
        result = assess(person, answers)
        moment = ctx.clock.now()
        row = service.save_screening(
            session,
            person_id,
            answers,
            at=moment,
            now=moment,
            level=str(result.level),
            urgency=str(result.red_flags.urgency),
            too_much_magnesium_signs=excess,
        )
        saved = SavedScreeningView(
            person=person.name,
            id=f"Q{row.id}",
            taken_at=moment,
            too_much_magnesium_signs=list(excess),
        )
    return _view(
        result,
        person=person.name,
        request=request,
        saved=saved,
        serum_note=serum_note,
        signs=excess,
    )


def latest_serum(session: Any, person_id: int, today: Any) -> tuple[int, Any, float] | None:
    """(id, date, mmol/L) of the person's latest serum result up to today."""
    from magcoach.store import service

    rows = [r for r in service.serum_results(session, person_id) if r.measured_on <= today]
    return (rows[-1].id, rows[-1].measured_on, rows[-1].mmol_per_l) if rows else None


def has_stored_serum(ctx: Context, person: str | None) -> bool:
    with ctx.diary(person) as (session, person_id, _):
        return latest_serum(session, person_id, ctx.clock.today()) is not None


# ---------------------------------------------------------------- ids and evidence


class ScreeningIdsView(View):
    symptoms: list[dict[str, Any]]
    risk_factors: list[dict[str, Any]]
    red_flags: list[dict[str, Any]]
    conditions: list[dict[str, Any]]
    too_much_magnesium: list[dict[str, Any]]


def screening_ids() -> ScreeningIdsView:
    """Every id an answers file or a flag can use, with its text."""
    from magcoach import reference

    return ScreeningIdsView(
        symptoms=[
            {
                "id": s.id,
                "text": s.text,
                "stage": s.stage,
                "weight": s.weight,
                "seek_care": s.seek_care,
            }
            for s in reference.symptoms().values()
        ],
        risk_factors=[
            {"id": r.id, "text": r.text, "weight": r.weight, "in_mds": r.in_mds}
            for r in reference.risk_factors().values()
        ],
        red_flags=[
            {
                "id": f.id,
                "text": f.text,
                "urgency": f.urgency,
                "group": f.group,
                "instruction": f.instruction,
            }
            for f in reference.red_flags().values()
        ],
        conditions=[
            {"id": c.id, "text": c.name, "kind": c.kind} for c in reference.conditions().values()
        ],
        too_much_magnesium=[
            {"id": t.id, "text": t.text, "severity": t.severity}
            for t in reference.too_much_magnesium_signs()
        ],
    )


class EvidenceListView(View):
    topic: str | None
    items: list[dict[str, Any]]


def evidence(topic: str | None = None) -> EvidenceListView:
    """The sources magcoach cites, optionally those matching every word of `topic`."""
    from magcoach import reference
    from magcoach.errors import NotFound

    items = list(reference.evidence().values())
    if topic:
        words = topic.casefold().split()
        items = [
            e
            for e in items
            if all(
                w in f"{e.id} {e.citation} {e.finding} {e.kind} {e.strength}".casefold()
                for w in words
            )
        ]
        if not items:
            raise NotFound(
                f"No evidence matches '{topic}'.",
                hint="Try a shorter word, e.g. cramps, back, mds, ppi, serum, topical.",
                field="topic",
            )
    return EvidenceListView(topic=topic, items=[e.model_dump(mode="json") for e in items])
