"""Database tables for everything a person records (SQLAlchemy 2.x, portable types only).

Every table has `created_at`/`updated_at`; diary rows also have `deleted_at` (soft delete, so
`magcoach entry undo` can bring a deleted entry back). Nothing here uses SQLite-only SQL, so the
same models run on PostgreSQL (`MAGCOACH_DATABASE_URL`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Timestamps:
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class SoftDelete:
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime, default=None, index=True)


class PersonRow(Timestamps, Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    age: Mapped[float] = mapped_column(Float)
    birth_date: Mapped[date | None] = mapped_column(Date)
    sex: Mapped[str] = mapped_column(String(10))
    pregnant: Mapped[bool] = mapped_column(Boolean, default=False)
    lactating: Mapped[bool] = mapped_column(Boolean, default=False)
    region: Mapped[str] = mapped_column(String(4), default="us")
    weight_kg: Mapped[float | None] = mapped_column(Float)
    height_cm: Mapped[float | None] = mapped_column(Float)
    egfr: Mapped[float | None] = mapped_column(Float)
    kidney_disease: Mapped[bool] = mapped_column(Boolean, default=False)
    medicines: Mapped[list[Any]] = mapped_column(JSON, default=list)
    conditions: Mapped[list[Any]] = mapped_column(JSON, default=list)
    drinks_per_day: Mapped[float] = mapped_column(Float, default=0)
    diet: Mapped[str] = mapped_column(String(20), default="omnivore")
    allergies: Mapped[list[Any]] = mapped_column(JSON, default=list)
    wants_weight_loss: Mapped[bool] = mapped_column(Boolean, default=False)
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    # Shared mode: the account this person belongs to. NULL is the local single-person mode.
    # No ON DELETE action: an account holding someone's diary cannot be deleted by accident
    # (accounts are disabled, not deleted).
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id"), default=None, index=True
    )


class MedicineRow(Timestamps, Base):
    """A medicine the person takes, with the interaction class it matched (if any)."""

    __tablename__ = "medicines"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    matched_class: Mapped[str | None] = mapped_column(String(100))
    matched_name: Mapped[str | None] = mapped_column(String(200))


class ImportBatch(Base):
    """One imported file: which file (checksum), what it added."""

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(40))
    filename: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    imported: Mapped[int] = mapped_column(Integer, default=0)
    duplicates: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class ImportedRow(Base):
    """The key of every row ever imported, so importing the same file twice adds nothing."""

    __tablename__ = "imported_rows"
    __table_args__ = (UniqueConstraint("person_id", "source", "row_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(String(40))
    row_key: Mapped[str] = mapped_column(String(64))
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id", ondelete="CASCADE"))


class FoodEntryRow(Timestamps, SoftDelete, Base):
    """What was eaten. `nutrients` is a snapshot taken when it was logged: rebuilding the food
    database later never changes a past day."""

    __tablename__ = "food_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    eaten_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    text: Mapped[str] = mapped_column(Text)
    food_id: Mapped[str | None] = mapped_column(String(40))
    food_description: Mapped[str | None] = mapped_column(Text)
    food_source: Mapped[str | None] = mapped_column(String(40))
    quantity: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(40))
    grams: Mapped[float | None] = mapped_column(Float)
    nutrients: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    magnesium_source: Mapped[str] = mapped_column(String(80), default="usda")
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batches.id", ondelete="SET NULL")
    )


class SupplementProductRow(Timestamps, SoftDelete, Base):
    __tablename__ = "supplement_products"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    form_id: Mapped[str | None] = mapped_column(String(60))
    unit_name: Mapped[str] = mapped_column(String(40), default="unit")
    elemental_mg_per_unit: Mapped[float] = mapped_column(Float)
    label_elemental_mg_per_unit: Mapped[float | None] = mapped_column(Float)
    salt_mg_per_unit: Mapped[float | None] = mapped_column(Float)
    computed_elemental_mg_per_unit: Mapped[float | None] = mapped_column(Float)
    elemental_basis: Mapped[str] = mapped_column(String(20))  # "label" | "computed"
    explanation: Mapped[str] = mapped_column(Text, default="")


class SupplementIntakeRow(Timestamps, SoftDelete, Base):
    __tablename__ = "supplement_intakes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("supplement_products.id"), index=True)
    taken_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    units: Mapped[float] = mapped_column(Float)
    elemental_mg: Mapped[float] = mapped_column(Float)
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batches.id", ondelete="SET NULL")
    )


class PainEntryRow(Timestamps, SoftDelete, Base):
    """Pain now (0-10), how much it got in the way of daily activity and of sleep (0-10)."""

    __tablename__ = "pain_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    pain: Mapped[float] = mapped_column(Float)
    activity_interference: Mapped[float | None] = mapped_column(Float)
    sleep_interference: Mapped[float | None] = mapped_column(Float)
    location: Mapped[str | None] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(Text)
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batches.id", ondelete="SET NULL")
    )


class SymptomCheckinRow(Timestamps, SoftDelete, Base):
    __tablename__ = "symptom_checkins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    cramps: Mapped[float | None] = mapped_column(Float)
    spasms: Mapped[float | None] = mapped_column(Float)
    twitches: Mapped[float | None] = mapped_column(Float)
    sleep_quality: Mapped[float | None] = mapped_column(Float)
    fatigue: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)


class SerumResultRow(Timestamps, SoftDelete, Base):
    __tablename__ = "serum_results"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    measured_on: Mapped[date] = mapped_column(Date)
    mmol_per_l: Mapped[float] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)


class EventRow(Timestamps, SoftDelete, Base):
    """A treatment or life event worth marking on charts ("started physio")."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(40), default="note")


