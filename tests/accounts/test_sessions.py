"""Log-in, sessions and their timeouts, log-out, password change, disabling, rate limits and
sign-up with invitation codes: what a person at the login page would notice."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from magcoach.accounts import security
from magcoach.app import Context, accounts, clinic
from magcoach.errors import Conflict, Forbidden, InvalidInput, RateLimited, Unauthenticated
from magcoach.store.models import AccountRow, SessionRow
from tests.clinic_world import CHEAP, PASSWORD, HandClock, login


def test_log_in_gives_a_session_that_names_the_account(ctx: Context) -> None:
    view = login(ctx, "Ana@Example.org", "person")
    actor = accounts.resolve_session(ctx, view.token)
    assert (actor.email, actor.role) == ("ana@example.org", "person")
    assert view.csrf and view.csrf == accounts.csrf_for(ctx, view.token)
    with ctx.unit() as s:
        stored = s.scalars(select(SessionRow.token_hash)).all()
    assert stored == [security.digest(view.token)]  # the token itself is nowhere in the db


def test_each_log_in_is_a_new_session_id_and_the_replaced_one_ends(ctx: Context) -> None:
    first = login(ctx, "ana@example.org", "person")
    second = accounts.log_in(
        ctx, email="ana@example.org", password=PASSWORD, replacing=first.token, address="127.0.0.1"
    )
    assert second.token != first.token
    accounts.resolve_session(ctx, second.token)
    with pytest.raises(Unauthenticated):
        accounts.resolve_session(ctx, first.token)


def test_wrong_password_and_unknown_email_get_the_same_answer(ctx: Context) -> None:
    login(ctx, "ana@example.org", "person")
    with pytest.raises(Unauthenticated) as wrong:
        accounts.log_in(
            ctx, email="ana@example.org", password="not the password", address="127.0.0.1"
        )
    with pytest.raises(Unauthenticated) as unknown:
        accounts.log_in(ctx, email="nobody@example.org", password=PASSWORD, address="127.0.0.1")
    assert wrong.value.message == unknown.value.message == "Wrong email or password."


def test_idle_sessions_end_after_30_minutes(ctx: Context, clock: HandClock) -> None:
    token = login(ctx, "ana@example.org", "person").token
    clock.advance(minutes=29)
    accounts.resolve_session(ctx, token)  # a request: the idle clock starts again
    clock.advance(minutes=29)
    accounts.resolve_session(ctx, token)
    clock.advance(minutes=30)
    with pytest.raises(Unauthenticated, match="session has ended"):
        accounts.resolve_session(ctx, token)
    with pytest.raises(Unauthenticated):  # and it stays ended
        accounts.resolve_session(ctx, token)


def test_sessions_end_12_hours_after_log_in_however_busy(ctx: Context, clock: HandClock) -> None:
    token = login(ctx, "ana@example.org", "person").token
    for _ in range(35):  # a request every 20 minutes for 11 h 40 min
        clock.advance(minutes=20)
        accounts.resolve_session(ctx, token)
    clock.advance(minutes=20)
    with pytest.raises(Unauthenticated):
        accounts.resolve_session(ctx, token)


def test_log_out_ends_the_session_at_once(ctx: Context) -> None:
    token = login(ctx, "ana@example.org", "person").token
    accounts.log_out(ctx, token=token)
    with pytest.raises(Unauthenticated):
        accounts.resolve_session(ctx, token)


def test_changing_the_password_ends_the_other_sessions(ctx: Context) -> None:
    here = login(ctx, "ana@example.org", "person").token
    elsewhere = accounts.log_in(
        ctx, email="ana@example.org", password=PASSWORD, address="127.0.0.1"
    ).token
    with pytest.raises(InvalidInput) as wrong:
        accounts.change_password(
            ctx, token=here, current_password="guess guess", new_password="new long phrase"
        )
    assert wrong.value.field == "current_password"
    done = accounts.change_password(
        ctx, token=here, current_password=PASSWORD, new_password="new long phrase"
    )
    assert "1 other session ended" in done.message
    accounts.resolve_session(ctx, here)
    with pytest.raises(Unauthenticated):
        accounts.resolve_session(ctx, elsewhere)
    with pytest.raises(Unauthenticated):
        accounts.log_in(ctx, email="ana@example.org", password=PASSWORD, address="127.0.0.1")
    accounts.log_in(ctx, email="ana@example.org", password="new long phrase", address="127.0.0.1")


def test_disabling_an_account_logs_it_out_everywhere_and_keeps_it_out(ctx: Context) -> None:
    admin = login(ctx, "admin@clinic.example", "admin")
    token = login(ctx, "ana@example.org", "person").token
    accounts.disable_account(ctx, email="ana@example.org", actor=admin.actor)
    with pytest.raises(Unauthenticated):
        accounts.resolve_session(ctx, token)
    with pytest.raises(Unauthenticated, match="disabled"):
        accounts.log_in(ctx, email="ana@example.org", password=PASSWORD, address="127.0.0.1")
    bo = login(ctx, "bo@example.org", "person")
    with pytest.raises(Forbidden):  # only an admin disables
        accounts.disable_account(ctx, email="admin@clinic.example", actor=bo.actor)
    accounts.disable_account(ctx, email="ana@example.org", disabled=False)
    accounts.log_in(ctx, email="ana@example.org", password=PASSWORD, address="127.0.0.1")


def test_five_failures_lock_the_account_for_15_minutes(ctx: Context, clock: HandClock) -> None:
    login(ctx, "ana@example.org", "person")
    for _ in range(security.MAX_FAILURES_PER_ACCOUNT):
        clock.advance(seconds=10)
        with pytest.raises(Unauthenticated):
            accounts.log_in(ctx, email="ana@example.org", password="wrong guess", address="a")
    # Even the right password is refused now, from any address.
    with pytest.raises(RateLimited, match="Too many") as caught:
        accounts.log_in(ctx, email="ana@example.org", password=PASSWORD, address="b")
    assert "15 minutes" in str(caught.value)
    clock.advance(minutes=15)
    accounts.log_in(ctx, email="ana@example.org", password=PASSWORD, address="b")


def test_twenty_failures_from_one_address_block_that_address_only(
    ctx: Context, clock: HandClock
) -> None:
    login(ctx, "ana@example.org", "person")
    for i in range(security.MAX_FAILURES_PER_ADDRESS):
        with pytest.raises(Unauthenticated):
            accounts.log_in(ctx, email=f"guess{i}@example.org", password="x" * 8, address="6.6.6.6")
    with pytest.raises(RateLimited):
        accounts.log_in(ctx, email="ana@example.org", password=PASSWORD, address="6.6.6.6")
    accounts.log_in(ctx, email="ana@example.org", password=PASSWORD, address="10.1.1.1")


def test_a_success_clears_the_account_count(ctx: Context) -> None:
    login(ctx, "ana@example.org", "person")
    for _ in range(2):
        for _ in range(security.MAX_FAILURES_PER_ACCOUNT - 1):
            with pytest.raises(Unauthenticated):
                accounts.log_in(ctx, email="ana@example.org", password="wrong guess", address="a")
        accounts.log_in(ctx, email="ana@example.org", password=PASSWORD, address="a")


def test_log_in_rehashes_a_password_stored_with_old_parameters(ctx: Context) -> None:
    login(ctx, "ana@example.org", "person")
    security.set_hasher(PasswordHasher(time_cost=2, memory_cost=16, parallelism=1))
    try:
        accounts.log_in(ctx, email="ana@example.org", password=PASSWORD, address="127.0.0.1")
        with ctx.unit() as s:
            stored = s.scalars(select(AccountRow.password_hash)).one()
        assert "m=16,t=2" in stored
        accounts.log_in(ctx, email="ana@example.org", password=PASSWORD, address="127.0.0.1")
    finally:
        security.set_hasher(CHEAP)


def test_signing_up_needs_a_code_unless_the_clinic_allows_open_sign_up(ctx: Context) -> None:
    from dataclasses import replace

    with pytest.raises(InvalidInput) as caught:
        accounts.sign_up(ctx, email="new@example.org", password=PASSWORD)
    assert caught.value.field == "code"
    open_ctx = Context(replace(ctx.settings, open_signup=True), ctx.clock)
    try:
        view = accounts.sign_up(open_ctx, email="new@example.org", password=PASSWORD)
        assert view.actor.role == "person"
        with pytest.raises(Conflict):
            accounts.sign_up(open_ctx, email="NEW@example.org", password=PASSWORD)
    finally:
        open_ctx.close()


def test_an_admins_invitation_makes_a_clinician_once_within_7_days(
    ctx: Context, clock: HandClock
) -> None:
    admin = login(ctx, "admin@clinic.example", "admin")
    invitation = clinic.invite_clinician(ctx, admin.actor, email="physio@clinic.example")
    assert invitation.code and invitation.expires_at == clock.now() + security.INVITATION_VALID
    with pytest.raises(InvalidInput, match="another email"):
        accounts.sign_up(ctx, email="other@example.org", password=PASSWORD, code=invitation.code)
    view = accounts.sign_up(
        ctx, email="physio@clinic.example", password=PASSWORD, code=invitation.code.lower()
    )
    assert view.actor.role == "clinician"
    with pytest.raises(InvalidInput, match="cannot be used"):
        accounts.sign_up(ctx, email="x@clinic.example", password=PASSWORD, code=invitation.code)


def test_invitations_expire_after_7_days_and_a_resend_gives_a_new_code(
    ctx: Context, clock: HandClock
) -> None:
    admin = login(ctx, "admin@clinic.example", "admin")
    first = clinic.invite_account(ctx, admin.actor, role="person")
    clock.advance(days=7, seconds=1)
    with pytest.raises(InvalidInput, match="cannot be used"):
        accounts.sign_up(ctx, email="late@example.org", password=PASSWORD, code=first.code)
    again = clinic.resend_invitation(ctx, admin.actor, invitation_id=first.id)
    assert again.code != first.code and again.sent_count == 2
    assert again.expires_at == clock.now() + security.INVITATION_VALID
    with pytest.raises(InvalidInput):  # the old code does not come back to life
        accounts.sign_up(ctx, email="late@example.org", password=PASSWORD, code=first.code)
    assert accounts.sign_up(ctx, email="late@example.org", password=PASSWORD, code=again.code)


def test_only_admins_invite_or_list_accounts(ctx: Context) -> None:
    person = login(ctx, "ana@example.org", "person")
    with pytest.raises(Forbidden):
        clinic.invite_clinician(ctx, person.actor)
    with pytest.raises(Forbidden):
        accounts.list_accounts(ctx, person.actor)
    with pytest.raises(Forbidden):
        accounts.create_user(
            ctx, email="x@example.org", role="admin", password=PASSWORD, actor=person.actor
        )


def test_forms_carry_the_sessions_csrf_token(ctx: Context) -> None:
    view = login(ctx, "ana@example.org", "person")
    accounts.check_csrf(ctx, view.token, view.csrf)
    other = accounts.log_in(ctx, email="ana@example.org", password=PASSWORD, address="1.2.3.4")
    for presented in (None, "", other.csrf):
        with pytest.raises(Forbidden, match="reload the page"):
            accounts.check_csrf(ctx, view.token, presented)


def test_a_share_code_can_open_a_clinicians_account_that_sees_the_person_at_once(
    ctx: Context,
) -> None:
    from magcoach.app.people import PersonInput

    owner = login(ctx, "ana@example.org", "person")
    ana = clinic.add_person(ctx, owner.actor, PersonInput(name="Ana", age=44, sex="female")).id
    code = clinic.share_with_clinician(ctx, owner.actor, person_id=ana, scope="summary").code
    physio = accounts.sign_up(
        ctx, email="physio@example.org", password=PASSWORD, display_name="Sam", code=code
    )
    assert physio.actor.role == "clinician"
    assert [p.name for p in clinic.patients(ctx, physio.actor).patients] == ["Ana"]


def test_an_admin_cannot_lock_themself_out(ctx: Context) -> None:
    admin = login(ctx, "admin@clinic.example", "admin")
    with pytest.raises(InvalidInput, match="your own account"):
        accounts.disable_account(ctx, email="admin@clinic.example", actor=admin.actor)
