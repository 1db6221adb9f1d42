"""The shared-mode tables: accounts, sessions, invitations, grants, notes, access log, log-in
attempts.

Every function takes an open `Session` and the time as arguments (like `store.service`).
Reads of a person's things are scoped in the query itself: an owner's functions filter on
`people.account_id`, a clinician's on a live grant, so a forgotten check in a caller cannot
widen what a query returns.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from magcoach.errors import Conflict
from magcoach.store.base import added
from magcoach.store.models import (
    AccessLogRow,
    AccountRow,
    ClinicianNoteRow,
    GrantRow,
    InvitationRow,
    LoginAttemptRow,
    NoticeRow,
    PersonRow,
    SessionRow,
)

# ---------------------------------------------------------------- accounts


def add_account(
    session: Session,
    *,
    email: str,
    display_name: str,
    role: str,
    password_hash: str,
    now: datetime,
) -> AccountRow:
    """A new account; `email` must already be normalised (lower-cased)."""
    if account_by_email(session, email) is not None:
        raise Conflict(
            f"There is already an account for {email}.",
            hint="Log in instead, or ask an admin to reset it.",
            field="email",
        )
    row = AccountRow(
        email=email,
        display_name=display_name,
        role=role,
        password_hash=password_hash,
        disabled=False,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    try:
        session.flush()
    except IntegrityError:  # the same email signed up by another worker a moment ago
        raise Conflict(f"There is already an account for {email}.", field="email") from None
    return row


def account_by_email(session: Session, email: str) -> AccountRow | None:
    return session.scalar(select(AccountRow).where(AccountRow.email == email))


def account(session: Session, account_id: int) -> AccountRow | None:
    return session.get(AccountRow, account_id)


def accounts(session: Session) -> list[AccountRow]:
    return list(session.scalars(select(AccountRow).order_by(AccountRow.email)))


def count_accounts(session: Session, role: str | None = None) -> int:
    query = select(func.count(AccountRow.id))
    if role is not None:
        query = query.where(AccountRow.role == role)
    return int(session.scalar(query) or 0)


# ---------------------------------------------------------------- sessions


def add_session(
    session: Session, *, account_id: int, token_hash: str, now: datetime, expires_at: datetime
) -> SessionRow:
    row = SessionRow(
        token_hash=token_hash,
        account_id=account_id,
        created_at=now,
        last_seen_at=now,
        expires_at=expires_at,
    )
    session.add(row)
    session.flush()
    return row


def session_by_hash(session: Session, token_hash: str) -> tuple[SessionRow, AccountRow] | None:
    found = session.execute(
        select(SessionRow, AccountRow)
        .join(AccountRow, AccountRow.id == SessionRow.account_id)
        .where(SessionRow.token_hash == token_hash)
    ).first()
    return None if found is None else (found[0], found[1])


def set_session_person(session: Session, token_hash: str, person_id: int | None) -> None:
    row = session.scalar(select(SessionRow).where(SessionRow.token_hash == token_hash))
    if row is not None:
        row.person_id = person_id


def add_notice(
    session: Session, *, token_hash: str, account_id: int, body: str, now: datetime
) -> None:
    added(
        session, NoticeRow(token_hash=token_hash, account_id=account_id, body=body, created_at=now)
    )


def notice(session: Session, token_hash: str, account_id: int) -> NoticeRow | None:
    """A notice, only for the account it was written for."""
    return session.scalar(
        select(NoticeRow).where(
            NoticeRow.token_hash == token_hash, NoticeRow.account_id == account_id
        )
    )


def prune_notices(session: Session, *, before: datetime) -> None:
    session.execute(delete(NoticeRow).where(NoticeRow.created_at < before))


def end_session(session: Session, token_hash: str) -> bool:
    result = session.execute(delete(SessionRow).where(SessionRow.token_hash == token_hash))
    return bool(getattr(result, "rowcount", 0))


def end_sessions(session: Session, account_id: int, *, keep_hash: str | None = None) -> int:
    """End every session of an account (but the one kept); returns how many ended."""
    query = delete(SessionRow).where(SessionRow.account_id == account_id)
    if keep_hash is not None:
        query = query.where(SessionRow.token_hash != keep_hash)
    return int(getattr(session.execute(query), "rowcount", 0) or 0)


def live_sessions(session: Session, account_id: int) -> int:
    return int(
        session.scalar(select(func.count(SessionRow.id)).where(SessionRow.account_id == account_id))
        or 0
    )


def prune_sessions(session: Session, *, idle_before: datetime, now: datetime) -> None:
    """Drop sessions already past either timeout (they could never be used again)."""
    session.execute(
        delete(SessionRow).where(
            (SessionRow.expires_at <= now) | (SessionRow.last_seen_at <= idle_before)
        )
    )


# ---------------------------------------------------------------- log-in attempts


def record_attempt(
    session: Session, *, email: str, address: str, at: datetime, succeeded: bool
) -> None:
    session.add(LoginAttemptRow(email=email, address=address[:64], at=at, succeeded=succeeded))
    session.flush()


def failures(
    session: Session, *, since: datetime, email: str | None = None, address: str | None = None
) -> list[datetime]:
    """Times of failed log-ins since `since`, for one email (counting only those after its
    latest success) or one address, oldest first."""
    where: list[ColumnElement[bool]] = [
        LoginAttemptRow.at >= since,
        LoginAttemptRow.succeeded.is_(False),
    ]
    if email is not None:
        where.append(LoginAttemptRow.email == email)
        last_success = session.scalar(
            select(func.max(LoginAttemptRow.at)).where(
                LoginAttemptRow.email == email, LoginAttemptRow.succeeded.is_(True)
            )
        )
        if last_success is not None:
            where.append(LoginAttemptRow.at > last_success)
    if address is not None:
        where.append(LoginAttemptRow.address == address[:64])
    return list(session.scalars(select(LoginAttemptRow.at).where(*where).order_by("at")))


def prune_attempts(session: Session, *, before: datetime) -> None:
    session.execute(delete(LoginAttemptRow).where(LoginAttemptRow.at < before))


# ---------------------------------------------------------------- people and their owners


def owned_person(session: Session, owner_id: int, person_id: int) -> PersonRow | None:
    """The person, if the account owns them."""
    return session.scalar(
        select(PersonRow).where(PersonRow.id == person_id, PersonRow.account_id == owner_id)
    )


def owned_people(session: Session, owner_id: int) -> list[PersonRow]:
    return list(
        session.scalars(
            select(PersonRow).where(PersonRow.account_id == owner_id).order_by(PersonRow.name)
        )
    )


def set_owner(session: Session, person_id: int, owner_id: int, *, now: datetime) -> None:
    row = session.get(PersonRow, person_id)
    if row is None:  # the caller just made it; a missing row is a programming error
        raise LookupError(person_id)
    row.account_id = owner_id
    row.updated_at = now


def live_grant(session: Session, clinician_id: int, person_id: int) -> GrantRow | None:
    """The clinician's unrevoked grant on this (owned) person, if any."""
    return session.scalar(
        select(GrantRow)
        .join(PersonRow, PersonRow.id == GrantRow.person_id)
        .where(
            GrantRow.person_id == person_id,
            GrantRow.clinician_id == clinician_id,
            GrantRow.revoked_at.is_(None),
            PersonRow.account_id.is_not(None),
        )
        .order_by(GrantRow.id.desc())
    )


