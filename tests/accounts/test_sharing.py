"""Who may see whom: owners, clinicians within a live grant's scope, nobody else; revocation
on the next request; the access log; notes. Also checked at the store level, where each query
carries its own scope."""

from __future__ import annotations

from datetime import timedelta

import pytest

from magcoach.app import accounts, clinic
from magcoach.errors import Forbidden, InvalidInput
from magcoach.store import accounts as store
from tests.clinic_world import Clinic, HandClock, share

NEEDS = ("summary", "diary", "write")


def refused(world: Clinic, actor: accounts.Actor, person_id: int, need: str) -> str:
    with pytest.raises(Forbidden) as caught:
        clinic.authorize(world.ctx, actor, person_id, need)  # type: ignore[arg-type]
    return caught.value.message


def test_an_owner_may_do_anything_with_their_person_and_nothing_with_another(
    world: Clinic,
) -> None:
    for need in NEEDS:
        ref = clinic.authorized_person(world.ctx, world.ana_owner.actor, world.ana, need)  # type: ignore[arg-type]
        assert (ref.name, ref.access) == ("Ana", "owner")
        message = refused(world, world.bo_owner.actor, world.ana, need)
        # The same words as for a person that does not exist: ids reveal nothing.
        assert message == refused(world, world.bo_owner.actor, 99999, need)


def test_a_clinician_without_a_grant_and_an_admin_see_nobody(world: Clinic) -> None:
    for actor in (world.clinician.actor, world.admin.actor):
        for need in NEEDS:
            refused(world, actor, world.ana, need)
    assert clinic.patients(world.ctx, world.clinician.actor).patients == []
    with pytest.raises(Forbidden):
        clinic.patients(world.ctx, world.admin.actor)


def test_a_summary_grant_allows_the_summary_only_and_never_writing(world: Clinic) -> None:
    share(world, world.ana, "summary")
    doctor = world.clinician.actor
    ref = clinic.authorized_person(world.ctx, doctor, world.ana, "summary", what="report PDF")
    assert (ref.name, ref.access) == ("Ana", "summary")
    refused(world, doctor, world.ana, "diary")
    refused(world, doctor, world.ana, "write")
    refused(world, doctor, world.bo, "summary")  # only the person who shared
    refused(world, world.other_clinician.actor, world.ana, "summary")  # only this clinician


def test_a_diary_grant_allows_reading_the_diary(world: Clinic) -> None:
    share(world, world.bo, "diary")
    for need in ("summary", "diary"):
        clinic.authorize(world.ctx, world.clinician.actor, world.bo, need)  # type: ignore[arg-type]
    refused(world, world.clinician.actor, world.bo, "write")


def test_revoking_takes_effect_on_the_very_next_request(world: Clinic) -> None:
    grant = share(world, world.ana, "diary")
    clinic.authorize(world.ctx, world.clinician.actor, world.ana, "diary")
    assert [p.name for p in clinic.patients(world.ctx, world.clinician.actor).patients] == ["Ana"]
    clinic.revoke_grant(world.ctx, world.ana_owner.actor, grant_id=grant)
    refused(world, world.clinician.actor, world.ana, "summary")
    assert clinic.patients(world.ctx, world.clinician.actor).patients == []
    with pytest.raises(Forbidden):  # someone else cannot revoke (or learn of) the grant
        clinic.revoke_grant(world.ctx, world.bo_owner.actor, grant_id=grant)
    view = clinic.sharing(world.ctx, world.ana_owner.actor, person_id=world.ana)
    assert [g.revoked_at is not None for g in view.grants] == [True]


def test_views_by_others_are_logged_for_the_owner_and_the_owners_own_are_not(
    world: Clinic, clock: HandClock
) -> None:
    share(world, world.ana, "diary")
    clinic.authorize(world.ctx, world.ana_owner.actor, world.ana, "diary", what="day")
    clock.advance(minutes=1)
    clinic.authorize(world.ctx, world.clinician.actor, world.ana, "diary", what="day")
    clock.advance(minutes=1)
    clinic.patients(world.ctx, world.clinician.actor)
    log = clinic.access_log(world.ctx, world.ana_owner.actor, person_id=world.ana)
    assert [(e.who, e.what) for e in log.entries] == [
        ("physio", "dashboard"),
        ("physio", "day"),
    ]
    assert log.entries[1].at == clock.now() - timedelta(minutes=1)  # when it was viewed
    with pytest.raises(Forbidden):  # the log is the owner's alone
        clinic.access_log(world.ctx, world.clinician.actor, person_id=world.ana)