class ScreeningRow(Timestamps, SoftDelete, Base):
    """One answered screening: the answers (symptoms, risk factors, red flags, serum value and
    any signs of too much magnesium) as JSON, and the level and red-flag urgency they gave.
    The latest one is what `magcoach plan` and `magcoach report` use."""

    __tablename__ = "screenings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    taken_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    level: Mapped[str | None] = mapped_column(String(10))
    urgency: Mapped[str] = mapped_column(String(10), default="none")


class TrialRow(Timestamps, Base):
    """A personal magnesium trial (`magcoach trial plan`): its design, the seed its random
    order came from, the dose from the plan, and how it ended. Never edited after it starts,
    except to stop it early with a reason."""

    __tablename__ = "trials"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    start_date: Mapped[date] = mapped_column(Date)
    pairs: Mapped[int] = mapped_column(Integer)
    period_days: Mapped[int] = mapped_column(Integer)
    washin_days: Mapped[int] = mapped_column(Integer)
    seed: Mapped[str] = mapped_column(String(20))  # up to 2^63: kept as text for portability
    sequence: Mapped[str] = mapped_column(String(20))  # one letter per period: "ABBAAB"
    dose_mg: Mapped[float] = mapped_column(Float)
    dose_times: Mapped[list[Any]] = mapped_column(JSON, default=list)
    form: Mapped[str] = mapped_column(String(200))
    placebo: Mapped[bool] = mapped_column(Boolean, default=False)
    stopped_on: Mapped[date | None] = mapped_column(Date, default=None)
    stop_reason: Mapped[str | None] = mapped_column(Text, default=None)


class TrialDoseRow(Timestamps, Base):
    """Whether the trial magnesium was taken on a day (adherence): one row per trial day."""

    __tablename__ = "trial_doses"
    __table_args__ = (UniqueConstraint("trial_id", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    trial_id: Mapped[int] = mapped_column(ForeignKey("trials.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)
    taken: Mapped[bool] = mapped_column(Boolean)


# ---------------------------------------------------------------- shared (clinic) mode
# Secrets (session ids, invitation codes) are stored as SHA-256 hex digests only: a copy of
# the database does not let anyone log in or accept an invitation.


class AccountRow(Timestamps, Base):
    """Someone who logs in: a person keeping a diary, a clinician, or an admin."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-cased
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(12))  # "person" | "clinician" | "admin"
    password_hash: Mapped[str] = mapped_column(String(255))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)


class SessionRow(Base):
    """A logged-in browser. Deleting the row ends the session at once."""

    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)  # the absolute timeout
    # Whose diary this browser has open (checked again on every request; never a grant).
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), nullable=True
    )


class NoticeRow(Base):
    """A message shown once after a redirect ("Logged 1 cup spinach. Undo"), kept in the
    database so that any worker can show it. Only the SHA-256 of its token is stored."""

    __tablename__ = "notices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, index=True)


class InvitationRow(Base):
    """An invitation code: to open an account ("clinician", "person"; made by an admin) or to
    see one person's data ("share"; made by that person's owner, with a scope)."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(12))  # "clinician" | "person" | "share"
    created_by: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str | None] = mapped_column(String(254))  # who it is for, when known
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    scope: Mapped[str | None] = mapped_column(String(10))  # "summary" | "diary" (shares)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    sent_count: Mapped[int] = mapped_column(Integer, default=1)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)
    used_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)


class GrantRow(Base):
    """A clinician may see one person's data within a scope until `revoked_at`."""

    __tablename__ = "grants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    clinician_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    scope: Mapped[str] = mapped_column(String(10))  # "summary" | "diary"
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("invitations.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)


class ClinicianNoteRow(Base):
    """A note a clinician leaves for the person (the diary itself is never edited)."""

    __tablename__ = "clinician_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class AccessLogRow(Base):
    """Someone other than the owner looked at a person's data: who, what, when."""

    __tablename__ = "access_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    what: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime, index=True)


class LoginAttemptRow(Base):
    """One log-in attempt, kept for rate limiting (per email and per address)."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    succeeded: Mapped[bool] = mapped_column(Boolean, default=False)


# Export/backup order: parents before children. The shared-mode tables above are not part of
# a person's backup: a clinic backs its PostgreSQL database up with pg_dump.
TABLES_IN_ORDER = (
    PersonRow,
    MedicineRow,
    ImportBatch,
    ImportedRow,
    FoodEntryRow,
    SupplementProductRow,
    SupplementIntakeRow,
    PainEntryRow,
    SymptomCheckinRow,
    SerumResultRow,
    EventRow,
    ScreeningRow,
    TrialRow,
    TrialDoseRow,
)
