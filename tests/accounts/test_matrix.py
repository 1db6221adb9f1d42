"""Every kind of actor against every kind of access to one person (Ana), in one table: the
use-case level of the web app's route matrix. A refusal is one message whatever the reason."""

from __future__ import annotations

import pytest

from magcoach.app import Context, accounts, clinic
from magcoach.errors import Forbidden, Unauthenticated
from tests.clinic_world import Clinic, share

ALLOWED = {
    # actor: (summary, diary, write)
    "owner": (True, True, True),
    "other person": (False, False, False),
    "clinician with summary": (True, False, False),
    "clinician with diary": (True, True, False),
    "clinician without": (False, False, False),
    "clinician after revocation": (False, False, False),
    "admin": (False, False, False),
}


def _actor_token(world: Clinic, who: str) -> str | None:
    ctx = world.ctx
    if who == "anonymous":
        return None
    if who == "owner":
        return world.ana_owner.token
    if who == "other person":
        return world.bo_owner.token
    if who == "admin":
        return world.admin.token
    if who == "clinician without":
        return world.other_clinician.token
    grant = share(world, world.ana, "diary" if who == "clinician with diary" else "summary")
    if who == "clinician after revocation":
        clinic.revoke_grant(ctx, world.ana_owner.actor, grant_id=grant)
    return world.clinician.token


@pytest.mark.parametrize("who", ["anonymous", *ALLOWED])
def test_who_may_see_or_change_ana(world: Clinic, who: str) -> None:
    ctx: Context = world.ctx
    token = _actor_token(world, who)
    if token is None:
        with pytest.raises(Unauthenticated):
            accounts.resolve_session(ctx, token)
        return
    actor = accounts.resolve_session(ctx, token)  # as each request does
    refusals = set()
    for need, allowed in zip(("summary", "diary", "write"), ALLOWED[who], strict=True):
        if allowed:
            assert clinic.authorized_person(ctx, actor, world.ana, need).name == "Ana"  # type: ignore[arg-type]
        else:
            with pytest.raises(Forbidden) as caught:
                clinic.authorize(ctx, actor, world.ana, need)  # type: ignore[arg-type]
            refusals.add(caught.value.message)
            with pytest.raises(Forbidden) as missing:  # an id that does not exist
                clinic.authorize(ctx, actor, 10**6, need)  # type: ignore[arg-type]
            refusals.add(missing.value.message)
    assert len(refusals) <= 1
    on_dashboard = actor.is_clinician and [
        p.name for p in clinic.patients(ctx, actor).patients
    ] == ["Ana"]
    assert on_dashboard == (who.startswith("clinician with "))
    logged = clinic.access_log(ctx, world.ana_owner.actor, person_id=world.ana).entries
    assert bool(logged) == who.startswith("clinician with ")
