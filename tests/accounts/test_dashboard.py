"""The clinician dashboard: per patient the last 14 days (days logged, magnesium against the
requirement, supplements above the upper limit), the latest screening's red flags and signs of
too much magnesium (those patients first), did-it-help and the pain trend."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from magcoach.app import Context, clinic, diary
from magcoach.errors import InvalidInput
from magcoach.screening import Answers
from magcoach.store import service
from tests.clinic_world import Clinic, login, own_person, share

TODAY = date(2026, 6, 15)


def food(ctx: Context, name: str, day: date, magnesium_mg: float) -> None:
    with ctx.diary(name) as (s, person_id, _):
        service.add_food_entry(
            s,
            person_id,
            eaten_at=datetime.combine(day, time(12)),
            text="lunch",
            nutrients={"magnesium_mg": magnesium_mg, "energy_kcal": 600},
            now=ctx.clock.now(),
        )


def pain(ctx: Context, name: str, day: date, score: float) -> None:
    diary.log_pain(ctx, diary.PainInput(score=score, at=f"{day} 20:00"), person=name)


def screening(ctx: Context, name: str, *, urgency: str, red_flags=(), signs=()) -> None:  # type: ignore[no-untyped-def]
    with ctx.diary(name) as (s, person_id, _):
        service.save_screening(
            s,
            person_id,
            Answers(red_flags=tuple(red_flags)),
            at=ctx.clock.now(),
            now=ctx.clock.now(),
            level=None,
            urgency=urgency,
            too_much_magnesium_signs=signs,
        )


@pytest.fixture
def practice(world: Clinic) -> Clinic:
    """Bo logs 10 of the last 14 days and his pain fell; Ana logged nothing but her latest
    screening has an urgent red flag; Cy takes too much magnesium and reports diarrhoea."""
    ctx = world.ctx
    for back in range(10):
        food(ctx, "Bo", TODAY - timedelta(days=back), 420)
    for back in range(14, 28):
        pain(ctx, "Bo", TODAY - timedelta(days=back), 7)
    for back in range(14):
        pain(ctx, "Bo", TODAY - timedelta(days=back), 3)
    screening(ctx, "Ana", urgency="urgent", red_flags=["history_of_cancer"])
    cy_owner = login(ctx, "cy@example.org", "person")
    own_person(ctx, cy_owner.actor, "Cy")
    diary.add_supplement(
        ctx, diary.SupplementProductInput(name="MagMax", elemental_mg=250), person="Cy"
    )
    diary.take_supplement(ctx, "MagMax", units=2, at=f"{TODAY} 08:00", person="Cy")
    screening(ctx, "Cy", urgency="none", signs=["diarrhoea"])
    share(world, world.ana, "summary")
    share(world, world.bo, "diary")
    with ctx.unit() as s:
        cy = service.get_person(s, "Cy")[0]
    invitation = clinic.share_with_clinician(ctx, cy_owner.actor, person_id=cy, scope="summary")
    assert invitation.code
    clinic.accept_share(ctx, world.clinician.actor, code=invitation.code)
    return world


def test_red_flags_and_too_much_signs_come_first(practice: Clinic) -> None:
    board = clinic.patients(practice.ctx, practice.clinician.actor)
    assert [p.name for p in board.patients] == ["Ana", "Cy", "Bo"]
    ana, cy, bo = board.patients
    assert ana.red_flag_urgency == "urgent" and ana.red_flags == ["You have had cancer"]
    assert cy.too_much_signs == ["Diarrhoea or loose stools"] and cy.above_ul
    assert cy.days_above_ul == 1
    assert not bo.red_flags and not bo.too_much_signs and not bo.above_ul
    by_name = clinic.patients(practice.ctx, practice.clinician.actor, sort="name")
    assert [p.name for p in by_name.patients] == ["Ana", "Bo", "Cy"]


def test_a_patient_row_has_the_fortnights_figures(practice: Clinic) -> None:
    board = clinic.patients(practice.ctx, practice.clinician.actor, sort="days_logged")
    bo = board.patients[0]
    assert bo.name == "Bo" and bo.scope == "diary"
    assert bo.last_entry == TODAY
    assert bo.days_logged == 10
    assert bo.average_mg == 420 and bo.requirement_mg == 320  # woman of 40, US RDA
    assert bo.percent_of_requirement == pytest.approx(131.2)
    assert (bo.pain_before, bo.pain_recent, bo.pain_trend) == (7, 3, "better")
    assert bo.did_it_help is None and bo.did_it_help_text  # no supplement: says why
    ana = next(p for p in board.patients if p.name == "Ana")
    assert (ana.days_logged, ana.average_mg) == (0, None)  # no food or supplement logged
    assert ana.last_entry == TODAY  # her screening is an entry too


def test_the_dashboard_is_for_clinicians_and_sorts_by_known_keys(practice: Clinic) -> None:
    with pytest.raises(InvalidInput) as caught:
        clinic.patients(practice.ctx, practice.clinician.actor, sort="age")
    assert caught.value.field == "sort"
    assert clinic.patients(practice.ctx, practice.other_clinician.actor).patients == []


def test_pain_trend_uses_the_minimal_important_change() -> None:
    # From 6 the change must be 1.8 points (30% of 6, less than 2).
    assert clinic.pain_trend(4.0, 6.0) == "better"
    assert clinic.pain_trend(4.5, 6.0) == "steady"
    assert clinic.pain_trend(8.0, 5.0) == "worse"
    assert clinic.pain_trend(1.0, 0.0) == "worse"
    assert clinic.pain_trend(None, 5.0) is None