def shared_with(session: Session, clinician_id: int) -> list[tuple[PersonRow, GrantRow]]:
    """The people who shared with this clinician (live grants only), by name."""
    rows = session.execute(
        select(PersonRow, GrantRow)
        .join(GrantRow, GrantRow.person_id == PersonRow.id)
        .where(
            GrantRow.clinician_id == clinician_id,
            GrantRow.revoked_at.is_(None),
            PersonRow.account_id.is_not(None),
        )
        .order_by(PersonRow.name)
    ).all()
    return [(r[0], r[1]) for r in rows]


# ---------------------------------------------------------------- invitations


def add_invitation(
    session: Session,
    *,
    code_hash: str,
    kind: str,
    created_by: int,
    now: datetime,
    expires_at: datetime,
    email: str | None = None,
    person_id: int | None = None,
    scope: str | None = None,
) -> InvitationRow:
    row = InvitationRow(
        code_hash=code_hash,
        kind=kind,
        created_by=created_by,
        email=email,
        person_id=person_id,
        scope=scope,
        created_at=now,
        expires_at=expires_at,
        sent_count=1,
    )
    session.add(row)
    session.flush()
    return row


def invitation_by_hash(session: Session, code_hash: str) -> InvitationRow | None:
    return session.scalar(select(InvitationRow).where(InvitationRow.code_hash == code_hash))


def own_invitation(session: Session, creator_id: int, invitation_id: int) -> InvitationRow | None:
    """An invitation, if this account made it."""
    return session.scalar(
        select(InvitationRow).where(
            InvitationRow.id == invitation_id, InvitationRow.created_by == creator_id
        )
    )


def pending_shares(
    session: Session, owner_id: int, person_id: int, *, now: datetime
) -> list[InvitationRow]:
    """Share invitations for an owned person that can still be accepted."""
    return list(
        session.scalars(
            select(InvitationRow)
            .join(PersonRow, PersonRow.id == InvitationRow.person_id)
            .where(
                PersonRow.account_id == owner_id,
                InvitationRow.person_id == person_id,
                InvitationRow.kind == "share",
                InvitationRow.used_at.is_(None),
                InvitationRow.revoked_at.is_(None),
                InvitationRow.expires_at > now,
            )
            .order_by(InvitationRow.created_at)
        )
    )