def test_a_share_code_lasts_7_days_works_once_and_needs_a_clinician(
    world: Clinic, clock: HandClock
) -> None:
    owner = world.ana_owner.actor
    invitation = clinic.share_with_clinician(world.ctx, owner, person_id=world.ana, scope="summary")
    assert invitation.code
    with pytest.raises(Forbidden):
        clinic.accept_share(world.ctx, world.bo_owner.actor, code=invitation.code)
    clock.advance(days=7, minutes=1)
    with pytest.raises(InvalidInput, match="cannot be used"):
        clinic.accept_share(world.ctx, world.clinician.actor, code=invitation.code)
    again = clinic.resend_invitation(world.ctx, owner, invitation_id=invitation.id)
    assert again.code
    pending = clinic.sharing(world.ctx, owner, person_id=world.ana).pending
    assert [p.id for p in pending] == [invitation.id] and pending[0].code is None
    clinic.accept_share(world.ctx, world.clinician.actor, code=again.code)
    with pytest.raises(InvalidInput):
        clinic.accept_share(world.ctx, world.other_clinician.actor, code=again.code)
    assert clinic.sharing(world.ctx, owner, person_id=world.ana).pending == []


def test_only_the_owner_shares_and_only_their_own_person(world: Clinic) -> None:
    with pytest.raises(Forbidden):
        clinic.share_with_clinician(
            world.ctx, world.bo_owner.actor, person_id=world.ana, scope="diary"
        )
    with pytest.raises(InvalidInput) as caught:
        clinic.share_with_clinician(
            world.ctx, world.ana_owner.actor, person_id=world.ana, scope="all"
        )
    assert caught.value.field == "scope"


def test_a_new_share_replaces_the_clinicians_old_scope(world: Clinic) -> None:
    share(world, world.ana, "diary")
    share(world, world.ana, "summary")
    refused(world, world.clinician.actor, world.ana, "diary")
    view = clinic.sharing(world.ctx, world.ana_owner.actor, person_id=world.ana)
    assert [(g.scope, g.revoked_at is None) for g in view.grants] == [
        ("summary", True),
        ("diary", False),
    ]


def test_notes_go_from_the_clinician_to_the_person(world: Clinic) -> None:
    share(world, world.ana, "summary")
    clinic.add_note(
        world.ctx, world.clinician.actor, person_id=world.ana, text=" Keep the pain diary daily. "
    )
    seen = clinic.notes(world.ctx, world.ana_owner.actor, person_id=world.ana)
    assert [(n.author, n.text) for n in seen.notes] == [("physio", "Keep the pain diary daily.")]
    assert len(clinic.notes(world.ctx, world.clinician.actor, person_id=world.ana).notes) == 1
    with pytest.raises(Forbidden):
        clinic.add_note(world.ctx, world.other_clinician.actor, person_id=world.ana, text="hi")
    with pytest.raises(Forbidden):
        clinic.notes(world.ctx, world.bo_owner.actor, person_id=world.ana)
    with pytest.raises(Forbidden):  # a person cannot leave clinician notes, even on their own
        clinic.add_note(world.ctx, world.ana_owner.actor, person_id=world.ana, text="hi")
    with pytest.raises(InvalidInput):
        clinic.add_note(world.ctx, world.clinician.actor, person_id=world.ana, text="   ")


def test_one_account_holds_several_people_each_shared_separately(world: Clinic) -> None:
    from tests.clinic_world import own_person

    child = own_person(world.ctx, world.ana_owner.actor, "Ana's son")
    invitation = clinic.share_with_clinician(
        world.ctx, world.ana_owner.actor, person_id=child, scope="diary"
    )
    assert invitation.code
    clinic.accept_share(world.ctx, world.clinician.actor, code=invitation.code)
    clinic.authorize(world.ctx, world.clinician.actor, child, "diary")
    refused(world, world.clinician.actor, world.ana, "summary")
    mine = clinic.my_people(world.ctx, world.ana_owner.actor)
    assert [(p.name, p.shared_with) for p in mine.people] == [
        ("Ana", []),
        ("Ana's son", ["physio"]),
    ]


def test_store_queries_carry_their_own_scope(world: Clinic) -> None:
    share(world, world.ana, "summary")
    clinic.authorize(world.ctx, world.clinician.actor, world.ana, "summary")
    bo_owner = world.bo_owner.actor.account_id
    doctor = world.clinician.actor.account_id
    with world.ctx.unit() as s:
        assert store.owned_person(s, bo_owner, world.ana) is None
        assert [p.name for p in store.owned_people(s, bo_owner)] == ["Bo"]
        assert store.access_log(s, bo_owner, world.ana) == []
        assert len(store.access_log(s, world.ana_owner.actor.account_id, world.ana)) == 1
        assert store.grants_of_person(s, bo_owner, world.ana) == []
        assert store.notes_for_owner(s, bo_owner, world.ana) == []
        assert store.live_grant(s, doctor, world.bo) is None
        assert [p.name for p, _ in store.shared_with(s, doctor)] == ["Ana"]
        assert store.pending_shares(s, bo_owner, world.ana, now=world.ctx.clock.now()) == []


def test_a_taken_name_is_refused_without_saying_whose_it_is(world: Clinic) -> None:
    from magcoach.app.people import PersonInput
    from magcoach.errors import Conflict

    with pytest.raises(Conflict) as caught:
        clinic.add_person(
            world.ctx, world.bo_owner.actor, PersonInput(name="Ana", age=30, sex="female")
        )
    assert caught.value.field == "name" and "Ana" not in caught.value.message
    assert "person edit" not in str(caught.value)  # no CLI advice about someone else's person
