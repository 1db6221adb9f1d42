"""Entries of any kind by their id (F12, P3...): find, delete, bring back."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from magcoach.errors import InvalidInput, NotFound

if TYPE_CHECKING:
    pass
from magcoach.store.base import ENTRY_KINDS

# ---------------------------------------------------------------- entries (any kind)


def parse_entry_id(text: str) -> tuple[str, int]:
    """'F12' → ('F', 12); a bare number means a food entry."""
    cleaned = text.strip().upper()
    letter, digits = (cleaned[0], cleaned[1:]) if cleaned[:1].isalpha() else ("F", cleaned)
    if letter not in ENTRY_KINDS or not digits.isdigit():
        raise InvalidInput(
            f"{text!r} is not an entry id.",
            hint="Entry ids look like F12 (food), S3 (supplement), P5 (pain), C2 (check-in), "
            "E1 (event), L1 (lab result), Q1 (screening); the day's entries list them.",
            field="entry",
        )
    return letter, int(digits)


def get_entry(session: Session, person_id: int, entry_id: str) -> tuple[str, Any]:
    letter, number = parse_entry_id(entry_id)
    model = ENTRY_KINDS[letter][1]
    row = session.get(model, number)
    if row is None or row.person_id != person_id or row.deleted_at is not None:
        raise NotFound(
            f"No entry {letter}{number}.",
            hint="The day's entries list them with their ids.",
            field="entry",
        )
    return letter, row


def delete_entry(session: Session, person_id: int, entry_id: str, *, now: datetime) -> str:
    """Soft-delete one entry; `undo_delete` brings it back. Returns the entry id."""
    letter, row = get_entry(session, person_id, entry_id)
    row.deleted_at = now
    row.updated_at = now
    return f"{letter}{row.id}"


def undo_delete(session: Session, person_id: int, *, now: datetime) -> str:
    """Restore the most recently deleted entry of this person."""
    latest: tuple[datetime, str, Any] | None = None
    for letter, (_, model, _col) in ENTRY_KINDS.items():
        row = session.scalars(
            select(model)
            .where(model.person_id == person_id, model.deleted_at.is_not(None))
            .order_by(model.deleted_at.desc(), model.id.desc())
            .limit(1)
        ).first()
        if row is not None and (latest is None or row.deleted_at > latest[0]):
            latest = (row.deleted_at, letter, row)
    if latest is None:
        raise NotFound("There is no deleted entry to bring back.")
    _, letter, row = latest
    row.deleted_at = None
    row.updated_at = now
    return f"{letter}{row.id}"