# ---------------------------------------------------------------- grants


def add_grant(
    session: Session,
    *,
    person_id: int,
    clinician_id: int,
    scope: str,
    now: datetime,
    invitation_id: int | None = None,
) -> GrantRow:
    """Grant access; a live grant of the same clinician on the same person is replaced (the
    newest invitation's scope wins)."""
    for old in session.scalars(
        select(GrantRow).where(
            GrantRow.person_id == person_id,
            GrantRow.clinician_id == clinician_id,
            GrantRow.revoked_at.is_(None),
        )
    ):
        old.revoked_at = now
    row = GrantRow(
        person_id=person_id,
        clinician_id=clinician_id,
        scope=scope,
        invitation_id=invitation_id,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return row


def grants_of_person(
    session: Session, owner_id: int, person_id: int
) -> list[tuple[GrantRow, AccountRow]]:
    """Every grant (live and revoked) on an owned person, newest first, with the clinician."""
    rows = session.execute(
        select(GrantRow, AccountRow)
        .join(PersonRow, PersonRow.id == GrantRow.person_id)
        .join(AccountRow, AccountRow.id == GrantRow.clinician_id)
        .where(GrantRow.person_id == person_id, PersonRow.account_id == owner_id)
        .order_by(GrantRow.created_at.desc(), GrantRow.id.desc())
    ).all()
    return [(r[0], r[1]) for r in rows]


def owned_grant(session: Session, owner_id: int, grant_id: int) -> GrantRow | None:
    """A grant on one of the account's people."""
    return session.scalar(
        select(GrantRow)
        .join(PersonRow, PersonRow.id == GrantRow.person_id)
        .where(GrantRow.id == grant_id, PersonRow.account_id == owner_id)
    )


# ---------------------------------------------------------------- notes and the access log


def add_note(
    session: Session, *, person_id: int, author_id: int, text: str, now: datetime
) -> ClinicianNoteRow:
    row = ClinicianNoteRow(person_id=person_id, author_id=author_id, text=text, created_at=now)
    session.add(row)
    session.flush()
    return row


def notes_for_owner(
    session: Session, owner_id: int, person_id: int
) -> list[tuple[ClinicianNoteRow, AccountRow]]:
    """Every note on an owned person, newest first, with its author."""
    query = (
        select(ClinicianNoteRow, AccountRow)
        .join(AccountRow, AccountRow.id == ClinicianNoteRow.author_id)
        .join(PersonRow, PersonRow.id == ClinicianNoteRow.person_id)
        .where(ClinicianNoteRow.person_id == person_id, PersonRow.account_id == owner_id)
        .order_by(ClinicianNoteRow.created_at.desc(), ClinicianNoteRow.id.desc())
    )
    return [(r[0], r[1]) for r in session.execute(query).all()]


def notes_by_clinician(
    session: Session, clinician_id: int, person_id: int
) -> list[tuple[ClinicianNoteRow, AccountRow]]:
    """The clinician's own notes on a person who still shares with them, newest first."""
    query = (
        select(ClinicianNoteRow, AccountRow)
        .join(AccountRow, AccountRow.id == ClinicianNoteRow.author_id)
        .join(
            GrantRow,
            (GrantRow.person_id == ClinicianNoteRow.person_id)
            & (GrantRow.clinician_id == clinician_id)
            & GrantRow.revoked_at.is_(None),
        )
        .where(ClinicianNoteRow.person_id == person_id, ClinicianNoteRow.author_id == clinician_id)
        .order_by(ClinicianNoteRow.created_at.desc(), ClinicianNoteRow.id.desc())
        .distinct()
    )
    return [(r[0], r[1]) for r in session.execute(query).all()]


def log_access(session: Session, *, person_id: int, actor_id: int, what: str, at: datetime) -> None:
    session.add(AccessLogRow(person_id=person_id, actor_id=actor_id, what=what[:200], at=at))
    session.flush()


def access_log(
    session: Session, owner_id: int, person_id: int, *, limit: int = 200
) -> list[tuple[AccessLogRow, AccountRow]]:
    """Who looked at an owned person's data, newest first."""
    rows = session.execute(
        select(AccessLogRow, AccountRow)
        .join(PersonRow, PersonRow.id == AccessLogRow.person_id)
        .join(AccountRow, AccountRow.id == AccessLogRow.actor_id)
        .where(AccessLogRow.person_id == person_id, PersonRow.account_id == owner_id)
        .order_by(AccessLogRow.at.desc(), AccessLogRow.id.desc())
        .limit(limit)
    ).all()
    return [(r[0], r[1]) for r in rows]
